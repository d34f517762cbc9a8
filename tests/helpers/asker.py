"""An asker that answers the session dialogs without showing them."""

from __future__ import annotations

from pathlib import Path

from pap_guide.ui.asker import DoseRequest, EndRequest, SetupRequest

PEOPLE = {"Mara": "guide", "Jon": "co-guide", "Ana": "monitor"}


class AutoAsker:
    def __init__(self) -> None:
        self.setup_request: SetupRequest | None = SetupRequest("P-T001", "dosing", dict(PEOPLE))
        self.dose_request: DoseRequest | None = DoseRequest(25.0, 0, "LOT-1")
        self.outcome: str | None = "completed"  # None: the end dialog is cancelled
        self.reason_text: str | None = "test reason"
        self.questions: list[str] = []
        self.export_to: Path | None = None
        self.export_retry_to: Path | None = None  # the folder chosen after a failed export
        self.export_titles: list[str] = []  # the folder questions asked, in order
        self.export_suggested: list[Path] = []  # the folder each offered first
        self.setup_offered: tuple[list[str], dict[str, str]] | None = None
        self.exported: list[Path] = []
        self.adverse_answer = ("Vomited", "mild", "bowl and water")
        self.adverse_errors: list[str] = []
        self.amend_errors: list[str] = []
        self.amend_answer: tuple[dict[str, str], str] | None = None
        self.amend_first = None  # the first version the last correction form was given
        self.step_out_answer: tuple[str, str] | None = ("Mara", "Jon")
        self.recover_answer = True
        self.close_answer = True  # close over unsaved actions, typed text, a session
        self.close_running_asked = 0
        self.end_ticks: list[str] | None = None  # the discharge items the end form ticks
        self.end_drafts: list[object] = []  # what each end form was opened with
        self.dose_drafts: list[object] = []  # what each dose form was opened with
        self.dose_earliest: list[object] = []  # the earliest each dose form allowed
        self.sessions_dialog = None

    def setup(self, protocol, patient, people, roles=None):  # type: ignore[no-untyped-def]
        self.setup_offered = (list(people), dict(roles or {}))
        return self.setup_request

    def dose(self, protocol, given=(), draft=None, earliest=None):  # type: ignore[no-untyped-def]
        """Types ``dose_request`` (or, when set, gives the draft back as it was)."""
        self.dose_drafts.append(draft)
        self.dose_earliest.append(earliest)
        return self.dose_request

    def end(self, protocol, done, draft=None):  # type: ignore[no-untyped-def]
        """Ticks every open discharge item (``end_ticks`` says which, when set) and
        types ``outcome``; keeps the draft the form was opened with."""
        self.end_drafts.append(draft)
        if self.outcome is None:
            return None
        wanted = self.end_ticks if self.end_ticks is not None else protocol.setup.discharge
        return EndRequest(self.outcome, [i for i in wanted if i not in done])

    def export_folder(self, suggested: Path, title: str = "") -> Path | None:
        self.export_titles.append(title)
        self.export_suggested.append(suggested)
        return self.export_to

    def offer_folder(self, folder: Path, files: list[Path]) -> None:
        self.exported = files

    def export_failed(self, folder: Path, problem: str) -> bool:
        """Says the problem; answers ``export_retry_to`` (another folder), or No."""
        self.questions.append(problem)
        if self.export_retry_to is None:
            return False
        self.export_to, self.export_retry_to = self.export_retry_to, None
        return True

    def step_out(self, people: list[str]) -> tuple[str, str] | None:
        return self.step_out_answer

    def step_back(self, out: list[str]) -> str | None:
        return out[0] if out else None

    def adverse(self, save) -> bool:  # type: ignore[no-untyped-def]
        from pap_guide.core.logbook import EntryRefused

        try:
            save(*self.adverse_answer)
        except EntryRefused as refused:
            self.adverse_errors.append(str(refused))
            return False
        return True

    def amend(self, entry, strike, save, first=None):  # type: ignore[no-untyped-def]
        """Types ``amend_answer`` (values, reason) into the form and saves it."""
        self.amend_first = first
        from pap_guide.core.logbook import EntryRefused

        if self.amend_answer is None:
            return False
        try:
            save(*self.amend_answer)
        except EntryRefused as refused:
            self.amend_errors.append(str(refused))
            return False  # a person would now fix it or cancel
        return True

    def sessions(self, sessions, record_text) -> None:  # type: ignore[no-untyped-def]
        """The real dialog, built but not run: tests read what it shows."""
        from pap_guide.ui.sessions_dialog import SessionsDialog

        self.sessions_dialog = SessionsDialog(sessions, record_text)

    def recover(self, question: str) -> bool:
        self.questions.append(question)
        return self.recover_answer

    def close_unsaved(self, question: str) -> bool:
        self.questions.append(question)
        return self.close_answer

    def close_running(self, question: str) -> bool:
        self.questions.append(question)
        self.close_running_asked += 1
        return self.close_answer

    def reason(self, question: str) -> str | None:
        self.questions.append(question)
        return self.reason_text
