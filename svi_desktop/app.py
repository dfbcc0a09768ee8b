"""Start-up of the desktop program: arguments, logging, crash handling, then the main window."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from svi_desktop import APP_NAME, ORG_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from svi_desktop.ui.main_window import MainWindow

USAGE = "usage: svi-workbench [-h] [--demo] [--read-only] [--version] [--quit-after MS] [file]"
HELP = f"""{USAGE}

{APP_NAME}: evaluate tenders on social value.

positional arguments:
  file             a tender file (.svi) to open

options:
  -h, --help       show this help message and exit
  --demo           open a fresh copy of the demo tender
  --read-only      open the file without changing it
  --version        show the program's version number and exit
  --quit-after MS  quit MS milliseconds after the window is shown (smoke tests and benchmarks)
"""


def _refuse(message: str) -> SystemExit:
    print(f"{USAGE}\nsvi-workbench: error: {message}", file=sys.stderr)
    return SystemExit(2)


def parse_args(argv: Sequence[str]) -> SimpleNamespace:
    """The command line, read by hand: argparse, with the shutil and gettext it loads, is 5 ms of a 100 ms start
    (issue 19, cold start), for five options that need none of it."""
    args = SimpleNamespace(file=None, demo=False, read_only=False, quit_after=None)
    items = list(argv)
    only_files = False
    while items:
        item = items.pop(0)
        if only_files or item == "-" or not item.startswith("-"):
            if args.file is not None:
                raise _refuse(f"unrecognized arguments: {item}")
            args.file = item
        elif item == "--":
            only_files = True
        elif item in ("-h", "--help"):
            print(HELP, end="")
            raise SystemExit(0)
        elif item == "--version":
            print(f"{APP_NAME} {__version__}")
            raise SystemExit(0)
        elif item == "--demo":
            args.demo = True
        elif item == "--read-only":
            args.read_only = True
        elif item == "--quit-after" or item.startswith("--quit-after="):
            value = item.partition("=")[2] if "=" in item else (items.pop(0) if items else None)
            if value is None:
                raise _refuse("argument --quit-after: expected one argument")
            try:
                args.quit_after = int(value)
            except ValueError:
                raise _refuse(f"argument --quit-after: invalid int value: '{value}'") from None
        else:
            raise _refuse(f"unrecognized arguments: {item}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Start-up makes tens of thousands of objects (PySide's classes and enums, the modules, the window) and frees
    # almost none: collecting garbage among them is 6 ms of a 130 ms start for nothing (issue 19, cold start).
    # Once the window is up they are frozen, so that later collections need not look at them either.
    gc.disable()
    try:
        app, window = _start(args)
    finally:
        gc.freeze()
        gc.enable()
    if args.demo:
        window.files.open_demo()
    elif args.file:
        window.files.open_path(Path(args.file), read_only=args.read_only)
    if args.quit_after is not None:
        from PySide6.QtCore import QTimer

        def quit_when_shown() -> None:
            print(f"shown {window.windowTitle()}", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(max(0, args.quit_after), quit_when_shown)
    return app.exec()


def _start(args: SimpleNamespace) -> tuple[QApplication, MainWindow]:
    """The application and its window, shown on the start page."""
    from svi_desktop.store.leftovers import remove_leftovers
    from svi_desktop.store.paths import data_dir, private_umask

    private_umask()
    remove_leftovers([data_dir(), *(p.parent for p in map(Path, [args.file] if args.file else []))])
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()  # a test's, or an embedding program's: a QApplication, as ours
    app = cast(QApplication, existing) if existing is not None else None
    if app is None:  # Fusion from the start: asking for the style later builds enums (issue 19, cold start)
        app = QApplication([sys.argv[0], "-style", "Fusion"])
        from svi_desktop.ui import theme

        theme.fusion_from_start()
    from PySide6.QtGui import QIcon

    from svi_desktop.resources import resource

    app.setWindowIcon(QIcon(str(resource("icons", "svi-workbench.svg"))))
    app.setDesktopFileName("svi-workbench")

    from svi_desktop.ui import crash

    crash.setup_logging()
    crash.install()
    from svi_desktop.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    return app, window
