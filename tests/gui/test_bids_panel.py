"""The Bids panel through its real widgets, checked against the file after every step."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from svi_desktop.domain.model import BidStatus
from svi_desktop.store.operations import bids as bid_ops
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.panels.bids.model import BidsFilterProxy, BidsTableModel, bid_rows
from tests.helpers.qt import answer_next_dialog


def in_file(path: Path):
    with TenderFile.open(path, actor="test", read_only=True) as tf:
        return load_evaluation(tf)


def settle(window: MainWindow, qtbot: QtBot) -> None:
    """After a modal dialog, wait for the window to be active again, as a window manager would make it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def type_into_dialog(text: str):
    def fill(dialog: QDialog) -> None:
        editor = dialog.findChild(QPlainTextEdit) or dialog.findChild(QLineEdit)
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        else:
            editor.setText(text)
        dialog.accept()
    return answer_next_dialog(then=fill)


@pytest.fixture
def bids_window(window: MainWindow, demo_file: Path, qtbot: QtBot) -> MainWindow:
    assert window.files.open_path(demo_file)
    window.panel_actions[1].trigger()  # View > Bids (Ctrl+2)
    assert window.tabs.currentWidget() is window.panels["Bids"]
    return window


def test_add_respond_exclude_and_undo_each_step(bids_window: MainWindow, qtbot: QtBot, demo_file: Path) -> None:
    panel = bids_window.panels["Bids"]
    type_into_dialog("Hollin Vale Youth Trust")
    qtbot.mouseClick(panel.buttons["add"], Qt.MouseButton.LeftButton)
    settle(bids_window, qtbot)
    ev = in_file(demo_file)
    assert "Hollin Vale Youth Trust" in [b.supplier for b in ev.bids]
    assert panel.current_bid().supplier == "Hollin Vale Youth Trust"
    bid_id = panel.current_bid().id

    detail = panel.detail
    detail.criteria.setCurrentRow(1)  # SVI2
    detail.response.setFocus()
    qtbot.keyClicks(detail.response, "We have run youth clubs in Hollinwood for 12 years.")
    assert detail.count.text() == "51 characters (limit 30,000)"
    panel.table.setFocus()  # focus out commits
    svi2 = next(c.id for c in ev.framework.criteria if c.code == "SVI2")
    responses = {(r.bid_id, r.criterion_id): r.text for r in in_file(demo_file).responses}
    assert responses[(bid_id, svi2)] == "We have run youth clubs in Hollinwood for 12 years."

    type_into_dialog("Submitted after the closing date (received 14 October, 09:12).")
    qtbot.mouseClick(panel.buttons["exclude"], Qt.MouseButton.LeftButton)
    bid = next(b for b in in_file(demo_file).bids if b.id == bid_id)
    assert bid.status is BidStatus.EXCLUDED and bid.status_reason.startswith("Submitted after the closing date")
    assert detail.status.text().startswith("Excluded: Submitted after the closing date")
    assert "(out of the ranking)" in detail.status.text()

    # Undo each step, checking the file after each.
    bids_window.undo_action.trigger()
    bid = next(b for b in in_file(demo_file).bids if b.id == bid_id)
    assert bid.status is BidStatus.RECEIVED and bid.status_reason == ""
    bids_window.undo_action.trigger()
    assert (bid_id, svi2) not in {(r.bid_id, r.criterion_id) for r in in_file(demo_file).responses}
    bids_window.undo_action.trigger()
    assert bid_id not in {b.id for b in in_file(demo_file).bids}
    assert panel.model.rowCount() == 4
    # And redo brings all three back.
    for _ in range(3):
        bids_window.redo_action.trigger()
    ev = in_file(demo_file)
    assert next(b for b in ev.bids if b.id == bid_id).status is BidStatus.EXCLUDED
    assert (bid_id, svi2) in {(r.bid_id, r.criterion_id) for r in ev.responses}


def test_exclude_needs_a_reason(bids_window: MainWindow, qtbot: QtBot, demo_file: Path) -> None:
    panel = bids_window.panels["Bids"]
    type_into_dialog("   ")
    seen = answer_next_dialog("OK")  # the refusal that follows
    qtbot.mouseClick(panel.buttons["exclude"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "text" in seen)
    assert "Say why the bid is excluded" in seen["text"]
    assert all(b.status is not BidStatus.EXCLUDED for b in in_file(demo_file).bids)


def test_import_through_the_ui_with_preview(bids_window: MainWindow, qtbot: QtBot, demo_file: Path,
                                            tmp_path: Path) -> None:
    panel = bids_window.panels["Bids"]
    template = tmp_path / "template.xlsx"
    assert panel.save_template(template)
    wb = openpyxl.load_workbook(template)
    wb["Bids"].append(["Greenfield Co-op", "VCFSE", "", "2026-10-11", 1_010_000, "Our purpose is community health."])
    wb["Bids"].append(["Upland Care Ltd", "SME", "", "2026-10-12", "n/a"])
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    seen = answer_next_dialog(then=lambda d: (seen.update(enabled=d.import_button.isEnabled(),
                                                          summary=d.summary.text(),
                                                          problem=d.table.item(0, 2).text()), d.reject()))
    assert not panel.import_sheet(bad)
    assert seen["enabled"] is False and "1 problem(s)" in seen["summary"]
    assert seen["problem"] == "'n/a' is not a price; write a number such as 1180000"
    assert len(in_file(demo_file).bids) == 4

    wb["Bids"].delete_rows(3)
    # The Commitments sheet arrives too, as it does through `svi import-bids` (it once was dropped here).
    wb["Commitments"].append(["Greenfield Co-op", "Apprenticeships for residents", 12, "starts", "2028-03-31",
                              "Payroll returns.", "", "", "", ""])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    seen = answer_next_dialog(then=lambda d: (seen.update(summary=d.summary.text(), row=[
        d.table.item(0, c).text() for c in range(d.table.columnCount())]), d.import_button.click()))
    assert panel.import_sheet(good)
    assert "1 commitments" in seen["summary"]
    assert seen["row"][-1] == "Apprenticeships for residents: 12 starts by 2028-03-31"
    ev = in_file(demo_file)
    assert "Greenfield Co-op" in [b.supplier for b in ev.bids]
    bid = next(b for b in ev.bids if b.supplier == "Greenfield Co-op")
    assert [(c.measure, c.quantity, c.unit, c.due, c.evidence) for c in ev.commitments if c.bid_id == bid.id] == [
        ("Apprenticeships for residents", 12, "starts", "2028-03-31", "Payroll returns.")]
    assert panel.model.rowCount() == 5
    bids_window.undo_action.trigger()
    ev = in_file(demo_file)
    assert len(ev.bids) == 4 and not [c for c in ev.commitments if c.bid_id == bid.id]


def test_documents_inside_the_file(bids_window: MainWindow, demo_file: Path, tmp_path: Path, monkeypatch) -> None:
    panel = bids_window.panels["Bids"]
    pdf = tmp_path / "accounts 2025.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"audited accounts " * 1000)
    assert panel.detail.attach(pdf)
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        bid = panel.current_bid()
        docs = bid_ops.list_documents(tf, bid.id)
        assert [d.name for d in docs] == ["accounts 2025.pdf"]
        assert docs[0].sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    opened = []
    monkeypatch.setattr("svi_desktop.ui.panels.bids.detail.QDesktopServices.openUrl", lambda url: opened.append(url))
    panel.detail.documents.setCurrentRow(0)
    copy = panel.detail.open_document()
    assert copy is not None and copy.read_bytes() == pdf.read_bytes() and copy != pdf
    assert opened[0].toLocalFile() == str(copy)

    monkeypatch.setattr(bid_ops, "MAX_DOCUMENT_BYTES", 10 * 1024)
    seen = answer_next_dialog("OK")
    assert not panel.detail.attach(pdf)
    assert seen["text"] == ("accounts 2025.pdf is 17 KB; documents are limited to 10 KB each. "
                            "Attach a smaller copy.")
    assert panel.detail.documents.count() == 1  # the refused copy was not added


def test_bidder_text_is_shown_as_plain_text(bids_window: MainWindow, demo_file: Path) -> None:
    panel = bids_window.panels["Bids"]
    hostile = '<b>bold</b> <img src="http://example.org/x.png"> <a href="file:///etc/passwd">link</a> & more'
    assert panel.add(hostile)
    row = panel.model.row_of(panel.current_bid().id)
    assert panel.model.data(panel.model.index(row, 0)) == hostile
    panel.detail.criteria.setCurrentRow(0)
    panel.detail.response.setPlainText(hostile)
    panel.detail.response.commit()
    assert panel.detail.response.toPlainText() == hostile
    assert panel.detail.supplier.text() == hostile
    assert hostile in {r.text for r in in_file(demo_file).responses}


def test_search_and_status_filter(bids_window: MainWindow, qtbot: QtBot) -> None:
    panel = bids_window.panels["Bids"]
    qtbot.keyClicks(panel.search, "valley")
    assert panel.proxy.rowCount() == 1
    panel.search.clear()
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("received"))
    assert panel.proxy.rowCount() == 1  # Northgate
    panel.status_filter.setCurrentIndex(0)
    assert panel.proxy.rowCount() == 4


def test_bids_model_passes_qtmodeltester(qtmodeltester, demo_file: Path) -> None:
    model = BidsTableModel()
    model.set_rows(bid_rows(in_file(demo_file)))
    qtmodeltester.check(model)
    proxy = BidsFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(0)
    qtmodeltester.check(proxy)
    assert model.rowCount() == 4 and model.data(model.index(0, 6)) == "20 of 20"


def test_input_dialog_cancel_adds_nothing(bids_window: MainWindow, qtbot: QtBot, demo_file: Path) -> None:
    answer_next_dialog(then=lambda d: d.reject())
    qtbot.mouseClick(bids_window.panels["Bids"].buttons["add"], Qt.MouseButton.LeftButton)
    assert len(in_file(demo_file).bids) == 4


def test_supplier_details_are_typed_validated_and_undone(bids_window: MainWindow, qtbot: QtBot,
                                                         demo_file: Path) -> None:
    panel = bids_window.panels["Bids"]
    detail = panel.detail
    bid = panel.current_bid()
    assert bid is not None and detail.email.isEnabled()
    seen = answer_next_dialog("OK")
    detail.email.setFocus()
    qtbot.keyClicks(detail.email, "bids at moorside")
    qtbot.keyClick(detail.email, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "text" in seen)
    settle(bids_window, qtbot)
    assert seen["text"] == "'bids at moorside' is not an email address; write it as name@example.org."
    assert next(b for b in in_file(demo_file).bids if b.id == bid.id).email == ""
    detail.email.setText("")
    qtbot.keyClicks(detail.email, "tenders@moorside.example.org")
    qtbot.keyClick(detail.email, Qt.Key.Key_Return)
    detail.identifier.setFocus()
    qtbot.keyClicks(detail.identifier, "pabc-1234-defg")
    qtbot.keyClick(detail.identifier, Qt.Key.Key_Return)
    detail.address.setFocus()
    qtbot.keyClicks(detail.address, "1 Mill Street, Oldham OL1 1AA")
    qtbot.keyClick(detail.address, Qt.Key.Key_Return)
    stored = next(b for b in in_file(demo_file).bids if b.id == bid.id)
    assert (stored.email, stored.identifier, stored.address) == (
        "tenders@moorside.example.org", "PABC-1234-DEFG", "1 Mill Street, Oldham OL1 1AA")
    assert detail.identifier.text() == "PABC-1234-DEFG"
    bids_window.session.undo_stack.undo()
    assert next(b for b in in_file(demo_file).bids if b.id == bid.id).address == ""
    assert detail.address.text() == ""


def test_the_bid_template_carries_supplier_details_and_the_import_checks_them(demo_file: Path,
                                                                            tmp_path: Path) -> None:
    from svi_desktop.cli import main as svi

    template = tmp_path / "bids.xlsx"
    assert svi(["bid-template", str(demo_file), str(template)]) == 0
    wb = openpyxl.load_workbook(template)
    headers = [c.value for c in wb["Bids"][1]]
    assert headers[5:8] == ["Registered address", "Email", "Identifier"]
    ws = wb["Bids"]
    ws.append(["Hollin Vale Youth Trust", "VCFSE", "", "2026-10-01", 1000000, "2 Mill Street, Oldham",
               "bids@hollin.example.org", "sc123456"])
    ws.append(["Bad Details Ltd", "SME", "", "2026-10-01", 900000, "", "no-at-sign", "12"])
    wb.save(template)
    from svi_desktop.imports.bid_sheet import read_bid_sheet

    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        sheet = read_bid_sheet(template, load_evaluation(tf).framework)
    assert [(p.row, p.column) for p in sheet.problems] == [(3, "Email"), (3, "Identifier")]
    good = sheet.bids[0]
    assert (good.address, good.email, good.identifier) == ("2 Mill Street, Oldham", "bids@hollin.example.org",
                                                           "SC123456")


def test_the_price_reads_with_thousands_separators_and_is_typed_either_way(bids_window: MainWindow, qtbot: QtBot,
                                                                          demo_file: Path) -> None:
    detail = bids_window.panels["Bids"].detail
    bid = bids_window.panels["Bids"].current_bid()
    assert detail.price.text() == f"{bid.price:,}" and "," in detail.price.text()
    detail.price.setFocus()
    detail.price.selectAll()
    qtbot.keyClicks(detail.price, "£3,760,000")
    qtbot.keyClick(detail.price, Qt.Key.Key_Return)
    stored = next(b for b in in_file(demo_file).bids if b.id == bid.id)
    assert str(stored.price) == "3760000"
    assert detail.price.text() == "3,760,000"
    detail.price.setFocus()
    qtbot.keyClick(detail.price, Qt.Key.Key_Return)  # unchanged text writes nothing
    assert bids_window.session.undo_stack.count() == 1


def test_organisation_types_read_alike(bids_window: MainWindow) -> None:
    panel = bids_window.panels["Bids"]
    detail = panel.detail
    names = [detail.org_type.itemText(i) for i in range(detail.org_type.count())]
    assert names == ["VCFSE", "SME", "Large enterprise", "Public body", "Other"]
    shown = {panel.table.model().index(r, 1).data() for r in range(panel.table.model().rowCount())}
    assert "Large enterprise" in shown and "large enterprise" not in shown


def test_bids_are_in_the_same_order_in_every_panel_until_a_heading_is_clicked(
        window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    from svi_desktop.ui.panels.bids.model import SUPPLIER

    assert window.files.open_path(demo_file)
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        everyone = load_evaluation(tf).bids
    tender_order = [b.supplier for b in everyone]
    competing = [b.supplier for b in everyone if not b.out_of_competition]
    assert tender_order != sorted(tender_order)  # the demo's order is not the alphabet, so this can tell
    window.show_panel(1)
    bids = window.panels["Bids"]
    proxy = bids.table.model()

    def shown() -> list[str]:
        return [proxy.index(r, SUPPLIER).data() for r in range(proxy.rowCount())]

    assert shown() == tender_order
    window.show_panel(2)
    assert [b.supplier for b in window.panels["Scoring"].bids] == tender_order
    moderation = window.panels["Moderation"]
    window.show_panel(3)
    assert [row.bid.supplier for row in moderation.model.rows] == competing
    window.show_panel(1)
    header = bids.table.horizontalHeader()
    x = header.sectionViewportPosition(SUPPLIER) + 5
    for expected in (sorted(tender_order), sorted(tender_order, reverse=True), tender_order):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        assert shown() == expected


def test_the_form_has_one_field_per_declared_field(bids_window: MainWindow, qtbot: QtBot, demo_file: Path) -> None:
    """The bid form reads domain/bid_fields.py: each declared field has its labelled widget, which saves by its
    rule (a line typed, a list chosen from; a field given per lot has a line for each of the bid's lots)."""
    from PySide6.QtWidgets import QLabel

    from svi_desktop.domain.bid_fields import FIELDS
    from svi_desktop.ui.panels.bids.detail import LotLines
    from svi_desktop.ui.widgets.fields import ChoiceBox
    from tests.unit.domain.test_bid_fields import GOOD

    detail = bids_window.panels["Bids"].detail
    assert list(detail.fields) == [f.name for f in FIELDS]
    labels = {label.text() for label in detail.findChildren(QLabel)}
    typed = []
    for f in FIELDS:
        assert f.form_label in labels, f.name
        widget = detail.fields[f.name]
        if isinstance(widget, ChoiceBox):
            widget.setFocus()
            widget.setCurrentIndex(widget.findData(GOOD[f.name]))
            widget.activated.emit(widget.currentIndex())  # as a choice made with the keyboard does
        elif not isinstance(widget, LotLines):  # the demo is not in lots: tested on a tender in lots elsewhere
            widget.setFocus()
            widget.selectAll()
            qtbot.keyClicks(widget, GOOD[f.name].replace("\n", ", "))
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        typed.append(f)
    bid_id = bids_window.panels["Bids"].current_bid().id
    stored = next(b for b in in_file(demo_file).bids if b.id == bid_id)
    for f in typed:
        if not f.per_lot:
            assert f.data(f.of(stored)) == f.data(f.accept(GOOD[f.name].replace("\n", ", "))), f.name
