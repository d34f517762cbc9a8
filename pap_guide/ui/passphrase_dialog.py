"""The passphrase of encrypted records: asked at start, offered at first start."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

MIN_PASSPHRASE = 8  # as the store checks it (pap_guide.store.database), which has the last word


def _normal(passphrase: str) -> str:
    """NFC, as the store makes the key: "é" typed as one character or as e + accent."""
    return unicodedata.normalize("NFC", passphrase)


def new_passphrase_problem(first: str, again: str) -> str | None:
    """Why a new passphrase typed twice cannot be used, or None when it can."""
    if _normal(first) != _normal(again):
        return "The passphrases differ"
    if not first.strip():
        return "A passphrase cannot be empty or only spaces"
    if len(_normal(first)) < MIN_PASSPHRASE:
        return f"The passphrase is shorter than {MIN_PASSPHRASE} characters"
    return None


def unlock_check(passphrase: str | None) -> Callable[[str], bool] | None:
    """With encrypted records, only their passphrase unlocks the idle lock (in any form)."""
    if passphrase is None:
        return None
    key = _normal(passphrase)
    return lambda typed: _normal(typed) == key


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
                return str(text)  # as typed: the store tries it normalised first
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
    problem = new_passphrase_problem(first, again) if ok and ok2 else "No passphrase was set"
    if problem is not None:
        QMessageBox.warning(
            None,
            "pap-guide",
            f"{problem}; the records stay unencrypted for now. (You can encrypt them "
            "later with 'pap-guide encrypt'.)",
        )
        return None
    return _normal(first)
