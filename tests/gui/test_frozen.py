"""A signed-off tender looks it (issue 29, point 6): the title and a banner above every panel say who signed and
when, and every editor but the contract's is read-only; unfrozen, they are editors again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.award import complete_award_record
from tests.helpers.qt import answer_next_dialog

# What only reads or looks: moving about, filtering, the robustness test's draws, exports, checking the file.
VIEWING = {"bidSearch", "Show bids with status", "bids_template", "evaluatorBox", "Previous criterion",
           "moderationCriterion", "Next criterion", "Sort by &spread", "Number of random draws",
           "How far each weight may vary", "Seed of the random draws", "Re&calculate", "Filter the audit trail",
           "Show changes by", "Verif&y the whole file", "E&xport the trail…", "Sho&w the results",
           "Show evaluators' na&mes", "Show &prices", "Choose the lot to rank", "view_criterion", "view_bid",
           "view_overview", "guidanceToggle"}
# What the award's aftermath needs, open after the freeze as the sign-off and the KPIs are (issue 32): the notice's
# details (the contract's dates, the day the summaries were sent, the OCID prefix...), not the evaluation's.
AFTER_AWARD = {f"notice_{k.split('.', 1)[1]}" for k in ("notice.ocid_prefix", "notice.buyer_identifier",
                                                          "notice.contract_start", "notice.contract_end",
                                                          "notice.above_threshold", "notice.summaries_sent")}


def writable(panel: QWidget) -> list[str]:
    """The visible widgets of a panel that would change the file: editable text or numbers, choices, buttons."""
    out = []
    for w in panel.findChildren(QWidget):
        if not w.isVisible() or not w.isEnabled() or isinstance(w.parentWidget(), QAbstractSpinBox):
            continue
        name = w.objectName() or w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
        if name in VIEWING or name in AFTER_AWARD:
            continue
        text_field = isinstance(w, QLineEdit | QPlainTextEdit | QAbstractSpinBox)
        choice = isinstance(w, QComboBox | QAbstractButton) and name not in ("◀", "▶")
        if (text_field and not w.isReadOnly()) or choice:
            out.append(f"{type(w).__name__} {name}")
    return out


def _sign_off(window: MainWindow) -> None:
    def fill(dialog) -> None:
        dialog.name.setText("Priya Shah")
        dialog.role.setText("Director of Public Health")
        dialog.sign_button.click()

    answer_next_dialog(then=fill)
    window.sign_off_action.trigger()


def _show_everything(window: MainWindow, i: int) -> QWidget:
    """Panel i with something chosen in it, so that its editors are on the screen."""
    window.show_panel(i)
    panel = window.tabs.currentWidget()
    if i == 0:
        tree = panel.criteria.tree
        tree.setCurrentItem(tree.topLevelItem(0).child(0))
    elif i == 1:
        panel.table.selectRow(0)
    elif i == 2:
        panel.choose_evaluator(panel.evaluators[0].id)
    QApplication.processEvents()
    return panel


def test_a_signed_off_tender_shows_it_on_every_panel_and_its_editors_are_read_only(
        window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    complete_award_record(demo_file)
    assert window.files.open_path(demo_file)
    open_editors = {i: writable(_show_everything(window, i)) for i in range(6)}
    assert all(open_editors[i] for i in range(4)), open_editors  # the test sees editors when there are some
    _sign_off(window)
    with TenderFile.open(demo_file, actor="test", read_only=True) as tf:
        frozen = load_evaluation(tf).settings["award.frozen_at"]
        seq = tf.query("SELECT max(seq) FROM audit")[0][0]
    for i in range(7):
        panel = _show_everything(window, i)
        assert window.frozen_banner.isVisible(), i
        assert window.frozen_banner.geometry().bottom() <= window.tabs.geometry().top()  # above the panel
        text = window.frozen_banner.text()
        assert "Priya Shah (Director of Public Health)" in text and frozen[:16].replace("T", " ") in text
        if i < 6:  # the contract's KPIs are made after the award, frozen
            assert writable(panel) == [], (i, writable(panel))
    assert "signed off by Priya Shah" in window.windowTitle()
    # Typing in a read-only editor goes nowhere: nothing is written.
    window.show_panel(0)
    title = window.panel("Setup").fields["title"]
    title.setFocus()
    qtbot.keyClicks(title, " changed")
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    with TenderFile.open(demo_file, actor="test", read_only=True) as tf:
        assert tf.query("SELECT max(seq) FROM audit")[0][0] == seq
    # The contract panel can still make the KPIs.
    contract = _show_everything(window, 6)
    assert contract.make_button.isEnabled()
    # Opened again, it is still plain to see.
    window.files.close_tender()
    assert window.files.open_path(demo_file)
    assert window.frozen_banner.isVisible() and "Priya Shah" in window.frozen_banner.text()
    assert writable(_show_everything(window, 0)) == [] and window.panel("Setup").fields["title"].isReadOnly()


def test_unfrozen_the_banner_goes_and_the_editors_come_back(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    complete_award_record(demo_file)
    assert window.files.open_path(demo_file)
    _sign_off(window)
    assert window.frozen_banner.isVisible()

    def give_reason(dialog) -> None:
        dialog.findChild(QPlainTextEdit).setPlainText("A price was keyed wrongly.")
        dialog.findChild(QLineEdit, "unfreezeName").setText("Tom Reid")
        dialog.findChild(QLineEdit, "unfreezeRole").setText("Head of Procurement")
        dialog.findChild(QAbstractButton, "unfreezeButton").click()

    answer_next_dialog(then=give_reason)
    window.unfreeze_action.trigger()
    assert not window.frozen_banner.isVisible() and "frozen" not in window.windowTitle()
    for i in range(4):
        assert writable(_show_everything(window, i)), i
    assert not window.panel("Setup").fields["title"].isReadOnly()
