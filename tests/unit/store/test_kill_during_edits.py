"""SIGKILL during score edits never corrupts the file nor loses an acknowledged edit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers import kill_loop


@pytest.mark.slow  # 20 s of killed processes: in the full suite, not the fast lane
@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
def test_two_hundred_kills(demo_file: Path) -> None:
    # Up to 80 ms: each child checks the whole file against its seals before its first edit (about 15 ms on the
    # demo), and must then have time to edit before it is killed.
    report = kill_loop.run(demo_file, kills=200, seed=7, max_delay=0.08)
    assert report.kills == 200
    assert report.acknowledged > 200  # the children really were editing when killed
    assert report.corrupt == 0
    assert report.lost == 0
