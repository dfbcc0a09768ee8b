"""A bid's fields are declared once (domain/bid_fields.py, issue 30 point 4): the rule of an edit at the one door, the
store's rows, the JSON document in and out, the bid sheet's template and reader, the workbook's Bids sheet and the
report each follow the declaration, field by field. A field added there without examples here fails the first test."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from svi_desktop.domain.bid_fields import BID_FIELDS, DETAILS, FIELD_BY_NAME, FIELDS, lot_column
from svi_desktop.domain.bid_sheet_format import FIXED_COLUMNS
from svi_desktop.errors import KnownError
from svi_desktop.exports.bid_template import write_bid_template
from svi_desktop.exports.json_doc import tender_document
from svi_desktop.exports.report import write_report
from svi_desktop.exports.workbook import write_workbook
from svi_desktop.imports.bid_sheet import read_bid_sheet
from svi_desktop.store import rows
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits, tenders
from tests.helpers.pdf import pdf_text

GOOD = {"supplier": "Oldham Community Transport CIC", "organisation_type": "VCFSE", "lot": "Lot A",
        "received": "2026-03-01", "price": "1180000.50", "address": "1 High Street\nOldham OL1 1AA",
        "email": "tenders@moorside.example.org", "identifier": "PABC-1234-DEFG", "prices": "Lot A: 1,090,000.50"}
# What each field's rule refuses (a tender without lots takes any text for a bid's lots: no example).
BAD = {"supplier": "   ", "organisation_type": "Charity shop", "received": "31/02/2026", "price": "about a million",
       "address": "x" * 1001, "email": "bids at moorside", "identifier": "not-an-id",
       "prices": "Lot B: 1000"}  # a price for a lot the bid is not for (its lot is GOOD["lot"])

WHY = "Test: the demo is scored, so a price changes with a reason (s.98)."


def test_every_field_is_named_for_edits_and_has_examples() -> None:
    assert {f.name for f in FIELDS} == set(GOOD) >= set(BAD)  # a new field gets examples here, and is tested below
    assert tuple(f.column for f in FIELDS if not f.per_lot) == FIXED_COLUMNS
    for f in FIELDS:
        assert BID_FIELDS[f.name] == f.label
    assert {f.name for f in DETAILS} == {"address", "email", "identifier"}  # the form's declared details


@pytest.mark.parametrize("field", [f.name for f in FIELDS])
def test_a_field_goes_through_the_door_the_rows_and_json_as_declared(field: str, demo_file: Path,
                                                                     tmp_path: Path) -> None:
    declared = FIELD_BY_NAME[field]
    with TenderFile.open(demo_file, actor="t") as tf:
        bid = load_evaluation(tf).bids[0]
        edits.apply(tf, edits.SetBidField(bid_id=bid.id, field="lot", value=GOOD["lot"]))  # for a field per lot
        if field in BAD:
            with pytest.raises(KnownError):  # the declared rule refuses, at the one door
                edits.apply(tf, edits.SetBidField(bid_id=bid.id, field=field, value=BAD[field]))
        edits.apply(tf, edits.SetBidField(bid_id=bid.id, field=field, value=GOOD[field], reason=WHY))
        stored = getattr(load_evaluation(tf).bids[0], field)
        assert stored == declared.accept(GOOD[field])
        assert rows.bid_row(load_evaluation(tf).bids[0])[field] == rows.field_row(declared, stored)
        document = tender_document(load_evaluation(tf))
    assert document["bids"][0][field] == declared.data(stored)
    # Into a new file from the document, and refused there with the same rule.
    path = tmp_path / "t.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    made = tenders.import_json(path, tmp_path / "copy.svi")
    with TenderFile.open(made, actor="t", read_only=True) as tf:
        assert getattr(load_evaluation(tf).bids[0], field) == stored
    if field in BAD:
        document["bids"][0][field] = BAD[field]
        path.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(KnownError, match=field):
            tenders.import_json(path, tmp_path / "bad.svi")


@pytest.mark.parametrize("field", [f.name for f in FIELDS])
def test_a_field_has_its_column_on_the_bid_sheet_and_is_read_by_its_rule(field: str, demo_file: Path,
                                                                         tmp_path: Path) -> None:
    declared = FIELD_BY_NAME[field]
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        framework = load_evaluation(tf).framework
    template = write_bid_template(framework, tmp_path / "template.xlsx", lots=("Lot A", "Lot B"))
    headers = [c.value for c in openpyxl.load_workbook(template)["Bids"][1]]
    # A field given per lot has a column for each of the tender's lots: its value for lot A is typed there.
    column = headers.index(lot_column(declared, "Lot A") if declared.per_lot else declared.column)
    good = GOOD[field].partition(": ")[2] if declared.per_lot else GOOD[field]
    guide = "\n".join(str(r[0].value) for r in openpyxl.load_workbook(template)["Guidance"].iter_rows())
    if declared.guide:
        assert declared.guide in guide

    def sheet_with(value: str) -> Path:
        wb = openpyxl.load_workbook(template)
        row = ["" for _ in headers]
        row[0] = "Moorside Care"
        if field == "supplier":
            row[headers.index("Email")] = GOOD["email"]  # a row with no supplier is read, not skipped as blank
        if field != "lot":
            row[headers.index("Lot")] = GOOD["lot"]
        row[column] = value
        wb["Bids"].append(row)
        wb.save(tmp_path / "filled.xlsx")
        return tmp_path / "filled.xlsx"

    parsed = read_bid_sheet(sheet_with(good), framework)
    assert parsed.ok, parsed.problems
    assert getattr(parsed.bids[0], field) == declared.accept(GOOD[field])
    if field in BAD:
        parsed = read_bid_sheet(sheet_with(BAD[field]), framework)
        assert [p.column for p in parsed.problems] == [declared.column] and not parsed.bids


def test_every_field_shows_in_the_workbook_and_the_report(demo_file: Path, tmp_path: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        bid = load_evaluation(tf).bids[0]
        for f in FIELDS:
            edits.apply(tf, edits.SetBidField(bid_id=bid.id, field=f.name, value=GOOD[f.name], reason=WHY))
        ev = load_evaluation(tf)
    bid = ev.bids[0]
    sheet = openpyxl.load_workbook(write_workbook(ev, tmp_path / "e.xlsx", []))["Bids"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == GOOD["supplier"])
    for f in FIELDS:
        value = row[headers.index(f.heading)]
        assert value == (float(f.of(bid)) if f.number and not f.per_lot else f.show(f.of(bid))), f.name
    text = " ".join(pdf_text(write_report(ev, tmp_path / "r.pdf", [], None)).split())
    for f in FIELDS[1:]:
        assert f"{f.heading}: {f.show(f.of(bid))}" in text, f.name


def test_a_bid_added_with_a_bad_field_is_refused(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        bid = load_evaluation(tf).bids[0]
        for name, bad in BAD.items():
            with pytest.raises(KnownError):
                edits.apply(tf, edits.AddBid(bid=replace(bid, id="new-" + name, **{
                    "supplier": "Other " + name, "lot": GOOD["lot"],
                    name: FIELD_BY_NAME[name].accept(bad) if name == "prices" else bad})))
