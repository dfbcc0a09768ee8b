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
