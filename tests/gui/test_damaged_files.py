"""The window opens twenty damaged or hostile files and each time shows one sentence, never the crash dialog."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from svi_desktop.ui.main_window import MainWindow
from tests.helpers.files import sha256
from tests.helpers.hostile import DAMAGED_FILES
from tests.helpers.qt import answer_next_dialog, cancel_answer


def test_twenty_damaged_files_each_get_a_sentence(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    assert len(DAMAGED_FILES) >= 20
    refused_with_a_sentence = 0
    for i, (name, make, must_refuse) in enumerate(DAMAGED_FILES):
        folder = tmp_path / f"f{i}"
        folder.mkdir()
        path = make(folder)
        before = sha256(path) if path.is_file() else None
        seen = answer_next_dialog("OK")
        opened = window.files.open_path(path)
        if opened:
            assert not must_refuse, f"{name}: it opened"
            window.files.close_tender()
            cancel_answer(seen)  # so that it cannot answer the next file's dialog
            continue
        qtbot.waitUntil(lambda seen=seen: "text" in seen, timeout=5000)
        assert seen["title"] != "Unexpected error", f"{name}: the crash dialog"
        text = seen["text"]
        assert "\n" not in text and "Traceback" not in text and text.endswith("."), f"{name}: {text!r}"
        assert window.session is None and window.stack.currentWidget() is window.start_page
        if before is not None:
            assert sha256(path) == before, f"{name}: the file changed"
        refused_with_a_sentence += 1
    assert refused_with_a_sentence >= 20 - sum(1 for _n, _m, refused in DAMAGED_FILES if not refused)
