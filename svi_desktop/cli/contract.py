"""`svi`: After the award: the contract's KPIs, their ratings and the performance notice."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from svi_desktop.cli.common import command
from svi_desktop.domain.contract import RATING_NAMES, Rating
from svi_desktop.domain.kpis import kpi_shortfall
from svi_desktop.domain.numbers import quantity
from svi_desktop.errors import KnownError
from svi_desktop.workflows import contract as contract_flow
from svi_desktop.workflows import tenders


def cmd_contract_make_kpis(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file)) as tf:
        made = contract_flow.make_contract_kpis(tf, args.lot, args.start or "")
    for k in made.result:
        print(f"KPI: {k.measure}: {quantity(k.target, k.unit)} by {k.due}")
    return 0


def cmd_contract_rate(args: argparse.Namespace) -> int:
    if not args.kpi.isdigit():
        raise KnownError(f"{args.kpi!r} is not a KPI's number; see svi contract kpis.")
    with tenders.open_tender(Path(args.file)) as tf:
        done = contract_flow.rate_kpi(tf, number=int(args.kpi), lot_code=args.lot, period_start=args.start,
                                      period_end=args.end, actual=args.delivered, evidence=args.evidence,
                                      rating=args.rating, note=args.reason, recorded_by=args.by)
    print(f"Rated {done.result.rating.value} for {done.result.period_start} to {done.result.period_end}.")
    return 0


def cmd_contract_kpis(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        ev, found = contract_flow.kpi_statuses(tf, args.lot)
    if not found:
        print("This contract has no KPIs yet.")
    for i, x in enumerate(found, 1):
        print(f"{i}. {x.kpi.measure}: promised {quantity(x.kpi.target, x.kpi.unit)} by {x.kpi.due}; delivered "
              f"{quantity(x.delivered, x.kpi.unit)}"
              f"; {RATING_NAMES[x.latest] if x.latest else 'not yet rated'}; next rating due by {x.next_due}"
              + (" (overdue)" if x.overdue else ""))
    shortfall = kpi_shortfall(ev, args.lot)
    if shortfall:
        print(shortfall)
    return 0


def cmd_contract_notice(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        for p in contract_flow.write_performance_notice(tf, Path(args.folder), lot_code=args.lot, final=args.final):
            print(f"Wrote {p}")
    return 0


def register(sub: Any) -> None:
    """The `svi` commands of this group, each with its own arguments."""
    steps = sub.add_parser("contract", help="after the award: the contract's KPIs, their ratings, the performance "
                           "notice").add_subparsers(dest="step", required=True)
    p = command(steps, "make-kpis", "make the winner's commitments the contract's KPIs", cmd_contract_make_kpis, "file")
    p.add_argument("--lot", default="", help="in a tender in lots, the lot whose contract it is (required there)")
    p.add_argument("--start", help="the contract's first day (YYYY-MM-DD; if not given, the start recorded "
                   "with svi award notice-details, else today)")
    p = command(steps, "rate", "record one period's rating of a KPI", cmd_contract_rate, "file")
    p.add_argument("kpi", help="the KPI's number in `svi contract kpis` (1, 2, ...)")
    p.add_argument("--lot", default="", help="in a tender in lots, the lot whose contract it is (required there)")
    p.add_argument("--start", required=True, help="first day of the period (YYYY-MM-DD)")
    p.add_argument("--end", required=True, help="last day of the period (YYYY-MM-DD)")
    p.add_argument("--delivered", required=True, help="delivered by the end of the period, over the contract so far")
    p.add_argument("--evidence", required=True)
    p.add_argument("--rating", required=True, choices=[r.value for r in Rating])
    p.add_argument("--reason", default="", help="why: required for any rating but good, and when the cumulative "
                   "amount delivered falls")
    p.add_argument("--by", required=True, metavar="NAME", help="who rates it: named on the performance notice")
    p = command(steps, "kpis",
            "list the contract's KPIs: promised, delivered, ratings, next rating due", cmd_contract_kpis, "file")
    p.add_argument("--lot", default="", help="in a tender in lots, the lot whose contract it is (required there)")
    p = command(steps, "notice",
            "write the contract performance notice (PDF and CSV) into a folder", cmd_contract_notice, "file", "folder")
    p.add_argument("--lot", default="", help="in a tender in lots, the lot whose contract it is (required there)")
    p.add_argument("--final", action="store_true", help="mark it final rather than draft")
