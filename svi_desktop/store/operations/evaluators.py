"""Operations on evaluators and their conflict-of-interest declarations."""

from __future__ import annotations

from dataclasses import replace

from svi_desktop.domain.award import name_refused
from svi_desktop.domain.changes import Applied, Change, ChangeKind, op, unchanged
from svi_desktop.domain.model import (
    EVALUATOR_FIELDS,
    BidConflict,
    ConflictManagement,
    Declaration,
    Evaluator,
    new_id,
)
from svi_desktop.errors import KnownError
from svi_desktop.store import audit, rows
from svi_desktop.store.operations.common import get_row, update_field
from svi_desktop.store.tender_file import TenderFile


def _check_name(tf: TenderFile, name: str, evaluator_id: str) -> None:
    problem = name_refused(name, [r[0] for r in tf.query("SELECT name FROM evaluators WHERE id != ?",
                                                         (evaluator_id,))])
    if problem:
        raise KnownError(problem)


def add_evaluator(tf: TenderFile, *, name: str, role: str = "", organisation: str = "", id: str | None = None) -> Applied:
    """A new evaluator on the panel, named as nobody on it is. Result: the Evaluator."""
    return restore_evaluator(tf, evaluator=Evaluator(id or new_id(), name.strip(), role.strip(), organisation.strip()))


def restore_evaluator(tf: TenderFile, *, evaluator: Evaluator) -> Applied:
    """Put an evaluator on the panel exactly as given (a new one, or one removed by undo), if nobody on it has
    their name."""
    _check_name(tf, evaluator.name, evaluator.id)
    change = Change(ChangeKind.EVALUATORS, (evaluator.id,))
    with tf.operation(
        action=f"add evaluator {evaluator.name}", entity="evaluator", entity_id=evaluator.id,
        new=rows.evaluator_row(evaluator),
    ) as db:
        db.table("evaluators").insert(rows.evaluator_row(evaluator))
    return Applied(change, evaluator, op(remove_evaluator, evaluator_id=evaluator.id))


def get_evaluator(tf: TenderFile, evaluator_id: str) -> Evaluator:
    return rows.evaluator_from(get_row(tf, "evaluators", evaluator_id, "evaluator"))


def declare(tf: TenderFile, *, evaluator_id: str, conflicts: tuple[tuple[str, str], ...] = ()) -> Applied:
    """Record a declaration of interests, bidder by bidder and dated now: `conflicts` holds (bid id, details) for
    each bidder the evaluator has a conflict with; none means no conflict with any. Each conflict excludes the
    evaluator from that bid until the lead decides otherwise (a decision already made for a bidder still declared
    stands). A recorded act with no inverse: a new declaration replaces it."""
    old = get_evaluator(tf, evaluator_id)
    bids = {r[0]: r[1] for r in tf.query("SELECT id, supplier FROM bids")}
    declared: dict[str, str] = {}
    for bid_id, details in conflicts:
        if bid_id not in bids:
            raise KnownError("That bidder is no longer in the tender; declare again.")
        if not details.strip():
            raise KnownError(f"Say what the conflict with {bids[bid_id]} is: the details are recorded.")
        declared[bid_id] = details.strip()
    before = {c.bid_id: c for c in (old.declaration.conflicts if old.declaration else ())}
    kept = {r[0]: r for r in tf.query("SELECT bid_id, management, reason, decided_at FROM conflicts "
                                      "WHERE evaluator_id = ?", (evaluator_id,))}
    summary = "; ".join(f"{bids[b]}: {d}" for b, d in declared.items())
    new = replace(old, declaration=Declaration(bool(declared), summary, "", audit.now(), tuple(
        BidConflict(b, d, before[b].management if b in before else ConflictManagement.EXCLUDED,
                    before[b].reason if b in before else "") for b, d in declared.items())))
    change = Change(ChangeKind.EVALUATORS, (evaluator_id,))
    with tf.operation(
        action="declare interests", entity="declaration", entity_id=evaluator_id, evaluator=old.name,
        old=rows.evaluator_row(old), new={**rows.evaluator_row(new), "conflicts": {bids[b]: d for b, d in declared.items()}},
    ) as db:
        db.table("evaluators").update(evaluator_id, rows.evaluator_row(new))
        db.execute("DELETE FROM conflicts WHERE evaluator_id = ?", [evaluator_id])
        assert new.declaration is not None
        for c in new.declaration.conflicts:
            db.table("conflicts").insert(rows.conflict_row(evaluator_id, c, kept[c.bid_id][3] if c.bid_id in kept else ""))
    return Applied(change, new, None)


def manage_conflict(tf: TenderFile, *, evaluator_id: str, bid_id: str, management: ConflictManagement,
                    reason: str = "") -> Applied:
    """The lead's decision on a declared conflict: the evaluator is excluded from the bid, or may score it (with
    the reason, recorded)."""
    found = tf.query("SELECT details, management, reason FROM conflicts WHERE evaluator_id = ? AND bid_id = ?",
                     (evaluator_id, bid_id))
    if not found:
        raise KnownError("That conflict is no longer declared; the evaluator may have declared again.")
    management = ConflictManagement(management)
    if management is ConflictManagement.MAY_SCORE and not reason.strip():
        raise KnownError("Say why the evaluator may score this bid despite the conflict: the reason is recorded.")
    reason = reason.strip() if management is ConflictManagement.MAY_SCORE else ""
    old_management, old_reason = ConflictManagement(found[0][1]), found[0][2]
    if (old_management, old_reason) == (management, reason):
        return unchanged()
    name = get_evaluator(tf, evaluator_id).name
    supplier = tf.query("SELECT supplier FROM bids WHERE id = ?", (bid_id,))[0][0]
    verb = "exclude" if management is ConflictManagement.EXCLUDED else "let score"
    with tf.operation(action=f"{verb} {name} for {supplier}" + (f": {reason}" if reason else ""),
                      entity="conflict", entity_id=f"{evaluator_id}:{bid_id}", evaluator=name,
                      old={"management": old_management.value, "reason": old_reason},
                      new={"management": management.value, "reason": reason}) as db:
        db.execute("UPDATE conflicts SET management = ?, reason = ?, decided_at = ? WHERE evaluator_id = ? AND "
                   "bid_id = ?", [management.value, reason, audit.now(), evaluator_id, bid_id])
    return Applied(Change(ChangeKind.EVALUATORS, (evaluator_id,)), management,
                   op(manage_conflict, evaluator_id=evaluator_id, bid_id=bid_id, management=old_management,
                      reason=old_reason))


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
    if field == "name":
        _check_name(tf, value, evaluator_id)
    old = get_evaluator(tf, evaluator_id)
    return update_field(tf, table="evaluators", entity="evaluator", row_id=evaluator_id, field=field,
                        value=value.strip(), action=f"change {EVALUATOR_FIELDS[field]} of {old.name}",
                        change=ChangeKind.EVALUATORS, label=old.name,
                        inverse=lambda before: op(set_evaluator_field, evaluator_id=evaluator_id, field=field,
                                                  value=before))
