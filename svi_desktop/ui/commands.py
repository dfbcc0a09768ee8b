"""The one undo step: it wraps any store `Applied`; undo applies its inverse, redo the inverse's inverse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from svi_desktop.domain.changes import Applied, Op


class Steps(Protocol):
    """What an undo step needs of the session that made it (ui/session.py), and nothing more: no import circle."""

    undo_stack: QUndoStack

    def apply(self, step: Op, *, initiator: object | None = None) -> Applied | None: ...


class Stepping:
    """The initiator of an undo or redo step, so the window can tell it from an edit made in a panel."""

    def __init__(self, text: str, undo: bool) -> None:
        self.text, self.undo = text, undo


class AppliedCommand(QUndoCommand):
    """Pushed after the operation has run once, so the first redo does nothing.

    Each step applies the operation the last step handed back, so the file and
    the stack move together. If the file refuses a step (disk full, file gone),
    the user is told and the stack is stepped back without touching the file.
    """

    def __init__(self, session: Steps, text: str, applied: Applied) -> None:
        super().__init__(text)
        assert applied.inverse is not None
        self._session = session
        self._next: Op = applied.inverse
        self._skip_redo = True
        self._stepping_back = False

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._step(back=self._session.undo_stack.undo, undo=False)

    def undo(self) -> None:
        self._step(back=self._session.undo_stack.redo, undo=True)

    def _step(self, back: Callable[[], None], undo: bool) -> None:

        if self._stepping_back:  # the stack is moving back over a step the file refused: nothing to do
            self._stepping_back = False
            return
        applied = self._session.apply(self._next, initiator=Stepping(self.text(), undo))
        if applied is None:
            self._stepping_back = True
            QTimer.singleShot(0, back)
            return
        if applied.inverse is not None:
            self._next = applied.inverse


class MacroCommand(QUndoCommand):
    """A multi-row edit as one step. Its steps are kept in a Python list, not as Qt children: PySide does not
    keep a Python subclass alive under a Qt parent, and a step whose wrapper is gone cannot be called back."""

    def __init__(self, text: str, steps: list[AppliedCommand]) -> None:
        super().__init__(text)
        self._steps = steps

    def redo(self) -> None:
        for step in self._steps:
            step.redo()

    def undo(self) -> None:
        for step in reversed(self._steps):
            step.undo()
