"""After the award: the winner's commitments made the contract's KPIs, ratings recorded period by period, and the
contract performance notice written. Shared by the window and `svi contract`."""

from __future__ import annotations

import json
from pathlib import Path

from svi_desktop.domain.changes import Applied
from svi_desktop.domain.kpis import KpiStatus, contract_kpis, statuses
from svi_desktop.domain.lots import awarded_bid
from svi_desktop.domain.model import Evaluation
from svi_desktop.errors import KnownError
from svi_desktop.exports.performance import write_performance_csv, write_performance_pdf
from svi_desktop.resources import resource
from svi_desktop.store.inputs import read_input
from svi_desktop.store.operations import contract
from svi_desktop.store.outputs import check_output
from svi_desktop.store.paths import data_dir
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits


def which_contract(ev: Evaluation, lot_code: str) -> None:
    """In a tender in lots each lot has its contract, its KPIs, ratings and notices: refuse no lot or an unknown one;
    in a tender without lots, refuse a lot."""
    if ev.lots and not lot_code:
        raise KnownError(f"The tender is in lots: say which lot's contract ({', '.join(x.code for x in ev.lots)}).")
    if lot_code:
        contract.ensure_lots((lot_code,), (x.code for x in ev.lots))


def kpi_statuses(tf: TenderFile, lot_code: str = "") -> tuple[Evaluation, tuple[KpiStatus, ...]]:
    """The tender and its contract's KPIs as the lead reads them (of the lot's contract, in lots)."""
    ev = load_evaluation(tf)
    which_contract(ev, lot_code)
    return ev, statuses(ev, lot_code)


def winner(ev: Evaluation, lot_code: str = "") -> str:
    """The bid awarded the contract (the lot's, under the limit on lots per supplier); a sentence if none is."""
    which_contract(ev, lot_code)
    found = awarded_bid(ev, lot_code)
    if found is None:
        raise KnownError("No bid is ranked for that contract, so there is no winner whose commitments to take.")
    return found


def make_contract_kpis(tf: TenderFile, lot_code: str = "", start: str = "") -> Applied:
    """The winner's commitments become the contract's KPIs, running from the contract's `start`."""
    return edits.apply(tf, edits.MakeKpis(bid_id=winner(load_evaluation(tf), lot_code), lot_code=lot_code, start=start))


def write_performance_notice(tf: TenderFile, folder: Path, *, lot_code: str = "", final: bool = False) -> list[Path]:
    """The contract performance notice as PDF and CSV in `folder`: only of a contract awarded (signed off)."""
    ev = load_evaluation(tf)
    which_contract(ev, lot_code)
    folder = check_output(Path(folder), folder=True)
    if not ev.signoffs:
        raise KnownError("A contract performance notice is of an awarded contract, and this award is not signed off; "
                         "sign it off first (Award > Sign off), and nothing was written.")
    folder.mkdir(parents=True, exist_ok=True)
    stem = (ev.tender.reference or tf.path.stem).replace("/", "-") + (f" lot {lot_code}" if lot_code else "")
    rows = tf.audit_rows()
    return [write_performance_pdf(ev, folder / f"{stem} performance notice.pdf", rows, lot_code=lot_code,
                                  draft=not final),
            write_performance_csv(ev, folder / f"{stem} performance notice.csv", lot_code=lot_code)]


def rate_kpi(tf: TenderFile, *, number: int, lot_code: str = "", **period: str) -> Applied:
    """Record one period's rating of the contract's KPI `number` (1, 2, ... as listed)."""
    ev = load_evaluation(tf)
    which_contract(ev, lot_code)
    found = contract_kpis(ev, lot_code)
    if not 1 <= number <= len(found):
        raise KnownError(f"There is no KPI {number}: this contract has {len(found)}.")
    return edits.apply(tf, edits.RecordPeriod(kpi_id=found[number - 1].id, **period))


MODEL_FILE = "social-value-model.json"


def _model() -> dict:
    """The Social Value Model file: the user's own copy in the data folder if it reads as one, else the copy
    shipped in resources/ (its source and licence are named in it). A file that is not one is passed over."""
    for path in (data_dir() / MODEL_FILE, resource(MODEL_FILE)):
        try:
            doc = json.loads(read_input(path, limit=2_000_000, what="Social Value Model file").decode("utf-8"))
            if isinstance(doc, dict) and isinstance(doc.get("outcomes"), list) and doc["outcomes"]:
                return doc
        except (KnownError, ValueError):
            continue
    return {}


def _pairs(items: object, *keys: str) -> tuple[tuple[str, ...], ...]:
    out = []
    for item in items[:2000] if isinstance(items, list) else []:
        if isinstance(item, dict) and all(isinstance(item.get(k), str) and item[k].strip() for k in keys):
            out.append(tuple(str(item[k])[:300] for k in keys))
    return tuple(out)


def model_outcomes() -> tuple[tuple[str, str], ...]:
    """(id, name) of each outcome of the Social Value Model a commitment may serve."""
    return tuple((i, n) for i, n in _pairs(_model().get("outcomes"), "id", "name"))


def model_metrics() -> tuple[tuple[str, str, str], ...]:
    """(id, outcome id, name) of each reporting metric the model file lists (none in the shipped copy yet)."""
    return tuple((i, o, n) for i, o, n in _pairs(_model().get("metrics"), "id", "outcome", "name"))
