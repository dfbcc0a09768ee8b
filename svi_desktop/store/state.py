"""The digest of a tender's whole state: every row of every table the program owns, kept up to date per change.

Each row has a digest (SHA-256 of its table, key and values, canonically written), kept in `row_digests`.
The state is a MuHash3072 accumulator over those digests: the product, modulo a 3072-bit prime, of each
digest expanded to a number. Adding or removing a row is one multiplication, so each change updates the state
without reading the whole file, and the same set of rows gives the same state whatever the order of the
changes that made it. Since version 9 the rows removed are multiplied into a denominator kept beside the
numerator (text `n/d`), as Bitcoin Core's MuHash does: dividing needs a modular inverse, 0.6 ms at 3072 bits,
and that is taken only when a digest is printed, not on every key press. The accumulator after each change is kept
in that change's audit row, inside the hash chain; its SHA-256 is the state digest printed on documents.

The honest limit: anyone holding the file and this program can recompute an unkeyed digest and chain after
editing the file. What that cannot forge is a digest already printed on a signed document: `svi check FILE
--expect DIGEST` compares the file with it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from svi_desktop.domain.audit import MODULUS, state_digest, state_parts

_BYTES = 384

# Every table whose rows make up the tender's state, with the columns of its key. The audit trail is the
# record of changes, not part of the state; row_digests is derived from the state.
STATE_TABLES: dict[str, tuple[str, ...]] = {
    "tender": ("id",),
    "scale_levels": ("value",),
    "sections": ("id",),
    "criteria": ("id",),
    "bids": ("id",),
    "responses": ("bid_id", "criterion_id"),
    "evaluators": ("id",),
    "scores": ("id",),
    "consensus": ("bid_id", "criterion_id"),
    "settings": ("key",),
    "documents": ("id",),
    "returns": ("id",),
    "return_keys": ("evaluator_id",),
    "conflicts": ("evaluator_id", "bid_id"),
    "assessments": ("id",),
    "signoffs": ("id",),
    "clarifications": ("id",),
    "lots": ("id",),
    "lot_criteria": ("criterion_id", "lot_code"),
    "commitments": ("id",),
    "kpis": ("id",),
    "kpi_periods": ("id",),
    "return_codes": ("evaluator_id",),
}


def key_text(values: Iterable[Any]) -> str:
    """A row's key as stored in row_digests: its key columns as a JSON list."""
    return json.dumps(list(values), separators=(",", ":"), ensure_ascii=False)


def _value(v: Any) -> Any:
    if isinstance(v, bytes | bytearray | memoryview):
        return {"sha256": hashlib.sha256(bytes(v)).hexdigest()}
    return v


def row_digest(table: str, columns: tuple[str, ...], row: tuple[Any, ...]) -> str:
    """SHA-256 of a row: its table and every column by name, so a value moved to another column shows."""
    doc = [table, [[c, _value(v)] for c, v in zip(columns, row, strict=True)]]
    return hashlib.sha256(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")).hexdigest()


def _element(digest: str) -> int:
    number = int.from_bytes(hashlib.shake_256(bytes.fromhex(digest)).digest(_BYTES), "big") % MODULUS
    return number or 1


@dataclass
class Accumulator:
    """The state as a fraction modulo MODULUS, numerator over denominator; 1/1 is the empty state."""

    numerator: int = 1
    denominator: int = 1

    @classmethod
    def parse(cls, text: str | None) -> Accumulator:
        """The accumulator an audit row recorded: hex `n` (before version 9, and whenever nothing was removed)
        or hex `n/d`. Text that is not a state is refused with ValueError."""
        parts = state_parts(text)
        if parts is None:
            raise ValueError("not a state accumulator")
        return cls(*parts)

    def add(self, digests: Iterable[str]) -> None:
        for d in digests:
            self.numerator = self.numerator * _element(d) % MODULUS

    def remove(self, digests: Iterable[str]) -> None:
        for d in digests:
            self.denominator = self.denominator * _element(d) % MODULUS

    @property
    def value(self) -> int:
        """The canonical number: the same for the same rows, however they were reached (one inverse)."""
        return self.numerator if self.denominator == 1 else (
            self.numerator * pow(self.denominator, -1, MODULUS) % MODULUS)

    def text(self) -> str:
        if self.denominator == 1:
            return format(self.numerator, "x")
        return f"{self.numerator:x}/{self.denominator:x}"

    def digest(self) -> str:
        """The state digest: the SHA-256 of the canonical number, as printed on exported documents."""
        return state_digest(self.text())
