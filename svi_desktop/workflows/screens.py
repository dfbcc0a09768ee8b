"""The evidence screens over a tender file: the same for the window, `svi screens` and the report's appendix."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.screens import Screens, screen, vague_pattern
from svi_desktop.resources import resource
from svi_desktop.store.paths import data_dir

VAGUE_FILE = "vague-phrases.txt"


def vague_phrases() -> tuple[str, ...]:
    """The editable list of vague or marketing phrases: the user's own copy in the data folder, else the one
    shipped in resources/screens/."""
    own = data_dir() / VAGUE_FILE
    path = own if own.is_file() else resource("screens", VAGUE_FILE)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = resource("screens", VAGUE_FILE).read_text(encoding="utf-8").splitlines()
    return tuple(p.strip() for p in lines if p.strip() and not p.lstrip().startswith("#"))


def run(ev: Evaluation, progress: Callable[[int], bool] | None = None) -> Screens:
    return screen(ev, vague=vague_phrases(), progress=progress)


def as_json(ev: Evaluation, found: Screens) -> dict[str, Any]:
    """The screens as `svi screens --json` prints them: criteria by code, bids by id, spans as [start, end)."""
    codes = {c.id: c.code for c in ev.framework.criteria}
    suppliers = {b.id: b.supplier for b in ev.bids}
    return {
        "pairs": [{
            "criterion": codes.get(p.criterion_id) if p.criterion_id else None,
            "bids": list(p.bids), "suppliers": [suppliers.get(b, "") for b in p.bids],
            "shared": round(p.shared, 4),
            "passages": [{"criterion": codes.get(x.criterion_id) if x.criterion_id else None,
                          "a": list(x.a), "b": list(x.b), "text_a": x.text_a, "text_b": x.text_b}
                         for x in p.passages],
        } for p in found.pairs],
        "restated": [{
            "bid": r.bid_id, "supplier": suppliers.get(r.bid_id, ""), "criterion": codes.get(r.criterion_id),
            "shared": round(r.shared, 4),
            "passages": [{"response": list(at), "guidance": list(g), "text": text} for at, g, text in r.passages],
        } for r in found.restated],
        "hints": [{
            "bid": h.bid_id, "criterion": codes.get(h.criterion_id),
            "commitments": [{"kind": m.kind, "start": m.start, "end": m.end, "text": m.text} for m in h.commitments],
            "vague": [{"start": m.start, "end": m.end, "text": m.text} for m in h.vague],
            "unsupported": [{"start": m.start, "end": m.end, "text": m.text} for m in h.unsupported],
        } for h in found.hints],
        "details": [{"kind": d.kind, "bids": list(d.bids), "value": d.value} for d in found.details],
    }


def as_text(ev: Evaluation, found: Screens) -> str:
    """A plain summary, a finding a line, for the terminal."""
    codes = {c.id: c.code for c in ev.framework.criteria}
    names = {b.id: b.supplier for b in ev.bids}
    lines = [f"Shared passages: {len(found.pairs)} pairs; question restated: {len(found.restated)}; "
             f"same details: {len(found.details)}"]
    for p in found.pairs:
        where = codes.get(p.criterion_id, "?") if p.criterion_id else "whole bid"
        lines.append(f"  {where}: {names.get(p.bids[0])} and {names.get(p.bids[1])} share {p.shared:.0%} "
                     f"({len(p.passages)} passage{'s' if len(p.passages) != 1 else ''})")
    for r in found.restated:
        lines.append(f"  {codes.get(r.criterion_id)}: {names.get(r.bid_id)} restates the question ({r.shared:.0%})")
    for d in found.details:
        lines.append(f"  same {d.kind}: {', '.join(names.get(b, b) for b in d.bids)} ({d.value})")
    return "\n".join(lines)


def vague_regex() -> re.Pattern[str] | None:
    """The vague-phrase list as one pattern, for the hints the Scoring panel shows beside each response."""
    return vague_pattern(vague_phrases())
