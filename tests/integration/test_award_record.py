"""The award record: the completeness check, the refusal of final documents, sign-off, freezing and unfreezing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from svi_desktop.domain.model import Bid, Regime
from svi_desktop.errors import KnownError
from svi_desktop.store import restore
from svi_desktop.store.operations import award as award_ops
from svi_desktop.store.operations import bids as bid_ops
from svi_desktop.store.operations import framework as fw_ops
from svi_desktop.store.operations import scores as score_ops
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.award import SIGNED, complete_award_record
from tests.helpers.hostile import cli


def test_the_demo_fails_the_check_naming_the_missing_feedback(demo_file: Path) -> None:
    code, out, err = cli("award", "check", str(demo_file))
    assert code == 2
    lines = out.splitlines()
    assert "Feedback for Moorside Community Health CIC on SVI1 Purpose is not written." in lines
    assert "No procurement regime is chosen: choose it in Setup." in lines
    assert any(line.startswith("Supplier details missing for Brightpath Care Group plc") for line in lines)
    assert "Helen Marsh has not scored 12 of 80 responses." in lines
    assert "Where the award criteria are published is not recorded: fill it in Setup." in lines
    assert err.strip() == f"svi: the award record is not complete: {len(lines)} items missing."


def test_final_summaries_are_refused_while_the_check_fails_and_nothing_is_written(demo_file: Path,
                                                                                  tmp_path: Path) -> None:
    out = tmp_path / "summaries"
    code, _out, err = cli("export", "summaries", str(demo_file), str(out), "--final")
    assert code == 2 and "\n" not in err.strip()
    assert "award record is not complete" in err
    assert not out.exists()
    code, _out, _err = cli("export", "summaries", str(demo_file), str(out))  # a draft is allowed
    assert code == 0 and len(list(out.glob("*.pdf"))) == 4


def test_a_completed_record_passes_then_sign_off_freezes_it_and_final_documents_are_made(demo_file: Path,
                                                                                      tmp_path: Path) -> None:
    complete_award_record(demo_file)
    code, out, _err = cli("award", "check", str(demo_file))
    assert (code, out) == (0, "The award record is complete.\n")
    report = tmp_path / "report.pdf"
    code, _out, err = cli("export", "pdf", str(demo_file), str(report), "--final")
    assert code == 2 and "before the award is signed off" in err and not report.exists()
    code, out, err = cli("award", "sign-off", str(demo_file), "--name", "Priya Shah", "--role",
                         "Director of Public Health", "--date", SIGNED)
    assert code == 0, err
    code, _out, err = cli("export", "pdf", str(demo_file), str(report), "--final")
    assert code == 0, err
    with TenderFile.open(demo_file, actor="tester", read_only=True) as tf:
        ev = load_evaluation(tf)
        assert [(s.name, s.role, s.signed_on) for s in ev.signoffs] == [
            ("Priya Shah", "Director of Public Health", SIGNED)]
        assert len(ev.signoffs[0].state) == 64


def test_long_or_forged_award_text_is_refused_in_a_sentence_and_changes_nothing(demo_file: Path) -> None:
    from svi_desktop.domain.model import Citation

    with TenderFile.open(demo_file, actor="tester") as tf:
        ev = load_evaluation(tf)
        b, c = ev.bids[0], ev.framework.criteria[0]
        state = tf.state_digest()
        with pytest.raises(KnownError, match="longer than 100,000 characters"):
            score_ops.set_consensus(tf, bid_id=b.id, criterion_id=c.id, value=2, note="n", feedback="x" * 10_000_000)
        with pytest.raises(KnownError, match="not in the bid's response as stored"):
            score_ops.set_consensus(tf, bid_id=b.id, criterion_id=c.id, value=2, note="n", feedback="f",
                                    citations=(Citation("words the bidder never wrote", 0, 28),))
        with pytest.raises(KnownError, match="at most 500 characters"):
            award_ops.set_criteria_published(tf, where="https://example.org/" + "x" * 600)
        assert tf.state_digest() == state


def test_sign_off_is_refused_while_the_record_is_incomplete(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="tester") as tf:
        with pytest.raises(KnownError, match="not complete") as refused:
            award_ops.sign_off(tf, name="Priya Shah", role="Director", signed_on=SIGNED)
        assert "\n" not in refused.value.message
        assert tf.query("SELECT COUNT(*) FROM signoffs")[0][0] == 0
    for name, role, day, why in (("", "Director", "2026-11-25", "name and role"),
                                 ("Priya", "Director", "25/13/2026", "date"),
                                 ("x" * 201, "Director", "2026-11-25", "200 characters")):
        complete = demo_file.parent / f"c{len(name)}{day[:2]}.svi"
        complete.write_bytes(demo_file.read_bytes())
        complete_award_record(complete)
        with TenderFile.open(complete, actor="tester") as tf, pytest.raises(KnownError, match=why):
            award_ops.sign_off(tf, name=name, role=role, signed_on=day)


@pytest.fixture
def frozen(demo_file: Path) -> Path:
    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="tester") as tf:
        award_ops.sign_off(tf, name="Priya Shah", role="Director of Public Health", signed_on=SIGNED)
        award_ops.sign_off(tf, name="Tom Kerr", role="Head of Procurement", signed_on=SIGNED)
    return demo_file


def test_a_frozen_award_refuses_every_change_with_a_sentence(frozen: Path, tmp_path: Path) -> None:
    with TenderFile.open(frozen, actor="tester") as tf:
        ev = load_evaluation(tf)
        b, c, e = ev.bids[0], ev.framework.criteria[0], ev.evaluators[0]
        state = tf.state_digest()
        attempts = [
            lambda: score_ops.set_score(tf, evaluator_id=e.id, bid_id=b.id, criterion_id=c.id, value=0),
            lambda: score_ops.set_consensus(tf, bid_id=b.id, criterion_id=c.id, value=0, note="n", feedback="f"),
            lambda: bid_ops.set_bid_field(tf, bid_id=b.id, field="price", value="1"),
            lambda: bid_ops.add_bid(tf, bid=Bid("new", "Late Ltd")),
            lambda: fw_ops.set_tender_field(tf, field="regime", value=Regime.OTHER.value),
            lambda: fw_ops.set_criterion_field(tf, criterion_id=c.id, field="weight", value="9"),
        ]
        for attempt in attempts:
            with pytest.raises(KnownError) as refused:
                attempt()
            assert refused.value.message == (
                "The award was signed off and frozen on " + tf.query(
                    "SELECT value FROM settings WHERE key = 'award.frozen_at'")[0][0][:10]
                + ", so nothing in it can change; to change it, unfreeze it (Award > Unfreeze) and say why.")
        assert tf.state_digest() == state
    backup = tmp_path / "backup.svi"
    backup.write_bytes(frozen.read_bytes())
    with TenderFile.open(frozen, actor="tester") as tf, pytest.raises(KnownError, match="frozen"):
        restore.restore_from(tf, path=backup, label="test")


def test_unfreezing_needs_a_reason_and_is_audited(frozen: Path) -> None:
    with TenderFile.open(frozen, actor="tester") as tf:
        with pytest.raises(KnownError, match="Say why"):
            award_ops.unfreeze(tf, reason="   ", name="Tom Reid", role="Head")
        assert tf.query("SELECT COUNT(*) FROM signoffs")[0][0] == 2
    code, out, err = cli("award", "unfreeze", str(frozen), "--reason", "A bidder's price was keyed wrongly",
                          "--name", "Tom Reid", "--role", "Head of Procurement")
    assert code == 0, err
    with TenderFile.open(frozen, actor="tester") as tf:
        row = tf.audit_rows()[-1]
        assert row.action == "unfreeze the award: A bidder's price was keyed wrongly"
        assert "Priya Shah" in (row.old or "") and "Tom Kerr" in (row.old or "")
        assert tf.query("SELECT COUNT(*) FROM signoffs")[0][0] == 0
        ev = load_evaluation(tf)
        score_ops.set_consensus(tf, bid_id=ev.bids[0].id, criterion_id=ev.framework.criteria[0].id, value=1,
                                note="Re-moderated after the price correction.", feedback="Feedback.",
                                outside_reason="the panel re-read the response after the correction")
        assert tf.check() == []
    code, _out, err = cli("award", "unfreeze", str(frozen), "--reason", "again", "--name", "Tom Reid", "--role", "Head")
    assert code == 2 and "not frozen" in err


def test_a_frozen_file_edited_with_sqlite3_makes_no_final_document(frozen: Path, tmp_path: Path) -> None:
    with sqlite3.connect(frozen) as conn:
        conn.execute("UPDATE bids SET price = '1' WHERE rowid = 1")
    conn.close()
    out = tmp_path / "s"
    code, _out, err = cli("export", "summaries", str(frozen), str(out), "--final")
    assert code == 2 and "does not hold what was signed off" in err and "\n" not in err.strip()
    assert not out.exists()


def test_unfreezing_with_sqlite3_leaves_no_final_document(frozen: Path, tmp_path: Path) -> None:
    with sqlite3.connect(frozen) as conn:
        conn.execute("DELETE FROM settings WHERE key = 'award.frozen_at'")
    conn.close()
    code, _out, err = cli("export", "pdf", str(frozen), str(tmp_path / "r.pdf"), "--final")
    assert code == 2 and "signed off" in err
    code, out, _err = cli("check", str(frozen))
    assert code != 0 and "settings" in out + _err


def test_feedback_naming_another_bidder_is_listed_and_stops_a_final_export(demo_file: Path, tmp_path: Path) -> None:
    """Issue 32, point 4 (the leak guard): feedback goes to its bidder alone, so a feedback naming another bidder (by
    its name, with or without its legal suffix, in any case) is listed by the check, place by place, and the final
    documents wait for it; the winner's relative advantages may name who they compare with."""
    from svi_desktop.domain.award import award_check

    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        ev = load_evaluation(tf)
        by = {b.supplier.split()[0]: b for b in ev.bids}
        codes = {c.id: f"{c.code} {c.title}" for c in ev.framework.criteria}
        valley = sorted((c for c in ev.consensus if c.bid_id == by["Valley"].id), key=lambda c: codes[c.criterion_id])
        for c, text in ((valley[0], "Stronger than MOORSIDE community health on outreach."),
                        (valley[1], "Unlike Northgate Support Services Ltd's plan, yours names dates.")):
            score_ops.set_consensus(tf, bid_id=c.bid_id, criterion_id=c.criterion_id, value=c.value, note=c.note,
                                    feedback=text, advantages=c.advantages)
        winner = next(c for c in ev.consensus if c.bid_id == by["Moorside"].id and c.advantages)
        score_ops.set_consensus(tf, bid_id=winner.bid_id, criterion_id=winner.criterion_id, value=winner.value,
                                note=winner.note, feedback=winner.feedback,
                                advantages="Named partners, unlike Valley Wellbeing Partnership's tender.")
        # Its own name, and a word that holds a bidder's name inside it, are not another bidder.
        own = valley[2]
        score_ops.set_consensus(tf, bid_id=own.bid_id, criterion_id=own.criterion_id, value=own.value, note=own.note,
                                feedback="Valley Wellbeing Partnership named Moorsides Lane as its base.",
                                advantages=own.advantages)
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        missing = award_check(load_evaluation(tf), "2026-11-26")
    assert [(m.kind, m.bid_id, m.criterion_id, m.text) for m in missing] == [
        ("naming", by["Valley"].id, valley[0].criterion_id,
         f"Feedback for Valley Wellbeing Partnership on {codes[valley[0].criterion_id]} names another bidder, "
         "Moorside Community Health CIC: feedback goes to its bidder alone; take the name out."),
        ("naming", by["Valley"].id, valley[1].criterion_id,
         f"Feedback for Valley Wellbeing Partnership on {codes[valley[1].criterion_id]} names another bidder, "
         "Northgate Support Services Ltd: feedback goes to its bidder alone; take the name out.")]
    code, printed, err = cli("award", "check", str(demo_file))
    assert code == 2 and printed.count("names another bidder") == 2
    code, _out, err = cli("export", "summaries", str(demo_file), str(tmp_path / "final"), "--final")
    assert code == 2 and "names another bidder" in err and not (tmp_path / "final").exists()
    assert cli("export", "summaries", str(demo_file), str(tmp_path / "draft"))[0] == 0  # a draft may be made


def test_the_final_award_needs_a_conflicts_assessment_of_every_evaluator_and_approver(frozen: Path,
                                                                                      tmp_path: Path) -> None:
    """Issue 32, point 5 (s.83): an evaluator missing from the conflicts assessment is listed by name and stops the
    final documents; so does a sign-off by someone not assessed, even one brought in by import-json."""
    with TenderFile.open(frozen, actor="tester") as tf:
        award_ops.unfreeze(tf, reason="An evaluator joins the panel late.", name="Tom Kerr", role="Head of "
                           "Procurement")
        from svi_desktop.store.operations import evaluators

        evaluators.add_evaluator(tf, name="Sam Otieno", role="Finance")
    code, printed, _err = cli("award", "check", str(frozen))
    assert code == 2 and ("Sam Otieno (evaluator) is not in the conflicts assessment: everyone who influences the "
                          "decision is assessed for conflicts of interest first (Procurement Act 2023, s.83); add "
                          "them under Edit > Conflicts assessment.") in printed
    out = tmp_path / "summaries"
    code, _out, err = cli("export", "summaries", str(frozen), str(out), "--final")
    assert code == 2 and "award record is not complete" in err and not out.exists()
    # A sign-off by someone nobody assessed, written into a document and imported: the final record is refused.
    with TenderFile.open(frozen, actor="tester") as tf:
        from svi_desktop.store.operations import evaluators

        sam = next(e for e in load_evaluation(tf).evaluators if e.name == "Sam Otieno")
        evaluators.remove_evaluator(tf, evaluator_id=sam.id)
        award_ops.sign_off(tf, name="Priya Shah", role="Director of Public Health", signed_on=SIGNED)
    doc = tmp_path / "t.json"
    assert cli("export-json", str(frozen), str(doc))[0] == 0
    import json

    data = json.loads(doc.read_text())
    data["signoffs"][0]["name"] = "Mallory Unassessed"
    doc.write_text(json.dumps(data))
    imported = tmp_path / "imported.svi"
    code, _out, err = cli("import-json", str(doc), str(imported))
    assert code == 0, err  # the sign-offs in a document are carried as text, never as sign-offs
    with TenderFile.open(imported, actor="t", read_only=True) as tf:
        assert load_evaluation(tf).signoffs == ()
    code, _out, err = cli("export", "summaries", str(imported), str(out), "--final")
    assert code == 2 and "before the award is signed off" in err
    code, _out, err = cli("award", "sign-off", str(imported), "--name", "Mallory Unassessed", "--role", "Director",
                          "--date", SIGNED)
    assert code == 2 and "Mallory Unassessed is not in the conflicts assessment" in err
