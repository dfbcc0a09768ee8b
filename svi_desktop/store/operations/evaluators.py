"""Operations on evaluators and their conflict-of-interest declarations."""

from __future__ import annotations

from dataclasses import replace

from svi_desktop.domain.changes import Applied, Change, ChangeKind, op
from svi_desktop.domain.model import EVALUATOR_FIELDS, Declaration, Evaluator, new_id
from svi_desktop.errors import KnownError
from svi_desktop.store import audit, rows
from svi_desktop.store.operations.common import get_row, update_field
from svi_desktop.store.tender_file import TenderFile


def add_evaluator(tf: TenderFile, *, name: str, role: str = "", organisation: str = "", id: str | None = None) -> Applied:
    """A new evaluator on the panel. Result: the Evaluator."""
    if not name.strip():
        raise KnownError("An evaluator needs a name.")
    return restore_evaluator(tf, evaluator=Evaluator(id or new_id(), name.strip(), role.strip(), organisation.strip()))


def restore_evaluator(tf: TenderFile, *, evaluator: Evaluator) -> Applied:
    """Put an evaluator on the panel exactly as given (a new one, or one removed by undo)."""
    change = Change(ChangeKind.EVALUATORS, (evaluator.id,))
    with tf.operation(
        action=f"add evaluator {evaluator.name}", entity="evaluator", entity_id=evaluator.id,
        new=rows.evaluator_row(evaluator),
    ) as db:
        db.table("evaluators").insert(rows.evaluator_row(evaluator))
    return Applied(change, evaluator, op(remove_evaluator, evaluator_id=evaluator.id))


def get_evaluator(tf: TenderFile, evaluator_id: str) -> Evaluator:
    return rows.evaluator_from(get_row(tf, "evaluators", evaluator_id, "evaluator"))


def declare(tf: TenderFile, *, evaluator_id: str, conflict: bool, details: str = "", management: str = "") -> Applied:
    """Record a conflict-of-interest declaration, dated now: a recorded act with no inverse (a new one replaces it)."""
    if conflict and not (details.strip() and management.strip()):
        raise KnownError("A declared conflict needs its details and how it is managed.")
    old = get_evaluator(tf, evaluator_id)
    new = replace(old, declaration=Declaration(conflict, details, management, audit.now()))
    change = Change(ChangeKind.EVALUATORS, (evaluator_id,))
    with tf.operation(
        action="declare interests", entity="evaluator", entity_id=evaluator_id,
        old=rows.evaluator_row(old), new=rows.evaluator_row(new),
    ) as db:
        db.table("evaluators").update(evaluator_id, rows.evaluator_row(new))
    return Applied(change, new, None)


def remove_evaluator(tf: TenderFile, *, evaluator_id: str) -> Applied:
    """Remove an evaluator who has recorded nothing. Result: the Evaluator removed."""
    old = get_evaluator(tf, evaluator_id)
    if tf.query("SELECT 1 FROM scores WHERE evaluator_id = ? LIMIT 1", (evaluator_id,)):
        raise KnownError(f"{old.name} has recorded scores, so cannot be removed.")
    if tf.query("SELECT 1 FROM returns WHERE evaluator_id = ? LIMIT 1", (evaluator_id,)):
        raise KnownError(f"A return from {old.name} has been collected, so they cannot be removed.")
    change = Change(ChangeKind.EVALUATORS, (evaluator_id,))
    with tf.operation(action=f"remove evaluator {old.name}", entity="evaluator", entity_id=evaluator_id,
                      old=rows.evaluator_row(old)) as db:
        db.table("evaluators").delete(evaluator_id)
    return Applied(change, old, op(restore_evaluator, evaluator=old))


def set_evaluator_field(tf: TenderFile, *, evaluator_id: str, field: str, value: str) -> Applied:
    if field not in EVALUATOR_FIELDS:
        raise ValueError(field)
    if field == "name" and not value.strip():
        raise KnownError("An evaluator needs a name.")
    old = get_evaluator(tf, evaluator_id)
    return update_field(tf, table="evaluators", entity="evaluator", row_id=evaluator_id, field=field,
                        value=value.strip(), action=f"change {EVALUATOR_FIELDS[field]} of {old.name}",
                        change=ChangeKind.EVALUATORS, label=old.name,
                        inverse=lambda before: op(set_evaluator_field, evaluator_id=evaluator_id, field=field,
                                                  value=before))
