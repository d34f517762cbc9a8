"""A restart that could not check the wall clock, and that clock's fix after it.

After a reboot nothing tells how much real time passed since the last saved
action, so the session clock is read from the wall clock, which may be wrong,
and the banner asks the guide to check it. The next jump of that clock is
then its fix, when it is one the restart's reading allows: a clock read fast
(the gap since the last action looked longer than it was) is set back by no
more than that gap, a clock read behind the last action is set forward. A fix
may come in steps (the hour, then the minutes) while the gap lasts. Anything
else is an ordinary jump, which the session clock runs through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIX_SLACK = 5.0  # seconds: a fix this much past the restart's gap is still its fix


@dataclass
class RestartDoubt:
    """What a doubted restart left for its fix.

    Attributes:
        floor: the session's floor before the restart (what was saved on a clock
            that was right); a fix never takes the session clock below it.
        dosed: the dose came before the restart, so its time was read on a right
            clock (a dose given after it was read on the same wrong clock, and
            its session runs through the fix).
        gap: the wall-clock seconds from the last saved moment to the restart;
            negative when the clock read earlier than that moment.
        advances: which of the timeline's phase shifts were "next phase" moves
            made on the doubted clock (each started a phase "now", hours off).
        fixed: a fix was made (more steps may follow while some gap is left: the
            reboot's own minutes are in the gap too).
    """

    floor: float
    dosed: bool
    gap: float
    advances: list[int] = field(default_factory=list)
    fixed: bool = False

    def takes(self, seconds: float) -> bool:
        """Whether a jump of ``seconds`` is this doubt's fix."""
        if self.gap > 0:
            return seconds < 0 and -seconds <= self.gap + FIX_SLACK
        if self.gap < 0:
            return seconds > 0
        return True  # a restart that did not say its gap (kept for such records)

    def spend(self, seconds: float) -> bool:
        """After a fix of ``seconds``: whether some of the gap is left to fix."""
        self.fixed = True
        if self.gap > 0 and seconds < 0:
            self.gap += seconds
            return self.gap > FIX_SLACK
        return False
