"""A PDF's text as its readers see it, through poppler's pdftotext (installed by `sh packaging/dev.sh test`).

A missing pdftotext fails the test rather than skipping it: a check of an export that quietly does not run
would pass on a broken export.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def pdf_text(path: Path, *, layout: bool = False) -> str:
    """The text of every page; with layout=False, words joined by single spaces."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed; run the tests with sh packaging/dev.sh test, which installs it.")
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text if layout else " ".join(text.split())
