"""The evidence screens and clarifications in the window: asked in Scoring by keyboard, sent and answered by the
lead, the answer beside the response; the Screens view run off the window's thread, cancellable, with the shared
passages marked on both sides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from svi_desktop.store.operations.bids import set_response
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.qt import answer_next_dialog

TODAY = dt.date.today().isoformat()


def _file(path: Path):
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return load_evaluation(tf)


def _marked(box) -> list[str]:  # type: ignore[no-untyped-def]
    """The passages marked in a text box, as the person sees them."""
    return [s.cursor.selectedText() for s in box.extraSelections()]


def _type(text: str, then=None):  # type: ignore[no-untyped-def]
    def fill(box: QInputDialog) -> None:
        if then is not None:
            then()
        box.setTextValue(text)
        box.accept()
    return fill


def test_a_question_asked_in_scoring_is_sent_answered_and_read_beside_the_response(
        window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    window.panel_actions[2].trigger()
    scoring = window.panel("Scoring")
    scoring.choose_evaluator(scoring.evaluators[0].id)
    scoring.go_to(1, 3)
    column = scoring.current_column()
    bid, crit = column.bid, column.criterion
    assert column.screen_label.full_text().startswith("Screen: ")
    assert column.screen_label.toolTip().startswith("Advisory: it never changes a score")
    answer_next_dialog(then=_type("Which college delivers the apprenticeships?"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    (asked,) = _file(demo_file).clarifications
    assert (asked.bid_id, asked.criterion_id, asked.raised_by) == (bid.id, crit.id, scoring.evaluators[0].name)
    assert window.undo_action.text() == f"&Undo Ask {bid.supplier.replace('&', '&&')} about {crit.code}"
    assert "Not yet answered (not sent)" in column.clarification_label.text()
    window.undo_action.trigger()
    assert _file(demo_file).clarifications == ()
    window.redo_action.trigger()
    assert len(_file(demo_file).clarifications) == 1
    assert window.tabs.currentWidget() is window.panel("Bids")  # undo and redo show the bid the step changed
    window.panel_actions[2].trigger()

    from svi_desktop.ui.panels.dialogs.clarifications import ClarificationsDialog

    dialog = ClarificationsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    assert dialog.sent_button.isEnabled() and not dialog.answer_button.isEnabled()
    answer_next_dialog(then=_type(TODAY))
    qtbot.mouseClick(dialog.sent_button, Qt.MouseButton.LeftButton)
    assert _file(demo_file).clarifications[0].sent_at == TODAY
    assert dialog.answer_button.isEnabled()
    # Two questions in turn: the answer, then its date.
    answer_next_dialog(then=_type("Oldham College, under an agreement signed in 2025.",
                                  then=lambda: answer_next_dialog(then=_type(TODAY))))
    qtbot.mouseClick(dialog.answer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_file(demo_file).clarifications[0].answer))
    c = _file(demo_file).clarifications[0]
    assert (c.answer, c.answered_at) == ("Oldham College, under an agreement signed in 2025.", TODAY)
    assert dialog.table.item(0, 6).text() == f"{TODAY}: Oldham College, under an agreement signed in 2025."
    column = scoring.current_column()
    assert (column.bid.id, column.criterion.id) == (bid.id, crit.id)
    shown = column.clarification_label.text()
    assert "Which college delivers the apprenticeships?" in shown
    assert f"Answer ({TODAY}): Oldham College, under an agreement signed in 2025." in shown


def test_the_screens_view_marks_a_pasted_response_on_both_sides_and_can_be_cancelled(
        window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    pasted = ("Our link workers will hold weekly drop-in sessions in each of the four libraries on the Holts estate, "
              "run jointly with the Oldham Carers Centre under a signed agreement.")
    with TenderFile.open(demo_file, actor="t") as tf:
        ev = load_evaluation(tf)
        crit = next(c for c in ev.framework.criteria if c.code == "LT7")
        first, second = ev.bids[0], ev.bids[3]
        for bid, intro in ((first, "We begin with the people we serve."),
                           (second, "Northgate has a long record in the borough.")):
            set_response(tf, bid_id=bid.id, criterion_id=crit.id, text=f"{intro} {pasted}")
    assert window.files.open_path(demo_file)
    from svi_desktop.ui.panels.dialogs.screens import ScreensDialog

    dialog = ScreensDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.found is not None, timeout=30_000)
    assert dialog.table.rowCount() > 0 and not dialog.progress.isVisible()
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 1).text() == "LT7"
               and dialog.table.item(r, 2).text() == f"{first.supplier} and {second.supplier}")
    dialog.table.selectRow(row)
    assert dialog.left_title.text() == first.supplier and dialog.right_title.text() == second.supplier
    assert _marked(dialog.left) == [pasted] and _marked(dialog.right) == [pasted]
    # Sortable: by the share, largest first.
    shares = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    numbers = [float(s.rstrip("%")) for s in shares if s]
    assert numbers == sorted(numbers, reverse=True)
    # Run again and cancel straight away: nothing is screened, the earlier findings stay until then.
    dialog.start()
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.again_button.isEnabled(), timeout=30_000)
    assert dialog.status.text().startswith(("Cancelled", f"{len(dialog.found.pairs)} pairs"))


def test_the_screens_compare_with_a_folder_of_earlier_tenders(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                              tmp_path: Path, monkeypatch) -> None:
    """Issue 33, point 3, in the window: Earlier tenders… asks for a folder, compares off the window's thread, and
    lists each match naming the earlier tender, supplier and criterion, both responses marked side by side."""
    from PySide6.QtWidgets import QFileDialog

    from svi_desktop.ui.panels.dialogs.screens import ScreensDialog
    from tests.helpers.files import earlier_tender

    folder = tmp_path / "earlier"
    _path, kept = earlier_tender(folder)
    assert window.files.open_path(demo_file)
    dialog = ScreensDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.found is not None, timeout=30_000)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    qtbot.mouseClick(dialog.earlier_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.against is not None, timeout=30_000)
    assert dialog.status.text().startswith("2 responses share passages with bids in the 1 earlier tenders read")
    rows = [r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "Earlier tender"]
    assert len(rows) == 2
    row = next(r for r in rows if dialog.table.item(r, 2).text().startswith("Moorside Community Health CIC and "
                                                                              "Moorside Health Partnership (2025)"))
    assert dialog.table.item(row, 1).text() == "LT1" and "last-year.svi" in dialog.table.item(row, 2).text()
    dialog.table.selectRow(row)
    assert dialog.right_title.text().startswith("Moorside Health Partnership (2025), PVBC-2026-014")
    assert dialog.right.toPlainText() == kept and _marked(dialog.right) and _marked(dialog.left)
    assert all(m in kept for m in _marked(dialog.right))
