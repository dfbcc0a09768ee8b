"""Locating a quoted passage in a response exactly as it was stored."""

from __future__ import annotations

import re

from svi_desktop.domain.model import Citation


def utf16_to_index(text: str, offset: int) -> int:
    """Qt counts positions in UTF-16 code units; Python counts code points."""
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def index_to_utf16(text: str, index: int) -> int:
    """Python's position in `text` as Qt counts it (UTF-16 code units)."""
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text[:index])


def shown_ranges(shown: str, citations: tuple[Citation, ...]) -> list[tuple[int, int]]:
    """Where each cited passage is in the text as displayed (line breaks normalised), in UTF-16 units."""
    out = []
    for c in citations:
        passage = c.text.replace("\r\n", "\n").replace("\r", "\n")
        at = shown.find(passage, max(0, c.start - 2 * shown[:c.start].count("\n")))
        if at < 0:
            at = shown.find(passage)
        if at >= 0 and passage:
            out.append((index_to_utf16(shown, at), index_to_utf16(shown, at + len(passage))))
    return out


def locate(stored: str, shown: str, start_utf16: int, end_utf16: int) -> Citation | None:
    """The citation, in the stored text, of what the user selected in the shown text."""
    start, end = utf16_to_index(shown, start_utf16), utf16_to_index(shown, end_utf16)
    selected = shown[start:end]
    if not selected.strip():
        return None
    if stored[start:end] == selected:
        return Citation(selected, start, end)
    # The display normalised line breaks (\r\n -> \n): find the passage nearest the same place.
    pattern = re.compile(r"(?:\r\n|\n|\r)".join(re.escape(part) for part in selected.split("\n")))
    matches = list(pattern.finditer(stored))
    if not matches:
        return None
    best = min(matches, key=lambda m: abs(m.start() - start))
    return Citation(best.group(), best.start(), best.end())
