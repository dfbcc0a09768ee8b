"""The scoring engine against cases worked by hand."""

from __future__ import annotations

from fractions import Fraction

from svi_desktop.domain.model import BidStatus
from svi_desktop.domain.numbers import fmt
from svi_desktop.domain.scoring import compute_results, effective_weights
from tests.helpers.builders import evaluation, framework


def test_hand_worked_two_bids() -> None:
    # Quality 70%: Q1 weight 3, Q2 weight 1, scale 0-4. Price 30%, relative.
    ev = evaluation(
        {
            "a": {"g1": [3, 3], "q1": [4, 3], "q2": [2, 2]},  # Q1 mean 3.5, Q2 mean 2
            "b": {"g1": [2, 2], "q1": [2, 2], "q2": [4, 4]},
        },
        {"a": "120000", "b": "100000"},
    )
    r = compute_results(ev)
    a, b = r.by_bid()["a"], r.by_bid()["b"]
    # a: 70 * (3 * 3.5/4 + 1 * 2/4) / 4 = 70 * 3.125 / 4 = 54.6875; price 30 * 100/120 = 25
    assert a.sections["sq"] == Fraction(546875, 10000)
    assert a.sections["sp"] == 25
    assert a.total == Fraction(796875, 10000)
    # b: 70 * (3 * 2/4 + 4/4) / 4 = 70 * 2.5 / 4 = 43.75; price 30
    assert b.total == Fraction(7375, 100)
    assert [x.bid.id for x in r.ranked] == ["a", "b"]
    assert [x.rank for x in r.ranked] == [1, 2]
    assert fmt(a.total) == "79.69"


def test_consensus_overrides_mean() -> None:
    ev = evaluation({"a": {"g1": [2], "q1": [0, 4], "q2": [0]}}, {"a": "1"}, consensus={("a", "q1"): 1})
    r = compute_results(ev).by_bid()["a"]
    assert r.criteria["q1"].value == 1 and r.criteria["q1"].source == "consensus"
    assert r.criteria["q1"].spread == 4
    assert r.sections["sq"] == Fraction(70 * 3 * 1, 4 * 4)


def test_equal_totals_share_a_rank() -> None:
    same = {"g1": [2], "q1": [3], "q2": [3]}
    ev = evaluation({"x": same, "y": same, "z": {"g1": [2], "q1": [1], "q2": [1]}}, {"x": "10", "y": "10", "z": "10"})
    r = compute_results(ev)
    assert [(x.bid.id, x.rank) for x in r.ranked] == [("x", 1), ("y", 1), ("z", 3)]


def test_gate_failure_and_unscored_gate_are_listed_apart_with_reasons() -> None:
    ev = evaluation(
        {"low": {"g1": [1, 2], "q1": [4], "q2": [4]}, "none": {"q1": [4], "q2": [4]}, "ok": {"g1": [2], "q1": [1]}},
        {"low": "10", "none": "10", "ok": "10"},
    )
    r = compute_results(ev)
    assert [x.bid.id for x in r.ranked] == ["ok"]
    reasons = {x.bid.id: x.reason_not_ranked for x in r.not_ranked}
    assert reasons["low"] == "failed G1 Purpose: 1.50 is below the threshold of 2.00"
    assert reasons["none"] == "failed G1 Purpose: not scored (threshold 2.00)"
    assert r.by_bid()["ok"].unscored == ("q2",)


def test_excluded_and_withdrawn_bids_are_not_ranked() -> None:
    s = {"g1": [3], "q1": [4], "q2": [4]}
    ev = evaluation({"a": s, "b": s, "c": s}, {"a": "10", "b": "5", "c": "10"},
                    status={"b": BidStatus.EXCLUDED, "c": BidStatus.WITHDRAWN})
    r = compute_results(ev)
    assert [x.bid.id for x in r.ranked] == ["a"]
    # The excluded bid's lower price does not set the lowest price for the others.
    assert r.by_bid()["a"].sections["sp"] == 30


def test_price_formulas_worked_by_hand() -> None:
    s = {"g1": [2], "q1": [0], "q2": [0]}
    prices = {"a": "100", "b": "125", "c": "250"}
    for formula, expected in {
        "relative": {"a": 30, "b": Fraction(30 * 100, 125), "c": 12},
        "deviation": {"a": 30, "b": Fraction(45, 2), "c": 0},  # b is 25% above: 30 * 0.75
        "range": {"a": 30, "b": 25, "c": 0},  # b: (250-125)/(250-100) = 5/6 of 30
    }.items():
        ev = evaluation({k: s for k in prices}, prices, fw=framework(formula=formula))
        got = {k: v.sections["sp"] for k, v in compute_results(ev).by_bid().items()}
        assert got == expected, formula


def test_effective_weights_split_section_share_by_weight() -> None:
    w = effective_weights(framework())
    assert w == {"q1": Fraction(70 * 3, 4), "q2": Fraction(70, 4)}


def test_shares_not_adding_to_100_are_warned() -> None:
    ev = evaluation({"a": {"g1": [2]}}, {"a": "1"}, fw=framework(price_share="20"))
    assert compute_results(ev).warnings == ("The section shares add up to 90.00%, not 100%.",)


def test_one_pairs_value_is_exactly_the_full_calculations_for_every_pair_with_an_exclusion() -> None:
    from dataclasses import replace as _replace

    from svi_desktop.domain.model import BidConflict, ConflictManagement, Declaration
    from svi_desktop.domain.scoring import criterion_value, criterion_values
    from svi_desktop.imports.demo import demo_evaluation

    ev = demo_evaluation()
    e = ev.evaluators[0]
    excluded = _replace(e, declaration=Declaration(True, "x", "", "2026-11-01T00:00:00+00:00", (
        BidConflict(ev.bids[1].id, "A sister works there.", ConflictManagement.EXCLUDED, ""),)))
    ev = _replace(ev, evaluators=(excluded, *ev.evaluators[1:]), consensus=ev.consensus[:3])
    full = criterion_values(ev)
    assert any(v.source == "consensus" for v in full.values()) and any(v.source == "mean" for v in full.values())
    for (bid, crit), value in full.items():
        assert criterion_value(ev, bid, crit) == value


def test_the_update_for_one_changed_bid_is_exactly_the_full_calculation() -> None:
    import random
    from dataclasses import replace as _replace

    from svi_desktop.domain.scoring import compute_results, criterion_values
    from svi_desktop.imports.demo import demo_evaluation

    ev = _replace(demo_evaluation(), consensus=())  # the evaluators' scores decide every value
    rng = random.Random(5)
    previous = compute_results(ev)
    gates_seen = set()
    for _ in range(60):  # values that fail and pass gates, so who competes on price changes too
        s = rng.choice(ev.scores)
        changed = _replace(s, value=rng.choice((0, 1, 2, 3, 4)))
        ev = _replace(ev, scores=tuple(changed if x is s else x for x in ev.scores))
        full = compute_results(ev)
        quick = compute_results(ev, values=criterion_values(ev), previous=previous, changed_bid=s.bid_id)
        assert quick == full
        gates_seen.add(tuple(r.bid.id for r in full.ranked))
        previous = quick
    assert len(gates_seen) > 1  # the changes moved bids in and out of the ranking
