"""An open tender in the window: the file, its undo stack, and the notices views listen to."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from svi_desktop.domain.changes import Applied, Change, ChangeKind, Op
from svi_desktop.domain.model import Consensus, Evaluation, Score
from svi_desktop.domain.settings import FROZEN, PACK_SUBMITTED
from svi_desktop.errors import DamagedFile, KnownError, StorageError
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import tenders
from svi_desktop.workflows.edits import Edit

log = logging.getLogger("svi.ui")

ScoreKey = tuple[str, str, str]  # (evaluator id, bid id, criterion id)


@dataclass(frozen=True)
class Notice:
    """A committed change, who made it (the widget, or None for undo, redo and the window), and its result."""

    change: Change
    initiator: object | None = None
    result: Any = None

    @property
    def kind(self) -> ChangeKind:
        return self.change.kind


class TenderSession(QObject):
    changed = Signal(object)  # a Notice, after the change has committed and the session has taken it in
    failed = Signal(str)  # the file could not be written (disk full, moved, damaged): the change is not saved
    refused = Signal(str)  # the program refused the edit (a rule): nothing was changed, nothing was lost
    hinted = Signal(str)  # a passing word for the status bar
    saved = Signal()

    def __init__(self, tf: TenderFile, parent: QObject | None = None, *, evaluation: Evaluation | None = None) -> None:
        super().__init__(parent)
        self.tf = tf
        self.undo_stack = QUndoStack(self)
        self._evaluation: Evaluation | None = evaluation
        self._scores: dict[ScoreKey, Score] | None = None  # patched in place; the tuple is rebuilt when read
        self._consensus: dict[tuple[str, str], Consensus] | None = None
        self._scores_moved = False  # a score added or removed since the list was last sorted
        self._dirty = False  # the dicts hold changes the evaluation's tuples do not yet
        self.flush_typing: Callable[[], None] | None = None  # the window's: save the focused editor's typing
        self._flushing = False

    @property
    def read_only(self) -> bool:
        return self.tf.read_only

    @property
    def is_pack(self) -> bool:
        """An evaluator's pack: it records only that evaluator's scores and declaration."""
        return bool(self.tf.pack_evaluator)

    @property
    def frozen(self) -> str:
        """When the award was signed off and frozen ("" if it is not): then only the award's own record (sign-off,
        unfreeze) and the contract's KPIs may change, as the store enforces."""
        return self._unscored().settings.get(FROZEN, "")

    @property
    def scored(self) -> bool:
        """Whether any bid is scored: from then on, a change to what decides the result needs a reason (s.98)."""
        return self.tf.has_scores()

    @property
    def locked(self) -> bool:
        """Nothing but scoring may change here: the file is open read-only, it is an evaluator's pack, or its award
        is signed off and frozen (then not scoring either: see scoring_closed)."""
        return self.read_only or self.is_pack or bool(self.frozen)

    @property
    def contract_locked(self) -> bool:
        """The contract's KPIs cannot change: read-only or a pack (a frozen award is when they are made)."""
        return self.read_only or self.is_pack

    def _unscored(self) -> Evaluation:
        """The evaluation as held, for what a score change does not touch (settings, evaluators): without
        rebuilding the list of scores after a key press."""
        return self._evaluation if self._evaluation is not None else self.evaluation()

    @property
    def scoring_closed(self) -> bool:
        """No score may change: read-only, or a pack already submitted."""
        return self.read_only or bool(self.frozen) or bool(self._unscored().settings.get(PACK_SUBMITTED))

    @property
    def pack_declared(self) -> bool:
        """In a pack, whether its evaluator has declared (before that, nothing of any bid is shown)."""
        return any(e.id == self.tf.pack_evaluator and e.declaration is not None for e in self._unscored().evaluators)

    @property
    def path(self) -> Path:
        return self.tf.path

    # -- what the views read -----------------------------------------------------------

    def evaluation(self) -> Evaluation:
        if self._evaluation is None:
            self._evaluation = tenders.evaluation(self.tf)
            self._scores = self._consensus = None
            self._dirty = False
        if self._dirty:
            ev = self._evaluation
            if self._scores is not None:
                # The dict was made from the sorted scores and a changed score keeps its place: sort again only
                # when a score was added or removed.
                values = tuple(self._scores.values())
                if self._scores_moved:
                    values = tuple(sorted(values, key=lambda s: (s.bid_id, s.criterion_id, s.evaluator_id)))
                    self._scores = {(s.evaluator_id, s.bid_id, s.criterion_id): s for s in values}
                ev = replace(ev, scores=values)
                self._scores_moved = False
            if self._consensus is not None:
                ev = replace(ev, consensus=tuple(sorted(self._consensus.values(),
                                                        key=lambda c: (c.bid_id, c.criterion_id))))
            self._evaluation, self._dirty = ev, False  # the dicts stay, for the next key press
        return self._evaluation

    def _take_in(self, applied: Applied) -> None:
        """Update what the session holds from the change itself, instead of reading the file again."""
        change = applied.change
        assert change is not None
        ev = self._evaluation
        if ev is not None and change.kind is ChangeKind.SCORES and len(change.ids) == 3:
            if self._scores is None:
                self._scores = {(s.evaluator_id, s.bid_id, s.criterion_id): s for s in ev.scores}
            key: ScoreKey = (change.ids[0], change.ids[1], change.ids[2])
            if applied.result is None:
                self._scores_moved |= self._scores.pop(key, None) is not None
            else:
                self._scores_moved |= key not in self._scores
                self._scores[key] = applied.result
            self._dirty = True
        elif ev is not None and change.kind is ChangeKind.CONSENSUS and len(change.ids) == 2:
            if self._consensus is None:
                self._consensus = {(c.bid_id, c.criterion_id): c for c in ev.consensus}
            if applied.result is None:
                self._consensus.pop((change.ids[0], change.ids[1]), None)
            else:
                self._consensus[(change.ids[0], change.ids[1])] = applied.result
            if change.settings:  # a recorded consensus takes its draft's place; its undo puts the draft back
                kept = dict(ev.settings)
                for name, value in change.settings:
                    if value is None:
                        kept.pop(name, None)
                    else:
                        kept[name] = value
                self._evaluation = replace(ev, settings=kept)
            self._dirty = True
        elif change.kind is not ChangeKind.AUDIT:
            self._evaluation = None
            self._scores = self._consensus = None

    # -- the one way down ------------------------------------------------------------------

    def before_edit(self) -> None:
        """Before a user's edit is written: what is typed in the editor that has the keyboard is saved first, as its
        own step, so the edit's refresh cannot write the stored value back over it."""
        if self.flush_typing is None or self._flushing:
            return
        self._flushing = True
        try:
            self.flush_typing()
        finally:
            self._flushing = False

    def apply(self, step: Edit | Op, *, initiator: object | None = None) -> Applied | None:
        """Make an edit through the one door (`workflows.edits.apply`), or an inverse an earlier edit returned
        (undo, redo); take its change in and announce it. On a known error, say so and return None (the file is
        unchanged)."""
        try:
            applied = step(self.tf)
        except KnownError as exc:
            log.info("refused %s", step.name if isinstance(step, Op) else type(step).__name__)  # not the sentence: it can quote a bidder's text
            (self.failed if isinstance(exc, StorageError | DamagedFile) else self.refused).emit(exc.message)
            return None
        if applied.change is not None:
            self._take_in(applied)
            self.changed.emit(Notice(applied.change, initiator, applied.result))
            self.saved.emit()
        return applied

    def perform(self, text: str | Callable[[Any], str], edit: Edit, *, initiator: object | None = None) -> Applied | None:
        """One user edit: performed now and, if it changed anything, one undo step named `text`
        (or `text(result)`, for a step named by what it did)."""
        from svi_desktop.ui.commands import AppliedCommand

        self.before_edit()
        applied = self.apply(edit, initiator=initiator)
        if applied is not None and applied.changed and applied.inverse is not None:
            name = text if isinstance(text, str) else text(applied.result)
            self.undo_stack.push(AppliedCommand(self, name, applied))
        return applied

    def perform_all(self, text: str, edits: list[Edit], *, initiator: object | None = None) -> list[Applied] | None:
        """A multi-row edit: every operation, as one undo step named `text`. If the file refuses one, those
        already applied are undone again, so the edit happens whole or not at all."""
        from svi_desktop.ui.commands import AppliedCommand, MacroCommand

        self.before_edit()
        steps: list[AppliedCommand] = []
        done: list[Applied] = []
        for edit in edits:
            applied = self.apply(edit, initiator=initiator)
            if applied is None:
                for earlier in reversed(done):
                    assert earlier.inverse is not None
                    self.apply(earlier.inverse)
                return None
            if applied.changed and applied.inverse is not None:
                steps.append(AppliedCommand(self, text, applied))
                done.append(applied)
        if steps:
            self.undo_stack.push(MacroCommand(text, steps))  # each step skips its first redo: already made
        return done

    def record(self, edit: Edit, *, initiator: object | None = None) -> Applied | None:
        """A recorded act that is never undone (a declaration, a submission, issuing packs)."""
        self.before_edit()
        return self.apply(edit, initiator=initiator)

    def report(self, exc: KnownError) -> None:
        (self.failed if isinstance(exc, StorageError | DamagedFile) else self.refused).emit(exc.message)

    def report_hint(self, text: str) -> None:
        self.hinted.emit(text)

    def close(self) -> None:
        self.undo_stack.clear()
        self.tf.close()
