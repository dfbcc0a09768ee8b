"""Conflicts that bite and packs that only score: the store refuses, the engine leaves out, the pack holds nothing."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from svi_desktop.domain.model import BidConflict, ConflictManagement, Declaration
from svi_desktop.domain.scoring import compute_results
from svi_desktop.errors import KnownError
from svi_desktop.exports.json_doc import tender_document
from svi_desktop.imports.demo import demo_evaluation
from svi_desktop.store.operations import evaluators as ev_ops
from svi_desktop.store.operations import framework as fw_ops
from svi_desktop.store.operations.bids import set_bid_field
from svi_desktop.store.operations.scores import set_score
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.files import sha256
from tests.helpers.hostile import cli
from tests.helpers.packs import issue, submit
from tests.helpers.pdf import pdf_text


def _aisha_and_careworks(tf: TenderFile) -> tuple[str, str]:
    ev = load_evaluation(tf)
    return (next(e.id for e in ev.evaluators if e.name.startswith("Aisha")),
            next(b.id for b in ev.bids if b.supplier.startswith("Valley")))


def test_an_excluded_evaluator_cannot_score_and_their_scores_leave_the_results(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="lead") as tf:
        aisha, valley = _aisha_and_careworks(tf)
        before = load_evaluation(tf)
        ev_ops.declare(tf, evaluator_id=aisha, conflicts=((valley, "My sister works at Valley."),))
        crit = next(s.criterion_id for s in before.scores if s.evaluator_id == aisha and s.bid_id == valley)
        with pytest.raises(KnownError, match="declared a conflict with Valley .* is excluded from scoring"):
            set_score(tf, evaluator_id=aisha, bid_id=valley, criterion_id=crit, value=4)
        after = load_evaluation(tf)
        # Her earlier scores are kept on record, but the totals are those computed without them.
        assert after.scores == before.scores
        without = replace(before, scores=tuple(s for s in before.scores
                                               if not (s.evaluator_id == aisha and s.bid_id == valley)))
        assert {r.bid.id: r.total for r in compute_results(after).ranked} == {
            r.bid.id: r.total for r in compute_results(without).ranked}
        assert len(after.excluded_scores()) == sum(1 for s in before.scores
                                                   if s.evaluator_id == aisha and s.bid_id == valley) > 0
        # The lead may let her score it, with a reason; then her scores count again.
        with pytest.raises(KnownError, match="Say why"):
            ev_ops.manage_conflict(tf, evaluator_id=aisha, bid_id=valley, management=ConflictManagement.MAY_SCORE)
        ev_ops.manage_conflict(tf, evaluator_id=aisha, bid_id=valley, management=ConflictManagement.MAY_SCORE,
                               reason="A sister in another department; no role in this service.")
        set_score(tf, evaluator_id=aisha, bid_id=valley, criterion_id=crit, value=4, rationale="Allowed by the lead.")
        assert not load_evaluation(tf).excluded_scores()


def test_svi_results_json_leaves_excluded_scores_out_and_lists_them(tmp_path: Path) -> None:
    ev = demo_evaluation()
    aisha = next(e for e in ev.evaluators if e.name.startswith("Aisha"))
    valley = next(b for b in ev.bids if b.supplier.startswith("Valley"))
    conflicted = replace(aisha, declaration=replace(aisha.declaration or Declaration(False), conflict=True,
                                                    conflicts=(BidConflict(valley.id, "Sister at Valley."),)))
    with_conflict = replace(ev, evaluators=tuple(conflicted if e.id == aisha.id else e for e in ev.evaluators))
    doc = tender_document(with_conflict)
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc))
    assert doc["evaluators"][[e["id"] for e in doc["evaluators"]].index(aisha.id)]["declaration"]["conflicts"] == [
        {"bid": valley.id, "details": "Sister at Valley.", "management": "excluded", "reason": ""}]
    assert cli("import-json", str(path), str(tmp_path / "t.svi"))[0] == 0
    code, out, _err = cli("results", str(tmp_path / "t.svi"), "--json", "--draws", "10")
    assert code == 0
    result = json.loads(out)
    without = replace(ev, scores=tuple(s for s in ev.scores if not (s.evaluator_id == aisha.id
                                                                     and s.bid_id == valley.id)))
    expected = {r.bid.supplier: r.total for r in compute_results(without).ranked}
    from svi_desktop.domain.numbers import fmt

    assert {r["supplier"]: r["total"] for r in result["ranked"]} == {k: fmt(v) for k, v in expected.items()}
    excluded = result["excluded_scores"]
    assert excluded and all(x["evaluator"] == aisha.name and x["bid"] == valley.supplier for x in excluded)
    assert all(x["reason"] == "conflict of interest declared: Sister at Valley." for x in excluded)


def test_the_pack_of_an_excluded_evaluator_holds_no_byte_of_that_bid(demo_file: Path, tmp_path: Path) -> None:
    from svi_desktop.store.operations.bids import set_response

    marker = "VALLEY-ONLY-7731: our own words, which no one excluded may read."
    with TenderFile.open(demo_file, actor="lead") as tf:
        aisha, valley = _aisha_and_careworks(tf)
        crit = load_evaluation(tf).framework.criteria[12]
        set_response(tf, bid_id=valley, criterion_id=crit.id, text=marker)
        set_bid_field(tf, bid_id=valley, field="price", value="987654.32", reason="Test: changed after scoring.")
        ev_ops.declare(tf, evaluator_id=aisha, conflicts=((valley, "My sister works at Valley."),))
    issued = issue(demo_file, tmp_path / "packs")
    mine = next(p.path for p in issued if "Aisha" in p.path.name)
    data = mine.read_bytes()
    assert marker[:16].encode() not in data and b"987654.32" not in data
    for other in (p.path for p in issued if p.path != mine):  # the others' packs hold the response, no price
        assert marker[:16].encode() in other.read_bytes() and b"987654.32" not in other.read_bytes()
    with TenderFile.open(mine, actor="aisha", read_only=True) as tf:
        ev = load_evaluation(tf)
        assert not [r for r in ev.responses if r.bid_id == valley]
        assert next(b for b in ev.bids if b.id == valley).price is None


def test_a_pack_only_scores(demo_file: Path, tmp_path: Path) -> None:
    issued = issue(demo_file, tmp_path / "packs")
    pack = issued[0].path
    before = sha256(pack)
    with TenderFile.open(pack, actor="evaluator") as tf:
        ev = load_evaluation(tf)
        q1 = next(c for c in ev.framework.criteria if c.code == "Q1")
        for attempt in (lambda: fw_ops.set_criterion_field(tf, criterion_id=q1.id, field="weight", value="9"),
                        lambda: set_bid_field(tf, bid_id=ev.bids[0].id, field="price", value="1"),
                        lambda: fw_ops.set_tender_field(tf, field="title", value="Mine now")):
            with pytest.raises(KnownError, match="is an evaluator pack: it records only its evaluator's own scores"):
                attempt()
        other = next(e for e in load_evaluation(TenderFile.open(demo_file, actor="x", read_only=True)).evaluators
                     if e.id != ev.evaluators[0].id)
        with pytest.raises(KnownError, match="records only its own evaluator's scores"):
            set_score(tf, evaluator_id=other.id, bid_id=ev.bids[0].id, criterion_id=q1.id, value=2)
    assert sha256(pack) == before
    template = tmp_path / "bids.xlsx"
    assert cli("bid-template", str(demo_file), str(template))[0] == 0
    import openpyxl

    wb = openpyxl.load_workbook(template)
    wb.active.cell(2, 1, "New Bidder Ltd")
    wb.save(template)
    code, _out, err = cli("import-bids", str(pack), str(template))
    assert code == 2 and err.startswith("svi: ") and err.count("\n") == 1, err
    assert "is an evaluator pack" in err
    assert sha256(pack) == before


def test_a_packs_backup_is_not_restored_onto_the_leads_file(demo_file: Path, tmp_path: Path) -> None:
    from svi_desktop.store.restore import make_backup, restore_from
    from svi_desktop.workflows import backups

    issued = issue(demo_file, tmp_path / "packs")
    with TenderFile.open(issued[0].path, actor="evaluator") as tf:
        pack_backup = make_backup(tf, "in-the-pack")
    with TenderFile.open(demo_file, actor="lead") as tf:
        assert all(b.path != pack_backup for b in backups.backups_of(tf))  # not even listed
        copy = tmp_path / "lead-before.svi"
        tf.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(demo_file, copy)
        with pytest.raises(KnownError, match="is a backup of an evaluator's pack, and this is the lead's tender file"):
            restore_from(tf, path=pack_backup, label="the pack")
    assert sha256(demo_file) == sha256(copy)
    submit(issued[0].path)
    with TenderFile.open(issued[0].path, actor="evaluator") as tf, pytest.raises(KnownError, match="submitted"):
        restore_from(tf, path=pack_backup, label="before submitting")


def test_excluded_scores_are_struck_through_in_the_report_and_the_workbook(demo_file: Path, tmp_path: Path) -> None:
    import openpyxl

    with TenderFile.open(demo_file, actor="lead") as tf:
        aisha, valley = _aisha_and_careworks(tf)
        ev_ops.declare(tf, evaluator_id=aisha, conflicts=((valley, "Sister is the finance director."),))
    assert cli("export", "pdf", str(demo_file), str(tmp_path / "r.pdf"))[0] == 0
    text = pdf_text(tmp_path / "r.pdf")
    assert "Scores kept on record but left out" in text
    assert "(excluded: conflict of interest declared: Sister is the finance director.)" in text
    assert "Valley Wellbeing Partnership: Sister is the finance director. Excluded from that bid." in text
    assert cli("export", "xlsx", str(demo_file), str(tmp_path / "w.xlsx"))[0] == 0
    ind = openpyxl.load_workbook(tmp_path / "w.xlsx")["Individual scores"]
    struck = [r for r in range(2, ind.max_row + 1) if str(ind.cell(r, 5).value).startswith("EXCLUDED")]
    assert struck and all(ind.cell(r, 4).font.strike for r in struck)
    assert all(ind.cell(r, 1).value.startswith("Valley") and ind.cell(r, 3).value.startswith("Aisha") for r in struck)
