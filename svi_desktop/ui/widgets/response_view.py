"""A bid's response as the panels show it: read-only text whose passages can be selected and cited (Scoring and
Moderation both)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit


class ResponseView(QPlainTextEdit):
    """The bid's response: read-only plain text whose passages can be selected and cited."""

    focused = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(self.tr("The bid's response"))

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.focused.emit()
        super().focusInEvent(event)
