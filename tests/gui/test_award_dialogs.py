"""Award > Completeness check, Sign off and Unfreeze, through the real widgets, checked against the file."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.widgets.fields import CommitTextEdit
from tests.helpers.award import SIGNED, complete_award_record
from tests.helpers.qt import answer_next_dialog


def _file(path: Path):
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return load_evaluation(tf), tf.audit_rows()


def _check_dialog(window: MainWindow, qtbot: QtBot):
    window.award_check_action.trigger()
    qtbot.waitUntil(lambda: window.dialogs.check_dialog is not None and window.dialogs.check_dialog.isVisible())
    dialog = window.dialogs.check_dialog
    qtbot.waitUntil(lambda: dialog.job is None)  # the check runs off the window's thread
    return dialog


def test_the_check_lists_what_is_missing_and_each_item_takes_you_there(window: MainWindow, demo_file: Path,
                                                                        qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    dialog = _check_dialog(window, qtbot)
    texts = [dialog.items.item(i).text() for i in range(dialog.items.count())]
    assert texts[0] == "No procurement regime is chosen: choose it in Setup."
    assert "Feedback for Moorside Community Health CIC on SVI1 Purpose is not written." in texts
    assert dialog.summary.text().startswith(f"{len(texts)} item(s) missing")
    dialog.items.setFocus()
    qtbot.keyClick(dialog.items, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.panel("Setup")
    assert dialog.isVisible()  # Enter goes to the item; the list stays open beside the window
    row = texts.index("Feedback for Valley Wellbeing Partnership on LT3 Local jobs for local residents is not written.")
    dialog.items.setCurrentRow(row)
    qtbot.keyClick(dialog.items, Qt.Key.Key_Return)
    moderation = window.panel("Moderation")
    assert window.tabs.currentWidget() is moderation
    assert moderation.criteria[moderation.crit_index].code == "LT3"
    assert moderation.current_bid().supplier == "Valley Wellbeing Partnership"
    # The list follows the changes made while it is open.
    moderation.picker.set_value(3)
    moderation.note.setPlainText("Agreed 3 at the panel.")
    moderation.feedback.setPlainText("Your tender names two local employers and a start date.")
    qtbot.mouseClick(moderation.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None)
    after = [dialog.items.item(i).text() for i in range(dialog.items.count())]
    assert texts[row] not in after and len(after) < len(texts)


def test_sign_off_in_the_window_freezes_the_award_and_unfreezing_is_audited(window: MainWindow, demo_file: Path,
                                                                             qtbot: QtBot) -> None:
    complete_award_record(demo_file)
    assert window.files.open_path(demo_file)
    assert _check_dialog(window, qtbot).summary.text().startswith("The award record is complete")

    def fill(dialog: QDialog) -> None:
        dialog.name.setText("Priya Shah")
        dialog.role.setText("Director of Public Health")
        dialog.sign_button.click()

    seen = answer_next_dialog(then=fill)
    window.sign_off_action.trigger()
    assert seen["widget_name"] == "signOffDialog"
    ev, rows = _file(demo_file)
    assert [(s.name, s.role) for s in ev.signoffs] == [("Priya Shah", "Director of Public Health")]
    assert ev.settings.get("award.frozen_at")
    assert "(signed off by Priya Shah and frozen " in window.windowTitle()  # a frozen tender looks frozen
    assert not window.session.undo_stack.canUndo()
    # The editors are read-only: what is typed goes nowhere, and nothing is written.
    moderation = window.panel("Moderation")
    window.show_panel(3)
    assert window.frozen_banner.isVisible() and "Priya Shah (Director of Public Health)" in window.frozen_banner.text()
    before = moderation.note.toPlainText()
    moderation.note.setFocus()
    qtbot.keyClicks(moderation.note, "Changed after sign-off.")
    assert moderation.note.isReadOnly() and moderation.note.toPlainText() == before
    assert not moderation.record_button.isEnabled() and not moderation.picker.isEnabled()
    chosen = moderation.picker.value()
    qtbot.keyClick(moderation.table, Qt.Key.Key_0 if chosen != 0 else Qt.Key.Key_1)  # a digit chooses the score
    assert moderation.picker.value() == chosen
    qtbot.wait(CommitTextEdit.PAUSE_MS + 200)
    assert _file(demo_file)[1][-1].seq == rows[-1].seq

    def give_reason(dialog: QDialog) -> None:
        dialog.findChild(QPlainTextEdit).setPlainText("The price of one bid was keyed wrongly.")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "unfreezeName"), "Tom Reid")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "unfreezeRole"), "Head of Procurement")
        qtbot.mouseClick(dialog.findChild(QPushButton, "unfreezeButton"), Qt.MouseButton.LeftButton)

    answer_next_dialog(then=give_reason)
    window.unfreeze_action.trigger()
    ev, rows = _file(demo_file)
    assert not ev.signoffs and "award.frozen_at" not in ev.settings
    assert "frozen" not in window.windowTitle()
    assert rows[-1].action == "unfreeze the award: The price of one bid was keyed wrongly."
    assert json.loads(rows[-1].new) == {"reason": "The price of one bid was keyed wrongly.", "by": "Tom Reid",
                                        "role": "Head of Procurement"}
    # Unfrozen, the banner goes and the editors can be written again.
    assert not window.frozen_banner.isVisible()
    assert not moderation.note.isReadOnly() and moderation.record_button.isEnabled()
    QApplication.processEvents()


def test_the_notice_dialog_refuses_a_final_notice_then_writes_it_and_says_where(window: MainWindow, demo_file: Path,
                                                                                 qtbot: QtBot, tmp_path: Path) -> None:
    import datetime as dt

    from svi_desktop.store.operations.award import sign_off
    from svi_desktop.ui.panels.dialogs.award import NoticeDialog

    assert window.files.open_path(demo_file)
    out = tmp_path / "notices"
    dialog = NoticeDialog(window.session, str(out), window, today=dt.date(2026, 12, 21))
    qtbot.addWidget(dialog)
    assert dialog.kind.text().startswith("Choose the procurement regime in Setup first")
    dialog.final.setChecked(True)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert "award record is not complete" in dialog.status.text() and not out.exists()
    window.files.close_tender()
    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="t") as tf:
        sign_off(tf, name="Priya Shah", role="Director", signed_on=SIGNED)
    assert window.files.open_path(demo_file)
    dialog = NoticeDialog(window.session, str(out), window, today=dt.date(2026, 12, 21))
    qtbot.addWidget(dialog)
    assert dialog.kind.text() == "Contract award notice (Procurement Act 2023)"
    dialog.final.setChecked(True)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == f"Wrote {out / 'PVBC-2026-014-award-notice.pdf'}; " \
                                   f"{out / 'PVBC-2026-014-award-notice.json'}"
    assert all(p.exists() for p in dialog.written)


def test_the_check_runs_off_the_windows_thread(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                               monkeypatch) -> None:
    """In lots the check ranks every lot and applies the limit (issue 31, point 8): the window does not wait."""
    import threading

    from svi_desktop.ui.panels.dialogs import award as dialog_module

    ran_on, release = [], threading.Event()
    real = dialog_module.award.check_evaluation

    def slow_check(ev):  # type: ignore[no-untyped-def]
        ran_on.append(threading.current_thread() is threading.main_thread())
        release.wait(5)
        return real(ev)

    monkeypatch.setattr(dialog_module.award, "check_evaluation", slow_check)
    assert window.files.open_path(demo_file)
    window.award_check_action.trigger()
    qtbot.waitUntil(lambda: window.dialogs.check_dialog is not None and window.dialogs.check_dialog.isVisible())
    dialog = window.dialogs.check_dialog
    assert dialog.summary.text() == "Checking the award record…" and dialog.job is not None
    release.set()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    assert ran_on and not any(ran_on)
    assert dialog.summary.text().endswith("Press Enter on an item to go to its place.")


def test_in_lots_the_notice_dialog_writes_every_lots_notice_or_one_lots_alone_as_svi_does(
        window: MainWindow, demo_file: Path, qtbot: QtBot, tmp_path: Path) -> None:
    import datetime as dt

    from svi_desktop.ui.panels.dialogs.award import NoticeDialog
    from tests.helpers.award import days_ahead, signed_under
    from tests.helpers.hostile import cli

    signed_under(demo_file, "act-competitive", lots=True)
    day = dt.date.fromisoformat(days_ahead(3))
    assert window.files.open_path(demo_file)
    dialog = NoticeDialog(window.session, str(tmp_path / "all"), window, today=day)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.lot.isVisible()
    assert [dialog.lot.itemText(i) for i in range(dialog.lot.count())] == [
        "Every lot: one notice, an award for each", "Lot 1 alone: Area 1", "Lot 2 alone: Area 2",
        "Lot 3 alone: Area 3"]
    dialog.final.setChecked(True)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    every = json.loads(next(p for p in dialog.written if p.suffix == ".json").read_text())
    assert sorted(a["relatedLots"][0] for a in every["releases"][0]["awards"]) == ["1", "2", "3"]
    dialog.folder.setText(str(tmp_path / "two"))
    dialog.lot.setCurrentIndex(2)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Wrote ") and all(p.exists() for p in dialog.written)
    assert [p.name for p in dialog.written] == ["PVBC-2026-014-award-notice-lot-2.pdf",
                                                "PVBC-2026-014-award-notice-lot-2.json"]
    two = json.loads(dialog.written[1].read_text())
    assert [a["relatedLots"] for a in two["releases"][0]["awards"]] == [["2"]]
    # svi award notice --lot 2 writes the same notice (its release id and dates aside, both made today).
    window.files.close_tender()
    assert cli("award", "notice", str(demo_file), str(tmp_path / "svi"), "--published", day.isoformat(), "--final",
               "--lot", "2")[0] == 0
    by_svi = json.loads((tmp_path / "svi" / "PVBC-2026-014-award-notice-lot-2.json").read_text())
    assert by_svi["releases"][0]["awards"] == two["releases"][0]["awards"]
