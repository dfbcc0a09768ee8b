"""Operations on bids, their responses and their documents."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from svi_desktop.domain.model import Bid, BidStatus, OrganisationType, new_id
from svi_desktop.domain.numbers import decimal_text
from svi_desktop.errors import KnownError, StorageError
from svi_desktop.store import audit, rows
from svi_desktop.store.operations.common import get_row, update_field
from svi_desktop.store.tender_file import Change, TenderFile

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
DOCUMENT_TYPES = {".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".odt", ".ods"}
BID_FIELDS = {"supplier": "supplier", "organisation_type": "organisation type", "lot": "lot",
              "received": "date received", "price": "price"}


def human_size(n: int) -> str:
    """1.5 MB, 300 KB, 12 bytes: a size as a person reads it."""
    if n >= 1024 * 1024:
        return f"{n / 1048576:.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def _check_supplier(tf: TenderFile, supplier: str, bid_id: str) -> str:
    name = supplier.strip()
    if not name:
        raise KnownError("A bid needs the supplier's name.")
    if tf.query("SELECT 1 FROM bids WHERE lower(supplier) = lower(?) AND id != ?", (name, bid_id)):
        raise KnownError(f"There is already a bid from {name}.")
    return name


def add_bid(tf: TenderFile, *, bid: Bid) -> Bid:
    _check_supplier(tf, bid.supplier, bid.id)
    position = tf.query("SELECT COALESCE(MAX(position) + 1, 0) FROM bids")[0][0]
    with tf.operation(
        action=f"add bid from {bid.supplier}", entity="bid", entity_id=bid.id, new=rows.bid_row(bid, position),
        change=Change("bids", (bid.id,)),
    ) as db:
        db["bids"].insert(rows.bid_row(bid, position))
    return bid


def get_bid(tf: TenderFile, bid_id: str) -> Bid:
    return rows.bid_from(get_row(tf, "bids", bid_id, "bid"))


def set_bid_field(tf: TenderFile, *, bid_id: str, field: str, value: Any) -> bool:
    if field not in BID_FIELDS:
        raise ValueError(field)
    bid = get_bid(tf, bid_id)
    if field == "supplier":
        value = _check_supplier(tf, value, bid_id)
    elif field == "organisation_type":
        value = OrganisationType(value).value
    elif field == "price" and value is not None:
        price = Decimal(value)
        if price <= 0:
            raise KnownError("A price must be more than 0.")
        value = decimal_text(price)
    return update_field(tf, table="bids", entity="bid", row_id=bid_id, field=field, value=value,
                        action=f"change {BID_FIELDS[field]} of {bid.supplier}", change="bids", label=bid.supplier)


def set_status(tf: TenderFile, *, bid_id: str, status: BidStatus, reason: str = "") -> bool:
    """Mark a bid received, compliant, excluded (a reason is required) or withdrawn."""
    bid = get_bid(tf, bid_id)
    if status is BidStatus.EXCLUDED and not reason.strip():
        raise KnownError("Say why the bid is excluded: the reason is recorded and shown wherever the bid appears.")
    reason = reason.strip() if status in (BidStatus.EXCLUDED, BidStatus.WITHDRAWN) else ""
    if bid.status is status and bid.status_reason == reason:
        return False
    with tf.operation(
        action=f"mark {bid.supplier} {status.value}", entity="bid", entity_id=bid_id,
        old={"status": bid.status.value, "status_reason": bid.status_reason},
        new={"status": status.value, "status_reason": reason}, change=Change("bids", (bid_id,)),
    ) as db:
        db["bids"].update(bid_id, {"status": status.value, "status_reason": reason})
    return True


@dataclass(frozen=True)
class RemovedBid:
    """Everything removed with a bid, so that undo can put it all back."""

    bid: dict[str, Any]
    dependents: dict[str, tuple[dict[str, Any], ...]]


_DEPENDENTS = ("responses", "scores", "consensus", "documents")


def count_bid_dependents(tf: TenderFile, bid_id: str) -> dict[str, int]:
    return {t: tf.query(f"SELECT COUNT(*) FROM {t} WHERE bid_id = ?", (bid_id,))[0][0] for t in _DEPENDENTS}


def remove_bid(tf: TenderFile, *, bid_id: str) -> RemovedBid:
    row = get_row(tf, "bids", bid_id, "bid")
    removed = RemovedBid(row, {t: tuple(tf.db[t].rows_where("bid_id = ?", [bid_id])) for t in _DEPENDENTS})
    with tf.operation(action=f"remove bid from {row['supplier']}", entity="bid", entity_id=bid_id,
                      old={"bid": row, **{t: len(v) for t, v in removed.dependents.items()}},
                      change=Change("bids", (bid_id,))) as db:
        for t in _DEPENDENTS:
            db[t].delete_where("bid_id = ?", [bid_id])
        db["bids"].delete(bid_id)
    return removed


def restore_bid(tf: TenderFile, *, removed: RemovedBid) -> None:
    row = removed.bid
    with tf.operation(action=f"restore bid from {row['supplier']}", entity="bid", entity_id=row["id"],
                      new={"bid": row, **{t: len(v) for t, v in removed.dependents.items()}},
                      change=Change("bids", (row["id"],))) as db:
        db["bids"].insert(row)
        for t in _DEPENDENTS:
            db[t].insert_all(removed.dependents[t])


def get_response(tf: TenderFile, *, bid_id: str, criterion_id: str) -> str | None:
    found = tf.query("SELECT text FROM responses WHERE bid_id = ? AND criterion_id = ?", (bid_id, criterion_id))
    return found[0][0] if found else None


def set_response(tf: TenderFile, *, bid_id: str, criterion_id: str, text: str | None) -> None:
    """Store a bid's response to one criterion exactly as received (None removes it)."""
    old = get_response(tf, bid_id=bid_id, criterion_id=criterion_id)
    if old == text:
        return
    code = tf.query("SELECT code FROM criteria WHERE id = ?", (criterion_id,))
    supplier = tf.query("SELECT supplier FROM bids WHERE id = ?", (bid_id,))
    if not code or not supplier:
        raise KnownError("That bid or criterion is no longer in the tender.")
    with tf.operation(
        action=f"set response of {supplier[0][0]} to {code[0][0]}", entity="response",
        entity_id=f"{bid_id}:{criterion_id}",
        old=None if old is None else {"text": old}, new=None if text is None else {"text": text},
        change=Change("responses", (bid_id, criterion_id)),
    ) as db:
        if text is None:
            db["responses"].delete_where("bid_id = ? AND criterion_id = ?", [bid_id, criterion_id])
        else:
            db["responses"].upsert({"bid_id": bid_id, "criterion_id": criterion_id, "text": text},
                                   pk=("bid_id", "criterion_id"))


@dataclass(frozen=True)
class Document:
    id: str
    bid_id: str
    name: str
    media_type: str
    size: int
    sha256: str
    added_at: str


def list_documents(tf: TenderFile, bid_id: str) -> list[Document]:
    return [Document(*r) for r in tf.query(
        "SELECT id, bid_id, name, media_type, size, sha256, added_at FROM documents WHERE bid_id = ? ORDER BY added_at",
        (bid_id,))]


def document_data(tf: TenderFile, document_id: str) -> bytes:
    found = tf.query("SELECT data FROM documents WHERE id = ?", (document_id,))
    if not found:
        raise KnownError("That document is no longer in the tender.")
    return bytes(found[0][0])


def add_document(tf: TenderFile, *, bid_id: str, source: Path, document_id: str | None = None) -> Document:
    """Copy a file into the tender, with its SHA-256; refused past the size limit."""
    source = Path(source)
    if source.suffix.lower() not in DOCUMENT_TYPES:
        raise KnownError(f"{source.name} is not a kind of document the tender keeps "
                         "(PDF, Word, Excel, OpenDocument or an image).")
    try:
        size = source.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise KnownError(f"{source.name} is {human_size(size)}; documents are limited to "
                             f"{human_size(MAX_DOCUMENT_BYTES)} each. Attach a smaller copy.")
        data = source.read_bytes()
    except OSError as exc:
        raise StorageError(f"{source.name} cannot be read ({exc.strerror}).") from None
    bid = get_bid(tf, bid_id)
    doc = Document(document_id or new_id(), bid_id, source.name,
                   mimetypes.guess_type(source.name)[0] or "application/octet-stream", len(data),
                   hashlib.sha256(data).hexdigest(), audit.now())
    with tf.operation(action=f"attach {source.name} to {bid.supplier}", entity="document", entity_id=doc.id,
                      new={"name": doc.name, "size": doc.size, "sha256": doc.sha256, "bid_id": bid_id},
                      change=Change("documents", (bid_id,))) as db:
        db["documents"].insert({**doc.__dict__, "data": data})
    return doc


def remove_document(tf: TenderFile, *, document_id: str) -> dict[str, Any]:
    row = get_row(tf, "documents", document_id, "document")
    with tf.operation(action=f"remove document {row['name']}", entity="document", entity_id=document_id,
                      old={"name": row["name"], "size": row["size"], "sha256": row["sha256"]},
                      change=Change("documents", (row["bid_id"],))) as db:
        db["documents"].delete(document_id)
    return row


def restore_document(tf: TenderFile, *, row: dict[str, Any]) -> None:
    with tf.operation(action=f"restore document {row['name']}", entity="document", entity_id=row["id"],
                      new={"name": row["name"], "size": row["size"], "sha256": row["sha256"]},
                      change=Change("documents", (row["bid_id"],))) as db:
        db["documents"].insert(row)


def import_bids(tf: TenderFile, *, bids: list[Bid], responses: dict[str, dict[str, str]], source: str) -> list[str]:
    """Add many bids and their responses in one transaction; returns their ids (for undo)."""
    for b in bids:
        _check_supplier(tf, b.supplier, b.id)
    start = tf.query("SELECT COALESCE(MAX(position) + 1, 0) FROM bids")[0][0]
    with tf.operation(action=f"import {len(bids)} bids from {source}", entity="bids", entity_id=source,
                      new={"bids": [b.supplier for b in bids],
                           "responses": sum(len(r) for r in responses.values())},
                      change=Change("bids", tuple(b.id for b in bids))) as db:
        db["bids"].insert_all(rows.bid_row(b, start + i) for i, b in enumerate(bids))
        db["responses"].insert_all(
            {"bid_id": bid_id, "criterion_id": cid, "text": text}
            for bid_id, per in responses.items() for cid, text in per.items()
        )
    return [b.id for b in bids]


def unimport_bids(tf: TenderFile, *, bid_ids: list[str], source: str) -> None:
    marks = ",".join("?" * len(bid_ids))
    with tf.operation(action=f"undo import of {len(bid_ids)} bids from {source}", entity="bids", entity_id=source,
                      old={"bids": len(bid_ids)}, change=Change("bids", tuple(bid_ids))) as db:
        for t in _DEPENDENTS:
            db.execute(f"DELETE FROM {t} WHERE bid_id IN ({marks})", bid_ids)
        db.execute(f"DELETE FROM bids WHERE id IN ({marks})", bid_ids)

