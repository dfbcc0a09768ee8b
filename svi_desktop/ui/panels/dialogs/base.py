"""What every dialog over the open tender shares: its session, a name (for tests and screen readers), a size that
fits a 1280x720 screen, a row of its own buttons closed by Close, and filling again when the tender changes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QWidget

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.ui.session import Notice, TenderSession


class SessionDialog(QDialog):
    def __init__(self, session: TenderSession, parent: QWidget | None = None, *, name: str,
                 size: tuple[int, int]) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.resize(*size)
        self.session = session
        self._refill_kinds: tuple[ChangeKind, ...] = ()

    def close_row(self, *buttons: QWidget) -> QHBoxLayout:
        """The dialog's own buttons on the left, Close (Escape) on the right."""
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        return row

    def fill(self) -> None:
        """Show the tender as it is now."""

    def refill_on(self, *kinds: ChangeKind) -> None:
        """Fill now, and again whenever a change of one of `kinds` commits, here or anywhere in the window (a bound
        method, so the connection goes with the dialog)."""
        self._refill_kinds = kinds
        self.session.changed.connect(self._refill)
        self.fill()

    def _refill(self, notice: Notice) -> None:
        if notice.kind in self._refill_kinds:
            self.fill()
