"""A citation names the passage's exact text and position in the response as stored."""

from __future__ import annotations

from svi_desktop.domain.citations import locate, utf16_to_index


def test_plain_text_positions() -> None:
    text = "We run clubs. We measure outcomes."
    c = locate(text, text, 14, 34)
    assert c is not None and (c.text, c.start, c.end) == ("We measure outcomes.", 14, 34)
    assert text[c.start:c.end] == c.text


def test_astral_characters_count_once() -> None:
    text = "Stars 🌟🌟 then evidence here."
    shown_start = len("Stars 🌟🌟 then ".encode("utf-16-le")) // 2
    c = locate(text, text, shown_start, shown_start + len("evidence"))
    assert c is not None and text[c.start:c.end] == "evidence"
    assert utf16_to_index(text, 8) == 7


def test_windows_line_breaks_in_the_stored_text() -> None:
    stored = "First line.\r\nSecond line with proof.\r\nThird."
    shown = stored.replace("\r\n", "\n")
    start = shown.index("line with proof.\nThird")
    c = locate(stored, shown, start, start + len("line with proof.\nThird"))
    assert c is not None and c.text == "line with proof.\r\nThird" and stored[c.start:c.end] == c.text


def test_blank_selection_is_not_a_citation() -> None:
    assert locate("a   b", "a   b", 1, 3) is None


def test_shown_ranges_find_a_passage_after_windows_line_breaks_and_astral_characters() -> None:
    from svi_desktop.domain.citations import shown_ranges
    from svi_desktop.domain.model import Citation

    stored = "First line\r\nSecond 😀 line with the passage here."
    shown = stored.replace("\r\n", "\n")
    start = stored.index("the passage")
    [(a, b)] = shown_ranges(shown, (Citation("the passage", start, start + 11),))
    # Qt counts the emoji as two units: the range is in those units.
    assert (a, b) == (shown.index("the passage") + 1, shown.index("the passage") + 12)
