"""Start-up of the desktop program: arguments, logging, crash handling, then the main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from svi_desktop import APP_NAME, ORG_NAME, __version__


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="svi-workbench", description=f"{APP_NAME}: evaluate tenders on social value.")
    parser.add_argument("file", nargs="?", help="a tender file (.svi) to open")
    parser.add_argument("--demo", action="store_true", help="open a fresh copy of the demo tender")
    parser.add_argument("--read-only", action="store_true", help="open the file without changing it")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--quit-after", type=int, metavar="MS", default=None,
                        help="quit MS milliseconds after the window is shown (smoke tests and benchmarks)")
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from svi_desktop.store.leftovers import remove_leftovers
    from svi_desktop.store.paths import data_dir, private_umask

    private_umask()
    remove_leftovers([data_dir(), *(p.parent for p in map(Path, [args.file] if args.file else []))])
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0]])
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
