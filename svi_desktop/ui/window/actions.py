"""The window's actions, menus and toolbar, built once (in the manner of Qt Designer's setupUi)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import QToolBar

from svi_desktop import APP_NAME
from svi_desktop.ui.translate import translated
from svi_desktop.ui.window.shell import PANELS, Shell

if TYPE_CHECKING:
    from svi_desktop.ui.window.dialogs import WindowDialogs
    from svi_desktop.ui.window.files import FileLifecycle
    from svi_desktop.ui.window.packs import PackActions
    from svi_desktop.ui.window.presentation import Presentation

# By number: naming any of Qt's own enums has PySide build all of them, 14 ms of a 100 ms start (issue 19).
# tests/gui/test_startup_imports.py checks it by name.
TEXT_ONLY = 1  # Qt.ToolButtonStyle.ToolButtonTextOnly



def _action(window: Shell, text: str, slot: Callable[[], object],
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None, name: str) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcuts([QKeySequence(shortcut)])  # not setShortcut: it builds Qt's enums
    action.triggered.connect(lambda _checked=False: slot())
    action.setObjectName(name)
    return action


def _shows(w: Shell, index: int) -> Callable[[], None]:
    return lambda: w.show_panel(index)


def install_actions(w: Shell, files: FileLifecycle, packs: PackActions, show: Presentation,
                    dialogs: WindowDialogs) -> None:
    """Make the window's actions, each calling the part that does it, and set them on the window as attributes
    (w.undo_action, ...)."""
    w.new_action = _action(w, w.tr("&New from template…"), files.new_from_template, QKeySequence.StandardKey.New,
                           "newAction")
    w.open_action = _action(w, w.tr("&Open…"), files.open_dialog, QKeySequence.StandardKey.Open, "openAction")
    w.demo_action = _action(w, w.tr("Open &demo tender"), files.open_demo, None, "demoAction")
    w.copy_action = _action(w, w.tr("Save a Cop&y As…"), files.save_copy_as, "Ctrl+Shift+S", "copyAction")
    w.encrypt_action = _action(w, w.tr("Encry&pt…"), files.encrypt, None, "encryptAction")
    w.export_action = _action(w, w.tr("&Export…"), dialogs.export, "Ctrl+E", "exportAction")
    w.close_action = _action(w, w.tr("&Close"), files.close_tender, QKeySequence.StandardKey.Close, "closeAction")
    w.quit_action = _action(w, w.tr("&Quit"), w.close, QKeySequence.StandardKey.Quit, "quitAction")
    w.undo_action = _action(w, w.tr("&Undo"), w.undo, QKeySequence.StandardKey.Undo, "undoAction")
    w.redo_action = _action(w, w.tr("&Redo"), w.redo, "Ctrl+Shift+Z", "redoAction")
    w.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    # F1 through a window shortcut, shown beside the menu item.
    w.shortcuts_action = _action(w, w.tr("&Keyboard shortcuts") + "\tF1", dialogs.shortcuts, None,
                                 "shortcutsAction")
    w.help_key = QShortcut(QKeySequence("F1"), w)
    w.help_key.activated.connect(dialogs.shortcuts)
    w.guide_action = _action(w, w.tr("&Guide"), dialogs.guide, None, "guideAction")
    w.about_action = _action(w, w.tr("&About {app}").format(app=APP_NAME), dialogs.about, None, "aboutAction")
    w.panel_actions = [
        _action(w, translated("Panels", name), _shows(w, i), f"Ctrl+{i + 1}", f"show{name}Action")
        for i, name in enumerate(PANELS)
    ]
    w.presentation_action = _action(w, w.tr("&Presentation mode"), show.toggle, "F11", "presentationAction")
    w.presentation_action.setCheckable(True)
    w.larger_action = _action(w, w.tr("&Larger text"), lambda: show.scale_text(1.15), QKeySequence.StandardKey.ZoomIn,
                              "largerAction")
    w.smaller_action = _action(w, w.tr("S&maller text"), lambda: show.scale_text(1 / 1.15),
                               QKeySequence.StandardKey.ZoomOut, "smallerAction")
    w.larger_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
    w.reset_zoom_action = _action(w, w.tr("&Normal size"), lambda: show.scale_text(0), "Ctrl+0", "resetZoomAction")
    w.restore_action = _action(w, w.tr("Restore from &backup…"), files.restore_dialog, None, "restoreAction")
    w.issue_action = _action(w, w.tr("&Issue evaluator packs…"), packs.issue_dialog, None, "issuePacksAction")
    w.collect_action = _action(w, w.tr("Co&llect returns…"), packs.collect_dialog, None, "collectAction")
    w.codes_action = _action(w, w.tr("Show return code&s…"), packs.show_waiting, None, "returnCodesAction")
    w.evaluators_action = _action(w, w.tr("E&valuators and declarations…"), dialogs.evaluators, None,
                                  "evaluatorsAction")
    w.returns_action = _action(w, w.tr("Re&turns from evaluators…"), dialogs.returns, None, "returnsAction")
    w.assessment_action = _action(w, w.tr("Conflicts &assessment…"), dialogs.assessment, None, "assessmentAction")
    w.clarifications_action = _action(w, w.tr("Clarifi&cations…"), dialogs.clarifications, None,
                                      "clarificationsAction")
    w.lots_action = _action(w, w.tr("&Lots and limits…"), dialogs.lots, None, "lotsAction")
    w.commitments_action = _action(w, w.tr("Co&mmitments of the bid…"), dialogs.commitments, None,
                                   "commitmentsAction")
    w.screens_action = _action(w, w.tr("&Evidence screens…"), dialogs.screens, "Ctrl+Shift+E", "screensAction")
    w.standstill_action = _action(w, w.tr("&Standstill period…"), dialogs.standstill, None, "standstillAction")
    w.award_check_action = _action(w, w.tr("&Completeness check…"), dialogs.award_check, "Ctrl+Shift+K",
                                   "awardCheckAction")
    w.sign_off_action = _action(w, w.tr("Sign &off…"), dialogs.sign_off, None, "signOffAction")
    w.unfreeze_action = _action(w, w.tr("&Unfreeze…"), dialogs.unfreeze, None, "unfreezeAction")
    w.notice_action = _action(w, w.tr("&Notice…"), dialogs.notice, None, "noticeAction")


def install_menus(w: Shell, files: FileLifecycle) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu(w.tr("&File"))
    file_menu.addActions([w.new_action, w.open_action])
    w.recent_menu = file_menu.addMenu(w.tr("Open &Recent"))
    w.recent_menu.aboutToShow.connect(files.fill_recent_menu)
    file_menu.addAction(w.demo_action)
    file_menu.addSeparator()
    file_menu.addActions([w.copy_action, w.encrypt_action, w.restore_action, w.export_action])
    file_menu.addSeparator()
    file_menu.addActions([w.issue_action, w.codes_action, w.collect_action])
    file_menu.addSeparator()
    file_menu.addActions([w.close_action, w.quit_action])
    edit_menu = bar.addMenu(w.tr("&Edit"))
    edit_menu.addActions([w.undo_action, w.redo_action])
    edit_menu.addSeparator()
    edit_menu.addActions([w.evaluators_action, w.returns_action, w.assessment_action, w.clarifications_action])
    edit_menu.addSeparator()
    edit_menu.addActions([w.lots_action, w.commitments_action])
    view_menu = bar.addMenu(w.tr("&View"))
    view_menu.addActions(w.panel_actions)
    # Also on the window itself, so that the shortcuts work in presentation mode, with the menus hidden.
    w.addActions([*w.panel_actions, w.presentation_action, w.larger_action, w.smaller_action, w.reset_zoom_action])
    view_menu.addSeparator()
    view_menu.addActions([w.presentation_action, w.larger_action, w.smaller_action, w.reset_zoom_action])
    view_menu.addSeparator()
    view_menu.addAction(w.screens_action)
    colours = view_menu.addMenu(w.tr("&Colours"))
    group = QActionGroup(w)
    w.colour_actions = []
    for key, text in (("system", w.tr("Follow the &system")), ("light", w.tr("&Light")), ("dark", w.tr("&Dark"))):
        action = QAction(text, w)
        action.setCheckable(True)
        action.setData(key)
        action.setObjectName(f"colours_{key}")
        action.triggered.connect(lambda _checked=False, k=key: w.apply_colours(k))
        group.addAction(action)
        colours.addAction(action)
        w.colour_actions.append(action)
    award_menu = bar.addMenu(w.tr("&Award"))
    award_menu.addActions([w.award_check_action, w.sign_off_action, w.unfreeze_action, w.notice_action])
    award_menu.addSeparator()
    award_menu.addAction(w.standstill_action)
    help_menu = bar.addMenu(w.tr("&Help"))
    help_menu.addActions([w.shortcuts_action, w.guide_action])
    help_menu.addSeparator()
    help_menu.addAction(w.about_action)

    toolbar = QToolBar(w.tr("Main toolbar"))
    toolbar.setObjectName("mainToolbar")
    toolbar.setProperty("toolButtonStyle", TEXT_ONLY)  # setToolButtonStyle takes only the enum
    toolbar.addActions([w.new_action, w.open_action, w.undo_action, w.redo_action, w.export_action])
    w.addToolBar(toolbar)
    w.toolbar = toolbar
