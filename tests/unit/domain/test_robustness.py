"""Flip points worked by hand, checked against the engine on either side; perturbation is seeded."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from svi_desktop.domain.model import Criterion, CriterionKind, Framework, Section, SectionKind
from svi_desktop.domain.robustness import calibration, formula_rankings, perturb, robustness
from svi_desktop.domain.scale import preset
from svi_desktop.domain.scoring import compute_results
from tests.helpers.builders import evaluation, framework


def leader(ev, **overrides) -> str:
    return compute_results(ev, **overrides).ranked[0].bid.id


def test_share_flip_worked_by_hand() -> None:
    # Quality 70% (Q1 w3, Q2 w1), price 30% relative.
    # a: all 4s -> quality points per 1% = 1; price 200 -> 100/200 = 0.5 per 1%.
    # b: all 2s -> 0.5 per 1%; price 100 -> 1 per 1%.
    # With price share p: a = (100 - p) + 0.5p = 100 - 0.5p; b = 0.5(100 - p) + p = 50 + 0.5p: equal at p = 50.
    ev = evaluation({"a": {"g1": [3], "q1": [4], "q2": [4]}, "b": {"g1": [3], "q1": [2], "q2": [2]}},
                    {"a": "200", "b": "100"})
    r = robustness(ev, draws=0)
    flips = {f.name: f for f in r.flips}
    assert flips["Price share"].above == (Fraction(50), "Supplier b") and flips["Price share"].below is None
    assert flips["Quality share"].below == (Fraction(50), "Supplier b") and flips["Quality share"].above is None
    eps = Fraction(1, 1000)
    assert leader(ev, shares={"sp": 50 - eps, "sq": 50 + eps}) == "a"
    assert leader(ev, shares={"sp": 50 + eps, "sq": 50 - eps}) == "b"
    assert "needs the Quality share below 50.00% (now 70.00%)" in r.verdict or \
        "needs the Price share above 50.00% (now 30.00%)" in r.verdict


def _two_criteria() -> Framework:
    quality = Section("sq", "Quality", Decimal(100), SectionKind.SCORED, 1)
    price = Section("sp", "Price", Decimal(0), SectionKind.PRICE, 2, "relative")
    return Framework("W", preset("0-4"), (quality, price), (
        Criterion("q1", "sq", "Q1", "One", CriterionKind.SCORED, Decimal(3), position=0),
        Criterion("q2", "sq", "Q2", "Two", CriterionKind.SCORED, Decimal(1), position=1),
    ))


def test_weight_flip_worked_by_hand() -> None:
    # a scores 4 on Q1 and 0 on Q2; b the reverse. With Q1 weighted w and Q2 weighted 1:
    # a = 100 w / (w + 1), b = 100 / (w + 1): equal at w = 1. Now w = 3: a leads 75 to 25.
    # Varying Q2's weight v with Q1 at 3: a = 300 / (3 + v), b = 100 v / (3 + v): equal at v = 3.
    ev = evaluation({"a": {"q1": [4], "q2": [0]}, "b": {"q1": [0], "q2": [4]}}, {"a": "1", "b": "1"},
                    fw=_two_criteria())
    flips = {f.name: f for f in robustness(ev, draws=0).flips}
    assert flips["weight of Q1"].below == (Fraction(1), "Supplier b") and flips["weight of Q1"].above is None
    assert flips["weight of Q2"].above == (Fraction(3), "Supplier b") and flips["weight of Q2"].below is None
    eps = Fraction(1, 1000)
    assert leader(ev, weights={"q1": 1 + eps}) == "a" and leader(ev, weights={"q1": 1 - eps}) == "b"
    assert leader(ev, weights={"q2": 3 - eps}) == "a" and leader(ev, weights={"q2": 3 + eps}) == "b"


def test_no_flip_when_the_leader_wins_everywhere() -> None:
    ev = evaluation({"a": {"g1": [3], "q1": [4], "q2": [4]}, "b": {"g1": [3], "q1": [1], "q2": [1]}},
                    {"a": "100", "b": "200"})
    r = robustness(ev, draws=500)
    assert all(f.below is None and f.above is None for f in r.flips)
    assert r.perturbation.first_share["a"] == 1
    assert "No single share or weight, moved across its whole range, changes the leader." in r.verdict


def test_perturbation_is_seeded() -> None:
    ev = evaluation({"a": {"g1": [3], "q1": [4], "q2": [2]}, "b": {"g1": [3], "q1": [3], "q2": [4]}},
                    {"a": "115", "b": "100"}, fw=framework())
    results = compute_results(ev)
    one = perturb(ev, results, draws=2000, seed=42)
    two = perturb(ev, results, draws=2000, seed=42)
    assert one.first_share == two.first_share
    assert sum(one.first_share.values()) == 1
    assert 0 < one.first_share["a"] < 1  # close enough that the wobble matters


def test_formulas_side_by_side_and_calibration(demo_file) -> None:
    from svi_desktop.store.repository import load_evaluation
    from svi_desktop.store.tender_file import TenderFile

    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        ev = load_evaluation(tf)
    rankings = formula_rankings(ev)
    assert [r.bid.supplier for r in rankings["relative"].ranked][0] == "Moorside Community Health CIC"
    assert [r.bid.supplier for r in rankings["range"].ranked][0] == "Northgate Support Services Ltd"
    cal = {c.name: c for c in calibration(ev)}
    # Valley Q1: consensus 3, Aisha 3, David 3 -> 0 difference from consensus for both.
    assert cal["Aisha Rahman"].versus_consensus == 0 and cal["Aisha Rahman"].consensus_n == 1
    assert cal["Helen Marsh"].versus_consensus is None
