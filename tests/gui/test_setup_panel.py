"""The Setup panel through its real widgets: shares, undo and redo, reordering, removing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from svi_desktop.store.repository import load_tender_framework
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.qt import answer_next_dialog


def file_framework(path: Path):
    with TenderFile.open(path, actor="test", read_only=True) as tf:
        return load_tender_framework(tf)


def share_in_file(path: Path, name: str) -> Decimal:
    return next(s.share for s in file_framework(path).sections if s.name == name)


def test_create_from_template_change_share_undo_redo(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "new tender.svi"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    from tests.helpers.qt import answer_next_dialog

    answer_next_dialog("Leave it unencrypted")  # the window offers to encrypt a new tender
    qtbot.mouseClick(window.start_page.new_button, Qt.MouseButton.LeftButton)
    window.activateWindow()  # back from the offer's message box: shortcuts need the window active
    qtbot.waitUntil(window.isActiveWindow)
    assert target.exists()
    assert window.windowTitle().startswith("new tender.svi")
    panel = window.panels["Setup"]
    assert window.tabs.currentWidget() is panel
    assert panel.fields["title"].text() == "new tender"

    quality = panel.findChild(type(panel.sections.rows[next(iter(panel.sections.rows))][1]), "sectionShare3")
    sum_label = panel.sections.sum_label
    assert sum_label.text() == "Total: 100% of 100% ✓"
    quality.setFocus()
    quality.selectAll()
    qtbot.keyClicks(quality, "50")
    assert "Total: 95%" in sum_label.text() and "every export will carry a warning" in sum_label.text()  # live
    qtbot.keyClick(quality, Qt.Key.Key_Return)
    assert share_in_file(target, "Quality") == Decimal(50)
    assert window.undo_action.text() == "&Undo Change share of Quality"

    panel.criteria.tree.setFocus()
    qtbot.keyClick(panel.criteria.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert share_in_file(target, "Quality") == Decimal(55)
    assert quality.value() == 55 and sum_label.text() == "Total: 100% of 100% ✓"
    assert window.redo_action.text() == "&Redo Change share of Quality"

    qtbot.keyClick(panel.criteria.tree, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert share_in_file(target, "Quality") == Decimal(50)
    assert quality.value() == 50 and "Total: 95%" in sum_label.text()


def _select(panel, code: str) -> None:
    crit = next(c for c in panel.session.evaluation().framework.criteria if c.code == code)
    panel.criteria.select(crit.id)


def _codes(path: Path, section: str) -> list[str]:
    fw = file_framework(path)
    sid = next(s.id for s in fw.sections if s.name == section)
    return [c.code for c in fw.criteria_of(sid)]


def test_reorder_criteria_with_the_keyboard(window: MainWindow, qtbot: QtBot, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    panel = window.panels["Setup"]
    tree = panel.criteria.tree
    _select(panel, "Q3")
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _codes(demo_file, "Quality") == ["Q1", "Q3", "Q2"]
    qtbot.keyClick(tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _codes(demo_file, "Quality") == ["Q3", "Q1", "Q2"]
    assert panel.criteria.selected_id() is not None and panel.criteria.code.text() == "Q3"  # selection follows
    qtbot.keyClick(tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _codes(demo_file, "Quality") == ["Q1", "Q3", "Q2"]
    for _ in range(3):
        window.undo_action.trigger()
    assert _codes(demo_file, "Quality") == ["Q1", "Q2", "Q3"]
    assert not window.undo_action.isEnabled()
    # The tree shows the file's order.
    quality = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                   if tree.topLevelItem(i).text(0) == "Quality")
    assert [quality.child(i).text(0) for i in range(quality.childCount())] == ["Q1", "Q2", "Q3"]


def test_remove_criterion_with_scores_asks_with_the_count(window: MainWindow, qtbot: QtBot, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    panel = window.panels["Setup"]
    tree = panel.criteria.tree
    _select(panel, "Q2")
    tree.setFocus()
    seen = answer_next_dialog("Cancel")
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert "It has 8 scores, 0 consensus scores and 4 responses" in seen["text"]
    assert _codes(demo_file, "Quality") == ["Q1", "Q2", "Q3"]  # cancelled: nothing removed

    seen = answer_next_dialog("Remove")
    qtbot.mouseClick(panel.criteria.remove_button, Qt.MouseButton.LeftButton)
    assert seen["title"] == "Remove criterion"
    assert _codes(demo_file, "Quality") == ["Q1", "Q3"]
    window.undo_action.trigger()
    assert _codes(demo_file, "Quality") == ["Q1", "Q2", "Q3"]
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        assert tf.query("SELECT COUNT(*) FROM scores s JOIN criteria c ON c.id = s.criterion_id WHERE c.code='Q2'")[0][0] == 8


def test_edit_criterion_weight_names_the_step(window: MainWindow, qtbot: QtBot, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    panel = window.panels["Setup"]
    _select(panel, "Q3")
    weight = panel.criteria.weight
    weight.setFocus()
    weight.selectAll()
    qtbot.keyClicks(weight, "3")
    qtbot.keyClick(weight, Qt.Key.Key_Tab)
    fw = file_framework(demo_file)
    assert next(c.weight for c in fw.criteria if c.code == "Q3") == Decimal(3)
    assert window.undo_action.text() == "&Undo Change weight of Q3"
    window.undo_action.trigger()
    assert next(c.weight for c in file_framework(demo_file).criteria if c.code == "Q3") == Decimal(1)
    assert weight.value() == 1


def test_gate_share_cannot_be_edited(window: MainWindow, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    panel = window.panels["Setup"]
    assert not panel.findChild(type(panel.criteria.weight), "sectionShare1").isEnabled()


def test_drag_a_criterion_within_its_section(window: MainWindow, demo_file: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDropEvent

    assert window.files.open_path(demo_file)
    panel = window.panels["Setup"]
    tree = panel.criteria.tree
    _select(panel, "Q3")
    quality = tree.currentItem().parent()
    target = quality.child(0)  # drop Q3 onto Q1's row
    tree.scrollToItem(target)
    point = QPointF(tree.visualItemRect(target).center())
    event = QDropEvent(point, Qt.DropAction.MoveAction, QMimeData(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    tree.dropEvent(event)
    assert _codes(demo_file, "Quality") == ["Q3", "Q1", "Q2"]
    assert window.undo_action.text() == "&Undo Move criterion Q3"


def test_apply_template_and_save_framework_as_template(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, data_dir: Path
) -> None:
    target = tmp_path / "fresh.svi"
    from tests.helpers.qt import answer_next_dialog

    answer_next_dialog("Leave it unencrypted")  # the window offers to encrypt a new tender
    assert window.files.new_from_template("social-value-tender", target)
    panel = window.panels["Setup"]
    assert panel.apply_template_named("local-social-value-themes")
    assert [c.code for c in file_framework(target).criteria] == [f"LT{i}" for i in range(1, 8)]
    assert panel.criteria.tree.topLevelItem(0).text(0) == "Local social value themes"
    window.undo_action.trigger()
    assert len(file_framework(target).criteria) == 20

    saved = panel.save_template_named("Pennine Vale standard")
    assert saved == data_dir / "templates" / "Pennine Vale standard.json"
    seen = answer_next_dialog("OK")
    assert panel.save_template_named("Pennine Vale standard") is None
    assert "already exists" in seen["text"]
    # The saved template is offered for new tenders.
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.start_page.template_box.findData("Pennine Vale standard") >= 0
    other.close()


def test_scale_preset_refused_when_scores_fall_off_and_descriptor_edit(
    window: MainWindow, qtbot: QtBot, demo_file: Path
) -> None:
    assert window.files.open_path(demo_file)
    scale = window.panels["Setup"].scale
    scale.preset.setCurrentIndex(scale.preset.findData("0-100"))
    seen = answer_next_dialog("OK")
    qtbot.mouseClick(scale.apply_button, Qt.MouseButton.LeftButton)
    assert "not on the new scale" in seen["text"]
    assert window.saved_label.text() == "All changes saved; the last edit was refused"
    assert file_framework(demo_file).scale.name == "0-4"

    item = scale.table.item(3, 1)
    item.setText("Strong")
    assert file_framework(demo_file).scale.levels[3].label == "Strong"
    assert window.undo_action.text() == "&Undo Change label of level 3"
    window.undo_action.trigger()
    assert file_framework(demo_file).scale.levels[3].label == "Good"
    assert scale.table.item(3, 1).text() == "Good"


def test_the_regime_is_chosen_by_keyboard_undone_exported_and_printed(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch
) -> None:
    import json

    from tests.helpers.hostile import cli
    from tests.helpers.pdf import pdf_text

    target = tmp_path / "regime.svi"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    from tests.helpers.qt import answer_next_dialog

    answer_next_dialog("Leave it unencrypted")  # the window offers to encrypt a new tender
    qtbot.mouseClick(window.start_page.new_button, Qt.MouseButton.LeftButton)
    panel = window.panels["Setup"]
    box = panel.regime
    assert box.currentText() == "Not yet chosen"
    box.setFocus()
    # Down arrow on a closed combo box moves to the next choice and commits it, as a keyboard user expects.
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == "Procurement Act 2023, light-touch contract"

    def regime_in_file() -> str:
        with TenderFile.open(target, actor="test", read_only=True) as tf:
            return tf.query("SELECT regime FROM tender")[0][0]

    assert regime_in_file() == "act-light-touch"
    assert window.undo_action.text() == "&Undo Change procurement regime"
    window.undo_action.trigger()
    assert regime_in_file() == "act-competitive" and box.currentText().startswith("Procurement Act 2023, competitive")
    window.redo_action.trigger()
    assert regime_in_file() == "act-light-touch"

    assert cli("export-json", str(target), str(tmp_path / "t.json"))[0] == 0
    doc = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert doc["tender"]["regime"] == "act-light-touch"
    doc["tender"]["regime"] = "whatever-we-like"
    (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
    code, _out, err = cli("import-json", str(tmp_path / "bad.json"), str(tmp_path / "bad.svi"))
    assert code != 0 and "tender.regime: 'whatever-we-like' is not one of" in err
    assert not (tmp_path / "bad.svi").exists()

    assert cli("export", "pdf", str(target), str(tmp_path / "r.pdf"))[0] == 0
    assert "Awarded under: Procurement Act 2023, light-touch contract" in pdf_text(tmp_path / "r.pdf")


def test_where_the_criteria_are_published_is_typed_undone_and_quoted(window, demo_file, qtbot) -> None:
    from PySide6.QtCore import Qt

    from svi_desktop.domain.settings import CRITERIA_PUBLISHED
    from svi_desktop.store.repository import load_evaluation
    from svi_desktop.store.tender_file import TenderFile

    assert window.files.open_path(demo_file)
    window.show_panel(0)
    panel = window.panel("Setup")
    panel.published.setFocus()
    qtbot.keyClicks(panel.published, "https://example.org/itt/criteria")
    qtbot.keyClick(panel.published, Qt.Key.Key_Return)
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        assert load_evaluation(tf).settings[CRITERIA_PUBLISHED] == "https://example.org/itt/criteria"
    window.session.undo_stack.undo()
    assert panel.published.text() == ""
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        assert CRITERIA_PUBLISHED not in load_evaluation(tf).settings


def test_a_long_section_name_shows_its_beginning(window, demo_file) -> None:
    assert window.files.open_path(demo_file)
    window.show_panel(0)
    editor = window.panel("Setup").sections
    from svi_desktop.ui.widgets.fields import CommitLineEdit

    names = [w for w in editor.findChildren(CommitLineEdit) if w.text() == "Social Value Imperatives"]
    assert names and all(w.cursorPosition() == 0 for w in names)


def test_a_letter_typed_on_the_kind_does_not_change_it_but_the_arrow_keys_do(
        window: MainWindow, qtbot: QtBot, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    panel = window.panels["Setup"]
    _select(panel, "Q3")
    kind = panel.criteria.kind
    kind.setFocus()
    assert kind.currentData() == "scored"
    for letter in "qgQs":  # passing through, typing where the user thought the focus was
        qtbot.keyClicks(kind, letter)
    assert kind.currentData() == "scored"
    assert next(c.kind.value for c in file_framework(demo_file).criteria if c.code == "Q3") == "scored"
    assert not window.undo_action.isEnabled()
    seen = answer_next_dialog("OK")
    qtbot.keyClick(kind, Qt.Key.Key_Up)  # the arrow keys do choose; the rule still applies
    assert seen["text"] == "Give the criterion a threshold before making it a gate."
    assert kind.currentData() == "scored"
    qtbot.mouseClick(panel.criteria.threshold_on, Qt.MouseButton.LeftButton)
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Up)
    assert next(c.kind.value for c in file_framework(demo_file).criteria if c.code == "Q3") == "gate"
    assert window.undo_action.text() == "&Undo Change kind of Q3"


def test_changing_the_regime_of_a_scored_tender_asks_why_and_records_it(window: MainWindow, demo_file: Path,
                                                                        qtbot: QtBot) -> None:
    """An arrow key passing over the regime box once changed the regime of a scored tender silently."""
    from PySide6.QtWidgets import QDialog, QPlainTextEdit

    from tests.helpers.hostile import cli

    def regime_and_last_action() -> tuple[str, str]:
        with TenderFile.open(demo_file, actor="test", read_only=True) as tf:
            return (tf.query("SELECT regime FROM tender")[0][0],
                    tf.query("SELECT action FROM audit ORDER BY seq DESC LIMIT 1")[0][0])

    assert window.files.open_path(demo_file)
    window.panel_actions[0].trigger()
    box = window.panels["Setup"].regime
    box.setFocus()
    assert box.currentText() == "Not yet chosen"
    qtbot.keyClick(box, Qt.Key.Key_Down)  # a first choice is not a change: not asked
    assert regime_and_last_action() == ("act-competitive", "change procurement regime")
    before = regime_and_last_action()
    shown = box.currentText()
    seen = answer_next_dialog(then=lambda d: (seen.update(label=d.labelText()), d.reject()))
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert "already been scored" in seen["label"]
    assert regime_and_last_action() == before and box.currentText() == shown  # cancelled: nothing changed

    def give_reason(dialog: QDialog) -> None:
        dialog.findChild(QPlainTextEdit).setPlainText("The light-touch regime was chosen in error.")
        dialog.accept()

    answer_next_dialog(then=give_reason)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    regime, action = regime_and_last_action()
    assert regime != before[0] and box.currentText() != shown
    assert action == "change procurement regime: The light-touch regime was chosen in error."
    # The same rule at the store's door: no reason, no change.
    window.files.close_tender()
    with TenderFile.open(demo_file, actor="test") as tf:
        from svi_desktop.errors import KnownError
        from svi_desktop.store.operations.framework import set_tender_field

        try:
            set_tender_field(tf, field="regime", value=before[0])
            raise AssertionError("changed without a reason")
        except KnownError as exc:
            assert "needs a reason" in exc.message
        try:  # a 10 MB "reason" is refused in a sentence, not written into the audit trail
            set_tender_field(tf, field="regime", value=before[0], reason="x" * 10_000_000)
            raise AssertionError("changed with a 10 MB reason")
        except KnownError as exc:
            assert exc.message == "The reason is longer than 2,000 characters; shorten it."
    assert cli("check", str(demo_file))[0] == 0
    assert regime_and_last_action()[0] == regime


def test_the_notice_details_are_typed_refused_in_a_sentence_undone_and_open_after_sign_off(
        window, demo_file, qtbot, tmp_path) -> None:
    """Issue 32: the OCID prefix, the authority's PPON, the CPV codes and the contract's dates are typed in Setup,
    each by the rule `svi` and import-json use; a bad one is refused in one sentence and changes nothing."""
    from PySide6.QtCore import Qt

    from svi_desktop.domain import notice_details as nd
    from svi_desktop.store.repository import load_evaluation
    from svi_desktop.store.tender_file import TenderFile
    from tests.helpers.award import SIGNED, complete_award_record, days_ahead
    from tests.helpers.hostile import cli
    from tests.helpers.qt import answer_next_dialog

    def settings() -> dict:
        with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
            ev = load_evaluation(tf)
            return {"cpv": ev.tender.cpv, **{k: v for k, v in ev.settings.items() if k.startswith("notice.")}}

    complete_award_record(demo_file)
    assert cli("award", "notice-details", str(demo_file), "--ocid-prefix", "", "--cpv", "")[0] == 0
    assert window.files.open_path(demo_file)
    window.show_panel(0)
    panel = window.panel("Setup")
    box = panel.notice[nd.OCID_PREFIX]
    seen = answer_next_dialog()
    box.setFocus()
    qtbot.keyClicks(box, "ocds-svi")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "text" in seen)
    assert seen["text"].startswith("'ocds-svi' is not an OCID prefix") and nd.OCID_PREFIX not in settings()
    box.clear()
    qtbot.keyClicks(box, "ocds-b5fd17")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.cpv, "85000000-9 85312000")
    qtbot.keyClick(panel.cpv, Qt.Key.Key_Return)
    got = settings()
    assert got[nd.OCID_PREFIX] == "ocds-b5fd17" and got["cpv"] == "85000000-9, 85312000"
    window.session.undo_stack.undo()
    assert settings()["cpv"] == "" and panel.cpv.text() == ""
    # Signed off and frozen: the tender's details are locked, the contract's dates are not.
    from svi_desktop.ui.operations import award as award_ui

    assert award_ui.sign_off(window.session, "Priya Shah", "Director of Public Health", SIGNED) is not None
    assert panel.cpv.isReadOnly() and not panel.notice[nd.CONTRACT_START].isReadOnly()
    start = panel.notice[nd.CONTRACT_START]
    start.setFocus()
    start.clear()
    qtbot.keyClicks(start, days_ahead(90))
    qtbot.keyClick(start, Qt.Key.Key_Return)
    assert settings()[nd.CONTRACT_START] == days_ahead(90)


@pytest.mark.reason_dialog
def test_a_weight_changed_after_scoring_asks_why_cancel_changes_nothing(window: MainWindow, qtbot: QtBot,
                                                                       demo_file: Path) -> None:
    """Issue 32, point 5 (s.98): the demo is scored, so changing a weight asks why; cancelling changes nothing, a
    reason is recorded with the change."""
    from PySide6.QtWidgets import QInputDialog

    from tests.helpers.qt import answer_next_dialog

    assert window.files.open_path(demo_file)
    panel = window.panels["Setup"]
    _select(panel, "Q3")
    weight = panel.criteria.weight
    seen = answer_next_dialog("Cancel")
    weight.setFocus()
    weight.selectAll()
    qtbot.keyClicks(weight, "3")
    qtbot.keyClick(weight, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "title" in seen)
    assert seen["title"] == "Why change the weight of Q3?"
    assert next(c.weight for c in file_framework(demo_file).criteria if c.code == "Q3") == Decimal(1)
    assert weight.value() == 1  # the editor shows what the file holds

    def give(dialog: QInputDialog) -> None:
        dialog.setTextValue("Clarification 2 corrected the published weight of Q3.")
        dialog.accept()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen = answer_next_dialog(then=give)  # armed after the window is back, so that no wait uses up its time
    weight.setFocus()
    weight.selectAll()
    qtbot.keyClicks(weight, "3")
    qtbot.keyClick(weight, Qt.Key.Key_Return)  # Return commits as Tab does, without waiting for the focus to move
    qtbot.waitUntil(lambda: "title" in seen, timeout=30_000)
    assert next(c.weight for c in file_framework(demo_file).criteria if c.code == "Q3") == Decimal(3)
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        assert tf.audit_rows()[-1].action == ("change weight of Q3: Clarification 2 corrected the published weight "
                                              "of Q3.")
