"""Qt is imported only in svi_desktop/ui and app.py; the layers depend one way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
         "--no-cache"],
        cwd=root, capture_output=True, text=True, timeout=300, env={"PYTHONPATH": str(root), "PATH": ""},
    )


def test_contracts_hold() -> None:
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Contracts: 2 kept, 0 broken." in run.stdout


@pytest.mark.parametrize("module", ["domain/model.py", "store/tender_file.py"])
def test_a_qt_import_in_the_core_breaks_the_contract(module: str, tmp_path: Path) -> None:
    copy = tmp_path / "tree"
    shutil.copytree(ROOT / "svi_desktop", copy / "svi_desktop", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / "svi_desktop" / module
    target.write_text("from PySide6 import QtCore  # noqa: F401\n" + target.read_text())
    run = lint_imports(copy)
    assert run.returncode != 0
    assert "Qt only in the user interface" in run.stdout and "BROKEN" in run.stdout
