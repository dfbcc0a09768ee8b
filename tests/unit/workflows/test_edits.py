"""The one door (issue 30): every edit is a typed value naming one store operation with exactly its arguments;
applying an edit and then its inverse leaves the tender as `export-json` writes it unchanged; and a rule refuses
the same edit whichever front end brings it (the window's session, `svi`, `import-json`)."""

from __future__ import annotations

import dataclasses
import inspect
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svi_desktop.cli import main as svi
from svi_desktop.domain.changes import Op
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.errors import KnownError
from svi_desktop.exports.json_doc import tender_document
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits, tenders
from tests.helpers.files import make_demo
from tests.unit.store.test_undo_properties import GENERATORS

EDITS = [c for c in vars(edits).values() if isinstance(c, type) and issubclass(c, edits.Edit) and c is not edits.Edit]


def operation_of(cls: type[edits.Edit]):
    """The store operation an edit's `_perform` calls, read from its source."""
    found = re.search(r"return (\w+)\.(\w+)\(tf, \*\*self\.arguments\(\)\)", inspect.getsource(cls._perform))
    assert found, f"{cls.__name__} does not hand its arguments to one store operation"
    return getattr(vars(edits)[found.group(1)], found.group(2))


BY_OPERATION = {operation_of(c): c for c in EDITS}


def test_every_edit_is_a_frozen_dataclass_with_exactly_its_operations_arguments() -> None:
    assert len(EDITS) >= 50
    for cls in EDITS:
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls.__name__  # type: ignore[attr-defined]
        params = list(inspect.signature(operation_of(cls)).parameters.values())[1:]
        wanted = [(p.name, p.default is inspect.Parameter.empty) for p in params]
        have = {f.name: f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                for f in dataclasses.fields(cls)}
        assert sorted(wanted) == sorted(have.items()), cls.__name__
    assert len(BY_OPERATION) == len(EDITS), "two edits make the same operation"


def test_the_door_takes_edits_only(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf, pytest.raises(TypeError):
        edits.apply(tf, Op(lambda tf: None))  # type: ignore[arg-type]  # what the door refuses


def as_edit(operation: Op) -> edits.Edit:
    return BY_OPERATION[operation.func](**operation.kwargs)


def document(tf: TenderFile) -> str:
    """The tender as `svi export-json` writes it."""
    return json.dumps(tender_document(load_evaluation(tf)), sort_keys=True, ensure_ascii=False)


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("edit-bases")
    blank = folder / "blank.svi"
    tenders.new_tender(blank, template="social-value-tender")
    return {"demo": make_demo(folder / "demo.svi"), "blank": blank}


APPLIED: set[str] = set()  # the edits the property test made and undid, checked below
DOOR_GENERATORS = sorted(name for name, gen in GENERATORS.items() if name != "set_setting")  # a setting is no edit


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(["demo", "demo", "blank"]),
       steps=st.lists(st.tuples(st.sampled_from(DOOR_GENERATORS), st.integers(0, 2**32 - 1)), min_size=1, max_size=6))
def test_an_edit_then_its_inverse_leaves_the_exported_tender_unchanged(bases: dict[str, Path], tmp_path: Path,
                                                                        base: str, steps: list[tuple[str, int]]) -> None:
    target = tmp_path / f"{base}-{random.random()}.svi"
    shutil.copy(bases[base], target)
    with TenderFile.open(target, actor="t") as tf:
        for name, seed in steps:
            operation = GENERATORS[name](tf, random.Random(seed), tmp_path)
            if operation is None:
                continue
            edit = as_edit(operation)
            before = document(tf)
            try:
                applied = edits.apply(tf, edit)
            except KnownError:
                assert document(tf) == before, f"a refused {type(edit).__name__} changed the tender"
                continue
            if not applied.changed or applied.inverse is None:
                continue
            after = document(tf)
            APPLIED.add(type(edit).__name__)
            undone = applied.inverse(tf)
            assert document(tf) == before, f"undoing {type(edit).__name__} did not give the tender back"
            assert undone.inverse is not None
            undone.inverse(tf)
            assert document(tf) == after, f"redoing {type(edit).__name__} did not give the edit again"


def test_the_property_test_made_most_kinds_of_edit() -> None:
    """Run after the property test (file order): it made and undid many kinds of edit, not none."""
    assert len(APPLIED) >= 15, sorted(APPLIED)


def _outside_consensus(tf: TenderFile) -> edits.SetConsensus:
    """A consensus of 0 where the evaluators scored 2 to 4 (the demo's Q1 for its first bid), with no reason."""
    ev = load_evaluation(tf)
    crit = scored_criteria(ev.framework)[0]
    bid = next(b for b in ev.bids if {s.value for s in ev.scores if (s.bid_id, s.criterion_id) == (b.id, crit.id)}
               and min(s.value for s in ev.scores if (s.bid_id, s.criterion_id) == (b.id, crit.id)) > 0)
    return edits.SetConsensus(bid_id=bid.id, criterion_id=crit.id, value=0, note="Agreed.")


def test_a_consensus_outside_the_scores_needs_its_reason_at_every_door(demo_file: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The window's session and `svi` apply edits through `edits.apply`; `import-json` reads a document: each
    refuses a consensus no evaluator's score supports when its note does not say why."""
    with TenderFile.open(demo_file, actor="t") as tf:
        edit = _outside_consensus(tf)
        with pytest.raises(KnownError, match="outside the evaluators' scores"):
            edits.apply(tf, edit)
        applied = edits.apply(tf, dataclasses.replace(edit, outside_reason="The site visit showed otherwise."))
        assert applied.changed
    out = tmp_path / "t.json"
    assert svi(["export-json", str(demo_file), str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert svi(["import-json", str(out), str(tmp_path / "kept.svi")]) == 0  # with its reason it travels
    agreed = next(c for c in doc["consensus"] if c["value"] == 0)
    agreed["note"] = "Agreed."  # the reason taken out of the document
    out.write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    assert svi(["import-json", str(out), str(tmp_path / "forged.svi")]) == 2
    err = capsys.readouterr().err
    assert "outside the evaluators' scores" in err and "Traceback" not in err
    assert not (tmp_path / "forged.svi").exists()


def test_a_frozen_award_refuses_the_same_edit_at_every_door(demo_file: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers.award import SIGNED, complete_award_record

    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="t") as tf:
        edits.apply(tf, edits.SignOff(name="Priya Shah", role="Director", signed_on=SIGNED))
        with pytest.raises(KnownError, match="signed off"):
            edits.apply(tf, edits.SetTenderField(field="title", value="Changed after sign-off"))
    (tmp_path / "packs").mkdir()
    capsys.readouterr()
    assert svi(["packs", "issue", str(demo_file), str(tmp_path / "packs")]) == 2  # svi, through the same door
    assert "signed off" in capsys.readouterr().err
    assert not any((tmp_path / "packs").iterdir())
    sheet = tmp_path / "bids.xlsx"
    assert svi(["bid-template", str(demo_file), str(sheet)]) == 0
    capsys.readouterr()
    assert svi(["import-bids", str(demo_file), str(sheet)]) == 2  # the frozen award first, not the empty sheet
    assert "signed off" in capsys.readouterr().err
