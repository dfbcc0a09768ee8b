"""A file changed outside the program, seen through the window: opened read-only with the reason, or the next
edit refused in one sentence; nothing is written either way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from svi_desktop.store.operations import award as award_ops
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.award import SIGNED, complete_award_record
from tests.helpers.hostile import sql
from tests.helpers.qt import answer_next_dialog


def _audit_rows(path: Path) -> int:
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return tf.query("SELECT COUNT(*) FROM audit")[0][0]


def test_a_signed_off_award_edited_with_sqlite3_opens_read_only_and_says_why(window: MainWindow, demo_file: Path,
                                                                              qtbot: QtBot) -> None:
    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="t") as tf:
        award_ops.sign_off(tf, name="Priya Shah", role="Director", signed_on=SIGNED)
    sql(demo_file, "DELETE FROM settings WHERE key = 'award.frozen_at'")
    rows = _audit_rows(demo_file)
    said = answer_next_dialog("OK")
    assert window.files.open_path(demo_file)
    qtbot.waitUntil(lambda: "text" in said)
    assert said["text"].startswith("demo.svi was changed outside SVI Workbench (the award's frozen marker was "
                                   "removed outside the program), so it is open read-only")
    assert window.session is not None and window.session.tf.read_only
    assert _audit_rows(demo_file) == rows


def test_an_edit_made_outside_while_open_refuses_the_next_edit(window: MainWindow, demo_file: Path,
                                                               qtbot: QtBot) -> None:
    from svi_desktop.ui.operations import award as award_edit

    assert window.files.open_path(demo_file)
    award_edit.set_criteria_published(window.session, "https://example.org/criteria")  # verified, then written
    rows = _audit_rows(demo_file)
    # Outside: another process, as it would be (a second SQLite library in this process would not see the
    # program's locks on the open file: sqlite.org, How to corrupt, 2.2.1).
    subprocess.run([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("
                    "\"UPDATE settings SET value = 'https://example.org/elsewhere' WHERE key = "
                    "'award.criteria_published_at'\"); c.commit(); c.close()", str(demo_file)],
                   check=True, timeout=60)
    refused = answer_next_dialog("OK")
    assert award_edit.set_criteria_published(window.session, "https://example.org/again") is None
    qtbot.waitUntil(lambda: "text" in refused)
    assert "was changed outside SVI Workbench" in refused["text"] and "\n" not in refused["text"]
    assert _audit_rows(demo_file) == rows
