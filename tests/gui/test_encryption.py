"""Issue 34 in the window: an encrypted tender asks for its passphrase in a password field (again when the one typed
does not open it); File > Encrypt… and a new tender offer encryption with the passphrase typed twice and the warning
that a lost one cannot be recovered; exports say, before writing, that they are not encrypted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from svi_desktop.store import keys
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.workflows import tenders
from tests.helpers.qt import answer_next_dialog

PASSPHRASE = "willow harbour seventeen"


def _type(passphrase: str, then=None):  # type: ignore[no-untyped-def]
    def give(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        seen["label"] = dialog.labelText()
        field = dialog.findChild(QLineEdit)
        assert field is not None and field.echoMode() == QLineEdit.EchoMode.Password  # never shown on screen
        if then is not None:
            then()
        dialog.setTextValue(passphrase)
        dialog.accept()

    seen: dict = {}
    return give, seen


def test_an_encrypted_tender_asks_its_passphrase_and_asks_again_when_it_is_wrong(window: MainWindow, qtbot: QtBot,
                                                                                 work_dir: Path) -> None:
    path = tenders.demo_tender(work_dir / "locked.svi", passphrase=PASSPHRASE)
    keys.forget_all()
    right, right_seen = _type(PASSPHRASE)
    second: dict = {}
    wrong, wrong_seen = _type("not the passphrase at all", then=lambda: second.update(answer_next_dialog(then=right)))
    answer_next_dialog(then=wrong)
    assert window.files.open_path(path)
    assert wrong_seen["label"] == "locked.svi is encrypted. Its passphrase (or its recovery key):"
    assert right_seen["label"].startswith("locked.svi is encrypted and that passphrase does not open it")
    assert window.session is not None and window.session.tf.encrypted
    assert "(encrypted)" in window.file_label.text()
    assert window.encrypt_action.text() == "Change &Passphrase…"


def test_cancelling_the_passphrase_opens_nothing(window: MainWindow, work_dir: Path) -> None:
    path = tenders.demo_tender(work_dir / "locked.svi", passphrase=PASSPHRASE)
    keys.forget_all()
    answer_next_dialog("Cancel")
    assert not window.files.open_path(path)
    assert window.session is None


def _choose(passphrase: str, seen: dict):  # type: ignore[no-untyped-def]
    def fill(dialog: QWidget) -> None:
        seen["intro"] = dialog.findChild(QLabel, "choosePassphraseIntro").text()
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        dialog.findChild(QLineEdit, "newPassphrase").setText(passphrase)
        dialog.findChild(QLineEdit, "newPassphraseAgain").setText(passphrase[:-1])
        seen["mismatch"] = (ok.isEnabled(), dialog.findChild(QLabel, "passphraseProblem").text())
        dialog.findChild(QLineEdit, "newPassphraseAgain").setText(passphrase)
        assert ok.isEnabled()
        ok.click()

    return fill


def _recovery_shown(window: MainWindow, monkeypatch, seen: dict) -> None:  # type: ignore[no-untyped-def]
    """The recovery key the window shows once, noted (the dialog itself: test_the_recovery_key_dialog...): the
    conversion runs off the window's thread, so a chained answer to a dialog that comes seconds later raced it."""
    monkeypatch.setattr(window.files, "show_recovery_key", lambda path, key: seen.update(recovery=key))


def test_the_recovery_key_dialog_shows_it_read_only_with_copy(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication, QPushButton

    from svi_desktop.ui.panels.dialogs.passphrase import RecoveryKeyDialog

    dialog = RecoveryKeyDialog("t.svi", "ABCD-EFGH", None)
    qtbot.addWidget(dialog)
    field = dialog.findChild(QLineEdit, "recoveryKeyField")
    assert field.text() == "ABCD-EFGH" and field.isReadOnly()
    dialog.findChild(QPushButton, "copyRecoveryKey").click()
    assert QApplication.clipboard().text() == "ABCD-EFGH"
    assert "shown this once and kept nowhere" in dialog.findChild(QLabel).text()


def test_file_encrypt_encrypts_the_open_tender_and_opens_it_again(window: MainWindow, demo_file: Path,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert window.files.open_path(demo_file)
    assert window.encrypt_action.isEnabled() and window.encrypt_action.text() == "Encry&pt…"
    seen: dict = {}
    _recovery_shown(window, monkeypatch, seen)
    answer_next_dialog(then=_choose(PASSPHRASE, seen))
    window.encrypt_action.trigger()
    assert "A lost passphrase cannot be recovered" in seen["intro"]
    assert seen["mismatch"] == (False, "The two passphrases differ.")
    assert window.isEnabled()  # converted off the window's thread, the window given back
    assert not demo_file.read_bytes().startswith(b"SQLite format 3")
    assert window.session is not None and window.session.tf.encrypted
    assert len(seen["recovery"]) == 64  # 52 letters and digits, in groups of four
    keys.forget_all()
    with TenderFile.open(demo_file, actor="t", read_only=True, passphrase=seen["recovery"]) as tf:
        assert tf.encrypted  # the recovery key opens it
    keys.forget_all()
    with TenderFile.open(demo_file, actor="t", read_only=True, passphrase=PASSPHRASE) as tf:
        assert tf.query("SELECT action, actor FROM audit ORDER BY seq DESC LIMIT 1")[0] == (
            "encrypt the file", "Tom Reid (Head of Procurement; evaluation lead)")


def test_a_new_tender_is_offered_encryption(window: MainWindow, work_dir: Path,
                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: dict = {}
    _recovery_shown(window, monkeypatch, seen)
    target = work_dir / "fresh.svi"
    def accept_offer(box: QWidget) -> None:
        answer_next_dialog(then=_choose(PASSPHRASE, seen))  # armed while the offer is open: the next one is its own
        next(b for b in box.findChildren(QPushButton) if b.text() == "&Encrypt with a passphrase…").click()

    offer = answer_next_dialog(then=accept_offer)
    assert window.files.new_from_template("social-value-tender", target)
    assert offer["widget_name"] == "offerEncryption"
    assert "A lost passphrase cannot be recovered" in seen["intro"]
    assert len(seen["recovery"]) == 64
    assert not target.read_bytes().startswith(b"SQLite format 3")
    assert window.session is not None and window.session.tf.encrypted


def test_exports_from_an_encrypted_tender_say_they_are_not_encrypted(window: MainWindow, work_dir: Path) -> None:
    from svi_desktop.ui.panels.dialogs.export import ExportDialog

    path = tenders.demo_tender(work_dir / "locked.svi", passphrase=PASSPHRASE)
    assert window.files.open_path(path, passphrase=PASSPHRASE)
    assert window.session is not None
    dialog = ExportDialog(window.session, str(work_dir))
    warning = dialog.findChild(QLabel, "plainExportWarning")
    assert warning is not None and "what you export is not" in warning.text()
    dialog.deleteLater()
    seen = answer_next_dialog("Cancel")
    window.panels["Audit"].export_dialog()  # Cancel at the warning: no file dialog, nothing written
    assert seen["widget_name"] == "plainExportConfirm"
    assert list(work_dir.glob("*.csv")) == []


def test_packs_issued_from_an_encrypted_tender_show_each_passphrase_beside_its_code(window: MainWindow, qtbot: QtBot,
                                                                                    work_dir: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton

    path = tenders.demo_tender(work_dir / "locked.svi", passphrase=PASSPHRASE)
    assert window.files.open_path(path, passphrase=PASSPHRASE)
    folder = work_dir / "packs"
    folder.mkdir()
    seen: dict = {}

    def read(dialog: QWidget) -> None:
        seen["text"] = dialog.text()  # type: ignore[attr-defined]
        field = dialog.findChild(QLineEdit, "packPassphrase1")
        seen["field"] = (field.text(), field.isReadOnly())
        qtbot.mouseClick(dialog.findChild(QPushButton, "copyPackPassphrase1"), Qt.MouseButton.LeftButton)
        seen["clipboard"] = QApplication.clipboard().text()
        dialog.accept()  # type: ignore[attr-defined]

    answer_next_dialog(then=read)
    issued = window.packs.issue_to(folder)
    assert all(p.passphrase for p in issued)
    assert "each pack is too, with a passphrase of its own" in seen["text"]
    assert seen["field"] == (issued[1].passphrase, True) and seen["clipboard"] == issued[1].passphrase
    assert all(f"{p.code}, pack passphrase {p.passphrase}" in seen["text"] for p in issued)


def test_an_encryption_that_fails_on_a_full_disk_says_so_and_opens_the_tender_as_it_was(
        window: MainWindow, demo_file: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from svi_desktop.store import encryption

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(encryption, "_export", full)
    said: list[str] = []
    from svi_desktop.ui.window import files as files_module

    monkeypatch.setattr(files_module, "show_error", lambda _parent, message: said.append(message))
    before = demo_file.read_bytes()
    assert window.files.open_path(demo_file)

    def fill(dialog: QWidget) -> None:
        dialog.findChild(QLineEdit, "newPassphrase").setText(PASSPHRASE)
        dialog.findChild(QLineEdit, "newPassphraseAgain").setText(PASSPHRASE)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    answer_next_dialog(then=fill)
    assert not window.files.encrypt()
    assert said == ["demo.svi could not be converted (No space left on device); it is as it was."]
    assert demo_file.read_bytes() == before
    assert window.session is not None and not window.session.tf.encrypted and window.isEnabled()
