"""Fingerprints that let a lead check a returned pack: of a framework, and of a set of scores."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from svi_desktop.domain.model import Framework, Score
from svi_desktop.domain.numbers import decimal_text


def _sha(value: object) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def framework_digest(fw: Framework) -> str:
    """Everything that decides how a bid is scored: the scale, the sections and the criteria."""
    return _sha({
        "scale": [[lv.value, lv.label] for lv in fw.scale.levels],
        "sections": sorted([s.id, s.kind.value, decimal_text(s.share), s.price_formula] for s in fw.sections),
        "criteria": sorted(
            [c.id, c.section_id, c.code, c.kind.value, decimal_text(c.weight),
             None if c.threshold is None else decimal_text(c.threshold)]
            for c in fw.criteria
        ),
    })


def score_record(s: Score) -> list:
    return [s.id, s.evaluator_id, s.bid_id, s.criterion_id, s.value, s.rationale,
            [[c.text, c.start, c.end] for c in s.evidence], list(s.flags), s.updated_at]


def scores_digest(scores: Iterable[Score]) -> str:
    return _sha(sorted(score_record(s) for s in scores))
