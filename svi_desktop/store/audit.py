"""The audit trail: one hash-chained row per change, appended in the change's own transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    """JSON text that is the same for equal values, whatever the order of keys."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    old: str | None
    new: str | None
    prev_hash: str
    hash: str

    def content(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "old": self.old,
            "new": self.new,
            "prev_hash": self.prev_hash,
        }

    def expected_hash(self) -> str:
        return row_hash(self.content())


def row_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def append(
    db: sqlite_utils.Database,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    old: Any = None,
    new: Any = None,
) -> AuditRow:
    """Append one row; the caller's transaction makes it part of the change it records."""
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    content = {
        "seq": seq,
        "at": now(),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "old": None if old is None else canonical(old),
        "new": None if new is None else canonical(new),
        "prev_hash": prev,
    }
    row = AuditRow(**content, hash=row_hash(content))
    db.execute(
        "INSERT INTO audit (seq, at, actor, action, entity, entity_id, old, new, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [row.seq, row.at, row.actor, row.action, row.entity, row.entity_id, row.old, row.new, row.prev_hash, row.hash],
    )
    return row


def rows(db: sqlite_utils.Database) -> list[AuditRow]:
    cur = db.execute("SELECT seq, at, actor, action, entity, entity_id, old, new, prev_hash, hash FROM audit ORDER BY seq")
    return [AuditRow(*r) for r in cur.fetchall()]


def first_break(db: sqlite_utils.Database) -> str | None:
    """None when the chain holds; otherwise a sentence naming the first broken row."""
    prev = GENESIS
    expected_seq = 1
    for row in rows(db):
        if row.seq != expected_seq:
            return f"audit row {expected_seq} is missing"
        if row.prev_hash != prev:
            return f"audit row {row.seq} ({row.action}) does not follow the row before it"
        if row.expected_hash() != row.hash:
            return f"audit row {row.seq} ({row.action}, {row.at}) was changed after it was written"
        prev = row.hash
        expected_seq += 1
    return None


def digest(db: sqlite_utils.Database) -> str:
    """The hash of the newest row: a fingerprint of the whole trail."""
    last = db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return last[0] if last else GENESIS
