"""Probity in the window: nothing of a bid before a declaration, exclusions that bite, a submitted pack locked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from svi_desktop.domain.numbers import fmt
from svi_desktop.domain.scoring import compute_results
from svi_desktop.store.operations import evaluators as ev_ops
from svi_desktop.store.operations.bids import set_bid_field, set_response
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.packs import code_of, issue
from tests.helpers.pdf import pdf_text
from tests.helpers.qt import answer_next_dialog

MARKER = "VALLEY-ONLY-7731 response text"
PRICE = "987654.32"


def _seen_text(window: MainWindow) -> str:
    """Everything the window shows: labels, fields, text boxes and every visible table or list."""
    parts = []
    for w in window.findChildren(QWidget):
        if not w.isVisible():
            continue
        if isinstance(w, QLabel | QLineEdit):
            parts.append(w.text())
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            parts.append(w.toPlainText())
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            root = w.rootIndex()
            try:
                columns = m.columnCount(root)
            except TypeError:  # a list model: one column, and Qt keeps columnCount to itself
                columns = 1
            parts += [str(m.data(m.index(r, c, root))) for r in range(m.rowCount(root)) for c in range(columns)]
    return "\n".join(parts)


def _prepare(demo_file: Path) -> tuple[str, str]:
    """Valley's bid carries a marker and a price; Priya joins the panel and has not declared."""
    with TenderFile.open(demo_file, actor="lead") as tf:
        ev = load_evaluation(tf)
        valley = next(b.id for b in ev.bids if b.supplier.startswith("Valley"))
        set_response(tf, bid_id=valley, criterion_id=ev.framework.criteria[12].id, text=MARKER)
        set_bid_field(tf, bid_id=valley, field="price", value=PRICE, reason="Test: changed after scoring.")
        priya = ev_ops.add_evaluator(tf, name="Priya Shah").result.id
    return valley, priya


def _visit_every_panel(window: MainWindow, qtbot: QtBot) -> str:
    seen = []
    for i, action in enumerate(window.panel_actions):
        if window.tabs.isTabVisible(i):
            action.trigger()
            qtbot.wait(20)
            seen.append(_seen_text(window))
    return "\n".join(seen)


def test_nothing_of_a_bid_before_a_declaration_in_a_pack(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                          tmp_path: Path) -> None:
    _valley, _priya = _prepare(demo_file)
    pack = next(p.path for p in issue(demo_file, tmp_path / "packs") if "Priya" in p.path.name)
    assert window.files.open_path(pack)
    moderation, results = window.panels["Moderation"], window.panels["Results"]
    assert not window.tabs.isTabVisible(window.tabs.indexOf(moderation))  # a pack only scores
    assert not window.tabs.isTabVisible(window.tabs.indexOf(results))
    shown = _visit_every_panel(window, qtbot)
    assert MARKER not in shown and "987,654" not in shown and PRICE not in shown
    assert not window.panels["Bids"].gate.isHidden() and window.panels["Bids"].model.rowCount() == 0
    assert window.panels["Scoring"].responses == {}
    # Once Priya declares (no conflict), the bids are there.
    window.panel_actions[2].trigger()
    window.panels["Scoring"].declare()
    window.panel_actions[1].trigger()
    assert window.panels["Bids"].gate.isHidden() and window.panels["Bids"].model.rowCount() == 4
    # The bids are there, without their prices: quality is scored blind to price.
    assert "Moorside" in _seen_text(window) and "987,654" not in _seen_text(window)


def test_nothing_of_a_bid_before_a_declaration_in_the_leads_file(window: MainWindow, demo_file: Path,
                                                                  qtbot: QtBot) -> None:
    _valley, priya = _prepare(demo_file)
    assert window.files.open_path(demo_file)
    window.panel_actions[2].trigger()
    scoring = window.panels["Scoring"]
    scoring.choose_evaluator(priya)
    assert scoring.stack.currentIndex() == 0 and "has not yet declared" in scoring.gate_label.text()
    assert scoring.responses == {} and MARKER not in _seen_text(window)


def test_an_excluded_evaluator_cannot_score_and_their_scores_leave_the_results(
        window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    valley, _priya = _prepare(demo_file)
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        before = load_evaluation(tf)
    aisha = next(e for e in before.evaluators if e.name.startswith("Aisha"))
    assert window.files.open_path(demo_file)
    window.panel_actions[2].trigger()
    scoring = window.panels["Scoring"]
    scoring.choose_evaluator(aisha.id)

    def declare(dialog) -> None:
        dialog.set_conflict(valley, "My sister is Valley's finance director.")
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()

    answer_next_dialog(then=declare)
    scoring.declare_dialog()  # Aisha declared before (none): she declares again, bidder by bidder
    index = next(i for i, b in enumerate(scoring.bids) if b.id == valley)
    scoring.go_to(index, 0)
    column = scoring.current_column()
    assert column.status.text() == "Excluded: conflict of interest declared" and not column.picker.isEnabled()
    assert column.response.toPlainText() == "" and MARKER not in _seen_text(window)
    qtbot.keyClick(QApplication.focusWidget() or column.response, Qt.Key.Key_3)  # a digit, as if to score it
    qtbot.wait(50)
    assert QApplication.activeModalWidget() is None  # nothing to score: the digit is not taken, and nothing asks
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        after = load_evaluation(tf)
    assert [s for s in after.scores if s.evaluator_id == aisha.id and s.bid_id == valley] == [
        s for s in before.scores if s.evaluator_id == aisha.id and s.bid_id == valley]  # kept on record
    without = replace(before, scores=tuple(s for s in before.scores
                                           if not (s.evaluator_id == aisha.id and s.bid_id == valley)))
    expected = {r.bid.supplier: fmt(r.total) for r in compute_results(without).ranked}
    window.panel_actions[4].trigger()
    model = window.panels["Results"].model
    shown = {model.data(model.index(r, 1)): model.data(model.index(r, model.columnCount() - 1))
             for r in range(model.rowCount())}
    assert {k: v for k, v in shown.items() if k in expected} == expected


def test_a_submitted_pack_is_locked_with_a_banner(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                  tmp_path: Path) -> None:
    issued = issue(demo_file, tmp_path / "packs")
    pack = issued[0].path
    assert window.files.open_path(pack)
    window.panel_actions[2].trigger()
    scoring = window.panels["Scoring"]
    scoring.focus_current()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)
    assert window.undo_action.isEnabled()
    assert scoring.submit(code_of(pack))
    assert not window.undo_action.isEnabled() and window.session.undo_stack.count() == 0
    assert scoring.banner.isVisible() and str(pack) in scoring.banner.text() and "Send this file" in scoring.banner.text()
    for column in [*scoring.strip.columns, scoring.bid_column]:
        if column.bid is not None:
            assert not column.picker.isEnabled() and not column.rationale.isEnabled()
            assert not column.cite_button.isEnabled()
    assert not scoring.submit_button.isEnabled()


def test_the_lead_decides_in_the_window_and_moderation_strikes_the_score_through(
        window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QInputDialog

    from svi_desktop.ui.panels.dialogs.evaluators import EvaluatorsDialog

    valley, _priya = _prepare(demo_file)
    with TenderFile.open(demo_file, actor="t") as tf:
        aisha = next(e for e in load_evaluation(tf).evaluators if e.name.startswith("Aisha"))
        ev_ops.declare(tf, evaluator_id=aisha.id, conflicts=((valley, "Sister at Valley."),))
    assert window.files.open_path(demo_file)
    window.panel_actions[3].trigger()
    moderation = window.panels["Moderation"]
    model = moderation.model
    row = next(r for r in range(model.rowCount()) if model.rows[r].bid.id == valley)
    col = model._layout().index(f"e{[e.id for e in model.evaluators].index(aisha.id)}")
    index = model.index(row, col)
    if model.rows[row].scores[int(model._layout()[col][1:])] is not None:
        assert model.data(index, Qt.ItemDataRole.FontRole).strikeOut()
        assert model.data(index, Qt.ItemDataRole.ToolTipRole) == "Excluded: conflict of interest declared: Sister at Valley."
    dialog = EvaluatorsDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert dialog.conflicts.rowCount() == 1 and dialog.conflicts.item(0, 3).text() == "Excluded from the bid"
    dialog.conflicts.selectRow(0)
    assert dialog.allow_button.isEnabled() and not dialog.exclude_button.isEnabled()

    def reason(box: QInputDialog) -> None:
        box.setTextValue("Her sister left Valley in 2019; no link to this service.")
        box.accept()

    answer_next_dialog(then=reason)
    qtbot.mouseClick(dialog.allow_button, Qt.MouseButton.LeftButton)
    assert dialog.conflicts.item(0, 3).text().startswith("May score it: Her sister left Valley")
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        decided = load_evaluation(tf)
    assert not decided.exclusions()
    assert window.undo_action.text().startswith("&Undo Let Aisha Rahman score Valley")
    window.undo_action.trigger()
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        assert (aisha.id, valley) in load_evaluation(tf).exclusions()


def test_the_conflicts_assessment_is_kept_reminded_printed_and_carried(window: MainWindow, demo_file: Path,
                                                                       qtbot: QtBot, tmp_path: Path) -> None:
    import json

    from svi_desktop.ui.panels.dialogs.assessment import AssessmentDialog
    from tests.helpers.hostile import cli

    assert window.files.open_path(demo_file)
    dialog = AssessmentDialog(window.session, window)
    qtbot.addWidget(dialog)
    values = {"person": "Dana Lead", "role": "evaluation lead", "interests": "None declared",
              "assessment": "No conflict with any bidder.", "mitigation": "", "reviewed_by": "Head of Procurement",
              "reviewed_on": "2026-01-05", "next_review": "2026-02-05"}
    for k, v in values.items():
        dialog.fields[k].clear()
        qtbot.keyClicks(dialog.fields[k], v)
    demo_entries = dialog.table.rowCount()  # the demo's lead, approvers and evaluators
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == demo_entries + 1
    assert "Dana Lead" in [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    dialog.fields["person"].clear()
    seen = answer_next_dialog("OK")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # no name: refused in a sentence
    assert seen["text"] == "An entry in the conflicts assessment needs the person's name."
    assert dialog.table.rowCount() == demo_entries + 1
    dialog.close()
    window.files.close_tender()
    assert window.files.open_path(demo_file)  # the review date has passed: reminded on opening
    assert "A review of the conflicts assessment is due for Dana Lead" in window.statusBar().currentMessage()
    window.files.close_tender()
    assert cli("export", "pdf", str(demo_file), str(tmp_path / "r.pdf"))[0] == 0
    text = pdf_text(tmp_path / "r.pdf")
    assert "Conflicts assessment (Procurement Act 2023, section 83)" in text and "Dana Lead (evaluation lead)" in text
    assert cli("export-json", str(demo_file), str(tmp_path / "t.json"))[0] == 0
    doc = json.loads((tmp_path / "t.json").read_text())
    assert [(a["person"], a["next_review"]) for a in doc["conflicts_assessment"]
            if a["person"] == "Dana Lead"] == [("Dana Lead", "2026-02-05")]
    assert cli("import-json", str(tmp_path / "t.json"), str(tmp_path / "copy.svi"))[0] == 0
    code, out, _err = cli("export-json", str(tmp_path / "copy.svi"), str(tmp_path / "again.json"))
    assert json.loads((tmp_path / "again.json").read_text())["conflicts_assessment"] == doc["conflicts_assessment"]


def test_scores_entered_on_someone_elses_behalf_say_so(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                       tmp_path: Path) -> None:

    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from tests.helpers.hostile import cli

    assert window.files.open_path(demo_file)
    window.panel_actions[2].trigger()
    scoring = window.panels["Scoring"]
    david = next(e for e in scoring.evaluators if e.name.startswith("David"))

    def on_behalf(box: QMessageBox) -> None:
        assert box.text() == "Are you David Okafor, or are you entering David Okafor's scores on their behalf?"
        next(b for b in box.buttons() if b.text().startswith("On their")).click()

    def why(box: QInputDialog) -> None:
        box.setTextValue("Scores sent on paper from the site visit")
        box.accept()

    answer_next_dialog(then=on_behalf)
    answer_next_dialog(then=why)  # the second dialog, once the first is answered
    scoring.pick_evaluator(david.id)
    assert scoring.evaluator.id == david.id and scoring.on_behalf == "Scores sent on paper from the site visit"
    assert scoring.behalf_label.isVisible() and "on behalf" in scoring.behalf_label.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    scoring.go_to(0, 0)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    bid, crit = scoring.bids[0], scoring.criteria[0]
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        score = next(s for s in load_evaluation(tf).scores
                     if (s.evaluator_id, s.bid_id, s.criterion_id) == (david.id, bid.id, crit.id))
        last = tf.audit_rows()[-1]
    assert score.value == 1 and score.on_behalf == "Scores sent on paper from the site visit"
    assert last.evaluator == "David Okafor" and last.actor == window.session.tf.actor  # the person at the keys
    assert "entered on behalf of David Okafor: Scores sent on paper" in last.action
    window.panel_actions[3].trigger()
    model = window.panels["Moderation"].model
    moderation = window.panels["Moderation"]
    moderation.criterion_box.setCurrentIndex(0)
    row = next(r for r in range(model.rowCount()) if model.rows[r].bid.id == bid.id)
    col = model._layout().index(f"e{[e.id for e in model.evaluators].index(david.id)}")
    assert model.data(model.index(row, col)).endswith("✍")
    assert "Entered on the evaluator's behalf: Scores sent on paper" in model.data(model.index(row, col),
                                                                                     Qt.ItemDataRole.ToolTipRole)
    window.files.close_tender()
    assert cli("export", "pdf", str(demo_file), str(tmp_path / "r.pdf"))[0] == 0
    text = pdf_text(tmp_path / "r.pdf")
    assert "Scores entered on an evaluator's behalf" in text and "(Scores sent on paper from the site visit)" in text


def test_no_export_from_a_pack_before_its_evaluator_declares(window: MainWindow, demo_file: Path,
                                                               tmp_path: Path) -> None:
    from tests.helpers.hostile import cli

    _valley, _priya = _prepare(demo_file)
    pack = next(p.path for p in issue(demo_file, tmp_path / "packs") if "Priya" in p.path.name)
    code, _out, err = cli("export", "xlsx", str(pack), str(tmp_path / "w.xlsx"))
    assert code == 2 and "Declare your interests" in err and not (tmp_path / "w.xlsx").exists()
    assert window.files.open_path(pack)
    seen = answer_next_dialog("OK")
    window.export_action.trigger()
    assert seen["text"] == "Declare your interests, bidder by bidder, before exporting anything from your pack."
    window.panel_actions[2].trigger()
    window.panels["Scoring"].declare()
    window.files.close_tender()
    assert cli("export", "xlsx", str(pack), str(tmp_path / "w.xlsx"))[0] == 0
