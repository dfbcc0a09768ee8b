"""A criterion's fields are declared once (domain/criterion_fields.py, issue 30 point 4): the rule of an edit at the one
door, the store's rows, the JSON document out and in, the framework template out and in and the workbook's Framework
sheet each follow the declaration, field by field. A field added there without examples here fails the first test."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from svi_desktop.domain.criterion_fields import CRITERION_FIELDS, FIELD_BY_NAME, FIELDS
from svi_desktop.domain.model import Criterion, CriterionKind
from svi_desktop.errors import InvalidDocument, KnownError
from svi_desktop.exports.framework_file import framework_document
from svi_desktop.exports.json_doc import tender_document
from svi_desktop.exports.workbook import write_workbook
from svi_desktop.imports.fields import Node
from svi_desktop.imports.framework_file import read_template
from svi_desktop.imports.json_doc import parse_tender_document
from svi_desktop.store import rows
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits

GOOD = {"code": " SV9 ", "title": "Local jobs for local people", "kind": "scored", "weight": "2.5", "threshold": "2",
        "guidance": "Look for named roles\nand a start date.", "distinguished_from": "A promise not matched by a plan",
        "flags": ["Only a policy", "No figures"]}
# As the criterion then holds it, and as the workbook's Framework sheet shows it: written out, not derived.
HELD = {"code": "SV9", "title": GOOD["title"], "kind": CriterionKind.SCORED, "weight": Decimal("2.5"),
        "threshold": Decimal(2), "guidance": GOOD["guidance"], "distinguished_from": GOOD["distinguished_from"],
        "flags": ("Only a policy", "No figures")}
CELL = {"code": "SV9", "title": GOOD["title"], "kind": "scored", "weight": 2.5, "threshold": 2.0,
        "guidance": GOOD["guidance"], "distinguished_from": GOOD["distinguished_from"],
        "flags": "Only a policy; No figures"}
# What each field's rule refuses, from a person or a document alike.
BAD = {"code": "   ", "title": "", "kind": "optional", "weight": "0", "threshold": "about two", "guidance": 12,
       "distinguished_from": ["a list"], "flags": [1, 2]}


def _scored(tf: TenderFile) -> Criterion:
    return next(c for c in load_evaluation(tf).framework.criteria if c.kind is CriterionKind.SCORED)


def _criterion(doc: dict, code: str) -> dict:
    return next(c for s in doc["sections"] for c in s.get("criteria", []) if c["code"] == code)


def test_every_field_is_named_for_edits_and_has_examples() -> None:
    assert {f.name for f in FIELDS} == set(GOOD) == set(BAD) == set(HELD) == set(CELL)  # a new field gets examples here, and is tested below
    assert {f.name for f in FIELDS} == set(Criterion.__dataclass_fields__) - {"id", "section_id", "position"}
    for f in FIELDS:
        assert CRITERION_FIELDS[f.name] == f.label


@pytest.mark.parametrize("field", [f.name for f in FIELDS])
def test_a_field_goes_through_the_door_rows_json_template_and_workbook_as_declared(field: str, demo_file: Path,
                                                                                  tmp_path: Path) -> None:
    declared = FIELD_BY_NAME[field]
    with TenderFile.open(demo_file, actor="t") as tf:
        crit = _scored(tf)
        with pytest.raises(KnownError) as refused:  # the declared rule refuses, at the one door, in one sentence
            edits.apply(tf, edits.SetCriterionField(criterion_id=crit.id, field=field, value=BAD[field]))
        assert refused.value.message.endswith(".") and "\n" not in refused.value.message
        assert getattr(next(c for c in load_evaluation(tf).framework.criteria if c.id == crit.id), field) == \
            getattr(crit, field)  # and nothing changed
        edits.apply(tf, edits.SetCriterionField(criterion_id=crit.id, field=field, value=GOOD[field],
                                                reason="Test: the demo is scored, so a weight changes with a reason."))
        ev = load_evaluation(tf)
        stored = next(c for c in ev.framework.criteria if c.id == crit.id)
        assert declared.of(stored) == declared.read(GOOD[field]) == HELD[field]
        assert rows.criterion_row(stored)[field] == declared.row(declared.of(stored))
        document = tender_document(ev)
        write_workbook(ev, tmp_path / "out.xlsx", audit_rows=tf.audit_rows())
    code = stored.code
    # The JSON document carries it as declared, and reads it back the same.
    assert _criterion(document["framework"], code)[field] == declared.data(declared.of(stored))
    again = parse_tender_document(Node(json.loads(json.dumps(document)), "", "t.json"))
    assert declared.of(next(c for c in again.framework.criteria if c.id == stored.id)) == declared.of(stored)
    # So does the framework template.
    template = framework_document(ev.framework)
    assert _criterion(template, code)[field] == declared.data(declared.of(stored))
    (tmp_path / "fw.json").write_text(json.dumps(template))
    read = read_template(tmp_path / "fw.json")
    assert declared.of(next(c for c in read.criteria if c.code == code)) == declared.of(stored)
    # The workbook's Framework sheet has its column, holding it as a reader sees it.
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["Framework"]
    headings = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == code)
    cell = row[headings.index(declared.column)].value
    assert cell == CELL[field]
    # And a document that holds the bad value is refused by the same rule, naming the place.
    _criterion(document["framework"], code)[field] = BAD[field]
    with pytest.raises(InvalidDocument) as info:
        parse_tender_document(Node(json.loads(json.dumps(document)), "", "t.json"))
    assert ".criteria[" in info.value.message and info.value.message.endswith(".")
    _criterion(template, code)[field] = BAD[field]
    (tmp_path / "bad.json").write_text(json.dumps(template))
    with pytest.raises(InvalidDocument):
        read_template(tmp_path / "bad.json")


def test_a_missing_field_of_a_document_is_named(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        document = tender_document(load_evaluation(tf))
    first = document["framework"]["sections"][1]["criteria"][0]
    del first["title"]
    with pytest.raises(InvalidDocument) as info:
        parse_tender_document(Node(document, "", "t.json"))
    assert info.value.message == "t.json: framework.sections[1].criteria[0].title: is missing."


@pytest.mark.parametrize(("field", "value", "words"), [
    ("flags", "[not the program's list", "The red flags are not the list the program writes."),
    ("flags", "[" * 100_000, "The red flags are not the list the program writes."),
    ("flags", ["x" * 600_000, "y" * 600_000], "The red flags are at most 1,000,000 characters in all."),
    ("title", "T" * 150 + " " * 100, "A criterion's title is at most 200 characters."),
    ("weight", "1e309", "larger than"),
])
def test_a_hostile_value_is_refused_in_one_sentence_and_changes_nothing(field: str, value: object, words: str,
                                                                        demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        crit = _scored(tf)
        with pytest.raises(KnownError) as refused:
            edits.apply(tf, edits.SetCriterionField(criterion_id=crit.id, field=field, value=value))
        assert words in refused.value.message and "\n" not in refused.value.message
        assert next(c for c in load_evaluation(tf).framework.criteria if c.id == crit.id) == crit
