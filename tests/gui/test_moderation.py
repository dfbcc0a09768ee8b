"""Packs, returns and moderation end to end, through the real widgets where a person would use them."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svi_desktop.store.operations.scores import set_score
from svi_desktop.store.packs import submit_pack
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.panels.moderation.model import ModerationModel, ModerationRow
from tests.helpers.files import sha256
from tests.helpers.packs import code_of, remember
from tests.helpers.qt import agree_quality, answer_next_dialog


def in_file(path: Path):
    with TenderFile.open(path, actor="test", read_only=True) as tf:
        return load_evaluation(tf)


def ids(ev, supplier: str, code: str) -> tuple[str, str]:
    bid = next(b for b in ev.bids if b.supplier.startswith(supplier))
    crit = next(c for c in ev.framework.criteria if c.code == code)
    return bid.id, crit.id


def score_and_submit_by_store(pack: Path, supplier: str, code: str, value: int, return_code: str = "") -> None:
    with TenderFile.open(pack, actor="evaluator") as tf:
        ev = load_evaluation(tf)
        bid_id, crit_id = ids(ev, supplier, code)
        set_score(tf, evaluator_id=ev.evaluators[0].id, bid_id=bid_id, criterion_id=crit_id, value=value,
                  rationale=f"Scored {value} in my pack.")
        submit_pack(tf, code=return_code or code_of(pack))


def test_packs_collected_twice_then_a_disputed_criterion_moderated(qtbot: QtBot, demo_file: Path,
                                                                    tmp_path: Path) -> None:
    lead = MainWindow()
    qtbot.addWidget(lead)
    lead.show()
    assert lead.files.open_path(demo_file)
    folder = tmp_path / "packs"
    folder.mkdir()
    def read_and_copy(dialog) -> None:
        seen_codes["text"] = dialog.text()
        seen_codes["fields"] = [(f.text(), f.isReadOnly()) for f in dialog.fields]
        qtbot.mouseClick(dialog.copy_buttons[1], Qt.MouseButton.LeftButton)  # the second evaluator's Copy
        seen_codes["clipboard"] = QApplication.clipboard().text()
        dialog.accept()

    seen_codes = answer_next_dialog(then=read_and_copy)
    issued = lead.packs.issue_to(folder)
    assert seen_codes["widget_name"] == "returnCodes"
    assert all(p.code in seen_codes["text"] for p in issued)  # the lead sees every code
    assert seen_codes["fields"] == [(p.code, True) for p in issued]  # each in a read-only field
    assert seen_codes["clipboard"] == issued[1].code
    remember(issued)
    packs = {p.path.stem.split("-")[-2]: p.path for p in issued}
    assert sorted(packs) == ["Aisha", "David", "Helen"]
    lead.files.close_tender()  # the lead's file is closed while the evaluators work

    score_and_submit_by_store(packs["Aisha"], "Northgate", "Q1", 4)
    score_and_submit_by_store(packs["David"], "Northgate", "Q1", 1)

    # Helen works in the program itself: she opens her pack, scores Q1 for Northgate and submits.
    helen = MainWindow()
    qtbot.addWidget(helen)
    helen.show()
    helen.activateWindow()
    qtbot.waitUntil(helen.isActiveWindow)
    assert helen.files.open_path(packs["Helen"])
    assert "(evaluator pack)" in helen.windowTitle()
    helen.panel_actions[2].trigger()
    scoring = helen.panels["Scoring"]
    assert scoring.evaluator.name == "Helen Marsh" and not scoring.evaluator_box.isEnabled()
    northgate = next(i for i, b in enumerate(scoring.bids) if b.supplier.startswith("Northgate"))
    scoring.go_to(northgate, next(i for i, c in enumerate(scoring.criteria) if c.code == "Q1"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), "Adequate model, outcomes not baselined.")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    asked: dict[str, str] = {}

    def type_code(dialog) -> None:
        asked["label"] = dialog.labelText()
        dialog.setTextValue(code_of(packs["Helen"]).lower().replace("-", " "))  # as typed, not as printed
        dialog.accept()

    answer_next_dialog(then=type_code)
    qtbot.mouseClick(scoring.submit_button, Qt.MouseButton.LeftButton)
    assert "Submit your pack?" in asked["label"] and "return code" in asked["label"]
    assert scoring.pack_label.text().startswith("Submitted")
    helen.close()

    # The lead collects all three, twice.
    assert lead.files.open_path(demo_file)
    answer_next_dialog("OK")
    assert lead.packs.collect(list(packs.values()))
    ev = in_file(demo_file)
    n_scores = len(ev.scores)
    bid_id, q1 = ids(ev, "Northgate", "Q1")
    individual = {s.evaluator_id: (s.value, s.rationale) for s in ev.scores if (s.bid_id, s.criterion_id) == (bid_id, q1)}
    assert sorted(v for v, _r in individual.values()) == [1, 2, 4]
    before = sha256(demo_file)
    seen = answer_next_dialog("OK")
    assert not lead.packs.collect(list(packs.values()))
    assert seen["text"].count("was collected before; nothing changed") == 3
    assert sha256(demo_file) == before and len(in_file(demo_file).scores) == n_scores

    # Moderation of the disputed criterion, Q1 (spread 3 on a 0-4 scale, threshold 40% = 1.6).
    lead.panel_actions[3].trigger()
    panel = lead.panels["Moderation"]
    qtbot.mouseClick(panel.lock_button, Qt.MouseButton.LeftButton)
    assert "individual scores are locked" in panel.lock_label.text()
    panel.criterion_box.setCurrentIndex(panel.criterion_box.findData(q1))
    panel.criterion_box.activated.emit(panel.criterion_box.currentIndex())
    qtbot.mouseClick(panel.sort_button, Qt.MouseButton.LeftButton)
    top = panel.proxy.index(0, 0)
    assert panel.proxy.data(top) == "Northgate Support Services Ltd"
    spread_col = panel.model.column_of("spread")
    assert panel.proxy.data(panel.proxy.index(0, spread_col)) == "3"
    assert panel.proxy.data(panel.proxy.index(0, spread_col), Qt.ItemDataRole.BackgroundRole) is not None
    panel.table.selectRow(0)
    assert "Adequate model, outcomes not baselined." in panel.detail.toPlainText()
    qtbot.mouseClick(panel.picker.button(2), Qt.MouseButton.LeftButton)
    seen = answer_next_dialog("OK")
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)  # no note yet: refused
    assert "needs a moderation note" in seen["text"]
    assert lead.saved_label.text() == "All changes saved; the last edit was refused"
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "A and C weighed the outcome measures differently; agreed 2 as they are not baselined.")
    qtbot.keyClicks(panel.feedback, "Your outcome measures need baselines.")
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)

    ev = in_file(demo_file)
    agreed = next(c for c in ev.consensus if (c.bid_id, c.criterion_id) == (bid_id, q1))
    assert agreed.value == 2 and agreed.note.startswith("A and C weighed") and agreed.feedback
    after = {s.evaluator_id: (s.value, s.rationale) for s in ev.scores if (s.bid_id, s.criterion_id) == (bid_id, q1)}
    assert after == individual
    assert panel.proxy.data(panel.proxy.index(0, panel.model.column_of("consensus"))) == "2"
    lead.close()


def test_presentation_mode(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    panel = window.panels["Moderation"]
    assert window.isFullScreen() and window.tabs.currentWidget() is panel
    assert not window.menuBar().isVisible() and "QWidget { background: #000000" in window.styleSheet()
    headers = [panel.model.headerData(i, Qt.Orientation.Horizontal) for i in range(panel.model.columnCount())]
    assert "Evaluator A" in headers and "Aisha Rahman" not in headers and "Price" not in headers
    panel.names_box.setChecked(True)
    panel.prices_box.setChecked(True)
    headers = [panel.model.headerData(i, Qt.Orientation.Horizontal) for i in range(panel.model.columnCount())]
    assert "Aisha Rahman" in headers and "Price" not in headers  # blind to price until quality is agreed
    agree_quality(window)
    headers = [panel.model.headerData(i, Qt.Orientation.Horizontal) for i in range(panel.model.columnCount())]
    assert "Price" in headers
    scale = panel.font_scale
    assert scale > 1 and "font-size" in panel.styleSheet()
    window.larger_action.trigger()
    assert panel.font_scale > scale
    first = panel.crit_index
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Right)
    assert panel.crit_index == first + 1
    # The charts, in presentation mode too, once quality is agreed and the lead reveals them: Ctrl+5 with the menus
    # hidden, large type, evaluators anonymous.
    assert window.presentation.reveal()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    results = window.panels["Results"]
    assert window.tabs.currentWidget() is results
    assert results.bars.font().pointSizeF() > 12
    results.tabs.setCurrentIndex(2)  # the charts are drawn when their tab is shown
    assert [s.name for s in results.spread_chart.series] == ["Evaluator A", "Evaluator B", "Evaluator C"]
    from PySide6.QtGui import QColor, QImage

    image: QImage = results.bars.render_image()
    assert len({QColor(image.pixel(x, y)).name() for x in range(0, 900, 5) for y in range(0, 640, 5)}) > 10
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isFullScreen() and window.menuBar().isVisible() and window.styleSheet() == ""
    assert results.spread_chart.series[0].name == "Aisha Rahman"


def test_moderation_model_passes_qtmodeltester(qtmodeltester, demo_file: Path) -> None:
    ev = in_file(demo_file)
    crit = next(c for c in ev.framework.criteria if c.code == "Q1")
    evaluators = list(ev.evaluators)
    rows = [ModerationRow(b, tuple(next((s for s in ev.scores if (s.evaluator_id, s.bid_id, s.criterion_id) ==
                                         (e.id, b.id, crit.id)), None) for e in evaluators), None) for b in ev.bids]
    model = ModerationModel()
    model.load(rows, evaluators, crit, Fraction(8, 5))
    qtmodeltester.check(model)
    model.set_presentation(anonymous=True, show_prices=False)
    qtmodeltester.check(model)


def test_the_lead_sees_every_declaration_and_edits_a_role(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    from svi_desktop.ui.panels.dialogs.evaluators import EvaluatorsDialog

    assert window.files.open_path(demo_file)
    dialog = EvaluatorsDialog(window.session, window)
    qtbot.addWidget(dialog)
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())}
    assert rows["Aisha Rahman"] == "No conflict of interest (2026-11-02)"
    assert rows["Helen Marsh"].startswith("Conflict declared (2026-11-02): Served as a volunteer trustee")
    dialog.table.item(0, 1).setText("Lead commissioner")
    assert next(e for e in in_file(demo_file).evaluators if e.name == "Aisha Rahman").role == "Lead commissioner"
    window.undo_action.trigger()
    assert next(e for e in in_file(demo_file).evaluators if e.name == "Aisha Rahman").role == "Commissioning manager"
    dialog.close()


def test_a_conflicting_return_is_resolved_in_the_returns_dialog(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    import shutil

    from svi_desktop.ui.panels.dialogs.evaluators import ReturnsDialog

    assert window.files.open_path(demo_file)
    folder = tmp_path / "packs"
    folder.mkdir()
    answer_next_dialog("OK")
    issued = window.packs.issue_to(folder)
    remember(issued)
    first = next(p.path for p in issued if "Aisha" in p.path.name)
    second = tmp_path / "Aisha-again.svi"
    shutil.copy(first, second)
    with TenderFile.open(first, actor="a") as tf:
        submit_pack(tf, code=code_of(first))
    score_and_submit_by_store(second, "Moorside", "LT1", 1, code_of(first))
    answer_next_dialog("OK")
    assert window.packs.collect([first])
    seen = answer_next_dialog("OK")
    assert window.packs.collect([second])
    assert "is a second, different return from Aisha Rahman" in seen["text"]
    dialog = ReturnsDialog(window.session, window)
    qtbot.addWidget(dialog)
    statuses = [dialog.table.item(r, 5).text() for r in range(dialog.table.rowCount())]
    assert statuses == ["merged", "conflict"]
    dialog.table.selectRow(1)
    assert dialog.accept_button.isEnabled()
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert [dialog.table.item(r, 5).text() for r in range(2)] == ["superseded", "merged"]
    ev = in_file(demo_file)
    bid_id, lt1 = ids(ev, "Moorside", "LT1")
    aisha = next(e for e in ev.evaluators if e.name == "Aisha Rahman")
    assert next(s.value for s in ev.scores if (s.evaluator_id, s.bid_id, s.criterion_id) == (aisha.id, bid_id, lt1)) == 1
    dialog.close()
