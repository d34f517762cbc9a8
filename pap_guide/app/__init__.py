"""The composition root: builds and wires everything for the window."""

from pap_guide.app.pyside_imports import read_sources_quickly

read_sources_quickly()  # before the app's own modules are imported

from pap_guide.app.gui import run_gui  # noqa: E402
from pap_guide.app.window import create_window  # noqa: E402

__all__ = ["create_window", "run_gui"]
