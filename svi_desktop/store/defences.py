"""Opening a file that may be hostile, as SQLite advises for untrusted databases.

Before anything trusts a file: it must be a regular file; the connection runs with trusted_schema off,
cell_size_check on, DEFENSIVE where Python allows it, and limits on lengths; its schema (every table,
index, trigger and view) must equal the one this program makes for the file's version; a leftover
write-ahead log must be this file's own before SQLite may replay it.
"""

from __future__ import annotations

import functools
import re
import shutil
import stat
import tempfile
from pathlib import Path

from svi_desktop.errors import DamagedFile, EncryptedFile, NotATenderFile, StorageError
from svi_desktop.store import engine, schema
from svi_desktop.store.engine import sqlite3

LIMIT_LENGTH = 64 * 1024 * 1024  # the longest text or BLOB a file may hold: documents are at most 25 MB
LIMIT_SQL_LENGTH = 10 * 1024 * 1024
LEFTOVER_SUFFIXES = (".creating", ".part")


def check_is_regular_file(path: Path) -> None:
    """Refuse a folder, a FIFO, a device or a socket before anything opens it (reading a FIFO would hang)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise NotATenderFile(f"{path.name} does not exist; check the name and the folder.") from None
    except OSError as exc:
        raise StorageError(f"{path.name} cannot be read ({exc.strerror}); check that you may open it.") from None
    if stat.S_ISDIR(mode):
        raise NotATenderFile(f"{path.name} is a folder, not a tender file.")
    if not stat.S_ISREG(mode):
        raise NotATenderFile(f"{path.name} is not an ordinary file (it is a pipe, a device or a socket), so it is "
                             "not a tender file.")
    if path.name.endswith(LEFTOVER_SUFFIXES):
        raise NotATenderFile(f"{path.name} is an unfinished file left by an interrupted save, not a tender file.")


class UndecodableText(DamagedFile):
    """Text in the file that is not valid UTF-8: the program never writes such text."""


def strict_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UndecodableText("The tender file is damaged: it holds text that is not valid UTF-8; restore it from a "
                              "backup.") from None


def harden(conn: sqlite3.Connection) -> None:
    """The settings SQLite recommends for a database file that may have been made by someone else."""
    conn.text_factory = strict_text
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    engine.defensive(conn)
    engine.setlimit(conn, engine.LIMIT_LENGTH, LIMIT_LENGTH)
    engine.setlimit(conn, engine.LIMIT_SQL_LENGTH, LIMIT_SQL_LENGTH)
    engine.setlimit(conn, engine.LIMIT_ATTACHED, 0)
    engine.setlimit(conn, engine.LIMIT_TRIGGER_DEPTH, 4)


def _normal(sql: str | None) -> str | None:
    return None if sql is None else re.sub(r"\s+", " ", sql).strip()


@functools.cache
def reference_schema(version: int) -> frozenset[tuple[str, str, str, str | None]]:
    """What sqlite_master holds in a file of `version` made by this program: (type, name, table, sql)."""
    import sqlite_utils

    conn = sqlite3.connect(":memory:")
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        schema.create_v1(db)
        for v in range(1, version):
            schema.UPGRADES[v](db)
        return frozenset(
            (t, n, tbl, _normal(sql))
            for t, n, tbl, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
        )
    finally:
        conn.close()


def verify_schema(conn: sqlite3.Connection, name: str, version: int) -> None:
    """Refuse a file whose tables, indexes, triggers or views are not exactly this program's own."""
    try:
        found = {(t, n, tbl, _normal(sql))
                 for t, n, tbl, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")}
    except sqlite3.DatabaseError:
        raise DamagedFile(f"{name} is damaged and cannot be read; restore it from a backup.") from None
    if not 1 <= version <= schema.SCHEMA_VERSION:  # a version no program made, or a newer one: never trusted here
        raise DamagedFile(f"{name} claims a file version ({version}) this program did not make, so it was not "
                          "opened; restore it from a backup.")
    expected = reference_schema(version)
    if found == expected:
        return
    tables = {n for t, n, _tbl, _s in found if t == "table"}
    missing = sorted(n for t, n, _tbl, _s in expected if t == "table" and n not in tables)
    if missing:
        raise DamagedFile(f"{name} is missing part of a tender ({missing[0]}); restore it from a backup.")
    extra = sorted((t, n) for t, n, _tbl, _s in found - expected if (t, n) not in {(e[0], e[1]) for e in expected})
    if extra:
        kind, what = extra[0]
        raise DamagedFile(f"{name} holds a {kind} named {what!r} that SVI Workbench did not put there, so it was not "
                          "opened; restore it from a backup.")
    changed = sorted((t, n) for t, n, _tbl, _s in found - expected)
    if not changed:  # something of ours was dropped: the audit trail's append-only triggers, say
        kind, what = sorted((t, n) for t, n, _tbl, _s in expected - found)[0]
        raise DamagedFile(f"{name} is missing its {kind} {what}, so it was not opened; restore it from a backup.")
    kind, what = changed[0]
    raise DamagedFile(f"{name} has a {kind} ({what}) that is not as SVI Workbench made it, so it was not opened; "
                      "restore it from a backup.")


def verify_contents(conn: sqlite3.Connection, name: str) -> None:
    """The few facts every reader relies on: one tender row, and a scale."""
    (tenders,) = conn.execute("SELECT COUNT(*) FROM tender").fetchone()
    if tenders != 1:
        raise DamagedFile(f"{name} is damaged: it should describe one tender and describes {tenders}; "
                          "restore it from a backup.")
    (levels,) = conn.execute("SELECT COUNT(*) FROM scale_levels").fetchone()
    if levels < 2:
        raise DamagedFile(f"{name} is damaged: its scoring scale has {levels} level(s); restore it from a backup.")
    broken = conn.execute("PRAGMA foreign_key_check").fetchone()
    if broken is not None:
        raise DamagedFile(f"{name} is damaged: row {broken[1]} of the {broken[0]} table refers to a {broken[2]} row "
                          "that is not there; restore it from a backup.")
    for table in ("scores", "consensus"):
        off = conn.execute(f"SELECT rowid FROM {table} WHERE typeof(value) != 'integer' "
                           "OR value NOT IN (SELECT value FROM scale_levels) LIMIT 1").fetchone()
        if off is not None:
            raise DamagedFile(f"{name} is damaged: row {off[0]} of the {table} table holds a score that is not on the "
                              "tender's scale; restore it from a backup.")


def wal_path(path: Path) -> Path:
    return Path(f"{path}-wal")


def _last_audit_row_without_log(base: Path, passphrase: str | bytes | None = None) -> tuple[int, str] | None:
    """The file's last audit row read from the file alone, or None when the file alone cannot be read: a program
    killed while SQLite copied the log into the file (a checkpoint cut short) leaves pages half old, half new, which
    only the log makes whole. The log's replay is then judged on its own: integrity, schema, chain and seals."""
    before = engine.connect(base, passphrase=passphrase)
    try:
        harden(before)
        if before.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return None
        row = before.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        return None if row is None else (int(row[0]), str(row[1]))
    except (sqlite3.DatabaseError, DamagedFile):
        return None
    finally:
        before.close()


def verify_leftover_wal(path: Path, *, we_hold_the_lock: bool, passphrase: str | bytes | None = None) -> None:
    """A write-ahead log left beside a file no program holds open: replay it on a copy first, and let SQLite
    replay it into the file only if the result is this file's own trail carried on, intact."""
    wal = wal_path(path)
    try:
        if not wal.exists() or wal.stat().st_size == 0:
            return
    except OSError:
        return
    from svi_desktop.store.lock import writer_present

    if not we_hold_the_lock and writer_present(path):  # the writer's own log, in use: not left over
        return
    from svi_desktop.store import audit, sealing

    refusal = DamagedFile(
        f"{path.name} has a leftover journal beside it ({wal.name}) that does not belong to it, so neither was "
        f"opened; move {wal.name} out of the folder and open {path.name} again.")
    with tempfile.TemporaryDirectory(prefix="svi-wal-") as tmp:
        base, replay = Path(tmp) / "base.svi", Path(tmp) / "replay.svi"
        try:
            shutil.copyfile(path, base)
            shutil.copyfile(path, replay)
            shutil.copyfile(wal, wal_path(replay))
        except OSError as exc:
            raise StorageError(f"{path.name} could not be checked ({exc.strerror}); nothing was changed.") from None
        if passphrase:  # a wrong passphrase is told as such, not as a log that does not belong
            probe = engine.connect(base, passphrase=passphrase)
            try:
                probe.execute("PRAGMA user_version").fetchone()
            except sqlite3.DatabaseError:
                raise EncryptedFile(f"{path.name} is encrypted and that passphrase does not open it: give its "
                                    "passphrase.") from None
            finally:
                probe.close()
        last = _last_audit_row_without_log(base, passphrase)
        try:
            after = engine.connect(replay, passphrase=passphrase)
            harden(after)
            try:
                if after.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise refusal
                version = after.execute("PRAGMA user_version").fetchone()[0]
                verify_schema(after, path.name, version)
                if last is not None:
                    kept = after.execute("SELECT hash FROM audit WHERE seq = ?", [last[0]]).fetchone()
                    if kept is None or kept[0] != last[1]:
                        raise refusal
                import sqlite_utils

                if audit.first_break(sqlite_utils.Database(after, execute_plugins=False)) is not None:
                    raise refusal
                if version >= 5 and sealing.first_difference(after) is not None:
                    raise refusal
            finally:
                after.close()
        except (sqlite3.DatabaseError, DamagedFile):
            raise refusal from None
