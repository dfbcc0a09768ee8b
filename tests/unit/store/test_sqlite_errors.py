"""SQLite errors are told apart by their result code, never by the words of the message."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from svi_desktop.errors import DamagedFile, StorageError
from svi_desktop.store.tender_file import SqliteErrorCode, classify_sqlite_error


def _raised(action) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as info:
        action()
    return info.value


def test_disk_full(tmp_path: Path) -> None:
    con = sqlite3.connect(tmp_path / "t.db")
    con.execute("CREATE TABLE t (x)")
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.execute(f"PRAGMA max_page_count = {pages}")
    exc = _raised(lambda: con.execute("INSERT INTO t VALUES (?)", [b"x" * 100_000]))
    assert exc.sqlite_errorcode & 0xFF == SqliteErrorCode.FULL
    known = classify_sqlite_error(exc, "t.svi")
    assert isinstance(known, StorageError) and str(known).startswith("The disk holding t.svi is full")


def test_read_only(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)")
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    exc = _raised(lambda: con.execute("INSERT INTO t VALUES (1)"))
    assert exc.sqlite_errorcode & 0xFF == SqliteErrorCode.READONLY
    assert "cannot be written to" in str(classify_sqlite_error(exc, "t.svi"))


def test_busy(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0)
    exc = _raised(lambda: other.execute("INSERT INTO t VALUES (1)"))
    holder.execute("ROLLBACK")
    assert exc.sqlite_errorcode & 0xFF == SqliteErrorCode.BUSY
    assert "is busy in another program" in str(classify_sqlite_error(exc, "t.svi"))


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    path.write_bytes(b"This is a letter to the council, not a database.\n" * 100)
    exc = _raised(lambda: sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall())
    assert exc.sqlite_errorcode & 0xFF == SqliteErrorCode.NOTADB
    assert isinstance(classify_sqlite_error(exc, "t.svi"), DamagedFile)


def test_cannot_open(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "t.db"
    exc = _raised(lambda: sqlite3.connect(f"{missing.as_uri()}?mode=ro", uri=True))
    assert exc.sqlite_errorcode & 0xFF == SqliteErrorCode.CANTOPEN
    assert "may have been moved, deleted or disconnected" in str(classify_sqlite_error(exc, "t.svi"))


@pytest.mark.parametrize(("code", "words", "expected"), [
    (SqliteErrorCode.READONLY, "database or disk is full", "cannot be written to"),  # the code wins over the words
    (SqliteErrorCode.FULL, "attempt to write a readonly database", "is full"),
    (778, "disk I/O error", "may have been moved"),  # SQLITE_IOERR_WRITE: an extended code
    (SqliteErrorCode.CORRUPT, "locked", "is damaged"),
    (1, "database or disk is full", "could not be changed"),  # SQLITE_ERROR: nothing more is known
])
def test_mapping_reads_the_code_not_the_message(code: int, words: str, expected: str) -> None:
    exc = sqlite3.OperationalError(words)
    exc.sqlite_errorcode = int(code)
    assert expected in str(classify_sqlite_error(exc, "t.svi"))


def test_an_error_without_a_code_is_not_guessed_from_its_words() -> None:
    assert "could not be changed" in str(classify_sqlite_error(sqlite3.OperationalError("disk is full"), "t.svi"))


@pytest.mark.parametrize(("code", "with_wal", "expected"), [
    (SqliteErrorCode.CANTOPEN, True, "has unfinished changes from an interrupted session"),  # a hot log, read-only folder
    (SqliteErrorCode.READONLY, True, "cannot be completed in its folder"),
    (SqliteErrorCode.CANTOPEN, False, "cannot be opened from its folder"),
    (SqliteErrorCode.FULL, False, "is full, so it cannot be opened"),
    (SqliteErrorCode.NOTADB, False, "is damaged"),
])
def test_a_valid_file_is_never_called_damaged_for_its_folder(code: int, with_wal: bool, expected: str,
                                                             tmp_path: Path) -> None:
    from svi_desktop.store.tender_file import opening_error

    path = tmp_path / "t.svi"
    path.write_bytes(b"")
    if with_wal:
        Path(f"{path}-wal").write_bytes(b"x")
    exc = sqlite3.OperationalError("unable to open database file")
    exc.sqlite_errorcode = int(code)
    sentence = str(opening_error(exc, path))
    assert expected in sentence and "\n" not in sentence
    assert ("damaged" in sentence) == (code == SqliteErrorCode.NOTADB)
