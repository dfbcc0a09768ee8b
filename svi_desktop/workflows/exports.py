"""Exports from either front end: the evaluation and its own audit trail, read once, then written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from svi_desktop.domain.audit import AuditRow
from svi_desktop.domain.award import frozen_at
from svi_desktop.domain.lots import lot_evaluation
from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.notice_details import final_notice_problem, publication_problem
from svi_desktop.errors import KnownError
from svi_desktop.exports.service import KINDS, export
from svi_desktop.store.operations.contract import ensure_lots
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows.award import ensure_final_allowed

__all__ = ["KINDS", "ExportSource", "default_name", "ensure_final", "export_tender", "read_source", "write",
           "write_notice"]


@dataclass(frozen=True)
class ExportSource:
    """Everything an export needs, read from the file in one go (so the writing can run on another thread)."""

    evaluation: Evaluation
    audit_rows: list[AuditRow]
    audit_problem: str | None
    file_stem: str
    integrity_problem: str | None = None  # of a frozen award: a row changed outside the program since it was frozen


def read_source(tf: TenderFile) -> ExportSource:
    """What an export needs. From an evaluator's pack whose evaluator has not declared, nothing: before the
    declaration, nothing of any bid may reach them, an export included."""
    evaluation = load_evaluation(tf)
    if tf.pack_evaluator and not any(e.id == tf.pack_evaluator and e.declaration is not None
                                     for e in evaluation.evaluators):
        raise KnownError("Declare your interests, bidder by bidder, before exporting anything from your pack.")
    broken = tf.audit_break()
    # A final document is made only from a frozen award, so only then is every row checked against its seal.
    integrity = tf.unsealed_row() if frozen_at(evaluation) else None
    return ExportSource(evaluation, tf.audit_rows(), None if broken is None else str(broken), tf.path.stem,
                        integrity)


def default_name(source: ExportSource, kind: str) -> str:
    stem = (source.evaluation.tender.reference or source.file_stem).replace("/", "-")
    return {"xlsx": f"{stem} evaluation.xlsx", "pdf": f"{stem} evaluation report.pdf",
            "summaries": f"{stem} assessment summaries"}[kind]


def write(source: ExportSource, kind: str, out: Path, *, final: bool,
          progress: Callable[[int], bool] | None = None, lot: str = "") -> list[Path]:
    """Write one kind of export; nothing half-written is left behind. Returns what was written. A final export
    is refused, before anything is written, until the award record is complete and signed off. With `lot`, the
    export is of that lot alone: its bids, its criteria (shared and its own) and their records."""
    if final:
        ensure_final(source, {"xlsx": "workbook", "pdf": "report", "summaries": "assessment summaries"}.get(kind, kind))
    ev = source.evaluation
    if lot:
        ensure_lots((lot,), (x.code for x in ev.lots))
    if kind == "summaries":  # a tender in lots: a summary per bidder per lot, each naming the lot's own winner
        return export(kind, ev, Path(out), source.audit_rows, source.audit_problem, draft=not final,
                      progress=progress, lot=lot)
    if lot:
        ev = lot_evaluation(ev, lot)
    return export(kind, ev, Path(out), source.audit_rows, source.audit_problem, draft=not final, progress=progress)


def ensure_final(source: ExportSource, what: str) -> None:
    """Refuse a final document unless the record is complete, signed off, and still what was signed off."""
    ensure_final_allowed(source.evaluation, what)
    problem = source.audit_problem or source.integrity_problem
    if problem:
        raise KnownError(f"The final {what} cannot be made: the tender file does not hold what was signed off "
                         f"({problem}); run svi check on it and restore it from a backup.")


def write_notice(source: ExportSource, folder: Path, *, published: dt.date, final: bool, lot: str = "") -> list[Path]:
    """The notice the tender's regime requires (PDF, and JSON under the Act); a final one only from a complete,
    signed-off record. In lots: an award per lot, or with `lot` the notice of that lot alone."""
    from svi_desktop.exports.notices import write_notice as write

    ev = source.evaluation
    if lot:
        ensure_lots((lot,), (x.code for x in ev.lots))
    problem = publication_problem(ev, published, dt.date.today())
    if problem:
        raise KnownError(problem)
    if final:
        ensure_final(source, "notice")
        problem = final_notice_problem(ev, published)
        if problem:
            raise KnownError(problem)
    return write(source.evaluation, Path(folder), source.audit_rows, published=published, draft=not final, lot=lot)


def export_tender(tf: TenderFile, kind: str, out: Path, *, final: bool = False, lot: str = "") -> list[Path]:
    return write(read_source(tf), kind, out, final=final, lot=lot)
