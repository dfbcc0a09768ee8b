"""Evaluator packs: issued with the evaluator's own rows only, submitted, checked and collected."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from svi_desktop.cli import main as svi
from svi_desktop.errors import KnownError
from svi_desktop.store.operations import framework as fw_ops
from svi_desktop.store.operations import moderation
from svi_desktop.store.operations.scores import set_score
from svi_desktop.store.packs import collect_returns, list_returns, resolve_conflict, waiting_codes
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.files import make_demo, sha256
from tests.helpers.packs import code_of, issue, submit


@pytest.fixture
def packs(demo_file: Path, tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "packs"
    folder.mkdir()
    made = [p.path for p in issue(demo_file, folder)]
    with TenderFile.open(demo_file, actor="lead", read_only=True) as tf:
        names = {e.id: e.name for e in load_evaluation(tf).evaluators}
    assert len(made) == 3
    out = {}
    for p in made:
        con = sqlite3.connect(p)
        evaluator_id = con.execute("SELECT value FROM settings WHERE key = 'pack.evaluator_id'").fetchone()[0]
        con.close()
        out[names[evaluator_id].split()[0]] = p
    return out


def score_in_pack(pack: Path, code: str, supplier: str, value: int, rationale: str) -> None:
    with TenderFile.open(pack, actor="evaluator") as tf:
        ev = load_evaluation(tf)
        me = ev.evaluators[0]
        crit = next(c for c in ev.framework.criteria if c.code == code)
        bid = next(b for b in ev.bids if b.supplier == supplier)
        set_score(tf, evaluator_id=me.id, bid_id=bid.id, criterion_id=crit.id, value=value, rationale=rationale)


def test_a_pack_holds_no_other_evaluators_rows(packs: dict[str, Path], demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        everyone = {e.id for e in load_evaluation(tf).evaluators}
    for pack in packs.values():
        con = sqlite3.connect(pack)  # plain sqlite3, as a sceptical reviewer would
        mine = con.execute("SELECT value FROM settings WHERE key = 'pack.evaluator_id'").fetchone()[0]
        others = everyone - {mine}
        assert [r[0] for r in con.execute("SELECT id FROM evaluators")] == [mine]
        assert {r[0] for r in con.execute("SELECT DISTINCT evaluator_id FROM scores")} <= {mine}
        assert con.execute("SELECT COUNT(*) FROM consensus").fetchone()[0] == 0
        assert con.execute("SELECT COUNT(*) FROM returns").fetchone()[0] == 0
        dump = "\n".join(con.iterdump())
        for other in others:
            assert other not in dump
        assert con.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 80
        con.close()


def test_collect_merges_once_and_refuses_unsubmitted(packs: dict[str, Path], demo_file: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    score_in_pack(packs["Aisha"], "Q1", "Northgate Support Services Ltd", 4, "Changed after a second read.")
    submit(packs["Aisha"])
    submit(packs["David"])
    with pytest.raises(KnownError, match="submitted on"):
        score_in_pack(packs["Aisha"], "Q2", "Northgate Support Services Ltd", 1, "too late")

    code = svi(["packs", "collect", str(demo_file), *map(str, packs.values())])
    out, err = capsys.readouterr()
    assert code == 2
    assert "Helen-Marsh.svi was refused: it has not been submitted" in err
    assert out.count("Collected ") == 2
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        ev = load_evaluation(tf)
        aisha = next(e for e in ev.evaluators if e.name == "Aisha Rahman")
        q1 = next(c for c in ev.framework.criteria if c.code == "Q1")
        northgate = next(b for b in ev.bids if b.supplier.startswith("Northgate"))
        s = next(s for s in ev.scores if (s.evaluator_id, s.bid_id, s.criterion_id) == (aisha.id, northgate.id, q1.id))
        assert (s.value, s.rationale) == (4, "Changed after a second read.")
        count = len(ev.scores)
    before = sha256(demo_file)
    assert svi(["packs", "collect", str(demo_file), str(packs["Aisha"]), str(packs["David"])]) == 0
    assert "was collected before; nothing changed" in capsys.readouterr().out
    assert sha256(demo_file) == before
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        assert len(load_evaluation(tf).scores) == count
        assert len(list_returns(tf)) == 2


def test_tampered_pack_is_refused(packs: dict[str, Path], demo_file: Path) -> None:
    submit(packs["David"])
    con = sqlite3.connect(packs["David"])
    con.execute("UPDATE scores SET value = CASE WHEN value = 4 THEN 3 ELSE 4 END WHERE rowid = (SELECT MIN(rowid) FROM scores)")
    con.commit()
    con.close()
    with TenderFile.open(demo_file, actor="lead") as tf:
        result = collect_returns(tf, paths=[packs["David"]]).result
    assert not result.merged
    assert "is not sealed with the return code issued to David" in result.refused[0][1]


def test_pack_from_another_tender_is_refused(demo_file: Path, tmp_path: Path) -> None:
    other = make_demo(tmp_path / "other.svi")
    folder = tmp_path / "other-packs"
    folder.mkdir()
    pack = issue(other, folder)[0].path
    submit(pack)
    with TenderFile.open(demo_file, actor="lead") as tf:
        result = collect_returns(tf, paths=[pack]).result
    assert "it is a pack from another tender" in result.refused[0][1]


def test_pack_whose_framework_changed_is_refused(packs: dict[str, Path], demo_file: Path) -> None:
    submit(packs["Aisha"])
    with TenderFile.open(demo_file, actor="lead") as tf:
        q3 = next(c for c in load_evaluation(tf).framework.criteria if c.code == "Q3")
        fw_ops.set_criterion_field(tf, criterion_id=q3.id, field="weight", value="5", reason="Test: changed after scoring.")
        result = collect_returns(tf, paths=[packs["Aisha"]]).result
    assert "its framework differs from this tender's" in result.refused[0][1]


def test_a_second_different_return_is_a_conflict_with_both_kept(packs: dict[str, Path], demo_file: Path,
                                                                tmp_path: Path) -> None:
    first = packs["Aisha"]
    second = tmp_path / "second-Aisha.svi"
    shutil.copy(first, second)
    submit(first)
    score_in_pack(second, "LT1", "Moorside Community Health CIC", 1, "On reflection the grants are not committed.")
    submit(second, code_of(first))
    with TenderFile.open(demo_file, actor="lead") as tf:
        assert collect_returns(tf, paths=[first]).result.merged
        result = collect_returns(tf, paths=[second]).result
        assert result.conflicts == [("second-Aisha.svi", "Aisha Rahman")]
        returns = list_returns(tf)
        assert [r.status for r in returns] == ["merged", "conflict"]
        ev = load_evaluation(tf)
        lt1 = next(c for c in ev.framework.criteria if c.code == "LT1")
        moorside = next(b for b in ev.bids if b.supplier.startswith("Moorside"))
        aisha = returns[0].evaluator_id

        def value() -> int:
            return next(s.value for s in load_evaluation(tf).scores
                        if (s.evaluator_id, s.bid_id, s.criterion_id) == (aisha, moorside.id, lt1.id))

        assert value() == 4  # the first return stands until the lead decides
        resolve_conflict(tf, return_id=returns[1].id, accept=True)
        assert value() == 1
        assert [r.status for r in list_returns(tf)] == ["superseded", "merged"]


def test_moderation_locks_individual_scores_until_the_lead_unlocks(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="lead") as tf:
        ev = load_evaluation(tf)
        s = ev.scores[0]
        moderation.start_moderation(tf)
        with pytest.raises(KnownError, match="individual scores are locked"):
            set_score(tf, evaluator_id=s.evaluator_id, bid_id=s.bid_id, criterion_id=s.criterion_id, value=1)
        with pytest.raises(KnownError, match="Say why"):
            moderation.unlock_scores(tf, reason=" ")
        moderation.unlock_scores(tf, reason="Evaluator B mis-keyed a score, agreed at the meeting.")
        set_score(tf, evaluator_id=s.evaluator_id, bid_id=s.bid_id, criterion_id=s.criterion_id, value=1)
        from svi_desktop.store import audit

        assert any("unlock individual scores: Evaluator B mis-keyed" in r.action for r in audit.rows(tf.db))


def test_return_codes_can_be_shown_again_until_each_return_is_collected(
        packs: dict[str, Path], demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 29, point 5: an evaluator who lost their code gets it again from the lead, until their return is
    collected; the code is in the lead's file alone, never in a pack or in anything exported."""
    codes = {name: code_of(p) for name, p in packs.items()}
    assert svi(["packs", "codes", str(demo_file)]) == 0
    out = capsys.readouterr().out
    for name, code in codes.items():
        assert f"{name}" in out and code in out
    for pack in packs.values():  # the pack holds neither the code nor the key
        dump = "\n".join(sqlite3.connect(pack).iterdump())
        assert not any(code in dump for code in codes.values())
    assert svi(["packs", "codes", str(packs["Aisha"])]) == 2
    assert "the return codes are kept in the lead's tender file" in capsys.readouterr().err
    for kind, out_path in (("xlsx", tmp_path / "r.xlsx"), ("pdf", tmp_path / "r.pdf")):
        assert svi(["export", kind, str(demo_file), str(out_path)]) == 0
    assert svi(["export-json", str(demo_file), str(tmp_path / "t.json")]) == 0
    import zipfile
    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:
        sheets = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    exported = sheets + (tmp_path / "t.json").read_text(encoding="utf-8")
    assert not any(code in exported for code in codes.values())

    submit(packs["Aisha"])
    with TenderFile.open(demo_file, actor="lead") as tf:
        applied = collect_returns(tf, paths=[packs["Aisha"]])
        assert [c.evaluator for c in waiting_codes(tf)] == ["David Okafor", "Helen Marsh"]
        assert applied.inverse is not None
        undone = applied.inverse(tf)  # undoing the collection gives the code back, redoing drops it again
        assert {c.code for c in waiting_codes(tf)} == set(codes.values())
        assert undone.inverse is not None
        undone.inverse(tf)
        assert "Aisha Rahman" not in [c.evaluator for c in waiting_codes(tf)]
        assert tf.check() == []
    capsys.readouterr()
    assert svi(["packs", "codes", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert codes["Aisha"] not in out and codes["David"] in out and codes["Helen"] in out

    # A code put back with sqlite3 after collection is a row changed outside the program.
    con = sqlite3.connect(demo_file)
    con.execute("INSERT INTO return_codes (evaluator_id, pack_id, code) SELECT evaluator_id, pack_id, 'X' FROM "
                "return_keys WHERE evaluator_id NOT IN (SELECT evaluator_id FROM return_codes)")
    con.commit()
    con.close()
    assert svi(["check", str(demo_file)]) != 0
    assert "the return_codes row" in (err := capsys.readouterr().err) and "(Aisha Rahman)" in err
