"""Every notice the program writes is valid OCDS 1.1.5 with the UK extension, codelists included (issue 32, point 1),
and its dates can be true (point 2). The validator is tried on faults it must find, so that it is not trusted blind."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from svi_desktop.domain import notice_details as nd
from svi_desktop.domain.standstill import psr_standstill_last_day, standstill_last_day
from svi_desktop.exports.ocds import codelists, problems
from svi_desktop.store.operations import award as award_ops
from svi_desktop.store.operations import framework as fw_ops
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.award import SIGNED, days_ahead, signed_under
from tests.helpers.hostile import cli

STATUTORY = ["act-competitive", "act-light-touch", "psr-competitive", "psr-direct-a", "psr-direct-b", "psr-direct-c"]
OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def _signed(path: Path, regime: str, lots: bool = False) -> None:
    signed_under(path, regime, lots)


def _notice(path: Path, out: Path, published: str, *extra: str) -> dict[str, Any]:
    code, _printed, err = cli("award", "notice", str(path), str(out), "--published", published, "--final", *extra)
    assert code == 0, err
    found = sorted(out.glob("*.json"))
    assert len(found) == 1 and found[0].with_suffix(".pdf").exists()  # a PDF beside each JSON, for people
    package: dict[str, Any] = json.loads(found[0].read_text())
    return package


@pytest.mark.parametrize("lots", ["", "all", "2"])
@pytest.mark.parametrize("regime", STATUTORY)
def test_every_notice_is_valid_ocds_for_the_uk(regime: str, lots: str, demo_file: Path, tmp_path: Path) -> None:
    _signed(demo_file, regime, lots=bool(lots))
    day = dt.date.fromisoformat(days_ahead(12))
    package = _notice(demo_file, tmp_path / "n", day.isoformat(), *(("--lot", lots) if lots not in ("", "all") else ()))
    assert problems(package) == []
    assert package["version"] == "1.1" and OFFSET.fullmatch(package["publishedDate"])
    release = package["releases"][0]
    assert release["initiationType"] == "tender" and release["tag"][0] == "award"
    assert OFFSET.fullmatch(release["date"]) and release["date"][:10] == day.isoformat()
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        tender_id = tf.query("SELECT id FROM tender")[0][0]
    assert release["ocid"] == f"ocds-b5fd17-{tender_id}"
    buyer = next(p for p in release["parties"] if p["roles"] == ["buyer"])
    assert buyer["identifier"] == {"scheme": "GB-PPON", "id": "PLMN-2468-OPQR", "legalName": buyer["name"]}
    assert release["buyer"]["id"] == buyer["id"]
    for supplier in (p for p in release["parties"] if p["roles"] == ["supplier"]):
        assert supplier["identifier"]["scheme"] in ("GB-PPON", "GB-COH")
        assert isinstance(supplier["details"]["vcse"], bool)
        assert supplier["details"].get("scale", "sme") in ("sme", "large")
    t = release["tender"]
    assert t["classification"] == {"scheme": "CPV", "id": "85000000-9"}
    assert t["items"][0]["additionalClassifications"] == [{"scheme": "CPV", "id": "85312000"}]
    assert t["procurementMethod"] == ("direct" if regime.startswith("psr-direct") else "open")
    assert t["aboveThreshold"] is True
    for award in release["awards"]:
        assert isinstance(award["value"]["amount"], int | float) and award["value"]["currency"] == "GBP"
        assert award["assessmentSummariesDateSent"][:10] == SIGNED and award["aboveThreshold"] is True
        if regime in ("psr-direct-a", "psr-direct-b"):
            assert "standstillPeriod" not in award and award["status"] == "active"
        else:
            last = (psr_standstill_last_day if regime.startswith("psr") else standstill_last_day)(day)
            first = day + dt.timedelta(days=1) if regime.startswith("psr") else day
            assert award["standstillPeriod"]["startDate"][:10] == first.isoformat()
            assert award["standstillPeriod"]["endDate"][:10] == last.isoformat()
        if lots:
            assert award["relatedLots"] == (["2"] if lots == "2" else award["relatedLots"])
    assert len(release["awards"]) == (3 if lots == "all" else 1)
    for contract in release["contracts"]:
        assert contract["period"]["startDate"][:10] == days_ahead(200)
        assert contract["period"]["endDate"][:10] == days_ahead(200 + 3 * 365)
        assert contract["awardID"] in {a["id"] for a in release["awards"]}
    stats = {s["measure"]: s["value"] for s in release["bids"]["statistics"]}
    assert set(stats) == {"finalStageBids", "smeFinalStageBids", "vcseFinalStageBids"} and stats["finalStageBids"] >= 1


def test_the_codelists_are_the_standards_with_the_uk_additions() -> None:
    lists = codelists()
    assert "buyer" in lists["partyRole.csv"] and "CPV" in lists["itemClassificationScheme.csv"]
    assert {"finalStageBids", "smeFinalStageBids", "vcseFinalStageBids"} <= lists["bidStatistics.csv"]
    assert "direct" in lists["method.csv"] and "pending" in lists["awardStatus.csv"]


@pytest.fixture(scope="module")
def valid_package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("valid")
    path = folder / "t.svi"
    assert cli("demo", str(path))[0] == 0
    _signed(path, "act-competitive")
    return _notice(path, folder / "n", days_ahead(12))


def _broken(package: dict[str, Any], change: Any) -> list[str]:
    doc = copy.deepcopy(package)
    change(doc["releases"][0])
    return problems(doc)


@pytest.mark.parametrize(("fault", "change", "found"), [
    ("a date without its time", lambda r: r.update(date="2026-12-21"), "date"),
    ("a date-time without its offset", lambda r: r.update(date="2026-12-21T00:00:00"), "date"),
    ("an amount as text", lambda r: r["awards"][0]["value"].update(amount="1180000"), "amount"),
    ("no initiationType", lambda r: r.pop("initiationType"), "initiationType"),
    ("a method outside the closed codelist", lambda r: r["tender"].update(procurementMethod="tender"),
     "procurementMethod"),
    ("a party role outside the codelist", lambda r: r["parties"][0].update(roles=["winner"]), "roles"),
    ("a classification scheme outside the codelist", lambda r: r["tender"]["items"][0]["classification"].update(
        scheme="CPV2008"), "scheme"),
    ("aboveThreshold as text", lambda r: r["tender"].update(aboveThreshold="yes"), "aboveThreshold"),
    ("a VCSE flag as text", lambda r: r["parties"][1]["details"].update(vcse="no"), "vcse"),
    ("a standstill end that is no date", lambda r: r["awards"][0]["standstillPeriod"].update(endDate="soon"),
     "endDate"),
    ("a currency that is none", lambda r: r["awards"][0]["value"].update(currency="GBX"), "currency"),
])
def test_the_validator_finds_what_a_platform_would_refuse(valid_package: dict[str, Any], fault: str, change: Any,
                                                         found: str) -> None:
    assert problems(valid_package) == []
    faults = _broken(valid_package, change)
    assert faults and any(found in f for f in faults), (fault, faults)


def test_a_final_notice_needs_the_registered_ocid_prefix_and_nothing_is_written(demo_file: Path,
                                                                                tmp_path: Path) -> None:
    _signed(demo_file, "act-competitive")
    with TenderFile.open(demo_file, actor="t") as tf:
        award_ops.set_notice_detail(tf, key=nd.OCID_PREFIX, value="")
    out = tmp_path / "n"
    code, _out, err = cli("award", "notice", str(demo_file), str(out), "--published", days_ahead(12), "--final")
    assert code == 2 and err.strip() == ("svi: The final notice needs the authority's registered OCID prefix: record "
                                         "them in Setup, Notice details (svi award notice-details).")
    assert not out.exists()
    # A draft is made, under a prefix that says it is not registered.
    assert cli("award", "notice", str(demo_file), str(out), "--published", days_ahead(12))[0] == 0
    package = json.loads(next(out.glob("*.json")).read_text())
    assert package["releases"][0]["ocid"].startswith("ocds-draft0-") and package["svi"]["draft"] is True


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--ocid-prefix", "ocds-svi", "'ocds-svi' is not an OCID prefix"),
    ("--ocid-prefix", "OCDS-B5FD17", "is not an OCID prefix"),
    ("--buyer-identifier", "12345678", "is not a Public Procurement Organisation Number"),
    ("--contract-start", "1 April", "is not a date"),
    ("--above-threshold", "maybe", "is yes or no"),
    ("--summaries-sent", "2099-01-01", "a day still to come"),
    ("--cpv", "8500", "'8500' is not a CPV code"),
    ("--cpv", "85000000-9; 8531200x", "'8531200x' is not a CPV code"),
])
def test_each_notice_detail_has_its_rule_and_a_bad_one_changes_nothing(demo_file: Path, option: str, value: str,
                                                                      message: str) -> None:
    before = demo_file.read_bytes()
    code, _out, err = cli("award", "notice-details", str(demo_file), "--ocid-prefix", "ocds-b5fd17", option, value)
    assert code == 2 and message in err and err.count("\n") == 1
    assert demo_file.read_bytes() == before  # the good prefix given with it was not recorded either


def test_the_same_rules_from_import_json(demo_file: Path, tmp_path: Path) -> None:
    doc = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(doc))[0] == 0
    data = json.loads(doc.read_text())
    data.setdefault("settings", {})[nd.OCID_PREFIX] = "ocds-NOPE"
    doc.write_text(json.dumps(data))
    code, _out, err = cli("import-json", str(doc), str(tmp_path / "x.svi"))
    assert code == 2 and "is not an OCID prefix" in err and not (tmp_path / "x.svi").exists()
    data["settings"][nd.OCID_PREFIX] = "ocds-b5fd17"
    data["tender"]["cpv"] = "85000000-9, 9999"
    doc.write_text(json.dumps(data))
    code, _out, err = cli("import-json", str(doc), str(tmp_path / "x.svi"))
    assert code == 2 and "'9999' is not a CPV code" in err and not (tmp_path / "x.svi").exists()
    data["tender"]["cpv"] = "85000000-9"
    doc.write_text(json.dumps(data))
    assert cli("import-json", str(doc), str(tmp_path / "x.svi"))[0] == 0
    code, printed, _err = cli("award", "notice-details", str(tmp_path / "x.svi"))
    assert "CPV codes: 85000000-9" in printed and "OCID prefix: ocds-b5fd17" in printed


def test_a_notice_cannot_be_published_before_the_decision_or_a_year_ahead(demo_file: Path, tmp_path: Path) -> None:
    _signed(demo_file, "act-competitive")
    out = tmp_path / "n"
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    code, _out, err = cli("award", "notice", str(demo_file), str(out), "--published", yesterday)
    assert code == 2 and err.strip() == (f"svi: A notice cannot be published on {yesterday}, before the decision it "
                                         f"announces (the last sign-off, {SIGNED}); give a day on or after it.")
    code, _out, err = cli("award", "notice", str(demo_file), str(out), "--published", "2020-01-06")
    assert code == 2 and "before the decision it announces" in err
    far = days_ahead(366)
    code, _out, err = cli("award", "notice", str(demo_file), str(out), "--published", far)
    assert code == 2 and f"published on {far}, more than a year ahead" in err
    assert not out.exists()
    assert cli("award", "notice", str(demo_file), str(out), "--published", days_ahead(365))[0] == 0


def test_the_summaries_go_before_the_notice_and_the_contract_starts_after_the_standstill(demo_file: Path,
                                                                                       tmp_path: Path) -> None:
    _signed(demo_file, "act-competitive")
    out = tmp_path / "n"
    day = dt.date.today()
    with TenderFile.open(demo_file, actor="t") as tf:  # the summaries were sent today: a notice today is fine
        award_ops.set_notice_detail(tf, key=nd.CONTRACT_START, value=standstill_last_day(day).isoformat())
    code, _out, err = cli("award", "notice", str(demo_file), str(out), "--published", day.isoformat(), "--final")
    assert code == 2 and "standstill after a notice published on" in err and not out.exists()
    later = (standstill_last_day(day) + dt.timedelta(days=1)).isoformat()
    assert cli("award", "notice-details", str(demo_file), "--contract-start", later)[0] == 0
    assert cli("award", "notice", str(demo_file), str(out), "--published", day.isoformat(), "--final")[0] == 0
    # The contract cannot start before the award (the sign-off), nor end before it starts.
    code, _out, err = cli("award", "notice-details", str(demo_file), "--contract-start",
                          (day - dt.timedelta(days=1)).isoformat())
    assert code == 2 and "before the award was made" in err
    code, _out, err = cli("award", "notice-details", str(demo_file), "--contract-end", later,
                          "--contract-start", days_ahead(400))
    assert code == 2 and "cannot end on" in err


def test_a_notice_is_not_published_before_the_summaries_were_sent(demo_file: Path, tmp_path: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        fw_ops.set_tender_field(tf, field="regime", value="act-competitive")
        award_ops.set_notice_detail(tf, key=nd.SUMMARIES_SENT, value=SIGNED)
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    code, _out, err = cli("award", "notice", str(demo_file), str(tmp_path / "n"), "--published", yesterday)
    assert code == 2 and err.strip() == (f"svi: A notice cannot be published on {yesterday}, before the assessment "
                                         f"summaries were sent ({SIGNED}): they go to the bidders first (Procurement "
                                         "Act 2023, s.50).")


def test_a_psr_key_criterion_from_import_json_keeps_its_rule(demo_file: Path, tmp_path: Path) -> None:
    doc, target = tmp_path / "t.json", tmp_path / "x.svi"
    assert cli("export-json", str(demo_file), str(doc))[0] == 0
    data = json.loads(doc.read_text())
    for text, refusal in (("v" * 2001, "is at most 2,000 characters"), ("  Weighed   at 20%  ", "")):
        data.setdefault("settings", {})["psr.key_criterion.value"] = text
        doc.write_text(json.dumps(data))
        code, _out, err = cli("import-json", str(doc), str(target))
        assert (code, refusal in err, target.exists()) == ((2, True, False) if refusal else (0, True, True)), err
    assert "Value: Weighed at 20%" in cli("award", "psr-criteria", str(target))[1]


def test_notice_details_given_together_are_refused_together(demo_file: Path) -> None:
    """A start before the award given with an end that is fine: neither is recorded (the end was recorded before
    the start was refused, once)."""
    _signed(demo_file, "act-competitive")
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    before = demo_file.read_bytes()
    code, _out, err = cli("award", "notice-details", str(demo_file), "--contract-end", days_ahead(900),
                          "--contract-start", yesterday)
    assert code == 2 and err.strip() == (f"svi: The contract cannot start on {yesterday}, before the award was made "
                                         f"({SIGNED}, the last sign-off).")
    assert demo_file.read_bytes() == before
