"""What someone typed (or a protocol file holds) shows as it is: never as rich text.

QLabel guesses rich text (Qt::AutoText) and so do tooltips: a note such as
``<img src=file:///etc/hostname>`` would be drawn as an image of a local file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QTreeWidgetItem, QWidget

from pap_guide.config.locations import PACKAGE_DIR
from pap_guide.core.entries import ADVERSE, NOTE, describe
from pap_guide.ui.asker import SetupRequest
from pap_guide.ui.entry_dialogs import AmendDialog
from tests.helpers.ui import child

IMG = "<img src=file:///etc/hostname>"
NOTE_TEXT = f"{IMG} <b>bold</b> & <a href='x'>link</a>"
PEOPLE = {"<b>Mara</b>": "guide", "<i>Jon</i>": "co-guide", "Ana <u>R</u>": "monitor"}
COVER = "<s>Night nurse</s>"
OUTCOME = "<h1>completed</h1>"
INTENTION = "<big>let go</big>"


def html_protocol(data_dir) -> str:
    """A clinic protocol with markup in its names, tags, scale and checklist."""
    text = (PACKAGE_DIR / "protocols" / "standard-6h.toml").read_text(encoding="utf-8")
    for old, new in [
        ('name = "Standard 6 hours"', 'name = "<b>Clinic</b> 6 h"'),
        ('name = "Introspection"', 'name = "<u>Introspection</u>"'),
        ('"Informed consent confirmed"', '"<b>Consent</b> confirmed"'),
        ('observations = ["nausea"', 'observations = ["<b>sick</b>", "nausea"'),
        ('description = "Subjective units', 'description = "<i>SUDS</i> Subjective units'),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    folder = data_dir / "protocols"
    folder.mkdir()
    (folder / "markup.toml").write_text(text, encoding="utf-8")
    return "markup"


def shown(tip: str) -> str:
    """A tooltip's text as Qt draws it: rich text when Qt guesses so."""
    if not GuiQt.mightBeRichText(tip):
        return tip
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()


def labels_with_markup(root: QWidget) -> list[QLabel]:
    return [label for label in root.findChildren(QLabel) if "<" in label.text()]


def tree_items(tree) -> list[QTreeWidgetItem]:  # type: ignore[no-untyped-def]
    found, stack = [], [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        found.append(item)
        stack += [item.child(i) for i in range(item.childCount())]
    return found


def test_every_label_and_tooltip_in_the_window_shows_typed_markup_as_text(
    make_window, data_dir, qtbot, fake_clock
):
    window = make_window("--protocol", html_protocol(data_dir))
    asker = window.asker
    asker.reason_text = "<i>reason</i> given"
    asker.setup_request = SetupRequest("P-0142", "preparation", {"<b>Mara</b>": "guide"})
    child(window, "startSessionButton").click()
    qtbot.keyClicks(child(window, "noteEdit"), INTENTION)
    child(window, "addIntentionButton").click()
    child(window, "endSessionButton").click()
    assert not window.desk.is_open()
    asker.setup_request = SetupRequest("P-0142", "dosing", dict(PEOPLE))
    child(window, "startSessionButton").click()
    assert window.desk.session is not None
    child(window, "recordDoseButton").click()
    fake_clock.advance(600)

    note = child(window, "noteEdit")
    qtbot.keyClicks(note, NOTE_TEXT)
    qtbot.keyClick(note, Qt.Key.Key_Return)
    systolic = child(window, "systolicEdit")
    qtbot.keyClicks(systolic, "120")
    qtbot.keyClicks(child(window, "diastolicEdit"), "80")
    qtbot.keyClick(systolic, Qt.Key.Key_Return)
    qtbot.keyClicks(systolic, "<b>120</b>")  # refused, and the refusal says what was typed
    qtbot.keyClick(systolic, Qt.Key.Key_Return)
    asker.adverse_answer = ("<b>vomited</b>", "mild", "<i>bowl</i> and water")
    window.log_panel.adverse_button.click()
    asker.step_out_answer = ("<b>Mara</b>", COVER)
    child(window, "stepOutButton").click()
    log = window.log_panel.log
    log.select_row(2)  # the note (newest first: adverse event, vitals, note)
    asker.amend_answer = ({"text": "<u>corrected</u> note"}, "<b>typo</b> fixed")
    child(window, "correctEntryButton").click()
    log.select_row(1)  # the vitals, corrected with markup: refused, saying what was typed
    asker.amend_answer = ({"systolic": "<b>1</b>", "diastolic": "80"}, "<b>why</b>")
    child(window, "correctEntryButton").click()
    window.refresh()

    marked = labels_with_markup(window)
    names = {label.objectName() for label in marked}
    assert {"remindersLabel", "vitalsError", "phaseName"} <= names
    assert "logMessage" in names and "'<b>1</b>'" in child(window, "logMessage").text()
    assert "sessionInfo" in names  # the protocol's name
    assert INTENTION in child(window, "intentionsLabel").text()
    for label in marked:
        assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), label.text())
    # the people and their roles: on the author buttons, and the record's tooltip
    assert "&lt;b&gt;Mara&lt;/b&gt; (guide)" in child(window, "sessionRecordLabel").toolTip()
    assert child(window, "author_0").text() == "<b>Mara</b>"
    assert COVER in child(window, "remindersLabel").text()
    assert "'<b>120</b>'" in child(window, "vitalsError").text()

    tips = {w.toolTip() for w in window.findChildren(QWidget) if w.toolTip()}
    tree = child(window, "logView")
    tips |= {item.toolTip(3) for item in tree_items(tree) if item.toolTip(3)}
    for tip in tips:  # the typed markup never reaches Qt as markup
        assert not any(tag in tip for tag in ("<b>", "<i>", "<u>", "<img", "<s>")), tip
    drawn = {shown(tip) for tip in tips}
    # Mara stepped out above: her button says so, the cover's name as typed
    assert f"<b>Mara</b> is out of the room (covered by {COVER}): back in to log" in drawn
    assert "Entries from now on are logged as <i>Jon</i>" in drawn
    assert "Log '<b>sick</b>' now, in one click" in drawn
    assert any(text.startswith("<u>corrected</u> note") for text in drawn)
    assert any("ADVERSE EVENT (mild): <b>vomited</b>; action: <i>bowl</i>" in t for t in drawn)

    asker.outcome = OUTCOME
    fake_clock.advance(7 * 3600)
    child(window, "endSessionButton").click()
    window.refresh()
    assert window.desk.facts().outcome == OUTCOME
    child(window, "sessionsButton").click()
    for root in (window, asker.sessions_dialog):
        for label in labels_with_markup(root):
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    detail = child(asker.sessions_dialog, "sessionDetail").toPlainText()
    assert OUTCOME in detail and NOTE_TEXT in detail  # a QPlainTextEdit: plain by nature


def test_the_correct_dialog_shows_the_entry_as_typed(make_window, qtbot):
    window = make_window()
    child(window, "startSessionButton").click()
    child(window, "recordDoseButton").click()
    book = window.log_panel.book
    for entry in (
        book.note(NOTE_TEXT, "<b>Mara</b>"),
        book.adverse("<b>vomited</b>", "mild", "<i>bowl</i>", "Ana"),
    ):
        for strike in (False, True):
            dialog = AmendDialog(entry, strike, window)
            qtbot.addWidget(dialog)
            marked = labels_with_markup(dialog)
            assert marked, "the entry's description is shown"
            for label in marked:
                assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
            texts = [label.text() for label in marked]
            assert any(describe(entry) in text and entry.author in text for text in texts)
    assert entry.kind == ADVERSE and NOTE in {line.current.kind for line in book.lines()}
