"""Edits to bids, their responses and documents, and importing a bid sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from svi_desktop.domain.bid_fields import BID_FIELDS
from svi_desktop.domain.changes import Applied
from svi_desktop.domain.model import RESULT_BID_FIELDS, Bid, BidStatus
from svi_desktop.imports.bid_sheet import ParsedSheet
from svi_desktop.ui.operations import ask_reason, tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import edits


def add_bid(session: TenderSession, bid: Bid, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Add bid from {supplier}").format(supplier=bid.supplier), edits.AddBid(bid=bid),
                           initiator=initiator)


def set_bid_field(session: TenderSession, bid: Bid, field: str, value: Any, *, initiator: object = None) -> Applied | None:
    reason = ""
    if field in RESULT_BID_FIELDS and session.scored:
        reason = ask_reason(tr("the {what} of {supplier}").format(what=BID_FIELDS[field], supplier=bid.supplier)) or ""
        if not reason:
            return None
    return session.perform(tr("Change {what} of {supplier}").format(what=BID_FIELDS[field], supplier=bid.supplier),
                           edits.SetBidField(bid_id=bid.id, field=field, value=value, reason=reason),
                           initiator=initiator)


def set_status(session: TenderSession, bid: Bid, status: BidStatus, reason: str = "", *,
               initiator: object = None) -> Applied | None:
    verb = {BidStatus.EXCLUDED: tr("Exclude"), BidStatus.WITHDRAWN: tr("Withdraw"),
            BidStatus.COMPLIANT: tr("Mark compliant"), BidStatus.RECEIVED: tr("Reinstate")}[status]
    return session.perform(tr("{verb} bid from {supplier}").format(verb=verb, supplier=bid.supplier),
                           edits.SetStatus(bid_id=bid.id, status=status, reason=reason), initiator=initiator)


def remove_bid(session: TenderSession, bid: Bid, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Remove bid from {supplier}").format(supplier=bid.supplier),
                           edits.RemoveBids(bid_ids=(bid.id,)), initiator=initiator)


def set_response(session: TenderSession, bid: Bid, criterion_id: str, code: str, text: str | None, *,
                 initiator: object = None) -> Applied | None:
    return session.perform(tr("Change response of {supplier} to {code}").format(supplier=bid.supplier, code=code),
                           edits.SetResponse(bid_id=bid.id, criterion_id=criterion_id, text=text),
                           initiator=initiator)


def attach_document(session: TenderSession, bid: Bid, path: Path, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Attach {name}").format(name=path.name),
                           edits.AddDocument(bid_id=bid.id, source=path), initiator=initiator)


def remove_document(session: TenderSession, document_id: str, name: str, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Remove document {name}").format(name=name),
                           edits.RemoveDocument(document_id=document_id), initiator=initiator)


def import_sheet(session: TenderSession, sheet: ParsedSheet, source: Path, *, initiator: object = None) -> Applied | None:
    """The same workflow as `svi import-bids`: everything the template carries (bids, responses, commitments)."""
    return session.perform(tr("Import {n} bids from {name}").format(n=len(sheet.bids), name=source.name),
                           edits.ImportBids(bids=sheet.bids, responses=sheet.responses, source=source.name,
                                            commitments=sheet.commitments), initiator=initiator)
