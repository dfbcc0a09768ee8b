"""Operations on evaluators and their conflict-of-interest declarations."""

from __future__ import annotations

from dataclasses import replace

from svi_desktop.domain.model import Declaration, Evaluator, new_id
from svi_desktop.errors import KnownError
from svi_desktop.store import audit, rows
from svi_desktop.store.operations.common import get_row, update_field
from svi_desktop.store.tender_file import Change, TenderFile


def add_evaluator(tf: TenderFile, *, name: str, role: str = "", organisation: str = "", id: str | None = None) -> Evaluator:
    if not name.strip():
        raise KnownError("An evaluator needs a name.")
    ev = Evaluator(id or new_id(), name.strip(), role, organisation)
    with tf.operation(
        action="add evaluator", entity="evaluator", entity_id=ev.id, new=rows.evaluator_row(ev),
        change=Change("evaluators", (ev.id,)),
    ) as db:
        db["evaluators"].insert(rows.evaluator_row(ev))
    return ev


def get_evaluator(tf: TenderFile, evaluator_id: str) -> Evaluator:
    return rows.evaluator_from(get_row(tf, "evaluators", evaluator_id, "evaluator"))


def declare(tf: TenderFile, *, evaluator_id: str, conflict: bool, details: str = "", management: str = "") -> Evaluator:
    """Record a conflict-of-interest declaration, dated now."""
    if conflict and not (details.strip() and management.strip()):
        raise KnownError("A declared conflict needs its details and how it is managed.")
    old = get_evaluator(tf, evaluator_id)
    new = replace(old, declaration=Declaration(conflict, details, management, audit.now()))
    with tf.operation(
        action="declare interests", entity="evaluator", entity_id=evaluator_id,
        old=rows.evaluator_row(old), new=rows.evaluator_row(new), change=Change("evaluators", (evaluator_id,)),
    ) as db:
        db["evaluators"].update(evaluator_id, rows.evaluator_row(new))
    return new


def remove_evaluator(tf: TenderFile, *, evaluator_id: str) -> None:
    """Remove an evaluator who has recorded nothing (used to undo adding one)."""
    old = get_evaluator(tf, evaluator_id)
    if tf.query("SELECT 1 FROM scores WHERE evaluator_id = ? LIMIT 1", (evaluator_id,)):
        raise KnownError(f"{old.name} has recorded scores, so cannot be removed.")
    with tf.operation(action=f"remove evaluator {old.name}", entity="evaluator", entity_id=evaluator_id,
                      old=rows.evaluator_row(old), change=Change("evaluators", (evaluator_id,))) as db:
        db["evaluators"].delete(evaluator_id)


EVALUATOR_FIELDS = {"name": "name", "role": "role", "organisation": "organisation"}


def set_evaluator_field(tf: TenderFile, *, evaluator_id: str, field: str, value: str) -> bool:
    if field not in EVALUATOR_FIELDS:
        raise ValueError(field)
    if field == "name" and not value.strip():
        raise KnownError("An evaluator needs a name.")
    old = get_evaluator(tf, evaluator_id)
    return update_field(tf, table="evaluators", entity="evaluator", row_id=evaluator_id, field=field,
                        value=value.strip(), action=f"change {EVALUATOR_FIELDS[field]} of {old.name}",
                        change="evaluators", label=old.name)
