"""`svi`: What the tender says, read out: results, evidence screens, the workbook, report and summaries."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from svi_desktop.cli.common import command
from svi_desktop.domain.lots import allocate
from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.robustness import calibration, formula_rankings, robustness
from svi_desktop.domain.scoring import Results, compute_results
from svi_desktop.errors import KnownError
from svi_desktop.exports.results_report import lots_json, results_json, results_text, robustness_json, robustness_text
from svi_desktop.workflows import exports, tenders

MAX_DRAWS = 1_000_000


def cmd_results(args: argparse.Namespace) -> int:
    if not 0 <= args.draws <= MAX_DRAWS:
        raise KnownError(f"--draws is the number of random draws for the robustness test: from 0 to {MAX_DRAWS:,}.")
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        ev = tenders.evaluation(tf)
    results = compute_results(ev)
    rob = robustness(ev, results, draws=args.draws, seed=args.seed)
    if args.json:
        doc = results_json(ev, results)
        doc["robustness"] = robustness_json(ev, rob, formula_rankings(ev), calibration(ev))
        if ev.lots:  # each lot ranked as a tender of its own, and the limit on lots per supplier applied

            def lot_robustness(sub: Evaluation, sub_results: Results) -> dict[str, Any]:
                found = robustness(sub, sub_results, draws=args.draws, seed=args.seed)
                return robustness_json(sub, found, formula_rankings(sub), calibration(sub))

            doc["lots"] = lots_json(ev, allocate(ev), lot_robustness)
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(results_text(ev, results))
        if ev.lots:
            allocation = allocate(ev)
            print()
            print("Lots" + (f" (at most {allocation.limit} per supplier)" if allocation.limit else "") + ":")
            for award in allocation.lots:
                print(f"  {award.explanation}")
            for step in allocation.steps:
                print(f"  {step}")
        if results.ranked:
            print()
            print(robustness_text(rob))
    return 0


def cmd_screens(args: argparse.Namespace) -> int:
    from svi_desktop.workflows import screens

    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        ev = tenders.evaluation(tf)
        passphrase = tf.passphrase
    # Earlier encrypted tenders open with this one's passphrase, else SVI_PASSPHRASE or the terminal, else are named.
    against = (screens.earlier_tenders(Path(args.against), Path(args.file), [passphrase] if passphrase else [])
               if args.against else None)
    found = screens.run(ev)
    earlier = screens.run_against(ev, against) if against is not None else None
    if args.json:
        doc = screens.as_json(ev, found)
        if against is not None and earlier is not None:
            doc["earlier"] = screens.earlier_json(ev, against, earlier)
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(screens.as_text(ev, found))
        if against is not None and earlier is not None:
            print(screens.earlier_text(ev, against, earlier))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        source = exports.read_source(tf)
    for p in exports.write(source, args.kind, Path(args.out), final=args.final, lot=args.lot or ""):
        print(f"Wrote {p}")
    return 0


def register(sub: Any) -> None:
    """The `svi` commands of this group, each with its own arguments."""
    p = command(sub, "results", "rank the bids", cmd_results, "file")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--draws", type=int, default=5000, help="random draws for the robustness test (default 5000, at most 1,000,000)")
    p.add_argument("--seed", type=int, default=1, help="seed for the random draws (default 1)")
    p = command(sub, "screens",
            "evidence screens: passages shared between bids, the question restated, "
                                       "the same price or contact details, substantiation hints (advisory)", cmd_screens, "file")
    p.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    p.add_argument("--against", metavar="FOLDER", help="also compare the bids with the bids of the tenders in this "
                   "folder (read-only), naming the earlier tender, supplier and criterion of each match")
    p = command(sub, "export", "write the Excel workbook, the PDF report or the assessment summaries", cmd_export)
    p.add_argument("kind", choices=list(exports.KINDS))
    p.add_argument("file")
    p.add_argument("out", help="the file to write (a folder for summaries)")
    p.add_argument("--final", action="store_true", help="mark the export final rather than draft")
    p.add_argument("--lot", help="export one lot alone: its bids, and the criteria shared by every lot and its own")
