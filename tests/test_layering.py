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


def import_circles(package: str = "svi_desktop") -> list[list[str]]:
    """Every import circle in the package (its strongly connected modules, Tarjan), imports made only for type
    checking included: a module named as a type is still a dependency."""
    import grimp

    graph = grimp.build_graph(package)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                circles.append(sorted(part))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in edges:
        if module not in index:
            visit(module)
    return circles


def test_the_package_has_no_import_circle() -> None:
    assert import_circles() == []


def test_a_circle_is_found_when_there_is_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: a part of the window that names the window as a type makes a circle."""
    package = tmp_path / "circled"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "window.py").write_text("from circled import part\n")
    (package / "part.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                     "    from circled.window import Window\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_circles("circled") == [["circled.part", "circled.window"]]


def test_contracts_hold() -> None:
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Contracts: 7 kept, 0 broken." in run.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("domain/model.py", "from PySide6 import QtCore", "Qt only in the user interface"),
    ("store/tender_file.py", "from PySide6 import QtCore", "Qt only in the user interface"),
    ("workflows/tenders.py", "from PySide6 import QtCore", "Qt only in the user interface"),
    ("ui/panels/scoring/panel.py", "from svi_desktop.store.operations import scores",
     "The window reaches the store only through its session"),
    ("ui/panels/dialogs/export.py", "from svi_desktop.store import audit",
     "The window reaches the store only through its session"),
    ("ui/operations/scores.py", "from svi_desktop.store.operations import scores",
     "The window reaches the store only through its session"),
    ("ui/window/packs.py", "from svi_desktop.store import packs",
     "The window reaches the store only through its session"),
    ("ui/panels/results/panel.py", "from svi_desktop.ui.main_window import MainWindow",
     "Panels never import the window"),
    ("ui/panels/bids/panel.py", "from svi_desktop.ui.panels.scoring import column",
     "Each panel stands alone"),
    ("store/packs.py", "from svi_desktop.workflows import tenders",
     "Layers: ui above workflows above imports and exports above store above domain"),
    ("exports/report.py", "from svi_desktop.workflows import exports",
     "Layers: ui above workflows above imports and exports above store above domain"),
    ("cli/packs.py", "from svi_desktop.ui import settings", "The svi command never imports the user interface"),
])
def test_a_forbidden_import_breaks_its_contract(module: str, line: str, contract: str, tmp_path: Path) -> None:
    copy = tmp_path / "tree"
    shutil.copytree(ROOT / "svi_desktop", copy / "svi_desktop", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / "svi_desktop" / module
    text = target.read_text()
    at = text.index("from __future__ import annotations\n") + len("from __future__ import annotations\n")
    target.write_text(text[:at] + line + "\n" + text[at:])
    run = lint_imports(copy)
    assert run.returncode != 0
    broken = [block for block in run.stdout.split("\n\n") if "BROKEN" in block]
    assert any(contract in block for block in broken), run.stdout
