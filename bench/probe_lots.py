"""A tender in lots, in the real window (offscreen): how long a score change holds the window's thread with the
Results panel on screen, and how long until the lots' allocation under the limit is shown (worked out off that
thread: issue 29). Baseline, in the same run: one allocation of the same tender, called directly. Prints JSON.

    .venv/bin/python -m bench.probe_lots FILE     (the file is given 4 lots, each bid in two, one lot a supplier)
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

LOTS = ("1", "2", "3", "4")


def add_lots(path: Path) -> None:
    """Four lots; each bid in two of them (in turn), at most one lot a supplier: the limit bites."""
    from svi_desktop.store.operations.bids import set_bid_field
    from svi_desktop.store.operations.contract import add_lot, set_lot_limit
    from svi_desktop.store.repository import load_evaluation
    from svi_desktop.store.tender_file import TenderFile

    with TenderFile.open(path, actor="bench") as tf:
        for code in LOTS:
            add_lot(tf, code=code, title=f"Area {code}")
        set_lot_limit(tf, limit=1)
        for i, b in enumerate(load_evaluation(tf).bids):  # through the store, sealed: not what is measured
            set_bid_field(tf, bid_id=b.id, field="lot", value=f"{LOTS[i % 4]}, {LOTS[(i + 1) % 4]}")


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path = Path(argv[0])
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from svi_desktop.domain.changes import op
    from svi_desktop.domain.lots import allocate
    from svi_desktop.store.operations.scores import set_score
    from svi_desktop.ui.main_window import MainWindow

    add_lots(path)
    window = MainWindow()
    window.files.ask_who = lambda _path, _people: "Bench lead (evaluation lead)"  # type: ignore[method-assign]
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    window.files.open_path(path)
    window.show_panel(4)
    results = window.panel("Results")

    def allocated() -> float:
        start = time.perf_counter()
        while results.lot_job is not None:
            app.processEvents()
            time.sleep(0.002)
        return time.perf_counter() - start

    def settle() -> None:
        """Let the background work a change starts (the robustness test) finish before the next change."""
        from PySide6.QtCore import QThreadPool

        pool, deadline = QThreadPool.globalInstance(), time.monotonic() + 600
        while (pool.activeThreadCount() or results._debounce.isActive()) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)

    allocated()
    settle()
    s = window.session.evaluation().scores[0]
    held, shown, direct = [], [], []
    for i in range(5):
        start = time.perf_counter()
        window.session.apply(op(set_score, evaluator_id=s.evaluator_id, bid_id=s.bid_id, criterion_id=s.criterion_id,
                                value=1 + i % 3, rationale=f"Bench {i}."))
        held.append(time.perf_counter() - start)  # the window's thread was busy this long: the ranking redrawn
        shown.append(held[-1] + allocated())
        settle()
        start = time.perf_counter()
        allocate(window.session.evaluation())
        direct.append(time.perf_counter() - start)
    assert "Lot 1" in results.award_text.text()
    window.close()
    print(json.dumps({"lots_gui_thread_s": round(statistics.median(held), 4),
                      "lots_allocation_shown_s": round(statistics.median(shown), 4),
                      "lots_allocate_direct_s": round(statistics.median(direct), 4)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
