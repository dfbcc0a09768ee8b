"""Lots, commitments and the contract's KPIs from the window: each an undo step (a rating can be withdrawn while it
is the last thing done; the trail keeps both)."""

from __future__ import annotations

from decimal import Decimal

from svi_desktop.domain.changes import Applied
from svi_desktop.domain.contract import Commitment, Kpi, Lot, Rating, TieBreak
from svi_desktop.domain.model import Criterion
from svi_desktop.errors import KnownError
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import contract as flow
from svi_desktop.workflows import edits


def add_lot(session: TenderSession, code: str, title: str, value: str, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Add lot {code}").format(code=code.strip()),
                           edits.AddLot(code=code, title=title, value=value or None), initiator=initiator)


def remove_lot(session: TenderSession, lot: Lot, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Remove lot {code}").format(code=lot.code), edits.RemoveLot(lot_id=lot.id),
                           initiator=initiator)


def set_lot_field(session: TenderSession, lot: Lot, field: str, value: str, *, initiator: object = None
                  ) -> Applied | None:
    what = tr("title") if field == "title" else tr("estimated value")
    return session.perform(tr("Change the {what} of lot {code}").format(what=what, code=lot.code),
                           edits.SetLotField(lot_id=lot.id, field=field, value=value), initiator=initiator)


def set_criterion_lots(session: TenderSession, criterion: Criterion, codes: tuple[str, ...], *,
                       initiator: object = None) -> Applied | None:
    return session.perform(tr("Set the lots of {code}").format(code=criterion.code),
                           edits.SetCriterionLots(criterion_id=criterion.id, codes=codes), initiator=initiator)


def set_lot_limit(session: TenderSession, limit: int, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Limit lots per supplier"), edits.SetLotLimit(limit=limit), initiator=initiator)


def set_lots_published(session: TenderSession, where: str, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Record where the limit is published"), edits.SetLotsPublished(where=where),
                           initiator=initiator)


def set_tie_break(session: TenderSession, rule: TieBreak, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Change the lot tie-break"), edits.SetTieBreak(rule=rule), initiator=initiator)


def add_commitment(session: TenderSession, commitment: Commitment, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Add a commitment"), edits.AddCommitment(commitment=commitment),
                           initiator=initiator)


def update_commitment(session: TenderSession, commitment: Commitment, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Change a commitment"), edits.UpdateCommitment(commitment=commitment),
                           initiator=initiator)


def remove_commitment(session: TenderSession, commitment: Commitment, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Remove a commitment"), edits.RemoveCommitment(commitment_id=commitment.id),
                           initiator=initiator)


def make_kpis(session: TenderSession, lot_code: str, start: str, *, initiator: object = None) -> Applied | None:
    bid = _winner(session, lot_code)
    if bid is None:
        return None
    return session.perform(tr("Make the winner's commitments the contract's KPIs"),
                           edits.MakeKpis(bid_id=bid, lot_code=lot_code, start=start), initiator=initiator)


def _winner(session: TenderSession, lot_code: str) -> str | None:
    try:
        return flow.winner(session.evaluation(), lot_code)
    except KnownError as exc:
        session.report(exc)
        return None


def add_authority_kpi(session: TenderSession, lot_code: str, measure: str, target: str, unit: str, due: str,
                      start: str, *, initiator: object = None) -> Applied | None:
    bid = _winner(session, lot_code)
    if bid is None:
        return None
    return session.perform(tr("Add the authority's KPI"),
                           edits.AddAuthorityKpi(lot_code=lot_code, bid_id=bid, measure=measure, target=target,
                              unit=unit, due=due, start=start), initiator=initiator)


def record_period(session: TenderSession, kpi: Kpi, start: str, end: str, actual: Decimal | str, evidence: str,
                  rating: Rating, note: str, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Rate {measure}").format(measure=kpi.measure[:60]),
                           edits.RecordPeriod(kpi_id=kpi.id, period_start=start, period_end=end, actual=actual,
                              evidence=evidence, rating=rating, note=note), initiator=initiator)
