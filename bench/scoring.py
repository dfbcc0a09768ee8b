"""Score key press to committed, as a ratio to a bare sqlite3 single-row commit; and switching criterion.

    .venv/bin/python -m bench.scoring

On a generated tender of 200 bids x 20 criteria x 10 evaluators, the real Scoring
panel (offscreen) receives digit key presses; each is timed until the change is
committed to the file (the operation is synchronous, so the key press returns
after the commit).
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.common import use_temp_data_dir


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bare_commit_times(path: Path, n: int = 200) -> list[float]:
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = FULL")
    ids = [r[0] for r in con.execute("SELECT id FROM scores LIMIT 50")]
    times = []
    for i in range(n):
        start = time.perf_counter()
        con.execute("UPDATE scores SET value = ? WHERE id = ?", (i % 4 + 1, ids[i % len(ids)]))
        con.commit()
        times.append(time.perf_counter() - start)
    con.close()
    return times


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        use_temp_data_dir(folder)
        from bench.generate import make_large_tender

        big = Path(sys.argv[sys.argv.index("--file") + 1]) if "--file" in sys.argv else make_large_tender(folder / "large.svi")
        bare_copy = folder / "bare.svi"
        bare_copy.write_bytes(big.read_bytes())
        bare = bare_commit_times(bare_copy)

        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        from svi_desktop.ui.main_window import MainWindow

        window = MainWindow()
        window.resize(1600, 1000)
        window.show()
        QTest.qWaitForWindowExposed(window)
        start = time.perf_counter()
        window.files.open_path(big)
        window.panel_actions[2].trigger()
        panel = window.panels["Scoring"]
        panel.choose_evaluator(panel.evaluators[0].id)
        app.processEvents()
        open_scoring = time.perf_counter() - start
        panel.focus_current()
        key_times = []
        for i in range(200):
            panel.go_to(i % len(panel.bids), (i // len(panel.bids)) % len(panel.criteria))
            app.processEvents()
            target = app.focusWidget()
            digit = getattr(Qt.Key, f"Key_{(i % 4) + 1}")
            t0 = time.perf_counter()
            QTest.keyClick(target, digit)
            key_times.append(time.perf_counter() - t0)
        switch_times = []
        for _ in range(40):
            target = app.focusWidget()
            t0 = time.perf_counter()
            QTest.keyClick(target, Qt.Key.Key_PageDown if panel.crit_index < len(panel.criteria) - 1
                           else Qt.Key.Key_PageUp)
            app.processEvents()
            switch_times.append(time.perf_counter() - t0)
        view_times = []
        for _ in range(20):
            target = app.focusWidget()
            t0 = time.perf_counter()
            QTest.keyClick(target, Qt.Key.Key_F6)
            app.processEvents()
            view_times.append(time.perf_counter() - t0)
        window.close()
    ms = 1000
    result = {
        "tender": f"{len(panel.bids)} bids x 20 criteria x 10 evaluators",
        "key_to_commit_ms": {"median": round(statistics.median(key_times) * ms, 2),
                             "p95": round(percentile(key_times, 95) * ms, 2)},
        "bare_sqlite_commit_ms": {"median": round(statistics.median(bare) * ms, 2),
                                  "p95": round(percentile(bare, 95) * ms, 2)},
        "ratio_median": round(statistics.median(key_times) / statistics.median(bare), 2),
        "ratio_p95": round(percentile(key_times, 95) / percentile(bare, 95), 2),
        "switch_criterion_ms": {"median": round(statistics.median(switch_times) * ms, 2),
                                "p95": round(percentile(switch_times, 95) * ms, 2)},
        "switch_view_ms": {"median": round(statistics.median(view_times) * ms, 2)},
        "open_and_show_scoring_s": round(open_scoring, 2),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
