"""Issuing and submitting evaluator packs in tests, keeping each pack's return code as the lead would."""

from __future__ import annotations

from pathlib import Path

from svi_desktop.store.packs import IssuedPack, issue_packs, submit_pack
from svi_desktop.store.tender_file import TenderFile

CODES: dict[Path, str] = {}  # every pack issued in this test run, with the code its evaluator was given


def issue(lead: Path, folder: Path) -> list[IssuedPack]:
    folder.mkdir(exist_ok=True)
    with TenderFile.open(lead, actor="lead") as tf:
        issued = issue_packs(tf, folder=folder).result
    remember(issued)
    return issued


def remember(issued: list[IssuedPack]) -> None:
    for p in issued:
        CODES[p.path] = p.code


def code_of(pack: Path) -> str:
    return CODES[Path(pack)]


def submit(pack: Path, code: str | None = None) -> str:
    """Submit as the evaluator, typing the code the lead sent (by default, the one issued with this pack)."""
    with TenderFile.open(pack, actor="evaluator") as tf:
        return submit_pack(tf, code=code or code_of(pack)).result
