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


# 2**3072 - 1103717 is prime (the modulus of Bitcoin Core's MuHash3072): see store/state.py.
MODULUS = 2**3072 - 1103717


def state_parts(state: str | None) -> tuple[int, int] | None:
    """A state accumulator's text as (numerator, denominator): hex `n`, or hex `n/d` (version 9 keeps the rows
    removed in a denominator so a change needs no inverse). None when the text is not a state."""
    if not state:
        return 1, 1
    if len(state) > 1600:  # two 3072-bit numbers in hex are at most 1,537 characters
        return None
    numerator, _, denominator = state.partition("/")
    try:
        n, d = int(numerator, 16), int(denominator or "1", 16)
    except ValueError:
        return None
    if not (0 < n < MODULUS and 0 < d < MODULUS) or state.startswith(("-", "+")) or denominator.startswith(("-", "+")):
        return None
    return n, d


def state_value(state: str | None) -> int | None:
    """The number a state accumulator's text stands for (n times the inverse of d, modulo MODULUS); None when the
    text is not a state."""
    parts = state_parts(state)
    if parts is None:
        return None
    n, d = parts
    return n if d == 1 else n * pow(d, -1, MODULUS) % MODULUS


def state_digest(state: str | None) -> str:
    """SHA-256 of a state accumulator (store/state.py), written as 384 big-endian bytes; an empty state is 1.
    Text that is not a state (a hostile file's) gets a digest no real state has: it is marked before hashing."""
    value = state_value(state)
    if value is None:
        return hashlib.sha256(b"not a state: " + str(state).encode("utf-8", "replace")).hexdigest()
    return hashlib.sha256(value.to_bytes(384, "big")).hexdigest()


def record_digest(state_digest_hex: str, head: str) -> str:
    """The record digest: the tender's whole state and the audit trail that reached it, in one SHA-256. The state
    digest covers every row; the head (the newest audit row's hash) covers the chain before it."""
    return hashlib.sha256(f"svi-record-1:{state_digest_hex}:{head}".encode("ascii", "replace")).hexdigest()


def document_digest(rows: list[AuditRow]) -> str:
    """The digest a document prints: the record digest after the last change (the state and the trail), or, for
    a file before version 5, the hash of the last audit row."""
    if not rows:
        return "(no audit rows)"
    last = rows[-1]
    return record_digest(last.state_digest, last.hash) if last.state_digest else last.hash
