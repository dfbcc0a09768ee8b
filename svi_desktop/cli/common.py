"""What every `svi` command group declares its commands with."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def command(parent: Any, name: str, help: str, func: Callable[[argparse.Namespace], int],
            *positionals: str) -> argparse.ArgumentParser:
    """One `svi` command under `parent` (a group's subparsers): its positional arguments, in order, and the function
    that runs it. Options are added to the parser it returns."""
    p: argparse.ArgumentParser = parent.add_parser(name, help=help)
    for argument in positionals:
        p.add_argument(argument)
    p.set_defaults(func=func)
    return p
