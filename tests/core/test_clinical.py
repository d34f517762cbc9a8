"""Session records: set-up, checklist, doses, reminders, minimum length, discharge."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from pap_guide.config.locations import Locations
from pap_guide.core.clinical import NeedsReason, SessionDesk, first_at_center
from pap_guide.core.controller import SessionError
from pap_guide.core.patient_codes import check_patient_code
from pap_guide.core.protocol import load_catalog
from tests.helpers.memory_store import memory_controller

PEOPLE = {"Mara": "guide", "Jon": "co-guide", "Ana": "monitor"}


@pytest.fixture(scope="module")
def protocols():
    locations = Locations(Path("/nonexistent-user-folder"))
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    assert catalog.errors == ()
    return catalog.protocols


@pytest.fixture
def desk(fake_clock, protocols):
    return SessionDesk(memory_controller(fake_clock, protocols))


def tick_all(desk, which):
    items = desk.protocol.setup.checklist if which == "checklist" else desk.protocol.setup.discharge
    for item in items:
        (desk.tick if which == "checklist" else desk.tick_discharge)(item, "Ana")


def test_full_mdma_session(desk, fake_clock):
    desk.start("mdma", "P-0142", "dosing", PEOPLE)
    controller = desk.controller
    assert controller.state().pre_dose
    with pytest.raises(NeedsReason, match="checklist item"):
        desk.dose(120, "Mara")
    tick_all(desk, "checklist")
    fake_clock.advance(300)
    desk.dose(120, "Mara", when=fake_clock.now() - timedelta(minutes=2))
    assert controller.state().elapsed == 120  # T0 is when it was really given
    reminders = [r.text for r in desk.reminders(fake_clock.now())]
    assert any(text.startswith("Supplemental dose window opens at T+1:30") for text in reminders)
    fake_clock.advance(100 * 60)
    window = [r for r in desk.reminders(fake_clock.now()) if "window open" in r.text]
    assert window and window[0].due
    desk.dose(60, "Mara")
    assert desk.total() == 180
    assert not any("window" in r.text for r in desk.reminders(fake_clock.now()))
    fake_clock.advance(3 * 3600)  # about 4 h 42 min in: under the 6 h minimum
    with pytest.raises(NeedsReason, match="minimum length is 6 h 00 min"):
        desk.end("Mara", "well")
    tick_all(desk, "discharge")
    desk.end(
        "Mara",
        "completed early, patient settled",
        reason="patient asked to stop; stable and escorted",
    )
    facts = desk.facts()
    assert facts.outcome == "completed early, patient settled"
    assert [d.amount for d in facts.doses] == [120, 60]
    assert any(what.startswith("ended: the minimum length") for what, _, _ in facts.overrides)
    assert not controller.is_open()


def test_required_people(desk):
    with pytest.raises(NeedsReason, match="two facilitators"):
        desk.start("mdma", "P-1", "dosing", {"Mara": "guide"})
    desk.start("mdma", "P-1", "dosing", {"Mara": "guide"}, reason="co-guide ill, on call")
    assert desk.facts().overrides[0][1] == "co-guide ill, on call"


def test_stepping_out_needs_cover_and_shows_a_timer(desk, fake_clock):
    desk.start("standard-6h", "P-2", "dosing", PEOPLE)
    with pytest.raises(SessionError, match="who covers"):
        desk.step_out("Mara", "")
    desk.step_out("Mara", "Jon")
    fake_clock.advance(240)
    out = [r for r in desk.reminders(fake_clock.now()) if "out of the room" in r.text]
    assert out[0].text == "Mara out of the room for 4 min (covered by Jon)" and out[0].due
    desk.step_back("Mara")
    assert not desk.facts().out


def test_a_step_out_needs_a_cover_who_is_someone_else_and_in_the_room(desk):
    desk.start("standard-6h", "P-2", "dosing", PEOPLE)
    with pytest.raises(SessionError, match="who covers"):
        desk.step_out("Mara", "  mara ")  # herself, written otherwise
    desk.step_out("Mara", "Jon")
    with pytest.raises(SessionError, match="already out of the room"):
        desk.step_out("Mara", "Ana")  # the first cover would be overwritten
    with pytest.raises(SessionError, match="out of the room too"):
        desk.step_out("Jon", "mara")
    desk.step_out("Jon", "Dr \u202eWho\u200b")  # a cover not listed, typed with controls
    assert desk.facts().out["Jon"].cover == "Dr Who"
    assert list(desk.facts().out) == ["Mara", "Jon"]


@pytest.mark.parametrize("code", ["", "   ", "Jane Doe", "Mary", "x" * 40, "P/01"])
def test_patient_codes_refuse_names_and_junk(code):
    with pytest.raises(SessionError):
        check_patient_code(code)


def test_patient_code_ok():
    assert check_patient_code(" P-0142 ") == "P-0142"


def test_lot_number_for_esketamine(desk):
    desk.start("esketamine-rems", "P-3", "dosing", PEOPLE)
    tick_all(desk, "checklist")
    with pytest.raises(SessionError, match="lot number"):
        desk.dose(56, "Ana")
    desk.dose(56, "Ana", lot="LOT-778")
    assert desk.facts().doses[0].lot == "LOT-778"
    assert desk.minimum_seconds() == 2 * 3600


# Oregon OAR 333-333-5250: minimum length by total dose, secondary doses included
@pytest.mark.parametrize(
    ("total", "first", "hours"),
    [
        (1.0, True, 1),
        (1.0, False, 0.5),
        (2.49, False, 0.5),
        (2.5, False, 1),
        (4.99, False, 1),
        (5, False, 2),
        (9.99, False, 2),
        (10, False, 4),
        (24.9, False, 4),
        (25, False, 5),
        (35, False, 5),
        (35.01, False, 6),
        (50, False, 6),
    ],
)
def test_oregon_table_edges(protocols, total, first, hours):
    plan = protocols["psilocybin-oregon"].setup.doses
    assert plan.minimum_seconds(total, first) == hours * 3600


def test_oregon_above_the_table_keeps_its_longest_minimum(protocols):
    plan = protocols["psilocybin-oregon"].setup.doses
    assert plan.minimum_seconds(60) == 6 * 3600  # more given is never less care
    assert plan.past_table(50.01) and not plan.past_table(50)


def test_a_secondary_dose_past_the_table_still_needs_a_reason_to_end_early(desk, fake_clock):
    desk.start("psilocybin-oregon", "P-6", "dosing", PEOPLE)
    tick_all(desk, "checklist")
    desk.dose(25, "Mara")
    fake_clock.advance(3600)
    desk.dose(30, "Mara", reason="as the test says")  # total 55 mg: past the 50 mg top band
    assert desk.minimum_seconds() == 6 * 3600
    fake_clock.advance(300)
    tick_all(desk, "discharge")
    with pytest.raises(NeedsReason, match="minimum length is 6 h 00 min"):
        desk.end("Mara", "ok")


def test_a_secondary_dose_pushes_the_total_over_a_line(desk, fake_clock):
    desk.start("psilocybin-oregon", "P-4", "dosing", PEOPLE)
    tick_all(desk, "checklist")
    desk.dose(20, "Mara")
    assert desk.minimum_seconds() == 4 * 3600
    fake_clock.advance(3600)
    desk.dose(5, "Mara")  # total 25 mg: the 5 h band
    assert desk.minimum_seconds() == 5 * 3600
    fake_clock.advance(int(3.5 * 3600))  # 4 h 30 min after the first dose
    tick_all(desk, "discharge")
    with pytest.raises(NeedsReason, match="minimum length is 5 h 00 min"):
        desk.end("Mara", "ok")


def test_first_session_at_the_center(desk, fake_clock):
    desk.start("psilocybin-oregon", "P-5", "dosing", PEOPLE)
    tick_all(desk, "checklist")
    desk.dose(1, "Mara")
    assert desk.minimum_seconds() == 3600  # first session: 1 h
    fake_clock.advance(3600)
    tick_all(desk, "discharge")
    desk.end("Mara", "ok")
    fake_clock.advance(30 * 86400)
    desk.start("psilocybin-oregon", "P-5", "dosing", PEOPLE)
    tick_all(desk, "checklist")
    desk.dose(1, "Mara")
    assert desk.minimum_seconds() == 1800  # a later session within 12 months


def test_open_discharge_items_need_a_reason(desk, fake_clock):
    desk.start("standard-6h", "P-6", "dosing", PEOPLE)
    tick_all(desk, "checklist")
    desk.dose(25, "Mara")
    fake_clock.advance(7 * 3600)
    with pytest.raises(NeedsReason, match="discharge items are open"):
        desk.end("Mara", "ok")


def test_a_supplemental_dose_outside_its_window_needs_a_reason(desk, fake_clock):
    desk.start("mdma", "P-0142", "dosing", PEOPLE)
    tick_all(desk, "checklist")
    desk.dose(120, "Mara")
    fake_clock.advance(25 * 60)  # T+0:25, the window is T+1:30 to T+2:30
    with pytest.raises(NeedsReason, match=r"T\+0:25, outside the supplemental window"):
        desk.dose(60, "Mara")
    desk.dose(60, "Mara", reason="nausea: the first dose was partly vomited")
    facts = desk.facts()
    assert [d.amount for d in facts.doses] == [120, 60]
    assert any(
        what.startswith("supplemental dose at T+0:25") and "vomited" in why
        for what, why, _ in facts.overrides
    )


def test_the_supplemental_amount_offered_is_the_protocols_or_half_the_first(protocols):
    mdma = protocols["mdma"].setup.doses
    assert mdma.amounts == (80.0, 120.0) and mdma.supplemental_offer(120) == (40.0, 60.0)
    oregon = protocols["psilocybin-oregon"].setup.doses
    assert oregon.supplemental_offer(25) == (12.5,)


def test_a_later_dose_cannot_be_backdated_before_the_first(desk, fake_clock):
    """Backdated past T0 it sat before the first dose in the CSV (T+-0:03) and as
    'supplemental dose 2' before the initial one in FHIR."""
    desk.start("mdma", "P-0142", "dosing", PEOPLE)
    tick_all(desk, "checklist")
    fake_clock.advance(600)
    desk.dose(120, "Mara", when=fake_clock.now() - timedelta(minutes=5))
    fake_clock.advance(95 * 60)
    with pytest.raises(SessionError, match="cannot be earlier than the first dose, given 1 h 40"):
        desk.dose(60, "Mara", when=fake_clock.now() - timedelta(minutes=103))
    assert len(desk.facts().doses) == 1
    desk.dose(60, "Mara", when=fake_clock.now() - timedelta(minutes=2))
    first, second = desk.facts().doses
    assert first.given < second.given


def test_a_dose_far_above_the_usual_asks_why(desk, fake_clock):
    """1200 typed for 120 was recorded without a word."""
    desk.start("mdma", "P-0142", "dosing", PEOPLE)
    tick_all(desk, "checklist")
    with pytest.raises(NeedsReason, match=r"1200 mg is more than twice .* \(120 mg\)"):
        desk.dose(1200, "Mara")
    assert desk.facts().doses == [] and desk.state().pre_dose
    desk.dose(240, "Mara")  # twice the usual: no question
    fake_clock.advance(100 * 60)  # in the supplemental window
    with pytest.raises(NeedsReason, match="more than twice"):
        desk.dose(250, "Mara")
    desk.dose(250, "Mara", reason="as the medical lead ordered")
    overrides = [e.data for e in desk.events if e.kind.value == "override"]
    assert overrides[-1]["what"].startswith("dose above the usual: 250 mg")
    assert overrides[-1]["reason"] == "as the medical lead ordered"


def test_a_dose_question_says_every_rule_it_overrides(desk):
    """With the checklist open and the amount far above the usual, one reason
    answers both: the question names both, and both are recorded."""
    desk.start("mdma", "P-0142", "dosing", PEOPLE)
    with pytest.raises(NeedsReason) as asked:
        desk.dose(1200, "Mara")
    assert "more than twice" in asked.value.question and "checklist" in asked.value.question
    desk.dose(1200, "Mara", reason="checked twice")
    overridden = [e.data["what"] for e in desk.events if e.kind.value == "override"]
    assert any(w.startswith("dose with open checklist") for w in overridden)
    assert any(w.startswith("dose above the usual") for w in overridden)


def test_the_set_up_keeps_names_as_the_people_list_does(desk):
    """The set-up stored "Mara", "mara " and a zero-width "Jon\\u200b" as three people."""
    people = {"Mara": "guide", "mara ": "co-guide", "Jon\u200b": "co-guide", "\u200b": "monitor"}
    desk.start("mdma", "P-0142", "dosing", {**people, "Ana": "monitor"})
    assert desk.facts().people == {"Mara": "guide", "Jon": "co-guide", "Ana": "monitor"}


def test_a_cover_typed_in_lower_case_is_the_person_in_the_room(desk):
    desk.start("mdma", "P-0142", "dosing", PEOPLE)
    desk.step_out("Mara", " jon ")
    assert desk.facts().out["Mara"].cover == "Jon"


def test_a_patient_code_typed_in_other_letters_is_the_same_patient(desk, fake_clock):
    """ "p-0142" for P-0142 began a second program: the FHIR Patient of another code,
    and a second session counted as the patient's first at the centre."""
    desk.start("mdma", "P-0142", "dosing", PEOPLE)
    tick_all(desk, "checklist")
    desk.dose(120, "Mara")
    fake_clock.advance(8 * 3600)
    tick_all(desk, "discharge")
    desk.end("Mara", "completed")
    fake_clock.advance(30 * 24 * 3600)
    record = desk.start("mdma", " p-0142 ", "dosing", PEOPLE)
    assert record.patient == "P-0142"  # as the first session wrote it
    store = desk.controller.store
    assert [s.patient for s in store.patient_sessions("p-0142")] == ["P-0142", "P-0142"]
    assert not first_at_center(record, store)
