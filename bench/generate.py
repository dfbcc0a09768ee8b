"""A large tender for the benchmarks: 200 bids x 20 criteria x 10 evaluators, realistic text, full scores."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from bench.common import text


def large_evaluation(bids: int = 200, evaluators: int = 10, seed: int = 11, response_chars: int = 1500):
    from svi_desktop.domain.model import (
        Bid,
        BidStatus,
        Declaration,
        Evaluation,
        Evaluator,
        OrganisationType,
        Response,
        Score,
        Tender,
        new_id,
    )
    from svi_desktop.imports.framework_file import read_template

    rng = random.Random(seed)
    fw = read_template("social-value-tender")
    values = fw.scale.values()
    bid_list = [
        Bid(new_id(), f"Supplier {i:03d} {rng.choice(['CIC', 'Ltd', 'Trust', 'plc', 'Partnership'])}",
            rng.choice(list(OrganisationType)), Decimal(rng.randint(800_000, 1_400_000)), BidStatus.COMPLIANT, "", "",
            "2026-10-10")
        for i in range(bids)
    ]
    evaluator_list = [
        Evaluator(new_id(), f"Evaluator {i + 1}", "Panel member", "Council",
                  Declaration(False, "", "", "2026-11-01T09:00:00+00:00"))
        for i in range(evaluators)
    ]
    responses, scores = [], []
    for b in bid_list:
        for c in fw.criteria:
            responses.append(Response(b.id, c.id, text(rng, response_chars)))
            for e in evaluator_list:
                scores.append(Score(new_id(), e.id, b.id, c.id, rng.choice(values[1:]),
                                    text(rng, 160), (), (), "2026-11-20T10:00:00+00:00"))
    return Evaluation(Tender(new_id(), "Large generated tender", "BENCH-1", "Bench Borough Council"), fw,
                      tuple(bid_list), tuple(responses), tuple(evaluator_list), tuple(scores))


def make_large_tender(path: Path, **kwargs: int) -> Path:
    from svi_desktop.store.new_file import create_tender_file

    return create_tender_file(path, large_evaluation(**kwargs), action="create benchmark tender")
