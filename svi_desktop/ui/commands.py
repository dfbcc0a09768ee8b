"""The undo step for any store operation: redo performs it, undo performs its inverse."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from svi_desktop.errors import KnownError

if TYPE_CHECKING:
    from svi_desktop.ui.session import TenderSession


class OperationCommand(QUndoCommand):
    """Pushed after the operation has already run once, so the first redo does nothing.

    If the file refuses an undo or a redo (disk full, file gone), the user is
    told and the stack is stepped back without touching the file, so that the
    stack keeps matching the file.
    """

    def __init__(self, session: TenderSession, text: str, do: Callable[[], Any], undo: Callable[[], Any]) -> None:
        super().__init__(text)
        self._session = session
        self._do = do
        self._undo = undo
        self._skip = "redo"

    def redo(self) -> None:
        if self._skip == "redo":
            self._skip = ""
            return
        if self._attempt(self._do):
            return
        self._skip = "undo"
        QTimer.singleShot(0, self._session.undo_stack.undo)

    def undo(self) -> None:
        if self._skip == "undo":
            self._skip = ""
            return
        if self._attempt(self._undo):
            return
        self._skip = "redo"
        QTimer.singleShot(0, self._session.undo_stack.redo)

    def _attempt(self, action: Callable[[], Any]) -> bool:
        try:
            action()
        except KnownError as exc:
            self._session.report(exc)
            return False
        return True
