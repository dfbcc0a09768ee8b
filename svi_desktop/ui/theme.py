"""Light, dark and projector colours: the application's palette, and the few colours the panels draw themselves.

Light and dark follow the system's colour scheme unless View > Colours says otherwise. Every pair of text and
background here meets WCAG 2.2 AA (4.5:1 for text, 3:1 for control edges): tests/gui/test_theme.py checks them all.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

LIGHT = {
    "window": "#efefef", "text": "#1a1a1a", "base": "#ffffff", "alternate": "#f4f6f8", "button": "#e4e4e4",
    "highlight": "#1f5fa8", "highlighted_text": "#ffffff", "placeholder": "#5c5c5c", "edge": "#767676",
    "disabled_text": "#6b6b6b", "link": "#0b57d0",
    "error": "#b3261e", "error_bg": "#b3261e", "error_on_bg": "#ffffff",
    "warning_bg": "#fff4ce", "warning_fg": "#5c4400", "ok_bg": "#e6f0e6", "ok_fg": "#1b4d1b",
    "flag_bg": "#f4c7c3", "flag_fg": "#5f1410", "mark_bg": "#ffd400", "mark_fg": "#000000",
}
DARK = {
    "window": "#202124", "text": "#e8eaed", "base": "#2b2c2f", "alternate": "#303134", "button": "#3c4043",
    "highlight": "#8ab4f8", "highlighted_text": "#000000", "placeholder": "#a8acb0", "edge": "#8c9196",
    "disabled_text": "#9aa0a6", "link": "#8ab4f8",
    "error": "#ff8a80", "error_bg": "#b3261e", "error_on_bg": "#ffffff",
    "warning_bg": "#3d3000", "warning_fg": "#ffe08a", "ok_bg": "#0f3a12", "ok_fg": "#b6f0b6",
    "flag_bg": "#5f1410", "flag_fg": "#ffdad6", "mark_bg": "#ffd400", "mark_fg": "#000000",
}
# Presentation mode on a projector: white on black, yellow for focus and selection (window/presentation.py).
# The dark theme's warning, error and mark colours; black and white with yellow for the rest.
PROJECTOR = {
    **DARK,
    "window": "#000000", "text": "#ffffff", "base": "#000000", "alternate": "#1a1a1a", "button": "#1a1a1a",
    "highlight": "#ffd400", "highlighted_text": "#000000", "placeholder": "#bdbdbd", "edge": "#ffffff",
    "disabled_text": "#a6a6a6", "link": "#ffd400",
}
THEMES = {"light": LIGHT, "dark": DARK, "projector": PROJECTOR}
# The pairs a reader must tell apart: (foreground, background, the least contrast WCAG 2.2 AA asks).
PAIRS = [("text", "window", 4.5), ("text", "base", 4.5), ("text", "alternate", 4.5), ("text", "button", 4.5),
         ("highlighted_text", "highlight", 4.5), ("placeholder", "base", 4.5), ("link", "base", 4.5),
         ("error", "window", 4.5), ("error", "base", 4.5), ("error_on_bg", "error_bg", 4.5),
         ("warning_fg", "warning_bg", 4.5), ("ok_fg", "ok_bg", 4.5), ("flag_fg", "flag_bg", 4.5),
         ("mark_fg", "mark_bg", 4.5), ("edge", "window", 3.0), ("edge", "base", 3.0),
         ("disabled_text", "window", 3.0),
         # The chosen score's marker (widgets/score_picker.py) and the focus ring Fusion draws, both the highlight:
         # 3:1 against what they sit on.
         ("highlight", "button", 3.0), ("highlight", "window", 3.0), ("highlight", "base", 3.0),
         ("highlight", "alternate", 3.0)]

_current = dict(LIGHT)
_fusion = False  # the Fusion style is in place
_palette_set = False  # the application's palette is ours, no longer the system's


def colours() -> dict[str, str]:
    return _current


def colour(name: str) -> str:
    return _current[name]


def system_is_dark() -> bool:
    """Whether the system's colour scheme is dark.

    Before this program has set a palette of its own, the application's palette is the system's, and its window
    colour answers without asking Qt for the scheme, whose answer builds all of PySide's Qt enums (14 ms of a
    100 ms start: issue 19). The main window asks again, properly, once it is on the screen (confirm_scheme)."""
    app = QGuiApplication.instance()
    if not _palette_set and isinstance(app, QGuiApplication):
        return app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    from PySide6.QtCore import Qt

    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def chosen(preference: str) -> str:
    """"light", "dark", or "system" (the system's scheme)."""
    if preference in ("light", "dark"):
        return preference
    return "dark" if system_is_dark() else "light"


def palette(c: dict[str, str]) -> QPalette:
    p = QPalette()
    roles = {QPalette.ColorRole.Window: "window", QPalette.ColorRole.WindowText: "text",
             QPalette.ColorRole.Base: "base", QPalette.ColorRole.AlternateBase: "alternate",
             QPalette.ColorRole.Text: "text", QPalette.ColorRole.Button: "button",
             QPalette.ColorRole.ButtonText: "text", QPalette.ColorRole.Highlight: "highlight",
             QPalette.ColorRole.HighlightedText: "highlighted_text", QPalette.ColorRole.PlaceholderText: "placeholder",
             QPalette.ColorRole.ToolTipBase: "base", QPalette.ColorRole.ToolTipText: "text",
             QPalette.ColorRole.Link: "link", QPalette.ColorRole.Mid: "edge", QPalette.ColorRole.Dark: "edge",
             QPalette.ColorRole.BrightText: "error_on_bg"}
    for role, name in roles.items():
        p.setColor(role, QColor(c[name]))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(c["disabled_text"]))
    return p


def fusion_from_start() -> None:
    """The program was started with "-style Fusion" (app.py): asking for the style would build its enums."""
    global _fusion
    _fusion = True


def apply(app: QGuiApplication, name: str) -> None:
    """Use the Fusion style (it draws every state from the palette) with the named colours."""
    from PySide6.QtWidgets import QApplication

    global _current, _fusion, _palette_set
    _current = dict(THEMES[name])
    if not _fusion and isinstance(app, QApplication):
        style = app.style()
        if style is not None and style.name().lower() != "fusion":  # a new style repolishes every widget: 12 ms
            app.setStyle("Fusion")
        _fusion = True
    app.setPalette(palette(_current))
    _palette_set = True


def luminance(hex_colour: str) -> float:
    """WCAG 2.2 relative luminance."""
    c = QColor(hex_colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
