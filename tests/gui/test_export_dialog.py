"""File > Export runs in the background with a progress bar and writes the file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from svi_desktop.store.operations.award import sign_off
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.panels.dialogs.export import ExportDialog
from tests.helpers.award import SIGNED, complete_award_record


def test_a_final_export_is_refused_in_the_dialog_while_the_record_is_incomplete(
        window: MainWindow, demo_file: Path, qtbot: QtBot, tmp_path: Path) -> None:
    assert window.files.open_path(demo_file)
    dialog = ExportDialog(window.session, str(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "out.pdf"
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    dialog.path.setText(str(target))
    dialog.final.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled() and "cannot be made" in dialog.status.text(),
                    timeout=30000)
    assert dialog.status.text().startswith("The final report cannot be made: the award record is not complete")
    assert dialog.isVisible() and not target.exists()


def test_export_workbook_from_the_window(window: MainWindow, demo_file: Path, qtbot: QtBot, tmp_path: Path) -> None:
    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="tester") as tf:
        sign_off(tf, name="Priya Shah", role="Director of Public Health", signed_on=SIGNED)
    assert window.files.open_path(demo_file)
    dialog = ExportDialog(window.session, str(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.path.text().endswith("PVBC-2026-014 evaluation.xlsx")
    assert str(Path(dialog.path.text()).parent) == str(tmp_path)
    target = tmp_path / "out.xlsx"
    dialog.path.setText(str(target))
    dialog.final.setChecked(True)
    with qtbot.waitSignal(dialog.done_writing, timeout=30000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.progress.isVisible()
    assert dialog.written == [target]
    # The dialog stays open and says what it wrote and where, with Open folder.
    assert dialog.isVisible() and dialog.open_folder_button.isVisible()
    assert dialog.status.text() == f"Wrote 1 file(s) in {tmp_path}: out.xlsx"
    from svi_desktop.ui import settings

    assert settings.get(settings.EXPORT_FOLDER) == str(tmp_path)  # the next export starts here
    wb = openpyxl.load_workbook(target)
    note = [c.value for c in wb["Summary"]["A"] if isinstance(c.value, str) and "Totals are live formulas" in c.value]
    assert note and not note[0].startswith("DRAFT")


def test_summaries_into_a_folder(window: MainWindow, demo_file: Path, qtbot: QtBot, tmp_path: Path) -> None:
    assert window.files.open_path(demo_file)
    dialog = ExportDialog(window.session, str(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("summaries"))
    assert dialog.path.text().endswith("assessment summaries")
    with qtbot.waitSignal(dialog.done_writing, timeout=30000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(dialog.written) == 4 and all(p.exists() for p in dialog.written)


def test_file_export_starts_in_the_tenders_own_folder_with_its_to_label_shown(window: MainWindow, demo_file: Path,
                                                                              tmp_path: Path) -> None:
    from PySide6.QtWidgets import QDialog, QLabel

    from tests.helpers.qt import answer_next_dialog

    assert window.files.open_path(demo_file)
    seen: dict[str, str] = {}

    def look(dialog: QDialog) -> None:
        seen["path"] = dialog.path.text()
        to = next(label for label in dialog.findChildren(QLabel) if label.text() == "&To")
        seen["buddy"] = "path" if to.buddy() is dialog.path else "none"
        dialog.reject()

    answer_next_dialog(then=look)
    window.export_action.trigger()
    assert str(Path(seen["path"]).parent) == str(demo_file.parent)
    assert seen["buddy"] == "path"  # a label with a buddy: Qt draws the mnemonic, not the ampersand


def test_one_lot_is_exported_alone(window: MainWindow, demo_file: Path, qtbot: QtBot, tmp_path: Path) -> None:
    from svi_desktop.store.operations import contract
    from svi_desktop.store.operations.bids import set_bid_field

    with TenderFile.open(demo_file, actor="lead") as tf:
        contract.add_lot(tf, code="1", title="North")
        contract.add_lot(tf, code="2", title="South")
        for bid_id, supplier in tf.query("SELECT id, supplier FROM bids"):
            set_bid_field(tf, bid_id=bid_id, field="lot", value="2" if supplier.startswith("Valley") else "1, 2")
    assert window.files.open_path(demo_file)
    dialog = ExportDialog(window.session, str(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.lot.count() == 3
    dialog.kind.setCurrentIndex(dialog.kind.findData("xlsx"))
    dialog.lot.setCurrentIndex(dialog.lot.findData("1"))
    assert Path(dialog.path.text()).name == "PVBC-2026-014 lot 1 evaluation.xlsx"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.open_folder_button.isVisible(), timeout=60000)
    wb = openpyxl.load_workbook(tmp_path / "PVBC-2026-014 lot 1 evaluation.xlsx", read_only=True)
    # The lot's own sheets hold its bids only; the audit log is the whole file's record, as it must be.
    text = " ".join(str(v) for ws in wb.worksheets if ws.title != "Audit log"
                    for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "Moorside Community Health CIC" in text and "Valley Wellbeing Partnership" not in text
    assert "Social Prescribing Network: innovation partnership, lot 1 (North)" in text
