"""The award from the window: sign-off (which freezes the award) and unfreezing, through the store's operations."""

from __future__ import annotations

from svi_desktop.domain.changes import Applied, op
from svi_desktop.store.operations import award as store
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession


def sign_off(session: TenderSession, name: str, role: str, signed_on: str) -> Applied | None:
    """A formal act, recorded and not undone; the steps before it can no longer be undone either (the award is
    frozen), so the undo stack is emptied."""
    applied = session.record(op(store.sign_off, name=name, role=role, signed_on=signed_on))
    if applied is not None:
        session.undo_stack.clear()
    return applied


def set_criteria_published(session: TenderSession, where: str, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Record where the award criteria are published"),
                           op(store.set_criteria_published, where=where), initiator=initiator)


def unfreeze(session: TenderSession, reason: str, name: str, role: str) -> Applied | None:
    return session.record(op(store.unfreeze, reason=reason, name=name, role=role))
