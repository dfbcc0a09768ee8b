"""The award from the window: sign-off (which freezes the award) and unfreezing, through the store's operations."""

from __future__ import annotations

from svi_desktop.domain.changes import Applied
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import edits


def sign_off(session: TenderSession, name: str, role: str, signed_on: str) -> Applied | None:
    """A formal act, recorded and not undone; the steps before it can no longer be undone either (the award is
    frozen), so the undo stack is emptied."""
    applied = session.record(edits.SignOff(name=name, role=role, signed_on=signed_on))
    if applied is not None:
        session.undo_stack.clear()
    return applied


def set_criteria_published(session: TenderSession, where: str, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Record where the award criteria are published"),
                           edits.SetCriteriaPublished(where=where), initiator=initiator)


def set_notice_detail(session: TenderSession, key: str, value: str, *,
                      initiator: object = None) -> Applied | None:
    return session.perform(tr("Record a notice detail"), edits.SetNoticeDetail(key=key, value=value),
                           initiator=initiator)


def set_psr_key_criterion(session: TenderSession, key: str, text: str, *,
                          initiator: object = None) -> Applied | None:
    return session.perform(tr("Record how a key criterion was weighed"), edits.SetPsrKeyCriterion(key=key, text=text),
                           initiator=initiator)


def unfreeze(session: TenderSession, reason: str, name: str, role: str) -> Applied | None:
    return session.record(edits.Unfreeze(reason=reason, name=name, role=role))
