"""Edits to the tender file as a whole: restoring a backup, as one step that can be undone."""

from __future__ import annotations

from svi_desktop.domain.changes import Applied
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import edits
from svi_desktop.workflows.backups import BackupInfo


def restore_backup(session: TenderSession, backup: BackupInfo) -> Applied | None:
    """The backup's content replaces the tender's, after a backup of the present state; undo puts that back."""
    return session.perform(tr("Restore the backup of {when}").format(when=backup.label),
                           edits.RestoreBackup(path=backup.path, label=backup.label))
