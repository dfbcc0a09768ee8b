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
