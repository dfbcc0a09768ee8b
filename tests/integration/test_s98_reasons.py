"""Issue 32, point 5 (Procurement Act 2023, s.98): once a bid is scored, a change to a weight, a threshold, the price
formula or a bid's price needs a reason, recorded in the audit trail and listed in the report's change log; the
same rule from every door, and a change refused changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svi_desktop.errors import KnownError
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits
from tests.helpers.hostile import cli
from tests.helpers.pdf import pdf_text


def _edits(tf: TenderFile) -> dict[str, edits.Edit]:
    ev = load_evaluation(tf)
    lt1 = next(c for c in ev.framework.criteria if c.code == "LT1")
    gate = next(c for c in ev.framework.criteria if c.kind.value == "gate")
    price = next(s for s in ev.framework.sections if s.kind.value == "price")
    quality = next(s for s in ev.framework.sections if s.kind.value not in ("price", "gates"))
    bid = next(b for b in ev.bids if b.price is not None)
    formula = "deviation" if price.price_formula != "deviation" else "range"
    return {
        "weight": edits.SetCriterionField(criterion_id=lt1.id, field="weight", value="3"),
        "threshold": edits.SetCriterionField(criterion_id=gate.id, field="threshold",
                                             value=str(ev.framework.scale.values()[-1])),
        "share": edits.SetSectionField(section_id=quality.id, field="share", value=str(quality.share - 1)),
        "price formula": edits.SetSectionField(section_id=price.id, field="price_formula", value=formula),
        "price": edits.SetBidField(bid_id=bid.id, field="price", value=str(bid.price + 1000)),
    }


@pytest.mark.parametrize("what", ["weight", "threshold", "share", "price formula", "price"])
def test_a_change_after_the_first_score_needs_a_reason_and_is_logged(what: str, demo_file: Path,
                                                                     tmp_path: Path) -> None:
    from dataclasses import replace

    before = demo_file.read_bytes()
    with TenderFile.open(demo_file, actor="Tom Reid") as tf:
        assert tf.query("SELECT COUNT(*) FROM scores")[0][0] > 0  # the demo is scored
        edit = _edits(tf)[what]
        with pytest.raises(KnownError, match=r"^Bids have been scored, so a change to the .* needs a reason, which "
                                             r"is recorded \(Procurement Act 2023, s\.98\); give one\.$"):
            edits.apply(tf, edit)
        with pytest.raises(KnownError, match="needs a reason"):
            edits.apply(tf, replace(edit, reason="   \n "))
        with pytest.raises(KnownError, match="longer than 2,000 characters"):
            edits.apply(tf, replace(edit, reason="x" * 2001))
    assert demo_file.read_bytes() == before  # refused: nothing written
    why = f"Clarification 4 corrected the {what} published in the tender documents."
    with TenderFile.open(demo_file, actor="Tom Reid") as tf:
        applied = edits.apply(tf, replace(_edits(tf)[what], reason=why))
        row = tf.audit_rows()[-1]
        assert row.action.endswith(f": {why}") and json.loads(row.new)["reason"] == why
        # Undo says it is the undo of that reason: still a recorded change with its reason.
        assert applied.inverse is not None
    report = tmp_path / "report.pdf"
    assert cli("export", "pdf", str(demo_file), str(report))[0] == 0
    text = pdf_text(report)
    log = text.split("Changes after scoring began")[-1].split("Every decision")[0]
    assert "1 change to a weight, a threshold, the price formula or a price after the first score" in log
    assert f"Clarification 4 corrected the {what}" in log


def test_before_any_score_no_reason_is_asked(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.svi"
    assert cli("new", str(fresh), "--title", "Fresh tender")[0] == 0
    with TenderFile.open(fresh, actor="t") as tf:
        ev = load_evaluation(tf)
        c = next(c for c in ev.framework.criteria if c.kind.value == "scored")
        edits.apply(tf, edits.SetCriterionField(criterion_id=c.id, field="weight", value="2"))
        assert load_evaluation(tf).framework.criteria[ev.framework.criteria.index(c)].weight == 2
    report = tmp_path / "r.pdf"
    assert cli("export", "pdf", str(fresh), str(report))[0] == 0
    assert "No weight, threshold, price formula or price was changed after the first score." in pdf_text(report)


def test_import_json_keeps_the_documents_history_as_text_in_the_first_audit_row(demo_file: Path,
                                                                               tmp_path: Path) -> None:
    """Issue 32, point 5: the record a document carries is not collapsed to one row without a word: its history
    (who changed what, when, and why) is kept, as text, in the new tender's first audit row."""
    why = "Clarification 4 corrected the published price."
    with TenderFile.open(demo_file, actor="Tom Reid") as tf:
        edits.apply(tf, replace_reason(_edits(tf)["price"], why))
        actions = [r.action for r in tf.audit_rows()]
    doc = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(doc))[0] == 0
    data = json.loads(doc.read_text())
    assert [h["action"] for h in data["history"]] == actions
    imported = tmp_path / "i.svi"
    assert cli("import-json", str(doc), str(imported))[0] == 0
    with TenderFile.open(imported, actor="t", read_only=True) as tf:
        first = tf.audit_rows()[0]
    kept = json.loads(first.new)["history_in_document"]
    assert len(kept) == len(actions) and kept[-1].endswith(f"Tom Reid: {actions[-1]}") and why in kept[-1]
    # A history that is not one the program writes is refused in one sentence, and nothing is made.
    for bad in ([{"seq": 1, "at": "2026-01-01", "actor": "x", "action": ["not text"]}],
                [{"seq": 1, "at": "2026-01-01", "actor": "x", "action": "y", "hash": "forged"}], "a story"):
        data["history"] = bad
        doc.write_text(json.dumps(data))
        code, _out, err = cli("import-json", str(doc), str(tmp_path / "bad.svi"))
        assert code == 2 and err.count("\n") == 1 and "history" in err, err
        assert not (tmp_path / "bad.svi").exists()


def replace_reason(edit: edits.Edit, reason: str) -> edits.Edit:
    from dataclasses import replace

    return replace(edit, reason=reason)  # type: ignore[call-arg]
