"""SIGKILL a child process at random moments while it edits scores; check nothing acknowledged is lost.

Used by the test suite (a few hundred kills) and by bench/kill_run.py (thousands).
"""

from __future__ import annotations

import os
import random
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from svi_desktop.store.operations.scores import set_score
from svi_desktop.store.tender_file import TenderFile


@dataclass
class KillReport:
    kills: int = 0
    acknowledged: int = 0
    corrupt: int = 0
    lost: int = 0


def _cells(path: Path) -> list[tuple[str, str, str]]:
    with TenderFile.open(path, actor="setup", read_only=True) as tf:
        evaluators = [r[0] for r in tf.query("SELECT id FROM evaluators ORDER BY id")]
        bids = [r[0] for r in tf.query("SELECT id FROM bids ORDER BY id")]
        criteria = [r[0] for r in tf.query("SELECT id FROM criteria ORDER BY code")]
    return [(e, b, c) for e in evaluators for b in bids for c in criteria]


READY = b"ready\n"


def _child(path: Path, cells: list[tuple[str, str, str]], start: int, ack_fd: int) -> None:
    tf = TenderFile.open(path, actor="child")
    os.write(ack_fd, READY)  # the file is open and checked: editing starts
    i = start
    while True:
        e, b, c = cells[i % len(cells)]
        set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=i % 5, rationale=f"edit {i}")
        os.write(ack_fd, f"{i}\n".encode())
        i += 1


def run(path: Path, kills: int, *, seed: int = 1, max_delay: float = 0.04) -> KillReport:
    rng = random.Random(seed)
    cells = _cells(path)
    report = KillReport()
    next_edit = 0
    last_acked: dict[tuple[str, str, str], int] = {}
    for _ in range(kills):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: edit until killed
            os.close(read_fd)
            try:
                _child(path, cells, next_edit, write_fd)
            finally:
                os._exit(1)
        os.close(write_fd)
        # Three kills in four land while the child edits: the delay counts from its first edit, so a slow machine
        # (a child slow to start) does not turn them into kills before any edit. The fourth may land anywhere,
        # opening the file included.
        head = _until_ready(read_fd) if rng.random() < 0.75 else b""
        time.sleep(rng.uniform(0.002, max_delay))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd, "rb") as fh:
            acked = [int(line) for line in (head + fh.read()).split(b"\n") if line and line != READY.strip()]
        report.kills += 1
        report.acknowledged += len(acked)
        for i in acked:
            last_acked[cells[i % len(cells)]] = i
        if acked:
            next_edit = acked[-1] + 1
        report.corrupt += _verify(path, last_acked, report)
        # The child may have committed an edit it had no time to acknowledge: skip past it.
        next_edit += 1
    return report


def _until_ready(fd: int, timeout: float = 30.0) -> bytes:
    """Read the child's pipe until it says it is ready (or has died, or `timeout` passed); returns what followed."""
    import select

    buffer, deadline = b"", time.monotonic() + timeout
    while READY not in buffer and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        buffer += chunk
    return buffer.split(READY, 1)[1] if READY in buffer else buffer


def _verify(path: Path, last_acked: dict[tuple[str, str, str], int], report: KillReport) -> int:
    try:
        with TenderFile.open(path, actor="verifier") as tf:
            if tf.check():
                return 1
            found = {
                (e, b, c): int(r.split()[1])
                for e, b, c, r in tf.query("SELECT evaluator_id, bid_id, criterion_id, rationale FROM scores")
                if r.startswith("edit ")
            }
    except Exception:
        return 1
    for cell, i in last_acked.items():
        if found.get(cell, -1) < i:
            report.lost += 1
    return 0
