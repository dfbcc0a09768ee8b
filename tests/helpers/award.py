"""Completing the demo's award record through the store's own operations, as a lead would in the window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from svi_desktop.domain import notice_details
from svi_desktop.domain.award import award_check
from svi_desktop.domain.model import Regime
from svi_desktop.domain.psr import KEY_CRITERIA
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scoring import compute_results
from svi_desktop.store.operations import award as award_ops
from svi_desktop.store.operations import bids as bid_ops
from svi_desktop.store.operations import framework as fw_ops
from svi_desktop.store.operations import scores as score_ops
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile

IDENTIFIERS = ["PABC-1234-DEFG", "01234567", "SC123456", "PQRS-9876-WXYZ", "NI654321"]


def feedback_text(supplier: str, code: str) -> str:
    return f"Panel feedback for {supplier} on {code}: the response showed how the service would run."


def weighed_text(name: str) -> str:
    return f"{name} was weighed through the quality questions of the framework, as published."


def advantages_text(code: str) -> str:
    return f"On {code} the winning tender named its partners, its measures and its dates."


# A sign-off is dated no earlier than the evaluation's last score (made today by these helpers) and never later
# than today: the tests sign off today.
SIGNED = dt.date.today().isoformat()


def days_ahead(days: int) -> str:
    """A day `days` from today: a notice is published on or after the sign-off (today) and within a year."""
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def record_notice_details(path: Path, contract_start: str | None = None) -> None:
    """What a final notice needs beyond the evaluation: the OCID prefix, the authority's PPON, the CPV codes, the
    contract's dates (starting well after any standstill) and the day the summaries were sent (today)."""
    with TenderFile.open(path, actor="tester") as tf:
        fw_ops.set_tender_field(tf, field="cpv", value="85000000-9, 85312000")
        for key, value in ((notice_details.OCID_PREFIX, "ocds-b5fd17"), (notice_details.BUYER_ID, "PLMN-2468-OPQR"),
                           (notice_details.CONTRACT_START, contract_start or days_ahead(200)),
                           (notice_details.CONTRACT_END, days_ahead(200 + 3 * 365)),
                           (notice_details.SUMMARIES_SENT, SIGNED)):
            award_ops.set_notice_detail(tf, key=key, value=value)


def complete_award_record(path: Path, today: str = "2026-11-26") -> None:
    """Regime, supplier details, every missing score, and a consensus with feedback for every bid and criterion
    (the winner's with its relative advantages): afterwards the completeness check finds nothing."""
    with TenderFile.open(path, actor="tester") as tf:
        fw_ops.set_tender_field(tf, field="regime", value=Regime.ACT_COMPETITIVE.value)
        award_ops.set_criteria_published(tf, where="https://example.org/tenders/PVBC-2026-014/criteria")
        ev = load_evaluation(tf)
        for i, b in enumerate(ev.bids):
            bid_ops.set_bid_field(tf, bid_id=b.id, field="address", value=f"{i + 1} Mill Street\nOldham OL{i + 1} 1AA")
            bid_ops.set_bid_field(tf, bid_id=b.id, field="email", value=f"bids{i}@example.org")
            bid_ops.set_bid_field(tf, bid_id=b.id, field="identifier", value=IDENTIFIERS[i % len(IDENTIFIERS)])
        criteria = scored_criteria(ev.framework)
        excluded = ev.exclusions()
        have = {(s.evaluator_id, s.bid_id, s.criterion_id) for s in ev.scores}
        active = [b for b in ev.bids if not b.out_of_competition]
        for e in ev.evaluators:
            for b in active:
                for c in criteria:
                    if (e.id, b.id) not in excluded and (e.id, b.id, c.id) not in have:
                        score_ops.set_score(tf, evaluator_id=e.id, bid_id=b.id, criterion_id=c.id, value=2,
                                            rationale="Scored at the panel meeting.")
        ev = load_evaluation(tf)
        results = compute_results(ev)
        values = {(r.bid.id, cid): cr.value for r in (*results.ranked, *results.not_ranked)
                  for cid, cr in r.criteria.items()}
        winner = results.ranked[0].bid.id
        codes = {c.id: c.code for c in criteria}
        agreed = {(c.bid_id, c.criterion_id): c for c in ev.consensus}
        for b in active:
            for c in criteria:
                old = agreed.get((b.id, c.id))
                value = old.value if old else int(round(values[(b.id, c.id)] or 0))
                score_ops.set_consensus(
                    tf, bid_id=b.id, criterion_id=c.id, value=value,
                    note=old.note if old else "Agreed at moderation on 20 November.",
                    feedback=feedback_text(b.supplier, codes[c.id]),
                    advantages=advantages_text(codes[c.id]) if b.id == winner and c.kind.value == "scored" else "")
        left = award_check(load_evaluation(tf), today)
        assert left == [], left
    record_notice_details(path)


def signed_under(path: Path, regime: str, lots: bool = False) -> None:
    """The demo's award record completed (in three lots under a limit, with `lots`), the regime chosen, and signed
    off today by an approver in the conflicts assessment."""
    from tests.helpers.hostile import cli
    from tests.helpers.lots import complete_lots_record, three_limited_lots

    complete_award_record(path)
    if lots:
        three_limited_lots(path)
        complete_lots_record(path)
    with TenderFile.open(path, actor="t") as tf:
        fw_ops.set_tender_field(tf, field="regime", value=regime, reason="Test: each regime in turn.")
        if regime.startswith("psr-"):  # the PSR's key criteria, each weighed (reg 5)
            for k in KEY_CRITERIA:
                award_ops.set_psr_key_criterion(tf, key=k.key, text=weighed_text(k.name))
    code, _out, err = cli("award", "sign-off", str(path), "--name", "Priya Shah", "--role",
                          "Director of Public Health", "--date", SIGNED)
    assert code == 0, err
