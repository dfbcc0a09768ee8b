"""Where the framework templates are: the built-in ones and the user's own. Light on purpose: the start page
lists them before anything else of the program has loaded."""

from __future__ import annotations

from pathlib import Path

from svi_desktop.resources import resource
from svi_desktop.store.paths import templates_dir

BUILT_IN_TEMPLATE = "social-value-tender"


def builtin_dir() -> Path:
    return resource("frameworks")


def available_templates() -> dict[str, Path]:
    """Template name (file stem) -> file: the built-in ones, then the user's own."""
    found = {p.stem: p for p in sorted(builtin_dir().glob("*.json"))}
    for p in sorted(templates_dir().glob("*.json")):
        found.setdefault(p.stem, p)
    return found
