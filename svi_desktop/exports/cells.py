"""Writing untrusted text into spreadsheet cells safely: never a formula, never an illegal character."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
WRAP = Alignment(wrap_text=True, vertical="top")


def clean(text: str) -> str:
    """Control characters become their visible Unicode pictures (U+2400...) instead of failing the export."""
    return ILLEGAL.sub(lambda m: chr(0x2400 + ord(m.group())), text)


def put_text(cell: Cell, text: str, *, wrap: bool = False) -> None:
    """Put user or bidder text in a cell as text, whatever it starts with."""
    value = clean(text)
    cell.value = value
    if value.startswith(FORMULA_START) or cell.data_type == "f":
        cell.data_type = "s"  # openpyxl took it for a formula: it is text
        cell.quotePrefix = True  # and Excel shows it as typed, even when the cell is edited
    if wrap:
        cell.alignment = WRAP


def append_text(ws: Any, values: Sequence[object]) -> None:
    """Append a row whose text (headers, titles, guidance, bidder text) goes in as text, never as a formula."""
    ws.append([None if isinstance(v, str) else v for v in values])
    row = ws.max_row
    for col, v in enumerate(values, start=1):
        if isinstance(v, str):
            put_text(ws.cell(row, col), v)


def csv_cell(text: str | None) -> str:
    """A CSV cell a spreadsheet takes as text: cleaned, and never starting like a formula."""
    value = clean(text or "")
    return "'" + value if value.startswith(FORMULA_START) else value
