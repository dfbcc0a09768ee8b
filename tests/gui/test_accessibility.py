"""Every interactive widget of every panel has a name a screen reader can say (its own accessible name, its text,
or its label in a form), and the scoring and moderation flows never need the mouse."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from svi_desktop.ui.main_window import MainWindow

INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
PANELS = ("Setup", "Bids", "Scoring", "Moderation", "Results", "Audit", "Contract")


def _unnamed(root: QWidget) -> list[str]:
    out = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
            continue  # the editor inside a combo box or spin box: the outer widget carries the name
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            out.append(f"{type(widget).__name__} {widget.objectName() or '(no object name)'}")
    return out


def test_every_interactive_widget_of_every_panel_has_an_accessible_name(window: MainWindow, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    missing = []
    for i, name in enumerate(PANELS):
        window.show_panel(i)
        if name == "Scoring":  # the columns appear once someone is scoring
            scoring = window.panel("Scoring")
            scoring.choose_evaluator(scoring.evaluators[0].id)
        QApplication.processEvents()
        missing += [f"{name}: {w}" for w in _unnamed(window.panel(name))]
    assert missing == []


def test_the_walk_finds_a_widget_without_a_name(window: MainWindow, demo_file: Path) -> None:
    """The test above can fail: an unnamed table planted in a panel is found."""
    from PySide6.QtWidgets import QTableView

    assert window.files.open_path(demo_file)
    window.show_panel(5)
    planted = QTableView(window.panel("Audit"))
    planted.setObjectName("planted")
    planted.show()
    assert "QTableView planted" in _unnamed(window.panel("Audit"))


def _mnemonics(root: QWidget) -> dict[str, list[str]]:
    import re

    from PySide6.QtWidgets import QGroupBox, QLabel

    found: dict[str, list[str]] = {}
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel):
            text = QLabel.text(widget)
        elif isinstance(widget, QAbstractButton):
            text = QAbstractButton.text(widget)
        elif isinstance(widget, QGroupBox):
            text = QGroupBox.title(widget)
        else:
            continue
        letter = re.search(r"&([^&\s])", text.replace("&&", ""))
        if letter:
            found.setdefault(letter.group(1).lower(), []).append(text)
    return found


def test_no_panel_uses_the_same_alt_key_twice(window: MainWindow, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    twice = []
    for i, name in enumerate(PANELS):
        window.show_panel(i)
        if name == "Scoring":
            scoring = window.panel("Scoring")
            scoring.choose_evaluator(scoring.evaluators[0].id)
        QApplication.processEvents()
        twice += [f"{name}: Alt+{k.upper()} {v}" for k, v in _mnemonics(window.panel(name)).items() if len(v) > 1]
    assert twice == []


def _tab_stops(window: MainWindow, panel: QWidget) -> list[tuple[str, int, int, int]]:
    """The panel's stops on Tab, in order, with where each is on screen; the editor inside a spin box and the tab
    bar inside a tab widget are one stop with their outer widget."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QTabBar, QTabWidget

    stops = []
    w = panel.nextInFocusChain()
    while w is not panel and len(stops) < 500:
        inner = (isinstance(w, QLineEdit) and isinstance(w.parent(), QAbstractSpinBox | QComboBox)) or (
            isinstance(w, QTabBar) and isinstance(w.parent(), QTabWidget))
        if (panel.isAncestorOf(w) and w.isVisible() and w.isEnabled() and not inner
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            at = w.mapTo(window, QPoint(0, 0))
            stops.append((w.accessibleName() or w.objectName() or type(w).__name__, at.x(), at.y(), w.width()))
        w = w.nextInFocusChain()
    return stops


def test_tab_follows_reading_order_in_every_panel(window: MainWindow, demo_file: Path) -> None:
    """Down a column, left to right along a row; going back up only to start the next column to the right."""
    assert window.files.open_path(demo_file)
    window.resize(1280, 650)
    for i, name in enumerate(PANELS):
        window.show_panel(i)
        if name == "Scoring":
            window.panel("Scoring").choose_evaluator(window.panel("Scoring").evaluators[0].id)
        QApplication.processEvents()
        stops = _tab_stops(window, window.panel(name))
        assert len(stops) >= 4, name
        for (a, ax, ay, aw), (b, bx, by, _bw) in zip(stops, stops[1:], strict=False):
            same_row = abs(by - ay) <= 8
            ok = (by > ay + 8) or (same_row and bx > ax) or (by < ay - 8 and bx >= ax + aw // 2)
            assert ok, f"{name}: Tab goes from {a!r} at ({ax}, {ay}) to {b!r} at ({bx}, {by})"
