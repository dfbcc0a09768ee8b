"""A winner's social value commitments carried past the award: commitments in the bid, the contract's KPIs made
from them at award, two periods rated on the s.71 scale, and the contract performance notice (PDF read back with
pdftotext, and CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from svi_desktop.domain import clock
from svi_desktop.domain.contract import Commitment, KpiSource, Rating
from svi_desktop.errors import KnownError
from svi_desktop.store.operations import contract
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import contract as flow
from svi_desktop.workflows import tenders

APPRENTICES = "Apprenticeships for borough residents"
# The award is signed off today and the contract starts on the day of the award (issue 32: no contract, KPI or rating
# before the award); the ratings are made a year on, as the tests let time pass (svi_desktop/domain/clock.py).
S0 = dt.date.today().isoformat()


def day(n: int) -> str:
    return (dt.date.fromisoformat(S0) + dt.timedelta(days=n)).isoformat()


E1, S2, E2 = day(181), day(182), day(359)


def year_after(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return (d.replace(year=d.year + 1, day=28) if (d.month, d.day) == (2, 29) else d.replace(year=d.year + 1)).isoformat()


@pytest.fixture(autouse=True)
def a_year_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ratings of these tests are made about a year into the contract."""
    monkeypatch.setattr(clock, "today", lambda: dt.date.fromisoformat(day(400)))


def _award(path: Path, lots: bool = False, commit: bool = True) -> None:
    """The commitments in the bids, then the award record completed and signed off today."""
    from svi_desktop.store.operations.award import sign_off
    from tests.helpers.award import SIGNED, complete_award_record

    if commit:
        with TenderFile.open(path, actor="Dana Lead") as tf:
            _commit(tf)
    complete_award_record(path)
    if lots:  # lot 1 to Moorside, lot 2 to Valley (the one supplier a lot), lot 3 to Northgate
        from tests.helpers.lots import complete_lots_record, three_limited_lots

        three_limited_lots(path)
        complete_lots_record(path)
    with TenderFile.open(path, actor="lead") as tf:
        sign_off(tf, name="Priya Shah", role="Director of Public Health", signed_on=SIGNED)


def svi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svi_desktop.cli", *args], capture_output=True, text=True, timeout=300)


def _bids(tf: TenderFile) -> dict[str, str]:
    return {supplier.split()[0]: bid_id for bid_id, supplier in tf.query("SELECT id, supplier FROM bids")}


def _commit(tf: TenderFile) -> None:
    """The commitments of these tests in place of the demo's own."""
    for (cid,) in tf.query("SELECT id FROM commitments"):
        contract.remove_commitment(tf, commitment_id=cid)
    bids = _bids(tf)
    theme = tf.query("SELECT id FROM criteria WHERE code = 'LT1'")[0][0]
    for measure, quantity, unit, due, metric in (
            (APPRENTICES, "12", "apprenticeships", "2028-03-31", "Number of apprenticeship starts"),
            ("Volunteering by staff in the borough", "500", "hours", "2027-11-30", "Hours volunteered"),
            ("Spend with local VCFSE organisations", "200000", "£", "2028-11-30", "£ spent")):
        contract.add_commitment(tf, commitment=Commitment(
            "", bids["Moorside"], measure, Decimal(quantity), unit, due, "Quarterly returns with named starters.",
            theme=theme, outcome="ppn002-2", metric=metric))
    contract.add_commitment(tf, commitment=Commitment("", bids["Valley"], "Community events", Decimal(4), "events",
                                                      "2027-06-30"))


def test_a_kpi_cycle_from_commitments_to_the_performance_notice(demo_file: Path, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _award(demo_file)
    with TenderFile.open(demo_file, actor="Dana Lead") as tf:
        made = flow.make_contract_kpis(tf, start=S0).result
        # The winner's (Moorside's) three commitments, not Valley's, in the order they were made.
        assert [k.measure for k in made] == [APPRENTICES, "Volunteering by staff in the borough",
                                             "Spend with local VCFSE organisations"]
        assert {k.source for k in made} == {KpiSource.COMMITMENT} and made[0].target == 12
        assert made[0].metric == "Number of apprenticeship starts" and made[0].start == S0
        contract.add_authority_kpi(tf, lot_code="", bid_id=made[0].bid_id, measure="Referrals seen within 10 days",
                                   target="95", unit="%", due=day(364), start=S0)
        first = contract.record_period(tf, kpi_id=made[0].id, period_start=S0, period_end=E1,
                                       actual="4", evidence="Six-monthly return: 4 starters named, payroll checked.",
                                       rating=Rating.APPROACHING, note="Two starts slipped to the summer intake.")
        second = contract.record_period(tf, kpi_id=made[0].id, period_start=S2, period_end=E2,
                                        actual="9", evidence="Return of 25 November: 9 starters named.",
                                        rating=Rating.GOOD)
        assert (first.result.rating, second.result.rating) == (Rating.APPROACHING, Rating.GOOD)
        assert tf.check() == []
    listing = svi("contract", "kpis", str(demo_file))
    assert listing.returncode == 0, listing.stderr
    assert f"1. {APPRENTICES}: promised 12 apprenticeships by 2028-03-31; delivered 9 apprenticeships; Good; next " \
           f"rating due by {year_after(E2)}" in listing.stdout
    assert f"promised 95% by {day(364)}" in listing.stdout
    assert "4. Referrals seen within 10 days" in listing.stdout and "not yet rated" in listing.stdout
    done = svi("contract", "notice", str(demo_file), str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    pdf, table = sorted((tmp_path / "out").iterdir(), key=lambda p: p.suffix, reverse=True)
    assert pdf.suffix == ".pdf" and table.suffix == ".csv"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for expected in ("Contract performance notice", "DRAFT: not for publication", "Moorside Community Health CIC",
                     APPRENTICES, "Approaching target", "Good", "Two starts slipped to the summer intake.",
                     "Evidence: Six-monthly return: 4 starters named, payroll checked.", f"{S0} to {E1}",
                     f"{S2} to {E2}", "Delivered against promised", "9 apprenticeships (75%)", "£200,000", "not yet rated",
                     "Referrals seen within 10 days (the authority's KPI)", "s.71"):
        assert expected in flat, expected
    with open(table, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    apprentices = [r for r in rows if r["kpi"] == APPRENTICES]
    assert [(r["period_end"], r["delivered"], r["share_of_target"], r["rating"]) for r in apprentices] == [
        (E1, "4", "0.333", "Approaching target"), (E2, "9", "0.750", "Good")]
    assert {r["kpi"] for r in rows if r["rating"] == "not yet rated"} == {
        "Volunteering by staff in the borough", "Spend with local VCFSE organisations", "Referrals seen within 10 days"}


def test_ratings_are_checked_and_refused_in_one_sentence(demo_file: Path) -> None:
    _award(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        kpi = flow.make_contract_kpis(tf, start=S0).result[0]
        contract.record_period(tf, kpi_id=kpi.id, period_start=S0, period_end=E1, actual="4",
                               evidence="Return.", rating="good")
        before = tf.query("SELECT COUNT(*) FROM audit")[0][0]
        base = {"kpi_id": kpi.id, "period_start": S2, "period_end": day(335), "actual": "5",
                "evidence": "Return.", "rating": "good"}
        for change, message in (
                ({"period_end": "2099-01-01"}, "its end cannot be in the future"),
                ({"period_start": day(150)}, "the next starts after it"),
                ({"period_start": day(365), "period_end": day(335)}, "cannot end before it starts"),
                ({"rating": "excellent"}, "not a rating of a contract performance notice"),
                ({"rating": "inadequate"}, "Give the reason for the rating"),
                ({"actual": "-3"}, "0 or more"),
                ({"actual": "lots"}, "must be a number"),
                ({"evidence": " "}, "Give the evidence"),
                ({"evidence": "x" * 10_000_000}, "at most 20,000 characters"),
                ({"period_end": "31/11/2026"}, "must be a date")):
            with pytest.raises(KnownError, match=message):
                contract.record_period(tf, **{**base, **change})
        with pytest.raises(KnownError, match="made from the winner's commitments already"):
            flow.make_contract_kpis(tf)
        with pytest.raises(KnownError, match="rated stays on record"):
            contract.remove_kpis(tf, kpi_ids=(kpi.id,))
        with pytest.raises(KnownError, match="a KPI of the contract now"):
            contract.remove_commitment(tf, commitment_id=kpi.commitment_id)
        assert tf.query("SELECT COUNT(*) FROM audit")[0][0] == before


def test_a_rating_edited_with_sqlite3_is_found(demo_file: Path) -> None:
    _award(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        kpi = flow.make_contract_kpis(tf, start=S0).result[0]
        contract.record_period(tf, kpi_id=kpi.id, period_start=S0, period_end=E1, actual="1",
                               evidence="Return.", rating="inadequate", note="One start in six months.")
    with sqlite3.connect(demo_file) as con:
        con.execute("UPDATE kpi_periods SET rating = 'good', note = ''")
    con.close()
    with TenderFile.open(demo_file, actor="lead", read_only=True) as tf:
        assert any("kpi_periods row" in p and "changed outside the program" in p for p in tf.check())


def test_making_kpis_can_be_undone_until_one_is_rated(demo_file: Path) -> None:
    _award(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        made = flow.make_contract_kpis(tf, start=S0)
        assert made.inverse is not None
        made.inverse(tf)
        assert tf.query("SELECT COUNT(*) FROM kpis")[0][0] == 0
        assert tf.check() == []


def test_commitments_travel_through_json(demo_file: Path, tmp_path: Path) -> None:
    _award(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        kpi = flow.make_contract_kpis(tf, start=S0).result[0]
        contract.record_period(tf, kpi_id=kpi.id, period_start=S0, period_end=E1, actual="4",
                               evidence="Return.", rating="good")
        tenders.write_json(tf, tmp_path / "t.json")
    copy = tenders.import_json(tmp_path / "t.json", tmp_path / "copy.svi")
    with tenders.open_tender(copy, read_only=True) as tf:
        ev = tenders.evaluation(tf)
    assert len(ev.commitments) == 4 and len(ev.kpis) == 3 and len(ev.kpi_periods) == 1
    assert ev.kpi_periods[0].actual == 4 and ev.kpis[0].start == S0
    assert next(c.theme for c in ev.commitments if c.measure == APPRENTICES) == next(
        c.id for c in ev.framework.criteria if c.code == "LT1")


def test_a_document_naming_what_is_not_there_is_refused(demo_file: Path, tmp_path: Path) -> None:
    import json

    with TenderFile.open(demo_file, actor="lead") as tf:  # before the award: the commitments freeze with it
        _commit(tf)
        first = next(c for c in tenders.evaluation(tf).commitments if c.measure == APPRENTICES)
        contract.update_commitment(tf, commitment=replace(first, evidence="e" * 15_000))
    _award(demo_file, commit=False)
    with TenderFile.open(demo_file, actor="lead") as tf:
        kpi = flow.make_contract_kpis(tf, start=S0).result[0]
        tenders.write_json(tf, tmp_path / "t.json")
    with tenders.open_tender(tenders.import_json(tmp_path / "t.json", tmp_path / "whole.svi"), read_only=True) as tf:
        kept = next(c for c in tenders.evaluation(tf).commitments if c.id == kpi.commitment_id)
    assert kept.evidence == "e" * 15_000  # what the store accepts, the document carries back
    doc = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    for change, message in ((lambda d: d["kpis"][0].update(lot="9"), "unknown lot '9'"),
                            (lambda d: d["commitments"][0].update(theme="q" * 100), "unknown criterion 'qqq"),
                            (lambda d: d["kpi_periods"].append({"id": "p2", "kpi": "nobody", "period_start": S0,
                                                                "period_end": E1, "actual": "1",
                                                                "evidence": "x", "rating": "good"}),
                             "unknown KPI 'nobody'")):
        bad = json.loads(json.dumps(doc))
        change(bad)
        (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(KnownError, match=message):
            tenders.import_json(tmp_path / "bad.json", tmp_path / f"bad{len(message)}.svi")
        assert not (tmp_path / f"bad{len(message)}.svi").exists()


def test_a_documents_ratings_keep_the_order_rating_keeps(demo_file: Path, tmp_path: Path) -> None:
    """A document's KPI periods pass the rules of rating one (contract.record_period): a period that ends before
    it starts, starts before the contract, ends in the future, overlaps the last, or is below Good (or falls)
    with no reason, is refused in one sentence and nothing is made."""
    import json

    _award(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        kpi = flow.make_contract_kpis(tf, start=S0).result[0]
        contract.record_period(tf, kpi_id=kpi.id, period_start=S0, period_end=E1, actual="4",
                               evidence="Return.", rating="good")
        contract.record_period(tf, kpi_id=kpi.id, period_start=S2, period_end=E2, actual="6",
                               evidence="Return.", rating="good")
        tenders.write_json(tf, tmp_path / "t.json")
    doc = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert len(doc["kpi_periods"]) == 2
    for change, message in (
            (lambda p: p[1].update(period_end=day(100)), "cannot end before it starts"),
            (lambda p: p[0].update(period_start=day(-30)), "cannot start before the contract's KPIs run"),
            (lambda p: p[1].update(period_end=day(900)), "its end cannot be in the future"),
            (lambda p: p[1].update(period_start=day(100)), "cannot overlap"),
            (lambda p: p[1].update(rating="inadequate", note=""), "needs the reason"),
            (lambda p: p[1].update(actual="2", note=""), "needs the reason"),
            (lambda p: p[0].update(evidence="  "), "must not be empty")):
        bad = json.loads(json.dumps(doc))
        change(bad["kpi_periods"])
        (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(KnownError, match=message):
            tenders.import_json(tmp_path / "bad.json", tmp_path / "bad.svi")
        assert not list(tmp_path.glob("*bad.svi*"))
    with tenders.open_tender(tenders.import_json(tmp_path / "t.json", tmp_path / "whole.svi"), read_only=True) as tf:
        assert [p.actual for p in tenders.evaluation(tf).kpi_periods] == [Decimal(4), Decimal(6)]


def test_the_s52_check_takes_the_winners_price_without_lots(demo_file: Path) -> None:
    from svi_desktop.domain.kpis import kpi_shortfall
    from svi_desktop.store.operations.bids import set_bid_field

    _award(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        kpis = flow.make_contract_kpis(tf, start=S0).result
        contract.remove_kpis(tf, kpi_ids=(kpis[2].id,))  # two KPIs left
        assert kpi_shortfall(tenders.evaluation(tf)) is None  # Moorside's price: £1,180,000
        from svi_desktop.store.operations.award import unfreeze

        unfreeze(tf, reason="The price was misread at award.", name="Priya Shah", role="Director of Public Health")
        set_bid_field(tf, bid_id=kpis[0].bid_id, field="price", value="6000000", reason="Test: changed after scoring.")
        assert kpi_shortfall(tenders.evaluation(tf)) == (
            "The contract is worth more than £5 million, so it needs at least 3 KPIs (Procurement Act 2023, s.52) "
            "unless an exception applies; it has 2.")


def test_the_decision_record_says_each_step_in_words(demo_file: Path) -> None:
    from svi_desktop.domain.decisions import decision_record
    from svi_desktop.store.repository import load_evaluation

    _award(demo_file)
    with TenderFile.open(demo_file, actor="Dana Lead") as tf:
        kpi = flow.make_contract_kpis(tf, start=S0).result[0]
        contract.record_period(tf, kpi_id=kpi.id, period_start=S0, period_end=E1, actual="4",
                               evidence="Six-monthly return.", rating="requires improvement",
                               note="Two starts slipped to the summer intake.")
        words = decision_record(tf.audit_rows(), load_evaluation(tf))
    made, rated = words[-2], words[-1]
    assert made.what.startswith("Make Moorside Community Health CIC's 3 commitments the KPIs of the contract")
    assert made.after.startswith(f"{APPRENTICES}: 12 apprenticeships by 2028-03-31; ")
    assert rated.after == (f"requires improvement for {S0} to {E1}, 4 delivered; evidence: Six-monthly "
                           "return.")
    assert rated.why == "Two starts slipped to the summer intake."
    assert rated.who == "Dana Lead"


def test_kpis_are_recorded_after_the_award_is_frozen_and_never_in_a_pack(demo_file: Path, tmp_path: Path) -> None:
    from svi_desktop.store.operations.award import sign_off
    from tests.helpers.award import SIGNED, complete_award_record
    from tests.helpers.packs import issue

    packs = issue(demo_file, tmp_path / "packs")
    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        sign_off(tf, name="Priya Shah", role="Director", signed_on=SIGNED)
        with pytest.raises(KnownError, match="signed off"):  # the bids' commitments are frozen with the award
            contract.add_commitment(tf, commitment=Commitment("", _bids(tf)["Moorside"], "More", Decimal(1), "x",
                                                              "2028-01-01"))
        kpi = flow.make_contract_kpis(tf, start=S0).result[0]  # the contract comes after the award
        contract.record_period(tf, kpi_id=kpi.id, period_start=S0, period_end=E1, actual="4",
                               evidence="Return.", rating="good")
        assert tf.check() == []
    with TenderFile.open(packs[0].path, actor="evaluator") as tf:
        with pytest.raises(KnownError, match="evaluator pack"):
            contract.add_authority_kpi(tf, lot_code="", bid_id=_bids(tf)["Moorside"], measure="x", target="1",
                                       unit="", due="2027-01-01")
        assert tf.query("SELECT COUNT(*) FROM kpis")[0][0] == 0


def test_each_lots_contract_has_its_own_kpis_and_every_command_names_the_lot(demo_file: Path, tmp_path: Path) -> None:
    """Issue 31, point 6: in a tender in lots the KPIs, ratings and performance notices belong to a lot's contract;
    every `svi contract` command takes --lot, and refuses to guess without it."""
    _award(demo_file, lots=True)
    f = str(demo_file)
    rate = ("--start", S0, "--end", S0, "--delivered", "1", "--evidence", "Return",  # svi rates on the real day
            "--rating", "good", "--by", "Dana Lead")
    for command in (("make-kpis", f, "--start", S0), ("kpis", f), ("rate", f, "1", *rate),
                    ("notice", f, str(tmp_path / "n"))):
        done = svi("contract", *command)
        assert done.returncode == 2 and done.stderr.strip() == \
            "svi: The tender is in lots: say which lot's contract (1, 2, 3).", (command, done.stderr)
        assert svi("contract", *command, "--lot", "9").stderr.strip().startswith("svi: The tender has no lot '9'")
    assert not (tmp_path / "n").exists()
    for lot in ("1", "2"):
        done = svi("contract", "make-kpis", f, "--start", S0, "--lot", lot)
        assert done.returncode == 0, done.stderr
    one, two = (svi("contract", "kpis", f, "--lot", lot).stdout for lot in ("1", "2"))
    assert APPRENTICES in one and "Community events" not in one  # Moorside's commitments, lot 1's contract
    assert "1. Community events: promised 4 events" in two and APPRENTICES not in two  # Valley's, lot 2's
    done = svi("contract", "rate", f, "1", *rate, "--lot", "2")
    assert done.returncode == 0, done.stderr
    assert "delivered 1 events; Good" in svi("contract", "kpis", f, "--lot", "2").stdout
    assert "not yet rated" in svi("contract", "kpis", f, "--lot", "1").stdout.splitlines()[0]
    done = svi("contract", "notice", f, str(tmp_path / "n"), "--lot", "2")
    assert done.returncode == 0, done.stderr
    pdf = next((tmp_path / "n").glob("* lot 2 performance notice.pdf"))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Valley Wellbeing Partnership" in text and "Community events" in text and APPRENTICES not in text


def test_a_rating_names_who_made_it_and_a_fall_in_what_was_delivered_says_why(demo_file: Path, tmp_path: Path) -> None:
    """Issue 32, point 6 (in part): `svi contract rate` names the person (never the computer's account), and a
    fall in the cumulative amount delivered is refused without a reason, from svi and the store alike."""
    _award(demo_file)
    with TenderFile.open(demo_file, actor="root") as tf:
        flow.make_contract_kpis(tf, start=S0)
    f = str(demo_file)
    first = ("--start", S0, "--end", S0, "--delivered", "5", "--evidence", "Return of the first day",
             "--rating", "good")  # svi rates on the real day: the award's, then the next
    done = svi("contract", "rate", f, "1", *first)
    assert done.returncode == 2 and "--by" in done.stderr  # who rates it is not optional
    done = svi("contract", "rate", f, "1", *first, "--by", "Sam Okafor, contract manager")
    assert done.returncode == 0, done.stderr
    fall = ("--start", day(1), "--end", day(1), "--delivered", "3", "--evidence", "Return of the next day",
            "--rating", "good", "--by", "Sam Okafor")
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        before = tf.query("SELECT COUNT(*) FROM kpi_periods")[0][0]
    done = svi("contract", "rate", f, "1", *fall)
    assert done.returncode == 2 and done.stderr.strip() == (
        "svi: Delivered by the end of this period (3) is less than by the end of the last (5), and the amount is "
        "cumulative: say why in the reason.")
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        assert tf.query("SELECT COUNT(*) FROM kpi_periods")[0][0] == before  # nothing recorded
    done = svi("contract", "rate", f, "1", *fall, "--reason", "Two starters counted in May had not started.")
    assert done.returncode == 0, done.stderr
    done = svi("contract", "notice", f, str(tmp_path / "n"))
    assert done.returncode == 0, done.stderr
    pdf = next((tmp_path / "n").glob("*.pdf"))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Rated by Sam Okafor" in text and "Rated by root" not in text


def test_kpis_and_performance_notices_only_for_a_signed_off_award(demo_file: Path, tmp_path: Path) -> None:
    """Issue 32, point 6: no KPI, rating or performance notice for a tender never awarded; the contract does not
    start before the award; the KPIs are the awarded supplier's, whatever door they come through."""
    from svi_desktop.store.operations.award import unfreeze
    from svi_desktop.workflows import edits

    with TenderFile.open(demo_file, actor="lead") as tf:
        _commit(tf)
        before = tf.query("SELECT COUNT(*) FROM audit")[0][0]
        for attempt in (lambda: flow.make_contract_kpis(tf, start=S0),
                        lambda: contract.add_authority_kpi(tf, lot_code="", bid_id=_bids(tf)["Moorside"],
                                                           measure="Referrals", target="95", unit="%", due=day(300))):
            with pytest.raises(KnownError, match=r"^There is no contract before the award is signed off"):
                attempt()
        assert tf.query("SELECT COUNT(*) FROM audit")[0][0] == before
    done = svi("contract", "make-kpis", str(demo_file))
    assert done.returncode == 2 and done.stderr.strip().startswith("svi: There is no contract before the award is "
                                                                   "signed off")
    done = svi("contract", "notice", str(demo_file), str(tmp_path / "n"))
    assert done.returncode == 2 and "this award is not signed off" in done.stderr and not (tmp_path / "n").exists()
    _award(demo_file, commit=False)
    with TenderFile.open(demo_file, actor="lead") as tf:
        yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
        with pytest.raises(KnownError, match=f"cannot start on {yesterday}, before the award was made"):
            flow.make_contract_kpis(tf, start=yesterday)
        with pytest.raises(KnownError, match="Valley Wellbeing Partnership was not awarded the contract"):
            edits.apply(tf, edits.MakeKpis(bid_id=_bids(tf)["Valley"], start=S0))  # the edit's own door
        kpi = flow.make_contract_kpis(tf).result[0]
        assert kpi.start == day(200)  # no start given: the one recorded for the notice (tests/helpers/award.py)
        unfreeze(tf, reason="A price was misread.", name="Priya Shah", role="Director of Public Health")
        with pytest.raises(KnownError, match="There is no contract before the award is signed off"):
            contract.record_period(tf, kpi_id=kpi.id, period_start=S0, period_end=E1, actual="4",
                                   evidence="Return.", rating="good")
