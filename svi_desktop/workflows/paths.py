"""Where the program keeps its own files (settings, backups, crash reports), for the window: the store decides."""

from __future__ import annotations

from svi_desktop.store.paths import data_dir, ensure_dir, make_private

__all__ = ["data_dir", "ensure_dir", "make_private"]
