"""Messages and questions in the house manner: one plain sentence, never a traceback."""

from __future__ import annotations

from typing import TYPE_CHECKING

# Through the modules, not by name: PySide builds a class's enums when its name is first taken, and neither the
# message box's nor Qt's own are wanted to show the start page (issue 19, cold start).
from PySide6 import QtCore, QtWidgets

from svi_desktop import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def show_error(parent: QWidget | None, message: str, title: str = "") -> None:
    QMessageBox = QtWidgets.QMessageBox
    box = QMessageBox(QMessageBox.Icon.Warning, title or parent_title(parent), message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    box.setObjectName("errorDialog")
    box.exec()


def ask(parent: QWidget | None, title: str, message: str, yes: str = "Yes", no: str = "Cancel") -> bool:
    QMessageBox = QtWidgets.QMessageBox
    box = QMessageBox(QMessageBox.Icon.Question, title, message, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    box.setObjectName("questionDialog")
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def parent_title(parent: QWidget | None) -> str:
    return APP_NAME if parent is None else (parent.window().windowTitle() or APP_NAME)
