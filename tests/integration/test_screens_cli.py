"""`svi screens FILE --json` on the demo (built from shared templates, so strong bids share passages) and on a
file where one bidder pasted another's response and restated the question."""

from __future__ import annotations

import json
from pathlib import Path

from svi_desktop.store.operations.bids import set_response
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.hostile import cli


def _paste_and_restate(path: Path):  # type: ignore[no-untyped-def]
    """The second bidder's LT2 response: the question restated, then the first bidder's response pasted."""
    with TenderFile.open(path, actor="t") as tf:
        ev = load_evaluation(tf)
        crit = next(c for c in ev.framework.criteria if c.code == "LT2")
        first, second = ev.bids[0], ev.bids[1]
        copied = next(r.text for r in ev.responses if r.bid_id == first.id and r.criterion_id == crit.id)
        set_response(tf, bid_id=second.id, criterion_id=crit.id, text=f"{crit.guidance} {copied}")
    return ev, crit, first, second


def test_the_json_names_pairs_restatements_and_hints(demo_file: Path) -> None:
    ev, crit, first, second = _paste_and_restate(demo_file)
    code, out, err = cli("screens", str(demo_file), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) >= {"pairs", "restated", "hints"}
    pair = next(p for p in doc["pairs"] if p["criterion"] == "LT2" and set(p["bids"]) == {first.id, second.id})
    assert pair["shared"] > 0.6 and pair["passages"]  # all but the restated guidance
    for p in pair["passages"]:
        assert 0 <= p["a"][0] < p["a"][1] and 0 <= p["b"][0] < p["b"][1]
    assert any(p["criterion"] is None and set(p["bids"]) == {first.id, second.id} for p in doc["pairs"])
    restated = [r for r in doc["restated"] if r["bid"] == second.id and r["criterion"] == "LT2"]
    assert restated and restated[0]["passages"][0]["text"] in crit.guidance
    assert len(doc["hints"]) == len(ev.responses)
    assert all(0.0 <= p["shared"] <= 1.0 for p in doc["pairs"])
    code, text, _ = cli("screens", str(demo_file))
    assert code == 0 and "restates the question" in text


def test_nothing_of_the_screens_reaches_an_assessment_summary_but_the_report_has_the_internal_appendix(
        demo_file: Path, tmp_path: Path) -> None:
    from svi_desktop.store.operations.clarifications import raise_clarification
    from tests.helpers.pdf import pdf_text

    ev, crit, _first, second = _paste_and_restate(demo_file)
    with TenderFile.open(demo_file, actor="t") as tf:
        raise_clarification(tf, bid_id=second.id, criterion_id=crit.id, question="SECRET-QUESTION-4471?",
                            raised_by="Lead")
    out = tmp_path / "summaries"
    out.mkdir()
    code, _o, err = cli("export", "summaries", str(demo_file), str(out))
    assert code == 0, err
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == len(ev.bids)
    for pdf in pdfs:
        text = " ".join(pdf_text(pdf).split())
        for banned in ("evidence screen", "Shared passages", "restate", "Screen:", "checkable", "vague",
                       "bare claims", "collusion", "SECRET-QUESTION-4471", "share %"):
            assert banned.lower() not in text.lower(), (pdf.name, banned)
    assert cli("export", "pdf", str(demo_file), str(tmp_path / "r.pdf"))[0] == 0
    report = " ".join(pdf_text(tmp_path / "r.pdf").split())
    assert "Internal appendix: evidence screens" in report and "For the evaluation team only" in report
    assert "The question restated" in report


def test_against_a_folder_names_the_earlier_tender_supplier_and_criterion(demo_file: Path, tmp_path: Path) -> None:
    """Issue 33, point 3: the bids compared with the bids of earlier tenders in a folder, read-only; a file there
    that is not a tender is named with why; a folder that is not there is one sentence."""
    from tests.helpers.files import earlier_tender

    folder = tmp_path / "earlier"
    earlier, kept = earlier_tender(folder)
    (folder / "notes.svi").write_text("not a tender")
    before = earlier.read_bytes()
    code, out, err = cli("screens", str(demo_file), "--json", "--against", str(folder))
    assert code == 0, err
    found = json.loads(out)["earlier"]
    assert found["tenders_read"] == 1
    assert found["unreadable"] == ["notes.svi: notes.svi is not a tender file (it is not an SQLite database); open a "
                                   ".svi file."]
    # The one response kept from last year, and nothing else: its bidder, criterion, last year's name and file;
    # and, after it, this year's Valley response on LT1, which the demo built from the same passages.
    earlier_of = ("Moorside Health Partnership (2025)", "LT1 Voluntary and community sector capacity")
    assert sorted((m["supplier"], m["criterion"], m["earlier_supplier"], m["earlier_criterion"])
                  for m in found["matches"]) == [("Moorside Community Health CIC", "LT1", *earlier_of),
                                                 ("Valley Wellbeing Partnership", "LT1", *earlier_of)]
    match = next(m for m in found["matches"] if m["supplier"] == "Moorside Community Health CIC")
    assert match["earlier_tender"].endswith("(last-year.svi)") and match["shared"] > 0.9
    assert all(p["text_b"] in kept for p in match["passages"])
    assert earlier.read_bytes() == before  # read, never changed
    code, out, _err = cli("screens", str(demo_file), "--against", str(folder))
    assert ("LT1: Moorside Community Health CIC shares 100% with Moorside Health Partnership (2025) in "
            "PVBC-2026-014") in out and "not read: notes.svi" in out
    code, _out, err = cli("screens", str(demo_file), "--against", str(tmp_path / "nowhere"))
    assert code == 2 and err.strip() == f"svi: There is no folder {tmp_path / 'nowhere'}: give the folder that " \
                                        "holds the earlier tenders."


def test_against_encrypted_earlier_tenders_with_the_passphrase_at_hand(demo_file: Path, tmp_path: Path,
                                                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 33 point 3 with issue 34: an encrypted earlier tender is read with the screened tender's passphrase
    (or SVI_PASSPHRASE); one under another passphrase is named, not fatal, and nothing is asked (no terminal)."""
    import shutil

    from svi_desktop.workflows import tenders
    from tests.helpers.files import earlier_tender

    folder = tmp_path / "earlier"
    earlier, _kept = earlier_tender(folder)
    other = folder / "other-council.svi"
    shutil.copyfile(earlier, other)
    tenders.encrypt(earlier, "our council passphrase", actor="t")
    tenders.encrypt(other, "their council passphrase", actor="t")
    tenders.encrypt(demo_file, "our council passphrase", actor="t")
    from svi_desktop.store import keys

    keys.forget_all()  # as a new process: no passphrase known but the ones at hand
    monkeypatch.setenv("SVI_PASSPHRASE", "our council passphrase")
    code, out, err = cli("screens", str(demo_file), "--json", "--against", str(folder))
    assert code == 0, err
    found = json.loads(out)["earlier"]
    assert found["tenders_read"] == 1
    assert found["unreadable"] == ["other-council.svi: other-council.svi is encrypted and that passphrase does not "
                                   "open it: give its passphrase."]
    assert {m["earlier_supplier"] for m in found["matches"]} == {"Moorside Health Partnership (2025)"}
