"""Opening refuses every bad file in one sentence and leaves it byte-for-byte unchanged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from svi_desktop.errors import KnownError
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.files import BAD_FILES, sha256


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_opener_refuses_and_leaves_file_unchanged(kind: str, demo_file: Path, tmp_path: Path) -> None:
    maker, phrase = BAD_FILES[kind]
    bad = maker(tmp_path, demo_file)
    before = sha256(bad)
    with pytest.raises(KnownError) as info:
        TenderFile.open(bad, actor="tester")
    assert phrase in info.value.message
    assert "\n" not in info.value.message
    assert sha256(bad) == before
    # Nothing is left beside it either: no lock file, no journal.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((f".~lock.{bad.name}", f"{bad.name}-"))) == []


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_svi_command_exits_2_with_one_line(kind: str, demo_file: Path, tmp_path: Path) -> None:
    maker, phrase = BAD_FILES[kind]
    bad = maker(tmp_path, demo_file)
    before = sha256(bad)
    for command in ("results", "info", "check"):
        run = subprocess.run(
            [sys.executable, "-m", "svi_desktop.cli", command, str(bad)], capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 2, run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and phrase in lines[0], run.stderr
        assert "Traceback" not in run.stderr
        assert sha256(bad) == before


def test_missing_file_is_a_known_error(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="does not exist"):
        TenderFile.open(tmp_path / "nowhere.svi", actor="tester")


def test_good_file_opens_and_checks_out(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="tester") as tf:
        assert tf.check() == []
        assert tf.query("PRAGMA journal_mode")[0][0] == "wal"
        assert tf.query("PRAGMA foreign_keys")[0][0] == 1
        assert tf.query("PRAGMA synchronous")[0][0] == 2  # FULL
