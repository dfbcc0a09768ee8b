"""The two kinds of error: the user's situation (KnownError) and everything else (a bug)."""

from __future__ import annotations


class KnownError(Exception):
    """A problem with the user's file or environment, told in one plain sentence.

    The message must say what happened and, where it can, what to do. It is
    shown as it is: never with a traceback.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotATenderFile(KnownError):
    """The file is empty, not SQLite, or an SQLite file that is not ours."""


class NewerFileVersion(KnownError):
    """The file was written by a newer version of the program."""


class DamagedFile(KnownError):
    """The file is a tender file but fails SQLite's own checks."""


class FileLocked(KnownError):
    """Another copy of the program holds the file open for writing."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


class StorageError(KnownError):
    """The disk or the folder refused a write (full, read-only, gone)."""


class InvalidDocument(KnownError):
    """A framework, JSON document or spreadsheet that does not fit its format."""


class ReadOnlyFile(KnownError):
    """A change was attempted on a tender file opened read-only."""


class EncryptedFile(KnownError):
    """The tender file is encrypted and no passphrase, or a wrong one, was given: nothing was read or changed."""
