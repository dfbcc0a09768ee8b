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
    written = json.loads(out.read_text())
    assert [h["action"] for h in written.pop("history")] == ["create demo tender"]  # the file's own trail, as text
    assert written == original
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
    if how == "bad email":
        d["bids"][2]["email"] = "bids at example"
        return d, "bids[2].email: 'bids at example' is not an email address"
    if how == "bad identifier":
        d["bids"][0]["identifier"] = "12-34"
        return d, "bids[0].identifier: '12-34' is neither a PPON"
    if how == "citation not in the response":
        d["consensus"][0]["citations"] = [{"text": "words the bidder never wrote", "start": 0, "end": 28}]
        return d, "consensus[0].citations[0]: does not quote the bid's response where it says"
    if how == "sign-off without a date":
        d["signoffs"] = [{"id": "s1", "name": "Priya", "role": "Director", "signed_on": "last Tuesday"}]
        return d, "signoffs[0].signed_on: is not a date"
    raise AssertionError(how)


CASES = ["unknown criterion", "score off the scale", "duplicate id", "duplicate score", "missing title",
         "share not a number", "wrong format", "unknown evaluator", "bad email", "bad identifier",
         "citation not in the response", "sign-off without a date"]


def test_the_award_record_travels_in_json(demo_file: Path, tmp_path: Path) -> None:
    from svi_desktop.domain.model import Citation
    from svi_desktop.store.operations.award import sign_off
    from svi_desktop.store.operations.scores import set_consensus
    from tests.helpers.award import SIGNED, complete_award_record

    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="t") as tf:
        ev = load_evaluation(tf)
        agreed = ev.consensus[0]
        text = next(r.text for r in ev.responses if (r.bid_id, r.criterion_id) == (agreed.bid_id, agreed.criterion_id))
        set_consensus(tf, bid_id=agreed.bid_id, criterion_id=agreed.criterion_id, value=agreed.value, note=agreed.note,
                      feedback=agreed.feedback, citations=(Citation(text[:20], 0, 20),), advantages="Named partners.")
        sign_off(tf, name="Priya Shah", role="Director", signed_on=SIGNED)
    out = tmp_path / "award.json"
    assert svi(["export-json", str(demo_file), str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["tender"]["regime"] == "act-competitive"
    assert {b["identifier"] for b in doc["bids"]} >= {"PABC-1234-DEFG", "01234567"}
    assert all(b["address"] and "@" in b["email"] for b in doc["bids"])
    cited = next(c for c in doc["consensus"] if c["citations"])
    assert cited["citations"] == [{"text": text[:20], "start": 0, "end": 20}] and cited["advantages"] == "Named partners."
    assert [(s["name"], s["signed_on"]) for s in doc["signoffs"]] == [("Priya Shah", SIGNED)]
    copy_file = tmp_path / "copy.svi"
    assert svi(["import-json", str(out), str(copy_file)]) == 0
    # A document is data, never a signature: the copy holds everything but the sign-off and the freeze, which its
    # first audit row lists as carried in the document, not verified.
    copied, original = _doc(copy_file), _doc(demo_file)
    assert copied["signoffs"] == [] and "award.frozen_at" not in copied["settings"]
    original["signoffs"] = []
    del original["settings"]["award.frozen_at"]
    assert copied == original
    with TenderFile.open(copy_file, actor="t", read_only=True) as tf:
        first = json.loads(tf.audit_rows()[0].new)
    assert first["signoffs_in_document"] == [f"Priya Shah (Director), signed on {SIGNED}"]
    assert first["settings_not_taken"] == ["award.frozen_at"]


@pytest.mark.parametrize("how", CASES)
def test_malformed_document_refused_with_place_and_nothing_written(
    how: str, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, place = _corrupt(_doc(demo_file), how)
    assert f"bad.json: {place}" in _refused(bad, tmp_path, capsys)


def _refused(bad: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """import-json of `bad` as bad.json: refused in one line, leaving neither the file nor its temporary."""
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(bad))
    assert svi(["import-json", str(src), str(tmp_path / "out.svi")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert [p.name for p in tmp_path.iterdir() if "out.svi" in p.name] == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith((".out", "out"))] == []
    return err


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


def test_a_consensus_draft_in_a_document_is_not_taken_into_the_new_tender(demo_file: Path, tmp_path: Path) -> None:
    """A draft is the panel's typing in one file, kept as it is typed within the store's limits; a document could
    carry a megabyte of it, or garbage, past those limits. import-json takes none, and says so."""
    doc = _doc(demo_file)
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        ev = load_evaluation(tf)
    key = f"moderation.draft:{ev.framework.criteria[12].id}:{ev.bids[0].id}"
    doc["settings"][key] = json.dumps({"value": 99, "note": "x" * 999_000, "feedback": "", "advantages": "",
                                       "citations": []})
    doc["settings"]["moderation.draft:garbage"] = "{not json"
    src, copy_file = tmp_path / "drafted.json", tmp_path / "copy.svi"
    src.write_text(json.dumps(doc))
    assert svi(["import-json", str(src), str(copy_file)]) == 0
    with TenderFile.open(copy_file, actor="t", read_only=True) as tf:
        assert not [k for k in load_evaluation(tf).settings if k.startswith("moderation.draft:")]
        first = json.loads(tf.audit_rows()[0].new)
    assert first["settings_not_taken"] == sorted([key, "moderation.draft:garbage"])


def _breaks(doc: dict, rule: str) -> tuple[dict, str]:
    """A document that breaks a rule the window and svi enforce edit by edit (issue 30: every rule behind one
    door): import-json brings its bids and its record through that door, so the same sentence refuses it."""
    d = copy.deepcopy(doc)
    if rule == "same supplier twice":
        d["bids"][1]["supplier"] = d["bids"][0]["supplier"].upper()
        return d, "Two bids in the import have the same supplier"
    if rule == "excluded without a reason":
        d["bids"][1]["status"], d["bids"][1]["status_reason"] = "excluded", ""
        return d, f"The bid from {d['bids'][1]['supplier']}: Say why the bid is excluded"
    if rule == "a note of megabytes":
        d["consensus"][0]["note"] += "x" * 200_000
        return d, "The moderation note is longer than 100,000 characters"
    if rule == "a lot the tender does not have":
        d["lots"] = [{"id": "lot-1", "code": "1", "title": "North", "value": None}]
        d["bids"][0]["lot"] = "7"
        return d, "The tender has no lot '7'"
    raise AssertionError(rule)


@pytest.mark.parametrize("rule", ["same supplier twice", "excluded without a reason", "a note of megabytes",
                                  "a lot the tender does not have"])
def test_a_document_breaking_a_rule_of_the_edits_is_refused_by_the_same_rule(
    rule: str, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, sentence = _breaks(_doc(demo_file), rule)
    err = _refused(bad, tmp_path, capsys)
    assert "bad.json: " in err and sentence in err and "Nothing was imported." in err, err


def test_an_imported_tender_comes_through_the_door(demo_file: Path, tmp_path: Path) -> None:
    """The new file's trail shows the document's bids and its record written by the edits that check them; the
    edit that writes a record refuses a tender that has one."""
    from svi_desktop.errors import KnownError
    from svi_desktop.workflows import edits

    out = tmp_path / "demo.json"
    assert svi(["export-json", str(demo_file), str(out)]) == 0
    made = tmp_path / "copy.svi"
    assert svi(["import-json", str(out), str(made)]) == 0
    with TenderFile.open(made, actor="t", read_only=True) as tf:
        actions = [r.action for r in tf.audit_rows()]
    assert actions == ["import tender from JSON", "import 4 bids from demo.json",
                       "import the record carried in demo.json"]
    with TenderFile.open(demo_file, actor="t") as tf, pytest.raises(KnownError, match="only into the new file"):
        edits.apply(tf, edits.ImportRecord(evaluation=load_evaluation(tf), source="again.json"))


def _with_lots(d: dict) -> dict:
    d["lots"] = [{"id": "lot-1", "code": "1", "title": "North", "value": None},
                 {"id": "lot-2", "code": "2", "title": "South", "value": None}]
    d["bids"][0]["lot"] = "1, 2"
    d["bids"][0]["prices"] = [{"lot": "1", "price": "1000"}, {"lot": "2", "price": "900"}]
    return d


@pytest.mark.parametrize(("place", "where", "named"), [
    (lambda d: d.update(extra=1), "bad.json: ", "'extra' is not a field"),
    (lambda d: d["tender"].update(titel="A typo"), "bad.json: tender: ", "'titel' is not a field"),
    (lambda d: d["bids"][0].update(prices2=[], cost="1"), "bad.json: bids[0]: ", "'prices2', 'cost' are not fields"),
    (lambda d: d["bids"][0]["prices"][1].update(currency="EUR"), "bad.json: bids[0].prices[1]: ", "'currency'"),
    (lambda d: d["framework"]["sections"][1]["criteria"][0].update(wieght="3"),
     "bad.json: framework.sections[1].criteria[0]: ", "'wieght'"),
    (lambda d: d["scores"][0].update(value_override=5), "bad.json: scores[0]: ", "'value_override'"),
    (lambda d: d["framework"]["scale"].update(step=2), "bad.json: framework.scale: ", "'step'"),
])
def test_a_field_the_format_does_not_have_is_refused_by_name(place, where: str, named: str, demo_file: Path,
                                                             tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    """A key import-json does not read would be dropped without a word (a `prices` list once disappeared so):
    refused, naming it and where it is, and nothing imported (issue 31)."""
    good = _with_lots(_doc(demo_file))
    (tmp_path / "good.json").write_text(json.dumps(good))
    assert svi(["import-json", str(tmp_path / "good.json"), str(tmp_path / "good.svi")]) == 0  # the base is fine
    place(good)
    err = _refused(good, tmp_path, capsys)
    assert where + named in err and "correct or remove" in err, err
