def test_report_model_from_the_store(report):
    assert report.record.patient == "P-0142"
    assert [d.amount for d in report.doses()] == [120, 60]
    assert report.total_dose == 180
    assert report.minimum == 6 * 3600
    assert report.minimum_met is False  # ended early, with a reason
    # ended early at T+3:31, in Release: the phases as run, Release to the real end
    assert [p.name for p in report.phases] == ["Introspection", "Peak", "Release"]
    assert report.phases[-1].end == report.length
    assert report.unreached == ("Return to calm",)
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


def test_the_phases_as_an_ended_session_ran_them():
    from pap_guide.core.report import as_run
    from pap_guide.core.session import PhaseSpan

    planned = (PhaseSpan("A", 0, 100), PhaseSpan("B", 100, 200), PhaseSpan("C", 200, 300))
    assert as_run(planned, 150) == ((PhaseSpan("A", 0, 100), PhaseSpan("B", 100, 150)), ("C",))
    assert as_run(planned, 200) == ((PhaseSpan("A", 0, 100), PhaseSpan("B", 100, 200)), ("C",))
    longer = as_run(planned, 1000)  # on long past the planned end: the last phase to the end
    assert longer == ((*planned[:2], PhaseSpan("C", 200, 1000)), ())
    assert as_run(planned, 0) == ((PhaseSpan("A", 0, 0),), ("B", "C"))  # ended at the dose
