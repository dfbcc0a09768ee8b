"""Start-up loads only the shell: the start page needs no store, session, workflow or export, so they load with
the first tender opened (issue 19, cold start). A later import at module level would quietly undo that."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from svi_desktop.ui.main_window import MainWindow
window = MainWindow()
window.show()
app.processEvents()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("svi_desktop"))))
window.files.open_demo()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("svi_desktop"))))
window.close()
"""


def test_the_start_page_loads_none_of_the_tender_machinery(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SVI_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    at_start, with_tender = (json.loads(line) for line in done.stdout.strip().splitlines()[-2:])
    heavy = [m for m in at_start if m.startswith(("svi_desktop.store.tender_file", "svi_desktop.ui.session",
                                                  "svi_desktop.workflows.", "svi_desktop.exports.",
                                                  "svi_desktop.domain.model", "svi_desktop.ui.panels.scoring"))]
    assert heavy == [], heavy
    # ...and they do load when a tender is opened: the window is whole, not a shell that forgot its panels.
    assert {"svi_desktop.ui.session", "svi_desktop.store.tender_file", "svi_desktop.ui.panels.scoring.panel",
            "svi_desktop.workflows.tenders"} <= set(with_tender)
