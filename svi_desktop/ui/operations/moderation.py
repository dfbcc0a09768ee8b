"""The moderation lock and the spread threshold."""

from __future__ import annotations

from decimal import Decimal

from svi_desktop.domain.changes import Applied
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import edits


def start_moderation(session: TenderSession, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Start moderation"), edits.StartModeration(), initiator=initiator)


def unlock_scores(session: TenderSession, reason: str, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Unlock individual scores"), edits.UnlockScores(reason=reason), initiator=initiator)


def set_spread_threshold(session: TenderSession, percent: Decimal, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Change the spread threshold"), edits.SetSpreadThresholdPercent(percent=percent),
                           initiator=initiator)
