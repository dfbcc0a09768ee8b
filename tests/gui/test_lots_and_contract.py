"""Lots, commitments and the contract's KPIs in the window, driven through the real widgets: lots typed into the
Lots dialog, the limit and its rule chosen by keyboard, each lot's results in the Results panel with who is
awarded what; a bid's commitments typed in; the Contract panel making the KPIs, rating two periods, its chart and
the performance notice."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from svi_desktop.domain.changes import op
from svi_desktop.store.operations.bids import set_bid_field
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.qt import answer_next_dialog


def _file(path: Path):  # type: ignore[no-untyped-def]
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return load_evaluation(tf)


def _type_lot(qtbot: QtBot, dialog, code: str, title: str, value: str) -> None:  # type: ignore[no-untyped-def]
    for field, text in ((dialog.code, code), (dialog.title, title), (dialog.value, value)):
        field.setFocus()
        qtbot.keyClicks(field, text)
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return)


def test_lots_are_typed_in_limited_and_shown_lot_by_lot(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    from svi_desktop.ui.panels.dialogs.lots import LotsDialog

    dialog = LotsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    _type_lot(qtbot, dialog, "1", "North", "3000000")
    _type_lot(qtbot, dialog, "2", "South", "2000000")
    assert [(x.code, x.title, x.value) for x in _file(demo_file).lots] == [
        ("1", "North", Decimal(3000000)), ("2", "South", Decimal(2000000))]
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 1).text() == "South"
    assert dialog.code.hasFocus() and dialog.code.text() == ""  # ready for the next lot
    seen = answer_next_dialog()
    _type_lot(qtbot, dialog, "1", "Again", "")
    assert "already has a lot '1'" in seen["text"] and len(_file(demo_file).lots) == 2
    dialog.code.clear()
    dialog.title.clear()
    # The limit, typed, and the rule, chosen with the arrow keys.
    dialog.limit.setFocus()
    dialog.limit.selectAll()
    qtbot.keyClicks(dialog.limit, "1")
    qtbot.keyClick(dialog.limit, Qt.Key.Key_Return)
    dialog.rule.setFocus()
    qtbot.keyClick(dialog.rule, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.rule, Qt.Key.Key_Down)
    assert _file(demo_file).settings["lots.limit_per_supplier"] == "1"
    assert _file(demo_file).settings["lots.tie_break"] == "order"
    window.undo_action.trigger()
    assert _file(demo_file).settings["lots.tie_break"] == "value"
    window.redo_action.trigger()
    assert dialog.rule.currentData() == "order"
    # Every bid for both lots; one of them typed into the Bids panel, a lot that is not there refused.
    window.panel_actions[1].trigger()
    bids = window.panel("Bids")
    bids.table.selectRow(0)
    first = bids.current_bid()
    field = bids.detail.lot
    seen = answer_next_dialog()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "1, 7")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "The tender has no lot '7'" in seen["text"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "2,1")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert next(b.lot for b in _file(demo_file).bids if b.id == first.id) == "2, 1"
    for b in _file(demo_file).bids:
        if b.id != first.id:
            window.session.perform("lots", op(set_bid_field, bid_id=b.id, field="lot", value="1, 2"))
    # Results, lot by lot.
    window.panel_actions[4].trigger()
    results = window.panel("Results")
    assert results.lot_box.isVisible() and results.lot_box.count() == 3
    # The allocation ranks every lot off the window's thread: the ranking is shown first, the awards after.
    assert results.model.rowCount() > 0
    qtbot.waitUntil(lambda: results.lot_job is None, timeout=10000)
    awards = results.award_text.text()
    assert "Lot 1 (North): Moorside Community Health CIC ranked first and is awarded the lot." in awards
    assert ("Lot 2 (South): Moorside Community Health CIC ranked first but was passed over under the limit of 1 "
            "lot per supplier; Valley Wellbeing Partnership, ranked second, is awarded the lot.") in awards
    everyone = results.model.rowCount()
    window.session.perform("lots", op(set_bid_field, bid_id=_supplier(demo_file, "Northgate"), field="lot",
                                      value="1"))
    results.lot_box.setFocus()
    qtbot.keyClick(results.lot_box, Qt.Key.Key_Down)
    qtbot.keyClick(results.lot_box, Qt.Key.Key_Down)  # "2: South"
    results.lot_box.activated.emit(results.lot_box.currentIndex())
    assert results.lot == "2"
    shown = {results.model.index(r, 1).data() for r in range(results.model.rowCount())}
    assert "Northgate Support Services Ltd" not in " ".join(map(str, shown))
    assert results.model.rowCount() == everyone - 1


def _supplier(path: Path, first_word: str) -> str:
    return next(b.id for b in _file(path).bids if b.supplier.startswith(first_word))


def test_commitments_become_kpis_rated_in_the_contract_panel(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                             tmp_path: Path, monkeypatch) -> None:
    from svi_desktop.domain import clock
    from svi_desktop.store.operations import contract
    from svi_desktop.ui.operations import award as award_ui
    from tests.helpers.award import SIGNED, complete_award_record

    # The contract starts on the day of the award (issue 32: there is none before it); its periods are rated a year
    # on, as the test lets time pass.
    def day(n: int) -> str:
        return (dt.date.today() + dt.timedelta(days=n)).isoformat()

    with TenderFile.open(demo_file, actor="lead") as tf:  # this test's commitments in place of the demo's own
        for (cid,) in tf.query("SELECT id FROM commitments"):
            contract.remove_commitment(tf, commitment_id=cid)
    complete_award_record(demo_file)
    assert window.files.open_path(demo_file)
    from svi_desktop.ui.panels.dialogs.commitments import CommitmentsDialog

    moorside = _supplier(demo_file, "Moorside")
    dialog = CommitmentsDialog(window.session, moorside, window)
    qtbot.addWidget(dialog)
    dialog.show()
    for field, text in ((dialog.measure, "Apprenticeships for borough residents"), (dialog.quantity, "12"),
                        (dialog.unit, "apprenticeships"), (dialog.due, "2028-03-31"),
                        (dialog.metric_field.lineEdit(), "Apprenticeship starts")):
        field.setFocus()
        qtbot.keyClicks(field, text)
    dialog.evidence.setFocus()
    qtbot.keyClicks(dialog.evidence, "Quarterly returns naming each starter.")
    dialog.theme_box.setCurrentIndex(dialog.theme_box.findText("Social Value Model: Skills for growth"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    (c,) = _file(demo_file).commitments
    assert (c.bid_id, c.measure, c.quantity, c.unit, c.due, c.outcome, c.metric) == (
        moorside, "Apprenticeships for borough residents", 12, "apprenticeships", "2028-03-31", "ppn002-2",
        "Apprenticeship starts")
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 4).text() == "Skills for growth"
    seen = answer_next_dialog()
    dialog.quantity.setText("twelve")
    dialog.measure.setText("Another")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "as a number" in seen["text"] and len(_file(demo_file).commitments) == 1
    dialog.close()

    assert award_ui.sign_off(window.session, "Priya Shah", "Director of Public Health", SIGNED) is not None
    monkeypatch.setattr(clock, "today", lambda: dt.date.fromisoformat(day(400)))
    window.panel_actions[6].trigger()
    panel = window.panel("Contract")
    assert window.tabs.currentWidget() is panel
    assert not panel.notice_button.isEnabled() and panel.table.rowCount() == 0
    panel.start.setText(day(0))
    qtbot.mouseClick(panel.make_button, Qt.MouseButton.LeftButton)
    (kpi,) = _file(demo_file).kpis
    assert (kpi.measure, kpi.target, kpi.start, kpi.bid_id) == ("Apprenticeships for borough residents", 12,
                                                                day(0), moorside)
    assert panel.table.rowCount() == 1 and not panel.make_button.isEnabled()
    assert "The contract with Moorside Community Health CIC: 1 KPIs" in panel.summary.text()
    panel.table.selectRow(0)
    assert panel.rate_box.isEnabled() and panel.period_start.text() == day(0)
    for period_end, actual, rating_steps, reason in ((day(181), "4", 1, "Two starts slipped."),
                                                     (day(359), "9", 0, "")):
        panel.period_end.setText(period_end)
        panel.actual.setText(actual)
        panel.evidence.setPlainText("Return with named starters.")
        panel.rating.setCurrentIndex(0)
        panel.rating.setFocus()
        for _ in range(rating_steps):
            qtbot.keyClick(panel.rating, Qt.Key.Key_Down)
        panel.reason.setPlainText(reason)
        qtbot.mouseClick(panel.rate_button, Qt.MouseButton.LeftButton)
        panel.table.selectRow(0)
    periods = _file(demo_file).kpi_periods
    assert [(p.period_start, p.period_end, p.actual, p.rating.value) for p in periods] == [
        (day(0), day(181), 4, "approaching target"), (day(182), day(359), 9, "good")]
    assert panel.table.item(0, 4).text() == "9 apprenticeships" and panel.table.item(0, 5).text() == "Good"
    assert panel.period_start.text() == day(360)  # the next period offered from the day after the last
    # The chart: one line, from nothing at the start to 75% of the promise.
    assert panel.chart.labels == ("start", day(181), day(359))
    assert [round(v, 1) for v in panel.chart.series[0].values] == [0.0, 33.3, 75.0]
    image = panel.chart.render_image()
    assert not image.isNull()
    # A rating refused: a period that overlaps the last.
    seen = answer_next_dialog()
    panel.period_start.setText(day(335))
    panel.period_end.setText(day(400))
    panel.actual.setText("10")
    panel.evidence.setPlainText("x")
    qtbot.mouseClick(panel.rate_button, Qt.MouseButton.LeftButton)
    assert "the next starts after it" in seen["text"] and len(_file(demo_file).kpi_periods) == 2
    # Undo the second rating; redo it.
    window.undo_action.trigger()
    assert len(_file(demo_file).kpi_periods) == 1
    window.redo_action.trigger()
    assert len(_file(demo_file).kpi_periods) == 2
    made = panel.write_notice(tmp_path / "notice")
    assert sorted(p.suffix for p in made) == [".csv", ".pdf"]
    text = subprocess.run(["pdftotext", str(next(p for p in made if p.suffix == ".pdf")), "-"], capture_output=True,
                          text=True).stdout
    assert "Apprenticeships for borough residents" in text and "Approaching target" in text


def test_the_model_file_offers_its_metrics_and_a_broken_copy_is_passed_over(data_dir: Path) -> None:
    import json

    from svi_desktop.workflows.contract import model_metrics, model_outcomes

    shipped = model_outcomes()
    assert len(shipped) == 8 and shipped[1] == ("ppn002-2", "Skills for growth") and model_metrics() == ()
    (data_dir / "social-value-model.json").write_text("{not json", encoding="utf-8")
    assert model_outcomes() == shipped  # a broken copy of the user's own is passed over for the shipped one
    (data_dir / "social-value-model.json").write_text(json.dumps({
        "outcomes": [{"id": "own-1", "name": "Local jobs"}, {"id": 7, "name": None}],
        "metrics": [{"id": "m1", "outcome": "own-1", "name": "Residents employed (FTE)"}, "junk"]}), encoding="utf-8")
    assert model_outcomes() == (("own-1", "Local jobs"),)
    assert model_metrics() == (("m1", "own-1", "Residents employed (FTE)"),)


def test_a_lot_is_removed_with_delete_unless_a_bid_is_for_it(window: MainWindow, demo_file: Path,
                                                             qtbot: QtBot) -> None:
    from svi_desktop.store.operations import contract

    with TenderFile.open(demo_file, actor="lead") as tf:
        contract.add_lot(tf, code="1", title="North")
        contract.add_lot(tf, code="2", title="South")
        set_bid_field(tf, bid_id=tf.query("SELECT id FROM bids LIMIT 1")[0][0], field="lot", value="1")
    assert window.files.open_path(demo_file)
    from svi_desktop.ui.panels.dialogs.lots import LotsDialog

    dialog = LotsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.setFocus()
    dialog.table.selectRow(0)
    seen = answer_next_dialog()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert "bids for lot 1: change its lots first" in seen["text"]
    dialog.table.selectRow(1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert [x.code for x in _file(demo_file).lots] == ["1"] and dialog.table.rowCount() == 1
    window.undo_action.trigger()
    assert [x.code for x in _file(demo_file).lots] == ["1", "2"] and dialog.table.rowCount() == 2
    # A title typed over in the table is recorded; a value that is not a number is refused and put back.
    item = dialog.table.item(1, 1)
    item.setText("South and East")
    assert [x.title for x in _file(demo_file).lots] == ["North", "South and East"]
    seen = answer_next_dialog()
    dialog.table.item(1, 2).setText("a lot")
    assert "must be a number" in seen["text"]
    assert dialog.table.item(1, 2).text() == "" and _file(demo_file).lots[1].value is None


def test_the_lots_are_allocated_off_the_windows_thread(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                       monkeypatch) -> None:
    """Allocating lots ranks every lot (seconds at 800 bids): the window's thread does not wait for it."""
    import threading

    from svi_desktop.store.operations.contract import add_lot
    from svi_desktop.ui.panels.results import panel as results_module

    with TenderFile.open(demo_file, actor="lead") as tf:
        add_lot(tf, code="1", title="North")
        add_lot(tf, code="2", title="South")
        for b in load_evaluation(tf).bids:
            set_bid_field(tf, bid_id=b.id, field="lot", value="1, 2")
    ran_on, release = [], threading.Event()
    real = results_module.allocate

    def slow_allocate(ev):
        ran_on.append(threading.current_thread() is threading.main_thread())
        release.wait(5)  # held until the test has seen the window go on without it
        return real(ev)

    monkeypatch.setattr(results_module, "allocate", slow_allocate)
    assert window.files.open_path(demo_file)
    window.panel_actions[4].trigger()
    results = window.panel("Results")
    assert results.model.rowCount() > 0  # the ranking is on the screen while the lots are still being allocated
    assert results.award_text.text() == "Allocating the lots under the limit…"
    release.set()
    qtbot.waitUntil(lambda: results.lot_job is None, timeout=10000)
    assert ran_on and not any(ran_on)
    assert "Lot 1 (North):" in results.award_text.text()


def test_a_price_for_each_lot_is_typed_into_the_bid_form(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    """The bid form has a line for each lot the bid is for (the field per lot that domain/bid_fields.py declares):
    a price typed there is that lot's price; blank gives the lot back its single price; undo restores it."""
    from svi_desktop.store.operations import contract
    from svi_desktop.ui.panels.bids.detail import LotLines

    with TenderFile.open(demo_file, actor="t") as tf:
        contract.add_lot(tf, code="1", title="North")
        contract.add_lot(tf, code="2", title="South")
        first = load_evaluation(tf).bids[0]
        set_bid_field(tf, bid_id=first.id, field="lot", value="2, 1")
    assert window.files.open_path(demo_file)
    window.panel_actions[1].trigger()
    bids = window.panel("Bids")
    bids.table.selectRow(0)
    assert bids.current_bid().id == first.id
    lines = bids.detail.fields["prices"]
    assert isinstance(lines, LotLines) and lines.isVisible()
    assert list(lines.lines) == ["2", "1"]  # in the bid's own order
    line = lines.lines["2"]
    line.setFocus()
    qtbot.keyClicks(line, "£990,000")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    stored = next(b for b in _file(demo_file).bids if b.id == first.id)
    assert stored.prices == (("2", Decimal(990000)),)
    assert lines.lines["2"].text() == "990,000" and lines.lines["1"].text() == ""
    seen = answer_next_dialog()
    line = lines.lines["1"]
    line.setFocus()
    qtbot.keyClicks(line, "about a million")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert "is not a price" in seen["text"] and lines.lines["1"].text() == ""
    window.undo_action.trigger()
    assert next(b for b in _file(demo_file).bids if b.id == first.id).prices == ()
    assert lines.lines["2"].text() == ""
    # A bid not in lots has no such line.
    bids.table.selectRow(1)
    assert not lines.isVisible()


def test_where_the_limit_is_published_is_typed_and_every_bidder_passed_over_is_named(
        window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    """Issue 31: the Lots dialog records where the limit and its rule are published (the completeness check asks
    for it), and the Results panel names everyone a lot passed over under the limit."""
    from svi_desktop.domain.award import award_check
    from svi_desktop.ui.panels.dialogs.lots import LotsDialog
    from tests.helpers.lots import three_limited_lots

    three_limited_lots(demo_file)
    assert window.files.open_path(demo_file)
    assert any(m.kind == "lots" and "published" in m.text for m in award_check(_file(demo_file), "2026-11-26"))
    dialog = LotsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # &Published in
    assert dialog.published.hasFocus()
    qtbot.keyClicks(dialog.published, "  the tender notice,   section 5.2 ")
    qtbot.keyClick(dialog.published, Qt.Key.Key_Tab)
    assert _file(demo_file).settings["lots.published"] == "the tender notice, section 5.2"
    assert not any(m.kind == "lots" for m in award_check(_file(demo_file), "2026-11-26"))
    window.undo_action.trigger()
    assert "lots.published" not in _file(demo_file).settings and dialog.published.text() == ""
    window.redo_action.trigger()
    assert dialog.published.text() == "the tender notice, section 5.2"
    dialog.close()
    window.panel_actions[4].trigger()
    results = window.panel("Results")
    qtbot.waitUntil(lambda: results.lot_job is None, timeout=10000)
    assert ("Lot 3 (Area 3): Moorside Community Health CIC, ranked first, and Valley Wellbeing Partnership, ranked "
            "second, were each passed over under the limit of 1 lot per supplier; Northgate Support Services Ltd, "
            "ranked third, is awarded the lot.") in results.award_text.text()
