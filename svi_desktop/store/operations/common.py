"""Helpers shared by the operations: reading a row, changing one field with its inverse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from svi_desktop.domain.changes import Applied, Change, ChangeKind, Op, unchanged
from svi_desktop.errors import KnownError
from svi_desktop.store.tender_file import TenderFile

T = TypeVar("T")


def by_rule(rule: Callable[..., T], *args: Any) -> T:
    """What a domain rule keeps of `args`; its refusal (a ValueError, one sentence) told as a KnownError."""
    try:
        return rule(*args)
    except ValueError as exc:
        raise KnownError(str(exc)) from None


class NotFound(KnownError):
    """The thing an operation names is no longer in the file (deleted elsewhere, or a stale view)."""


def get_row(tf: TenderFile, table: str, row_id: str, what: str) -> dict[str, Any]:
    found = list(tf.db.table(table).rows_where("id = ?", [row_id], limit=1))
    if not found:
        raise NotFound(f"That {what} is no longer in the tender; it may have been removed.")
    return found[0]


def update_field(
    tf: TenderFile,
    *,
    table: str,
    entity: str,
    row_id: str,
    field: str,
    value: Any,
    action: str,
    change: ChangeKind,
    label: str,
    inverse: Callable[[Any], Op],
    reason: str | None = None,
) -> Applied:
    """Set one column of one row. Unchanged (nothing written) when it already had that value;
    otherwise the inverse is `inverse(stored value before)`, built here, beside the write. A field that decides the
    result (`reason` not None: a weight, a threshold, the price formula, a price) needs a reason once a bid is
    scored, recorded in the audit row (Procurement Act 2023, s.98)."""
    row = get_row(tf, table, row_id, entity)
    before = row[field]
    if before == value:
        return unchanged(False)
    new = {field: value, "label": label}
    if reason is not None:
        tf.ensure_can_change(entity)  # a frozen award, a pack or a read-only file says so before any reason is asked
        given = reason_after_scoring(tf, reason, f"the {action.removeprefix('change ')}")
        if given:
            action, new = f"{action}: {given}", {**new, "reason": given}
    with tf.operation(
        action=action,
        entity=entity,
        entity_id=row_id,
        old={field: before, "label": label},
        new=new,
    ) as db:
        db.table(table).update(row_id, {field: value})
    return Applied(Change(change, (row_id,)), True, inverse(before))


REASON_LIMIT = 2000


def undo_reason(reason: str) -> str:
    """The reason an undo records: the undo of the change's own ("" when the change needed none)."""
    return f"undo of: {' '.join(reason.split())}" if reason.strip() else ""


def reason_after_scoring(tf: TenderFile, reason: str, what: str) -> str:
    """The reason for a change to what decides the result, as recorded: required once a bid is scored (s.98: the
    record says why the evaluation changed after it began), at most 2,000 characters; "" before any score."""
    reason = " ".join(reason.split())
    if len(reason) > REASON_LIMIT:
        raise KnownError("The reason is longer than 2,000 characters; shorten it.")
    if not reason and tf.has_scores():
        raise KnownError(f"Bids have been scored, so a change to {what} needs a reason, which is recorded "
                         "(Procurement Act 2023, s.98); give one.")
    return reason
