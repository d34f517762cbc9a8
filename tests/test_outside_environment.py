"""Programs the packaged app opens get the desktop's environment, not the bundle's."""

from __future__ import annotations

import os
import sys

from pap_guide.config.locations import outside_environment


def test_the_bundle_paths_are_lifted_while_a_program_is_opened(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/pap-guide/_internal")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    monkeypatch.setenv("QT_PLUGIN_PATH", "/opt/pap-guide/_internal/PySide6/Qt/plugins")
    monkeypatch.setenv("VLC_PLUGIN_PATH", "/opt/pap-guide/_internal/vlc/plugins")
    monkeypatch.setenv("VLC_PLUGIN_PATH_ORIG", "/home/me/vlc-plugins")
    monkeypatch.delenv("QT_PLUGIN_PATH_ORIG", raising=False)
    with outside_environment():
        assert os.environ["LD_LIBRARY_PATH"] == "/usr/local/lib"
        assert "QT_PLUGIN_PATH" not in os.environ
        assert os.environ["VLC_PLUGIN_PATH"] == "/home/me/vlc-plugins"
    assert os.environ["LD_LIBRARY_PATH"] == "/opt/pap-guide/_internal"  # the app's again
    assert os.environ["QT_PLUGIN_PATH"].endswith("Qt/plugins")
    assert os.environ["VLC_PLUGIN_PATH"].endswith("vlc/plugins")


def test_a_source_install_changes_nothing(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/somewhere")
    with outside_environment():
        assert os.environ["LD_LIBRARY_PATH"] == "/somewhere"
