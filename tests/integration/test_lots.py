"""Lots: each lot ranked as a tender of its own, and a limit on lots per supplier applied with the tie-break the
tender recorded, explained in words; per lot in `svi results --json`."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from svi_desktop.domain.contract import TieBreak
from svi_desktop.domain.lots import allocate, lot_evaluation
from svi_desktop.domain.scoring import compute_results
from svi_desktop.errors import KnownError
from svi_desktop.store.operations import contract
from svi_desktop.store.operations.bids import set_bid_field
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import tenders


def svi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svi_desktop.cli", *args], capture_output=True, text=True, timeout=300)


def _two_lots(path: Path, *, rule: TieBreak, lots_of: dict[str, str] | None = None) -> dict[str, str]:
    """The demo in two lots, every bid for both unless `lots_of` (supplier -> lots) says otherwise; one lot each."""
    with TenderFile.open(path, actor="lead") as tf:
        contract.add_lot(tf, code="1", title="North", value="3000000")
        contract.add_lot(tf, code="2", title="South", value="2000000")
        ids = {}
        for bid_id, supplier in tf.query("SELECT id, supplier FROM bids"):
            ids[supplier.split()[0]] = bid_id
            set_bid_field(tf, bid_id=bid_id, field="lot", value=(lots_of or {}).get(supplier.split()[0], "1, 2"))
        contract.set_lot_limit(tf, limit=1)
        contract.set_tie_break(tf, rule=rule)
    return ids


def test_one_supplier_first_in_both_lots_keeps_one_by_the_recorded_rule(demo_file: Path) -> None:
    _two_lots(demo_file, rule=TieBreak.ORDER)
    done = svi("results", str(demo_file), "--json", "--draws", "50")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)["lots"]
    assert doc["limit_per_supplier"] == 1 and doc["tie_break"] == "order"
    one, two = doc["lots"]
    # Moorside ranks first in both lots (the demo's ranking: Moorside, Valley, Northgate; Brightpath fails gates).
    assert [r["supplier"] for r in one["ranked"]] == [r["supplier"] for r in two["ranked"]]
    assert one["ranked_first"] == two["ranked_first"] == "Moorside Community Health CIC"
    assert one["awarded_to"] == "Moorside Community Health CIC"
    assert two["awarded_to"] == "Valley Wellbeing Partnership" == two["ranked"][1]["supplier"]
    assert "passed over under the limit of 1 lot per supplier" in two["explanation"]
    assert "ranked second, is awarded the lot" in two["explanation"]
    assert doc["steps"] == [
        "Moorside Community Health CIC ranked first in 2 lots, Lot 1 (North) and Lot 2 (South), but may be awarded "
        "at most 1. By the tender's rule, the lots in the order the tender lists them, it keeps Lot 1 (listed first "
        "of 2) and is passed over in Lot 2 (listed second of 2)."]
    # Each lot carries its own robustness, as the tender's results do.
    assert "robustness" in one and "robustness" in two


def test_the_margin_rule_keeps_the_lot_with_the_greater_lead(demo_file: Path) -> None:
    # Valley bids for lot 1 only: in lot 2 Moorside's lead is over Northgate, which is greater.
    _two_lots(demo_file, rule=TieBreak.MARGIN, lots_of={"Valley": "1"})
    with tenders.open_tender(demo_file, read_only=True) as tf:
        ev = tenders.evaluation(tf)
    totals = {code: {r.bid.supplier.split()[0]: r.total for r in compute_results(lot_evaluation(ev, code)).ranked}
              for code in ("1", "2")}
    lead_1 = totals["1"]["Moorside"] - totals["1"]["Valley"]
    lead_2 = totals["2"]["Moorside"] - totals["2"]["Northgate"]
    assert lead_2 > lead_1  # worked out independently of the allocation
    allocation = allocate(ev)
    winners = {a.lot.code: a.winner for a in allocation.lots}
    names = {b.id: b.supplier.split()[0] for b in ev.bids}
    assert names[winners["2"] or ""] == "Moorside" and names[winners["1"] or ""] == "Valley"
    assert "the lots where its lead over the next bidder is greatest" in allocation.steps[0]
    assert "it keeps Lot 2 (a lead of " in allocation.steps[0]


def test_no_limit_awards_every_lot_to_its_first(demo_file: Path) -> None:
    _two_lots(demo_file, rule=TieBreak.ORDER)
    with TenderFile.open(demo_file, actor="lead") as tf:
        contract.set_lot_limit(tf, limit=0)
    with tenders.open_tender(demo_file, read_only=True) as tf:
        allocation = allocate(tenders.evaluation(tf))
    assert allocation.steps == () and {a.winner for a in allocation.lots} == {allocation.lots[0].first}


def test_a_criterion_set_for_one_lot_counts_only_there(demo_file: Path) -> None:
    _two_lots(demo_file, rule=TieBreak.ORDER)
    with TenderFile.open(demo_file, actor="lead") as tf:
        q3 = tf.query("SELECT id FROM criteria WHERE code = 'Q3'")[0][0]
        contract.set_criterion_lots(tf, criterion_id=q3, codes=("2",))
    done = svi("results", str(demo_file), "--json", "--draws", "0")
    one, two = json.loads(done.stdout)["lots"]["lots"]
    assert "Q3" not in one["criteria"] and "Q3" in two["criteria"]


def test_lots_are_checked_and_refused_in_one_sentence(demo_file: Path) -> None:
    _two_lots(demo_file, rule=TieBreak.ORDER)
    with TenderFile.open(demo_file, actor="lead") as tf:
        bid = tf.query("SELECT id FROM bids LIMIT 1")[0][0]
        before = tf.query("SELECT COUNT(*) FROM audit")[0][0]
        for attempt, message in (
            (lambda: set_bid_field(tf, bid_id=bid, field="lot", value="1, 7"), "The tender has no lot '7'"),
            (lambda: contract.add_lot(tf, code="1"), "already has a lot '1'"),
            (lambda: contract.add_lot(tf, code="3,4"), "cannot hold a comma"),
            (lambda: contract.add_lot(tf, code="9", value="-5"), "must be a number of 0 or more"),
            (lambda: contract.set_lot_limit(tf, limit=-1), "whole number"),
            (lambda: contract.set_tie_break(tf, rule="coin toss"), "is not a tie-break rule the program knows"),
            (lambda: contract.remove_lot(tf, lot_id=tf.query("SELECT id FROM lots WHERE code = '2'")[0][0]),
             "bids for lot 2"),
            (lambda: contract.add_lot(tf, code="x" * 41), "at most 40 characters"),
            (lambda: set_bid_field(tf, bid_id=bid, field="lot", value="1, " + "z" * 10_000_000), "no lot 'zzz"),
            (lambda: contract.set_criterion_lots(tf, criterion_id=tf.query("SELECT id FROM criteria LIMIT 1")[0][0],
                                                 codes=("y" * 10_000_000,)), "no lot 'yyy"),
        ):
            with pytest.raises(KnownError, match=message) as refused:
                attempt()
            assert len(refused.value.message) < 300  # one sentence, never the attacker's ten megabytes
        assert tf.query("SELECT COUNT(*) FROM audit")[0][0] == before  # nothing written
        assert tf.check() == []


def test_lots_travel_through_json_export_and_import(demo_file: Path, tmp_path: Path) -> None:
    _two_lots(demo_file, rule=TieBreak.MARGIN)
    with TenderFile.open(demo_file, actor="lead") as tf:
        q3 = tf.query("SELECT id FROM criteria WHERE code = 'Q3'")[0][0]
        contract.set_criterion_lots(tf, criterion_id=q3, codes=("2",))
        tenders.write_json(tf, tmp_path / "t.json")
    copy = tenders.import_json(tmp_path / "t.json", tmp_path / "copy.svi")
    with tenders.open_tender(copy, read_only=True) as tf:
        ev = tenders.evaluation(tf)
    assert [(lot.code, lot.title, lot.value) for lot in ev.lots] == [("1", "North", Decimal(3000000)),
                                                                     ("2", "South", Decimal(2000000))]
    assert [x.lot_code for x in ev.lot_criteria] == ["2"]
    assert ev.settings["lots.limit_per_supplier"] == "1"


def test_the_report_explains_the_award_of_each_lot(demo_file: Path, tmp_path: Path) -> None:
    import shutil

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _two_lots(demo_file, rule=TieBreak.ORDER)
    done = svi("export", "pdf", str(demo_file), str(tmp_path / "report.pdf"))
    assert done.returncode == 0, done.stderr
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True,
                                   text=True).stdout.split())
    assert ("Each supplier may be awarded at most 1 lot; one ranked first in more keeps the lots in the order the "
            "tender lists them, the rule the tender recorded.") in text
    assert ("Lot 2 (South): Moorside Community Health CIC ranked first but was passed over under the limit of 1 lot "
            "per supplier; Valley Wellbeing Partnership, ranked second, is awarded the lot.") in text


def test_the_workbook_records_each_lot_and_each_commitment(demo_file: Path, tmp_path: Path) -> None:
    import openpyxl

    _two_lots(demo_file, rule=TieBreak.ORDER)
    done = svi("export", "xlsx", str(demo_file), str(tmp_path / "w.xlsx"))
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(tmp_path / "w.xlsx")
    lots = list(wb["Lots"].iter_rows(values_only=True))
    assert lots[0] == ("Lot", "Title", "Estimated value", "Ranked first", "Awarded to", "Why")
    assert lots[2][:5] == ("2", "South", 2000000, "Moorside Community Health CIC", "Valley Wellbeing Partnership")
    assert "passed over under the limit of 1 lot per supplier" in lots[2][5]
    assert any(r[0] and "By the tender's rule" in r[0] for r in lots[3:])
    commitments = list(wb["Commitments"].iter_rows(values_only=True))
    assert len(commitments) == 1 + 4  # the demo's: Moorside's three and Valley's one
    assert commitments[1][:5] == ("Moorside Community Health CIC", "Apprenticeships for borough residents", 12,
                                  "apprenticeships", "2028-03-31")
    assert commitments[1][7] == "LT2" and commitments[1][8] == "ppn002-2"


def test_equal_leads_are_settled_by_list_order_and_said_so(demo_file: Path) -> None:
    # Every bid for both lots: Moorside's lead over Valley is the same in each lot.
    _two_lots(demo_file, rule=TieBreak.MARGIN)
    with tenders.open_tender(demo_file, read_only=True) as tf:
        allocation = allocate(tenders.evaluation(tf))
    (step,) = allocation.steps
    assert "it keeps Lot 1 (a lead of 11.06 points) and is passed over in Lot 2 (a lead of 11.06 points)." in step
    assert step.endswith("Where they are equal, the lot listed first is kept.")
    assert "Where they are equal" not in allocate(replace(tenders_evaluation(demo_file), settings={
        **tenders_evaluation(demo_file).settings, "lots.tie_break": "order"})).steps[0]


def tenders_evaluation(path: Path):  # type: ignore[no-untyped-def]
    with tenders.open_tender(path, read_only=True) as tf:
        return tenders.evaluation(tf)


def test_each_lot_is_priced_and_scored_at_the_bids_own_price_for_it(demo_file: Path, tmp_path: Path) -> None:
    """A bid's price per lot (issue 30 point 4's field; issue 31 point 1): each lot's price score uses that lot's
    prices, so each lot's winner can differ from the ranking at the single prices."""
    with TenderFile.open(demo_file, actor="lead") as tf:
        for code in ("1", "2", "3"):
            contract.add_lot(tf, code=code, title=f"Area {code}")
        ids = {s.split()[0]: i for i, s in tf.query("SELECT id, supplier FROM bids")}
        for bid_id in ids.values():
            set_bid_field(tf, bid_id=bid_id, field="lot", value="1, 2, 3")
        with pytest.raises(KnownError, match="does not bid for lot 4"):  # only its own lots
            set_bid_field(tf, bid_id=ids["Valley"], field="prices", value="4: 100000", reason="Test: changed after scoring.")
        set_bid_field(tf, bid_id=ids["Valley"], field="prices", value="2: 200,000", reason="Test: changed after scoring.")
        set_bid_field(tf, bid_id=ids["Northgate"], field="prices", value=[{"lot": "3", "price": "150000"}],
                      reason="Test: changed after scoring.")
        with pytest.raises(KnownError, match="Northgate .* does not bid for lot 3"):  # a lot taken away: refused
            set_bid_field(tf, bid_id=ids["Northgate"], field="lot", value="1, 2")
    with tenders.open_tender(demo_file, read_only=True) as tf:
        ev = tenders.evaluation(tf)
    single = compute_results(ev).ranked[0].bid.supplier
    assert single.startswith("Moorside")
    first = {code: compute_results(lot_evaluation(ev, code)).ranked[0].bid.supplier.split()[0] for code in "123"}
    assert first == {"1": "Moorside", "2": "Valley", "3": "Northgate"}
    prices = {code: {b.supplier.split()[0]: b.price for b in lot_evaluation(ev, code).bids} for code in "123"}
    assert prices["2"]["Valley"] == Decimal("200000") and prices["3"]["Northgate"] == Decimal("150000")
    assert prices["1"]["Valley"] == next(b.price for b in ev.bids if b.id == ids["Valley"])  # its price elsewhere
    # The same through svi: each lot's own winner.
    done = svi("results", str(demo_file), "--json", "--draws", "20")
    assert done.returncode == 0, done.stderr
    lots = {lot["code"]: lot for lot in json.loads(done.stdout)["lots"]["lots"]}
    assert [lots[c]["ranked_first"].split()[0] for c in "123"] == ["Moorside", "Valley", "Northgate"]
    # The JSON document carries them lot by lot and a new file made from it scores the same.
    out = tmp_path / "t.json"
    assert svi("export-json", str(demo_file), str(out)).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    valley = next(b for b in doc["bids"] if b["supplier"].startswith("Valley"))
    assert valley["prices"] == [{"lot": "2", "price": "200000"}]
    valley["prices"] = [{"lot": "9", "price": "1"}]
    out.write_text(json.dumps(doc), encoding="utf-8")
    refused = svi("import-json", str(out), str(tmp_path / "copy.svi"))
    assert refused.returncode != 0 and "does not bid for lot 9" in refused.stderr
    assert not (tmp_path / "copy.svi").exists()
