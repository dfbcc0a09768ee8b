"""Properties of the engine that must hold for any tender."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from svi_desktop.domain.model import (
    Bid,
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    Framework,
    Score,
    Section,
    SectionKind,
    Tender,
)
from svi_desktop.domain.scale import preset
from svi_desktop.domain.scoring import compute_results, effective_weights, section_shares


@st.composite
def evaluations(draw: st.DrawFn) -> Evaluation:
    scale = preset(draw(st.sampled_from(["0-4", "0-5", "0-10", "0-100"])))
    n_sections = draw(st.integers(1, 3))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=n_sections, max_size=n_sections)))
    shares = [b - a for a, b in zip([0, *cuts[:-1]], [*cuts[:-1], 100], strict=True)]
    has_price = draw(st.booleans())
    sections = [Section("gates", "Gates", Decimal(0), SectionKind.GATES, 0)]
    for i, share in enumerate(shares):
        kind = SectionKind.PRICE if has_price and i == 0 else SectionKind.SCORED
        sections.append(Section(f"s{i}", f"S{i}", Decimal(share), kind, i + 1,
                                draw(st.sampled_from(["relative", "deviation", "range"]))))
    criteria = [Criterion("g", "gates", "G", "Gate", CriterionKind.GATE, Decimal(1),
                          Decimal(draw(st.sampled_from(scale.values()))))]
    for s in sections[1:]:
        if s.kind is SectionKind.SCORED:
            for j in range(draw(st.integers(1, 4))):
                weight = Decimal(draw(st.integers(1, 50))) / Decimal(draw(st.sampled_from([1, 2, 4, 10])))
                criteria.append(Criterion(f"{s.id}c{j}", s.id, f"{s.id}C{j}", "C", CriterionKind.SCORED, weight,
                                          position=j))
    fw = Framework("F", scale, tuple(sections), tuple(criteria))
    n_bids, n_evals = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    bids = tuple(Bid(f"b{i}", f"Bid {i}", price=Decimal(draw(st.integers(1, 10**6)))) for i in range(n_bids))
    evaluators = tuple(Evaluator(f"e{i}", f"E{i}") for i in range(n_evals))
    scores = []
    for b in bids:
        for c in criteria:
            for e in evaluators:
                if draw(st.integers(0, 9)) > 0:
                    scores.append(Score(f"{b.id}{c.id}{e.id}", e.id, b.id, c.id, draw(st.sampled_from(scale.values()))))
    return Evaluation(Tender("t", "T"), fw, bids, (), evaluators, tuple(scores))


def _shuffled(ev: Evaluation, seed: int) -> Evaluation:
    rng = random.Random(seed)

    def sh(items):
        items = list(items)
        rng.shuffle(items)
        return tuple(items)

    crits = sh(ev.framework.criteria)
    # Positions say the order in which criteria are shown; shuffle them too.
    crits = tuple(replace(c, position=i) for i, c in enumerate(crits))
    fw = replace(ev.framework, criteria=crits, sections=sh(ev.framework.sections))
    return replace(ev, framework=fw, bids=sh(ev.bids), evaluators=sh(ev.evaluators), scores=sh(ev.scores))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(evaluations(), st.integers(0, 10**6))
def test_totals_do_not_depend_on_order(ev: Evaluation, seed: int) -> None:
    a = compute_results(ev)
    b = compute_results(_shuffled(ev, seed))
    assert {k: v.total for k, v in a.by_bid().items()} == {k: v.total for k, v in b.by_bid().items()}
    assert [(r.bid.id, r.rank) for r in a.ranked] == [(r.bid.id, r.rank) for r in b.ranked]
    assert {k: v.gate_failures for k, v in a.by_bid().items()} == {k: v.gate_failures for k, v in b.by_bid().items()}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(evaluations())
def test_totals_within_0_and_100(ev: Evaluation) -> None:
    for r in compute_results(ev).by_bid().values():
        assert 0 <= r.total <= 100


@settings(max_examples=150, deadline=None, derandomize=True)
@given(evaluations())
def test_weights_within_a_section_sum_to_its_share(ev: Evaluation) -> None:
    eff = effective_weights(ev.framework)
    shares = section_shares(ev.framework)
    for s in ev.framework.sections:
        if s.kind is SectionKind.SCORED:
            in_section = [eff[c.id] for c in ev.framework.criteria if c.section_id == s.id]
            assert sum(in_section, Fraction(0)) == shares[s.id]
