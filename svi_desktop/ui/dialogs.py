"""Messages and questions in the house manner: one plain sentence, never a traceback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from svi_desktop import APP_NAME


def show_error(parent: QWidget | None, message: str, title: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title or parent_title(parent), message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("errorDialog")
    box.exec()


def ask(parent: QWidget | None, title: str, message: str, yes: str = "Yes", no: str = "Cancel") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, message, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("questionDialog")
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button



def parent_title(parent: QWidget | None) -> str:
    return APP_NAME if parent is None else (parent.window().windowTitle() or APP_NAME)
