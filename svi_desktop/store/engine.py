"""The SQLite every tender file runs on: SQLCipher's build of it (the sqlcipher3 package, SQLCipher 4 on SQLite 3.5x,
with OpenSSL inside the wheel), for plain and encrypted files alike, so that one engine and one set of errors serve
both. docs/decisions/0001-encryption-library.md says why SQLCipher and not SQLite3 Multiple Ciphers.

sqlite-utils takes the module it calls pysqlite3 when there is one: this module is registered under that name before
sqlite-utils is imported (every import of it in the program comes after this module's), so that its own error
handling sees the errors of the connections we give it.

sqlcipher3's connections have no setlimit() or setconfig(); SQLite's own sqlite3_limit and sqlite3_db_config, which
the library exports, are called on the connection's handle (found beside the object's header, and checked against
the file SQLite says the connection has open before anything is set).
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3
else:
    import sqlcipher3
    from sqlcipher3 import dbapi2 as sqlite3

    sys.modules["pysqlite3"] = sqlcipher3
    sys.modules["pysqlite3.dbapi2"] = sqlite3

__all__ = ["sqlite3", "connect", "setlimit", "defensive", "quote_key", "LIMIT_LENGTH", "LIMIT_SQL_LENGTH", "LIMIT_ATTACHED",
           "LIMIT_TRIGGER_DEPTH"]

# sqlite3.h
LIMIT_LENGTH = 0
LIMIT_SQL_LENGTH = 1
LIMIT_ATTACHED = 7
LIMIT_TRIGGER_DEPTH = 10
_DBCONFIG_DEFENSIVE = 1010


class EngineError(RuntimeError):
    """SQLite's C interface could not be reached on this connection: no limit was set."""


def _library() -> Any:
    import sqlcipher3 as package

    lib = ctypes.CDLL(package._sqlite3.__file__)
    lib.sqlite3_limit.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    lib.sqlite3_limit.restype = ctypes.c_int
    lib.sqlite3_db_filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.sqlite3_db_filename.restype = ctypes.c_char_p
    lib.sqlite3_db_config.restype = ctypes.c_int
    return lib


_LIB: Any = None


def _handle(conn: sqlite3.Connection) -> tuple[Any, int]:
    """SQLite's handle of `conn`, checked: the file it names is the one the connection says it has open."""
    global _LIB
    if _LIB is None:
        _LIB = _library()
    pointer = ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value
    if not pointer:
        raise EngineError("the connection has no SQLite handle")
    expected = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), None)
    named = _LIB.sqlite3_db_filename(pointer, b"main")
    if expected is None or (named or b"").decode("utf-8", "replace") != (expected or ""):
        raise EngineError("the connection's SQLite handle could not be confirmed")
    return _LIB, pointer


def setlimit(conn: sqlite3.Connection, which: int, value: int) -> int:
    """sqlite3_limit on `conn`: the previous value."""
    lib, handle = _handle(conn)
    previous: int = lib.sqlite3_limit(handle, which, value)
    if lib.sqlite3_limit(handle, which, -1) > value:  # SQLite may set less (its own maximum), never more
        raise EngineError("the limit did not take")
    return previous


def getlimit(conn: sqlite3.Connection, which: int) -> int:
    lib, handle = _handle(conn)
    value: int = lib.sqlite3_limit(handle, which, -1)
    return value


def defensive(conn: sqlite3.Connection) -> None:
    """SQLITE_DBCONFIG_DEFENSIVE on: no writing to the schema, the journal or the file's pages by SQL."""
    lib, handle = _handle(conn)
    on = ctypes.c_int(0)
    if lib.sqlite3_db_config(ctypes.c_void_p(handle), _DBCONFIG_DEFENSIVE, ctypes.c_int(1), ctypes.byref(on)) != 0 \
            or on.value != 1:
        raise EngineError("defensive mode could not be set")


def quote_key(passphrase: str) -> str:
    """The passphrase as an SQL string literal for PRAGMA key (SQLCipher derives the key from it)."""
    if "\x00" in passphrase:
        raise ValueError("a passphrase cannot hold a NUL character")
    return "'" + passphrase.replace("'", "''") + "'"


Key = str | bytes  # a passphrase, or a raw key: 32 bytes (the file's own salt), or 48 (key and salt)

KDF_ITERATIONS = 256_000  # SQLCipher 4's default (PBKDF2-HMAC-SHA512), which every file here keeps
HMAC_ALGORITHM = "HMAC_SHA256"  # each page's authentication (SQLCipher's default: HMAC_SHA512)
CIPHER_PAGE_SIZE = 16384  # (SQLCipher's default: 4096)
SALT_BYTES = 16


def _key_sql(key: Key) -> str:
    if isinstance(key, bytes):
        if len(key) not in (32, 48):
            raise ValueError("a raw key is 32 bytes, or 48 with its salt")
        return "\"x'" + key.hex() + "'\""
    return quote_key(key)


def file_salt(path: Path | str) -> bytes:
    """An encrypted file's salt: its first 16 bytes (SQLCipher keeps them in clear)."""
    with open(path, "rb") as fh:
        return fh.read(SALT_BYTES)


@functools.lru_cache(maxsize=32)
def _derived(passphrase: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, 32)


def raw_key(key: Key, salt: bytes) -> bytes:
    """The 32-byte key SQLCipher derives from `key` with this salt (PBKDF2-HMAC-SHA512, its default iterations): the
    recovery key, and with the salt, the key of the file's backups, which then open with either."""
    if isinstance(key, bytes):
        return key[:32]
    return _derived(key, salt)


def connect(target: str | Any, *, passphrase: Key | None = None, uri: bool = False, timeout: float = 5.0,
            check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection to `target`, keyed with `passphrase` when one is given (SQLCipher derives the key from it on the
    first read; a wrong one fails there, as 'file is not a database', and changes nothing). Temporary tables of an
    encrypted file stay in memory, so nothing decrypted reaches a temporary file; SQLCipher's own log is off (it
    would print a wrong passphrase's failed page check on the terminal)."""
    conn = sqlite3.connect(str(target), uri=uri, timeout=timeout, check_same_thread=check_same_thread)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Every encrypted file this program makes or opens: pages of 16 KB, each authenticated with HMAC-SHA256
        # (SQLCipher's defaults are 4 KB and HMAC-SHA512); decrypting the 200-bid tender takes half the time, so
        # an encrypted tender opens about as fast as a plain one. The key derivation stays SQLCipher's default.
        conn.execute(f"PRAGMA cipher_default_hmac_algorithm = {HMAC_ALGORITHM}")
        conn.execute(f"PRAGMA cipher_default_page_size = {CIPHER_PAGE_SIZE}")
        if passphrase:
            conn.execute(f"PRAGMA key = {_key_sql(passphrase)}")
            conn.execute("PRAGMA temp_store = MEMORY")
    except BaseException:
        conn.close()
        raise
    return conn


def looks_encrypted(header: bytes, size: int) -> bool:
    """Whether a file that does not begin as SQLite does may be an encrypted one: SQLCipher encrypts the whole
    file, the header too, in pages, so all that shows is a size in whole pages, of the size every encrypted file
    this program makes has (any other, random bytes of 8 KB say, is told as not a tender file)."""
    return (size >= CIPHER_PAGE_SIZE and size % CIPHER_PAGE_SIZE == 0
            and not header.startswith(b"SQLite format 3\x00") and len(set(header)) > 16)
