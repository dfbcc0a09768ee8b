"""An audit row as the program reads it back: what changed, who changed it, and the hash that chains it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any


def canonical(value: Any) -> str:
    """JSON text that is the same for equal values, whatever the order of keys."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


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
    seal: str | None = None  # JSON {table: {row id: row hash or null}} of the rows this change touched

    def content(self) -> dict[str, Any]:
        content = {
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
        if self.seal is not None:  # rows written before version 4 have no seal, and hash without one
            content["seal"] = self.seal
        return content

    def expected_hash(self) -> str:
        return row_hash(self.content())


def row_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()
