"""Open a tender in the real window (offscreen). Prints JSON.

    .venv/bin/python -m bench.probe_open FILE            time to interactive (3 opens), results recalculation
    .venv/bin/python -m bench.probe_open FILE --memory   peak memory of one session (its own process)
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path = Path(argv[0])
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool

    from svi_desktop.domain.scoring import compute_results
    from svi_desktop.store.operations.scores import set_score
    from svi_desktop.ui.main_window import MainWindow

    def settle() -> None:
        """Let background work (the backup, robustness) finish. QThreadPool.waitForDone would block this thread
        holding Python's lock while a job needs it to finish, so: poll, letting the job and the event loop run."""
        pool = QThreadPool.globalInstance()
        deadline = time.monotonic() + 300
        while pool.activeThreadCount() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        app.processEvents()
        # What the event loop does between a user's actions: delete what deleteLater() left, the closed tender's
        # session among it. processEvents() outside a running loop never does, and this probe never starts one,
        # so each closed tender would stay in memory and every later open would be timed with it alongside.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    window = MainWindow()
    window.files.ask_who = lambda _path, _people: "Bench lead (evaluation lead)"  # type: ignore[method-assign]
    # An encrypted copy (bench.run's encrypted rows): the passphrase typed at the first open, as a user would.
    window.files.ask_passphrase = lambda *_a: os.environ.get("SVI_PASSPHRASE")  # type: ignore[method-assign]
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    if "--memory" in argv:
        # Peak memory of a user's session: open once, visit every panel, let the background work finish.
        window.files.open_path(path)
        for i in range(7):
            window.tabs.setCurrentIndex(i)
            app.processEvents()
        settle()
        print(json.dumps({"peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
        window.close()
        return 0
    # The first open of a file the program has not seen makes its first backup, copied and verified off the
    # window's thread: a user opening a tender they opened before does not wait for it, and at 800 bids it ran
    # alongside the timed opens on this machine's two cores. So: one open untimed, its backup finished first.
    start = time.perf_counter()
    window.files.open_path(path)  # the first open of this process: an encrypted file's key is derived here
    app.processEvents()
    first_open = time.perf_counter() - start
    window.files.close_tender()
    settle()
    opens = []
    for _ in range(3):
        start = time.perf_counter()
        window.files.open_path(path)
        app.processEvents()  # the window has painted and answers input
        opens.append(time.perf_counter() - start)
        window.files.close_tender()
        app.processEvents()
        settle()
    window.files.open_path(path)
    for i in range(7):  # every panel built and shown once, as a user clicking through would
        window.tabs.setCurrentIndex(i)
        app.processEvents()
    # Results after one score change: the score written through the session, as a key press does, with the
    # Results panel on screen; timed until its ranking is updated. Baseline: the full recalculation of the same
    # results (every value from every score, then the ranking), in the same run.
    from svi_desktop.domain.changes import op

    window.show_panel(4)
    app.processEvents()
    results = window.panel("Results")
    s = window.session.evaluation().scores[0]
    after_change, full = [], []
    for i in range(9):
        start = time.perf_counter()
        window.session.apply(op(set_score, evaluator_id=s.evaluator_id, bid_id=s.bid_id, criterion_id=s.criterion_id,
                                value=1 + i % 3, rationale=f"Bench {i}."))
        after_change.append(time.perf_counter() - start)
        start = time.perf_counter()
        compute_results(window.session.evaluation())
        full.append(time.perf_counter() - start)
    assert results.results == compute_results(window.session.evaluation())
    window.close()
    print(json.dumps({"open_s": round(statistics.median(opens), 3), "first_open_s": round(first_open, 3),
                      "results_after_change_s": round(statistics.median(after_change), 4),
                      "full_recalculation_s": round(statistics.median(full), 4)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
