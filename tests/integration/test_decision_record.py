"""The decision record (s.98): each change in words, with names and values, never ids; in the report's appendix
and the CSV export."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from svi_desktop.domain.decisions import decision_record
from svi_desktop.domain.model import BidStatus
from svi_desktop.store.operations import bids as bid_ops
from svi_desktop.store.operations import scores as score_ops
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.award import complete_award_record
from tests.helpers.hostile import cli
from tests.helpers.pdf import pdf_text

HEX_ID = re.compile(r"\b[0-9a-f]{32}\b")


def _decisions(path: Path):
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return decision_record(tf.audit_rows(), load_evaluation(tf))


def test_each_decision_reads_in_words_with_names_and_values(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="Dana Lead") as tf:
        ev = load_evaluation(tf)
        valley = next(b for b in ev.bids if b.supplier.startswith("Valley"))
        crit = next(c for c in ev.framework.criteria if c.code == "LT3")
        score_ops.set_consensus(tf, bid_id=valley.id, criterion_id=crit.id, value=3,
                                note="Agreed 3: two named local employers.", feedback="Named employers.")
        score_ops.set_consensus(tf, bid_id=valley.id, criterion_id=crit.id, value=2,
                                note="Lowered to 2: the employers' letters were not attached.", feedback="x")
        bid_ops.set_bid_field(tf, bid_id=valley.id, field="price", value="1100000", reason="Test: changed after scoring.")
        bid_ops.set_status(tf, bid_id=valley.id, status=BidStatus.EXCLUDED, reason="Insurance certificate missing")
    decisions = _decisions(demo_file)
    for d in decisions:
        assert not HEX_ID.search(d.sentence()), d.sentence()  # names, never ids
    agreed, changed, price, excluded = decisions[-4:]
    assert agreed.sentence().endswith("Dana Lead: The panel agreed a consensus score for Valley Wellbeing "
                                      "Partnership on LT3 Local jobs for local residents: 3. Why: Agreed 3: two "
                                      "named local employers.")
    assert (changed.before, changed.after, changed.why) == ("3", "2", "Lowered to 2: the employers' letters were "
                                                                      "not attached.")
    assert (price.what, price.before, price.after) == ("Change price of Valley Wellbeing Partnership", "1050000",
                                                       "1100000")
    assert excluded.what.startswith("Mark Valley Wellbeing Partnership excluded")
    assert excluded.why == "Insurance certificate missing"


def test_the_report_appendix_and_the_csv_carry_the_decisions(demo_file: Path, tmp_path: Path) -> None:
    complete_award_record(demo_file)
    assert cli("award", "sign-off", str(demo_file), "--name", "Priya Shah", "--role", "Director")[0] == 0
    assert cli("award", "unfreeze", str(demo_file), "--reason", "A price was keyed wrongly", "--name", "Tom Reid",
               "--role", "Head of Procurement")[0] == 0
    report = tmp_path / "r.pdf"
    assert cli("export", "pdf", str(demo_file), str(report))[0] == 0
    text = pdf_text(report)
    appendix = text[text.index("Appendix: the decision record"):]
    assert "Unfroze the signed-off award; its sign-offs were withdrawn" in appendix
    assert "A price was keyed wrongly" in appendix
    assert "Signed off the award; the award is frozen" in appendix and "Priya Shah, Director" in appendix
    assert "The panel agreed a consensus score for Valley Wellbeing Partnership on LT3" in appendix
    from svi_desktop.exports.audit_csv import write_audit_csv

    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        rows = tf.audit_rows()
        target = write_audit_csv(rows, tmp_path / "trail.csv", decision_record(rows, load_evaluation(tf)))
    with open(target, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == len(rows)
    last = table[-1]
    assert (last["What"], last["Why"]) == ("Unfroze the signed-off award; its sign-offs were withdrawn",
                                           "A price was keyed wrongly")
    assert last["Action as recorded"] == "unfreeze the award: A price was keyed wrongly"
