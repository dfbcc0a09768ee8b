"""JSON interchange: a lossless round trip, and malformed documents refused with the place named."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from svi_desktop.cli import main as svi
from svi_desktop.exports.json_doc import tender_document
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile


def _doc(path: Path) -> dict:
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return tender_document(load_evaluation(tf))


def test_round_trip_of_the_demo_is_lossless(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo.json"
    assert svi(["export-json", str(demo_file), str(out)]) == 0
    copy_file = tmp_path / "copy.svi"
    assert svi(["import-json", str(out), str(copy_file)]) == 0
    original, copied = _doc(demo_file), _doc(copy_file)
    assert copied == original
    assert json.loads(out.read_text()) == original
    assert len(original["scores"]) == 228
    assert sum(1 for s in original["scores"] if s["evidence"]) > 100
    assert sum(1 for s in original["scores"] if s["flags"]) > 10


def _corrupt(doc: dict, how: str) -> tuple[dict, str]:
    d = copy.deepcopy(doc)
    if how == "unknown criterion":
        d["scores"][3]["criterion"] = "no-such-criterion"
        return d, "scores[3].criterion: unknown criterion 'no-such-criterion'"
    if how == "score off the scale":
        d["scores"][5]["value"] = 7
        return d, "scores[5].value: 7 is not on the scale"
    if how == "duplicate id":
        d["bids"][1]["id"] = d["bids"][0]["id"]
        return d, "bids[1].id: the id"
    if how == "duplicate score":
        d["scores"].append(dict(d["scores"][0], id="another"))
        return d, f"scores[{len(d['scores']) - 1}]: a second score"
    if how == "missing title":
        del d["tender"]["title"]
        return d, "tender.title: is missing"
    if how == "share not a number":
        d["framework"]["sections"][1]["share"] = "fifteen"
        return d, "framework.sections[1].share: 'fifteen' is not a number"
    if how == "wrong format":
        d["format"] = "something-else"
        return d, "format: must be 'svi-tender'"
    if how == "unknown evaluator":
        d["scores"][0]["evaluator"] = "ghost"
        return d, "scores[0].evaluator: unknown evaluator 'ghost'"
    raise AssertionError(how)


CASES = ["unknown criterion", "score off the scale", "duplicate id", "duplicate score", "missing title",
         "share not a number", "wrong format", "unknown evaluator"]


@pytest.mark.parametrize("how", CASES)
def test_malformed_document_refused_with_place_and_nothing_written(
    how: str, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, place = _corrupt(_doc(demo_file), how)
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(bad))
    target = tmp_path / "out.svi"
    assert svi(["import-json", str(src), str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"bad.json: {place}" in err
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith((".out", "out"))] == []


@pytest.mark.parametrize("content", [b"", b"{not json", b"\xff\xfe\x00garbage", b"[]", b'{"format": "svi-tender"}'])
def test_not_a_document_refused(content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "x.json"
    src.write_bytes(content)
    assert svi(["import-json", str(src), str(tmp_path / "y.svi")]) == 2
    assert capsys.readouterr().err.startswith("svi: x.json")
    assert not (tmp_path / "y.svi").exists()


def test_a_document_written_before_per_bidder_conflicts_still_imports(tmp_path: Path) -> None:
    """Version 1 documents from before conflicts, on_behalf and the conflicts assessment import unchanged."""
    import json

    from svi_desktop.exports.json_doc import tender_document
    from svi_desktop.imports.demo import demo_evaluation
    from svi_desktop.imports.json_doc import read_tender_document

    doc = tender_document(demo_evaluation())
    del doc["conflicts_assessment"]
    for e in doc["evaluators"]:
        if e["declaration"] is not None:
            del e["declaration"]["conflicts"]
    for s in doc["scores"]:
        del s["on_behalf"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc))
    ev = read_tender_document(path)
    assert ev.assessments == () and all(s.on_behalf == "" for s in ev.scores)
    assert all(not e.declaration.conflicts for e in ev.evaluators if e.declaration)
