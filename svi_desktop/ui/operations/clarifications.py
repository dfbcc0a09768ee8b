"""Clarifications from the window: raising one is an undo step until it is sent; sending and the answer are
recorded facts."""

from __future__ import annotations

from svi_desktop.domain.changes import Applied
from svi_desktop.domain.model import Bid, Clarification, Criterion
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import edits


def raise_clarification(session: TenderSession, bid: Bid, criterion: Criterion, question: str, raised_by: str, *,
                        initiator: object = None) -> Applied | None:
    return session.perform(tr("Ask {supplier} about {code}").format(supplier=bid.supplier, code=criterion.code),
                           edits.RaiseClarification(bid_id=bid.id, criterion_id=criterion.id, question=question,
                              raised_by=raised_by), initiator=initiator)


def record_sent(session: TenderSession, c: Clarification, sent_on: str, *, initiator: object = None) -> Applied | None:
    return session.record(edits.RecordSent(clarification_id=c.id, sent_on=sent_on), initiator=initiator)


def record_answer(session: TenderSession, c: Clarification, answer: str, answered_on: str, *,
                  initiator: object = None) -> Applied | None:
    return session.record(edits.RecordAnswer(clarification_id=c.id, answer=answer, answered_on=answered_on),
                          initiator=initiator)
