"""The bid template round trip, and a corpus of bad sheets each refused with the file unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from svi_desktop.cli import main as svi
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.files import sha256


@pytest.fixture
def tender(tmp_path: Path) -> Path:
    path = tmp_path / "t.svi"
    assert svi(["new", str(path)]) == 0
    return path


@pytest.fixture
def template(tender: Path, tmp_path: Path) -> Path:
    out = tmp_path / "template.xlsx"
    assert svi(["bid-template", str(tender), str(out)]) == 0
    return out


def _fill(template: Path, out: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.load_workbook(template)
    for r in rows:
        wb["Bids"].append(r)
    wb.save(out)
    return out


def test_template_has_a_column_per_criterion_and_guidance(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    headers = [c.value for c in wb["Bids"][1]]
    assert headers[:8] == ["Supplier", "Organisation type", "Lot", "Date received", "Price", "Registered address",
                           "Email", "Identifier"]
    assert headers[8] == "SVI1 Purpose" and headers[-1] == "Q3 Mobilisation and risk"
    assert len(headers) == 8 + 20
    assert wb["Bids"].freeze_panes == "B2"
    guidance = [r[0] for r in wb["Guidance"].iter_rows(values_only=True)]
    assert "SVI10 Credibility" in guidance


def test_round_trip_every_value_lands_in_the_file(tender: Path, template: Path, tmp_path: Path) -> None:
    headers = [c.value for c in openpyxl.load_workbook(template)["Bids"][1]]
    rows = []
    for i in range(3):
        responses = [f"Response of bidder {i} to {h.split()[0]}: we will do it well & <b>properly</b>." for h in headers[8:]]
        rows.append([f"Bidder {i} CIC", ["VCFSE", "SME", "public body"][i], f"Lot {i + 1}", f"2026-10-0{i + 1}",
                     100000 * (i + 1) + 0.5, f"{i} Mill Street, Oldham", f"bids{i}@example.org",
                     ["PABC-1234-DEFG", "01234567", "SC123456"][i], *responses])
    rows[2][8] = '=HYPERLINK("http://x","y")'
    filled = _fill(template, tmp_path / "filled.xlsx", rows)
    assert svi(["import-bids", str(tender), str(filled)]) == 0
    with TenderFile.open(tender, actor="t", read_only=True) as tf:
        ev = load_evaluation(tf)
    by_code = {c.code: c.id for c in ev.framework.criteria}
    bids = {b.supplier: b for b in ev.bids}
    responses = {(r.bid_id, r.criterion_id): r.text for r in ev.responses}
    for i, row in enumerate(rows):
        bid = bids[row[0]]
        assert bid.organisation_type.value == row[1] and bid.lot == row[2] and bid.received == row[3]
        assert str(bid.price) == str(row[4])
        assert (bid.address, bid.email, bid.identifier) == tuple(row[5:8])
        for header, text in zip(headers[8:], row[8:], strict=True):
            assert responses[(bid.id, by_code[header.split()[0]])] == text, (i, header)
    assert responses[(bids["Bidder 2 CIC"].id, by_code["SVI1"])] == '=HYPERLINK("http://x","y")'


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _bad(kind: str, template: Path, tmp_path: Path) -> tuple[Path, str]:
    if kind == "not a spreadsheet":
        p = tmp_path / "report.xlsx"
        p.write_bytes(b"%PDF-1.4 this is a PDF really\n" * 50)
        return p, "cannot be read as a spreadsheet"
    if kind == "truncated xlsx":
        good = _fill(template, tmp_path / "good.xlsx", [["A", "SME"]])
        p = tmp_path / "truncated.xlsx"
        p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        return p, "cannot be read as a spreadsheet"
    if kind == "wrong headers":
        return _csv(tmp_path / "wrong.csv", [["Name", "Cost"], ["A", "1"]]), "Supplier: the Supplier column is missing"
    if kind == "unknown column":
        return _csv(tmp_path / "extra.csv", [["Supplier", "Website"], ["A", "x"]]), "row 1, Website: unknown column"
    if kind == "1 MB cell":
        # Excel (and openpyxl) cap a cell at 32,767 characters: still over our limit.
        return (_fill(template, tmp_path / "big.xlsx", [["A", "SME", "", "", 10, "", "", "", "x" * 1_000_000]]),
                "row 2, SVI1 Purpose: text over the limit")
    if kind == "1 MB cell in CSV":
        return (_csv(tmp_path / "big.csv", [["Supplier", "SVI1 Purpose"], ["A", "x" * 1_000_000]]),
                "row 2, SVI1 Purpose: text over the limit: 1,000,000 characters")
    if kind == "control characters":
        return (_csv(tmp_path / "ctrl.csv", [["Supplier", "SVI1 Purpose"], ["A", "bad\x07bell\x1bescape"]]),
                "row 2, SVI1 Purpose: contains control characters")
    if kind == "duplicate suppliers":
        return (_csv(tmp_path / "dupe.csv", [["Supplier"], ["Acme"], ["Other"], ["ACME"]]),
                "row 4, Supplier: duplicate supplier: ACME is also on row 2")
    if kind == "price not a number":
        return _csv(tmp_path / "price.csv", [["Supplier", "Price"], ["A", "about a million"]]), "row 2, Price: 'about a million' is not a price; write a number such as 1180000"
    if kind == "5000 rows one bad":
        rows = [[f"Supplier {i}", "SME", "", "2026-10-01", str(1000 + i), "text"] for i in range(5000)]
        rows[3210][4] = "n/a"
        return _fill(template, tmp_path / "many.xlsx", rows), "row 3212, Price: 'n/a' is not a price"
    raise AssertionError(kind)


BAD = ["not a spreadsheet", "truncated xlsx", "wrong headers", "unknown column", "1 MB cell", "1 MB cell in CSV",
       "control characters",
       "duplicate suppliers", "price not a number", "5000 rows one bad"]


@pytest.mark.parametrize("kind", BAD)
def test_bad_sheet_refused_with_the_problem_and_file_unchanged(
    kind: str, tender: Path, template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet, expected = _bad(kind, template, tmp_path)
    before = sha256(tender)
    capsys.readouterr()
    assert svi(["import-bids", str(tender), str(sheet)]) == 2
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Traceback" not in err
    assert sha256(tender) == before
    if kind == "5000 rows one bad":
        assert "has 1 problem;" in err


def test_duplicate_of_an_existing_bid_is_a_problem(demo_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    sheet = _csv(tmp_path / "again.csv", [["Supplier"], ["moorside community health cic"]])
    assert svi(["import-bids", str(demo_file), str(sheet)]) == 2
    assert "already has a bid in this tender" in capsys.readouterr().err


def test_commitments_come_in_with_the_bids_and_bad_rows_are_listed(tender: Path, template: Path,
                                                                   tmp_path: Path) -> None:
    import datetime as dt

    wb = openpyxl.load_workbook(template)
    assert [c.value for c in wb["Commitments"][1]][:3] == ["Supplier", "Measure", "Quantity"]
    wb["Bids"].append(["Moor CIC", "VCFSE", "", "2026-10-01", 1000])
    wb["Bids"].append(["Vale Ltd", "SME", "", "2026-10-02", 2000])
    bad = [["Moor CIC", "Apprenticeships for residents", 12, "starts", dt.date(2028, 3, 31), "Returns.", "", "LT2",
            "ppn002-2", "Starts"],
           ["Nobody Ltd", "Volunteering", 5, "days", "2027-01-01", "", "", "", "", ""],
           ["Vale Ltd", "Local spend", "lots", "£", "2027-01-01", "", "", "", "", ""],
           ["Vale Ltd", "Trees", 100, "trees", "next spring", "", "", "ZZ9", "", ""],
           ["Vale Ltd", "Events", 4, "events", "2027-06-30", "", "3", "", "", ""]]
    for row in bad:
        wb["Commitments"].append(row)
    wb.save(tmp_path / "bad.xlsx")
    before = sha256(tender)
    with TenderFile.open(tender, actor="t") as tf:
        from svi_desktop.workflows import bids as bid_flow

        sheet = bid_flow.read_sheet(tf, tmp_path / "bad.xlsx")
    found = [str(p) for p in sheet.problems]
    assert found == [
        "row 3, Commitments: Supplier: Nobody Ltd is not a bid on the Bids sheet",
        "row 4, Commitments: Quantity: 'lots' is not a number of 0 or more",
        "row 5, Commitments: Delivered by: 'next spring' is not a date (use YYYY-MM-DD)",
        "row 5, Commitments: Local theme: 'ZZ9' is not a criterion code of this tender",
        "row 6, Commitments: Lot: Vale Ltd does not bid for lot 3"], found
    assert svi(["import-bids", str(tender), str(tmp_path / "bad.xlsx")]) != 0
    assert sha256(tender) == before
    for _ in range(4):
        wb["Commitments"].delete_rows(3)
    wb.save(tmp_path / "good.xlsx")
    assert svi(["import-bids", str(tender), str(tmp_path / "good.xlsx")]) == 0
    with TenderFile.open(tender, actor="t", read_only=True) as tf:
        ev = load_evaluation(tf)
    (c,) = ev.commitments
    lt2 = next(x.id for x in ev.framework.criteria if x.code == "LT2")
    assert (c.measure, c.quantity, c.unit, c.due, c.theme, c.outcome, c.metric) == (
        "Apprenticeships for residents", 12, "starts", "2028-03-31", lt2, "ppn002-2", "Starts")
    assert c.bid_id == next(b.id for b in ev.bids if b.supplier == "Moor CIC")
