"""The Results panel: the ranking, its robustness and the charts."""

from svi_desktop.ui.panels.results.panel import ResultsPanel

__all__ = ["ResultsPanel"]
