"""The demo tender in three lots, two ways (issue 31): priced lot by lot so that no lot's winner is the single-price
winner; and at one price, under a limit of one lot per supplier, so that the third lot passes over two suppliers."""

from __future__ import annotations

from pathlib import Path

from svi_desktop.domain.contract import TieBreak
from svi_desktop.store.operations import contract
from svi_desktop.store.operations.bids import set_bid_field
from svi_desktop.store.tender_file import TenderFile

# The demo at its single prices ranks Moorside, Valley, Northgate (Brightpath fails a gate).
SINGLE_PRICE_WINNER = "Moorside"
# Priced lot by lot: Valley cheapest in lot 1, Northgate in lot 2, Moorside dearest by far in lot 3.
PRICED_WINNERS = {"1": "Valley", "2": "Northgate", "3": "Valley"}
LOT_PRICES = {"1": ("Valley", "200000"), "2": ("Northgate", "150000"), "3": ("Moorside", "5000000")}
# One lot per supplier, lots kept in list order: Moorside keeps 1; Valley, next in 2 and 3, keeps 2; lot 3 passes
# over both and goes to Northgate, ranked third.
LIMITED_WINNERS = {"1": "Moorside", "2": "Valley", "3": "Northgate"}


def _lots(tf: TenderFile) -> dict[str, str]:
    for code in ("1", "2", "3"):
        contract.add_lot(tf, code=code, title=f"Area {code}", value=str(1_000_000 * int(code)))
    ids = {supplier.split()[0]: bid_id for bid_id, supplier in tf.query("SELECT id, supplier FROM bids")}
    for bid_id in ids.values():
        set_bid_field(tf, bid_id=bid_id, field="lot", value="1, 2, 3")
    return ids


def three_priced_lots(path: Path) -> dict[str, str]:
    """Every bid for lots 1, 2 and 3, some priced apart lot by lot; no limit. Returns first word -> bid id."""
    with TenderFile.open(path, actor="lead") as tf:
        ids = _lots(tf)
        for code, (who, price) in LOT_PRICES.items():
            set_bid_field(tf, bid_id=ids[who], field="prices", value=f"{code}: {price}",
                          reason="Test: changed after scoring.")
    return ids


def three_limited_lots(path: Path) -> dict[str, str]:
    """Every bid for lots 1, 2 and 3 at its one price; at most one lot per supplier, kept in list order."""
    with TenderFile.open(path, actor="lead") as tf:
        ids = _lots(tf)
        contract.set_lot_limit(tf, limit=1)
        contract.set_tie_break(tf, rule=TieBreak.ORDER)
    return ids


def complete_lots_record(path: Path, where: str = "in the tender notice, section 5.2") -> None:
    """After complete_award_record and the lots: where the limit is published, and the relative advantages of every
    bid written (any bid may be awarded a lot): afterwards the completeness check finds nothing."""
    from svi_desktop.domain.award import award_check
    from svi_desktop.store.operations import scores as score_ops
    from svi_desktop.store.repository import load_evaluation
    from tests.helpers.award import advantages_text

    with TenderFile.open(path, actor="lead") as tf:
        contract.set_lots_published(tf, where=where)
        ev = load_evaluation(tf)
        codes = {c.id: c.code for c in ev.framework.criteria}
        for c in ev.consensus:
            if not c.advantages:
                score_ops.set_consensus(tf, bid_id=c.bid_id, criterion_id=c.criterion_id, value=c.value, note=c.note,
                                        feedback=c.feedback, advantages=advantages_text(codes[c.criterion_id]))
        left = award_check(load_evaluation(tf), "2026-11-26")
        assert left == [], left
