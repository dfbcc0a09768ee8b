"""Helpers for driving real dialogs in GUI tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget


def answer_next_dialog(button: str | None = None, *, then: Callable[[QWidget], None] | None = None) -> dict:
    """When the next modal dialog appears, record what it says and press `button` (or close it)."""
    seen: dict = {}

    def handle(tries: int = 0) -> None:
        w = QApplication.activeModalWidget()
        if w is None:
            if tries < 500:
                QTimer.singleShot(10, lambda: handle(tries + 1))
            return
        seen["widget_name"] = w.objectName()
        seen["title"] = w.windowTitle()
        if isinstance(w, QMessageBox):
            seen["text"] = w.text()
            seen["buttons"] = [b.text() for b in w.buttons()]
        if then is not None:
            then(w)
            return
        if button is not None:
            for b in w.findChildren(QAbstractButton):
                if b.text().replace("&", "") == button:
                    b.click()
                    return
            raise AssertionError(f"no button {button!r} in {seen}")
        w.close()

    QTimer.singleShot(0, handle)
    return seen
