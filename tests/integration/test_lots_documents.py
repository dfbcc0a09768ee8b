"""Lots in every document (issue 31): the assessment summaries, the notices and the completeness check are per lot,
each naming that lot's own winner (under the limit on lots per supplier) and its price; explanations name everyone
passed over. Read back from the files written: PDF text and JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from svi_desktop.domain.award import award_check
from svi_desktop.domain.numbers import money
from svi_desktop.domain.settings import LOT_TIE_BREAK
from svi_desktop.domain.standstill import standstill_last_day
from svi_desktop.exports.ocds import problems
from svi_desktop.exports.summaries import summary_name
from svi_desktop.store.operations import contract
from svi_desktop.store.operations import scores as score_ops
from svi_desktop.store.operations import settings as setting_ops
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.award import complete_award_record, days_ahead
from tests.helpers.hostile import cli
from tests.helpers.lots import (
    LIMITED_WINNERS,
    LOT_PRICES,
    PRICED_WINNERS,
    SINGLE_PRICE_WINNER,
    complete_lots_record,
    three_limited_lots,
    three_priced_lots,
)
from tests.helpers.pdf import pdf_text

NAMES = {"Moorside": "Moorside Community Health CIC", "Valley": "Valley Wellbeing Partnership",
         "Northgate": "Northgate Support Services Ltd", "Brightpath": "Brightpath Care Group plc"}
SINGLE = {"Moorside": "1180000", "Valley": "1050000", "Northgate": "990000", "Brightpath": "940000"}


def _read(path: Path) -> str:
    """A PDF's text with its page footers taken out, so a sentence across a page break reads whole."""
    return re.sub(r" ?PVBC-2026-014 (· DRAFT )?record digest [0-9a-f]{64}( page \d+ of \d+)?", "", pdf_text(path))


def _price(who: str, lot: str) -> str:
    """A bid's price for a lot: its price for that lot where it gave one, else its one price."""
    given = LOT_PRICES[lot]
    return money(int(given[1] if given[0] == who else SINGLE[who]))


def _bids(path: Path) -> dict[str, object]:
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return {b.supplier.split()[0]: b for b in load_evaluation(tf).bids}


def test_summaries_per_lot_name_each_lots_own_winner_and_price(demo_file: Path, tmp_path: Path) -> None:
    three_priced_lots(demo_file)
    assert set(PRICED_WINNERS.values()).isdisjoint({SINGLE_PRICE_WINNER})  # no lot goes the single-price way
    out = tmp_path / "summaries"
    code, printed, err = cli("export", "summaries", str(demo_file), str(out))
    assert code == 0, err
    bids = _bids(demo_file)
    assert sorted(p.name for p in out.iterdir()) == sorted(summary_name(b, lot) for b in bids.values()  # type: ignore[arg-type]
                                                           for lot in "123")
    for lot, winner in PRICED_WINNERS.items():
        for who, bid in bids.items():
            text = _read(out / summary_name(bid, lot))  # type: ignore[arg-type]
            assert text.startswith(f"Assessment summary: {NAMES[who]}, lot {lot}")
            assert f", lot {lot} (Area {lot})" in text  # the tender's title says which lot
            if who == "Brightpath":  # fails a gate in every lot
                assert "did not reach the threshold of every qualification gate" in text
                continue
            assert f"Your price for this lot: {_price(who, lot)}; your price score: " in text
            if who == winner:
                assert "Your tender is the most advantageous tender: it ranked first" in text
            else:
                assert (f"intends to award the lot is that of {NAMES[winner]}, at a price of {_price(winner, lot)}, "
                        "with a total of") in text
                assert NAMES[SINGLE_PRICE_WINNER] not in text or who == SINGLE_PRICE_WINNER
    # One lot alone; a lot the tender does not have is refused, nothing written.
    one = tmp_path / "lot2"
    assert cli("export", "summaries", str(demo_file), str(one), "--lot", "2")[0] == 0
    assert sorted(p.name for p in one.iterdir()) == sorted(summary_name(b, "2") for b in bids.values())  # type: ignore[arg-type]
    code, _out, err = cli("export", "summaries", str(demo_file), str(tmp_path / "lot9"), "--lot", "9")
    assert code == 2 and "The tender has no lot '9'; its lots are 1, 2, 3." in err
    assert not (tmp_path / "lot9").exists()


def test_a_bid_first_on_a_lot_but_passed_over_under_the_limit_is_told_so(demo_file: Path, tmp_path: Path) -> None:
    three_limited_lots(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        contract.set_lots_published(tf, where="in the tender notice, section 5.2")
    out = tmp_path / "summaries"
    assert cli("export", "summaries", str(demo_file), str(out), "--lot", "3")[0] == 0
    bids = _bids(demo_file)
    everyone = (f"{NAMES['Moorside']}, ranked first, and {NAMES['Valley']}, ranked second, were each passed over "
                f"under the limit of 1 lot per supplier; {NAMES['Northgate']}, ranked third, is awarded the lot.")
    for who, place in (("Moorside", 1), ("Valley", 2)):
        text = _read(out / summary_name(bids[who], "3"))  # type: ignore[arg-type]
        assert f"Your bid ranked {place} of 3" in text and "but the lot is not awarded to you" in text
        assert "Why the lot is not awarded to you" in text
        assert "at most 1 lot, as published in the tender notice, section 5.2." in text
        assert f"{NAMES[who]} ranked first in" in text  # how the limit was applied to it, step by step
        assert "By the tender's rule, the lots in the order the tender lists them, it keeps Lot" in text
        assert everyone in text
        assert "Why your tender was not the most advantageous" not in text  # it was not beaten on merit
    text = _read(out / summary_name(bids["Northgate"], "3"))  # type: ignore[arg-type]
    assert "Your bid ranked 3 of 3" in text and "and the lot is awarded to you" in text and everyone in text


def test_explanations_name_everyone_passed_over_in_results_and_report(demo_file: Path, tmp_path: Path) -> None:
    three_limited_lots(demo_file)
    code, printed, err = cli("results", str(demo_file), "--json", "--draws", "20")
    assert code == 0, err
    lots = {x["code"]: x for x in json.loads(printed)["lots"]["lots"]}
    assert {c: x["awarded_to"].split()[0] for c, x in lots.items()} == LIMITED_WINNERS
    assert lots["3"]["passed_over"] == [NAMES["Moorside"], NAMES["Valley"]]
    assert lots["2"]["passed_over"] == [NAMES["Moorside"]] and lots["1"]["passed_over"] == []
    for name in (NAMES["Moorside"], NAMES["Valley"]):
        assert name in lots["3"]["explanation"]
    report = tmp_path / "report.pdf"
    assert cli("export", "pdf", str(demo_file), str(report))[0] == 0
    text = pdf_text(report)
    assert (f"Lot 3 (Area 3): {NAMES['Moorside']}, ranked first, and {NAMES['Valley']}, ranked second, were each "
            "passed over") in text


def _notice(path: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    with TenderFile.open(path, actor="lead") as tf:
        from svi_desktop.workflows import edits

        if not load_evaluation(tf).tender.regime:
            edits.apply(tf, edits.SetTenderField(field="regime", value="act-competitive"))
    return cli("award", "notice", str(path), str(out), *extra)


def test_a_notice_with_an_award_per_lot_and_a_notice_of_one_lot(demo_file: Path, tmp_path: Path) -> None:
    three_priced_lots(demo_file)
    out = tmp_path / "notice"
    code, _printed, err = _notice(demo_file, out, "--published", days_ahead(15))
    assert code == 0, err
    package = json.loads((out / "PVBC-2026-014-award-notice.json").read_text())
    assert problems(package) == []  # valid OCDS, UK profile, lots and all
    doc = package["releases"][0]
    assert [x["id"] for x in doc["tender"]["lots"]] == ["1", "2", "3"]
    assert doc["tender"]["lots"][2] == {"id": "3", "title": "Area 3", "value": {"amount": 3000000, "currency": "GBP"}}
    got = {a["relatedLots"][0]: (a["suppliers"][0]["name"], a["value"]["amount"]) for a in doc["awards"]}
    assert got == {lot: (NAMES[w], int(_price(w, lot).lstrip("£").replace(",", "")))
                   for lot, w in PRICED_WINNERS.items()}
    suppliers = [p["name"] for p in doc["parties"] if "supplier" in p["roles"]]
    assert sorted(suppliers) == sorted({NAMES[w] for w in PRICED_WINNERS.values()})
    text = pdf_text(out / "PVBC-2026-014-award-notice.pdf")
    for lot, w in PRICED_WINNERS.items():
        section = text.split(f"Lot {lot}: Area {lot}")[1].split("tenders were received")[0]
        assert NAMES[w] in section and _price(w, lot) in section
    assert NAMES["Moorside"] not in text and NAMES["Brightpath"] not in text  # no losing bidder is named
    # Lot 2 alone, published on another day: its own award and its own standstill.
    day = dt.date.fromisoformat(days_ahead(40))
    code, _printed, err = _notice(demo_file, out, "--published", day.isoformat(), "--lot", "2")
    assert code == 0, err
    package = json.loads((out / "PVBC-2026-014-award-notice-lot-2.json").read_text())
    assert problems(package) == []
    doc = package["releases"][0]
    assert [x["id"] for x in doc["tender"]["lots"]] == ["2"] and len(doc["awards"]) == 1
    award = doc["awards"][0]
    assert award["relatedLots"] == ["2"] and award["suppliers"][0]["name"] == NAMES["Northgate"]
    assert award["value"] == {"amount": 150000, "currency": "GBP"}
    last = standstill_last_day(day)
    assert award["standstillPeriod"]["startDate"][:10] == day.isoformat()
    assert award["standstillPeriod"]["endDate"][:19] == f"{last.isoformat()}T23:59:59"
    text = pdf_text(out / "PVBC-2026-014-award-notice-lot-2.pdf")
    assert ", lot 2 (PVBC-2026-014)" in text and NAMES["Northgate"] in text and "£150,000" in text
    assert NAMES["Valley"] not in text
    code, _printed, err = _notice(demo_file, tmp_path / "n9", "--published", days_ahead(30), "--lot", "9")
    assert code == 2 and "no lot '9'" in err and not (tmp_path / "n9").exists()


@pytest.fixture
def complete_lots(demo_file: Path) -> Path:
    complete_award_record(demo_file)
    three_limited_lots(demo_file)
    complete_lots_record(demo_file)
    return demo_file


def _missing(path: Path) -> list:
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return award_check(load_evaluation(tf), "2026-11-26")


def test_the_check_asks_for_the_advantages_of_the_bid_awarded_each_lot(complete_lots: Path) -> None:
    """Lot 3 goes to Northgate, ranked third, under the limit: its relative advantages are what the bidders it beat
    on a criterion are told, so the check asks for them there, naming the lot (and nowhere else: it wins no other)."""
    with TenderFile.open(complete_lots, actor="lead") as tf:
        ev = load_evaluation(tf)
        northgate = next(b for b in ev.bids if b.supplier == NAMES["Northgate"])
        for c in ev.consensus:
            if c.bid_id == northgate.id:
                score_ops.set_consensus(tf, bid_id=c.bid_id, criterion_id=c.criterion_id, value=c.value, note=c.note,
                                        feedback=c.feedback, advantages="")
    missing = _missing(complete_lots)
    assert missing and {(m.kind, m.lot, m.bid_id) for m in missing} == {("advantages", "3", northgate.id)}
    titles = {k.id: f"{k.code} {k.title}" for k in ev.framework.criteria}
    assert [m.text for m in missing] == [
        f"Lot 3: The relative advantages of {NAMES['Northgate']}, the bid awarded the lot, on {titles[m.criterion_id]} "
        "are not written: the other bidders are told how it was assessed." for m in missing]
    code, printed, err = cli("award", "check", str(complete_lots))
    assert code == 2 and printed.startswith("Lot 3: The relative advantages") and f"{len(missing)} item" in err


def test_the_check_asks_for_feedback_per_bid_per_lot(complete_lots: Path) -> None:
    with TenderFile.open(complete_lots, actor="lead") as tf:
        ev = load_evaluation(tf)
        valley = next(b for b in ev.bids if b.supplier == NAMES["Valley"])
        c = next(x for x in ev.consensus if x.bid_id == valley.id)
        score_ops.set_consensus(tf, bid_id=c.bid_id, criterion_id=c.criterion_id, value=c.value, note=c.note,
                                feedback="", advantages=c.advantages)
    missing = _missing(complete_lots)
    assert [(m.kind, m.lot, m.bid_id) for m in missing] == [("feedback", lot, valley.id) for lot in "123"]
    assert [m.text.split(":")[0] for m in missing] == ["Lot 1", "Lot 2", "Lot 3"]


def test_the_check_asks_where_the_limit_is_published(complete_lots: Path) -> None:
    with TenderFile.open(complete_lots, actor="lead") as tf:
        contract.set_lots_published(tf, where="   ")
    assert [(m.kind, m.text) for m in _missing(complete_lots)] == [
        ("lots", "Where the limit on lots per supplier and its tie-break are published is not recorded: fill it in "
                 "Lots and limits.")]


def test_the_check_asks_for_the_tie_break_of_the_limit(complete_lots: Path) -> None:
    with TenderFile.open(complete_lots, actor="lead") as tf:
        setting_ops.set_setting(tf, key=LOT_TIE_BREAK, value=None, action="clear the tie-break")
    assert [(m.kind, m.text) for m in _missing(complete_lots)] == [
        ("lots", "The rule for which lots a supplier over the limit keeps is not recorded: choose it in Lots and "
                 "limits.")]


def test_a_notice_says_a_lot_went_below_first_under_the_limit_without_naming_who(demo_file: Path,
                                                                                   tmp_path: Path) -> None:
    three_limited_lots(demo_file)
    out = tmp_path / "notice"
    code, _printed, err = _notice(demo_file, out, "--published", days_ahead(15))
    assert code == 0, err
    text = _read(out / "PVBC-2026-014-award-notice.pdf")
    assert ("The winning tender ranked second for the lot: the bidder ranked above it was passed over under the "
            "tender's limit of 1 lot per supplier.") in text
    assert ("The winning tender ranked third for the lot: the bidders ranked above it were passed over under the "
            "tender's limit of 1 lot per supplier.") in text
    assert cli("award", "notice", str(demo_file), str(out), "--published", days_ahead(15), "--lot", "3")[0] == 0
    text = _read(out / "PVBC-2026-014-award-notice-lot-3.pdf")
    assert NAMES["Northgate"] in text and NAMES["Moorside"] not in text and NAMES["Valley"] not in text
