"""Light or dark: the system's scheme, or the one chosen in View > Colours; presentation mode keeps its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from svi_desktop.ui import settings, theme

if TYPE_CHECKING:
    from svi_desktop.ui.window.shell import Shell


def confirm_scheme(w: Shell, presenting: bool) -> None:
    """The colours were chosen from the system's palette, before the window was shown (theme.system_is_dark);
    now that it is on the screen, ask Qt for the system's colour scheme and follow it where the palette misled.
    (Not from showEvent: an event handled in Python builds PySide's QEvent enums, 1 ms of the start.)"""
    name = theme.chosen(settings.get(settings.COLOURS))
    if not presenting and theme.colours() != theme.THEMES[name]:
        w.apply_colours()


def apply_colours(w: Shell, presenting: bool, preference: str | None = None) -> None:
    """Light or dark (View > Colours: the system's, or chosen); presentation mode keeps its projector colours."""
    if preference is not None:
        settings.put(settings.COLOURS, preference)
    chosen = settings.get(settings.COLOURS)
    for action in w.colour_actions:
        action.setChecked(action.data() == chosen)
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication) and not presenting:
        theme.apply(app, theme.chosen(chosen))
        for panel in w.panels.values():  # none before a tender is opened
            from svi_desktop.ui.panels.base import Panel

            if isinstance(panel, Panel):
                panel.refresh_when_shown()  # the colours a panel draws itself
