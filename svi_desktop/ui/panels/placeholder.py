"""A panel whose work has not landed yet: it says so plainly and shows no invented data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPanel(QWidget):
    def __init__(self, name: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"placeholder{name}")
        label = QLabel(
            self.tr("The {name} panel is not built yet.\n\nWhen it is, it will {what}.").format(name=name, what=what)
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setAccessibleName(self.tr("{name} panel: not built yet").format(name=name))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
