"""Templates: the frameworks a new tender can start from, and saving a tender's framework as one."""

from __future__ import annotations

from pathlib import Path

from svi_desktop.domain.model import Framework
from svi_desktop.domain.rules import check_template_name
from svi_desktop.errors import KnownError
from svi_desktop.exports.framework_file import save_template
from svi_desktop.imports.framework_file import read_template
from svi_desktop.imports.template_files import BUILT_IN_TEMPLATE, available_templates
from svi_desktop.store.paths import templates_dir
from svi_desktop.store.repository import load_tender_framework
from svi_desktop.store.tender_file import TenderFile

DEFAULT_TEMPLATE = BUILT_IN_TEMPLATE


def template_names() -> list[str]:
    """Built-in templates and the user's own, by name."""
    return list(available_templates())


def template(name: str) -> Framework:
    return read_template(name)


def save_as_template(tf: TenderFile, name: str) -> Path:
    """Save the tender's framework under a new template name (refused if the name is taken or unsafe)."""
    try:
        clean = check_template_name(name)
    except ValueError as exc:
        raise KnownError(str(exc)) from None
    if clean in available_templates():
        raise KnownError(f"A template called {clean!r} already exists; choose another name.")
    return save_template(load_tender_framework(tf), templates_dir() / f"{clean}.json")
