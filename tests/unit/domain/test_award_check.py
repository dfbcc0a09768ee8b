"""The regime decides what the completeness check asks for."""

from __future__ import annotations

from dataclasses import replace

import pytest

from svi_desktop.domain.award import award_check
from svi_desktop.imports.demo import demo_evaluation


def _kinds(regime: str) -> set[str]:
    ev = demo_evaluation()
    ev = replace(ev, tender=replace(ev.tender, regime=regime))
    return {m.kind for m in award_check(ev, "2026-11-26")}


@pytest.mark.parametrize(("regime", "asks", "does_not_ask"), [
    ("act-competitive", {"supplier", "feedback", "advantages", "published"}, {"regime"}),
    ("act-light-touch", {"supplier", "feedback", "advantages"}, {"regime"}),
    ("psr-competitive", {"supplier", "feedback", "advantages"}, {"regime"}),
    ("psr-direct-a", {"supplier"}, {"feedback", "advantages", "published", "regime"}),
    ("psr-direct-c", {"supplier", "feedback"}, {"advantages", "regime"}),
    ("other", {"feedback", "advantages"}, {"supplier", "regime"}),
    ("", {"regime", "supplier", "feedback", "advantages"}, set()),
])
def test_the_regime_decides_what_the_record_needs(regime: str, asks: set[str], does_not_ask: set[str]) -> None:
    kinds = _kinds(regime)
    assert asks <= kinds, asks - kinds
    assert not (does_not_ask & kinds), does_not_ask & kinds


def test_an_assessment_past_its_review_date_is_listed() -> None:
    from svi_desktop.domain.model import ConflictAssessment

    ev = demo_evaluation()
    due = ConflictAssessment("a", "Dana Lead", "lead", "None", "No conflict.", "", "Head of Procurement",
                             "2026-06-01", "2026-09-01")
    ev = replace(ev, assessments=(*ev.assessments, due))
    found = [m.text for m in award_check(ev, "2026-11-26") if m.kind == "assessment"]
    assert found == ["The conflicts assessment of Dana Lead (lead) was due for review on 2026-09-01."]
    # Without the evaluators' own assessments, each is listed by name (s.83), the approvers' too.
    ev = replace(ev, assessments=(due,))
    found = [m.text.split(" is not")[0] for m in award_check(ev, "2026-11-26") if m.kind == "assessment"]
    assert found[:3] == [f"{e.name} (evaluator)" for e in ev.evaluators]
