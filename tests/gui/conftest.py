"""A main window per test, closed afterwards so that no widget outlives its test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from svi_desktop.ui.main_window import MainWindow

LEAD = "Tom Reid (Head of Procurement; evaluation lead)"


@pytest.fixture(autouse=True)
def answers_end_with_their_test() -> Iterator[None]:
    """An answer armed for a dialog that never came must not answer the next test's dialog."""
    from tests.helpers.qt import disarm_answers

    yield
    left = disarm_answers()
    assert not left, f"{left} answer(s) armed for a dialog that never came: cancel_answer() the ones not expected"


@pytest.fixture(autouse=True)
def working_as_the_lead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Who is working, asked at every open for writing, is answered "the lead" in the tests that are about
    something else; tests/gui/test_who.py drives the question itself."""
    from svi_desktop.ui.window.files import FileLifecycle

    monkeypatch.setattr(FileLifecycle, "ask_who", lambda self, path, people: LEAD)


REASON = "Test: a change after scoring, for the record."


@pytest.fixture(autouse=True)
def reasons_given(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Why a weight, threshold, price formula or price of a scored tender changes (s.98) is answered with a reason
    in the tests that are about something else; tests marked `reason_dialog` drive the question itself."""
    if request.node.get_closest_marker("reason_dialog"):
        return
    from svi_desktop.ui.operations import bids, framework

    for module in (bids, framework):
        monkeypatch.setattr(module, "ask_reason", lambda what: REASON)


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)  # focus events (and so commits on focus-out) need an active window
    yield w
    w.close()
