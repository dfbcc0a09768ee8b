"""The panel of evaluators: adding, naming, declarations, and the lead's decisions on returns."""

from __future__ import annotations

from svi_desktop.domain.changes import Applied
from svi_desktop.domain.model import EVALUATOR_FIELDS, Bid, ConflictManagement, Evaluator
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import edits


def add_evaluator(session: TenderSession, name: str, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Add evaluator {name}").format(name=name.strip()), edits.AddEvaluator(name=name),
                           initiator=initiator)


def remove_evaluator(session: TenderSession, evaluator: Evaluator, *, initiator: object = None) -> Applied | None:
    """Only an evaluator who has recorded nothing can go; undo puts them back as they were."""
    return session.perform(tr("Remove evaluator {name}").format(name=evaluator.name),
                           edits.RemoveEvaluator(evaluator_id=evaluator.id), initiator=initiator)


def set_evaluator_field(session: TenderSession, evaluator: Evaluator, field: str, value: str, *,
                        initiator: object = None) -> Applied | None:
    return session.perform(
        tr("Change {what} of {name}").format(what=EVALUATOR_FIELDS[field], name=evaluator.name),
        edits.SetEvaluatorField(evaluator_id=evaluator.id, field=field, value=value), initiator=initiator)


def declare(session: TenderSession, evaluator: Evaluator, conflicts: tuple[tuple[str, str], ...] = (), *,
            initiator: object = None) -> Applied | None:
    """A declaration, bidder by bidder, is a dated statement: recorded, not undone; a new one replaces it."""
    return session.record(edits.Declare(evaluator_id=evaluator.id, conflicts=conflicts), initiator=initiator)


def manage_conflict(session: TenderSession, evaluator: Evaluator, bid: Bid, management: ConflictManagement,
                    reason: str = "", *, initiator: object = None) -> Applied | None:
    text = (tr("Exclude {name} from {supplier}") if management is ConflictManagement.EXCLUDED
            else tr("Let {name} score {supplier}"))
    return session.perform(text.format(name=evaluator.name, supplier=bid.supplier),
                           edits.ManageConflict(evaluator_id=evaluator.id, bid_id=bid.id, management=management,
                              reason=reason), initiator=initiator)


def resolve_return(session: TenderSession, return_id: str, accept: bool, *,
                   initiator: object = None) -> Applied | None:
    """The lead's decision is recorded, not undone: both returns stay on record either way."""
    return session.record(edits.ResolveConflict(return_id=return_id, accept=accept), initiator=initiator)
