"""Start-up of the desktop program: arguments, logging, crash handling, then the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # Until the main window lands, the program prints the demo's results.
    from svi_desktop.cli import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--demo"]:
        import tempfile
        from pathlib import Path

        path = Path(tempfile.mkdtemp()) / "demo.svi"
        cli_main(["demo", str(path)])
        return cli_main(["results", str(path)])
    return cli_main(["info", *args])
