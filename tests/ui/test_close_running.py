"""Closing the window while a dosed session is under way asks first: one stray
click on the close box quit at once, and the patient's music stopped."""

from __future__ import annotations

from tests.helpers.ui import child, started


def test_closing_during_a_session_asks_and_told_no_keeps_the_music(make_window, fake_clock):
    window = started(make_window)
    window.show()
    fake_clock.advance(83 * 60)
    window.refresh()
    window.asker.close_answer = False
    window.close()
    assert window.asker.close_running_asked == 1
    question = window.asker.questions[-1]
    assert "A session is under way (T+1:23:00, Introspection)" in question
    assert "Closing stops the music now" in question and question.endswith("Close anyway?")
    assert window.isVisible() and window.music.conductor.now_playing() is not None
    window.asker.close_answer = True
    window.close()
    assert not window.isVisible()


def test_closing_an_ended_session_or_none_asks_nothing(make_window):
    window = started(make_window)
    window.asker.reason_text = "patient settled; ended early as agreed"
    child(window, "endSessionButton").click()
    assert not window.desk.is_open()
    window.show()
    window.close()
    assert window.asker.close_running_asked == 0 and not window.isVisible()
    empty = make_window()
    empty.show()
    empty.close()
    assert empty.asker.close_running_asked == 0 and not empty.isVisible()
