"""Every menu, panel and dialog has unique Alt mnemonics (issue 29, point 4): two widgets on one Alt letter
means the key goes to the one the user did not mean (Alt+E once jumped to the regime, not the Edit menu). The
dialogs walked also fit a 1280x720 screen (point 7), and Enter in their multi-line editors makes a new line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from svi_desktop.ui.main_window import MainWindow
from tests.helpers.award import complete_award_record
from tests.helpers.qt import answer_next_dialog

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def letter(text: str) -> str | None:
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonics(root: QWidget) -> list[tuple[str, str]]:
    """(letter, whose) for every visible widget under `root` that answers an Alt letter."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.window() is not root.window():
            continue
        texts: Iterable[str] = ()
        if isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            texts = (w.text(),)
        elif isinstance(w, QGroupBox) and w.isCheckable():
            texts = (w.title(),)
        elif isinstance(w, QTabWidget) and w.tabBar().isVisible():
            texts = tuple(w.tabText(i) for i in range(w.count()) if w.isTabVisible(i))
        for t in texts:
            found = letter(t)
            if found:
                out.append((found, f"{type(w).__name__} {t!r}"))
    return out


def unbound(root: QWidget) -> list[str]:
    """Visible labels written with an Alt letter that no widget takes: Qt shows their '&' as it is."""
    return [f"the label {w.text()!r} has no buddy, so its '&' shows" for w in root.findChildren(QLabel)
            if w.isVisible() and w.window() is root.window() and w.buddy() is None
            and w.textFormat() is not Qt.TextFormat.RichText and letter(w.text())]


def clashes(pairs: list[tuple[str, str]]) -> list[str]:
    seen: dict[str, str] = {}
    out = []
    for key, whose in pairs:
        if key in seen:
            out.append(f"Alt+{key.upper()}: {seen[key]} and {whose}")
        else:
            seen[key] = whose
    return out


def test_the_letter_finder_reads_what_qt_reads() -> None:
    assert letter("&Edit") == "e" and letter("Save && close") is None and letter("R&&D &notes") == "n"
    assert clashes([("e", "a"), ("e", "b")]) == ["Alt+E: a and b"]


def test_every_menu_has_unique_mnemonics(window: MainWindow, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    bar = window.menuBar()
    titles = [(letter(a.text()), a.text()) for a in bar.actions() if letter(a.text())]
    assert clashes(titles) == []
    for menu in window.findChildren(QMenu):
        items = [(letter(a.text()), a.text()) for a in menu.actions() if a.isVisible() and letter(a.text())]
        assert clashes(items) == [], menu.title()


def test_every_panel_with_the_menu_bar_has_unique_mnemonics(window: MainWindow, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    bar = [(letter(a.text()), f"menu {a.text()!r}") for a in window.menuBar().actions() if letter(a.text())]
    found = {}
    for i in range(7):
        window.show_panel(i)
        QApplication.processEvents()
        panel = window.tabs.currentWidget()
        if i == 2:
            panel.choose_evaluator(panel.evaluators[0].id)
            QApplication.processEvents()
        found[i] = clashes(bar + mnemonics(panel)) + unbound(panel)
    assert found == {i: [] for i in range(7)}
    # On the shared screen the menus are hidden and Moderation shows its own switches.
    window.presentation.set(True)
    try:
        assert clashes(mnemonics(window.panel("Moderation"))) == []
        assert {"m", "p", "w"} <= {k for k, _ in mnemonics(window.panel("Moderation"))}
    finally:
        window.presentation.set(False)


def _walk(window: MainWindow, qtbot: QtBot, trigger) -> list[str]:
    seen: dict = {}

    def check(dialog: QWidget) -> None:
        seen["clashes"] = clashes(mnemonics(dialog)) + unbound(dialog)
        seen["name"] = dialog.objectName() or type(dialog).__name__
        # It fits a 1280x720 screen, less a title bar and a task bar: as opened, and at its smallest.
        for what, size in (("opens at", dialog.size()), ("is at least", dialog.minimumSizeHint())):
            if size.width() > 1280 or size.height() > 650:
                seen["clashes"].append(f"{what} {size.width()}x{size.height()}, larger than a 1280x720 screen")
        # Enter in a multi-line editor starts a new line; it never presses the dialog's default button.
        for editor in dialog.findChildren(QWidget):
            if isinstance(editor, QPlainTextEdit | QTextEdit) and editor.isVisible() and editor.isEnabled() \
                    and not editor.isReadOnly():
                editor.setFocus()
                before = editor.toPlainText()
                qtbot.keyClick(editor, Qt.Key.Key_Return)
                if not dialog.isVisible():
                    seen["clashes"].append(f"Enter in {editor.objectName() or editor.accessibleName()} closed it")
                    return
                seen.setdefault("typed", []).append((seen["name"], editor.toPlainText() != before))
        dialog.close() if not isinstance(dialog, QDialog) else dialog.reject()

    answer_next_dialog(then=check)
    trigger()
    qtbot.waitUntil(lambda: "clashes" in seen, timeout=5000)
    ENTERED.extend(seen.get("typed", []))
    return [f"{seen['name']}: {c}" for c in seen["clashes"]]


ENTERED: list[tuple[str, bool]] = []  # each multi-line editor of each dialog walked: whether Enter made a new line


def test_every_dialog_has_unique_mnemonics(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    complete_award_record(demo_file)
    assert window.files.open_path(demo_file)
    d = window.dialogs
    found = []
    window.show_panel(2)
    scoring = window.panel("Scoring")
    scoring.choose_evaluator(scoring.evaluators[0].id)
    for trigger in (d.evaluators, d.clarifications, d.lots, d.commitments, d.screens, d.returns, d.assessment,
                    d.standstill, d.shortcuts, d.guide, scoring.declare_dialog, window.packs.issue_dialog, d.export,
                    window.files.restore_dialog):
        found += _walk(window, qtbot, trigger)
    d.award_check()  # not modal: it stays beside the window while the lead works through it
    found += [f"award check: {c}" for c in clashes(mnemonics(d.check_dialog))]
    assert d.check_dialog.width() <= 1280 and d.check_dialog.height() <= 650
    d.check_dialog.close()

    def sign(dialog) -> None:
        found.extend(f"sign off: {c}" for c in clashes(mnemonics(dialog)))
        dialog.name.setText("Priya Shah")
        dialog.role.setText("Director of Public Health")
        dialog.sign_button.click()

    answer_next_dialog(then=sign)
    d.sign_off()
    for trigger in (d.unfreeze, d.notice):
        found += _walk(window, qtbot, trigger)
    assert found == []
    assert all(typed for _name, typed in ENTERED), ENTERED
    assert len(ENTERED) >= 2 and "unfreezeDialog" in {name for name, _typed in ENTERED}, ENTERED  # they were tried


def test_the_return_codes_dialog_has_unique_mnemonics(qtbot: QtBot) -> None:
    from svi_desktop.ui.panels.dialogs.codes import ReturnCodesDialog

    dialog = ReturnCodesDialog("Issued.", [("Aisha Rahman", "AAAAA-BBBBB-CCCCC-DDDDD"), ("Tom", "X")])
    qtbot.addWidget(dialog)
    dialog.show()
    assert clashes(mnemonics(dialog)) == [] and mnemonics(dialog)
