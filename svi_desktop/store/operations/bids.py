"""Operations on bids, their responses and their documents."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from svi_desktop.domain.bid_fields import BID_FIELDS, FIELD_BY_NAME, FIELDS, agrees
from svi_desktop.domain.changes import Applied, Change, ChangeKind, op, unchanged
from svi_desktop.domain.contract import Commitment
from svi_desktop.domain.model import RESULT_BID_FIELDS, Bid, BidStatus, new_id
from svi_desktop.domain.numbers import decimal_text, human_size
from svi_desktop.errors import KnownError
from svi_desktop.store import audit, rows
from svi_desktop.store.inputs import read_input
from svi_desktop.store.operations.common import get_row, undo_reason, update_field
from svi_desktop.store.operations.contract import check_bid_lots, check_commitment_fields
from svi_desktop.store.tender_file import TenderFile

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
DOCUMENT_TYPES = {".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".odt", ".ods"}


def _check_supplier(tf: TenderFile, name: str, bid_id: str) -> str:
    if tf.query("SELECT 1 FROM bids WHERE lower(supplier) = lower(?) AND id != ?", (name, bid_id)):
        raise KnownError(f"There is already a bid from {name}.")
    return name


def _check_bid(tf: TenderFile, bid: Bid) -> Bid:
    """A bid as the window would accept it: a supplier named once, a price more than 0, a real date."""
    try:
        given = {f.name: f.accept(f.of(bid)) for f in FIELDS}  # each field by its declared rule
    except ValueError as exc:
        raise KnownError(str(exc)) from None
    if bid.status is BidStatus.EXCLUDED and not bid.status_reason.strip():
        raise KnownError("Say why the bid is excluded: the reason is recorded and shown wherever the bid appears.")
    given["supplier"] = _check_supplier(tf, given["supplier"], bid.id)
    given["lot"] = check_bid_lots(tf, given["lot"])
    checked = Bid(bid.id, status=bid.status, status_reason=bid.status_reason, **given)
    if (problem := agrees(checked)) is not None:  # a price for a lot the bid is not for, say
        raise KnownError(problem)
    return checked


def add_bid(tf: TenderFile, *, bid: Bid) -> Applied:
    """Add one bid at the end of the list. Result: the Bid as stored."""
    bid = _check_bid(tf, bid)
    position = tf.query("SELECT COALESCE(MAX(position) + 1, 0) FROM bids")[0][0]
    change = Change(ChangeKind.BIDS, (bid.id,))
    with tf.operation(
        action=f"add bid from {bid.supplier}", entity="bid", entity_id=bid.id, new=rows.bid_row(bid, position),
    ) as db:
        db.table("bids").insert(rows.bid_row(bid, position))
    return Applied(change, bid, op(remove_bids, bid_ids=(bid.id,), source=""))


def get_bid(tf: TenderFile, bid_id: str) -> Bid:
    return rows.bid_from(get_row(tf, "bids", bid_id, "bid"))


def set_bid_field(tf: TenderFile, *, bid_id: str, field: str, value: Any, reason: str = "") -> Applied:
    """Change one of a bid's details, validated as the window validates it."""
    if field not in BID_FIELDS:
        raise ValueError(field)
    bid = get_bid(tf, bid_id)
    declared = FIELD_BY_NAME[field]
    try:
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            value = decimal_text(Decimal(str(value)))  # a number given for a price
        accepted = declared.accept("" if value is None else value)  # the field's declared rule
        if field == "supplier":
            accepted = _check_supplier(tf, accepted, bid_id)
        elif field == "lot":
            accepted = check_bid_lots(tf, accepted)
        if (problem := agrees(replace(bid, **{field: accepted}))) is not None:
            raise KnownError(problem)
        value = rows.field_row(declared, accepted)
    except (ValueError, ArithmeticError) as exc:
        message = str(exc) if isinstance(exc, ValueError) and str(exc).endswith(".") and (
            str(exc)[:1].isupper() or str(exc)[:1] == "'") else (
            f"{value!r} is not a valid {BID_FIELDS[field]}.")
        raise KnownError(message) from None
    return update_field(tf, table="bids", entity="bid", row_id=bid_id, field=field, value=value,
                        action=f"change {BID_FIELDS[field]} of {bid.supplier}", change=ChangeKind.BIDS,
                        label=bid.supplier, reason=reason if field in RESULT_BID_FIELDS else None,
                        inverse=lambda before: op(set_bid_field, bid_id=bid_id, field=field, value=before,
                                                  reason=undo_reason(reason)))


def set_status(tf: TenderFile, *, bid_id: str, status: BidStatus, reason: str = "") -> Applied:
    """Mark a bid received, compliant, excluded (a reason is required) or withdrawn."""
    bid = get_bid(tf, bid_id)
    if status is BidStatus.EXCLUDED and not reason.strip():
        raise KnownError("Say why the bid is excluded: the reason is recorded and shown wherever the bid appears.")
    reason = reason.strip() if status in (BidStatus.EXCLUDED, BidStatus.WITHDRAWN) else ""
    if bid.status is status and bid.status_reason == reason:
        return unchanged(False)
    change = Change(ChangeKind.BIDS, (bid_id,))
    with tf.operation(
        action=f"mark {bid.supplier} {status.value}", entity="bid", entity_id=bid_id,
        old={"status": bid.status.value, "status_reason": bid.status_reason},
        new={"status": status.value, "status_reason": reason},
    ) as db:
        db.table("bids").update(bid_id, {"status": status.value, "status_reason": reason})
    return Applied(change, True, op(set_status, bid_id=bid_id, status=bid.status, reason=bid.status_reason))


@dataclass(frozen=True)
class RemovedBids:
    """Everything removed with some bids, so that undo can put it all back exactly."""

    bids: tuple[dict[str, Any], ...]
    dependents: dict[str, tuple[dict[str, Any], ...]]
    source: str = ""


_DEPENDENTS = ("responses", "scores", "consensus", "documents", "conflicts", "commitments")


def count_bid_dependents(tf: TenderFile, bid_id: str) -> dict[str, int]:
    return {t: tf.query(f"SELECT COUNT(*) FROM {t} WHERE bid_id = ?", (bid_id,))[0][0] for t in _DEPENDENTS}


def _marks(ids: tuple[str, ...]) -> str:
    return ",".join("?" * len(ids))


def _bids_action(verb: str, suppliers: list[str], source: str) -> str:
    if len(suppliers) == 1 and not source:
        return f"{verb} bid from {suppliers[0]}"
    return f"{verb} {len(suppliers)} bids" + (f" imported from {source}" if source else "")


def remove_bids(tf: TenderFile, *, bid_ids: tuple[str, ...], source: str = "") -> Applied:
    """Remove bids with their responses, scores, consensus and documents. Result: what was removed."""
    ids = tuple(bid_ids)
    found = tuple(tf.db.table("bids").rows_where(f"id IN ({_marks(ids)})", list(ids), order_by="position"))
    if len(found) != len(ids):
        raise KnownError("That bid is no longer in the tender; it may have been removed.")
    if tf.query(f"SELECT 1 FROM kpis WHERE bid_id IN ({_marks(ids)}) LIMIT 1", list(ids)):
        raise KnownError("A bid whose contract has KPIs stays in the tender.")
    removed = RemovedBids(found, {t: tuple(tf.db.table(t).rows_where(f"bid_id IN ({_marks(ids)})", list(ids)))
                                  for t in _DEPENDENTS}, source)
    change = Change(ChangeKind.BIDS, ids)
    with tf.operation(action=_bids_action("remove", [r["supplier"] for r in found], source), entity="bids",
                      entity_id=",".join(ids),
                      old={"bids": [r["supplier"] for r in found], **{t: len(v) for t, v in removed.dependents.items()}}) as db:
        for t in _DEPENDENTS:
            db.execute(f"DELETE FROM {t} WHERE bid_id IN ({_marks(ids)})", list(ids))
        db.execute(f"DELETE FROM bids WHERE id IN ({_marks(ids)})", list(ids))
    return Applied(change, removed, op(restore_bids, removed=removed))


def restore_bids(tf: TenderFile, *, removed: RemovedBids) -> Applied:
    """Put removed bids back exactly as they were, with everything removed with them."""
    ids = tuple(r["id"] for r in removed.bids)
    change = Change(ChangeKind.BIDS, ids)
    with tf.operation(action=_bids_action("restore", [r["supplier"] for r in removed.bids], removed.source),
                      entity="bids", entity_id=",".join(ids),
                      new={"bids": [r["supplier"] for r in removed.bids],
                           **{t: len(v) for t, v in removed.dependents.items()}}) as db:
        db.table("bids").insert_all(removed.bids)
        for t in _DEPENDENTS:
            db.table(t).insert_all(removed.dependents[t])
    return Applied(change, None, op(remove_bids, bid_ids=ids, source=removed.source))


def get_response(tf: TenderFile, *, bid_id: str, criterion_id: str) -> str | None:
    found = tf.query("SELECT text FROM responses WHERE bid_id = ? AND criterion_id = ?", (bid_id, criterion_id))
    return found[0][0] if found else None


def set_response(tf: TenderFile, *, bid_id: str, criterion_id: str, text: str | None) -> Applied:
    """Store a bid's response to one criterion exactly as received (None removes it)."""
    old = get_response(tf, bid_id=bid_id, criterion_id=criterion_id)
    if old == text:
        return unchanged()
    code = tf.query("SELECT code FROM criteria WHERE id = ?", (criterion_id,))
    supplier = tf.query("SELECT supplier FROM bids WHERE id = ?", (bid_id,))
    if not code or not supplier:
        raise KnownError("That bid or criterion is no longer in the tender.")
    with tf.operation(
        action=f"set response of {supplier[0][0]} to {code[0][0]}", entity="response",
        entity_id=f"{bid_id}:{criterion_id}",
        old=None if old is None else {"text": old}, new=None if text is None else {"text": text},
    ) as db:
        if text is None:
            db.table("responses").delete_where("bid_id = ? AND criterion_id = ?", [bid_id, criterion_id])
        else:
            db.table("responses").upsert({"bid_id": bid_id, "criterion_id": criterion_id, "text": text},
                                   pk=("bid_id", "criterion_id"))
    return Applied(Change(ChangeKind.RESPONSES, (bid_id, criterion_id)), text,
                   op(set_response, bid_id=bid_id, criterion_id=criterion_id, text=old))


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


def add_document(tf: TenderFile, *, bid_id: str, source: Path, document_id: str | None = None) -> Applied:
    """Copy a file into the tender, with its SHA-256; refused past the size limit."""
    source = Path(source)
    if source.suffix.lower() not in DOCUMENT_TYPES:
        raise KnownError(f"{source.name} is not a kind of document the tender keeps "
                         "(PDF, Word, Excel, OpenDocument or an image).")
    try:
        size = source.stat().st_size
    except OSError:
        size = 0  # read_input names what is wrong
    if size > MAX_DOCUMENT_BYTES:
        raise KnownError(f"{source.name} is {human_size(size)}; documents are limited to "
                         f"{human_size(MAX_DOCUMENT_BYTES)} each. Attach a smaller copy.")
    data = read_input(source, limit=MAX_DOCUMENT_BYTES, what="document")
    bid = get_bid(tf, bid_id)
    doc = Document(document_id or new_id(), bid_id, source.name,
                   mimetypes.guess_type(source.name)[0] or "application/octet-stream", len(data),
                   hashlib.sha256(data).hexdigest(), audit.now())
    with tf.operation(action=f"attach {source.name} to {bid.supplier}", entity="document", entity_id=doc.id,
                      new={"name": doc.name, "size": doc.size, "sha256": doc.sha256, "bid_id": bid_id}) as db:
        db.table("documents").insert({**doc.__dict__, "data": data})
    return Applied(Change(ChangeKind.DOCUMENTS, (bid_id,)), doc, op(remove_document, document_id=doc.id))


def remove_document(tf: TenderFile, *, document_id: str) -> Applied:
    """Remove a document from its bid. Result: the removed row (with its bytes), which undo puts back."""
    row = get_row(tf, "documents", document_id, "document")
    change = Change(ChangeKind.DOCUMENTS, (row["bid_id"],))
    with tf.operation(action=f"remove document {row['name']}", entity="document", entity_id=document_id,
                      old={"name": row["name"], "size": row["size"], "sha256": row["sha256"]}) as db:
        db.table("documents").delete(document_id)
    return Applied(change, row, op(restore_document, row=row))


def restore_document(tf: TenderFile, *, row: dict[str, Any]) -> Applied:
    change = Change(ChangeKind.DOCUMENTS, (row["bid_id"],))
    with tf.operation(action=f"restore document {row['name']}", entity="document", entity_id=row["id"],
                      new={"name": row["name"], "size": row["size"], "sha256": row["sha256"]}) as db:
        db.table("documents").insert(row)
    return Applied(change, None, op(remove_document, document_id=row["id"]))


def import_bids(tf: TenderFile, *, bids: list[Bid], responses: dict[str, dict[str, str]], source: str,
                commitments: list[Commitment] | None = None) -> Applied:
    """Add many bids and their responses in one transaction. Result: their ids."""
    checked = []
    for b in bids:
        try:
            checked.append(_check_bid(tf, b))
        except KnownError as exc:  # which bid, when there are many
            raise KnownError(f"The bid from {b.supplier.strip()[:80] or '(no name)'}: {exc}") from None
    bids = checked
    suppliers = [b.supplier.casefold() for b in bids]
    if len(set(suppliers)) != len(suppliers):
        raise KnownError("Two bids in the import have the same supplier; each supplier bids once.")
    known = {r[0] for r in tf.query("SELECT id FROM criteria")}
    if any(cid not in known for per in responses.values() for cid in per):
        raise KnownError("The import has a response to a criterion that is not in this tender.")
    ids = tuple(b.id for b in bids)
    promised = list(commitments or ())
    if any(c.bid_id not in ids for c in promised):
        raise KnownError("The import has a commitment of a bid that is not in it.")
    promised = [check_commitment_fields(c) for c in promised]
    start = tf.query("SELECT COALESCE(MAX(position) + 1, 0) FROM bids")[0][0]
    change = Change(ChangeKind.BIDS, ids)
    with tf.operation(action=f"import {len(bids)} bids from {source}", entity="bids", entity_id=source,
                      new={"bids": [b.supplier for b in bids],
                           "responses": sum(len(r) for r in responses.values()),
                           **({"commitments": len(promised)} if promised else {})}) as db:
        db.table("bids").insert_all(rows.bid_row(b, start + i) for i, b in enumerate(bids))
        db.table("responses").insert_all(
            {"bid_id": bid_id, "criterion_id": cid, "text": text}
            for bid_id, per in responses.items() for cid, text in per.items()
        )
        db.table("commitments").insert_all(rows.commitment_row(c) for c in promised)
    return Applied(change, list(ids), op(remove_bids, bid_ids=ids, source=source))
