"""An evaluator's scores and the panel's consensus."""

from __future__ import annotations

from svi_desktop.domain.changes import Applied
from svi_desktop.domain.model import Bid, Citation, Criterion, Evaluator
from svi_desktop.domain.settings import ConsensusDraft
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import edits


def set_score(session: TenderSession, evaluator: Evaluator, bid: Bid, criterion: Criterion, value: int, *,
              rationale: str | None = None, evidence: tuple[Citation, ...] | None = None,
              flags: tuple[str, ...] | None = None, on_behalf: str = "", initiator: object = None) -> Applied | None:
    """One score, or one of its rationale, evidence or red flags; the undo text names what changed."""
    if evidence is not None:
        text = tr("Cite evidence for {supplier} on {code}")
    elif rationale is not None:
        text = tr("Change rationale for {supplier} on {code}")
    elif flags is not None:
        text = tr("Change red flags for {supplier} on {code}")
    else:
        text = tr("Score {value} for {supplier} on {code}")
    return session.perform(
        text.format(value=value, supplier=bid.supplier, code=criterion.code),
        edits.SetScore(evaluator_id=evaluator.id, bid_id=bid.id, criterion_id=criterion.id, value=value,
           rationale=rationale, evidence=evidence, flags=flags, on_behalf=on_behalf),
        initiator=initiator)


def set_consensus(session: TenderSession, bid: Bid, criterion: Criterion, value: int, note: str, feedback: str, *,
                  citations: tuple[Citation, ...] = (), advantages: str = "", outside_reason: str = "",
                  initiator: object = None) -> Applied | None:
    return session.perform(
        tr("Agree {value} for {supplier} on {code}").format(value=value, supplier=bid.supplier, code=criterion.code),
        edits.SetConsensus(bid_id=bid.id, criterion_id=criterion.id, value=value, note=note, feedback=feedback,
           citations=tuple(citations), advantages=advantages, outside_reason=outside_reason),
        initiator=initiator)


def keep_consensus_draft(session: TenderSession, bid: Bid, criterion: Criterion, draft: ConsensusDraft, *,
                         initiator: object = None) -> Applied | None:
    return session.perform(
        tr("Draft consensus for {supplier} on {code}").format(supplier=bid.supplier, code=criterion.code),
        edits.SetConsensusDraft(bid_id=bid.id, criterion_id=criterion.id, draft=draft), initiator=initiator)


def accept_agreed(session: TenderSession, criterion: Criterion, agreed: list[tuple[Bid, int, int]], *,
                  initiator: object = None) -> list[Applied] | None:
    """Where every evaluator gave the same score, that score as the consensus: one undo step for the criterion,
    each note saying how it was reached. `agreed` holds (bid, the common score, how many evaluators gave it)."""
    return session.perform_all(
        tr("Accept the agreed scores on {code}").format(code=criterion.code),
        [edits.SetConsensus(bid_id=bid.id, criterion_id=criterion.id, value=value,
            note=tr("All {n} evaluators scored {value}; the panel accepted it as the consensus without "
                    "discussion.").format(n=n, value=value))
         for bid, value, n in agreed],
        initiator=initiator)
