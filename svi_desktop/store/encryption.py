"""Encrypting a tender file, decrypting it and changing its passphrase: each one step that is complete or not done.

The file is exported by SQLCipher (sqlcipher_export) into a new file beside it, keyed with the new passphrase (or
none), in a private folder of the same folder; the copy is opened and checked as any tender is, the change is
written to its audit trail (the state digest stays as it was: no content changes), and the copy replaces the file
in one rename while the writer's lock is held. The tender's backups are converted the same way, so that an
encrypted tender leaves no backup in clear. The file as it was is untouched until the rename.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from svi_desktop.errors import KnownError, StorageError
from svi_desktop.store import engine, keys, schema
from svi_desktop.store.backup import list_backups
from svi_desktop.store.engine import sqlite3
from svi_desktop.store.paths import make_private
from svi_desktop.store.tender_file import TenderFile, classify_sqlite_error


def _export(source: Path, old: str | bytes | None, target: Path, new: str | bytes | None) -> None:
    """Every table, index, trigger and row of `source` into a new file `target`, keyed with `new` (plain when None),
    with the file's version and application id and in WAL mode, as every tender file."""
    conn = engine.connect(source, passphrase=old)  # our own file, under our lock: no ATTACH limit on this one
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        key = "x'" + new.hex() + "'" if isinstance(new, bytes) else (new or "")  # raw key and salt, or passphrase
        conn.execute("ATTACH DATABASE ? AS target KEY ?", (str(target), key))
        conn.execute("SELECT sqlcipher_export('target')")
        conn.execute(f"PRAGMA target.user_version = {version}")
        conn.execute(f"PRAGMA target.application_id = {schema.APPLICATION_ID}")
        conn.execute("DETACH DATABASE target")
    finally:
        conn.close()
    out = engine.connect(target, passphrase=new)
    try:
        out.execute("PRAGMA journal_mode = WAL")
    finally:
        out.close()


@dataclass(frozen=True)
class Converted:
    backups: int  # the tender's backups converted with it
    recovery_key: str  # the new recovery key ("" once decrypted): shown once, never stored


def convert(path: Path, *, actor: str, old: str | bytes | None, new: str | None) -> Converted:
    """Encrypt (`old` None), decrypt (`new` None) or change the passphrase of the tender file at `path` (`old` may
    be the raw key of its recovery key: a lost passphrase replaced)."""
    path = Path(path)
    old = keys.as_key(old)  # a recovery key typed stands for its raw key
    if old is None and new is None:
        raise KnownError("Nothing to do: give the passphrase to encrypt with, or the one to decrypt with.")
    tf = TenderFile.open(path, actor=actor, passphrase=old)
    if old is None and tf.encrypted:
        tf.close()
        raise KnownError(f"{path.name} is already encrypted; to change its passphrase, use svi passphrase.")
    if old is not None and not tf.encrypted:
        tf.close()
        raise KnownError(f"{path.name} is not encrypted, so there is no passphrase to use or change.")
    lock = None
    folder = Path(tempfile.mkdtemp(prefix=".svi-convert-", dir=path.parent))
    converted = folder / path.name
    try:
        tf.ensure_untampered(afresh=True)  # a file changed outside the program is not carried into a new one
        tf.ensure_can_change("file")
        tender = tf.tender_id()
        old_key = tf.backup_key()  # the file's raw key and salt, which its backups share: derived once
        lock = tf.release_connection()
        _export(path, old_key, converted, new)
        action = ("encrypt the file" if old is None else "decrypt the file" if new is None
                  else "change the file's passphrase")
        with TenderFile.open(converted, actor=actor, passphrase=new) as out:  # checked as any tender is
            out.ensure_untampered(afresh=True)
            with out.operation(action=action, entity="file", entity_id=tender,
                               old={"encrypted": old is not None}, new={"encrypted": new is not None}):
                pass
        make_private(converted)
        os.replace(converted, path)
    except sqlite3.Error as exc:
        raise classify_sqlite_error(exc, path.name) from None
    except OSError as exc:
        raise StorageError(f"{path.name} could not be converted ({exc.strerror}); it is as it was.") from None
    finally:
        if not tf.conn_closed:
            tf.close()
        if lock is not None:
            lock.release()
        shutil.rmtree(folder, ignore_errors=True)
    keys.remember(path, new)
    if new is None:
        return Converted(_convert_backups(tender, old_key, None), "")
    salt = engine.file_salt(path)
    raw = engine.raw_key(new, salt)
    # The backups get the file's own raw key and salt: they open with its passphrase and its recovery key.
    return Converted(_convert_backups(tender, old_key, raw + salt), keys.recovery_text(raw))


def _convert_backups(tender: str, old: str | bytes | None, new: bytes | None) -> int:
    """The tender's backups that open with `old`, converted to `new`, each replaced in one rename."""
    done = 0
    for backup in list_backups(tender):
        target = backup.path.with_name(f".{backup.path.name}.{os.getpid()}.convert.part")
        try:
            probe = engine.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True, passphrase=old)
            try:
                probe.execute("PRAGMA user_version").fetchone()  # a backup under another passphrase fails here
            finally:
                probe.close()
            _export(backup.path, old, target, new)
            make_private(target)
            os.replace(target, backup.path)
            done += 1
        except (sqlite3.Error, OSError):
            continue  # a backup made under another passphrase, or unreadable: left as it is
        finally:
            with contextlib.suppress(OSError):
                target.unlink(missing_ok=True)
    return done
