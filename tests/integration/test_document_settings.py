"""A JSON document's settings, lots and conflicts assessment pass the rule each has in the window and `svi`
(import-json is not a back door): a worked tender's settings come back exactly; a value the window would refuse, or
a key that is no setting of the program, is refused in one sentence and nothing is made."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from svi_desktop.domain.settings import (
    CONSENSUS_DRAFT,
    DEFAULT_SPREAD_PERCENT,
    FROZEN,
    MODERATION_STARTED,
    spread_threshold_percent,
)
from svi_desktop.store.operations import award as award_ops
from svi_desktop.store.operations import moderation
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.award import complete_award_record, record_notice_details
from tests.helpers.files import sha256
from tests.helpers.hostile import cli
from tests.helpers.lots import complete_lots_record, three_limited_lots


def _settings(path: Path) -> dict[str, str]:
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return load_evaluation(tf).settings


def test_a_worked_tenders_settings_come_back_exactly(demo_file: Path, tmp_path: Path) -> None:
    complete_award_record(demo_file)
    three_limited_lots(demo_file)
    complete_lots_record(demo_file)
    record_notice_details(demo_file)
    with TenderFile.open(demo_file, actor="t") as tf:
        moderation.set_spread_threshold_percent(tf, percent=Decimal("25.5"))
        moderation.start_moderation(tf)
        award_ops.set_criteria_published(tf, where="https://example.org/tender/criteria")
    original = _settings(demo_file)
    assert len(original) >= 8 and MODERATION_STARTED in original
    document = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(document))[0] == 0
    code, _out, err = cli("import-json", str(document), str(tmp_path / "i.svi"))
    assert code == 0, err
    assert _settings(tmp_path / "i.svi") == {k: v for k, v in original.items()
                                             if k != FROZEN and not k.startswith(("pack.", CONSENSUS_DRAFT))}


@pytest.mark.parametrize(("key", "value", "told"), [
    ("moderation.spread_threshold_percent", "abc", "a percentage of the scale's range, from 0 to 100"),
    ("moderation.spread_threshold_percent", "NaN", "a percentage of the scale's range, from 0 to 100"),
    ("moderation.spread_threshold_percent", "250", "a percentage of the scale's range, from 0 to 100"),
    ("lots.limit_per_supplier", "-3", "a whole number from 0 (no limit) up to 1000"),
    ("lots.limit_per_supplier", "²", "a whole number from 0 (no limit) up to 1000"),
    ("lots.tie_break", "coin toss", "'coin toss' is not a tie-break rule the program knows"),
    ("moderation.started_at", "yesterday", "is not a date and time the program recorded"),
    ("moderation.started_at", "2026-11-26T10:00:00", "without its offset from UTC"),
    ("award.criteria_published_at", "x" * 600, "at most 500 characters"),
    ("award.criteria_published_at", "x" * 10_000_000, "is longer than 1,000,000 characters"),
    ("lots.published", "y" * 501, "at most 500 characters"),
    ("award.anything", "hello", "is not a setting this program knows"),
])
def test_a_setting_the_window_would_refuse_is_refused_and_nothing_is_made(demo_file: Path, tmp_path: Path, key: str,
                                                                         value: str, told: str) -> None:
    document = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(document))[0] == 0
    data = json.loads(document.read_text(encoding="utf-8"))
    data["settings"][key] = value
    document.write_text(json.dumps(data), encoding="utf-8")
    before = sha256(document)
    code, _out, err = cli("import-json", str(document), str(tmp_path / "i.svi"))
    assert code == 2 and told in err and f"settings.{key}" in err
    assert len(err) < 400 and len(err.strip().splitlines()) == 1  # one sentence, never the ten megabytes
    assert not list(tmp_path.glob("*i.svi*")) and sha256(document) == before


@pytest.mark.parametrize("held", ["abc", "NaN", "-1", "1e999", ""])
def test_a_spread_threshold_no_rule_allows_reads_as_the_default(held: str) -> None:
    """A file edited outside the program opens read-only and is still shown: its panel must not fail on it."""
    assert spread_threshold_percent({"moderation.spread_threshold_percent": held}) == Decimal(DEFAULT_SPREAD_PERCENT)
    assert spread_threshold_percent({"moderation.spread_threshold_percent": "12.5"}) == Decimal("12.5")


def test_a_lot_of_negative_value_is_refused_as_lots_and_limits_refuses_it(demo_file: Path, tmp_path: Path) -> None:
    document = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(document))[0] == 0
    data = json.loads(document.read_text(encoding="utf-8"))
    for value in ("-5", -5):
        data["lots"] = [{"id": "lot-1", "code": "1", "title": "North", "value": value}]
        document.write_text(json.dumps(data), encoding="utf-8")
        code, _out, err = cli("import-json", str(document), str(tmp_path / "i.svi"))
        assert code == 2 and "lots[0].value: must be a number of 0 or more" in err
        assert not list(tmp_path.glob("*i.svi*"))
    data["lots"][0]["value"] = "250000"
    document.write_text(json.dumps(data), encoding="utf-8")
    assert cli("import-json", str(document), str(tmp_path / "i.svi"))[0] == 0


@pytest.mark.parametrize(("change", "told"), [
    ({"next_review": "2026-01-01", "reviewed_on": "2026-06-01"}, "The next review must come after the review"),
    ({"person": "   "}, "conflicts_assessment[0].person: must not be empty"),
    ({"interests": " "}, "conflicts_assessment[0].interests: must not be empty"),
    ({"next_review": ""}, "conflicts_assessment[0].next_review: must not be empty"),
])
def test_a_conflicts_assessment_entry_is_read_by_the_rule_of_the_window(demo_file: Path, tmp_path: Path,
                                                                       change: dict, told: str) -> None:
    document = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(document))[0] == 0
    data = json.loads(document.read_text(encoding="utf-8"))
    data["conflicts_assessment"] = [{"id": "a-1", "person": "Dana Lead", "role": "evaluation lead",
                                     "interests": "None", "assessment": "No conflict with any bidder.",
                                     "mitigation": "", "reviewed_by": "Head of Procurement",
                                     "reviewed_on": "2026-11-01", "next_review": "2027-02-01", **change}]
    document.write_text(json.dumps(data), encoding="utf-8")
    code, _out, err = cli("import-json", str(document), str(tmp_path / "i.svi"))
    assert code == 2 and "conflicts_assessment[0]" in err and told in err
    assert not list(tmp_path.glob("*i.svi*"))


@pytest.mark.parametrize(("dates", "told"), [
    ([{"label": "Tender closes", "date": "tomorrow"}], "Key date 1 needs a label"),
    ([{"label": "Award", "date": "2026-12-01"}, {"label": "Notice", "date": "2026-02-30"}], "Key date 2 needs a label"),
    ([{"label": "x" * 201, "date": "2026-12-01"}], "is longer than 200 characters"),
    ([{"label": f"Day {i}", "date": "2026-12-01"} for i in range(101)], "at most 100 key dates"),
])
def test_key_dates_are_kept_by_setups_rule_at_every_door(demo_file: Path, tmp_path: Path, dates: list,
                                                         told: str) -> None:
    """A document's key dates, and the edit `svi` and the window send (workflows/edits.py), pass the rule Setup
    parses them by: a label and a date, YYYY-MM-DD."""
    from svi_desktop.domain.model import KeyDate
    from svi_desktop.errors import KnownError
    from svi_desktop.workflows import edits

    document = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(document))[0] == 0
    data = json.loads(document.read_text(encoding="utf-8"))
    data["tender"]["key_dates"] = dates
    document.write_text(json.dumps(data), encoding="utf-8")
    code, _out, err = cli("import-json", str(document), str(tmp_path / "i.svi"))
    assert code == 2 and "tender.key_dates" in err and told in err
    assert not list(tmp_path.glob("*i.svi*"))
    with TenderFile.open(demo_file, actor="t") as tf:
        before, rows = load_evaluation(tf).tender.key_dates, len(tf.audit_rows())
        if "longer than" not in told:  # the document reader's own length bound; the store's sentence differs
            with pytest.raises(KnownError, match=told):
                edits.apply(tf, edits.SetKeyDates(dates=tuple(KeyDate(d["label"], d["date"]) for d in dates)))
        edits.apply(tf, edits.SetKeyDates(dates=(KeyDate("  Tender   closes ", "2026-12-01T10:00:00"),)))
        assert load_evaluation(tf).tender.key_dates == (KeyDate("Tender closes", "2026-12-01"),) != before
        assert len(tf.audit_rows()) == rows + 1


def _clarification(bid: str, criterion: str, **change: str) -> dict:
    return {"id": "q-1", "bid": bid, "criterion": criterion, "question": "Which sites does the offer cover?",
            "raised_by": "Tom Reid", "raised_at": "2026-11-02T09:00:00+00:00", "sent_at": "2026-11-03",
            "answer": "All four.", "answered_at": "2026-11-05", **change}


@pytest.mark.parametrize(("change", "told"), [
    ({"sent_at": "2026-11-01"}, "cannot be sent before it was raised"),
    ({"answered_at": "2026-11-02"}, "An answer cannot come before the clarification was sent"),
    ({"sent_at": ""}, "answer needs the date the question was sent"),
    ({"answer": ""}, "answer and the date it came go together"),
    ({"answered_at": ""}, "answer and the date it came go together"),
    ({"sent_at": "2099-01-01", "answered_at": "2099-01-02"}, "cannot be raised, sent or answered in the future"),
    ({"raised_at": "last week"}, "dates must be dates such as 2026-11-26"),
])
def test_a_clarification_keeps_the_order_the_dialog_records(demo_file: Path, tmp_path: Path, change: dict,
                                                             told: str) -> None:
    """Raised, then sent, then answered: a document's clarification that breaks the order is refused as the
    Clarifications dialog refuses each step; one that keeps it is imported."""
    document = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(document))[0] == 0
    data = json.loads(document.read_text(encoding="utf-8"))
    bid, criterion = data["responses"][0]["bid"], data["responses"][0]["criterion"]
    data["clarifications"] = [_clarification(bid, criterion, **change)]
    document.write_text(json.dumps(data), encoding="utf-8")
    code, _out, err = cli("import-json", str(document), str(tmp_path / "i.svi"))
    assert code == 2 and told in err and "Nothing was imported" in err and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*i.svi*"))
    data["clarifications"] = [_clarification(bid, criterion)]
    document.write_text(json.dumps(data), encoding="utf-8")
    assert cli("import-json", str(document), str(tmp_path / "i.svi"))[0] == 0
    with TenderFile.open(tmp_path / "i.svi", actor="t", read_only=True) as tf:
        assert [q.answer for q in load_evaluation(tf).clarifications] == ["All four."]
