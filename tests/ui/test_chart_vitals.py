from PySide6.QtCore import QPointF

from pap_guide.ui.vitals_chart import DENSE_POINTS, VitalsChart


def test_few_pressure_readings_are_marks_many_are_a_line(qtbot):
    chart = VitalsChart()
    qtbot.addWidget(chart)
    few = [QPointF(i / 60, 120) for i in range(10)]
    chart.set_points({"systolic": few}, [])
    assert chart.series["systolic"].count() == 10
    assert chart.dense["systolic"].chart() is None
    many = [QPointF(i / 3600, 120) for i in range(DENSE_POINTS + 1)]
    chart.set_points({"systolic": many, "heart_rate": many}, [many[0]])
    assert chart.series["systolic"].count() == 0
    assert chart.dense["systolic"].count() == DENSE_POINTS + 1
    assert chart.series["heart_rate"].count() == DENSE_POINTS + 1
    assert chart.flagged.count() == 1
