"""Operations on bids and their responses."""

from __future__ import annotations

from svi_desktop.domain.model import Bid
from svi_desktop.errors import KnownError
from svi_desktop.store import rows
from svi_desktop.store.operations.common import get_row
from svi_desktop.store.tender_file import Change, TenderFile


def add_bid(tf: TenderFile, *, bid: Bid) -> Bid:
    if not bid.supplier.strip():
        raise KnownError("A bid needs the supplier's name.")
    position = tf.query("SELECT COALESCE(MAX(position) + 1, 0) FROM bids")[0][0]
    with tf.operation(
        action="add bid", entity="bid", entity_id=bid.id, new=rows.bid_row(bid, position),
        change=Change("bids", (bid.id,)),
    ) as db:
        db["bids"].insert(rows.bid_row(bid, position))
    return bid


def get_bid(tf: TenderFile, bid_id: str) -> Bid:
    return rows.bid_from(get_row(tf, "bids", bid_id, "bid"))


def get_response(tf: TenderFile, *, bid_id: str, criterion_id: str) -> str | None:
    found = tf.query("SELECT text FROM responses WHERE bid_id = ? AND criterion_id = ?", (bid_id, criterion_id))
    return found[0][0] if found else None


def set_response(tf: TenderFile, *, bid_id: str, criterion_id: str, text: str | None) -> None:
    """Store a bid's response to one criterion exactly as received (None removes it)."""
    old = get_response(tf, bid_id=bid_id, criterion_id=criterion_id)
    if old == text:
        return
    with tf.operation(
        action="set response", entity="response", entity_id=f"{bid_id}:{criterion_id}",
        old=None if old is None else {"text": old}, new=None if text is None else {"text": text},
        change=Change("responses", (bid_id, criterion_id)),
    ) as db:
        if text is None:
            db["responses"].delete_where("bid_id = ? AND criterion_id = ?", [bid_id, criterion_id])
        else:
            db["responses"].upsert({"bid_id": bid_id, "criterion_id": criterion_id, "text": text},
                                   pk=("bid_id", "criterion_id"))
