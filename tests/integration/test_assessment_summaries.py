"""Final assessment summaries to reg 31, read back with pdftotext: what a losing bidder must be told, and nothing
it must not see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from svi_desktop.domain.numbers import money
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scoring import compute_results
from svi_desktop.exports.summaries import summary_name
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.award import SIGNED, advantages_text, complete_award_record, feedback_text
from tests.helpers.hostile import cli
from tests.helpers.pdf import pdf_text


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    import os

    folder = tmp_path_factory.mktemp("sums")
    os.environ["SVI_DATA_DIR"] = str(folder / "data")
    demo = folder / "demo.svi"
    assert cli("demo", str(demo))[0] == 0
    complete_award_record(demo)
    assert cli("award", "sign-off", str(demo), "--name", "Priya Shah", "--role", "Director of Public Health",
               "--date", SIGNED)[0] == 0
    out = folder / "out"
    code, _out, err = cli("export", "summaries", str(demo), str(out), "--final")
    assert code == 0, err
    return demo, out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_a_losing_bidders_summary_holds_everything_reg_31_asks(summaries: tuple[Path, Path]) -> None:
    demo, out = summaries
    with TenderFile.open(demo, actor="t", read_only=True) as tf:
        ev = load_evaluation(tf)
    results = compute_results(ev)
    winner, loser = results.ranked[0], results.ranked[1]
    text = _flat(pdf_text(out / summary_name(loser.bid)))
    assert f"Assessment summary: {loser.bid.supplier}" in text
    assert loser.bid.identifier in text and loser.bid.address.replace("\n", ", ") in text
    assert f"is that of {winner.bid.supplier}, at a price of {money(winner.bid.price)}, with a total of" in text
    price = next(x for x in ev.framework.sections if x.kind.value == "price")
    out_of = f"out of {float(price.share):.0f}"
    # Its own price and price score, the winner's, and the formula in words (issue 32, point 4).
    assert (f"Your price: {money(loser.bid.price)}; your price score: {float(loser.sections[price.id]):.2f} "
            f"{out_of}.") in text
    assert (f"The winning tender's price: {money(winner.bid.price)}; its price score: "
            f"{float(winner.sections[price.id]):.2f} {out_of}.") in text
    assert "Price was scored by the published formula “Relative to the lowest price”: lowest price ÷ this price × " \
           f"the section's points, {out_of} points" in text
    assert "Awarded under: Procurement Act 2023, competitive tendering procedure" in text
    assert "published at https://example.org/tenders/PVBC-2026-014/criteria" in text
    for c in scored_criteria(ev.framework):
        section = next(s for s in ev.framework.sections if s.id == c.section_id)
        if section.kind.value == "price":
            continue
        mine, theirs = loser.criteria[c.id].value, winner.criteria[c.id].value
        assert f"{c.title} " in text
        # Its score beside the panel's explanation; the winner's score beside the explanation written for the other
        # bidders, never the feedback addressed to the winner (issue 32, point 4).
        assert re.search(rf"{float(mine):.2f} {re.escape(feedback_text(loser.bid.supplier, c.code))}", text), c.code
        for_others = advantages_text(c.code) if c.kind.value == "scored" else "It met the threshold"
        assert re.search(rf"{float(theirs):.2f} {re.escape(for_others)}", text), c.code
        assert feedback_text(winner.bid.supplier, c.code) not in text
    for sec in ev.framework.sections:
        if sec.kind.value != "gates":
            assert f"{sec.name} (out of" in text
    assert f"Total (out of 100) {float(loser.total):.2f} {float(winner.total):.2f}" in text
    assert f"signed off by Priya Shah, Director of Public Health, on {SIGNED}" in text
    assert "DRAFT" not in text
    # Nothing internal: no moderation note, no rationale, no price but its own and the winner's (issue 31: each
    # summary names the winner's price).
    assert "Agreed at moderation" not in text and "Scored at the panel meeting" not in text
    for s in ev.scores:
        if len(s.rationale) > 30:
            assert _flat(s.rationale)[:30] not in text
    for b in ev.bids:
        if b.price is not None and b.id not in (loser.bid.id, winner.bid.id):
            assert f"{int(b.price):,}" not in text and str(int(b.price)) not in text


def test_a_failed_gate_is_explained_in_the_panels_words_never_a_descriptor(summaries: tuple[Path, Path]) -> None:
    demo, out = summaries
    with TenderFile.open(demo, actor="t", read_only=True) as tf:
        ev = load_evaluation(tf)
    failed = next(r for r in compute_results(ev).not_ranked if r.gate_failures)
    text = _flat(pdf_text(out / summary_name(failed.bid)))
    why = text[text.index("Why your tender was not the most advantageous"):]
    gate = failed.gate_failures[0]
    assert f"{gate.code} {gate.title}" in why
    # Its price, with no price score, and why (issue 32, point 4).
    assert (f"Your price: {money(failed.bid.price)}. It has no price score: the bid did not pass every "
            "qualification gate, so its price was not weighed.") in text
    assert feedback_text(failed.bid.supplier, gate.code) in why
    for level in ev.framework.scale.levels:
        assert level.descriptor not in why
    # The descriptors appear once only: as the meaning of the scale.
    assert text.count(ev.framework.scale.levels[2].descriptor) == 1
    # Not ranked, so its price was not weighed: no price score (it read "Price (out of 30) 30.00"; issue 32).
    price = next(x for x in ev.framework.sections if x.kind.value == "price")
    assert f"{price.name} (out of {int(price.share)}) no price score" in text


def test_the_winners_summary_names_no_rival(summaries: tuple[Path, Path]) -> None:
    demo, out = summaries
    with TenderFile.open(demo, actor="t", read_only=True) as tf:
        ev = load_evaluation(tf)
    winner = compute_results(ev).ranked[0]
    text = _flat(pdf_text(out / summary_name(winner.bid)))
    assert "most advantageous tender: it ranked first" in text
    for b in ev.bids:
        if b.id != winner.bid.id:
            assert b.supplier not in text


def test_the_explanation_for_the_other_bidders_is_in_the_third_person(demo_file: Path, tmp_path: Path) -> None:
    """Issue 32, point 4: what the other bidders are told of the winning tender is written for them; text addressed
    to the winner ("Your response...") is listed by the completeness check and stops the final summaries."""
    from svi_desktop.store.operations import scores as score_ops

    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="t") as tf:
        ev = load_evaluation(tf)
        winner = compute_results(ev).ranked[0].bid
        c = next(x for x in ev.consensus if x.bid_id == winner.id and x.advantages)
        score_ops.set_consensus(tf, bid_id=c.bid_id, criterion_id=c.criterion_id, value=c.value, note=c.note,
                                feedback=c.feedback, advantages="Your response named its partners and dates.")
        code = next(x.code for x in ev.framework.criteria if x.id == c.criterion_id)
    done, printed, _err = cli("award", "check", str(demo_file))
    assert done == 2 and (f"The relative advantages of {winner.supplier}, the winning bid, on {code}") in printed
    assert "speak to the winner ('Your'): they are sent to the other bidders, so write them in the third person." \
        in printed
    out = tmp_path / "s"
    done, _out, err = cli("export", "summaries", str(demo_file), str(out), "--final")
    assert done == 2 and "award record is not complete" in err and not out.exists()
