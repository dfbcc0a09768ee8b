"""A tender in 5 lots, in the real window (offscreen): how long a score change holds the window's thread with the
Results panel on screen, and how long until the lots' allocation under the limit is shown (worked out off that
thread: issues 29 and 31). Baseline, in the same run: one allocation of the same tender, called directly. Then the
documents per lot (issue 31), without the window: the completeness check (every lot's record), the award notice
with an award per lot, and one lot's assessment summaries. Prints JSON.

    .venv/bin/python -m bench.probe_lots FILE     (the file is given 5 lots, each bid in two, one lot a supplier)
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

LOTS = ("1", "2", "3", "4", "5")


def add_lots(path: Path) -> None:
    """Five lots; each bid in two of them (in turn), at most one lot a supplier: the limit bites."""
    from svi_desktop.store.operations.bids import set_bid_field
    from svi_desktop.store.operations.contract import add_lot, set_lot_limit
    from svi_desktop.store.repository import load_evaluation
    from svi_desktop.store.tender_file import TenderFile

    with TenderFile.open(path, actor="bench") as tf:
        for code in LOTS:
            add_lot(tf, code=code, title=f"Area {code}")
        set_lot_limit(tf, limit=1)
        for i, b in enumerate(load_evaluation(tf).bids):  # through the store, sealed: not what is measured
            n = len(LOTS)
            set_bid_field(tf, bid_id=b.id, field="lot", value=f"{LOTS[i % n]}, {LOTS[(i + 1) % n]}")


def documents(ev) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The documents per lot, timed once each (seconds): the check, the notice of every lot, lot 1's summaries."""
    import datetime as dt
    import tempfile

    from svi_desktop.domain.award import award_check
    from svi_desktop.exports.notices import write_notice
    from svi_desktop.exports.summaries import write_summaries

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        times = []
        for _ in range(3):  # the median of three: a single run of a second is at the mercy of the machine
            start = time.perf_counter()
            award_check(ev, "2026-11-26")
            times.append(time.perf_counter() - start)
        out["lots_check_s"] = round(statistics.median(times), 3)
        start = time.perf_counter()
        from dataclasses import replace

        write_notice(replace(ev, tender=replace(ev.tender, regime="act-competitive")), Path(tmp) / "n", [],
                     published=dt.date(2026, 12, 21))
        out["lots_notice_s"] = round(time.perf_counter() - start, 3)
        start = time.perf_counter()
        made = write_summaries(ev, Path(tmp) / "s", [], lot="1")
        out["lots_summaries_lot1_s"] = round(time.perf_counter() - start, 3)
        out["lots_summaries_lot1_n"] = len(made)
    return out


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
    ev = window.session.evaluation()
    window.close()
    print(json.dumps({"lots_gui_thread_s": round(statistics.median(held), 4),
                      "lots_allocation_shown_s": round(statistics.median(shown), 4),
                      "lots_allocate_direct_s": round(statistics.median(direct), 4), **documents(ev)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
