"""Every attack in the hostile corpus is refused or detected in one sentence (tests/helpers/hostile.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import hostile


@pytest.mark.parametrize("case", hostile.CASES, ids=lambda c: f"{c.family}: {c.name}")
def test_hostile_case_is_handled(case: hostile.Case, tmp_path: Path) -> None:
    assert hostile.run(case, tmp_path / "case") is None
