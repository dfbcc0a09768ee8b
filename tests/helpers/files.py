"""Tender files for tests: the demo, and every kind of file the opener must refuse."""

from __future__ import annotations

import hashlib
import sqlite3
import struct
from collections.abc import Callable
from pathlib import Path

from svi_desktop.imports.demo import demo_evaluation
from svi_desktop.store.new_file import create_tender_file


def make_demo(path: Path) -> Path:
    create_tender_file(path, demo_evaluation(), action="create demo tender")
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _empty(folder: Path, demo: Path) -> Path:
    p = folder / "empty.svi"
    p.write_bytes(b"")
    return p


def _text(folder: Path, demo: Path) -> Path:
    p = folder / "notes.svi"
    p.write_text("These are my notes about the tender, not a tender file.\n" * 20)
    return p


def _foreign_sqlite(folder: Path, demo: Path) -> Path:
    p = folder / "other-app.svi"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE bookmarks (url TEXT)")
    con.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    con.commit()
    con.close()
    return p


def _newer(folder: Path, demo: Path) -> Path:
    p = folder / "from-the-future.svi"
    data = bytearray(demo.read_bytes())
    data[60:64] = struct.pack(">I", 99)  # user_version
    p.write_bytes(bytes(data))
    return p


def _damaged(folder: Path, demo: Path) -> Path:
    p = folder / "damaged.svi"
    con = sqlite3.connect(f"file:{demo}?mode=ro", uri=True)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tender'").fetchone()[0]
    con.close()
    data = bytearray(demo.read_bytes())
    page_size = struct.unpack(">H", data[16:18])[0]
    start = (root - 1) * page_size
    data[start + 8 : start + page_size - 8] = bytes((i * 37 + 11) % 256 for i in range(page_size - 16))
    p.write_bytes(bytes(data))
    return p


BAD_FILES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    # name -> (maker, a phrase the refusal must contain)
    "empty": (_empty, "is empty"),
    "not sqlite": (_text, "not an SQLite database"),
    "foreign sqlite": (_foreign_sqlite, "not an SVI Workbench tender file"),
    "newer version": (_newer, "newer version"),
    "damaged": (_damaged, "damaged"),
}


def earlier_tender(folder: Path, keep_supplier: str = "Moorside", keep_code: str = "LT1") -> tuple[Path, str]:
    """Last year's tender, made from the demo: every response reworded into unrelated prose but one bidder's response
    on one criterion, kept as it was, and that bidder renamed (its name then). Returns the file and the kept text."""
    import random

    from svi_desktop.store.operations.bids import set_bid_field, set_response
    from svi_desktop.store.repository import load_evaluation
    from svi_desktop.store.tender_file import TenderFile
    from tests.helpers.hostile import cli

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "last-year.svi"
    assert cli("demo", str(path))[0] == 0
    rng = random.Random(5)
    words = [f"{a}{b}" for a in ("mar", "ten", "ilo", "saf", "quo", "bre", "dun", "pel") for b in
             ("ost", "ine", "ark", "ude", "ell", "omy", "ax", "ent")]
    kept = ""
    with TenderFile.open(path, actor="t") as tf:
        ev = load_evaluation(tf)
        codes = {c.id: c.code for c in ev.framework.criteria}
        keep = next(b for b in ev.bids if b.supplier.startswith(keep_supplier))
        for r in ev.responses:
            if r.bid_id == keep.id and codes[r.criterion_id] == keep_code:
                kept = r.text
                continue
            text = " ".join(" ".join(rng.choice(words) for _ in range(14)).capitalize() + "." for _ in range(6))
            set_response(tf, bid_id=r.bid_id, criterion_id=r.criterion_id, text=text)
        set_bid_field(tf, bid_id=keep.id, field="supplier", value=f"{keep_supplier} Health Partnership (2025)")
    return path, kept
