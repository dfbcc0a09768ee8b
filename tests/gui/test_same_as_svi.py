"""The window and `svi` run the same workflows: for the same task they leave the same file."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from svi_desktop.cli import main as svi
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.panels.dialogs.export import ExportDialog
from svi_desktop.workflows import packs, tenders
from tests.helpers.qt import answer_next_dialog

# Columns that hold a fresh id or the moment of writing: they differ between any two runs of the same task.
VOLATILE = {"id", "created_at", "updated_at", "collected_at", "at", "hash", "prev_hash", "seal", "declared_at",
            "coi_declared_at", "issued_at", "section_id", "criterion_id", "bid_id", "evaluator_id", "entity_id",
            "new", "old", "state", "key", "digest",
            "actor"}  # who: the window names the person it asked at open, svi the computer's account


def content(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows without the columns that are fresh ids or times, for comparing two runs of a task."""
    with TenderFile.open(path, actor="test", read_only=True) as tf:
        tables = [r[0] for r in tf.query("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = {}
        for t in tables:
            columns = [r[1] for r in tf.query(f"PRAGMA table_info({t})")]
            keep = [c for c in columns if c not in VOLATILE]
            out[t] = sorted(tf.query(f"SELECT {', '.join(keep)} FROM {t}"), key=repr)
        return out


def test_new_tender(window: MainWindow, tmp_path: Path) -> None:
    by_window, by_svi = tmp_path / "w" / "care-at-home.svi", tmp_path / "s" / "care-at-home.svi"
    by_window.parent.mkdir()
    by_svi.parent.mkdir()
    from tests.helpers.qt import answer_next_dialog

    answer_next_dialog("Leave it unencrypted")  # the window offers to encrypt a new tender
    assert window.files.new_from_template("social-value-tender", by_window)
    window.files.close_tender()
    assert svi(["new", str(by_svi), "--template", "social-value-tender"]) == 0
    a, b = content(by_window), content(by_svi)
    assert a == b
    assert a["tender"][0][0] == "care at home"  # the title from the file name, by both


def _issue_and_submit(lead: Path, folder: Path) -> list[Path]:
    folder.mkdir()
    with tenders.open_tender(lead) as tf:
        issued = packs.issue(tf, folder)
    for pack in issued:  # the demo's evaluators declared before the packs went out
        assert svi(["packs", "submit", str(pack.path), "--code", pack.code]) == 0
    return [p.path for p in issued]


def test_collect_returns(window: MainWindow, demo_file: Path, tmp_path: Path) -> None:
    issued = _issue_and_submit(demo_file, tmp_path / "packs")
    by_window, by_svi = tmp_path / "lead-window.svi", tmp_path / "lead-svi.svi"
    shutil.copy(demo_file, by_window)
    shutil.copy(demo_file, by_svi)
    assert window.files.open_path(by_window)
    seen = answer_next_dialog("OK")
    assert window.packs.collect(issued)
    window.files.close_tender()
    assert svi(["packs", "collect", str(by_svi), *map(str, issued)]) == 0
    assert content(by_window) == content(by_svi)
    assert seen["widget_name"] == "collectReport"
    assert seen["text"].splitlines() == [line.text for line in packs.report(_report_of(tmp_path, demo_file, issued))]


def _report_of(tmp_path: Path, demo_file: Path, issued: list[Path]) -> packs.Collection:
    third = tmp_path / "lead-third.svi"
    shutil.copy(demo_file, third)
    with tenders.open_tender(third) as tf:
        return packs.collect(tf, issued).result


def test_export_workbook(window: MainWindow, demo_file: Path, qtbot: QtBot, tmp_path: Path) -> None:
    by_window, by_svi = tmp_path / "window.xlsx", tmp_path / "svi.xlsx"
    assert window.files.open_path(demo_file)
    dialog = ExportDialog(window.session, str(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path.setText(str(by_window))
    with qtbot.waitSignal(dialog.done_writing, timeout=30000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    window.files.close_tender()
    assert svi(["export", "xlsx", str(demo_file), str(by_svi)]) == 0
    a, b = openpyxl.load_workbook(by_window), openpyxl.load_workbook(by_svi)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert [[c.value for c in row] for row in a[name].iter_rows()] == \
               [[c.value for c in row] for row in b[name].iter_rows()], name
