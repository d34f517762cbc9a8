"""Unexpected errors go to a private rotating log and are shown plainly."""

from __future__ import annotations

import sys

from pap_guide.app.errors import LOG_NAME, install, open_log


def test_an_uncaught_error_is_logged_privately_and_shown(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = []
    logger = open_log(tmp_path / "data")
    install(logger, tmp_path / "data" / LOG_NAME, shown.append)
    try:
        raise KeyError("no such phase")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    log = tmp_path / "data" / LOG_NAME
    assert log.stat().st_mode & 0o777 == 0o600
    assert "Traceback" in log.read_text() and "KeyError" in log.read_text()
    assert shown and "unexpected error" in shown[0] and str(log) in shown[0]
