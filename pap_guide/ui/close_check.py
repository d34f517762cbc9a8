"""Whether the window may close: nothing waiting for the disk, nothing typed, or yes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pap_guide.core.action_file import RecoveryFile
from pap_guide.core.recorder import Recorder


def may_close(
    recorder: Recorder,
    recovery: RecoveryFile | None,
    typed: Sequence[str],
    ask: Callable[[str], bool],
    running: str = "",
) -> bool:
    """Ask before closing over actions the disk has not taken (they go to ``recovery``
    and into the record at the next start), over text typed and not saved (lost), or
    over a session under way (``running`` says where it is): one stray click on the
    window's close box stopped the patient's music."""
    unsaved = [*recorder.pending, *recorder.broken] if recovery is not None else []
    if not unsaved and not typed and not running:
        return True
    parts = []
    if running:
        parts.append(
            f"A session is under way ({running}). Closing stops the music now. The "
            "session stays open: its clock keeps time, and it comes back, music and all, "
            "when pap-guide is started again."
        )
    if unsaved and recovery is not None:
        parts.append(
            f"{recorder.summary()}\n\nThey are written to {recovery.path} and added to the "
            "record at the next start."
        )
    if typed:
        parts.append(f"Typed and not saved: {'; '.join(typed)}. Closing loses it.")
    if not ask("\n\n".join(parts) + "\n\nClose anyway?"):
        return False
    if unsaved and recovery is not None:
        recovery.keep(unsaved)
    return True
