def test_report_model_from_the_store(report):
    assert report.record.patient == "P-0142"
    assert [d.amount for d in report.doses()] == [120, 60]
    assert report.total_dose == 180
    assert report.minimum == 6 * 3600
    assert report.minimum_met is False  # ended early, with a reason
    assert [p.name for p in report.phases] == ["Introspection", "Peak", "Release", "Return to calm"]
    assert report.moves and report.moves[0].text == "Next phase started 1 h 29 min early."
    assert [line.original.kind for line in report.lines] == [
        "vitals",
        "vitals",
        "note",
        "rating",
        "vitals",
        "adverse_event",
    ]
    assert len(report.entries) == 8  # six originals and two amendments
    assert [p.title for p in report.plays] == ["Inward Tide", "Open Sky"]
