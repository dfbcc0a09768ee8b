"""The report's page layout: no table row left alone on a page, and the radar's labels clear of the chart."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm

from svi_desktop.exports.pdf_common import table


def _body_rows(part) -> int:
    return len(part._cellvalues) - part.repeatRows


@pytest.mark.parametrize("rows", [5, 8, 20])
def test_a_page_break_leaves_at_least_two_rows_on_either_side(rows: int) -> None:
    data = [["Criterion", "Value"]] + [[f"C{i}", str(i)] for i in range(rows)]
    whole = table(data, [60 * mm, 20 * mm])
    _w, height = whole.wrap(80 * mm, 1000 * mm)
    row = (height - whole._rowHeights[0]) / rows
    head = whole._rowHeights[0]
    for fits in range(1, rows):  # room for the heading and `fits` rows on this page
        t = table(data, [60 * mm, 20 * mm])
        t.wrap(80 * mm, 1000 * mm)
        parts = t.split(80 * mm, head + row * fits + 0.5)
        if not parts:
            assert fits < 2  # the table moves whole to the next page rather than leave one row here
            continue
        first, rest = parts
        assert _body_rows(first) >= 2 and _body_rows(rest) >= 2, (rows, fits, _body_rows(first), _body_rows(rest))


def test_the_radar_labels_sit_outside_the_chart(tmp_path) -> None:
    from svi_desktop.exports.report import radar
    from svi_desktop.workflows.tenders import demo_tender, open_and_read

    tf, ev = open_and_read(demo_tender(tmp_path / "demo.svi"), read_only=True)
    tf.close()
    d = radar(ev, {})
    chart = d.contents[0]
    drawn = chart.draw()
    labels = [s for s in drawn.contents if hasattr(s, "_text") or type(s).__name__ == "Label"]
    assert len(labels) == 10
    cx = chart.x + chart.width / 2
    for label in labels:
        anchor = label.boxAnchor
        if label.x > cx + 1:
            assert anchor == "w"  # right of the chart: the text runs rightwards, away from it
        elif label.x < cx - 1:
            assert anchor == "e"
        else:
            assert anchor in ("s", "n")
