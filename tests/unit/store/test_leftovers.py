"""Unfinished files left by a killed run are removed at the next start, and never taken for tenders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from svi_desktop.errors import NotATenderFile
from svi_desktop.exports.atomic import atomic_path
from svi_desktop.store.leftovers import remove_leftovers
from svi_desktop.store.tender_file import TenderFile


def _dead_pid() -> int:
    """The pid of a process that has finished."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_a_killed_runs_files_are_removed_and_a_live_ones_kept(tmp_path: Path, demo_file: Path) -> None:
    dead = _dead_pid()
    creating = tmp_path / f".tender.svi.{dead}.creating"
    creating.write_bytes(demo_file.read_bytes())
    wal = tmp_path / f".tender.svi.{dead}.creating-wal"
    wal.write_bytes(b"x")
    part = tmp_path / f".report.pdf.{dead}.k3j_a9zq.part"
    part.write_bytes(b"%PDF half written")
    with atomic_path(tmp_path / "mine.xlsx") as ours:  # a live export of this process: left alone
        ours.write_bytes(b"in progress")
        removed = set(remove_leftovers([tmp_path]))
        assert ours.exists()
    assert removed == {creating, wal, part} and not creating.exists() and not part.exists()
    assert (tmp_path / "mine.xlsx").read_bytes() == b"in progress" and demo_file.exists()


def test_an_unfinished_file_is_never_opened_as_a_tender(tmp_path: Path, demo_file: Path) -> None:
    unfinished = tmp_path / f".tender.svi.{os.getpid()}.creating"
    unfinished.write_bytes(demo_file.read_bytes())
    with pytest.raises(NotATenderFile, match="unfinished file left by an interrupted save"):
        TenderFile.open(unfinished, actor="t")


def test_the_names_the_program_writes_are_the_names_it_cleans(tmp_path: Path) -> None:
    with atomic_path(tmp_path / "w.xlsx") as tmp:
        tmp.write_bytes(b"x")
        assert f".{os.getpid()}." in tmp.name and tmp.name.endswith(".part")
        from svi_desktop.store.leftovers import _LEFTOVER

        assert _LEFTOVER.match(tmp.name)
    assert _LEFTOVER.match(f".t.svi.{os.getpid()}.creating")
    assert _LEFTOVER.match(f".x.lead.t.svi.{os.getpid()}.copy.part") and _LEFTOVER.match(
        f".x.lead.t.svi.{os.getpid()}.copy.part-journal")  # a backup being written, and its journal
