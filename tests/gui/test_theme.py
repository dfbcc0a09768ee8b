"""Light, dark and projector colours meet WCAG 2.2 AA (4.5:1 for text, 3:1 for control edges), and View > Colours
switches the palette the widgets actually use."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from svi_desktop.ui import settings, theme
from svi_desktop.ui.main_window import MainWindow


@pytest.mark.parametrize("name", sorted(theme.THEMES))
def test_every_pair_of_every_palette_meets_wcag_aa(name: str) -> None:
    colours = theme.THEMES[name]
    failing = [(f, b, round(theme.contrast(colours[f], colours[b]), 2)) for f, b, need in theme.PAIRS
               if theme.contrast(colours[f], colours[b]) < need]
    assert failing == []


def test_the_fixed_colours_drawn_outside_the_palettes_meet_wcag_aa() -> None:
    # Presentation mode's style sheet (window/presentation.py) and the scoring overview's heat map, whose
    # pale cells always carry dark text.
    pairs = [("#ffffff", "#000000", 4.5), ("#ffffff", "#1a1a1a", 4.5), ("#000000", "#ffd400", 4.5),
             ("#a6a6a6", "#000000", 3.0), ("#ffd400", "#000000", 4.5), ("#777777", "#000000", 3.0),
             ("#202020", "#f4c7c3", 4.5), ("#202020", "#b8efc3", 4.5), ("#202020", "#f4efc3", 4.5)]
    assert [(f, b) for f, b, need in pairs if theme.contrast(f, b) < need] == []


def test_the_contrast_check_can_fail() -> None:
    assert theme.contrast("#777777", "#888888") < 1.5 and round(theme.contrast("#000000", "#ffffff"), 1) == 21.0


def test_view_colours_switches_the_palette_and_is_remembered(window: MainWindow, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    dark = next(a for a in window.colour_actions if a.data() == "dark")
    dark.trigger()
    palette = QGuiApplication.palette()
    assert palette.color(QPalette.ColorRole.Window) == QColor(theme.DARK["window"])
    assert palette.color(QPalette.ColorRole.WindowText) == QColor(theme.DARK["text"])
    assert settings.get(settings.COLOURS) == "dark" and dark.isChecked()
    results = window.panel("Results")
    QGuiApplication.processEvents()  # the widgets take the new palette from an event
    assert results.palette().color(QPalette.ColorRole.Window) == QColor(theme.DARK["window"])
    window.presentation.set(True)
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window) == QColor(theme.PROJECTOR["window"])
    window.presentation.set(False)
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window) == QColor(theme.DARK["window"])
    light = next(a for a in window.colour_actions if a.data() == "light")
    light.trigger()
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window) == QColor(theme.LIGHT["window"])
    assert theme.colour("error") == theme.LIGHT["error"]


def _system_palette(window_colour: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window_colour))
    return palette


def test_before_its_own_palette_is_set_the_system_palette_says_whether_the_system_is_dark(
        qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    monkeypatch.setattr(theme, "_palette_set", False)  # as at start-up: the palette is still the system's
    try:
        app.setPalette(_system_palette("#1e1e1e"))
        assert theme.system_is_dark() is True
        app.setPalette(_system_palette("#f0f0f0"))
        assert theme.system_is_dark() is False
    finally:
        theme.apply(app, "light")


def test_once_shown_the_window_follows_the_colour_scheme_where_the_palette_misled(
        qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    monkeypatch.setattr(theme, "_palette_set", False)
    app.setPalette(_system_palette("#1e1e1e"))  # a dark palette, on a system whose scheme is not dark (offscreen)
    window = MainWindow()
    qtbot.addWidget(window)
    assert theme.colours() == theme.DARK  # chosen from the palette, before the window is shown
    window.show()
    qtbot.waitUntil(lambda: theme.colours() == theme.LIGHT, timeout=3000)
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window) == QColor(theme.LIGHT["window"])


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_chosen_score_is_drawn_in_the_highlight_and_stands_out(window: MainWindow, demo_file: Path,
                                                                   name: str) -> None:
    """Dark mode once drew the chosen score at about 2.5:1 against its neighbours (Fusion's sunken shade): now the
    chosen button is filled with the highlight, measured on the pixels drawn."""
    from PySide6.QtWidgets import QApplication

    assert window.files.open_path(demo_file)
    window.apply_colours(name)
    window.show_panel(3)
    picker = window.panel("Moderation").picker
    picker.set_value(2)
    QApplication.processEvents()
    chosen, other = picker.button(2), picker.button(1)
    colours = theme.THEMES[name]

    def middle_colour(button) -> str:
        image = button.grab().toImage()
        counts: dict[str, int] = {}
        for x in range(2, image.width() - 2, 3):
            for y in range(2, image.height() - 2, 3):
                c = QColor(image.pixel(x, y)).name()
                counts[c] = counts.get(c, 0) + 1
        return max(counts, key=counts.get)  # the fill: the most common colour

    fill, beside = middle_colour(chosen), middle_colour(other)
    assert fill == colours["highlight"]
    assert theme.contrast(fill, beside) >= 3.0, (fill, beside)
