"""The evidence screens over a tender file: the same for the window, `svi screens` and the report's appendix."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.screens import Earlier, EarlierMatch, Screens, screen, screen_against, vague_pattern
from svi_desktop.errors import KnownError
from svi_desktop.resources import resource
from svi_desktop.store.paths import data_dir

if TYPE_CHECKING:
    from svi_desktop.store.tender_file import TenderFile

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


def run(ev: Evaluation, progress: Callable[[int], bool] | None = None, *, with_hints: bool = True) -> Screens:
    """Every screen; without the substantiation hints when nobody will read them (the window's list of findings:
    the Scoring panel marks each response's own), which saves about a quarter of the time."""
    return screen(ev, vague=vague_phrases(), progress=progress, with_hints=with_hints)


@dataclass(frozen=True)
class Against:
    """What a folder of earlier tenders held: their bids' responses, and the files that could not be read."""

    responses: list[Earlier]
    unreadable: list[str]  # one sentence each: the file and why
    tenders: int


def _open_earlier(path: Path, passphrases: Sequence[str | bytes]) -> TenderFile:
    """An earlier tender, read-only; an encrypted one with the first of `passphrases` that opens it (the screened
    tender's own, say), else as any file opens (svi: SVI_PASSPHRASE or the terminal)."""
    from svi_desktop.errors import EncryptedFile
    from svi_desktop.store.tender_file import TenderFile, inspect_header

    try:
        inspect_header(path)
    except EncryptedFile:
        for phrase in passphrases:
            try:
                return TenderFile.open(path, actor="screens", read_only=True, passphrase=phrase)
            except EncryptedFile:
                continue
    return TenderFile.open(path, actor="screens", read_only=True)


def earlier_tenders(folder: Path, current: Path | None = None, passphrases: Sequence[str | bytes] = ()) -> Against:
    """Every bid's responses in the tender files of `folder` (read-only; the file being screened left out). A file
    that is not a tender, or is damaged, or encrypted with a passphrase not at hand, is named with why, and the
    others are still read."""
    from svi_desktop.store.repository import load_evaluation

    folder = Path(folder)
    if not folder.is_dir():
        raise KnownError(f"There is no folder {folder}: give the folder that holds the earlier tenders.")
    responses: list[Earlier] = []
    unreadable: list[str] = []
    tenders = 0
    for path in sorted(folder.glob("*.svi")):
        if current is not None and path.resolve() == Path(current).resolve():
            continue
        try:
            with _open_earlier(path, [p for p in passphrases if p]) as tf:
                ev = load_evaluation(tf)
        except KnownError as exc:
            unreadable.append(f"{path.name}: {exc.message}")
            continue
        except Exception as exc:  # a file of any kind may sit in the folder: it is named, never fatal
            unreadable.append(f"{path.name}: could not be read ({type(exc).__name__}).")
            continue
        tenders += 1
        t = ev.tender
        name = (f"{t.reference}, " if t.reference else "") + f"{t.title} ({path.name})"
        suppliers = {b.id: b.supplier for b in ev.bids}
        codes = {c.id: f"{c.code} {c.title}" for c in ev.framework.criteria}
        responses += [Earlier(name, suppliers.get(r.bid_id, "?"), codes.get(r.criterion_id, "?"), r.text)
                      for r in ev.responses if r.text.strip()]
    return Against(responses, unreadable, tenders)


def run_against(ev: Evaluation, against: Against, progress: Callable[[int], bool] | None = None) -> list[EarlierMatch]:
    return screen_against(ev, against.responses, progress)


def earlier_json(ev: Evaluation, against: Against, found: list[EarlierMatch]) -> dict[str, Any]:
    codes = {c.id: c.code for c in ev.framework.criteria}
    suppliers = {b.id: b.supplier for b in ev.bids}
    return {"tenders_read": against.tenders, "unreadable": against.unreadable, "matches": [{
        "bid": m.bid_id, "supplier": suppliers.get(m.bid_id, ""), "criterion": codes.get(m.criterion_id),
        "earlier_tender": m.earlier.tender, "earlier_supplier": m.earlier.supplier,
        "earlier_criterion": m.earlier.criterion, "shared": round(m.shared, 4),
        "passages": [{"a": list(p.a), "b": list(p.b), "text_a": p.text_a, "text_b": p.text_b} for p in m.passages],
    } for m in found]}


def earlier_text(ev: Evaluation, against: Against, found: list[EarlierMatch]) -> str:
    codes = {c.id: c.code for c in ev.framework.criteria}
    names = {b.id: b.supplier for b in ev.bids}
    lines = [f"Earlier tenders read: {against.tenders}; responses sharing passages with theirs: {len(found)}"]
    for m in found:
        lines.append(f"  {codes.get(m.criterion_id, '?')}: {names.get(m.bid_id)} shares {m.shared:.0%} with "
                     f"{m.earlier.supplier} in {m.earlier.tender}, on {m.earlier.criterion}")
    lines += [f"  not read: {u}" for u in against.unreadable]
    return "\n".join(lines)


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
