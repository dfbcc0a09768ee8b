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
    from svi_desktop.domain.scoring import compute_results
    from svi_desktop.store.operations.scores import set_score
    from svi_desktop.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    if "--memory" in argv:
        # Peak memory of a user's session: open once, visit every panel, let the background work finish.
        from PySide6.QtCore import QThreadPool

        window.files.open_path(path)
        for i in range(6):
            window.tabs.setCurrentIndex(i)
            app.processEvents()
        QThreadPool.globalInstance().waitForDone(120_000)
        app.processEvents()
        print(json.dumps({"peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
        window.close()
        return 0
    opens = []
    for _ in range(3):
        start = time.perf_counter()
        window.files.open_path(path)
        app.processEvents()  # the window has painted and answers input
        opens.append(time.perf_counter() - start)
        window.files.close_tender()
        app.processEvents()
    window.files.open_path(path)
    for i in range(6):  # every panel built and shown once, as a user clicking through would
        window.tabs.setCurrentIndex(i)
        app.processEvents()
    tf = window.session.tf
    s = window.session.evaluation().scores[0]
    recalcs = []
    for i in range(5):
        set_score(tf, evaluator_id=s.evaluator_id, bid_id=s.bid_id, criterion_id=s.criterion_id, value=1 + i % 3)
        start = time.perf_counter()
        compute_results(window.session.evaluation())  # the evaluation is reloaded from the file, then ranked
        recalcs.append(time.perf_counter() - start)
    window.close()
    print(json.dumps({"open_s": round(statistics.median(opens), 3), "recalc_s": round(statistics.median(recalcs), 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
