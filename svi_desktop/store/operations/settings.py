"""Tender-level settings kept in the file (pack state, moderation lock, spread threshold)."""

from __future__ import annotations

from svi_desktop.store.tender_file import Change, TenderFile

PACK_EVALUATOR = "pack.evaluator_id"
PACK_ISSUED = "pack.issued_at"
PACK_SOURCE = "pack.source"
PACK_FRAMEWORK = "pack.framework_digest"
PACK_SUBMITTED = "pack.submitted_at"
PACK_DIGEST = "pack.scores_digest"
MODERATION_STARTED = "moderation.started_at"
SPREAD_THRESHOLD = "moderation.spread_threshold_percent"
DEFAULT_SPREAD_PERCENT = "40"


def get_setting(tf: TenderFile, key: str, default: str = "") -> str:
    found = tf.query("SELECT value FROM settings WHERE key = ?", (key,))
    return found[0][0] if found else default


def set_setting(tf: TenderFile, *, key: str, value: str | None, action: str) -> None:
    """Set (or, with None, clear) one setting, as one audited operation."""
    old = tf.query("SELECT value FROM settings WHERE key = ?", (key,))
    old_value = old[0][0] if old else None
    if old_value == value:
        return
    with tf.operation(action=action, entity="setting", entity_id=key, old=old_value, new=value,
                      change=Change("settings", (key,))) as db:
        if value is None:
            db["settings"].delete_where("key = ?", [key])
        else:
            db["settings"].upsert({"key": key, "value": value}, pk="key")
