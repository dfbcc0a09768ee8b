"""A program killed while SQLite copied its write-ahead log into the file (a checkpoint cut short) leaves a file
whose pages are half old, half new, and the log that completes them. Opening it must replay the log, not call the
log foreign: the file alone is unreadable by design, the file with its log is whole."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

import pytest

from svi_desktop.store.operations import bids as bid_ops
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile


def _leave_a_log(path: Path, changes: int) -> None:
    """A child process commits `changes` changes and dies without closing: the log holds them all."""
    pid = os.fork()
    if pid == 0:
        try:
            with TenderFile.open(path, actor="lead") as tf:
                tf.conn.execute("PRAGMA wal_autocheckpoint = 0")
                bids = load_evaluation(tf).bids
                for i in range(changes):
                    bid_ops.set_bid_field(tf, bid_id=bids[i % len(bids)].id, field="lot", value=f"Lot {i}")
                os._exit(0)  # killed: no close, no checkpoint
        finally:
            os._exit(1)
    _pid, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0


def _checkpoint_cut_short(path: Path, fraction: float) -> int:
    """Copy part of the log into the file as SQLite's checkpoint does (the newest copy of each page, in page order)
    and stop, as a kill during the checkpoint would."""
    wal = Path(f"{path}-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    frames = (len(wal) - 32) // (24 + page_size)
    newest: dict[int, int] = {}
    for i in range(frames):
        at = 32 + i * (24 + page_size)
        newest[struct.unpack(">I", wal[at:at + 4])[0]] = at
    pages = sorted(newest)[: int(len(newest) * fraction)]
    with open(path, "r+b") as db:
        for page in pages:
            db.seek((page - 1) * page_size)
            db.write(wal[newest[page] + 24:newest[page] + 24 + page_size])
    return len(pages)


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork")
@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_a_checkpoint_cut_short_is_replayed_not_refused(demo_file: Path, fraction: float) -> None:
    _leave_a_log(demo_file, 40)
    assert Path(f"{demo_file}-wal").stat().st_size > 0
    assert _checkpoint_cut_short(demo_file, fraction) > 0
    with TenderFile.open(demo_file, actor="verify") as tf:
        assert tf.check() == []
        lots = sorted(b.lot for b in load_evaluation(tf).bids)
    assert lots == ["Lot 36", "Lot 37", "Lot 38", "Lot 39"]  # every committed change is there
