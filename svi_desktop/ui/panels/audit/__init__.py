"""The Audit panel: the audit trail and its checks."""

from svi_desktop.ui.panels.audit.panel import AuditPanel

__all__ = ["AuditPanel"]
