"""The `svi` command: the tender file from the command line. It never imports Qt."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from svi_desktop import __version__
from svi_desktop.cli import award as award_commands
from svi_desktop.cli import bids as bid_commands
from svi_desktop.cli import contract as contract_commands
from svi_desktop.cli import export as export_commands
from svi_desktop.cli import packs as pack_commands
from svi_desktop.cli import passphrases
from svi_desktop.cli import tender as tender_commands
from svi_desktop.errors import EncryptedFile, KnownError
from svi_desktop.store.paths import private_umask

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="svi", description="SVI Workbench tender files from the command line.")
    parser.add_argument("--version", action="version", version=f"svi {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (tender_commands, export_commands, bid_commands, pack_commands, contract_commands, award_commands):
        group.register(sub)
    return parser


def _remove_leftovers(args: argparse.Namespace) -> None:
    """Unfinished files (.creating, .part) that a killed run left beside the files this command names, and in the
    data folder: removed once their writer is gone (leftovers.py checks the name and that no process holds it)."""
    from svi_desktop.store.leftovers import remove_leftovers
    from svi_desktop.store.paths import data_dir

    named = [getattr(args, k, None) for k in ("file", "out", "folder", "pack", "json_file", "sheet")]
    named += list(getattr(args, "packs", None) or [])
    folders = {Path(p).parent for p in named if isinstance(p, str) and p}
    folders |= {Path(p) for p in (getattr(args, "out", None), getattr(args, "folder", None))
                if isinstance(p, str) and p and Path(p).is_dir()}
    remove_leftovers([data_dir(), *sorted(folders)])


def main(argv: Sequence[str] | None = None) -> int:
    private_umask()
    parser = build_parser()
    args = parser.parse_args(argv)
    passphrases.install()
    try:
        _remove_leftovers(args)
        return args.func(args)
    except EncryptedFile as exc:
        print(f"svi: {passphrases.refusal_hint(exc.message)}", file=sys.stderr)
        return 2
    except KnownError as exc:
        print(f"svi: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (svi award check FILE | head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("svi: interrupted; nothing half-written was left behind.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
