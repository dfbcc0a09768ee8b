"""Hostile lengths in the PDFs: long feedback, quotes, declarations, reasons and descriptors, and a megabyte
with no space, each printed (shortened with a visible note where a page cannot hold it), never a LayoutError."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from svi_desktop.domain.model import BidStatus, Citation, Consensus, Declaration
from svi_desktop.exports.report import write_report
from svi_desktop.exports.summaries import write_summaries
from svi_desktop.imports.demo import demo_evaluation

WORDS = ("word " * 600).strip()  # 3,000 characters


def long_demo(token_length: int):
    ev = demo_evaluation()
    fw = ev.framework
    token = "x" * token_length
    bids = list(ev.bids)
    bids[1] = replace(bids[1], status=BidStatus.EXCLUDED, status_reason=WORDS * 3)
    scores = list(ev.scores)
    scores[0] = replace(scores[0], rationale=token, evidence=(Citation(token, 0, len(token)),))
    scores[1] = replace(scores[1], rationale=WORDS * 4)
    crit = fw.criteria[12]
    consensus = (*ev.consensus, Consensus(bids[2].id, crit.id, 2, WORDS, WORDS * 2))
    evaluators = list(ev.evaluators)
    evaluators[0] = replace(evaluators[0], declaration=Declaration(True, WORDS * 2, WORDS, "2026-01-01"))
    levels = (replace(fw.scale.levels[0], descriptor=WORDS), *fw.scale.levels[1:])
    return replace(ev, bids=tuple(bids), scores=tuple(scores), consensus=consensus, evaluators=tuple(evaluators),
                   framework=replace(fw, scale=replace(fw.scale, levels=levels)))


@pytest.mark.parametrize("token_length", [6_000, 1_000_000])
def test_long_text_prints(tmp_path: Path, token_length: int) -> None:
    ev = long_demo(token_length)
    report = write_report(ev, tmp_path / "r.pdf", [], None)
    summaries = write_summaries(ev, tmp_path / "s", [])
    assert report.stat().st_size > 0 and len(summaries) == len(ev.bids)
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(["pdftotext", str(report), "-"], capture_output=True, text=True).stdout
    assert "x" * 80 in text  # the unbroken run prints, in lines of 80
    if token_length > 20_000:
        assert "shortened for this document: 1,000,0" in " ".join(text.split())  # (the quote marks add a few)
