"""The scoring engine: criterion values, gate outcomes, section points, totals and ranks.

All arithmetic is exact (Fraction); nothing here depends on the order in which
criteria, bids or evaluators are given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType

from svi_desktop.domain.model import Bid, Criterion, CriterionKind, Evaluation, Framework, Section, SectionKind
from svi_desktop.domain.numbers import exact, fmt
from svi_desktop.domain.pricing import DEFAULT_FORMULA, price_fraction


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: str
    value: Fraction | None  # on the scale: the consensus, else the evaluators' mean
    source: str  # "consensus", "mean" or "unscored"
    scores: tuple[int, ...] = ()  # the individual scores, sorted

    @property
    def spread(self) -> int | None:
        return (self.scores[-1] - self.scores[0]) if self.scores else None


@dataclass(frozen=True)
class GateFailure:
    criterion_id: str
    code: str
    title: str
    reason: str  # "below threshold" or "not scored"
    value: Fraction | None
    threshold: Fraction

    def describe(self) -> str:
        if self.value is None:
            return f"{self.code} {self.title}: not scored (threshold {fmt(self.threshold)})"
        return f"{self.code} {self.title}: {fmt(self.value)} is below the threshold of {fmt(self.threshold)}"


@dataclass(frozen=True)
class BidResult:
    bid: Bid
    criteria: Mapping[str, CriterionResult]
    sections: Mapping[str, Fraction]  # section id -> points earned
    total: Fraction
    gate_failures: tuple[GateFailure, ...] = ()
    unscored: tuple[str, ...] = ()  # criterion ids with no score yet
    rank: int | None = None

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    @property
    def reason_not_ranked(self) -> str:
        if self.bid.out_of_competition:
            reason = f"{self.bid.status.value}"
            return f"{reason}: {self.bid.status_reason}" if self.bid.status_reason else reason
        if self.gate_failures:
            return "failed " + "; ".join(f.describe() for f in self.gate_failures)
        return ""


@dataclass(frozen=True)
class Results:
    ranked: tuple[BidResult, ...]
    not_ranked: tuple[BidResult, ...]
    share_total: Fraction
    price_formula: str
    warnings: tuple[str, ...] = field(default=())

    def by_bid(self) -> Mapping[str, BidResult]:
        """Each bid's result by its id: made once per Results (a summary per bid asks it each time)."""
        return self._by_bid

    @cached_property
    def _by_bid(self) -> Mapping[str, BidResult]:
        return MappingProxyType({r.bid.id: r for r in (*self.ranked, *self.not_ranked)})


def section_shares(framework: Framework, overrides: Mapping[str, Fraction] | None = None) -> dict[str, Fraction]:
    """Each section's share of the total, in %; a gates section carries no points."""
    shares = {}
    for s in framework.sections:
        share = exact(overrides[s.id]) if overrides and s.id in overrides else exact(s.share)
        shares[s.id] = Fraction(0) if s.kind is SectionKind.GATES else share
    return shares


def effective_weights(
    framework: Framework,
    shares: Mapping[str, Fraction] | None = None,
    weights: Mapping[str, Fraction] | None = None,
) -> dict[str, Fraction]:
    """Each scored criterion's share of the total, in %: its section's share split by weight."""
    shares = section_shares(framework, shares)
    result: dict[str, Fraction] = {}
    for section in framework.sections:
        scored = [c for c in framework.criteria if c.section_id == section.id and _earns_points(c, section)]
        w = {c.id: exact(weights[c.id]) if weights and c.id in weights else exact(c.weight) for c in scored}
        total = sum(w.values(), Fraction(0))
        for c in scored:
            result[c.id] = shares[section.id] * w[c.id] / total if total else Fraction(0)
    return result


def _earns_points(criterion: Criterion, section: Section) -> bool:
    return criterion.kind is CriterionKind.SCORED and section.kind is SectionKind.SCORED


def criterion_values(evaluation: Evaluation) -> dict[tuple[str, str], CriterionResult]:
    """(bid id, criterion id) -> the value the engine uses: consensus first, else the mean."""
    individual: dict[tuple[str, str], list[int]] = defaultdict(list)
    for s in evaluation.counted_scores():
        individual[(s.bid_id, s.criterion_id)].append(s.value)
    agreed = {(c.bid_id, c.criterion_id): c for c in evaluation.consensus}
    out = {}
    for bid in evaluation.bids:
        for crit in evaluation.framework.criteria:
            key = (bid.id, crit.id)
            scores = tuple(sorted(individual.get(key, ())))
            if key in agreed:
                out[key] = CriterionResult(crit.id, Fraction(agreed[key].value), "consensus", scores)
            elif scores:
                out[key] = CriterionResult(crit.id, Fraction(sum(scores), len(scores)), "mean", scores)
            else:
                out[key] = CriterionResult(crit.id, None, "unscored", ())
    return out


def criterion_value(evaluation: Evaluation, bid_id: str, criterion_id: str) -> CriterionResult:
    """One (bid, criterion)'s value, exactly as criterion_values makes it: for updating the results after one
    score or consensus changed, without reading every score again."""
    excluded = evaluation.exclusions()
    scores = tuple(sorted(s.value for s in evaluation.scores if s.bid_id == bid_id and s.criterion_id == criterion_id
                          and (s.evaluator_id, bid_id) not in excluded))
    agreed = next((c for c in evaluation.consensus if c.bid_id == bid_id and c.criterion_id == criterion_id), None)
    if agreed is not None:
        return CriterionResult(criterion_id, Fraction(agreed.value), "consensus", scores)
    if scores:
        return CriterionResult(criterion_id, Fraction(sum(scores), len(scores)), "mean", scores)
    return CriterionResult(criterion_id, None, "unscored", ())


def compute_results(
    evaluation: Evaluation,
    *,
    shares: Mapping[str, Fraction] | None = None,
    weights: Mapping[str, Fraction] | None = None,
    price_formula: str | None = None,
    values: Mapping[tuple[str, str], CriterionResult] | None = None,
    previous: Results | None = None,
    changed_bid: str | None = None,
) -> Results:
    """Rank the bids. `shares`, `weights` and `price_formula` override the framework's (for robustness).

    After one score or consensus changed, `previous` (the results before, made with the same framework, shares and
    weights) and `changed_bid` let every other bid keep its gates and quality points: only the changed bid's are
    worked out again, then the prices (who competes may have changed) and the ranking. The result is exactly a
    full calculation's (tested)."""
    fw = evaluation.framework
    scale = fw.scale
    values = values if values is not None else criterion_values(evaluation)
    sec_shares = section_shares(fw, shares)
    eff = effective_weights(fw, shares, weights)
    price_sections = [s for s in fw.sections if s.kind is SectionKind.PRICE]
    formula = price_formula or next((s.price_formula for s in price_sections if s.price_formula), DEFAULT_FORMULA)
    order = _positions(fw)

    # First pass: gates and quality points; price needs to know who competes.
    provisional = {}
    kept = previous.by_bid() if previous is not None and changed_bid is not None else {}
    price_ids = {s.id for s in price_sections}
    for bid in evaluation.bids:
        old = kept.get(bid.id)
        if old is not None and bid.id != changed_bid and old.bid == bid:
            provisional[bid.id] = (list(old.gate_failures), list(old.unscored),
                                   {s: (Fraction(0) if s in price_ids else p) for s, p in old.sections.items()})
            continue
        failures, unscored = [], []
        points: dict[str, Fraction] = {s.id: Fraction(0) for s in fw.sections}
        for crit in fw.criteria:
            cr = values[(bid.id, crit.id)]
            if cr.value is None:
                unscored.append(crit.id)
            if crit.threshold is not None:
                threshold = exact(crit.threshold)
                if cr.value is None:
                    failures.append(GateFailure(crit.id, crit.code, crit.title, "not scored", None, threshold))
                elif cr.value < threshold:
                    failures.append(GateFailure(crit.id, crit.code, crit.title, "below threshold", cr.value, threshold))
            if crit.id in eff and cr.value is not None:
                points[crit.section_id] += eff[crit.id] * scale.normalise(cr.value)
        failures.sort(key=lambda f: (order[f.criterion_id], f.code))
        provisional[bid.id] = (failures, unscored, points)

    competing = [
        b for b in evaluation.bids if not b.out_of_competition and not provisional[b.id][0] and b.price is not None
    ]
    prices = [exact(b.price) for b in competing if b.price is not None and b.price > 0]
    # Every formula reads only the lowest and highest price: hand it those two, not all of them for every bid
    # (with 200 bids that was 200 minimums over 200 fractions, a third of the ranking's time).
    prices = [min(prices), max(prices)] if prices else []
    warnings = []
    share_total = sum(sec_shares.values(), Fraction(0))
    if share_total != 100:
        warnings.append(f"The section shares add up to {fmt(share_total)}%, not 100%.")

    results = []
    for bid in evaluation.bids:
        failures, unscored, points = provisional[bid.id]
        for s in price_sections:
            if bid.price is not None and bid.price > 0:
                points[s.id] = sec_shares[s.id] * price_fraction(formula, exact(bid.price), prices)
        results.append(
            BidResult(
                bid=bid,
                criteria={c.id: values[(bid.id, c.id)] for c in fw.criteria},
                sections=points,
                total=sum(points.values(), Fraction(0)),
                gate_failures=tuple(failures),
                unscored=tuple(sorted(unscored, key=order.__getitem__)),
            )
        )
    if price_sections and any(sec_shares[s.id] for s in price_sections):
        missing = sorted(r.bid.supplier for r in results if r.bid.price is None and not r.bid.out_of_competition)
        if missing:
            warnings.append("No price is recorded for " + ", ".join(missing) + ".")

    eligible = [r for r in results if not r.bid.out_of_competition and not r.gate_failures]
    eligible.sort(key=lambda r: (-r.total, r.bid.supplier.casefold(), r.bid.id))
    ranked: list[BidResult] = []
    for i, r in enumerate(eligible):
        tied = ranked[-1].rank if ranked and ranked[-1].total == r.total else None
        ranked.append(_with_rank(r, i + 1 if tied is None else tied))
    not_ranked = sorted(
        (r for r in results if r.bid.out_of_competition or r.gate_failures),
        key=lambda r: (r.bid.supplier.casefold(), r.bid.id),
    )
    return Results(tuple(ranked), tuple(not_ranked), share_total, formula, tuple(warnings))


def _with_rank(result: BidResult, rank: int) -> BidResult:
    return BidResult(
        result.bid, result.criteria, result.sections, result.total, result.gate_failures, result.unscored, rank
    )


def _positions(framework: Framework) -> dict[str, tuple[int, int, str]]:
    """Criterion id -> its place in the framework (section, then criterion, then code)."""
    sections = {s.id: s.position for s in framework.sections}
    return {c.id: (sections.get(c.section_id, 0), c.position, c.code) for c in framework.criteria}

