"""What every dialog over the open tender shares: its session, a name (for tests and screen readers) and a size
that fits a 1280x720 screen."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from svi_desktop.ui.session import TenderSession


class SessionDialog(QDialog):
    def __init__(self, session: TenderSession, parent: QWidget | None = None, *, name: str,
                 size: tuple[int, int]) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.resize(*size)
        self.session = session
