"""`svi`: Evaluator packs: issue, submit, show the return codes again, collect."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from svi_desktop.cli.common import command
from svi_desktop.errors import KnownError
from svi_desktop.workflows import packs, tenders


def cmd_packs_issue(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file)) as tf:
        made = packs.issue(tf, Path(args.folder))
    for p in made:
        print(f"Issued {p.path}")
    print("Give each evaluator their return code apart from the pack (by phone or on paper); they type it when "
          "they submit. 'svi packs codes' shows them again until each return is collected"
          + (". The tender is encrypted, so each pack is too, with a passphrase of its own: give it with the code"
             if any(p.passphrase for p in made) else "") + ":")
    for line in packs.code_sheet(made):
        print(f"  {line}")
    return 0


def cmd_packs_codes(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        waiting = packs.codes(tf)
    if not waiting:
        print("No return code is waiting: every pack issued from this file has been collected, or none was issued.")
    for c in waiting:
        phrase = f", pack passphrase {c.passphrase}" if c.passphrase else ""
        print(f"{c.evaluator}: return code {c.code}{phrase} (issued {c.issued_at[:16].replace('T', ' ')} UTC)")
    return 0


def cmd_packs_collect(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file)) as tf:
        applied = packs.collect(tf, [Path(p) for p in args.packs])
    lines = packs.report(applied.result)
    for line in lines:
        print(f"svi: {line.text}" if line.refused else line.text, file=sys.stderr if line.refused else sys.stdout)
    return 2 if any(line.refused for line in lines) else 0


def cmd_packs_submit(args: argparse.Namespace) -> int:
    code = args.code or os.environ.get("SVI_RETURN_CODE", "")
    if not code and sys.stdin.isatty():
        code = getpass.getpass("Your return code (from the lead, sent apart from the pack): ")
    if not code:
        raise KnownError("Give your return code with --code (the lead sent it to you apart from the pack).")
    with tenders.open_tender(Path(args.pack)) as tf:
        digest = packs.submit(tf, code)
    print(f"Submitted {args.pack}; digest of its scores {digest[:16]}.")
    return 0


def register(sub: Any) -> None:
    """The `svi` commands of this group, each with its own arguments."""
    packs = sub.add_parser("packs", help="evaluator packs: issue, submit, codes, collect").add_subparsers(
        dest="packs_command", required=True, metavar="ACTION")
    command(packs, "issue", "write one pack per evaluator into a folder", cmd_packs_issue, "file", "folder")
    p = command(packs, "submit",
            "submit (lock and seal) an evaluator's pack with their return code", cmd_packs_submit, "pack")
    p.add_argument("--code", default="", help="the return code the lead sent apart from the pack "
                   "(else SVI_RETURN_CODE, else asked for)")
    command(packs, "codes", "show again the return codes of the packs not yet collected", cmd_packs_codes, "file")
    p = command(packs, "collect", "merge returned packs into the lead's file", cmd_packs_collect, "file")
    p.add_argument("packs", nargs="+")
