"""SVI Workbench: evaluate tenders for public services on their social value."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "SVI Workbench"
ORG_NAME = "SVI Workbench"
