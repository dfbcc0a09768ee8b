"""Evaluator packs from the window: issue, submit and collect, through the same workflows as `svi`."""

from __future__ import annotations

from pathlib import Path

from svi_desktop.domain.changes import Applied
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import edits
from svi_desktop.workflows.packs import Collection


def issue(session: TenderSession, folder: Path) -> Applied | None:
    """Issuing is recorded in the lead's file and not undone: the packs have gone out."""
    return session.record(edits.IssuePacks(folder=Path(folder)))


def submit(session: TenderSession, code: str) -> Applied | None:
    """Submitting is a formal act: recorded, and not undone (the pack stays locked and sealed); the steps before
    it cannot be undone either, so the undo stack is emptied."""
    applied = session.record(edits.SubmitPack(code=code))
    if applied is not None:
        session.undo_stack.clear()
    return applied


def collect(session: TenderSession, paths: list[Path]) -> Applied | None:
    """Merge returned packs as one undo step; `workflows.packs.report(applied.result)` says what happened."""
    def text(result: Collection) -> str:
        return tr("Collect {n} returns").format(n=len(result.merged) + len(result.conflicts))

    return session.perform(text,
                           edits.CollectReturns(paths=[Path(p) for p in paths]))
