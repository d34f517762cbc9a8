"""Small helpers shared by the widgets."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, object_name: str, accessible_name: str) -> W:
    """Give ``widget`` its automation name and its screen-reader name."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget
