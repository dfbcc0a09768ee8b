"""Clarifications: a question to a supplier on its response to one criterion, when it was sent, and the answer.

Each step is a communication with the supplier, in the decision record. Raising one can be undone while it has
not been sent; sending and the answer are recorded facts (a new answer replaces one typed wrongly, both kept in
the trail)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from svi_desktop.domain.changes import Applied, Change, ChangeKind, op
from svi_desktop.domain.model import Clarification, new_id
from svi_desktop.domain.rules import ANSWER_LIMIT, QUESTION_LIMIT
from svi_desktop.domain.settings import PACK_EVALUATOR
from svi_desktop.errors import KnownError
from svi_desktop.store import audit, rows
from svi_desktop.store.operations.common import get_row
from svi_desktop.store.operations.settings import get_setting
from svi_desktop.store.tender_file import TenderFile


def _clarification(tf: TenderFile, clarification_id: str) -> Clarification:
    return rows.clarification_from(get_row(tf, "clarifications", clarification_id, "clarification"))


def _names(tf: TenderFile, bid_id: str, criterion_id: str) -> tuple[str, str]:
    bid = tf.query("SELECT supplier FROM bids WHERE id = ?", (bid_id,))
    crit = tf.query("SELECT code FROM criteria WHERE id = ?", (criterion_id,))
    if not bid or not crit:
        raise KnownError("That bid or criterion is no longer in the tender.")
    return bid[0][0], crit[0][0]


def _date(text: str, what: str) -> str:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise KnownError(f"The date {what} must be a date such as 2026-11-26.") from None
    if day > dt.date.today() + dt.timedelta(days=1):
        raise KnownError(f"The date {what} cannot be in the future.")
    return day.isoformat()


def raise_clarification(tf: TenderFile, *, bid_id: str, criterion_id: str, question: str, raised_by: str,
                        id: str | None = None) -> Applied:
    """Ask the supplier a question on its response to one criterion. Result: the Clarification."""
    if get_setting(tf, PACK_EVALUATOR):
        raise KnownError("Clarifications go to suppliers through the lead: ask the lead to raise it in the "
                         "tender file.")
    question = question.strip()
    if not question:
        raise KnownError("Write the question to ask the supplier.")
    if len(question) > QUESTION_LIMIT:
        raise KnownError(f"A clarification question can be at most {QUESTION_LIMIT:,} characters; shorten it.")
    if not raised_by.strip():
        raise KnownError("Say who asks the question.")
    return restore_clarification(tf, clarification=Clarification(
        id or new_id(), bid_id, criterion_id, question, raised_by.strip()[:200], audit.now()))


def restore_clarification(tf: TenderFile, *, clarification: Clarification) -> Applied:
    supplier, code = _names(tf, clarification.bid_id, clarification.criterion_id)
    c = clarification
    with tf.operation(action=f"raise a clarification with {supplier} on {code}", entity="clarification",
                      entity_id=c.id, new=rows.clarification_row(c)) as db:
        db.table("clarifications").insert(rows.clarification_row(c))
    return Applied(Change(ChangeKind.RESPONSES, (c.bid_id, c.criterion_id)), c,
                   op(withdraw_clarification, clarification_id=c.id))


def withdraw_clarification(tf: TenderFile, *, clarification_id: str) -> Applied:
    """Take back a question not yet sent (undo of raising it)."""
    c = _clarification(tf, clarification_id)
    if c.sent_at:
        raise KnownError("That clarification has been sent to the supplier, so it stays on record.")
    supplier, code = _names(tf, c.bid_id, c.criterion_id)
    with tf.operation(action=f"withdraw the clarification with {supplier} on {code} before sending it",
                      entity="clarification", entity_id=c.id, old=rows.clarification_row(c)) as db:
        db.table("clarifications").delete(c.id)
    return Applied(Change(ChangeKind.RESPONSES, (c.bid_id, c.criterion_id)), None,
                   op(restore_clarification, clarification=c))


def record_sent(tf: TenderFile, *, clarification_id: str, sent_on: str) -> Applied:
    """The lead sent the question to the supplier on `sent_on`. A recorded fact, not undone."""
    c = _clarification(tf, clarification_id)
    if c.answer:
        raise KnownError("That clarification has been answered; its sending date stays as recorded.")
    day = _date(sent_on, "it was sent")
    if day < c.raised_at[:10]:
        raise KnownError("A clarification cannot be sent before it was raised.")
    supplier, code = _names(tf, c.bid_id, c.criterion_id)
    new = replace(c, sent_at=day)
    with tf.operation(action=f"send the clarification on {code} to {supplier}", entity="clarification",
                      entity_id=c.id, old={"sent_at": c.sent_at}, new={"sent_at": day}) as db:
        db.table("clarifications").update(c.id, {"sent_at": day})
    return Applied(Change(ChangeKind.RESPONSES, (c.bid_id, c.criterion_id)), new, None)


def record_answer(tf: TenderFile, *, clarification_id: str, answer: str, answered_on: str) -> Applied:
    """The supplier's answer, as received on `answered_on`: attached to its response for every evaluator."""
    c = _clarification(tf, clarification_id)
    if not c.sent_at:
        raise KnownError("Record when the clarification was sent before its answer.")
    answer = answer.strip()
    if not answer:
        raise KnownError("Type or paste the supplier's answer.")
    if len(answer) > ANSWER_LIMIT:
        raise KnownError(f"An answer can be at most {ANSWER_LIMIT:,} characters; attach a longer one as a "
                         "document of the bid.")
    day = _date(answered_on, "of the answer")
    if day < c.sent_at:
        raise KnownError("An answer cannot come before the clarification was sent.")
    supplier, code = _names(tf, c.bid_id, c.criterion_id)
    new = replace(c, answer=answer, answered_at=day)
    with tf.operation(action=f"record {supplier}'s answer to the clarification on {code}", entity="clarification",
                      entity_id=c.id, old={"answer": c.answer, "answered_at": c.answered_at},
                      new={"answer": answer, "answered_at": day}) as db:
        db.table("clarifications").update(c.id, {"answer": answer, "answered_at": day})
    return Applied(Change(ChangeKind.RESPONSES, (c.bid_id, c.criterion_id)), new, None)
