"""The moderation lock and the spread threshold."""

from __future__ import annotations

from decimal import Decimal

from svi_desktop.domain.changes import Applied, op
from svi_desktop.store.operations import moderation as store
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession


def start_moderation(session: TenderSession, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Start moderation"), op(store.start_moderation), initiator=initiator)


def unlock_scores(session: TenderSession, reason: str, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Unlock individual scores"), op(store.unlock_scores, reason=reason), initiator=initiator)


def set_spread_threshold(session: TenderSession, percent: Decimal, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Change the spread threshold"), op(store.set_spread_threshold_percent, percent=percent),
                           initiator=initiator)
