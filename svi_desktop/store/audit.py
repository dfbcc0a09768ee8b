"""The audit trail: one hash-chained row per change, appended in the change's own transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from svi_desktop.domain.audit import AuditRow, canonical, row_hash
from svi_desktop.store.sealing import ChangedOutside

if TYPE_CHECKING:
    import sqlite_utils


GENESIS = "0" * 64


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def append(
    db: sqlite_utils.Database,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    old: Any = None,
    new: Any = None,
    seal: dict[str, dict[str, str | None]] | None = None,
    state: str | None = None,
    evaluator: str | None = None,
    expect_head: str | None = None,
) -> AuditRow:
    """Append one row; the caller's transaction makes it part of the change it records. With `expect_head`, the
    trail's newest row must be that one (the one this program last wrote or verified), or nothing is appended."""
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    if expect_head is not None and prev != expect_head:
        raise ChangedOutside("the audit trail's newest row is not the one this program last wrote")
    content: dict[str, Any] = {
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
    if seal:
        content["seal"] = canonical(seal)
    if state is not None:
        content["state"] = state
    if evaluator:
        content["evaluator"] = evaluator
    row = AuditRow(**content, hash=row_hash(content))
    columns = ["seq", "at", "actor", "action", "entity", "entity_id", "old", "new", "prev_hash", "hash"]
    values = [row.seq, row.at, row.actor, row.action, row.entity, row.entity_id, row.old, row.new, row.prev_hash,
              row.hash]
    if row.seal is not None:  # files before version 4 have no seal column
        columns.append("seal")
        values.append(row.seal)
    if row.state is not None:  # files before version 5 have no state column
        columns.append("state")
        values.append(row.state)
    if row.evaluator is not None:  # files before version 6 have no evaluator column
        columns.append("evaluator")
        values.append(row.evaluator)
    db.execute(f"INSERT INTO audit ({', '.join(columns)}) VALUES ({', '.join('?' * len(values))})", values)
    return row


def rows(db: sqlite_utils.Database) -> list[AuditRow]:
    """Every audit row, oldest first (files of any version: the seal and state columns came later)."""
    have = {r[1] for r in db.execute("PRAGMA table_info(audit)").fetchall()}
    extra = ", ".join(c if c in have else f"NULL AS {c}" for c in ("seal", "state", "evaluator"))
    cur = db.execute(f"SELECT seq, at, actor, action, entity, entity_id, old, new, prev_hash, hash, {extra} FROM audit "
                     "ORDER BY seq")
    return [AuditRow(*r) for r in cur.fetchall()]


# -- Seals: which rows each change wrote, so that a row changed outside the program is found -------------

SEALED = {"scores": "id", "consensus": "bid_id || ':' || criterion_id"}
_COLUMNS = {
    "scores": "id, evaluator_id, bid_id, criterion_id, value, rationale, evidence, flags, updated_at",
    "consensus": "bid_id, criterion_id, value, note, feedback, updated_at",
}


def row_digest(values: tuple) -> str:
    return hashlib.sha256(canonical(list(values)).encode("utf-8")).hexdigest()


def seal_all(db: Any) -> dict[str, dict[str, str | None]]:
    """A seal of every sealed row as it is now (a new file, an import, an upgrade)."""
    seal: dict[str, dict[str, str | None]] = {}
    for table, key in SEALED.items():
        for r in db.execute(f"SELECT {key}, {_COLUMNS[table]} FROM {table}").fetchall():
            seal.setdefault(table, {})[r[0]] = row_digest(tuple(r[1:]))
    return seal


def first_unsealed_row(db: Any) -> str | None:
    """None when every sealed row is as the audit trail last recorded it; else a sentence naming the first that is not."""
    expected: dict[tuple[str, str], tuple[str | None, int]] = {}
    for seq, seal in db.execute("SELECT seq, seal FROM audit WHERE seal IS NOT NULL ORDER BY seq").fetchall():
        for table, keys in json.loads(seal).items():
            for key, digest in keys.items():
                expected[(table, key)] = (digest, seq)
    names = {r[0]: r[1] for r in db.execute("SELECT id, name FROM evaluators")}
    bids = {r[0]: r[1] for r in db.execute("SELECT id, supplier FROM bids")}
    codes = {r[0]: r[1] for r in db.execute("SELECT id, code FROM criteria")}
    for table, key in SEALED.items():
        for r in db.execute(f"SELECT {key}, {_COLUMNS[table]} FROM {table} ORDER BY rowid").fetchall():
            digest, seq = expected.pop((table, r[0]), (None, 0))
            if digest == row_digest(tuple(r[1:])):
                continue
            where = _describe(table, r, names, bids, codes)
            if digest is None:
                return f"the {table} row {where} was added outside the program (no change in the audit trail made it)"
            return f"the {table} row {where} was changed outside the program after audit row {seq} recorded it"
    for (table, key), (digest, seq) in expected.items():
        if digest is not None:
            return f"a {table} row ({key}) recorded by audit row {seq} was deleted outside the program"
    return None


def _describe(table: str, r: tuple, names: dict, bids: dict, codes: dict) -> str:
    if table == "scores":
        _key, sid, evaluator, bid, crit, value = r[:6]
        return (f"{sid} ({names.get(evaluator, evaluator)}'s score of {value} for {bids.get(bid, bid)} on "
                f"{codes.get(crit, crit)})")
    _key, bid, crit, value = r[:4]
    return f"for {bids.get(bid, bid)} on {codes.get(crit, crit)} (consensus {value})"


@dataclass(frozen=True)
class ChainBreak:
    """Where the audit chain first fails to hold: the row, whether it was altered in place, and the sentence."""

    seq: int
    altered: bool  # the row is there but was changed after it was written (not missing, not out of order)
    sentence: str

    def __str__(self) -> str:
        return self.sentence


def first_break(db: sqlite_utils.Database) -> ChainBreak | None:
    """None when the chain holds; otherwise the first broken row."""
    prev = GENESIS
    expected_seq = 1
    for row in rows(db):
        if row.seq != expected_seq:
            return ChainBreak(expected_seq, False, f"audit row {expected_seq} is missing")
        if row.prev_hash != prev:
            return ChainBreak(row.seq, False, f"audit row {row.seq} ({row.action}) does not follow the row before it")
        if row.expected_hash() != row.hash:
            return ChainBreak(row.seq, True,
                              f"audit row {row.seq} ({row.action}, {row.at}) was changed after it was written")
        prev = row.hash
        expected_seq += 1
    return None


def digest(db: sqlite_utils.Database) -> str:
    """The hash of the newest row: a fingerprint of the whole trail."""
    last = db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return last[0] if last else GENESIS
