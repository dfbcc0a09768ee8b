"""Evaluator packs from either front end: issue, submit, collect, and the report of a collection."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from svi_desktop.domain.changes import Applied
from svi_desktop.store.packs import (
    Collection,
    PackInfo,
    Return,
    collect_returns,
    issue_packs,
    list_returns,
    pack_info,
    submit_pack,
)
from svi_desktop.store.tender_file import TenderFile

__all__ = ["Collection", "PackInfo", "Return", "ReportLine", "issue", "submit", "collect", "report", "info", "returns"]


@dataclass(frozen=True)
class ReportLine:
    text: str
    refused: bool = False


def issue(tf: TenderFile, folder: Path) -> list[Path]:
    return issue_packs(tf, folder=Path(folder)).result


def submit(tf: TenderFile) -> str:
    """Submit (lock) an evaluator's pack; returns the digest of its scores."""
    return submit_pack(tf).result


def collect(tf: TenderFile, paths: list[Path]) -> Applied:
    """Merge returned packs in one transaction (its `Applied` undoes it); `report(applied.result)` says how."""
    return collect_returns(tf, paths=[Path(p) for p in paths])


def report(result: Collection) -> list[ReportLine]:
    """One line per pack: collected, already collected, kept as a conflict, or refused with the reason."""
    lines = [ReportLine(f"Collected {p}: {n} scores from {e}.") for p, e, n in result.merged]
    lines += [ReportLine(f"{p} was collected before; nothing changed.") for p in result.unchanged]
    lines += [ReportLine(f"{p} is a second, different return from {e}: kept as a conflict for the lead to resolve "
                         "(Edit > Returns from evaluators).") for p, e in result.conflicts]
    lines += [ReportLine(reason, refused=True) for _p, reason in result.refused]
    return lines


def info(tf: TenderFile) -> PackInfo | None:
    """What the file says about itself as a pack; None for the lead's own tender file."""
    return pack_info(tf)


def returns(tf: TenderFile) -> list[Return]:
    return list_returns(tf)
