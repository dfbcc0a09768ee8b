"""Find the program's resources in a checkout, an installed package or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding frameworks/, demo/ and icons/."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "resources", here / "_resources"]
    for candidate in candidates:
        if (candidate / "frameworks").is_dir():
            return candidate
    raise FileNotFoundError("the program's resources folder is missing; reinstall SVI Workbench")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
