"""Helpers shared by the operations: reading a row, changing one field with its inverse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from svi_desktop.domain.changes import Applied, Change, ChangeKind, Op, unchanged
from svi_desktop.errors import KnownError
from svi_desktop.store.tender_file import TenderFile


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
) -> Applied:
    """Set one column of one row. Unchanged (nothing written) when it already had that value;
    otherwise the inverse is `inverse(stored value before)`, built here, beside the write."""
    row = get_row(tf, table, row_id, entity)
    before = row[field]
    if before == value:
        return unchanged(False)
    with tf.operation(
        action=action,
        entity=entity,
        entity_id=row_id,
        old={field: before, "label": label},
        new={field: value, "label": label},
    ) as db:
        db.table(table).update(row_id, {field: value})
    return Applied(Change(change, (row_id,)), True, inverse(before))
