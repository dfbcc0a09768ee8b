"""One entry point for every export, used by the `svi` command and the window alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from svi_desktop.domain.audit import AuditRow
from svi_desktop.domain.model import Evaluation

KINDS = {"xlsx": "Excel workbook", "pdf": "PDF evaluation report", "summaries": "Assessment summaries (one PDF each)"}


def export(kind: str, ev: Evaluation, out: Path, audit_rows: list[AuditRow], audit_problem: str | None, *,
           draft: bool = True, progress: Callable[[int], bool] | None = None, lot: str = "") -> list[Path]:
    """Write one kind of export; returns what was written. Nothing half-written is ever left behind. `lot`: the
    assessment summaries of that lot alone (the other kinds are given the lot's own evaluation)."""
    # Each exporter's library (openpyxl, reportlab) is imported only when that export is made.
    if kind == "xlsx":
        from svi_desktop.exports.workbook import WorkbookOptions, write_workbook

        return [write_workbook(ev, out, audit_rows, WorkbookOptions(draft=draft), progress)]
    if kind == "pdf":
        from svi_desktop.exports.report import ReportOptions, write_report

        return [write_report(ev, out, audit_rows, audit_problem, ReportOptions(draft=draft), progress)]
    if kind == "summaries":
        from svi_desktop.exports.summaries import SummaryOptions, write_summaries

        return write_summaries(ev, out, audit_rows, SummaryOptions(draft=draft), progress, lot=lot)
    raise ValueError(kind)
