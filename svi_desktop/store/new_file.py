"""Make a new tender file from an Evaluation (new from template, the demo, a JSON import)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from svi_desktop.domain.model import Evaluation
from svi_desktop.store.lock import current_user
from svi_desktop.store.populate import populate
from svi_desktop.store.tender_file import TenderFile


def create_tender_file(path: Path, ev: Evaluation, *, action: str, actor: str | None = None,
                       note: dict[str, Any] | None = None, passphrase: str | None = None) -> Path:
    """Write `ev` to a new file at `path` (refused if it exists), complete or not at all; `note` joins what its
    first audit row records; encrypted with `passphrase` when one is given."""
    who = actor or current_user()
    TenderFile.create(path, actor=who, build=lambda db: populate(db, ev, actor=who, action=action, note=note),
                      passphrase=passphrase).close()
    return Path(path)
