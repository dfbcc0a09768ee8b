"""The Results panel: ranking, robustness in the background, price formulas, charts drawn and saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.operations.scores import set_consensus
from svi_desktop.ui.panels.results import ResultsPanel
from svi_desktop.ui.panels.results.model import ResultsModel
from svi_desktop.ui.widgets.charts import PALETTE


def open_results(window: MainWindow, demo_file: Path, qtbot: QtBot) -> ResultsPanel:
    assert window.files.open_path(demo_file)
    window.panel_actions[4].trigger()
    panel = window.panels["Results"]
    assert window.tabs.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.robustness is not None, timeout=20000)
    return panel


def colours(image: QImage) -> set[str]:
    return {QColor(image.pixel(x, y)).name() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}


def test_ranking_robustness_and_formulas(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    panel = open_results(window, demo_file, qtbot)
    m = panel.model
    assert [m.data(m.index(r, 1)) for r in range(m.rowCount())] == [
        "Moorside Community Health CIC", "Valley Wellbeing Partnership", "Northgate Support Services Ltd"]
    assert [m.data(m.index(r, m.columnCount() - 1)) for r in range(3)] == ["88.05", "76.99", "73.77"]
    assert panel.apart.item(0, 0).text() == "Brightpath Care Group plc"
    assert panel.apart.item(0, 1).text().startswith("failed SVI9 General Social Responsibility")
    assert panel.verdict.text().startswith("Moorside Community Health CIC leads in 100% of 5,000 draws")
    flips = {panel.flips.item(r, 0).text(): panel.flips.item(r, 3).text() for r in range(panel.flips.rowCount())}
    assert flips["Price share"] == "62.90% → Northgate Support Services Ltd"
    panel.tabs.setCurrentIndex(1)  # the price formulas are worked out when their tab is shown
    assert "The choice of price formula changes the leader" in panel.formula_note.text()


def test_one_change_updates_ranking_and_charts(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    panel = open_results(window, demo_file, qtbot)
    panel.tabs.setCurrentIndex(2)  # the charts
    before_labels = panel.bars.labels
    assert before_labels[0] == "Moorside Community Health CIC"
    ev = window.session.evaluation()
    moorside = next(b for b in ev.bids if b.supplier.startswith("Moorside"))
    svi3 = next(c for c in ev.framework.criteria if c.code == "SVI3")
    assert set_consensus(window.session, moorside, svi3, 1, "Standards not evidenced in practice.", "",
                         outside_reason="the site visit found the standards were not followed in practice")
    m = panel.model
    assert m.data(m.index(0, 1)) == "Valley Wellbeing Partnership"
    assert "Moorside Community Health CIC" not in panel.bars.labels
    assert panel.apart.rowCount() == 2
    radar_values = {s.name: s.values for s in panel.radar.series}
    assert "Moorside Community Health CIC" not in radar_values  # the top ranked bids only
    qtbot.waitUntil(lambda: panel.verdict.text().startswith("Valley Wellbeing Partnership"), timeout=20000)


def test_each_chart_renders_to_png(window: MainWindow, demo_file: Path, qtbot: QtBot, tmp_path: Path) -> None:
    panel = open_results(window, demo_file, qtbot)
    panel.tabs.setCurrentIndex(2)
    expected = {
        "radar": (panel.radar, 3, 10),  # three ranked bids across the ten imperatives
        "bars": (panel.bars, 3, 3),  # three sections, three ranked bids
        "spread": (panel.spread_chart, 3, 20),  # three evaluators over twenty criteria
    }
    for name, (chart, n_series, n_labels) in expected.items():
        assert len(chart.series) == n_series and len(chart.labels) == n_labels, name
        path = chart.save_png(tmp_path / f"{name}.png")
        image = QImage(str(path))
        assert not image.isNull() and image.width() == 900
        found = colours(image)
        assert len(found) > 20, name  # not blank
        for i in range(n_series):
            assert QColor(PALETTE[i]).name() in found, (name, i)
    assert panel.radar.labels[0] == "Purpose" and panel.radar.labels[-1] == "Credibility"


def test_results_model_passes_qtmodeltester(qtmodeltester, window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    panel = open_results(window, demo_file, qtbot)
    model = ResultsModel()
    model.load(list(panel.results.ranked), [s for s in window.session.evaluation().framework.sections
                                             if s.kind.value != "gates"])
    qtmodeltester.check(model)


def test_no_heading_of_the_calibration_or_price_formula_tables_is_clipped(window: MainWindow, demo_file: Path,
                                                                          qtbot: QtBot) -> None:
    panel = open_results(window, demo_file, qtbot)
    for tab in (1, 3):
        panel.tabs.setCurrentIndex(tab)
    for table in (panel.calibration, panel.formulas):
        header = table.horizontalHeader()
        for i in range(table.columnCount() - 1):  # the last one stretches
            assert table.columnWidth(i) >= header.sectionSizeHint(i), (table.objectName(), i)


def test_a_change_updates_the_ranking_at_once_and_the_other_tabs_when_shown(window: MainWindow, demo_file: Path,
                                                                             qtbot: QtBot) -> None:
    panel = open_results(window, demo_file, qtbot)
    panel.tabs.setCurrentIndex(3)
    calibrated = [panel.calibration.item(r, 1).text() for r in range(panel.calibration.rowCount())]
    panel.tabs.setCurrentIndex(0)
    ev = window.session.evaluation()
    moorside = next(b for b in ev.bids if b.supplier.startswith("Moorside"))
    svi3 = next(c for c in ev.framework.criteria if c.code == "SVI3")
    assert set_consensus(window.session, moorside, svi3, 1, "Standards not evidenced in practice.", "",
                         outside_reason="the site visit found the standards were not followed in practice")
    m = panel.model
    assert m.data(m.index(0, 1)) == "Valley Wellbeing Partnership"  # the ranking, at once
    assert panel._stale_tabs == {1, 2, 3}  # the rest waits for its tab
    panel.tabs.setCurrentIndex(3)
    assert panel._stale_tabs == {1, 2}
    after = [panel.calibration.item(r, 1).text() for r in range(panel.calibration.rowCount())]
    assert after != calibrated  # a consensus of 1 against the evaluators' 3s moves their agreement with it


def test_the_ranking_updated_after_one_change_is_exactly_a_full_recalculation(window: MainWindow, demo_file: Path,
                                                                             qtbot: QtBot) -> None:
    from svi_desktop.domain.scoring import compute_results
    from svi_desktop.ui.operations import scores as score_edit

    panel = open_results(window, demo_file, qtbot)
    ev = window.session.evaluation()
    aisha = ev.evaluators[0]
    crit = next(c for c in ev.framework.criteria if c.code == "Q2")
    for bid, value in ((ev.bids[0], 0), (ev.bids[2], 4), (ev.bids[0], 2)):
        assert score_edit.set_score(window.session, aisha, bid, crit, value, rationale="Changed in the test.") is not None
        assert panel.results == compute_results(window.session.evaluation())  # the update, exactly the full one
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        assert panel.results == compute_results(load_evaluation(tf))  # and what the file says
