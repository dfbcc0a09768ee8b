"""The built-in demo tender: the combined template, four fictional bids, three evaluators, part scored."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

from svi_desktop.domain.contract import Commitment
from svi_desktop.domain.model import (
    Bid,
    BidStatus,
    Citation,
    ConflictAssessment,
    Consensus,
    Criterion,
    Declaration,
    Evaluation,
    Evaluator,
    KeyDate,
    OrganisationType,
    Response,
    Score,
    Tender,
    new_id,
)
from svi_desktop.imports.framework_file import read_template
from svi_desktop.resources import resource

_RATIONALE = {
    "high": "Specific evidence that can be checked: {evidence}",
    "middle": "Meets the requirement in part. The response says: {evidence} It does not show how this will be "
              "sustained or measured.",
    "low": "The commitment is stated but not evidenced: no route, numbers or support are shown for how it will be met.",
    "W": "General statements with little evidence of practice; the response does not show how this would be met.",
}
_DEMO_TIME = "2026-11-{day:02d}T{hour:02d}:{minute:02d}:00+00:00"


def demo_evaluation() -> Evaluation:
    spec = json.loads(resource("demo", "demo.json").read_text(encoding="utf-8"))
    texts = json.loads(resource("demo", "responses.json").read_text(encoding="utf-8"))
    fw = read_template(spec["template"])
    by_code = {c.code: c for c in fw.criteria}
    order = [by_code[code] for code in spec["criteria_order"]]
    t = spec["tender"]
    tender = Tender(
        new_id(), t["title"], t["reference"], t["authority"], t["description"],
        tuple(KeyDate(d["label"], d["date"]) for d in t["key_dates"]),
    )
    evaluators = {
        e["key"]: Evaluator(
            new_id(), e["name"], e["role"], e["organisation"],
            Declaration(e["conflict"], e.get("details", ""), e.get("management", ""), "2026-11-02T09:00:00+00:00"),
        )
        for e in spec["evaluators"]
    }
    bids, responses, scores, commitments = [], [], [], []
    for b in spec["bids"]:
        bid = Bid(
            new_id(), b["supplier"], OrganisationType(b["organisation_type"]), Decimal(b["price"]),
            BidStatus(b["status"]), "", "", b["received"],
        )
        bids.append(bid)
        commitments += [Commitment(new_id(), bid.id, c["measure"], Decimal(c["quantity"]), c["unit"], c["due"],
                                   c["evidence"], "", by_code[c["theme"]].id if c["theme"] else "", c["outcome"],
                                   c["metric"], i) for i, c in enumerate(b.get("commitments", ()))]
        for crit, tier in zip(order, b["tiers"], strict=True):
            text = texts[crit.code][tier].format(supplier=bid.supplier, **b["voice"])
            responses.append(Response(bid.id, crit.id, text))
            for key, digits in b["scores"].items():
                digits = digits.replace(" ", "")
                i = order.index(crit)
                if i >= len(digits):
                    continue  # this evaluator has not reached these criteria yet
                when = _DEMO_TIME.format(day=10 + "ABC".index(key), hour=9 + i // 10, minute=i * 3 % 60)
                scores.append(_score(evaluators[key], bid, crit, int(digits[i]), tier, text, b["voice"]["intro"], when))
    supplier_ids = {b.supplier: b.id for b in bids}
    consensus = tuple(
        Consensus(supplier_ids[c["supplier"]], by_code[c["criterion"]].id, c["value"], c["note"], c["feedback"],
                  "2026-11-20T15:00:00+00:00")
        for c in spec["consensus"]
    )
    # Everyone who influences the decision, approvers included: only they may sign off (Procurement Act 2023, s.83).
    # Reviewed at the start; the next review six months from the day the demo is made, so that it is never overdue.
    review = (dt.date.today() + dt.timedelta(days=182)).isoformat()
    assessments = tuple(ConflictAssessment(new_id(), **{**a, "next_review": a["next_review"] or review})
                        for a in spec.get("conflicts_assessment", ()))
    return Evaluation(tender, fw, tuple(bids), tuple(responses), tuple(evaluators.values()), tuple(scores), consensus,
                      assessments=assessments, commitments=tuple(commitments))


def _score(ev: Evaluator, bid: Bid, crit: Criterion, value: int, tier: str, text: str, intro: str, when: str) -> Score:
    evidence: tuple[Citation, ...] = ()
    rationale = _RATIONALE["W"]
    if tier == "S":
        # Quote the first sentence after the bidder's standard introduction.
        body_start = len(intro) + 1 if text.startswith(intro) else 0
        m = re.search(r"[^.]+\.", text[body_start:])
        if m:
            start = body_start + m.start() + (len(m.group()) - len(m.group().lstrip()))
            end = body_start + m.end()
            band = "high" if value >= 3 else "middle" if value == 2 else "low"
            if band != "low":
                evidence = (Citation(text[start:end], start, end),)
            rationale = _RATIONALE[band].format(evidence=text[start:end])
    flags = (crit.flags[0],) if tier == "W" and value <= 2 and crit.flags else ()
    return Score(new_id(), ev.id, bid.id, crit.id, value, rationale, evidence, flags, when)
