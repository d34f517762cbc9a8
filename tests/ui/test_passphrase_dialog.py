"""The passphrase prompts: a new one fit to protect records, the idle lock in any form."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from pap_guide.store.database import (
    MIN_PASSPHRASE,
    WrongPassphrase,
    encrypt_database,
    open_database,
)
from pap_guide.ui import passphrase_dialog
from pap_guide.ui.passphrase_dialog import ask_passphrase, new_passphrase_problem, unlock_check
from tests.store.test_encryption import make_plain

COMPOSED = unicodedata.normalize("NFC", "mot de passe été")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


@pytest.mark.parametrize(
    ("first", "again", "problem"),
    [
        ("clinic passphrase", "clinic passphrase", None),
        (DECOMPOSED, COMPOSED, None),
        ("clinic passphrase", "clinic passphrasf", "differ"),
        (" " * 10, " " * 10, "only spaces"),
        ("\t" * 8, "\t" * 8, "only spaces"),
        ("", "", "only spaces"),
        ("short", "short", "shorter than 8"),
        ("e\u0301" * 7, "e\u0301" * 7, "shorter than 8"),
    ],
)
def test_a_new_passphrase_typed_twice(first, again, problem):
    found = new_passphrase_problem(first, again)
    assert found is None if problem is None else problem in found


def test_the_idle_lock_opens_with_the_passphrase_in_either_form():
    check = unlock_check(DECOMPOSED)
    assert check is not None
    assert check(COMPOSED) and check(DECOMPOSED)
    assert not check(COMPOSED + " ")
    assert unlock_check(None) is None


class Answers:
    """What the guide types into the prompts, one after the other."""

    def __init__(self, monkeypatch, texts, yes=True):
        self.texts, self.warnings = list(texts), []
        monkeypatch.setattr(QInputDialog, "getText", self.get_text)
        yes_button = QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No
        monkeypatch.setattr(QMessageBox, "question", lambda *args: yes_button)
        monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: self.warnings.append(text))

    def get_text(self, *_args):
        return self.texts.pop(0), True


def test_first_start_refuses_only_spaces_and_says_why(qtbot, tmp_path, monkeypatch):
    answers = Answers(monkeypatch, [" " * 9, " " * 9])
    assert ask_passphrase(tmp_path / "new.db", False, lambda _typed: False) is None
    assert "only spaces" in answers.warnings[0] and "unencrypted" in answers.warnings[0]


def test_first_start_gives_the_passphrase_normalised(qtbot, tmp_path, monkeypatch):
    Answers(monkeypatch, [DECOMPOSED, DECOMPOSED])
    assert ask_passphrase(tmp_path / "new.db", False, lambda _typed: False) == COMPOSED


def test_an_encrypted_database_opens_when_typed_in_the_other_form(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "pap-guide.db"
    make_plain(path)
    encrypt_database(path, COMPOSED)
    Answers(monkeypatch, ["", DECOMPOSED])  # an empty one first: refused, asked again

    def opens(typed):
        try:
            open_database(path, typed).close()
        except WrongPassphrase:
            return False
        return True

    typed = ask_passphrase(path, True, opens)
    assert typed == DECOMPOSED
    open_database(path, typed).close()


def test_the_prompt_module_keeps_the_stores_minimum():
    assert passphrase_dialog.MIN_PASSPHRASE == MIN_PASSPHRASE
