"""The supplier's details are declared once (domain/bid_fields.py, issue 30 point 4): the store's rows, the rule of an
edit, and the JSON document in and out each follow the declaration, field by field."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from svi_desktop.domain.bid_fields import BID_FIELDS, DETAILS
from svi_desktop.errors import KnownError
from svi_desktop.exports.json_doc import tender_document
from svi_desktop.store import rows
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits, tenders

GOOD = {"address": "1 High Street\nOldham OL1 1AA", "email": "tenders@moorside.example.org",
        "identifier": "PABC-1234-DEFG"}
BAD = {"address": "x" * 1001, "email": "bids at moorside", "identifier": "not-an-id"}


def test_every_detail_is_named_for_edits_and_has_a_good_and_a_bad_example() -> None:
    assert {f.name for f in DETAILS} == set(GOOD) == set(BAD)  # a new field gets examples here, and is tested below
    for f in DETAILS:
        assert BID_FIELDS[f.name] == f.label


@pytest.mark.parametrize("field", [f.name for f in DETAILS])
def test_a_detail_goes_through_the_store_and_json_as_declared(field: str, demo_file: Path, tmp_path: Path) -> None:
    declared = next(f for f in DETAILS if f.name == field)
    with TenderFile.open(demo_file, actor="t") as tf:
        bid = load_evaluation(tf).bids[0]
        with pytest.raises(KnownError):  # the declared rule refuses, at the one door
            edits.apply(tf, edits.SetBidField(bid_id=bid.id, field=field, value=BAD[field]))
        edits.apply(tf, edits.SetBidField(bid_id=bid.id, field=field, value=GOOD[field]))
        stored = getattr(load_evaluation(tf).bids[0], field)
        assert stored == declared.check(GOOD[field])
        assert rows.bid_row(load_evaluation(tf).bids[0])[field] == stored
        document = tender_document(load_evaluation(tf))
    assert document["bids"][0][field] == stored
    # Into a new file from the document, and refused there with the same rule.
    path = tmp_path / "t.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    made = tenders.import_json(path, tmp_path / "copy.svi")
    with TenderFile.open(made, actor="t", read_only=True) as tf:
        assert getattr(load_evaluation(tf).bids[0], field) == stored
    document["bids"][0][field] = BAD[field]
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(KnownError, match=field):
        tenders.import_json(path, tmp_path / "bad.svi")


def test_a_bid_added_with_a_bad_detail_is_refused(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        bid = load_evaluation(tf).bids[0]
        for f in DETAILS:
            with pytest.raises(KnownError):
                edits.apply(tf, edits.AddBid(bid=replace(bid, id="new-" + f.name, supplier="Other " + f.name,
                                                         **{f.name: BAD[f.name]})))
