"""No two evaluators share a name (spaces and case aside), through every door: adding, renaming, an undone
removal, and a JSON document's panel. The record must say who scored what, and who is working is asked by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svi_desktop.errors import KnownError
from svi_desktop.store.operations import evaluators as ev_ops
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.files import sha256
from tests.helpers.hostile import cli

TAKEN = "is on the panel already: give each evaluator a name of their own"


def _names(path: Path) -> list[str]:
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return sorted(e.name for e in load_evaluation(tf).evaluators)


def test_a_second_evaluator_of_the_same_name_is_refused_and_nothing_is_written(demo_file: Path) -> None:
    before_names = _names(demo_file)
    first = before_names[0]
    with TenderFile.open(demo_file, actor="t") as tf:
        rows = len(tf.audit_rows())
        for twin in (first, f"  {first.upper()} ", first.replace(" ", "   ")):
            with pytest.raises(KnownError, match=TAKEN) as refused:
                ev_ops.add_evaluator(tf, name=twin)
            assert str(refused.value).startswith(first)
            assert "\n" not in str(refused.value)
        with pytest.raises(KnownError, match="needs a name"):
            ev_ops.add_evaluator(tf, name="   ")
        assert len(tf.audit_rows()) == rows
    assert _names(demo_file) == before_names


def test_renaming_onto_another_evaluators_name_is_refused_but_ones_own_spelling_may_change(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        one, two = load_evaluation(tf).evaluators[:2]
        with pytest.raises(KnownError, match=TAKEN):
            ev_ops.set_evaluator_field(tf, evaluator_id=two.id, field="name", value=one.name.lower())
        ev_ops.set_evaluator_field(tf, evaluator_id=one.id, field="name", value=one.name.upper())
        ev_ops.set_evaluator_field(tf, evaluator_id=two.id, field="role", value="Chair")  # other fields as before
        names = {e.id: e.name for e in load_evaluation(tf).evaluators}
    assert names[one.id] == one.name.upper() and names[two.id] == two.name


def test_undoing_a_removal_is_refused_when_the_name_was_given_to_someone_else_meanwhile(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        newcomer = ev_ops.add_evaluator(tf, name="Sam Otieno").result
        removed = ev_ops.remove_evaluator(tf, evaluator_id=newcomer.id)
        ev_ops.add_evaluator(tf, name="sam otieno")
        with pytest.raises(KnownError, match=TAKEN):
            removed.inverse(tf)
        assert [e.name for e in load_evaluation(tf).evaluators].count("sam otieno") == 1


def test_a_document_whose_panel_names_one_person_twice_is_refused_and_nothing_is_made(demo_file: Path,
                                                                                      tmp_path: Path) -> None:
    document = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(document))[0] == 0
    data = json.loads(document.read_text(encoding="utf-8"))
    data["evaluators"][1]["name"] = " " + data["evaluators"][0]["name"].upper()
    document.write_text(json.dumps(data), encoding="utf-8")
    before = sha256(document)
    code, _out, err = cli("import-json", str(document), str(tmp_path / "i.svi"))
    assert code == 2 and TAKEN in err and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*i.svi*")) and sha256(document) == before
