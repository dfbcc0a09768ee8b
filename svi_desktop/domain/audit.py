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
    state: str | None = None  # the state accumulator after the change (version 5): see store/state.py
    evaluator: str | None = None  # the evaluator the change was made by or for (version 6), apart from the actor

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
        if self.state is not None:  # rows written before version 5 have no state
            content["state"] = self.state
        if self.evaluator is not None:  # rows written before version 6 name no evaluator
            content["evaluator"] = self.evaluator
        return content

    @property
    def state_digest(self) -> str | None:
        """The digest of the tender's whole state after this change (None before version 5)."""
        return None if self.state is None else state_digest(self.state)

    def expected_hash(self) -> str:
        return row_hash(self.content())


def row_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def state_digest(state: str | None) -> str:
    """SHA-256 of a state accumulator (store/state.py), written as 384 big-endian bytes; an empty state is 1."""
    value = int(state, 16) if state else 1
    return hashlib.sha256(value.to_bytes(384, "big")).hexdigest()


def document_digest(rows: list[AuditRow]) -> str:
    """The digest a document prints: the state digest after the last change, or, for a file before version 5,
    the hash of the last audit row."""
    if not rows:
        return "(no audit rows)"
    return rows[-1].state_digest or rows[-1].hash
