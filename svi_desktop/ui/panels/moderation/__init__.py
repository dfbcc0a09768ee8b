"""The Moderation panel: the panel agrees consensus scores on a shared screen."""

from svi_desktop.ui.panels.moderation.panel import ModerationPanel

__all__ = ["ModerationPanel"]
