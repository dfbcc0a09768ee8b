"""A background job whose listener has gone (the program closing while robustness runs) stops quietly."""

from __future__ import annotations

import shiboken6

from svi_desktop.ui.worker import Job


def test_a_job_stops_when_its_signals_are_deleted_under_it(qtbot: object) -> None:
    seen: list[int] = []

    def work(progress):  # type: ignore[no-untyped-def]
        for n in range(1000):
            if n == 3:
                shiboken6.delete(job.signals)  # what Qt does to it at exit, while the thread still runs
            if not progress(n):
                return "stopped"
            seen.append(n)
        return "ran to the end"

    job = Job(work)
    job.run()  # in this thread: any exception would reach the test
    assert job.cancelled
    assert seen == [0, 1, 2]
