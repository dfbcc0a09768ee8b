"""The results of a tender as plain text and as a JSON-ready dict (for `svi results`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from svi_desktop.domain.contract import TIE_BREAK_NAMES
from svi_desktop.domain.lots import Allocation, lot_evaluation
from svi_desktop.domain.model import Evaluation, SectionKind
from svi_desktop.domain.numbers import fmt
from svi_desktop.domain.pricing import FORMULAS
from svi_desktop.domain.robustness import Calibration, Robustness
from svi_desktop.domain.scoring import BidResult, Results


def _point_sections(ev: Evaluation) -> list:
    return [s for s in ev.framework.sections if s.kind is not SectionKind.GATES]


def results_text(ev: Evaluation, results: Results) -> str:
    sections = _point_sections(ev)
    lines = [f"{ev.tender.title} ({ev.tender.reference})" if ev.tender.reference else ev.tender.title]
    lines.append(f"Price formula: {FORMULAS[results.price_formula].name}")
    lines.append("")
    name_w = max([len("Bid")] + [len(r.bid.supplier) for r in (*results.ranked, *results.not_ranked)])
    heads = [f"{s.name} ({fmt(s.share, 0)}%)" for s in sections]
    header = f"{'Rank':<5} {'Bid':<{name_w}}  " + "  ".join(f"{h:>{max(len(h), 7)}}" for h in heads) + f"  {'Total':>7}"
    lines.append(header)
    for r in results.ranked:
        cells = "  ".join(f"{fmt(r.sections[s.id]):>{max(len(h), 7)}}" for s, h in zip(sections, heads, strict=True))
        lines.append(f"{r.rank:<5} {r.bid.supplier:<{name_w}}  {cells}  {fmt(r.total):>7}")
    if not results.ranked:
        lines.append("(no bid can be ranked yet)")
    if results.not_ranked:
        lines.append("")
        lines.append("Not ranked:")
        for r in results.not_ranked:
            lines.append(f"  {r.bid.supplier}: {r.reason_not_ranked}")
    incomplete = [r for r in (*results.ranked, *results.not_ranked) if r.unscored]
    if incomplete:
        lines.append("")
        lines.append("Not yet fully scored:")
        for r in incomplete:
            lines.append(f"  {r.bid.supplier}: {len(r.unscored)} criteria without a score")
    for w in results.warnings:
        lines.append("")
        lines.append(f"Warning: {w}")
    return "\n".join(lines)


def robustness_text(rob: Robustness) -> str:
    lines = ["Robustness:", f"  {rob.verdict}"]
    lines += [f"  {f.describe(rob.leader)}" for f in rob.flips if f.below is not None or f.above is not None]
    return "\n".join(lines)


def _bid_json(ev: Evaluation, r: BidResult) -> dict[str, Any]:
    codes = {c.id: c.code for c in ev.framework.criteria}
    return {
        "bid_id": r.bid.id,
        "supplier": r.bid.supplier,
        "rank": r.rank,
        "total": fmt(r.total),
        "total_exact": str(r.total),
        "sections": {s.name: fmt(r.sections[s.id]) for s in _point_sections(ev)},
        "gates": "pass" if not r.gate_failures else "fail",
        "gate_failures": [
            {"criterion": f.code, "title": f.title, "reason": f.reason,
             "value": None if f.value is None else fmt(f.value), "threshold": fmt(f.threshold)}
            for f in r.gate_failures
        ],
        "status": r.bid.status.value,
        "reason_not_ranked": r.reason_not_ranked or None,
        "criteria": {
            codes[cid]: {"value": None if cr.value is None else fmt(cr.value), "source": cr.source,
                         "scores": list(cr.scores)}
            for cid, cr in r.criteria.items()
        },
    }


def robustness_json(ev: Evaluation, rob: Robustness, formulas: dict[str, Results],
                    calib: list[Calibration]) -> dict[str, Any]:
    names = {b.id: b.supplier for b in ev.bids}
    out: dict[str, Any] = {
        "verdict": rob.verdict,
        "leader": rob.leader,
        "shared_lead": rob.shared_lead,
        "flip_points": [
            {"kind": f.kind, "name": f.name, "current": fmt(f.current),
             "below": None if f.below is None else {"value": fmt(f.below[0]), "exact": str(f.below[0]),
                                                     "new_leader": f.below[1]},
             "above": None if f.above is None else {"value": fmt(f.above[0]), "exact": str(f.above[0]),
                                                     "new_leader": f.above[1]}}
            for f in rob.flips
        ],
        "price_formulas": {key: [r.bid.supplier for r in res.ranked] for key, res in formulas.items()},
        "calibration": [
            {"evaluator": c.name,
             "mean_difference_from_consensus": None if c.versus_consensus is None else fmt(c.versus_consensus),
             "compared_with_consensus": c.consensus_n,
             "mean_difference_from_other_evaluators": None if c.versus_panel is None else fmt(c.versus_panel),
             "compared_with_panel": c.panel_n}
            for c in calib
        ],
    }
    if rob.perturbation is not None:
        p = rob.perturbation
        out["perturbation"] = {"draws": p.draws, "spread_percent": fmt(p.spread * 100, 0), "seed": p.seed,
                               "share_ranked_first": {names[b]: fmt(v * 100, 1) for b, v in p.first_share.items()}}
    return out


def results_json(ev: Evaluation, results: Results) -> dict[str, Any]:
    """The ranking as JSON; scores kept on record but left out (a declared conflict) are listed apart."""
    names = {e.id: e.name for e in ev.evaluators}
    suppliers = {b.id: b.supplier for b in ev.bids}
    codes = {c.id: c.code for c in ev.framework.criteria}
    return {
        "tender": {"id": ev.tender.id, "title": ev.tender.title, "reference": ev.tender.reference},
        "price_formula": results.price_formula,
        "share_total": fmt(results.share_total),
        "ranked": [_bid_json(ev, r) for r in results.ranked],
        "not_ranked": [_bid_json(ev, r) for r in results.not_ranked],
        "warnings": list(results.warnings),
        "excluded_scores": [
            {"evaluator": names.get(s.evaluator_id, s.evaluator_id), "bid": suppliers.get(s.bid_id, s.bid_id),
             "criterion": codes.get(s.criterion_id, s.criterion_id), "value": s.value,
             "reason": f"conflict of interest declared: {c.details}"} for s, c in ev.excluded_scores()],
    }


def lots_json(ev: Evaluation, allocation: Allocation, robustness_of: Callable[[Evaluation, Results], Any] | None = None
              ) -> dict[str, Any]:
    """Each lot's results as results_json gives the tender's, with who is awarded it under the limit and why."""
    suppliers = {b.id: b.supplier for b in ev.bids}
    out = []
    for award in allocation.lots:
        sub = lot_evaluation(ev, award.lot.code)
        doc = results_json(sub, award.results)
        if robustness_of is not None:
            doc["robustness"] = robustness_of(sub, award.results)
        out.append({"code": award.lot.code, "title": award.lot.title,
                    "value": None if award.lot.value is None else str(award.lot.value),
                    "bids": [b.supplier for b in sub.bids],
                    "criteria": [c.code for c in sub.framework.criteria],
                    "ranked_first": suppliers.get(award.first or ""),
                    "awarded_to": suppliers.get(award.winner or ""),
                    "passed_over": [suppliers[b] for b in award.passed_over],
                    "explanation": award.explanation,
                    **doc})
    return {"limit_per_supplier": allocation.limit or None, "tie_break": allocation.rule.value,
            "tie_break_rule": TIE_BREAK_NAMES[allocation.rule], "steps": list(allocation.steps), "lots": out}
