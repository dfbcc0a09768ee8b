"""The two SQLite encryption libraries issue 34 names, measured side by side on the work a tender file does, to
choose between them (docs/decisions/0001-encryption-library.md records the choice and these figures).

    .venv/bin/pip install apsw-sqlite3mc   # only for this measurement: the program does not use it
    .venv/bin/python -m bench.encryption_libraries

For each of: the standard library's sqlite3 (the baseline), sqlcipher3 on a plain file and on an encrypted one, APSW
with SQLite3 Multiple Ciphers on a plain file and an encrypted one (its default cipher, ChaCha20-Poly1305): the time
to open a file and read its first row (key derivation included), the p95 of one small UPDATE and its commit in WAL
mode (a key press), and a read of every row of a 20,000-row table (a recalculation reads everything).
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROWS = 20_000
PASSPHRASE = "correct horse battery staple"


def _fill(execute, commit) -> None:  # type: ignore[no-untyped-def]
    execute("PRAGMA journal_mode = WAL")
    execute("CREATE TABLE scores (id INTEGER PRIMARY KEY, bid TEXT, criterion TEXT, value INTEGER, note TEXT)")
    execute("BEGIN")
    for i in range(ROWS):
        execute("INSERT INTO scores VALUES (?, ?, ?, ?, ?)", (i, f"bid{i % 200}", f"c{i % 20}", i % 5, "x" * 120))
    execute("COMMIT")
    commit()


def _measure(name: str, connect, key: str | None) -> dict:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.db"
        conn, execute, commit = connect(path, key)
        _fill(execute, commit)
        conn.close()
        opens = []
        for _ in range(7):
            start = time.perf_counter()
            conn, execute, commit = connect(path, key)
            list(execute("SELECT * FROM scores LIMIT 1"))
            opens.append(time.perf_counter() - start)
            conn.close()
        conn, execute, commit = connect(path, key)
        presses = []
        for i in range(400):
            start = time.perf_counter()
            execute("BEGIN")
            execute("UPDATE scores SET value = ? WHERE id = ?", (i % 5, (i * 37) % ROWS))
            execute("COMMIT")
            presses.append(time.perf_counter() - start)
        reads = []
        for _ in range(5):
            start = time.perf_counter()
            rows = list(execute("SELECT * FROM scores"))
            reads.append(time.perf_counter() - start)
            assert len(rows) == ROWS
        conn.close()
        clear = PASSPHRASE.encode() not in path.read_bytes() and b"xxxxxxxx" not in path.read_bytes()
    return {"library": name, "encrypted": key is not None, "open_ms": round(statistics.median(opens) * 1000, 2),
            "key_press_p95_ms": round(sorted(presses)[int(len(presses) * 0.95)] * 1000, 3),
            "read_all_ms": round(min(reads) * 1000, 2), "no_clear_text": clear}


def _stdlib(path: Path, key: str | None):  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(path, isolation_level=None)
    return conn, conn.execute, lambda: None


def _sqlcipher(path: Path, key: str | None):  # type: ignore[no-untyped-def]
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(str(path), isolation_level=None)
    if key is not None:
        conn.execute("PRAGMA key = " + "'" + key.replace("'", "''") + "'")
    return conn, conn.execute, lambda: None


def _apsw(path: Path, key: str | None):  # type: ignore[no-untyped-def]
    import apsw

    conn = apsw.Connection(str(path))
    if key is not None:
        conn.pragma("key", key)
    return conn, conn.execute, lambda: None


def main() -> int:
    results = [_measure("sqlite3 (standard library)", _stdlib, None)]
    try:
        import sqlcipher3  # noqa: F401

        results += [_measure("sqlcipher3", _sqlcipher, None), _measure("sqlcipher3", _sqlcipher, PASSPHRASE)]
    except ImportError:
        print("sqlcipher3 is not installed", file=sys.stderr)
    try:
        import apsw  # noqa: F401

        results += [_measure("apsw-sqlite3mc", _apsw, None), _measure("apsw-sqlite3mc", _apsw, PASSPHRASE)]
    except ImportError:
        print("apsw-sqlite3mc is not installed (pip install apsw-sqlite3mc to compare)", file=sys.stderr)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
