"""A regime written into the file with sqlite3, outside the program, is refused in a sentence on opening."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from svi_desktop.errors import KnownError
from svi_desktop.workflows import tenders
from tests.helpers.hostile import cli


def test_an_unknown_regime_put_in_with_sqlite3_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.svi"
    assert cli("demo", str(path))[0] == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE tender SET regime = 'no-rules-at-all'")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(KnownError) as refused:
        tenders.open_and_read(path, read_only=True)
    assert "\n" not in refused.value.message and "regime" in refused.value.message
    assert path.read_bytes() == before
