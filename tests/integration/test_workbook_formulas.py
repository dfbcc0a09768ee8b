"""The workbook a reviewer can audit: every criterion value, gate, eligibility, section, total and rank is a formula,
and LibreOffice's recalculation equals the engine's, before and after a reviewer changes an individual score."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.scoring import Results, compute_results
from svi_desktop.exports.workbook import write_workbook
from svi_desktop.imports.demo import demo_evaluation
from tests.helpers.libreoffice import recalculated


def _close(a: object, b: Fraction | None) -> bool:
    if b is None:
        return a in (None, "")
    return isinstance(a, int | float) and abs(a - float(b)) < 1e-9


def _assert_matches(wb: openpyxl.Workbook, ev: Evaluation, results: Results) -> None:
    by_bid = results.by_bid()
    sc, su = wb["Scores"], wb["Summary"]
    codes = [sc.cell(1, c).value for c in range(6, sc.max_column + 1)]
    crit_by_code = {c.code: c for c in ev.framework.criteria}
    for row, b in enumerate(ev.bids, start=2):
        r = by_bid[b.id]
        assert sc.cell(row, 1).value == b.supplier
        for j, code in enumerate(codes):
            expected = r.criteria[crit_by_code[code].id].value
            assert _close(sc.cell(row, 6 + j).value, expected), (b.supplier, code, sc.cell(row, 6 + j).value, expected)
        assert sc.cell(row, 4).value == ("fail" if r.gate_failures else "pass"), b.supplier
        assert sc.cell(row, 5).value == (1 if r.ranked else 0), b.supplier
    order = [*results.ranked, *results.not_ranked]
    sections = [s for s in sorted(ev.framework.sections, key=lambda s: s.position) if s.kind.value != "gates"]
    for i, r in enumerate(order):
        row = i + 2
        assert su.cell(row, 1).value == r.bid.supplier  # in rank order
        assert su.cell(row, 2).value in ((r.rank,) if r.ranked else ("", None)), r.bid.supplier
        for j, s in enumerate(sections):
            assert _close(su.cell(row, 4 + j).value, r.sections[s.id]), (r.bid.supplier, s.name)
        total = su.cell(row, 4 + len(sections)).value
        assert _close(total, r.total if r.ranked else None), (r.bid.supplier, total, r.total)


@pytest.fixture(scope="module")
def demo() -> Evaluation:
    return demo_evaluation()


def test_every_figure_is_a_formula_and_libreoffice_agrees_with_the_engine(demo: Evaluation, tmp_path: Path) -> None:
    path = write_workbook(demo, tmp_path / "demo.xlsx", [])
    raw = openpyxl.load_workbook(path)
    sc, su = raw["Scores"], raw["Summary"]
    for row in range(2, len(demo.bids) + 2):
        for col in range(4, sc.max_column + 1):
            assert str(sc.cell(row, col).value).startswith("="), sc.cell(row, col).coordinate
        for col in range(2, 8):
            assert str(su.cell(row, col).value).startswith("="), su.cell(row, col).coordinate
    assert "RANK(" in su["B2"].value
    results = compute_results(demo)
    chart = su._charts[0]
    assert chart.series[0].val.numRef.f.endswith(f"$2:$G${1 + len(results.ranked)}")  # ranked bids only
    _assert_matches(recalculated(path, tmp_path), demo, results)


def test_a_reviewer_changing_one_individual_score_gets_the_engines_totals(demo: Evaluation, tmp_path: Path) -> None:
    path = write_workbook(demo, tmp_path / "demo.xlsx", [])
    wb = openpyxl.load_workbook(path)
    ind = wb["Individual scores"]
    agreed = {(c.bid_id, c.criterion_id) for c in demo.consensus}
    suppliers = {b.supplier: b for b in demo.bids}
    codes = {c.code: c for c in demo.framework.criteria}
    # A score on a quality criterion (Q2) of the runner-up, where no consensus overrides it: from its value to 4.
    results = compute_results(demo)
    target = results.ranked[1].bid
    row = next(r for r in range(2, ind.max_row + 1)
               if ind.cell(r, 1).value == target.supplier and ind.cell(r, 2).value == "Q2"
               and (target.id, codes["Q2"].id) not in agreed and ind.cell(r, 4).value != 4)
    evaluator = next(e for e in demo.evaluators if e.name == ind.cell(row, 3).value)
    ind.cell(row, 4).value = 4
    changed = tmp_path / "changed.xlsx"
    wb.save(changed)
    after = replace(demo, scores=tuple(
        replace(s, value=4) if (s.bid_id, s.criterion_id, s.evaluator_id) == (
            suppliers[target.supplier].id, codes["Q2"].id, evaluator.id) else s for s in demo.scores))
    new_results = compute_results(after)
    assert new_results.by_bid()[target.id].total != results.by_bid()[target.id].total  # the change matters
    recalc = recalculated(changed, tmp_path)
    totals = {}
    su = recalc["Summary"]
    sections = len([s for s in demo.framework.sections if s.kind.value != "gates"])
    for r in range(2, len(demo.bids) + 2):
        totals[su.cell(r, 1).value] = su.cell(r, 4 + sections).value
    for r in new_results.ranked:
        assert _close(totals[r.bid.supplier], r.total), (r.bid.supplier, totals[r.bid.supplier], float(r.total))


def test_a_score_excluded_by_a_conflict_does_not_count_in_the_workbook(tmp_path: Path) -> None:
    ev = demo_evaluation()
    e, b = ev.evaluators[0], ev.bids[0]
    from svi_desktop.domain.model import BidConflict, Declaration

    declared = replace(e, declaration=Declaration(True, "", "", "2026-11-01", (BidConflict(b.id, "Former employer."),)))
    ev = replace(ev, evaluators=(declared, *ev.evaluators[1:]))
    path = write_workbook(ev, tmp_path / "x.xlsx", [])
    _assert_matches(recalculated(path, tmp_path), ev, compute_results(ev))
