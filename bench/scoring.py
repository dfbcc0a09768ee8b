"""Score key press to committed, as a ratio to a bare sqlite3 single-row commit; and switching criterion.

    .venv/bin/python -m bench.scoring

On a generated tender of 200 bids x 20 criteria x 10 evaluators, the real Scoring
panel (offscreen) receives digit key presses. Each is timed twice: until the change is
committed to the file (the moment the session takes in the store's result, after its
COMMIT), and until the key press returns with the panel redrawn for the new score.

The baseline, a bare sqlite3 single-row commit on a copy of the same file, is measured
in the same process between key presses, so both feel the same machine at the same
moment (a baseline measured before Qt is loaded ran about a third faster than the same
COMMIT inside the program). That earlier figure is reported beside it, with the ratio to it.
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


class BareCommit:
    """One UPDATE of one score and its COMMIT, on a plain sqlite3 connection: the floor under any key press."""

    def __init__(self, path: Path) -> None:
        if os.environ.get("SVI_PASSPHRASE"):  # the encrypted copy: the same commit, keyed (bench.run's encrypted rows)
            from svi_desktop.store import engine

            self.con = engine.connect(path, passphrase=os.environ["SVI_PASSPHRASE"])
        else:
            self.con = sqlite3.connect(path)
        self.con.execute("PRAGMA synchronous = FULL")
        self.ids = [r[0] for r in self.con.execute("SELECT id FROM scores LIMIT 50")]
        self.n = 0

    def time_one(self) -> float:
        self.n += 1
        start = time.perf_counter()
        self.con.execute("UPDATE scores SET value = ? WHERE id = ?", (self.n % 4 + 1, self.ids[self.n % len(self.ids)]))
        self.con.commit()
        return time.perf_counter() - start


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        use_temp_data_dir(folder)
        from bench.generate import make_large_tender

        big = Path(sys.argv[sys.argv.index("--file") + 1]) if "--file" in sys.argv else make_large_tender(folder / "large.svi")
        bare_copy = folder / "bare.svi"
        bare_copy.write_bytes(big.read_bytes())
        floor = BareCommit(bare_copy)
        alone = [floor.time_one() for _ in range(300)]  # the same commit before Qt is loaded: reported beside

        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        from svi_desktop.ui import session as session_module
        from svi_desktop.ui.main_window import MainWindow

        committed: list[float] = []
        take_in = session_module.TenderSession._take_in

        def noting_commit(self: object, applied: object) -> None:  # the store's operation has returned: committed
            committed.append(time.perf_counter())
            take_in(self, applied)  # type: ignore[arg-type]

        session_module.TenderSession._take_in = noting_commit  # type: ignore[method-assign]

        window = MainWindow()
        window.files.ask_who = lambda _path, _people: "Bench evaluator"  # type: ignore[method-assign]
        window.files.ask_passphrase = lambda *_a: os.environ.get("SVI_PASSPHRASE")  # type: ignore[method-assign]
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
        key_times, screen_times, bare = [], [], []
        for i in range(300):
            panel.go_to(i % len(panel.bids), (i // len(panel.bids)) % len(panel.criteria))
            app.processEvents()
            bare.append(floor.time_one())
            target = app.focusWidget()
            digit = getattr(Qt.Key, f"Key_{(i % 4) + 1}")
            committed.clear()
            t0 = time.perf_counter()
            QTest.keyClick(target, digit)
            t1 = time.perf_counter()
            if committed:  # the same digit as the score already there changes nothing and commits nothing
                key_times.append(committed[0] - t0)
                screen_times.append(t1 - t0)
        floor.con.close()
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
        "key_presses_committed": len(key_times),
        # The first press waits for the whole-file check (every row against its seal) if it is still running in
        # the background since the open; every later press checks only the rows it overwrites and the chain's head.
        "first_key_to_commit_ms": round(key_times[0] * ms, 2) if key_times else None,
        "key_to_commit_ms": {"median": round(statistics.median(key_times) * ms, 2),
                             "p95": round(percentile(key_times, 95) * ms, 2)},
        "key_to_screen_updated_ms": {"median": round(statistics.median(screen_times) * ms, 2),
                                     "p95": round(percentile(screen_times, 95) * ms, 2)},
        "screen_ratio_p95": round(percentile(screen_times, 95) / percentile(bare, 95), 2),
        "bare_sqlite_commit_ms": {"median": round(statistics.median(bare) * ms, 2),
                                  "p95": round(percentile(bare, 95) * ms, 2)},
        "bare_commit_alone_before_qt_ms": {"median": round(statistics.median(alone) * ms, 2),
                                           "p95": round(percentile(alone, 95) * ms, 2)},
        "ratio_p95_to_alone": round(percentile(key_times, 95) / percentile(alone, 95), 2),
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
