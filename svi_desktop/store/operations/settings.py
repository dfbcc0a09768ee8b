"""Tender-level settings kept in the file (pack state, moderation lock, spread threshold)."""

from __future__ import annotations

from svi_desktop.domain.changes import Applied, Change, ChangeKind, op, unchanged
from svi_desktop.domain.settings import published_where
from svi_desktop.store.operations.common import by_rule
from svi_desktop.store.tender_file import TenderFile

UNDO_PREFIX = "undo: "


def get_setting(tf: TenderFile, key: str, default: str = "") -> str:
    found = tf.query("SELECT value FROM settings WHERE key = ?", (key,))
    return found[0][0] if found else default


def set_setting(tf: TenderFile, *, key: str, value: str | None, action: str, entity: str = "setting") -> Applied:
    """Set (or, with None, clear) one setting, as one audited operation.

    The inverse puts the old value back under the action "undo: <action>"; its own inverse
    (a redo) is recorded under the original action again.
    """
    old = tf.query("SELECT value FROM settings WHERE key = ?", (key,))
    old_value = old[0][0] if old else None
    if old_value == value:
        return unchanged()
    change = Change(ChangeKind.SETTINGS, (key,))
    with tf.operation(action=action, entity=entity, entity_id=key, old=old_value, new=value) as db:
        if value is None:
            db.table("settings").delete_where("key = ?", [key])
        else:
            db.table("settings").upsert({"key": key, "value": value}, pk="key")
    undo_action = action[len(UNDO_PREFIX):] if action.startswith(UNDO_PREFIX) else UNDO_PREFIX + action
    return Applied(change, value, op(set_setting, key=key, value=old_value, action=undo_action, entity=entity))


def where_published(where: str, what: str) -> str | None:
    """Where something the summaries cite was published, by its rule (domain/settings.py)."""
    return by_rule(published_where, where, what)
