"""One writer at a time: a second is refused by name; a killed holder's lock is recovered."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from svi_desktop.errors import FileLocked
from svi_desktop.store.lock import current_user
from svi_desktop.store.tender_file import TenderFile

HOLDER = textwrap.dedent(
    """
    import sys, time
    from svi_desktop.store.tender_file import TenderFile
    tf = TenderFile.open(sys.argv[1], actor="holder")
    print("open", flush=True)
    time.sleep(120)
    """
)


def test_second_writer_refused_then_recovers_after_sigkill(demo_file: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo_file)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(FileLocked) as info:
            TenderFile.open(demo_file, actor="second")
        assert info.value.holder == f"{current_user()} on {socket.gethostname()}"
        assert "already open for editing by" in info.value.message
        # Reading is still possible while the holder writes.
        with TenderFile.open(demo_file, actor="reader", read_only=True) as ro:
            assert ro.query("SELECT COUNT(*) FROM bids")[0][0] == 4
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    # The lock file is still there (the holder had no chance to remove it) but is stale.
    assert (demo_file.parent / f".~lock.{demo_file.name}#").exists()
    with TenderFile.open(demo_file, actor="second") as tf:
        assert tf.check() == []


def test_same_process_cannot_open_twice_for_writing(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="first"), pytest.raises(FileLocked):
        TenderFile.open(demo_file, actor="second")
    with TenderFile.open(demo_file, actor="third"):
        pass
    assert not (demo_file.parent / f".~lock.{demo_file.name}#").exists()
