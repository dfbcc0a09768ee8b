"""Clarifications in the store: raised, withdrawn by undo, sent, answered; refused when out of order; in the
decision record as communications with the supplier; sealed like every row; carried by JSON and by packs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from svi_desktop.domain.decisions import decision_record
from svi_desktop.errors import KnownError
from svi_desktop.store.operations.clarifications import (
    raise_clarification,
    record_answer,
    record_sent,
    withdraw_clarification,
)
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.hostile import cli, sql

TODAY = dt.date.today().isoformat()


def _first(tf: TenderFile) -> tuple[str, str, str]:
    ev = load_evaluation(tf)
    bid = ev.bids[0]
    crit = next(c for c in ev.framework.criteria if c.code == "LT2")
    return bid.id, crit.id, bid.supplier


def test_the_round_of_a_clarification_and_its_record(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="lead") as tf:
        bid, crit, supplier = _first(tf)
        asked = raise_clarification(tf, bid_id=bid, criterion_id=crit, question="Which college is your partner?",
                                    raised_by="Aisha Rahman")
        assert load_evaluation(tf).clarifications[0].state == "not sent"
        assert asked.inverse is not None
        asked.inverse(tf)  # undo: withdrawn before sending
        assert load_evaluation(tf).clarifications == ()
        again = raise_clarification(tf, bid_id=bid, criterion_id=crit, question="Which college is your partner?",
                                    raised_by="Aisha Rahman").result
        for bad, sentence in ((lambda: record_answer(tf, clarification_id=again.id, answer="X", answered_on=TODAY),
                               "Record when the clarification was sent before its answer."),
                              (lambda: record_sent(tf, clarification_id=again.id, sent_on="next Tuesday"),
                               "The date it was sent must be a date such as 2026-11-26."),
                              (lambda: record_sent(tf, clarification_id=again.id, sent_on="2099-01-01"),
                               "The date it was sent cannot be in the future."),
                              (lambda: raise_clarification(tf, bid_id=bid, criterion_id=crit, question="  ",
                                                           raised_by="A"), "Write the question to ask the supplier.")):
            with pytest.raises(KnownError) as refused:
                bad()
            assert refused.value.message == sentence
        record_sent(tf, clarification_id=again.id, sent_on=TODAY)
        with pytest.raises(KnownError, match="has been sent to the supplier, so it stays on record"):
            withdraw_clarification(tf, clarification_id=again.id)
        record_answer(tf, clarification_id=again.id, answer="Oldham College, under a signed agreement.",
                      answered_on=TODAY)
        (c,) = load_evaluation(tf).clarifications
        assert (c.state, c.sent_at, c.answered_at) == ("answered", TODAY, TODAY)
        words = [d.sentence() for d in decision_record(tf.audit_rows(), load_evaluation(tf)) if d.kind ==
                 "clarification"]
        assert len(words) == 5  # raised, withdrawn, raised again, sent, answered: the withdrawn one stays on record
        assert any(f"raise a clarification with {supplier} on LT2" in w and "Which college" in w for w in words)
        assert any("withdraw the clarification" in w for w in words)
        assert any(f"send the clarification on LT2 to {supplier}" in w and f"sent on {TODAY}" in w for w in words)
        assert any("answered on" in w and "Oldham College, under a signed agreement." in w for w in words)
        assert all(w.split(": ", 1)[1].startswith("Communication with the supplier") for w in words)
        assert tf.check() == []
    # The answer edited behind the program's back is found.
    sql(demo_file, "UPDATE clarifications SET answer = 'Leeds College.'")
    code, _out, err = cli("check", str(demo_file))
    assert code != 0 and "clarifications" in err + _out


def test_json_carries_clarifications_and_refuses_one_for_an_unknown_bid(demo_file: Path, tmp_path: Path) -> None:
    with TenderFile.open(demo_file, actor="lead") as tf:
        bid, crit, _s = _first(tf)
        c = raise_clarification(tf, bid_id=bid, criterion_id=crit, question="How many?", raised_by="Lead").result
        record_sent(tf, clarification_id=c.id, sent_on=TODAY)
    assert cli("export-json", str(demo_file), str(tmp_path / "t.json"))[0] == 0
    doc = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert doc["clarifications"][0]["question"] == "How many?" and doc["clarifications"][0]["sent_at"] == TODAY
    assert cli("import-json", str(tmp_path / "t.json"), str(tmp_path / "back.svi"))[0] == 0
    with TenderFile.open(tmp_path / "back.svi", actor="t", read_only=True) as tf:
        assert load_evaluation(tf).clarifications[0].question == "How many?"
    doc["clarifications"][0]["bid"] = "nobody"
    (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
    code, _out, err = cli("import-json", str(tmp_path / "bad.json"), str(tmp_path / "bad.svi"))
    assert code != 0 and "unknown bid 'nobody'" in err and not (tmp_path / "bad.svi").exists()


def test_a_pack_carries_the_answer_and_cannot_raise_one(demo_file: Path, tmp_path: Path) -> None:
    from tests.helpers.packs import issue

    with TenderFile.open(demo_file, actor="lead") as tf:
        bid, crit, _s = _first(tf)
        c = raise_clarification(tf, bid_id=bid, criterion_id=crit, question="Which?", raised_by="Lead").result
        record_sent(tf, clarification_id=c.id, sent_on=TODAY)
        record_answer(tf, clarification_id=c.id, answer="This one.", answered_on=TODAY)
    issued = issue(demo_file, tmp_path)
    with TenderFile.open(issued[0].path, actor="evaluator") as pack:
        assert load_evaluation(pack).clarifications[0].answer == "This one."
        with pytest.raises(KnownError, match="Clarifications go to suppliers through the lead"):
            raise_clarification(pack, bid_id=bid, criterion_id=crit, question="More?", raised_by="Me")


def test_a_huge_question_or_answer_is_refused_in_one_sentence_and_changes_nothing(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="lead") as tf:
        bid, crit, _s = _first(tf)
        before = tf.query("SELECT COUNT(*) FROM audit")[0][0]
        with pytest.raises(KnownError) as refused:
            raise_clarification(tf, bid_id=bid, criterion_id=crit, question="x" * 10_000_000, raised_by="A")
        assert refused.value.message == "A clarification question can be at most 5,000 characters; shorten it."
        c = raise_clarification(tf, bid_id=bid, criterion_id=crit, question="Which?", raised_by="A").result
        record_sent(tf, clarification_id=c.id, sent_on=TODAY)
        with pytest.raises(KnownError) as refused:
            record_answer(tf, clarification_id=c.id, answer="y" * 10_000_000, answered_on=TODAY)
        assert refused.value.message.startswith("An answer can be at most 100,000 characters")
        assert load_evaluation(tf).clarifications[0].answer == ""
        assert tf.query("SELECT COUNT(*) FROM audit")[0][0] == before + 2  # the raise and the sending only
