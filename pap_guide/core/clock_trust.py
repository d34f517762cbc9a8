"""Can the wall clock be trusted at start? Checked against the last saved action.

Each action keeps the boot id and a CLOCK_BOOTTIME reading (which counts
through suspend). Within the same boot, BOOTTIME says how much real time
passed since that action, so a wall clock that disagrees by more than a few
seconds was moved while the app was closed: that is a clock jump, recorded,
and the session clock stays right. After a reboot there is no such
reference: a wall clock earlier than the last action, or more than a few
minutes after it, is shown as a problem (the monitor checks it against a clock
they trust), and ending then needs a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pap_guide.core.actions import Stamp
from pap_guide.core.session import MAX_JUMP
from pap_guide.core.timefmt import duration_text

TOLERANCE = 5.0  # seconds of disagreement that are just clock noise
LONGEST_GAP = timedelta(hours=24)  # no session is left open this long
# after a reboot a longer gap is asked about: a wall clock set hours fast at boot
# moved the session clock hours on without a word, and made the minimum look met
AWAY_TO_CHECK = timedelta(minutes=10)
LONGEST_BOOT = MAX_JUMP  # a BOOTTIME gap beyond this is a faked or broken clock, not time


IMPOSSIBLE = (
    "The computer's clocks read impossibly far from the last saved entry. Check the date and "
    "time in the system settings (and that no time-faking tool is running) before relying on "
    "the session clock."
)


@dataclass(frozen=True)
class ClockCheck:
    jump: float = 0.0  # session seconds to record as a clock jump (same boot)
    doubt: str = ""  # what is wrong with the wall clock, and what to check


def check_restart(last: Stamp | None, now: datetime, boot_id: str, boottime: float,
                  speed: float = 1.0) -> ClockCheck:  # fmt: skip
    """Compare the wall clock now with the last action saved in an open session."""
    if last is None:
        return ClockCheck()
    gap = boottime - last.boottime if last.boottime is not None else None
    if last.boot_id and last.boot_id == boot_id and gap is not None and 0 <= gap <= LONGEST_BOOT:
        try:
            expected = last.utc + timedelta(seconds=gap * speed)
            drift = (now - expected).total_seconds()
        except OverflowError:  # a clock beyond any date: not a jump to record
            return ClockCheck(doubt=IMPOSSIBLE)
        if abs(drift) > LONGEST_BOOT:
            return ClockCheck(doubt=IMPOSSIBLE)
        return ClockCheck(jump=drift) if abs(drift) > TOLERANCE * speed else ClockCheck()
    try:
        behind = now < last.utc - timedelta(seconds=TOLERANCE)
        far = now - last.utc > LONGEST_GAP * speed
        long_away = now - last.utc > AWAY_TO_CHECK * speed
    except OverflowError:
        return ClockCheck(doubt=IMPOSSIBLE)
    if behind:
        return ClockCheck(
            doubt=f"The computer's clock reads {duration_text((last.utc - now).total_seconds())} "
            "earlier than the last saved entry. Check the date, time and time zone in the "
            "system settings; the session clock may be behind until it is fixed."
        )
    if far:
        return ClockCheck(
            doubt=f"The computer's clock reads {duration_text((now - last.utc).total_seconds())} "
            "after the last saved entry, longer than any session runs. Check the date and "
            "time in the system settings before relying on the session clock."
        )
    if long_away:
        away = duration_text((now - last.utc).total_seconds() / speed)
        return ClockCheck(
            doubt=f"The computer restarted, and by its clock pap-guide was closed for {away}. "
            "If it was not that long, the computer's clock is wrong and the session clock "
            "with it: check the date and time in the system settings."
        )
    return ClockCheck()
