"""Reading a tender file into domain objects; a row the program would not have written is one sentence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from svi_desktop.domain.model import BidConflict, Evaluation, Evaluator, Framework, Response
from svi_desktop.domain.scale import ScaleLevel, ScoringScale
from svi_desktop.errors import DamagedFile
from svi_desktop.store import rows
from svi_desktop.store.defences import UndecodableText
from svi_desktop.store.engine import sqlite3
from svi_desktop.store.rows import BadRow
from svi_desktop.store.tender_file import TenderFile, classify_sqlite_error

T = TypeVar("T")


def _damaged(tf: TenderFile, table: str, rowid: object, why: str) -> DamagedFile:
    return DamagedFile(f"{tf.path.name} is damaged: row {rowid} of the {table} table {why}; restore it from a "
                       "backup.")


def _undecodable_row(tf: TenderFile, table: str) -> int | None:
    """The first row holding text that is not valid UTF-8, found by reading the table as bytes."""
    conn = tf.conn
    before = conn.text_factory
    conn.text_factory = bytes
    try:
        for row in conn.execute(f"SELECT rowid, * FROM {table}"):
            for value in row[1:]:
                if isinstance(value, bytes):
                    try:
                        value.decode("utf-8")
                    except UnicodeDecodeError:
                        return int(row[0])
    finally:
        conn.text_factory = before
    return None


def load_rows(tf: TenderFile, table: str, convert: Callable[[dict[str, Any]], T], order_by: str) -> tuple[T, ...]:
    """Every row of `table` converted; a row that does not convert is a DamagedFile naming the table and row."""
    out: list[T] = []
    conn = tf.conn
    before = conn.text_factory
    # Python's own decoding is strict UTF-8 too, and in C: text that is not valid UTF-8 fails the read with an
    # sqlite3 error, and the row is then found and named below (a large tender opens a third faster).
    conn.text_factory = str
    try:
        cur = conn.execute(f"SELECT rowid AS svi_rowid, * FROM {table} ORDER BY {order_by}")
        columns = [d[0] for d in cur.description]
        for values in cur:
            r = dict(zip(columns, values, strict=True))
            rowid = r.pop("svi_rowid")
            try:
                out.append(convert(r))
            except BadRow as exc:
                raise _damaged(tf, table, rowid, exc.reason) from None
    except (sqlite3.Error, UndecodableText) as exc:
        conn.text_factory = before
        bad = _undecodable_row(tf, table)
        if bad is None:
            raise exc if isinstance(exc, UndecodableText) else classify_sqlite_error(exc, tf.path.name) from None
        raise _damaged(tf, table, bad, "holds text that is not valid UTF-8") from None
    finally:
        conn.text_factory = before
    return tuple(out)


def _level(r: dict[str, Any]) -> ScaleLevel:
    value, label, descriptor = r["value"], r["label"], r["descriptor"]
    if isinstance(value, bool) or not isinstance(value, int) or not isinstance(label, str) or not isinstance(
            descriptor, str):
        raise BadRow("is not a level of a scale")
    return ScaleLevel(value, label, descriptor)


def _response(r: dict[str, Any]) -> Response:
    if not all(isinstance(r[k], str) for k in ("bid_id", "criterion_id", "text")):
        raise BadRow("is not a response")
    return Response(r["bid_id"], r["criterion_id"], r["text"])


def _setting(r: dict[str, Any]) -> tuple[str, str]:
    if not isinstance(r["key"], str) or not isinstance(r["value"], str):
        raise BadRow("is not a setting")
    return r["key"], r["value"]


def _tender_row(r: dict[str, Any]) -> dict[str, Any]:
    for key in ("framework_name", "framework_description", "scale_name"):
        if not isinstance(r[key], str):
            raise BadRow(f"its {key} is not text")
    return r


def _with_conflicts(evaluators: tuple[Evaluator, ...],
                    conflicts: tuple[tuple[str, BidConflict], ...]) -> tuple[Evaluator, ...]:
    by_evaluator: dict[str, list[BidConflict]] = {}
    for evaluator_id, c in conflicts:
        by_evaluator.setdefault(evaluator_id, []).append(c)
    return tuple(
        replace(e, declaration=replace(e.declaration, conflicts=tuple(by_evaluator[e.id])))
        if e.declaration is not None and e.id in by_evaluator else e
        for e in evaluators)


def load_tender_framework(tf: TenderFile) -> Framework:
    """The framework stored in an open tender file (a template file is read by imports.framework_file)."""
    t = load_rows(tf, "tender", _tender_row, "rowid")[0]
    return Framework(
        name=t["framework_name"],
        scale=ScoringScale(t["scale_name"], load_rows(tf, "scale_levels", _level, "value")),
        sections=load_rows(tf, "sections", rows.section_from, "position"),
        criteria=load_rows(tf, "criteria", rows.criterion_from, "position, code"),
        description=t["framework_description"],
    )


def load_evaluation(tf: TenderFile) -> Evaluation:
    return Evaluation(
        tender=load_rows(tf, "tender", rows.tender_from, "rowid")[0],
        framework=load_tender_framework(tf),
        bids=load_rows(tf, "bids", rows.bid_from, "position, supplier"),
        responses=load_rows(tf, "responses", _response, "bid_id, criterion_id"),
        evaluators=_with_conflicts(load_rows(tf, "evaluators", rows.evaluator_from, "name, id"),
                                   load_rows(tf, "conflicts", rows.conflict_from, "evaluator_id, bid_id")),
        scores=load_rows(tf, "scores", rows.score_from, "bid_id, criterion_id, evaluator_id"),
        consensus=load_rows(tf, "consensus", rows.consensus_from, "bid_id, criterion_id"),
        settings=dict(load_rows(tf, "settings", _setting, "key")),
        assessments=load_rows(tf, "assessments", rows.assessment_from, "person, id"),
        signoffs=load_rows(tf, "signoffs", rows.signoff_from, "at, id"),
        clarifications=load_rows(tf, "clarifications", rows.clarification_from, "raised_at, id"),
        lots=load_rows(tf, "lots", rows.lot_from, "position, code"),
        lot_criteria=load_rows(tf, "lot_criteria", rows.lot_criterion_from, "criterion_id, lot_code"),
        commitments=load_rows(tf, "commitments", rows.commitment_from, "bid_id, position, id"),
        kpis=load_rows(tf, "kpis", rows.kpi_from, "lot_code, position, id"),
        kpi_periods=load_rows(tf, "kpi_periods", rows.kpi_period_from, "kpi_id, period_end, id"),
    )
