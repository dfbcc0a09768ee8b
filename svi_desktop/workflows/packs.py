"""Evaluator packs from either front end: issue, submit, collect, and the report of a collection."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from svi_desktop.domain.changes import Applied
from svi_desktop.store.packs import (
    Collection,
    IssuedPack,
    PackInfo,
    Return,
    WaitingCode,
    list_returns,
    pack_info,
    waiting_codes,
)
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits

__all__ = ["Collection", "IssuedPack", "PackInfo", "code_sheet", "Return", "ReportLine", "WaitingCode", "codes", "issue", "submit", "collect", "report", "info", "returns"]


@dataclass(frozen=True)
class ReportLine:
    text: str
    refused: bool = False


def issue(tf: TenderFile, folder: Path) -> list[IssuedPack]:
    """One pack per evaluator, each with the return code to hand over apart from the pack."""
    return edits.apply(tf, edits.IssuePacks(folder=Path(folder))).result


def submit(tf: TenderFile, code: str) -> str:
    """Submit (lock and seal) an evaluator's pack with their return code; returns the digest of its scores."""
    return edits.apply(tf, edits.SubmitPack(code=code)).result


def code_sheet(issued: list[IssuedPack]) -> list[str]:
    """What the lead hands over, one line per evaluator: the code goes apart from the pack, by phone or on paper."""
    return [f"{p.evaluator}: return code {p.code}" + (f", pack passphrase {p.passphrase}" if p.passphrase else "")
            + f" (pack {p.path.name})" for p in issued]


def codes(tf: TenderFile) -> list[WaitingCode]:
    """The return codes still waiting (their returns not collected), to show the lead again."""
    return waiting_codes(tf)


def collect(tf: TenderFile, paths: list[Path]) -> Applied:
    """Merge returned packs in one transaction (its `Applied` undoes it); `report(applied.result)` says how."""
    return edits.apply(tf, edits.CollectReturns(paths=[Path(p) for p in paths]))


def report(result: Collection) -> list[ReportLine]:
    """One line per pack: collected, already collected, kept as a conflict, or refused with the reason."""
    lines = [ReportLine(f"Collected {p}: {n} scores from {e}.") for p, e, n in result.merged]
    lines += [ReportLine(f"{p}: {text}") for p, text in result.lead_record_kept]
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
