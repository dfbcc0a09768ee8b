"""What the PDF reports share: fonts, styles, safe paragraphs, and the footer on every page."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Paragraph, Table, TableStyle

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FONT, BOLD = "SVISans", "SVISans-Bold"


def _register_fonts() -> None:
    """A Unicode font so that quotes, dashes and names print as typed: DejaVu where installed, else
    the Vera fonts that ship with reportlab."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pairs = [(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
              Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))]
    rl = Path(reportlab.__file__).parent / "fonts"
    pairs.append((rl / "Vera.ttf", rl / "VeraBd.ttf"))
    regular, bold = next((r, b) for r, b in pairs if r.exists() and b.exists())
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = getSampleStyleSheet()
    out = {
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=9.5, leading=12.5),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontName=FONT, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontName=FONT, fontSize=8.5, leading=10.5),
        "quote": ParagraphStyle("quote", parent=base["BodyText"], fontName=FONT, fontSize=8.5, leading=11,
                                leftIndent=10, textColor=colors.HexColor("#333333")),
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontName=BOLD, fontSize=16, leading=20, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=BOLD, fontSize=12.5, leading=16, spaceAfter=6),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=BOLD, fontSize=10.5, leading=13, spaceAfter=4),
        "title": ParagraphStyle("title", parent=base["Title"], fontName=BOLD, fontSize=24, leading=30),
        "centre": ParagraphStyle("centre", parent=base["BodyText"], fontName=FONT, fontSize=12, leading=16,
                                 alignment=TA_CENTER),
        "stamp": ParagraphStyle("stamp", parent=base["Title"], fontName=BOLD, fontSize=30, leading=36,
                                textColor=colors.HexColor("#B3261E")),
    }
    return out


PARAGRAPH_LIMIT = 20_000  # characters: a longer text is shortened, with a note saying so
CELL_LIMIT = 4_000
_TOKEN = re.compile(r"\S{81,}")


def shorten(text: str, limit: int) -> str:
    """The text, or its first `limit` characters and a visible note: a page is not the place for a megabyte."""
    if len(text) <= limit:
        return text
    return (text[:limit] + f" … [shortened for this document: {len(text):,} characters in all; the whole text is "
            "in the tender file and the evaluation workbook]")


def _break_tokens(text: str) -> str:
    """A run of more than 80 characters without a space breaks into lines of 80, so that it wraps quickly."""
    return _TOKEN.sub(lambda m: "\n".join(m.group()[i:i + 80] for i in range(0, len(m.group()), 80)), text)


def safe(text: str, limit: int = PARAGRAPH_LIMIT) -> str:
    """Markup for a Paragraph that prints the text exactly as typed: <, >, & and quotes included."""
    cleaned = _CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 32 else "",
                           shorten(text, limit))
    return escape(_break_tokens(cleaned), {'"': "&quot;", "'": "&#39;"}).replace("\n", "<br/>")


class WrapOnce(Paragraph):
    """A paragraph that breaks its lines once for a width: a table wraps each cell to measure its row and again to
    draw it, and the lines of a paragraph depend on the width alone (a third of a summary's time went to breaking
    the same lines twice)."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        done = self._wrapped
        if done is not None and done[0] == availWidth and "blPara" in self.__dict__:  # still holding its lines
            return done[1]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size


def para(text: str, style: ParagraphStyle, *, limit: int = PARAGRAPH_LIMIT) -> Paragraph:
    p = WrapOnce(safe(text, limit), style)
    p.svi_text = text  # the plain text, so that a table can shorten it further
    return p


def _fit_cell(value: Any) -> Any:
    if isinstance(value, str) and len(value) > CELL_LIMIT:
        return shorten(value, CELL_LIMIT)
    text = getattr(value, "svi_text", None)
    if isinstance(value, Paragraph) and isinstance(text, str) and len(text) > CELL_LIMIT:
        return para(text, value.style, limit=CELL_LIMIT)
    return value


_HEAD = None


def _head_style() -> ParagraphStyle:
    global _HEAD
    if _HEAD is None:
        _HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=8.5, leading=10.5, textColor=colors.white)
    return _HEAD


# A table's header cells, made once per thread (two documents built at once on two threads never share a
# paragraph, whose lines are kept for the width it was last wrapped at): the same few in every document.
_heads = threading.local()


def _head(text: str) -> Paragraph:
    made: dict[str, Paragraph] | None = getattr(_heads, "made", None)
    if made is None or len(made) > 1000:
        made = _heads.made = {}
    found = made.get(text)
    if found is None:
        found = made[text] = WrapOnce(safe(text), _head_style())
    return found


def table(rows: list[list], widths: list[float], *, header: bool = True, zebra: bool = True) -> Table:
    if header and rows:
        # Header text wraps within its column instead of running into the next one.
        _register_fonts()
        rows = [[_head(c) if isinstance(c, str) else c for c in rows[0]], *rows[1:]]
    rows = [[_fit_cell(c) for c in row] for row in rows]
    # A row taller than a page splits across pages rather than failing the whole document.
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F4E79")),
                     ("TEXTCOLOR", (0, 0), (-1, 0), colors.white), ("FONT", (0, 0), (-1, 0), BOLD, 8.5)]
    if zebra:
        commands += [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F5F9")])]
    first = 1 if header else 0
    if len(rows) - first >= 4:  # no row left alone: a page break leaves at least two rows on either side
        commands += [("NOSPLIT", (0, 0), (-1, first + 1)), ("NOSPLIT", (0, -2), (-1, -1))]
    t.setStyle(TableStyle(commands))
    return t


def footed_canvas(reference: str, digest: str, draft: bool) -> type[pdfcanvas.Canvas]:
    """A canvas class that knows the page count when it saves, so that every page says "page n of m"."""

    class FootedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._foot(total)
                super().showPage()
            super().save()

        def _foot(self, total: int) -> None:
            width, _ = A4
            self.setFont(FONT, 7.5)
            self.setFillColor(colors.HexColor("#444444"))
            left = f"{reference}" + ("  ·  DRAFT" if draft else "")
            self.drawString(15 * mm, 10 * mm, left)
            self.drawRightString(width - 15 * mm, 10 * mm, f"page {self._pageNumber} of {total}")
            self.drawCentredString(width / 2, 6 * mm, f"record digest {digest}")

    return FootedCanvas


def today() -> str:
    d = date.today()
    return f"{d.day} {d.strftime('%B %Y')}"
