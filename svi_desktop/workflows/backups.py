"""Backups of an open tender from either front end: making one when due, listing and restoring."""

from __future__ import annotations

from pathlib import Path

from svi_desktop.domain.numbers import human_size
from svi_desktop.store.backup import BackupInfo, backup_file, delete_backup, list_backups, role_of
from svi_desktop.store.restore import changed_since_last_backup, changes_since, tender_id
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits

__all__ = ["BackupInfo", "BackupPlan", "plan_backup", "run_backup", "backups_of", "describe", "restore_backup",
           "all_backups", "delete"]


class BackupPlan:
    """What a backup needs, read on the GUI thread, so that the copy itself can run on another."""

    def __init__(self, path: Path, tender: str, passphrase: str | bytes | None = None) -> None:
        self.path = path
        self.tender = tender
        self.passphrase = passphrase  # an encrypted tender's: its backups are encrypted as it is


def plan_backup(tf: TenderFile, *, only_if_changed: bool) -> BackupPlan | None:
    if only_if_changed and not changed_since_last_backup(tf):
        return None
    return BackupPlan(tf.path, tender_id(tf), tf.passphrase)


def run_backup(plan: BackupPlan, reason: str, keep: int) -> Path:
    """Copy and verify on a read-only connection of its own: safe on a worker thread."""
    return backup_file(plan.path, reason, keep, tender=plan.tender, passphrase=plan.passphrase)


def backups_of(tf: TenderFile) -> list[BackupInfo]:
    """The backups of this file in its own role: the lead's file's, or this evaluator's pack's."""
    return list_backups(tender_id(tf), role=role_of(tf.pack_evaluator))


def describe(tf: TenderFile, backup: BackupInfo) -> str:
    return f"{backup.label}, {human_size(backup.size)}: {changes_since(tf, backup)}"


def all_backups() -> list[BackupInfo]:
    """Every tender's backups in the data folder, newest first (a deleted tender's too)."""
    return list_backups()


def delete(backup: BackupInfo) -> None:
    delete_backup(backup)


def restore_backup(tf: TenderFile, backup: BackupInfo) -> Path:
    """Replace the open tender's content with a backup's, after a backup of the present state."""
    return edits.apply(tf, edits.RestoreBackup(path=backup.path, label=backup.label)).result
