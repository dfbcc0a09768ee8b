"""What every panel shares: it refreshes when it is shown, not on every change while hidden."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from svi_desktop.store.tender_file import Change
from svi_desktop.ui.session import TenderSession


class Panel(QWidget):
    """Subclasses name the change kinds they show and implement `refresh`."""

    listens_to: tuple[str, ...] = ()

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = False
        session.changed.connect(self._on_change)

    def _on_change(self, change: Change) -> None:
        if change.kind not in self.listens_to:
            return
        if self.isVisible():
            self.on_change(change)
        else:
            self._stale = True

    def on_change(self, change: Change) -> None:
        self.refresh()

    def refresh_when_shown(self) -> None:
        """Build the panel's content now if it is on screen, else the first time it is shown:
        opening a large tender then costs one panel, not six."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        raise NotImplementedError
