"""Helpers shared by the operations: reading a row, changing one field."""

from __future__ import annotations

from typing import Any

from svi_desktop.errors import KnownError
from svi_desktop.store.tender_file import Change, TenderFile


class NotFound(KnownError):
    """The thing an operation names is no longer in the file (deleted elsewhere, or a stale view)."""


def get_row(tf: TenderFile, table: str, row_id: str, what: str) -> dict[str, Any]:
    found = list(tf.db[table].rows_where("id = ?", [row_id], limit=1))
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
    change: str,
    label: str,
) -> bool:
    """Set one column of one row; returns False (and writes nothing) when it already had that value."""
    row = get_row(tf, table, row_id, entity)
    if row[field] == value:
        return False
    with tf.operation(
        action=action,
        entity=entity,
        entity_id=row_id,
        old={field: row[field], "label": label},
        new={field: value, "label": label},
        change=Change(change, (row_id,)),
    ) as db:
        db[table].update(row_id, {field: value})
    return True
