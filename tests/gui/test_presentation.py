"""Presentation mode shows what the panel may see (issue 29, point 3): quality is moderated blind to price, so the
shared screen shows no price, price score, total or ranking until every quality score is agreed, whatever key is
pressed; after that the results appear only when the lead reveals them, anonymised."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from svi_desktop.domain.award import quality_awaiting_consensus
from svi_desktop.domain.numbers import money
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.qt import agree_quality, answer_next_dialog


def _texts(widget: QWidget) -> list[str]:
    """Everything the widget shows on the screen, as text."""
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        return [widget.text()]
    if isinstance(widget, QPlainTextEdit):
        return [widget.toPlainText()]
    if isinstance(widget, QComboBox):
        return [widget.currentText()]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model, root = widget.model(), QModelIndex()
        columns = range(1) if isinstance(model, QAbstractListModel) else range(model.columnCount(root))
        out = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
        out += [str(model.index(r, c, root).data() or "") for r in range(model.rowCount(root)) for c in columns]
        return out
    return []


def on_screen(window: MainWindow) -> str:
    """All the text the shared screen shows: every visible widget of every visible window."""
    out = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        out.append(top.windowTitle())
        for w in [top, *top.findChildren(QWidget)]:
            if w.isVisible():
                out += _texts(w)
    return "\n".join(out)


def prices_and_ranking(window: MainWindow) -> list[str]:
    ev = window.session.evaluation()
    return [money(b.price) for b in ev.bids if b.price is not None] + ["Leading:", "Total", "Rank"]


def _press_everything(window: MainWindow, qtbot: QtBot) -> list[tuple[str, list[str]]]:
    """Every panel key, every shortcut of every action and every Alt mnemonic, each pressed on the shared screen;
    returns what each showed that it should not have (a dialog opened by one is read and closed)."""
    keys = [(getattr(Qt.Key, f"Key_{i}"), Qt.KeyboardModifier.ControlModifier) for i in range(1, 10)]
    keys += [(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier),
             (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)]
    keys += [(getattr(Qt.Key, f"Key_F{i}"), Qt.KeyboardModifier.NoModifier) for i in range(1, 13) if i != 11]
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if sequence.isEmpty():
                continue
            combo = sequence[0]
            if combo.key() not in (Qt.Key.Key_F11, Qt.Key.Key_Q, Qt.Key.Key_W):  # leaving; quitting; closing
                keys.append((combo.key(), combo.keyboardModifiers()))
    keys += [(getattr(Qt.Key, f"Key_{c}"), Qt.KeyboardModifier.AltModifier) for c in "ABCDEFGHIJKLMNOPRSTUVXYZ"]
    leaks = []
    forbidden = prices_and_ranking(window)
    for key, mods in keys:
        dialogs: list[str] = []

        def close_any(dialogs=dialogs) -> None:
            w = QApplication.activeModalWidget()
            if w is not None:
                dialogs.append(w.text() if isinstance(w, QMessageBox) else on_screen(window))
                w.close()

        QTimer.singleShot(60, close_any)
        target = QApplication.focusWidget() or window.tabs.currentWidget()
        qtbot.keyClick(target, key, mods)
        qtbot.wait(80)
        shown = on_screen(window) + "\n".join(dialogs)
        found = [f for f in forbidden if f in shown]
        if window.tabs.currentWidget() is not window.panel("Moderation") or found:
            leaks.append((f"{mods!r}+{key!r}", found or [type(window.tabs.currentWidget()).__name__]))
        assert window.presentation.on, (key, mods)
    return leaks


@pytest.fixture
def presenting(window: MainWindow, demo_file: Path, qtbot: QtBot):
    window.showNormal()
    window.resize(1280, 720)
    assert window.files.open_path(demo_file)
    window.show_panel(3)
    window.presentation.set(True)
    QApplication.processEvents()
    yield window
    window.presentation.set(False)


def test_until_quality_is_agreed_no_key_shows_a_price_a_total_or_the_ranking(presenting: MainWindow,
                                                                             qtbot: QtBot) -> None:
    window = presenting
    agree_quality(window, leave=1)  # one response still to agree
    moderation = window.panel("Moderation")
    assert moderation.blind_label.isVisible() and "1 quality responses" in moderation.blind_label.text()
    assert not moderation.prices_box.isEnabled() and not moderation.reveal_button.isEnabled()
    moderation.prices_box.setChecked(True)  # even ticked (by a script, say) the prices stay hidden
    assert "Price" not in [moderation.model.headerData(i, Qt.Orientation.Horizontal)
                           for i in range(moderation.model.columnCount())]
    assert not any(f in on_screen(window) for f in prices_and_ranking(window))
    assert _press_everything(window, qtbot) == []
    assert not window.presentation.reveal() and not window.panel("Results").isVisible()


def test_once_quality_is_agreed_the_lead_reveals_the_results_anonymised(presenting: MainWindow, qtbot: QtBot) -> None:
    window = presenting
    moderation, results = window.panel("Moderation"), window.panel("Results")
    agree_quality(window)
    assert not moderation.blind_label.isVisible() and moderation.reveal_button.isEnabled()
    # Agreed, but not yet revealed: Ctrl+5 still stays on Moderation.
    qtbot.keyClick(moderation.table, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is moderation
    # The lead reveals them with the keyboard (Alt+W), and says yes.
    seen = answer_next_dialog("Show the results")
    qtbot.keyClick(moderation.table, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is results)
    assert "anonymised" in seen["text"]
    QApplication.processEvents()
    suppliers = {b.supplier for b in window.session.evaluation().bids}
    shown = on_screen(window)
    assert "Leading:" in shown or "Rank" in shown
    assert not any(s in shown for s in suppliers)
    window.activateWindow()  # as the window system does when the question closes
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(results, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is moderation
    qtbot.keyClick(moderation.table, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is results
    # An undone consensus makes quality incomplete again: the results go, and the screen is back on Moderation.
    window.undo()
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is moderation)
    assert not window.presentation.revealed and not moderation.reveal_button.isEnabled()
    assert not any(f in on_screen(window) for f in prices_and_ranking(window))
    qtbot.keyClick(moderation.table, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is moderation
    # Leaving presentation mode and coming back needs a new reveal.
    window.redo()
    window.presentation.set(False)
    window.presentation.set(True)
    assert not window.presentation.revealed
    qtbot.keyClick(window.panel("Moderation").table, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is moderation


def test_declining_the_reveal_keeps_the_results_hidden(presenting: MainWindow, qtbot: QtBot) -> None:
    window = presenting
    agree_quality(window)
    moderation = window.panel("Moderation")
    answer_next_dialog("Cancel")
    qtbot.mouseClick(moderation.reveal_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is moderation and not window.presentation.revealed


def test_outside_presentation_mode_the_lead_sees_everything_at_any_time(window: MainWindow, demo_file: Path,
                                                                      qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    assert quality_awaiting_consensus(window.session.evaluation()) > 0
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.panel("Results")
    assert window.export_action.isEnabled()
