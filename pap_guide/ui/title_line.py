"""The window's top line: which session, under which protocol, since when."""

from __future__ import annotations

from pap_guide.core.clinical import SessionDesk


class TitleLine:
    """The line's text, worked out again only when the session or its state changes
    (it is asked for every second; a date formatted each time is work for nothing)."""

    def __init__(self, desk: SessionDesk) -> None:
        self.desk = desk
        self._made: tuple[object, str] | None = None  # (what it was made of, the line)

    def text(self) -> str:
        session, protocol = self.desk.session, self.desk.protocol
        if session is None or protocol is None:
            return "pap-guide · no session"
        key = (session, protocol.name, self.desk.is_open())
        if self._made is not None and self._made[0] == key:
            return self._made[1]
        parts = [
            f"Session {session.id}",
            protocol.name,
            session.created.astimezone().strftime("%d %b %Y %H:%M"),
        ]
        if session.rehearsal:
            parts.append(f"REHEARSAL ×{session.speed:g}")
        if not self.desk.is_open():
            parts.append("ended")
        self._made = (key, " · ".join(parts))
        return self._made[1]
