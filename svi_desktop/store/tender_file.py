"""The one gateway to a tender file: opening, checks, pragmas, the lock, upgrades and operations."""

from __future__ import annotations

import contextlib
import logging
import os
import struct
from collections.abc import Callable, Iterator
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

from svi_desktop.domain.audit import AuditRow, record_digest, state_digest
from svi_desktop.domain.settings import FROZEN
from svi_desktop.errors import (
    DamagedFile,
    EncryptedFile,
    KnownError,
    NewerFileVersion,
    NotATenderFile,
    ReadOnlyFile,
    StorageError,
)
from svi_desktop.store import audit, defences, engine, keys, schema, sealing
from svi_desktop.store.award_record import award_record_problem
from svi_desktop.store.backup import backup_connection
from svi_desktop.store.engine import sqlite3
from svi_desktop.store.lock import TenderLock
from svi_desktop.store.outputs import check_output
from svi_desktop.store.paths import make_private

log = logging.getLogger("svi.store")

SQLITE_MAGIC = b"SQLite format 3\x00"
EXTENSION = ".svi"


# What an evaluator pack may change: its evaluator's scores (with rationale, evidence, flags), their declaration,
# and its submission.
# Not "file": a pack's encryption is the lead's (decrypted, it would carry the bids in clear; under another
# passphrase, its return could not be collected).
PACK_ENTITIES = frozenset({"score", "declaration", "pack", "restore"})
# What may change once the award is signed off and frozen: further sign-offs, unfreezing (with a reason), and the
# contract's KPIs and their ratings, which come after the award.
# "file": the file's own protection (encrypted, decrypted, its passphrase changed), which changes no content.
AWARD_ENTITIES = frozenset({"signoff", "award", "kpi", "notice", "file"})  # open after the award is frozen


def frozen_refusal(frozen_at: str) -> KnownError:
    return KnownError(f"The award was signed off and frozen on {frozen_at[:10]}, so nothing in it can change; to "
                      "change it, unfreeze it (Award > Unfreeze) and say why.")


def inspect_header(path: Path, *, encrypted: bool = False) -> tuple[int, int] | None:
    """(application_id, user_version) read from the file's header without opening it in SQLite; None for a file
    that may be encrypted when a passphrase is at hand (`encrypted`): its header is read once it is keyed."""
    name = path.name
    defences.check_is_regular_file(path)
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise StorageError(f"{name} cannot be read ({exc.strerror}); check that you may open it.") from None
    if not header:
        raise NotATenderFile(f"{name} is empty, so it is not a tender file; open another file or restore a backup.")
    if not header.startswith(SQLITE_MAGIC) and engine.looks_encrypted(header, size):
        if not encrypted:
            raise EncryptedFile(encrypted_refusal(name))
        return None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotATenderFile(f"{name} is not a tender file (it is not an SQLite database); open a .svi file.")
    user_version, application_id = struct.unpack(">I", header[60:64])[0], struct.unpack(">I", header[68:72])[0]
    return check_identity(name, application_id, user_version)


def encrypted_refusal(name: str) -> str:
    return f"{name} is encrypted: give its passphrase."


def wrong_passphrase(name: str) -> str:
    return f"{name} is encrypted and that passphrase does not open it: give its passphrase."


def check_identity(name: str, application_id: int, user_version: int) -> tuple[int, int]:
    """Refuse a file that is not ours, or newer than this program."""
    if application_id != schema.APPLICATION_ID or user_version < 1:
        raise NotATenderFile(f"{name} is an SQLite database but not an SVI Workbench tender file; open a .svi file.")
    if user_version > schema.SCHEMA_VERSION:
        raise NewerFileVersion(
            f"{name} was saved by a newer version of SVI Workbench (file version {user_version}; this one reads up to "
            f"version {schema.SCHEMA_VERSION}); install the newer version to open it."
        )
    return application_id, user_version


class SqliteErrorCode(IntEnum):
    """SQLite's primary result codes that say something about the user's environment (sqlite3.h)."""

    BUSY = 5
    LOCKED = 6
    READONLY = 8
    IOERR = 10
    CORRUPT = 11
    FULL = 13
    CANTOPEN = 14
    NOTADB = 26


def classify_sqlite_error(exc: sqlite3.Error, name: str) -> KnownError:
    """The sentence for an SQLite error, chosen by its result code, never by the words of its message."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = None if code is None else code & 0xFF  # extended codes keep the primary code in the low byte
    if primary == SqliteErrorCode.FULL:
        return StorageError(f"The disk holding {name} is full, so the change was not saved; free some space and try again.")
    if primary == SqliteErrorCode.READONLY:
        return StorageError(f"{name} cannot be written to (the file or its folder is read-only), so the change was not saved.")
    if primary in (SqliteErrorCode.IOERR, SqliteErrorCode.CANTOPEN):
        return StorageError(f"{name} could not be written (it may have been moved, deleted or disconnected), so the change was not saved.")
    if primary in (SqliteErrorCode.BUSY, SqliteErrorCode.LOCKED):
        return StorageError(f"{name} is busy in another program, so the change was not saved; try again.")
    if primary in (SqliteErrorCode.CORRUPT, SqliteErrorCode.NOTADB):
        return DamagedFile(f"{name} is damaged; restore it from a backup.")
    return StorageError(f"{name} could not be changed ({exc}); the change was not saved.")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


ENCRYPTED_CACHE_MAX = 256 * 1024 * 1024  # bytes of decrypted pages an encrypted file's connection may keep


def connect(path: Path, *, read_only: bool, passphrase: str | bytes | None = None) -> sqlite3.Connection:
    """A connection to the tender file at `path`. An encrypted file is keyed with its raw key and salt, derived
    here from the passphrase with SQLCipher's own parameters (engine.raw_key), once per process: a second
    connection, a reopen or a backup does not derive it again. Its page cache holds the whole file (up to 256 MB),
    so that each page is decrypted once, not once per reading."""
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    key = backup_key(path, passphrase) if passphrase else None
    conn = engine.connect(uri, uri=True, timeout=5.0, check_same_thread=False, passphrase=key)
    try:
        if key:
            size = min(path.stat().st_size, ENCRYPTED_CACHE_MAX)
            conn.execute(f"PRAGMA cache_size = {-(size // 1024 + 2048)}")
        defences.harden(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def opening_error(exc: sqlite3.Error, path: Path) -> KnownError:
    """The sentence for an SQLite error while opening: a valid file is never called damaged for its folder."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = None if code is None else code & 0xFF
    name = path.name
    if primary in (SqliteErrorCode.CORRUPT, SqliteErrorCode.NOTADB) or primary is None:
        return DamagedFile(f"{name} is damaged and cannot be read; restore it from a backup.")
    if primary == SqliteErrorCode.FULL:
        return StorageError(f"The disk holding {name} is full, so it cannot be opened; free some space and open it "
                            "again.")
    if primary in (SqliteErrorCode.BUSY, SqliteErrorCode.LOCKED):
        return StorageError(f"{name} is busy in another program; try again in a moment.")
    if defences.wal_path(path).exists():
        return StorageError(f"{name} has unfinished changes from an interrupted session ({name}-wal) that cannot be "
                            "completed in its folder (it cannot be written to); copy both files to a folder you can "
                            "write to and open the copy.")
    return StorageError(f"{name} cannot be opened from its folder (the folder or the file cannot be read or written); "
                        "copy it to a folder of your own and open the copy.")


def backup_key(path: Path, key: str | bytes | None) -> bytes | None:
    """The raw key and salt of the encrypted file at `path` opened with `key` (None for a plain file)."""
    if not key:
        return None
    salt = engine.file_salt(path)
    return engine.raw_key(key, salt) + salt


def _code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of an error."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _keyed_identity(conn: sqlite3.Connection, path: Path) -> tuple[int, int]:
    """An encrypted file's (application_id, user_version), read once it is keyed: the first read of the file, where
    a wrong passphrase fails (SQLCipher's check of the first page: 'not a database')."""
    try:
        application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if _code(exc) in (SqliteErrorCode.NOTADB, SqliteErrorCode.CORRUPT):
            raise EncryptedFile(wrong_passphrase(path.name)) from None
        raise
    return check_identity(path.name, application_id, user_version)


class TenderFile:
    """An open tender file. Every change goes through `operation`, which also writes the audit row."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, actor: str, read_only: bool, lock: TenderLock | None,
                 passphrase: str | bytes | None = None):
        self.path = path
        self.conn = conn
        self._passphrase = passphrase  # the encrypted file's, for its backups and copies; None for a plain file
        self._closed = False
        import sqlite_utils  # here, not at start-up: the start page opens no file

        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.actor = actor
        self.read_only = read_only
        self._lock = lock
        self._identity = _identity(path)
        found = conn.execute("SELECT value FROM settings WHERE key = 'pack.evaluator_id'").fetchone()
        self.pack_evaluator: str = found[0] if found else ""  # the one evaluator an evaluator pack belongs to
        named = conn.execute("SELECT name FROM evaluators WHERE id = ?", (self.pack_evaluator,)).fetchone()
        self._pack_name: str | None = named[0] if named else None
        # The chain's newest row when the whole file last checked out (every row against its seal, the chain, the
        # state); each write then checks its own rows and that head, and moves the head on (ensure_untampered).
        self._verified_head: str | None = None
        self._seen_version: int | None = None  # PRAGMA data_version when the whole file last checked out
        self._tampered: str | None = None
        if not read_only:
            sealing.install_change_capture(conn)

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        actor: str,
        read_only: bool = False,
        passphrase: str | bytes | None = None,
    ) -> TenderFile:
        """Open after checking the file; refuse a file that is not ours, newer, or damaged, leaving it untouched.
        An encrypted file opens with `passphrase` (or the one this process last opened it with); without one, or
        with a wrong one, it is refused in one sentence and nothing is read or written."""
        path = Path(path)
        defences.check_is_regular_file(path)
        passphrase = keys.as_key(passphrase or keys.known(path))  # a recovery key typed opens as its raw key
        try:
            ids = inspect_header(path, encrypted=bool(passphrase))
        except EncryptedFile:
            passphrase = keys.as_key(keys.ask(path))  # svi: SVI_PASSPHRASE or the terminal; none: refused as it is
            if not passphrase:
                raise
            ids = inspect_header(path, encrypted=True)
        key = passphrase if ids is None else None  # a plain file opens as it is, whatever passphrase is at hand
        lock = None
        conn = None
        try:
            if not read_only:
                lock = TenderLock(path)
                lock.acquire()
            # Before SQLite may replay a log that no writer holds:
            defences.verify_leftover_wal(path, we_hold_the_lock=lock is not None,
                                         passphrase=backup_key(path, key) if key else None)
            try:
                conn = connect(path, read_only=read_only, passphrase=key)
                if ids is None:
                    ids = _keyed_identity(conn, path)
                version = ids[1]
                defences.verify_schema(conn, path.name, version)
                check = conn.execute("PRAGMA quick_check").fetchone()[0]
                if check == "ok":
                    defences.verify_contents(conn, path.name)
            except sqlite3.Error as exc:
                if key and _code(exc) in (SqliteErrorCode.NOTADB, SqliteErrorCode.CORRUPT):
                    raise EncryptedFile(wrong_passphrase(path.name)) from None  # SQLCipher's check of page 1
                raise opening_error(exc, path) from None
            except UnicodeDecodeError:  # a damaged page can leave text that is not UTF-8 in the file's own schema
                raise DamagedFile(f"{path.name} is damaged and cannot be read; restore it from a backup.") from None
            if check != "ok":
                raise DamagedFile(f"{path.name} is damaged (SQLite's own check failed); restore it from a backup.")
            if version < schema.SCHEMA_VERSION:
                if read_only:
                    raise ReadOnlyFile(
                        f"{path.name} was made by an older version and must be upgraded; open it for editing once."
                    )
                _upgrade(conn, path, version, key)
            tf = cls(path, conn, actor=actor, read_only=read_only, lock=lock, passphrase=key)
            tf._check_award_record()
        except BaseException:
            if conn is not None:
                conn.close()
            if lock is not None:
                lock.release()
            raise
        if key:
            keys.remember(path, key)
        log.info("opened %s (%s%s)", path, "read-only" if read_only else "read-write", ", encrypted" if key else "")
        return tf

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    @property
    def passphrase(self) -> str | bytes | None:
        """What opened the encrypted file (its passphrase, or the raw key of its recovery key); None for a plain
        file."""
        return self._passphrase

    def backup_key(self) -> bytes | None:
        """The key of this file's backups and copies: its own raw key and salt, so that they open with its
        passphrase and with its recovery key alike (None for a plain file)."""
        return backup_key(self.path, self._passphrase)

    def recovery_key(self) -> str | None:
        """The recovery key of an encrypted file: its raw key, written out; None for a plain file."""
        key = self.backup_key()
        return keys.recovery_text(key[:32]) if key else None

    @classmethod
    def create(cls, path: str | Path, *, actor: str, build: Callable[[sqlite_utils.Database], None],
               passphrase: str | None = None) -> TenderFile:
        """Make a new tender file at `path` (which must not exist), filled by `build` in one transaction; encrypted
        with `passphrase` when one is given (from its first byte: no plain copy is ever written).

        The file is made under a temporary name and renamed when complete, so an
        interrupted creation leaves nothing behind.
        """
        path = Path(path)
        if path.exists():
            raise KnownError(f"{path.name} already exists; choose another name or open it instead.")
        check_output(path)  # a plain name, in a folder that exists and is not the backups folder
        if not path.parent.is_dir():
            raise StorageError(f"The folder {path.parent} does not exist; choose another folder.")
        tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
        try:
            conn = engine.connect(tmp, passphrase=passphrase)
            try:
                import sqlite_utils

                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA synchronous = FULL")
                db = sqlite_utils.Database(conn, execute_plugins=False)
                with db.atomic():
                    schema.create_latest(db)
                    build(db)
                    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
            os.replace(tmp, path)
            make_private(path)
        except sqlite3.Error as exc:
            raise classify_sqlite_error(exc, path.name) from None
        except OSError as exc:
            raise StorageError(f"{path.name} could not be created ({exc.strerror}); choose another folder.") from None
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)
        return cls.open(path, actor=actor, passphrase=passphrase)

    def _pack_evaluator_name(self) -> str | None:
        """In a pack every change is its evaluator's: the audit names them."""
        return self._pack_name

    def backup(self, reason: str, folder: Path | None = None) -> Path:
        """A verified copy of the file as it is now, in `folder` (default: the backups folder)."""
        return backup_connection(self.conn, self.path, reason, folder, passphrase=self.backup_key())

    def tender_id(self) -> str:
        return self.query("SELECT id FROM tender")[0][0]

    def release_connection(self) -> TenderLock | None:
        """Close the connection (its log copied into the file) but keep the writer's lock, which the caller now holds
        and must release: the file is about to be replaced by a converted copy (store.encryption)."""
        lock, self._lock = self._lock, None
        self.close()
        return lock

    @property
    def conn_closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(sqlite3.Error):
            if not self.read_only:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> TenderFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- changes ---------------------------------------------------------------

    @contextlib.contextmanager
    def operation(
        self,
        *,
        action: str,
        entity: str,
        entity_id: str,
        old: Any = None,
        new: Any = None,
        evaluator: str | None = None,
        frozen_checked: bool = False,
    ) -> Iterator[sqlite_utils.Database]:
        """One change: its writes and its audit row commit together or not at all. Refused when the award is
        frozen, unless the caller has just checked that itself (`frozen_checked`, the score key press's one read)."""
        self.ensure_can_change(entity, frozen_checked=frozen_checked)
        self.ensure_in_place()
        try:
            with self.db.atomic():  # a rollback also empties svi_changed, a TEMP table in the same transaction
                yield self.db
                row = audit.append(self.db, actor=self.actor, action=action, entity=entity, entity_id=entity_id,
                                   old=old, new=new, state=sealing.seal_changes(self.db),
                                   evaluator=evaluator if evaluator is not None else self._pack_evaluator_name(),
                                   expect_head=self._verified_head)
        except sealing.ChangedOutside as exc:  # rolled back, TEMP captures with it
            raise self._changed_outside(str(exc)) from None
        except UnicodeEncodeError:  # a lone surrogate (pasted from a broken source) cannot be stored as UTF-8
            raise sealing.TextRefused("Text holds a character that is not valid Unicode (half of a pair), so nothing "
                                      "was written; type or paste it again from its source.") from None
        except sqlite3.IntegrityError:
            raise  # a rule of the schema: a bug in the caller, not the user's environment
        except sqlite3.Error as exc:
            raise classify_sqlite_error(exc, self.path.name) from None
        self._verified_head = row.hash

    # -- the file as the program left it ------------------------------------------

    def _changed_outside(self, problem: str) -> DamagedFile:
        self._tampered = problem
        self._verified_head = None
        last = self.conn.execute("SELECT at FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        since = f" since {last[0][:16].replace('T', ' ')} UTC" if last else ""
        return DamagedFile(f"{self.path.name} was changed outside SVI Workbench{since} ({problem}), so nothing was "
                           f"written; run svi check on it and restore it from a backup.")

    def ensure_untampered(self, *, afresh: bool = False) -> None:
        """Refuse to write to a file that svi check would fail: a row, the chain, the state or the award's record
        changed outside the program. The whole file is checked once, before the first change (about 1.8 s at 200
        bids x 10 evaluators: bench/scoring.py's first key press), or again with `afresh` (a sign-off); from then on
        each change checks the rows it overwrites and the chain's head, so a key press stays cheap. And if any
        other connection has committed to the file since (PRAGMA data_version moves only then: this program holds
        the writer's lock, so that is an edit made outside it, to any row, read or written), the whole file again."""
        if self._tampered is not None:
            raise self._changed_outside(self._tampered)
        if self._verified_head is not None and not afresh and self._data_version() == self._seen_version:
            return
        problem = _first_problem(self.db)
        if problem is None and self._verified_head is not None and audit.digest(self.db) != self._verified_head:
            problem = "the audit trail's last row is not the one this program wrote"  # the chain rewritten whole
        if problem is not None:
            raise self._changed_outside(problem)
        self._mark_verified()

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def _mark_verified(self) -> None:
        """The whole file has just checked out: its chain head and data version are the ones to follow."""
        self._verified_head = audit.digest(self.db)
        self._seen_version = self._data_version()

    @property
    def integrity_problem(self) -> str | None:
        """What opening found changed outside the program (the award's record, or any row of a frozen award)."""
        return self._tampered

    def _check_award_record(self) -> None:
        """At every open: the sign-offs and the freeze against the chain; opened for writing, a frozen award's every
        row too (read-only, a final document checks every row before it is made: workflows.exports)."""
        problem = award_record_problem(self.conn)
        if problem is None and not self.read_only and self.query("SELECT 1 FROM settings WHERE key = ?", (FROZEN,)):
            problem = _first_problem(self.db)
            if problem is None:
                self._mark_verified()
        self._tampered = problem

    def accept_restored(self) -> None:
        """The content was just replaced by a backup that checked out: its head is the one to follow from now."""
        self._tampered = None
        self._mark_verified()

    def has_scores(self) -> bool:
        """Whether any bid is scored: from then on the regime, weights, thresholds, the price formula and prices
        change only with a reason (Procurement Act 2023, s.98)."""
        return bool(self.query("SELECT 1 FROM scores LIMIT 1"))

    def ensure_can_change(self, entity: str, *, frozen_checked: bool = False) -> None:
        """Refuse, in this order, a change to a file open read-only, to a pack beyond its evaluator's own record, to
        a file changed outside the program, and to a frozen award (unless `entity` is the award's own record)."""
        if self.read_only:
            raise ReadOnlyFile(f"{self.path.name} is open read-only, so it cannot be changed.")
        if self.pack_evaluator and entity not in PACK_ENTITIES:
            raise KnownError(f"{self.path.name} is an evaluator pack: it records only its evaluator's own scores and "
                             "declaration; every other change is made in the lead's tender file.")
        self.ensure_untampered()  # first: a file changed outside the program is told as such, whatever else
        if entity not in AWARD_ENTITIES and not frozen_checked:
            self.ensure_not_frozen()

    def ensure_not_frozen(self) -> None:
        """Refuse every change to a signed-off award: the store refuses it, not only the window."""
        found = self.query("SELECT value FROM settings WHERE key = ?", (FROZEN,))
        if found:
            raise frozen_refusal(found[0][0])

    def ensure_in_place(self) -> None:
        """Refuse to write when the file was moved or deleted while open: the writes would go nowhere."""
        if _identity(self.path) != self._identity:
            raise StorageError(
                f"{self.path.name} was moved, renamed or deleted while it was open, so the change was not saved; "
                "use File > Save a Copy As to keep your work, then open the copy."
            )

    def query(self, sql: str, params: Any = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise classify_sqlite_error(exc, self.path.name) from None

    def audit_rows(self) -> list[AuditRow]:
        return audit.rows(self.db)

    def audit_break(self) -> audit.ChainBreak | None:
        """Where the audit chain first fails to hold, if it does."""
        return audit.first_break(self.db)

    def unsealed_row(self) -> str | None:
        """A sentence naming the first row changed, added or deleted outside the program, if any."""
        return sealing.first_difference(self.db)

    def present_state_digest(self) -> str:
        """The digest of the tender's state computed from its rows as they are now, trusting nothing recorded."""
        return state_digest(sealing.present_state(self.db))

    def record_digest(self) -> str:
        """The digest documents print: the state recomputed from the rows and the audit trail's head."""
        return record_digest(self.present_state_digest(), audit.digest(self.db))

    def state_digest(self) -> str:
        """The digest of the tender's whole state now, as the audit trail last recorded it."""
        return state_digest(sealing.last_state(self.db))

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity check, the schema version and the audit chain."""
        problems = []
        result = [r[0] for r in self.query("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems.append("SQLite's integrity check failed: " + "; ".join(result[:3]))
        version = self.query("PRAGMA user_version")[0][0]
        if version != schema.SCHEMA_VERSION:
            problems.append(f"the schema version is {version}, expected {schema.SCHEMA_VERSION}")
        broken = audit.first_break(self.db)
        if broken:
            problems.append(str(broken))
        unsealed = sealing.first_difference(self.db)
        if unsealed:
            problems.append(unsealed)
        award = award_record_problem(self.conn)
        if award:
            problems.append(award)
        return problems


def _first_problem(db: sqlite_utils.Database) -> str | None:
    """The first problem svi check would name in the rows, the chain or the award's record, or None."""
    broken = audit.first_break(db)
    return str(broken) if broken else sealing.first_difference(db) or award_record_problem(db.conn)


def _upgrade(conn: sqlite3.Connection, path: Path, version: int, key: str | bytes | None = None) -> None:
    """Upgrade in one exclusive transaction, after a verified backup (encrypted as the file is); on any error, roll
    back."""
    backup = backup_connection(conn, path, f"before-upgrade-from-v{version}", passphrase=backup_key(path, key))
    log.info("backed up %s to %s before upgrading from version %d", path, backup, version)
    import sqlite_utils

    db = sqlite_utils.Database(conn, execute_plugins=False)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        for v in range(version, schema.SCHEMA_VERSION):
            schema.UPGRADES[v](db)
            conn.execute(f"PRAGMA user_version = {v + 1}")
        conn.execute("COMMIT")
    except BaseException as exc:
        conn.execute("ROLLBACK")
        if isinstance(exc, KnownError):
            raise
        log.exception("upgrade of %s failed", path)
        raise KnownError(
            f"{path.name} could not be upgraded to this version, so it was left unchanged; "
            f"a backup is at {backup}. Please report this problem."
        ) from exc
