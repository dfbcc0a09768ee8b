"""The Bids panel: the bids received, each bid's details, responses and documents, and bid import."""

from svi_desktop.ui.panels.bids.panel import BidsPanel

__all__ = ["BidsPanel"]
