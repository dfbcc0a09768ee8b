"""Bids from either front end: reading a filled-in bid sheet, importing it, and a bid's documents."""

from __future__ import annotations

import tempfile
from pathlib import Path

from svi_desktop.domain.changes import Applied
from svi_desktop.errors import StorageError
from svi_desktop.imports.bid_sheet import ParsedSheet, read_bid_sheet
from svi_desktop.store.operations.bids import Document, count_bid_dependents, document_data, list_documents
from svi_desktop.store.operations.framework import count_dependents
from svi_desktop.store.paths import ensure_dir
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits

__all__ = ["Document", "read_sheet", "import_sheet", "documents", "document_bytes", "open_copy", "bid_dependents",
           "criterion_dependents"]


def read_sheet(tf: TenderFile, path: Path) -> ParsedSheet:
    """Read a bid sheet against this tender's framework and bids; every problem is listed, nothing is written. A
    signed-off tender says so first: no sheet is read for bids it cannot take."""
    tf.ensure_not_frozen()
    ev = load_evaluation(tf)
    return read_bid_sheet(Path(path), ev.framework, {b.supplier for b in ev.bids})


def import_sheet(tf: TenderFile, sheet: ParsedSheet, *, source: str) -> Applied:
    return edits.apply(tf, edits.ImportBids(bids=sheet.bids, responses=sheet.responses, source=source,
                                            commitments=sheet.commitments))


def documents(tf: TenderFile, bid_id: str) -> list[Document]:
    return list_documents(tf, bid_id)


def document_bytes(tf: TenderFile, document_id: str) -> bytes:
    return document_data(tf, document_id)


def open_copy(tf: TenderFile, document: Document) -> Path:
    """A read-only temporary copy of a document to open in the system's viewer; the one inside the tender
    is never touched."""
    try:
        folder = Path(tempfile.mkdtemp(prefix="svi-doc-", dir=ensure_dir("tmp")))
        copy = folder / Path(document.name).name
        copy.write_bytes(document_data(tf, document.id))
        copy.chmod(0o400)
    except OSError as exc:
        raise StorageError(f"A copy of {document.name} could not be made to open it ({exc.strerror}).") from None
    return copy


def bid_dependents(tf: TenderFile, bid_id: str) -> dict[str, int]:
    return count_bid_dependents(tf, bid_id)


def criterion_dependents(tf: TenderFile, criterion_id: str) -> tuple[int, int, int]:
    """(scores, consensus, responses) recorded against a criterion."""
    return count_dependents(tf, criterion_id)
