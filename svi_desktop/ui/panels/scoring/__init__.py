"""The Scoring panel: one evaluator scores every bid against each criterion, side by side."""

from svi_desktop.ui.panels.scoring.panel import ScoringPanel

__all__ = ["ScoringPanel"]
