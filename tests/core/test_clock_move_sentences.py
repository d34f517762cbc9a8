"""A move of the computer's clock is said to the nearest minute: measured against
the boot's clock it comes out a little short, and an hour set back read "59 min"."""

from datetime import UTC, datetime

import pytest

from pap_guide.core.sentences import event_sentence
from pap_guide.core.session import Event, EventKind

NOW = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (-3599.6, "moved back by 1 h 00 min"),
        (17999.2, "moved forward by 5 h 00 min"),
        (-95.0, "moved back by 2 min"),
        (40.0, "moved forward by under 1 min"),
    ],
)
def test_a_clock_move_is_said_to_the_nearest_minute(seconds, said):
    sentence = event_sentence(Event(EventKind.CLOCK_JUMP, NOW, data={"seconds": seconds}))
    assert sentence is not None and said in sentence, sentence
