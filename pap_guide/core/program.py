"""A patient's program across sessions: preparation intentions, integration notes."""

from __future__ import annotations

from collections.abc import Sequence

from pap_guide.core.entries import INTENTION, NOTE, Entry, build_log, describe
from pap_guide.core.report import Report


def intentions_in(entries: Sequence[Entry]) -> list[str]:
    """The intentions among one session's entries as they now read, oldest first."""
    return [
        str(line.current.data["text"])
        for line in reversed(build_log(list(entries)))
        if line.original.kind == INTENTION and not line.struck
    ]


def program_lines(patient: str, reports: Sequence[Report]) -> list[str]:
    """The patient's program in order, with the integration notes kept with it."""
    lines = [f"Program of {patient}:"]
    for report in reports:
        record = report.record
        lines.append(
            f"  {record.created.astimezone():%Y-%m-%d} {record.session_type} "
            f"(session {record.id}, {report.status})"
        )
        if record.session_type == "integration":
            lines += [
                f"    integration note: {describe(line.current)}"
                for line in report.lines
                if line.original.kind == NOTE and not line.struck
            ]
    return lines
