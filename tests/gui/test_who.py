"""People, not accounts (issue 29, point 9): the window asks at open who is working, and the audit trail names
that person; sign-off and unfreeze accept only people of the conflicts assessment, through every door."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svi_desktop.errors import KnownError
from svi_desktop.store.operations import award as award_ops
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.window.files import FileLifecycle
from tests.helpers.award import SIGNED, complete_award_record
from tests.helpers.qt import answer_next_dialog

THE_QUESTION = FileLifecycle.ask_who  # as the program has it, before the tests' standing answer replaces it


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    """The real question, not the tests' standing answer; only that is put back (the data folder stays the test's
    own: undoing every patch once let these tests write the recent files of the person running them)."""
    monkeypatch.setattr(FileLifecycle, "ask_who", THE_QUESTION)
    assert os.environ["SVI_DATA_DIR"] == str(data_dir)


def _last_actor(path: Path) -> str:
    with TenderFile.open(path, actor="test", read_only=True) as tf:
        return tf.query("SELECT actor FROM audit ORDER BY seq DESC LIMIT 1")[0][0]


def test_the_window_asks_who_is_working_and_the_audit_names_them(asked, window: MainWindow, demo_file: Path,
                                                                 qtbot: QtBot) -> None:
    seen: dict = {}

    def choose_helen(dialog) -> None:
        seen["people"] = [dialog.person.itemText(i) for i in range(dialog.person.count())]
        dialog.person.setFocus()
        dialog.person.setCurrentIndex(dialog.person.findText("Helen Marsh", Qt.MatchFlag.MatchStartsWith))
        qtbot.keyClick(dialog.person, Qt.Key.Key_Return)

    answer_next_dialog(then=choose_helen)
    assert window.files.open_path(demo_file)
    assert "Priya Shah (Director of Public Health; approver)" in seen["people"]
    assert any(p.startswith("Aisha Rahman (") for p in seen["people"])
    window.activateWindow()  # as the window system does when the question closes
    qtbot.waitUntil(window.isActiveWindow)
    window.show_panel(0)
    title = window.panel("Setup").fields["title"]
    title.setFocus()
    qtbot.keyClicks(title, " (revised)")
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    assert _last_actor(demo_file).startswith("Helen Marsh (")
    # Offered first next time.
    window.files.close_tender()

    def read_offer(dialog) -> None:
        seen["offered"] = dialog.person.currentText()
        dialog.accept()

    answer_next_dialog(then=read_offer)
    assert window.files.open_path(demo_file)
    assert seen["offered"].startswith("Helen Marsh (")


def test_cancelling_the_question_opens_nothing_and_an_empty_name_cannot_be_given(asked, window: MainWindow,
                                                                                demo_file: Path) -> None:
    def empty(dialog) -> None:
        dialog.person.setEditText("   ")
        assert not dialog.ok_button.isEnabled()
        dialog.reject()

    answer_next_dialog(then=empty)
    assert not window.files.open_path(demo_file)
    assert window.session is None and window.stack.currentWidget() is window.start_page


def test_the_lead_of_a_new_tender_types_their_name(asked, window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    def type_name(dialog) -> None:
        dialog.person.setEditText("")
        qtbot.keyClicks(dialog.person, "Sam Okoro")
        dialog.accept()

    answer_next_dialog(then=type_name)
    assert window.files.open_path(demo_file)
    assert window.session.tf.actor == "Sam Okoro"


def test_a_pack_names_its_own_evaluator_without_asking(asked, window: MainWindow, demo_file: Path,
                                                       tmp_path: Path) -> None:
    from tests.helpers.packs import issue

    pack = next(p.path for p in issue(demo_file, tmp_path / "packs") if p.evaluator == "David Okafor")
    assert window.files.open_path(pack)  # no question: a dialog here would hang the test
    assert window.session.tf.actor == "David Okafor (evaluator, own pack)"


def test_only_a_person_of_the_conflicts_assessment_may_sign_off_or_unfreeze(demo_file: Path) -> None:
    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        with pytest.raises(KnownError, match=r"^Zed Nobody is not in the conflicts assessment, so may not sign off"):
            award_ops.sign_off(tf, name="Zed Nobody", role="Director", signed_on=SIGNED)
        award_ops.sign_off(tf, name="  priya   SHAH ", role="Director", signed_on=SIGNED)  # spaces and case aside
        with pytest.raises(KnownError, match=r"^Zed Nobody is not in the conflicts assessment, so may not unfreeze"):
            award_ops.unfreeze(tf, reason="A price was keyed wrongly.", name="Zed Nobody", role="Head")
        award_ops.unfreeze(tf, reason="A price was keyed wrongly.", name="Tom Reid", role="Head of Procurement")


def test_the_command_line_keeps_the_same_rule(demo_file: Path) -> None:
    from tests.helpers.hostile import cli

    complete_award_record(demo_file)
    code, _out, err = cli("award", "sign-off", str(demo_file), "--name", "Zed Nobody", "--role", "Director")
    assert code != 0 and "Zed Nobody is not in the conflicts assessment" in err and "Traceback" not in err


def test_the_window_sign_off_refuses_an_approver_not_assessed(window: MainWindow, demo_file: Path,
                                                             qtbot: QtBot) -> None:
    complete_award_record(demo_file)
    assert window.files.open_path(demo_file)
    refused: dict = {}

    def fill(dialog) -> None:
        dialog.name.setText("Zed Nobody")
        dialog.role.setText("Director")
        refused["box"] = answer_next_dialog("OK")
        dialog.sign_button.click()
        QApplication.processEvents()
        dialog.reject()

    answer_next_dialog(then=fill)
    window.sign_off_action.trigger()
    assert "Zed Nobody is not in the conflicts assessment" in refused["box"]["text"]
    assert not window.session.frozen
