"""Shared fixtures: every test gets its own data folder and its own tender files."""

from __future__ import annotations

import os
from pathlib import Path

# Tests never need a real display; set before Qt is first imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from tests.helpers.files import make_demo


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("SVI_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_passphrases_remembered():  # type: ignore[no-untyped-def]
    """The passphrases a test's process learnt, and who it asks, are that test's own."""
    from svi_desktop.store import keys

    keys.forget_all()
    keys.ask_with(None)
    yield
    keys.forget_all()
    keys.ask_with(None)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo.svi")


@pytest.fixture
def work_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    os.environ.setdefault("SVI_TEST", "1")
    return folder
