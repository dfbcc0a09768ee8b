"""The shape of the bid template that both its writer and its reader follow."""

from __future__ import annotations

from svi_desktop.domain.bid_fields import COLUMNS
from svi_desktop.domain.model import Criterion

FIXED_COLUMNS = COLUMNS  # a bid's fields, as domain/bid_fields.py declares them, then one column per criterion
# The Commitments sheet of the template: one row per commitment, naming its bid by supplier (version 9).
COMMITMENT_SHEET = "Commitments"
COMMITMENT_COLUMNS = ("Supplier", "Measure", "Quantity", "Unit", "Delivered by", "Evidence", "Lot",
                      "Local theme (criterion code)", "Social Value Model outcome", "Reporting metric")
MAX_RESPONSE_CHARS = 30_000
MAX_ROWS = 20_000
MAX_SHEET_BYTES = 256 * 1024 * 1024  # a bid sheet (.xlsx or .csv) larger than this is refused before it is read


def criterion_header(c: Criterion) -> str:
    """A criterion's column heading; the reader matches on the code before the first space."""
    return f"{c.code} {c.title}"
