"""`svi demo d.svi && svi results d.svi` prints the ranking worked out by hand below."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

from svi_desktop.domain.numbers import fmt


def svi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svi_desktop.cli", *args], capture_output=True, text=True, timeout=120)


# The demo's scores (resources/demo/demo.json), worked by hand. Scale 0-4.
# Local themes (15%, seven criteria of equal weight): points = 15 * (sum of all
# evaluators' theme scores / 3 evaluators / 4 scale max) / 7 = 15 * sum / 84.
# Quality (55%): Q1 weight 2, Q2 and Q3 weight 1: 55 * (2*q1 + q2 + q3) / 4 / 4.
# Price (30%), relative: 30 * lowest eligible price / price. Brightpath (940,000)
# fails two gates, so the lowest eligible price is Northgate's 990,000.
MOORSIDE = {  # themes A 4343433 (24) B 4333434 (24) C 4344433 (25): 73; quality Q1 4, Q2 3.5, Q3 3
    "themes": F(15 * 73, 84), "quality": F(55) * (2 * 4 + F(7, 2) + 3) / 16, "price": F(30 * 990, 1180)}
VALLEY = {  # themes 20 + 19 + 22 = 61; quality Q1 3 (consensus), Q2 3, Q3 2
    "themes": F(15 * 61, 84), "quality": F(55) * (2 * 3 + 3 + 2) / 16, "price": F(30 * 990, 1050)}
NORTHGATE = {  # themes 15 + 13 + 15 = 43 (B scored LT3 at 1: the demo's disputed score); Q1 3, Q2 2, Q3 2.5
    "themes": F(15 * 43, 84), "quality": F(55) * (2 * 3 + 2 + F(5, 2)) / 16, "price": F(30)}


def test_hand_worked_figures_are_what_we_expect() -> None:
    # The arithmetic above, rounded once, as printed.
    assert [fmt(MOORSIDE[k]) for k in ("themes", "quality", "price")] == ["13.04", "49.84", "25.17"]
    assert fmt(sum(MOORSIDE.values())) == "88.05"
    assert fmt(sum(VALLEY.values())) == "76.99"
    assert fmt(sum(NORTHGATE.values())) == "73.77"


def test_demo_results_match_hand_worked_ranking(tmp_path: Path) -> None:
    d = tmp_path / "d.svi"
    made = svi("demo", str(d))
    assert made.returncode == 0, made.stderr
    run = svi("results", str(d))
    assert run.returncode == 0, run.stderr
    rows = [line.split() for line in run.stdout.splitlines() if line[:1].isdigit()]
    assert rows == [
        ["1", "Moorside", "Community", "Health", "CIC", "13.04", "49.84", "25.17", "88.05"],
        ["2", "Valley", "Wellbeing", "Partnership", "10.89", "37.81", "28.29", "76.99"],
        ["3", "Northgate", "Support", "Services", "Ltd", "7.68", "36.09", "30.00", "73.77"],
    ]
    assert (
        "Brightpath Care Group plc: failed SVI9 General Social Responsibility: 1.67 is below the threshold of 2.00; "
        "SVI10 Credibility: 1.33 is below the threshold of 2.00"
    ) in run.stdout


def test_results_json_holds_exact_totals(tmp_path: Path) -> None:
    d = tmp_path / "d.svi"
    svi("demo", str(d))
    run = svi("results", str(d), "--json")
    doc = json.loads(run.stdout)
    ranked = {r["supplier"]: r for r in doc["ranked"]}
    assert F(ranked["Moorside Community Health CIC"]["total_exact"]) == sum(MOORSIDE.values())
    assert F(ranked["Valley Wellbeing Partnership"]["total_exact"]) == sum(VALLEY.values())
    assert ranked["Valley Wellbeing Partnership"]["criteria"]["Q1"]["source"] == "consensus"
    assert [r["supplier"] for r in doc["not_ranked"]] == ["Brightpath Care Group plc"]
    assert [f["criterion"] for f in doc["not_ranked"][0]["gate_failures"]] == ["SVI9", "SVI10"]


def test_new_info_check_and_refusals(tmp_path: Path) -> None:
    t = tmp_path / "t.svi"
    assert svi("new", str(t), "--template", "social-value-tender").returncode == 0
    info = svi("info", str(t))
    assert "Social value tender (4 sections, 20 criteria, scale 0-4)" in info.stdout
    assert svi("check", str(t)).returncode == 0
    again = svi("new", str(t))
    assert again.returncode == 2 and "already exists" in again.stderr
    bad = svi("new", str(tmp_path / "u.svi"), "--template", "no-such-template")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "no template called" in bad.stderr


def test_save_template_then_start_a_new_tender_from_it(tmp_path: Path, data_dir: Path) -> None:
    d = tmp_path / "d.svi"
    svi("demo", str(d))
    env_run = subprocess.run(
        [sys.executable, "-m", "svi_desktop.cli", "save-template", str(d), "our council"],
        capture_output=True, text=True, timeout=60,
    )
    assert env_run.returncode == 0, env_run.stderr
    assert (data_dir / "templates" / "our council.json").exists()
    t = tmp_path / "t.svi"
    assert svi("new", str(t), "--template", "our council").returncode == 0
    assert "20 criteria" in svi("info", str(t)).stdout
    again = svi("save-template", str(d), "our council")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_results_json_includes_robustness_and_is_seeded(tmp_path: Path) -> None:
    d = tmp_path / "d.svi"
    svi("demo", str(d))
    one = json.loads(svi("results", str(d), "--json", "--draws", "800", "--seed", "5").stdout)["robustness"]
    two = json.loads(svi("results", str(d), "--json", "--draws", "800", "--seed", "5").stdout)["robustness"]
    assert one == two
    assert one["perturbation"]["draws"] == 800 and one["perturbation"]["seed"] == 5
    assert one["verdict"].startswith("Moorside Community Health CIC leads in")
    flips = {f["name"]: f for f in one["flip_points"]}
    assert flips["Price share"]["above"]["new_leader"] == "Northgate Support Services Ltd"
    assert one["price_formulas"]["range"][0] == "Northgate Support Services Ltd"
    assert {c["evaluator"] for c in one["calibration"]} == {"Aisha Rahman", "David Okafor", "Helen Marsh"}
