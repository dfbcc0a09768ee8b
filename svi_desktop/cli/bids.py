"""`svi`: Bids: the bid template workbook and importing a filled-in one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from svi_desktop.cli.common import command
from svi_desktop.exports.bid_template import write_bid_template
from svi_desktop.workflows import bids, tenders


def cmd_bid_template(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        ev = tenders.evaluation(tf)
    write_bid_template(ev.framework, Path(args.out), ev.tender.title, tuple(lot.code for lot in ev.lots))
    print(f"Wrote the bid template {args.out}.")
    return 0


def cmd_import_bids(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file)) as tf:
        sheet = bids.read_sheet(tf, Path(args.sheet))
        if sheet.problems:
            n = len(sheet.problems)
            print(f"svi: {Path(args.sheet).name} has {n} problem{'' if n == 1 else 's'}; nothing was imported:",
                  file=sys.stderr)
            for p in sheet.problems:
                print(f"  {p}", file=sys.stderr)
            return 2
        bids.import_sheet(tf, sheet, source=Path(args.sheet).name)
    n = sum(len(r) for r in sheet.responses.values())
    print(f"Imported {len(sheet.bids)} bids with {n} responses from {args.sheet}.")
    return 0


def register(sub: Any) -> None:
    """The `svi` commands of this group, each with its own arguments."""
    command(sub, "bid-template", "write the bid template workbook for this tender", cmd_bid_template, "file", "out")
    command(sub, "import-bids",
            "import bids from a filled-in bid template (.xlsx or .csv)", cmd_import_bids, "file", "sheet")
