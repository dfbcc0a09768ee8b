"""The Setup panel: tender details, sections and shares, criteria and the scale."""

from svi_desktop.ui.panels.setup.panel import SetupPanel

__all__ = ["SetupPanel"]
