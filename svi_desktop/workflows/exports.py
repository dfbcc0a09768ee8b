"""Exports from either front end: the evaluation and its own audit trail, read once, then written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from svi_desktop.domain.audit import AuditRow
from svi_desktop.domain.model import Evaluation
from svi_desktop.errors import KnownError
from svi_desktop.exports.service import KINDS, export
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile

__all__ = ["KINDS", "ExportSource", "default_name", "read_source", "write", "export_tender"]


@dataclass(frozen=True)
class ExportSource:
    """Everything an export needs, read from the file in one go (so the writing can run on another thread)."""

    evaluation: Evaluation
    audit_rows: list[AuditRow]
    audit_problem: str | None
    file_stem: str


def read_source(tf: TenderFile) -> ExportSource:
    """What an export needs. From an evaluator's pack whose evaluator has not declared, nothing: before the
    declaration, nothing of any bid may reach them, an export included."""
    evaluation = load_evaluation(tf)
    if tf.pack_evaluator and not any(e.id == tf.pack_evaluator and e.declaration is not None
                                     for e in evaluation.evaluators):
        raise KnownError("Declare your interests, bidder by bidder, before exporting anything from your pack.")
    broken = tf.audit_break()
    return ExportSource(evaluation, tf.audit_rows(), None if broken is None else str(broken), tf.path.stem)


def default_name(source: ExportSource, kind: str) -> str:
    stem = (source.evaluation.tender.reference or source.file_stem).replace("/", "-")
    return {"xlsx": f"{stem} evaluation.xlsx", "pdf": f"{stem} evaluation report.pdf",
            "summaries": f"{stem} assessment summaries"}[kind]


def write(source: ExportSource, kind: str, out: Path, *, final: bool,
          progress: Callable[[int], bool] | None = None) -> list[Path]:
    """Write one kind of export; nothing half-written is left behind. Returns what was written."""
    return export(kind, source.evaluation, Path(out), source.audit_rows, source.audit_problem, draft=not final,
                  progress=progress)


def export_tender(tf: TenderFile, kind: str, out: Path, *, final: bool = False) -> list[Path]:
    return write(read_source(tf), kind, out, final=final)
