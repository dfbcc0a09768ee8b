"""Small evaluations built in code, for engine tests."""

from __future__ import annotations

from decimal import Decimal

from svi_desktop.domain.model import (
    Bid,
    BidStatus,
    Consensus,
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


def framework(price_share: str = "30", quality_share: str = "70", formula: str = "relative") -> Framework:
    gates = Section("sg", "Gates", Decimal(0), SectionKind.GATES, 0)
    quality = Section("sq", "Quality", Decimal(quality_share), SectionKind.SCORED, 1)
    price = Section("sp", "Price", Decimal(price_share), SectionKind.PRICE, 2, formula)
    criteria = (
        Criterion("g1", "sg", "G1", "Purpose", CriterionKind.GATE, Decimal(1), Decimal(2), position=0),
        Criterion("q1", "sq", "Q1", "Model", CriterionKind.SCORED, Decimal(3), position=0),
        Criterion("q2", "sq", "Q2", "People", CriterionKind.SCORED, Decimal(1), position=1),
    )
    return Framework("Test", preset("0-4"), (gates, quality, price), criteria)


def evaluation(
    scores: dict[str, dict[str, list[int]]],
    prices: dict[str, str],
    *,
    fw: Framework | None = None,
    consensus: dict[tuple[str, str], int] | None = None,
    status: dict[str, BidStatus] | None = None,
) -> Evaluation:
    """scores: bid -> criterion -> one value per evaluator (evaluators e0, e1, ...)."""
    fw = fw or framework()
    bids = tuple(
        Bid(b, f"Supplier {b}", price=Decimal(p), status=(status or {}).get(b, BidStatus.COMPLIANT))
        for b, p in prices.items()
    )
    n = max((len(v) for per in scores.values() for v in per.values()), default=0)
    evaluators = tuple(Evaluator(f"e{i}", f"Evaluator {i}") for i in range(n))
    score_rows = tuple(
        Score(f"{b}-{c}-{i}", f"e{i}", b, c, v)
        for b, per in scores.items()
        for c, values in per.items()
        for i, v in enumerate(values)
    )
    cons = tuple(Consensus(b, c, v, "agreed") for (b, c), v in (consensus or {}).items())
    return Evaluation(Tender("t", "Test"), fw, bids, (), evaluators, score_rows, cons)
