"""The evaluator's path (issue 29, point 5): a pack opens on Scoring at the first response the evaluator still owes;
the counts leave out the bids they may not score (a declared conflict, a withdrawn bid)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svi_desktop.domain.model import BidStatus
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.store.operations import bids as bid_ops
from svi_desktop.store.operations import evaluators as ev_ops
from svi_desktop.store.operations import scores as score_ops
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui import settings
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.packs import issue


def _pack_with_work_done(demo_file: Path, tmp_path: Path) -> tuple[Path, dict]:
    """Priya declares a conflict with Valley; Hill withdraws; her pack comes back with the first criterion
    scored for the first bid she may score, and the second left half done (a score without a rationale)."""
    with TenderFile.open(demo_file, actor="lead") as tf:
        ev = load_evaluation(tf)
        valley = next(b for b in ev.bids if b.supplier.startswith("Valley"))
        other = [b for b in ev.bids if b.id != valley.id]
        withdrawn = other[-1]
        bid_ops.set_status(tf, bid_id=withdrawn.id, status=BidStatus.WITHDRAWN)
        priya = ev_ops.add_evaluator(tf, name="Priya Shah").result.id
        ev_ops.declare(tf, evaluator_id=priya, conflicts=((valley.id, "My brother works for Valley."),))
    issued = issue(demo_file, tmp_path / "packs")
    pack = next(p.path for p in issued if p.evaluator == "Priya Shah")
    with TenderFile.open(pack, actor="Priya Shah") as tf:
        ev = load_evaluation(tf)
        crits = scored_criteria(ev.framework)
        owed = [b for b in ev.bids if b.id not in (valley.id, withdrawn.id)]
        for b in owed:
            score_ops.set_score(tf, evaluator_id=priya, bid_id=b.id, criterion_id=crits[0].id, value=3,
                                rationale="Clear and evidenced.")
        score_ops.set_score(tf, evaluator_id=priya, bid_id=owed[0].id, criterion_id=crits[1].id, value=2,
                            rationale="")
    order = [b.id for b in ev.bids]
    return pack, {"owed": owed, "crits": crits, "order": order, "valley": valley, "withdrawn": withdrawn}


def test_a_pack_opens_on_scoring_at_the_first_response_still_owed(window: MainWindow, demo_file: Path,
                                                                  tmp_path: Path, qtbot: QtBot) -> None:
    pack, made = _pack_with_work_done(demo_file, tmp_path)
    settings.put(settings.PANEL, 0)  # the lead was last on Setup
    assert window.files.open_path(pack)
    QApplication.processEvents()
    scoring = window.panel("Scoring")
    assert window.tabs.currentWidget() is scoring
    column = scoring.current_column()
    # Criterion by criterion: the first criterion is done for every bid she scores; the second is owed for the
    # first bid too (a score with no rationale is not finished).
    assert (column.bid.id, column.criterion.id) == (made["owed"][0].id, made["crits"][1].id)
    owed, crits = made["owed"], made["crits"]
    total = len(owed) * len(crits)
    assert scoring.progress.text() == f"{len(owed)} of {total} scored, 1 without a rationale"
    assert len(made["order"]) * len(crits) != total  # the conflict and the withdrawn bid are left out


def test_every_response_done_opens_at_the_first_and_the_count_is_whole(window: MainWindow, demo_file: Path,
                                                                       tmp_path: Path) -> None:
    pack, made = _pack_with_work_done(demo_file, tmp_path)
    with TenderFile.open(pack, actor="Priya Shah") as tf:
        ev = load_evaluation(tf)
        priya = ev.evaluators[0].id
        for b in made["owed"]:
            for c in made["crits"]:
                score_ops.set_score(tf, evaluator_id=priya, bid_id=b.id, criterion_id=c.id, value=3,
                                    rationale="Done.")
    assert window.files.open_path(pack)
    QApplication.processEvents()
    scoring = window.panel("Scoring")
    total = len(made["owed"]) * len(made["crits"])
    assert scoring.progress.text() == f"{total} of {total} scored"
    assert (scoring.bid_index, scoring.crit_index) == (0, 0)


def test_enter_in_the_scoring_editors_of_a_pack_never_opens_submit(window: MainWindow, demo_file: Path,
                                                                   tmp_path: Path, qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt, QTimer

    pack, _made = _pack_with_work_done(demo_file, tmp_path)
    assert window.files.open_path(pack)
    QApplication.processEvents()
    column = window.panel("Scoring").current_column()
    opened: list[str] = []

    def note_any_dialog() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            opened.append(modal.objectName() or modal.windowTitle())
            modal.close()

    for editor in (column.response, column.rationale):
        editor.setFocus()
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QTimer.singleShot(100, note_any_dialog)
            qtbot.keyClick(QApplication.focusWidget(), key)
            qtbot.wait(150)
    qtbot.keyClicks(column.rationale, "Line one")
    qtbot.keyClick(column.rationale, Qt.Key.Key_Return)
    qtbot.keyClicks(column.rationale, "line two")
    assert opened == [] and "Line one\nline two" in column.rationale.toPlainText()
