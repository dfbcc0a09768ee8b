"""A workbook recalculated by LibreOffice, headless, read back with openpyxl (installed by `sh packaging/dev.sh
test`). A missing LibreOffice fails the test rather than skipping it: a check of formulas that quietly does not
run would pass on broken formulas."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook


def recalculated(path: Path, work: Path) -> Workbook:
    """LibreOffice opens `path`, calculates every formula and saves a copy; the copy's values, as LibreOffice
    computed them."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is not installed; run the tests with sh packaging/dev.sh test, which installs it.")
    out = work / "recalculated"
    run = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{work}/lo",
                          "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return openpyxl.load_workbook(out / path.name, data_only=True)
