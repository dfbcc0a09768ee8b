"""Small makers for the widgets every panel and dialog lays out the same way: a named field, a button that does one
thing (with its shortcut across the panel), a row of buttons, a wrapped introduction, a dialog's accept and
cancel buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QWidget

W = TypeVar("W", bound=QObject)


def named(widget: W, name: str) -> W:
    """The widget, with the object name tests and style sheets find it by."""
    widget.setObjectName(name)
    return widget


def button(text: str, slot: Callable[[], object], *, name: str = "", tip: str = "", key: str = "",
           panel: QWidget | None = None) -> QPushButton:
    """A push button that does `slot`; with `key` and `panel`, the same key does it from anywhere in the panel."""
    made = QPushButton(text)
    if name:
        made.setObjectName(name)
    if tip:
        made.setToolTip(tip)
    made.clicked.connect(lambda _checked=False: slot())
    if key and panel is not None:
        shortcut = QShortcut(QKeySequence(key), panel)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
    return made


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons side by side from the left."""
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


def intro(text: str) -> QLabel:
    """A dialog's opening sentences, wrapped so that the dialog fits a 1280x720 screen."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def accept_box(dialog: QDialog, text: str, slot: Callable[[], object], name: str) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel, and the one button that does what the dialog is for (`slot`; it closes the dialog when it succeeds)."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    accept = box.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setObjectName(name)
    box.accepted.connect(slot)
    box.rejected.connect(dialog.reject)
    return box, accept
