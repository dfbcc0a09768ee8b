"""Sealing each change: which rows it wrote, their digests, and the state after it; finding rows changed elsewhere."""

from __future__ import annotations

import json
from typing import Any

from svi_desktop.domain.audit import state_value
from svi_desktop.errors import DamagedFile, KnownError
from svi_desktop.store.state import STATE_TABLES, Accumulator, key_text, row_digest


def install_change_capture(conn: Any) -> None:
    """TEMP triggers (this connection only, never in the file) note the key of every row each change writes, and
    the row as it was before the change, so that the change can check it against its seal before sealing anew."""
    # No unique key: inside a trigger SQLite applies the outer statement's conflict rule (an upsert's, say),
    # so duplicates are allowed here and removed when read.
    # ev: 'i' when the row was inserted, 'o' when an old row was overwritten or deleted; the first event of a key
    # in a transaction says whether the row existed before it.
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS svi_changed (tbl TEXT NOT NULL, key TEXT NOT NULL, ev TEXT)")
    # REPLACE deletes the row it replaces; only with recursive triggers do delete triggers see that row.
    conn.execute("PRAGMA recursive_triggers = ON")
    present = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'").fetchall()}
    for table, key in STATE_TABLES.items():
        if table not in present:
            continue
        columns = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})").fetchall()]
        # Same columns, same affinity: the old row's values are kept exactly as the file held them.
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS svi_old_{table} AS SELECT * FROM main.{table} WHERE 0")
        keep_old = f"INSERT INTO svi_old_{table} VALUES ({', '.join(f'OLD.{c}' for c in columns)}); "
        for event, refs in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            for ref in refs:
                expr = f"json_array({', '.join(f'{ref}.{c}' for c in key)})"
                conn.execute(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS svi_capture_{table}_{event.lower()}_{ref.lower()} "
                    f"AFTER {event} ON main.{table} BEGIN INSERT INTO svi_changed (tbl, key, ev) VALUES ('{table}', {expr}, "
                    f"'{'i' if event == 'INSERT' else 'o'}'); "
                    + (keep_old if ref == "OLD" else "") + "END")


class ChangedOutside(DamagedFile):
    """A row a change was about to overwrite was not as the program last sealed it."""


def _rows_before(db: Any, tables: set[str]) -> dict[tuple[str, str], str]:
    """The digest of each row the change overwrote or deleted, as it was before the change (the first capture of a
    row is its state before the transaction; later ones are this change's own intermediate writes)."""
    before: dict[tuple[str, str], str] = {}
    for table in tables:
        cur = db.execute(f"SELECT * FROM temp.svi_old_{table} ORDER BY rowid")
        found = cur.fetchall()
        if not found:
            continue
        columns = tuple(d[0] for d in cur.description)
        positions = [columns.index(c) for c in STATE_TABLES[table]]
        for row in found:
            before.setdefault((table, key_text(row[i] for i in positions)), row_digest(table, columns, tuple(row)))
        db.execute(f"DELETE FROM temp.svi_old_{table}")
    return before


def _where(table: str) -> str:
    return " AND ".join(f"{c} IS ?" for c in STATE_TABLES[table])


class TextRefused(KnownError):
    """Text that no document, notice or export could carry: refused at the one place every write passes."""


def _current(db: Any, table: str, key: list[Any]) -> str | None:
    cur = db.execute(f"SELECT * FROM {table} WHERE {_where(table)}", key)
    row = cur.fetchone()
    if row is None:
        return None
    if any(isinstance(v, str) and "\x00" in v for v in row):  # the caller's transaction rolls back
        raise TextRefused("Text cannot hold a NUL character (code 0), so nothing was written; remove it and try "
                          "again.")
    return row_digest(table, tuple(d[0] for d in cur.description), tuple(row))


def last_state(db: Any) -> str | None:
    found = db.execute("SELECT state FROM audit WHERE state IS NOT NULL ORDER BY seq DESC LIMIT 1").fetchone()
    return found[0] if found else None


def seal_changes(db: Any) -> str:
    """Bring row_digests up to date with the rows this change wrote; return the state after it."""
    # One row per key, with the event that touched it first (SQLite takes ev from the row min() chose).
    found = db.execute("SELECT tbl, key, ev, min(rowid) FROM svi_changed GROUP BY tbl, key").fetchall()
    db.execute("DELETE FROM svi_changed")
    changed = [(table, raw) for table, raw, _ev, _n in found]
    before = _rows_before(db, {table for table, _raw, _ev, _n in found})
    for table, raw, ev, _n in found:
        if ev == "i":  # the row did not exist before this change
            before.pop((table, key_text(json.loads(raw))), None)
    try:
        acc = Accumulator.parse(last_state(db))
    except ValueError:  # text no program version writes: the trail was edited outside the program
        raise DamagedFile("The tender file's audit trail records a state the program never wrote, so the change "
                          "was not saved; run svi check on the file and restore it from a backup.") from None
    added, removed = [], []
    for table, raw in changed:
        values = json.loads(raw)
        key = key_text(values)
        old = db.execute("SELECT digest FROM row_digests WHERE tbl = ? AND key = ?", [table, key]).fetchone()
        # The row as it was before this change must be the row its seal names: else this change would seal an
        # edit made outside the program (the caller's transaction rolls back).
        if (old[0] if old else None) != before.get((table, key)):
            raise ChangedOutside(f"the {table} row {key} was changed outside the program")
        new = _current(db, table, values)
        if old is not None and old[0] == new:
            continue
        if old is not None:
            removed.append(old[0])
        if new is None:
            db.execute("DELETE FROM row_digests WHERE tbl = ? AND key = ?", [table, key])
        else:
            added.append(new)
            db.execute("INSERT INTO row_digests (tbl, key, digest) VALUES (?, ?, ?) "
                       "ON CONFLICT (tbl, key) DO UPDATE SET digest = excluded.digest", [table, key, new])
    acc.add(added)
    acc.remove(removed)
    return acc.text()


def present_digests(db: Any) -> dict[tuple[str, str], str]:
    """Every row's digest, computed from the rows as they are now."""
    out: dict[tuple[str, str], str] = {}
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    for table, key in STATE_TABLES.items():
        if table not in present:  # a table a later version adds: while upgrading, it has no rows yet
            continue
        cur = db.execute(f"SELECT * FROM {table}")
        columns = tuple(d[0] for d in cur.description)
        positions = [columns.index(c) for c in key]
        for row in cur:
            out[(table, key_text(row[i] for i in positions))] = row_digest(table, columns, tuple(row))
    return out


def present_state(db: Any) -> str:
    """The state accumulator computed afresh from every row as it is now (not from the audit trail)."""
    acc = Accumulator()
    acc.add(present_digests(db).values())
    return acc.text()


def seal_everything(db: Any) -> str:
    """Digest every row afresh (a new file, an upgrade, an import); return the state."""
    db.execute("DELETE FROM row_digests")
    digests = present_digests(db)
    getattr(db, "conn", db).executemany("INSERT INTO row_digests (tbl, key, digest) VALUES (?, ?, ?)",
                   [(t, k, d) for (t, k), d in sorted(digests.items())])
    acc = Accumulator()
    acc.add(digests.values())
    return acc.text()


def _describe(table: str, key: str, names: dict[str, dict[str, str]], db: Any = None) -> str:
    values = json.loads(key)
    if table == "scores" and db is not None:
        row = db.execute("SELECT evaluator_id, bid_id, criterion_id, value FROM scores WHERE id = ?", values).fetchone()
        if row is not None:
            e, b, c, v = row
            return (f"the scores row {values[0]} ({names['evaluators'].get(e, e)}'s score of {v} for "
                    f"{names['bids'].get(b, b)} on {names['criteria'].get(c, c)})")
    label = names.get(table, {}).get(str(values[0])) if len(values) == 1 else None
    if table in ("responses", "consensus") and len(values) == 2:
        bid, crit = names["bids"].get(values[0], values[0]), names["criteria"].get(values[1], values[1])
        return f"the {table} row for {bid} on {crit}"
    return f"the {table} row {values[0] if len(values) == 1 else key}" + (f" ({label})" if label else "")


def _names(db: Any) -> dict[str, dict[str, str]]:
    evaluators = {r[0]: r[1] for r in db.execute("SELECT id, name FROM evaluators")}
    return {
        "bids": {r[0]: r[1] for r in db.execute("SELECT id, supplier FROM bids")},
        "criteria": {r[0]: r[1] for r in db.execute("SELECT id, code FROM criteria")},
        "evaluators": evaluators,
        "sections": {r[0]: r[1] for r in db.execute("SELECT id, name FROM sections")},
        "return_keys": evaluators,  # keyed by the evaluator
        "return_codes": evaluators,
    }


def first_difference(db: Any) -> str | None:
    """None when every row is as the program last wrote it and the state matches the audit trail; otherwise
    a sentence naming the first table and row that differs."""
    present = present_digests(db)
    recorded = {(t, k): d for t, k, d in db.execute("SELECT tbl, key, digest FROM row_digests")}
    if present != recorded:
        names = _names(db)
        order = {t: i for i, t in enumerate(STATE_TABLES)}
        differ = sorted((k for k in present.keys() | recorded.keys() if present.get(k) != recorded.get(k)),
                        key=lambda k: (order.get(k[0], len(order)), k not in present, k[1]))
        for t, key in differ:
            if (t, key) not in recorded:
                return (f"{_describe(t, key, names, db)} was added outside the program (no change in the audit trail "
                        "made it)")
            if (t, key) in present:
                return f"{_describe(t, key, names, db)} was changed outside the program"
            return f"{_describe(t, key, names)} was deleted outside the program"
    acc = Accumulator()
    acc.add(present.values())
    if acc.value != state_value(last_state(db)):
        return "the tender's state does not match the state the audit trail last recorded"
    return None
