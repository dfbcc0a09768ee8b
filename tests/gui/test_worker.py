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


def test_a_job_lets_go_once_it_has_ended_however_it_ended(qtbot) -> None:  # type: ignore[no-untyped-def]
    from svi_desktop.ui import worker

    def cancelled_part_way(progress):  # type: ignore[no-untyped-def]
        job.cancel()
        progress(1)
        return "never reported"

    def failing(_progress):  # type: ignore[no-untyped-def]
        raise ValueError("a bug")

    for work in (cancelled_part_way, failing, lambda _progress: 42):
        job = Job(work)
        with qtbot.waitSignal(job.signals.ended, timeout=5000):
            worker.start(job)
        qtbot.waitUntil(lambda j=job: j not in worker._RUNNING, timeout=5000)


def test_closing_a_tender_while_robustness_runs_frees_the_tender(qtbot, demo_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gc
    import time
    import weakref

    from svi_desktop.ui.panels.results import panel as results_panel

    def until_cancelled(*_args, progress, **_kwargs):  # type: ignore[no-untyped-def]
        n = 0
        while progress(n := n + 1):  # a robustness run that is still going when the tender is closed
            time.sleep(0.005)

    monkeypatch.setattr(results_panel, "robustness", until_cancelled)

    from PySide6.QtCore import QCoreApplication, QEvent

    from svi_desktop.ui import worker
    from svi_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.files.open_path(demo_file)
    window.show_panel(4)
    results = window.panel("Results")
    qtbot.waitUntil(lambda: results.job is not None, timeout=5000)  # started as the panel is shown
    job = results.job
    qtbot.waitUntil(lambda: results.progress.value() > 0, timeout=10000)  # under way
    evaluation = weakref.ref(window.session.evaluation())
    results = None  # the test's own hold on the panel, and through it on the session
    window.files.close_tender()
    assert job.cancelled
    qtbot.waitUntil(lambda: job not in worker._RUNNING, timeout=20000)
    job = None
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as the event loop does
    gc.collect()
    assert evaluation() is None
