"""The passphrase of encrypted records: asked at start, offered at first start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox


def unlock_check(passphrase: str | None) -> Callable[[str], bool] | None:
    """With encrypted records, only their passphrase unlocks the idle lock."""
    if passphrase is None:
        return None
    return lambda typed: typed == passphrase


def ask_passphrase(path: Path, encrypted: bool, opens: Callable[[str], bool]) -> str | None:
    """The passphrase of an encrypted database; at first run, the offer to set one.

    ``opens`` tells whether a passphrase opens the records. Returns None for
    a plain database, "" when the guide cancels.
    """
    if encrypted:
        for attempt in range(3):
            text, ok = QInputDialog.getText(
                None,
                "pap-guide",
                "Passphrase for the session records:"
                + (" (that one did not open them)" if attempt else ""),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return ""
            if opens(text):
                return str(text)
        return ""
    if path.exists() and path.stat().st_size > 0:  # the lock makes an empty file first
        return None
    answer = QMessageBox.question(
        None,
        "Protect the session records?",
        "Encrypt the records on this laptop with a passphrase? Without it nobody can read "
        "them, and neither can you: keep it safe. (You can also do this later with "
        "'pap-guide encrypt'.)",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    first, ok = QInputDialog.getText(
        None, "pap-guide", "New passphrase (8 characters or more):", QLineEdit.EchoMode.Password
    )
    again, ok2 = QInputDialog.getText(
        None, "pap-guide", "The same passphrase again:", QLineEdit.EchoMode.Password
    )
    if not (ok and ok2) or first != again or len(first) < 8:
        QMessageBox.warning(
            None,
            "pap-guide",
            "The passphrases differ or are too short; the records stay unencrypted for now.",
        )
        return None
    return str(first)
