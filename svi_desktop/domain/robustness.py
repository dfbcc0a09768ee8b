"""How robust the ranking is: where the leader would change, and how often it leads when weights wobble."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from svi_desktop.domain.model import Criterion, CriterionKind, Evaluation, SectionKind
from svi_desktop.domain.numbers import exact, fmt
from svi_desktop.domain.pricing import FORMULAS, price_fraction
from svi_desktop.domain.scale import ScoringScale
from svi_desktop.domain.scoring import BidResult, Results, compute_results, criterion_values, section_shares


@dataclass(frozen=True)
class FlipPoint:
    """For one section share or criterion weight: the nearest values at which the leader would change."""

    kind: str  # "share" or "weight"
    target_id: str
    name: str
    current: Fraction
    below: tuple[Fraction, str] | None  # (value, the bid that would lead) when lowered to just past value
    above: tuple[Fraction, str] | None

    def describe(self, leader: str) -> str:
        unit = "%" if self.kind == "share" else ""
        parts = []
        if self.below is not None:
            parts.append(f"{self.below[1]} would lead if the {self.name} fell below {fmt(self.below[0])}{unit}")
        if self.above is not None:
            parts.append(f"{self.above[1]} would lead if the {self.name} rose above {fmt(self.above[0])}{unit}")
        if not parts:
            return f"{self.name}: no change across the whole range"
        return f"{self.name} (now {fmt(self.current)}{unit}): " + "; ".join(parts)

    def distance(self) -> Fraction | None:
        """How far the nearer flip is, relative to the current value, so that shares and weights compare."""
        gaps = [abs(p[0] - self.current) for p in (self.below, self.above) if p is not None]
        if not gaps:
            return None
        return min(gaps) / self.current if self.current else min(gaps)


@dataclass(frozen=True)
class Perturbation:
    draws: int
    spread: Fraction
    seed: int
    first_share: dict[str, Fraction]  # bid id -> share of draws it ranks first


@dataclass(frozen=True)
class Robustness:
    leader_id: str | None
    leader: str
    shared_lead: bool
    flips: tuple[FlipPoint, ...]
    perturbation: Perturbation | None
    verdict: str


def unit_points(ev: Evaluation, results: Results) -> dict[str, dict[str, Fraction]]:
    """For each ranked bid, the points it earns per 1% of each section's share (shares do not change these)."""
    fw = ev.framework
    kinds = {s.id: s.kind for s in fw.sections}
    values = criterion_values(ev)
    scale = fw.scale
    formula = results.price_formula
    prices = [exact(r.bid.price) for r in results.ranked if r.bid.price is not None and r.bid.price > 0]
    out: dict[str, dict[str, Fraction]] = {}
    for r in results.ranked:
        per: dict[str, Fraction] = {}
        for s in fw.sections:
            if kinds[s.id] is SectionKind.SCORED:
                crits = [c for c in fw.criteria if c.section_id == s.id and c.kind is CriterionKind.SCORED]
                w_total = sum((exact(c.weight) for c in crits), Fraction(0))
                got = sum((exact(c.weight) * _normalised(scale, values[(r.bid.id, c.id)].value) for c in crits),
                          Fraction(0))
                per[s.id] = got / w_total if w_total else Fraction(0)
            elif kinds[s.id] is SectionKind.PRICE and r.bid.price is not None and r.bid.price > 0:
                per[s.id] = price_fraction(formula, exact(r.bid.price), prices)
            else:
                per[s.id] = Fraction(0)
        out[r.bid.id] = per
    return out


def share_flips(ev: Evaluation, results: Results) -> list[FlipPoint]:
    """Move one section's share by delta; the other point-bearing sections take up -delta in proportion,
    so every bid's total moves in a straight line: total + delta * gain."""
    ranked = results.ranked
    if len(ranked) < 2:
        return []
    shares = section_shares(ev.framework)
    names = {r.bid.id: r.bid.supplier for r in ranked}
    unit = unit_points(ev, results)
    out = []
    for s in ev.framework.sections:
        if s.kind is SectionKind.GATES:
            continue
        share = shares[s.id]
        others = sum((v for k, v in shares.items() if k != s.id), Fraction(0))
        if others == 0:
            out.append(FlipPoint("share", s.id, f"{s.name} share", share, None, None))
            continue
        gains = {r.bid.id: unit[r.bid.id][s.id] - (r.total - share * unit[r.bid.id][s.id]) / others for r in ranked}
        out.append(_linear_flip("share", s.id, f"{s.name} share", share, ranked[0].bid.id, ranked, gains, names,
                                low=Fraction(0), high=share + others))
    return out


def _linear_flip(kind: str, target: str, name: str, current: Fraction, leader_id: str, ranked: Sequence[BidResult],
                 gains: dict,
                 names: dict, *, low: Fraction, high: Fraction) -> FlipPoint:
    """Totals move as total + delta * gain; find the nearest delta, each way, where a challenger passes the leader."""
    totals = {r.bid.id: r.total for r in ranked}
    below = above = None
    for r in ranked:
        c = r.bid.id
        if c == leader_id:
            continue
        dg = gains[c] - gains[leader_id]
        if dg == 0:
            continue
        delta = (totals[leader_id] - totals[c]) / dg
        value = current + delta
        if delta > 0 and value < high and (above is None or value < above[0]):
            above = (value, names[c])
        if delta < 0 and value > low and (below is None or value > below[0]):
            below = (value, names[c])
    return FlipPoint(kind, target, name, current, below, above)


def weight_flips(ev: Evaluation, results: Results) -> list[FlipPoint]:
    """Change one criterion's weight, all else held: where would the leader change?"""
    ranked = results.ranked
    if len(ranked) < 2:
        return []
    fw = ev.framework
    shares = section_shares(fw)
    scale = fw.scale
    values = criterion_values(ev)
    names = {r.bid.id: r.bid.supplier for r in ranked}
    out = []
    kinds = {s.id: s.kind for s in fw.sections}
    order = {s.id: s.position for s in fw.sections}
    for c in sorted(fw.criteria, key=lambda c: (order[c.section_id], c.position, c.code)):
        if c.kind is not CriterionKind.SCORED or kinds[c.section_id] is not SectionKind.SCORED:
            continue
        share = shares[c.section_id]
        siblings = [x for x in fw.criteria if x.section_id == c.section_id and x.id != c.id
                    and x.kind is CriterionKind.SCORED]
        w_rest = sum((exact(x.weight) for x in siblings), Fraction(0))
        label = f"weight of {c.code}"
        if share == 0 or w_rest == 0:
            out.append(FlipPoint("weight", c.id, label, exact(c.weight), None, None))
            continue

        def norm(bid_id: str, crit_id: str) -> Fraction:
            v = values[(bid_id, crit_id)].value
            return Fraction(0) if v is None else scale.normalise(v)

        def parts(r: BidResult, c: Criterion = c, siblings: list[Criterion] = siblings,
                  w_rest: Fraction = w_rest) -> tuple[Fraction, Fraction, Fraction]:
            """(points outside the section, the siblings' weighted mean, this criterion's normalised value)."""
            rest = r.total - r.sections[c.section_id]
            avg = sum((exact(x.weight) * norm(r.bid.id, x.id) for x in siblings), Fraction(0)) / w_rest
            return rest, avg, norm(r.bid.id, c.id)

        lead = parts(ranked[0])
        below = above = None
        current = exact(c.weight)
        for r in ranked[1:]:
            other = parts(r)
            dr, da, dn = lead[0] - other[0], lead[1] - other[1], lead[2] - other[2]
            denom = dr + share * dn
            if denom == 0:
                continue
            w = -w_rest * (dr + share * da) / denom
            if w <= 0 or w == current:
                continue
            if w > current and (above is None or w < above[0]):
                above = (w, names[r.bid.id])
            if w < current and (below is None or w > below[0]):
                below = (w, names[r.bid.id])
        out.append(FlipPoint("weight", c.id, label, current, below, above))
    return out


def perturb(ev: Evaluation, results: Results, *, draws: int = 5000, spread: Fraction = Fraction(1, 10),
            seed: int = 1, progress: Callable[[int], bool] | None = None) -> Perturbation:
    """Multiply every share and weight by a random factor in 1 ± spread (shares rescaled to their total);
    count how often each ranked bid comes first. Floats are fine here: this is a frequency, not a score."""
    ranked = results.ranked
    fw = ev.framework
    rng = random.Random(seed)
    if not ranked:
        return Perturbation(draws, spread, seed, {})
    shares = {k: float(v) for k, v in section_shares(fw).items()}
    total_share = sum(shares.values())
    kinds = {s.id: s.kind for s in fw.sections}
    values = criterion_values(ev)
    scale = fw.scale
    scored = [c for c in fw.criteria if c.kind is CriterionKind.SCORED and kinds[c.section_id] is SectionKind.SCORED]
    sections = [s.id for s in fw.sections if kinds[s.id] is SectionKind.SCORED]
    price_sections = [s.id for s in fw.sections if kinds[s.id] is SectionKind.PRICE]
    # Per bid: the normalised value of each scored criterion, and the price fraction earned.
    norm = {r.bid.id: [float(_normalised(scale, values[(r.bid.id, c.id)].value)) for c in scored] for r in ranked}
    price_fraction = {r.bid.id: {p: float(r.sections[p]) / shares[p] if shares[p] else 0.0
                                 for p in price_sections} for r in ranked}
    weights = [float(c.weight) for c in scored]
    index_of_section = [sections.index(c.section_id) for c in scored]
    counts = {r.bid.id: 0 for r in ranked}
    s = float(spread)
    bid_ids = [r.bid.id for r in ranked]
    for d in range(draws):
        sh = {k: v * (1 + rng.uniform(-s, s)) for k, v in shares.items()}
        scale_to = total_share / (sum(sh.values()) or 1)
        sh = {k: v * scale_to for k, v in sh.items()}
        w = [x * (1 + rng.uniform(-s, s)) for x in weights]
        w_total = [0.0] * len(sections)
        for i, x in enumerate(w):
            w_total[index_of_section[i]] += x
        factor = [sh[sec] / w_total[i] if w_total[i] else 0.0 for i, sec in enumerate(sections)]
        coef = [w[i] * factor[index_of_section[i]] for i in range(len(w))]
        best, best_total = None, -1.0
        for b in bid_ids:
            nb = norm[b]
            total = sum(coef[i] * nb[i] for i in range(len(coef)))
            total += sum(sh[p] * price_fraction[b][p] for p in price_sections)
            if total > best_total + 1e-12:
                best, best_total = b, total
        counts[best] += 1  # type: ignore[index]  # there is always a best bid: at least one is ranked
        if progress is not None and d % 250 == 0 and not progress(d):
            draws = d + 1
            break
    return Perturbation(draws, spread, seed, {b: Fraction(n, draws) for b, n in counts.items()})


def robustness(ev: Evaluation, results: Results | None = None, *, draws: int = 5000,
               spread: Fraction = Fraction(1, 10), seed: int = 1,
               progress: Callable[[int], bool] | None = None) -> Robustness:
    results = results or compute_results(ev)
    ranked = results.ranked
    if not ranked:
        return Robustness(None, "", False, (), None, "No bid can be ranked yet, so there is nothing to test.")
    leader = ranked[0]
    shared = len(ranked) > 1 and ranked[1].total == leader.total
    flips = (*share_flips(ev, results), *weight_flips(ev, results))
    pert = perturb(ev, results, draws=draws, spread=spread, seed=seed, progress=progress) if draws else None
    return Robustness(leader.bid.id, leader.bid.supplier, shared, flips, pert,
                      _verdict(ev, results, flips, pert, shared))


def _verdict(ev: Evaluation, results: Results, flips: tuple[FlipPoint, ...], pert: Perturbation | None,
             shared: bool) -> str:
    leader = results.ranked[0].bid.supplier
    if len(results.ranked) == 1:
        return f"{leader} is the only bid that can be ranked."
    if shared:
        return f"The lead is shared: {leader} and {results.ranked[1].bid.supplier} have the same total."
    parts = []
    if pert is not None:
        share = pert.first_share.get(results.ranked[0].bid.id, Fraction(0))
        parts.append(f"{leader} leads in {fmt(share * 100, 0)}% of {pert.draws:,} draws with every share and weight "
                     f"varied by up to ±{fmt(pert.spread * 100, 0)}%.")
    nearest = [f for f in flips if f.distance() is not None]
    if nearest:
        f = min(nearest, key=lambda f: f.distance())  # type: ignore[arg-type, return-value]  # only flips with a distance are kept
        unit = "%" if f.kind == "share" else ""
        if f.below is not None and (f.above is None or abs(f.below[0] - f.current) <= abs(f.above[0] - f.current)):
            who, where = f.below[1], f"below {fmt(f.below[0])}{unit}"
        else:
            assert f.above is not None
            who, where = f.above[1], f"above {fmt(f.above[0])}{unit}"
        parts.append(f"The closest challenger, {who}, needs the {f.name} {where} (now {fmt(f.current)}{unit}).")
    else:
        parts.append("No single share or weight, moved across its whole range, changes the leader.")
    return " ".join(parts)


def formula_rankings(ev: Evaluation) -> dict[str, Results]:
    """The ranking under each price formula, side by side."""
    return {key: compute_results(ev, price_formula=key) for key in FORMULAS}


@dataclass(frozen=True)
class Calibration:
    evaluator_id: str
    name: str
    versus_consensus: Fraction | None  # mean (score - consensus)
    consensus_n: int
    versus_panel: Fraction | None  # mean (score - the other evaluators' mean)
    panel_n: int


def calibration(ev: Evaluation) -> list[Calibration]:
    """Each evaluator's mean difference from the consensus (and from the rest of the panel)."""
    agreed = {(c.bid_id, c.criterion_id): c.value for c in ev.consensus}
    by_cell: dict[tuple[str, str], list] = {}
    for s in ev.counted_scores():
        by_cell.setdefault((s.bid_id, s.criterion_id), []).append(s)
    out = []
    for e in ev.evaluators:
        vc, vp = [], []
        for key, cell in by_cell.items():
            mine = next((s for s in cell if s.evaluator_id == e.id), None)
            if mine is None:
                continue
            if key in agreed:
                vc.append(Fraction(mine.value - agreed[key]))
            others = [s.value for s in cell if s.evaluator_id != e.id]
            if others:
                vp.append(mine.value - Fraction(sum(others), len(others)))
        out.append(Calibration(e.id, e.name, sum(vc, Fraction(0)) / len(vc) if vc else None, len(vc),
                               sum(vp, Fraction(0)) / len(vp) if vp else None, len(vp)))
    return out


def _normalised(scale: ScoringScale, value: Fraction | None) -> Fraction:
    """A criterion's value on 0..1; an unscored criterion earns nothing."""
    return Fraction(0) if value is None else scale.normalise(value)
