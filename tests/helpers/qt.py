"""Helpers for driving real dialogs in GUI tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from svi_desktop.domain.award import quality_awaiting_consensus
from svi_desktop.domain.rules import scored_criteria

_waiting: list[dict] = []  # answers armed and not yet given, disarmed when their test ends (tests/gui/conftest.py)


def disarm_answers() -> int:
    """Stop waiting for the dialogs of the test that ended; returns how many were never shown."""
    left = sum(1 for seen in _waiting if not seen.get("answered"))
    for seen in _waiting:
        seen["disarmed"] = True
    _waiting.clear()
    return left


def cancel_answer(seen: dict) -> None:
    """The dialog `seen` waited for will not come: stop waiting for it."""
    seen["disarmed"] = True
    if seen in _waiting:
        _waiting.remove(seen)


def answer_next_dialog(button: str | None = None, *, then: Callable[[QWidget], None] | None = None) -> dict:
    """When the next modal dialog appears, record what it says and press `button` (or close it). An answer
    still waiting when its test ends is disarmed, so that it never answers a later test's dialog."""
    seen: dict = {}
    _waiting.append(seen)
    armed_over = QApplication.activeModalWidget()  # a dialog already open is not the next one
    deadline = time.monotonic() + 30  # by the clock, not by tries: a loaded machine runs the timer late

    def handle() -> None:
        if seen.get("disarmed"):
            return
        w = QApplication.activeModalWidget()
        if w is None or w is armed_over:
            if time.monotonic() < deadline:
                QTimer.singleShot(10, handle)
            return
        seen["answered"] = True
        seen["widget_name"] = w.objectName()
        seen["title"] = w.windowTitle()
        if isinstance(w, QMessageBox):
            seen["text"] = w.text()
            seen["buttons"] = [b.text() for b in w.buttons()]
        if then is not None:
            then(w)
            return
        if button is not None:
            for b in w.findChildren(QAbstractButton):
                if b.text().replace("&", "") == button:
                    b.click()
                    return
            if time.monotonic() < deadline:  # the dialog the edit came from, still active: no answer yet
                QTimer.singleShot(10, handle)
                return
            raise AssertionError(f"no button {button!r} in {seen}")
        w.close()

    QTimer.singleShot(0, handle)
    return seen


def agree_quality(window: Any, leave: int = 0) -> None:
    """The panel's consensus on every quality response of every bid in competition but the last `leave`."""
    from svi_desktop.ui.operations import scores as score_edit

    session = window.session
    ev = session.evaluation()
    pairs = [(b, c) for b in ev.bids if not b.out_of_competition for c in scored_criteria(ev.framework)
             if not any(k.bid_id == b.id and k.criterion_id == c.id for k in ev.consensus)]
    for bid, crit in pairs[:len(pairs) - leave]:
        assert score_edit.set_consensus(session, bid, crit, 3, "Agreed at the panel meeting.", "",
                                        outside_reason="The panel agreed it after discussion.") is not None
    assert quality_awaiting_consensus(session.evaluation()) == leave
