"""Start-up loads only the shell: the start page needs no store, session, workflow or export, so they load with
the first tender opened (issue 19, cold start). A later import at module level would quietly undo that."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QKeySequence

PROBE = """
import enum, gc, json, sys
built = []  # every enum class made, to see which of PySide's were built at start-up
make = enum.EnumType.__new__
enum.EnumType.__new__ = lambda *a, **k: built.append(make(*a, **k)) or built[-1]
from svi_desktop.app import main
from svi_desktop.ui import settings
settings.put(settings.RECENT_FILES, ["/nowhere/tender.svi"])  # a start page with a recent file on it
main(["--quit-after", "0"])
print(json.dumps([gc.isenabled(), gc.get_freeze_count() > 0]))
print(json.dumps(sorted(m for m in sys.modules if m.startswith("svi_desktop"))))
print(json.dumps(sorted(e.__qualname__ for e in built if e.__module__.startswith("PySide6"))))
from svi_desktop.ui.main_window import MainWindow
window = MainWindow()
window.show()
window.files.ask_who = lambda path, people: "Start-up test"  # who is working: asked at open, answered here
window.files.open_demo()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("svi_desktop"))))
window.close()
"""


def test_the_start_page_loads_none_of_the_tender_machinery(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SVI_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    collecting, at_start, enums, with_tender = (json.loads(line) for line in done.stdout.strip().splitlines()[-4:])
    assert collecting == [True, True]  # no collection during start-up; the start-up's objects frozen after it
    heavy = [m for m in at_start if m.startswith(("svi_desktop.store.tender_file", "svi_desktop.ui.session",
                                                  "svi_desktop.workflows.", "svi_desktop.exports.",
                                                  "svi_desktop.domain.model", "svi_desktop.ui.panels.scoring"))
             and m != "svi_desktop.workflows.paths"]  # the data folder's path for the settings: store.paths alone
    assert heavy == [], heavy
    # ...and they do load when a tender is opened: the window is whole, not a shell that forgot its panels.
    assert {"svi_desktop.ui.session", "svi_desktop.store.tender_file", "svi_desktop.ui.panels.scoring.panel",
            "svi_desktop.workflows.tenders"} <= set(with_tender)
    # PySide builds all of Qt's own enums (93 of them, 14 ms of a 100 ms start) the first time any is named, or
    # returned: the start page is shown without them, and without the dialogs' and the style's.
    early = [e for e in enums if e.startswith(("Qt.", "QMessageBox.", "QFileDialog.", "QStyle."))]
    assert early == [], ", ".join(early)
    assert "QListView.ViewMode" in enums  # the probe does see what start-up builds


def test_the_values_the_start_up_gives_by_number_are_the_ones_named(qtbot) -> None:
    from PySide6.QtCore import Qt

    from svi_desktop.ui.main_window import MainWindow
    from svi_desktop.ui.panels import start
    from svi_desktop.ui.window import actions

    assert Qt.ItemDataRole.UserRole.value == start.USER_ROLE
    assert Qt.ShortcutContext.WidgetShortcut.value == start.WIDGET_SHORTCUT
    assert Qt.ToolButtonStyle.ToolButtonTextOnly.value == actions.TEXT_ONLY
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
    from PySide6.QtGui import QShortcut

    forget = window.start_page.recent.findChildren(QShortcut)
    assert [s.context() for s in forget] == [Qt.ShortcutContext.WidgetShortcut]
    assert window.undo_action.shortcut().matches(QKeySequence("Ctrl+Z")) == QKeySequence.SequenceMatch.ExactMatch
    assert window.help_key.key().toString() == "F1"
    page = start.StartPage()  # on its own: in the window, opening a missing file would show a message
    qtbot.addWidget(page)
    page.set_recent(["/nowhere/tender.svi"])
    item = page.recent.item(0)
    assert item.data(Qt.ItemDataRole.UserRole) == "/nowhere/tender.svi"
    with qtbot.waitSignal(page.recent_requested) as opened:
        page.recent.itemActivated.emit(item)
    assert opened.args == ["/nowhere/tender.svi"]
