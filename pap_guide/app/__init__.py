"""The composition root: builds and wires everything for the window."""

from pap_guide.app.gui import run_gui
from pap_guide.app.window import create_window

__all__ = ["create_window", "run_gui"]
