"""The Results panel: the ranking, the bids listed apart, how robust the ranking is, and charts."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.lots import allocate, lot_evaluation
from svi_desktop.domain.model import Bid, Evaluation, SectionKind
from svi_desktop.domain.numbers import fmt
from svi_desktop.domain.pricing import FORMULAS
from svi_desktop.domain.robustness import Robustness, calibration, formula_rankings, robustness
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scoring import CriterionResult, Results, compute_results, criterion_value, criterion_values
from svi_desktop.errors import KnownError
from svi_desktop.ui import theme
from svi_desktop.ui.names import evaluator_label
from svi_desktop.ui.panels.base import Panel, base_point_size
from svi_desktop.ui.panels.results.model import ResultsModel
from svi_desktop.ui.session import Notice, TenderSession
from svi_desktop.ui.widgets.charts import Chart, RadarChart, Series, SpreadChart, StackedBarChart
from svi_desktop.ui.widgets.tables import fill_table, fit_columns, keep_fitted, read_only_table
from svi_desktop.ui.worker import Job, start

TOP = 6


class ResultsPanel(Panel):
    listens_to = frozenset({ChangeKind.TENDER, ChangeKind.FRAMEWORK, ChangeKind.SCALE, ChangeKind.BIDS,
                            ChangeKind.EVALUATORS, ChangeKind.SCORES, ChangeKind.CONSENSUS})

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("resultsPanel")
        self.ev: Evaluation | None = None
        self.results: Results | None = None
        self.job: Job | None = None
        self.lot_job: Job | None = None  # the lots' allocation under the limit: it ranks every lot, off this thread
        self.robustness: Robustness | None = None
        self.anonymous = False
        self._labels: dict[str, str] = {}  # bid id -> its name on screen (see _names)
        self._bids: tuple[Bid, ...] = ()
        self.lot = ""  # the lot shown, "" for the whole tender

        # A tender in lots: each lot ranked as a tender of its own, and who is awarded which under the limit.
        self.lot_box = QComboBox()
        self.lot_box.setObjectName("lotChoice")
        self.lot_box.setAccessibleName(self.tr("Lot whose results are shown"))
        self.lot_box.activated.connect(lambda _i: self.show_lot(self.lot_box.currentData() or ""))
        self.lot_label = QLabel(self.tr("&Lot:"))
        self.lot_label.setBuddy(self.lot_box)
        self.award_text = QLabel()
        self.award_text.setObjectName("lotAwards")
        self.award_text.setWordWrap(True)
        self.award_text.setTextFormat(Qt.TextFormat.PlainText)
        self.award_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.verdict.setFont(font)
        self.warnings = QLabel()
        self.warnings.setObjectName("resultsWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(f"color: {theme.colour('error')};")

        self.model = ResultsModel(self)
        self.ranking = QTableView()
        self.ranking.setObjectName("ranking")
        self.ranking.setAccessibleName(self.tr("Ranked bids with their section points and totals"))
        self.ranking.setModel(self.model)
        self.ranking.verticalHeader().setVisible(False)
        self.ranking.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ranking.horizontalHeader().setStretchLastSection(True)
        self.ranking.horizontalHeader().setResizeContentsPrecision(40)  # widths from the first rows: fast to fit
        # A narrowed heading shows its beginning (the whole of it is in the tooltip).
        self.ranking.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        keep_fitted(self.ranking, self._flexible)
        self.apart = read_only_table([self.tr("Bid"), self.tr("Not ranked because")])
        self.apart.setObjectName("notRanked")
        self.apart.setAccessibleName(self.tr("Bids not ranked, and why"))
        self.apart.setWordWrap(True)
        keep_fitted(self.apart, lambda: (0, 1))

        # Robustness
        self.flips = read_only_table([self.tr("Share or weight"), self.tr("Now"), self.tr("Leader changes below"),
                             self.tr("Leader changes above")])
        self.flips.setObjectName("flipPoints")
        keep_fitted(self.flips, lambda: (0, 2, 3))  # the names and the "leader changes" texts give way
        self.flips.setAccessibleName(self.tr("How far each share or weight can move before the leader changes"))
        self.shares = read_only_table([self.tr("Bid"), self.tr("Ranked first in")])
        self.shares.setObjectName("firstShares")
        self.shares.setAccessibleName(self.tr("How often each bid ranks first when the weights vary"))
        self.draws = QSpinBox()
        self.draws.setRange(100, 100_000)
        self.draws.setSingleStep(1000)
        self.draws.setValue(5000)
        self.draws.setAccessibleName(self.tr("Number of random draws"))
        self.spread = QSpinBox()
        self.spread.setRange(1, 50)
        self.spread.setValue(10)
        self.spread.setSuffix("%")
        self.spread.setAccessibleName(self.tr("How far each weight may vary"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.seed.setValue(1)
        self.seed.setAccessibleName(self.tr("Seed of the random draws"))
        self.recalc = QPushButton(self.tr("Re&calculate"))
        self.recalc.clicked.connect(self.start_robustness)
        self.progress = QProgressBar()
        self.progress.setObjectName("robustnessProgress")
        self.progress.setVisible(False)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setVisible(False)
        self.cancel.clicked.connect(self.cancel_robustness)
        controls = QHBoxLayout()
        for label, w in ((self.tr("Draws"), self.draws), (self.tr("Vary weights by ±"), self.spread),
                         (self.tr("Seed"), self.seed)):
            controls.addWidget(QLabel(label))
            controls.addWidget(w)
        controls.addWidget(self.recalc)
        controls.addWidget(self.progress, 1)
        controls.addWidget(self.cancel)
        rob_page = QWidget()
        rob = QGridLayout(rob_page)
        rob.addLayout(controls, 0, 0, 1, 2)
        rob.addWidget(self.flips, 1, 0)
        rob.addWidget(self.shares, 1, 1)
        rob.setColumnStretch(0, 3)
        rob.setColumnStretch(1, 1)

        self.formulas = read_only_table([self.tr("Bid"), *(f.name for f in FORMULAS.values())])
        self.formulas.setObjectName("priceFormulas")
        self.formula_note = QLabel()
        self.formula_note.setWordWrap(True)
        formula_page = QWidget()
        fl = QVBoxLayout(formula_page)
        fl.addWidget(self.formula_note)
        fl.addWidget(self.formulas)

        self.radar = RadarChart(self.tr("The ten imperatives"))
        self.radar.setObjectName("radarChart")
        self.bars = StackedBarChart(self.tr("Totals by section"))
        self.bars.setObjectName("barChart")
        self.spread_chart = SpreadChart(self.tr("Each evaluator's mean score per criterion"))
        self.spread_chart.setObjectName("spreadChart")
        self.radar_choice = QComboBox()
        self.radar_choice.setAccessibleName(self.tr("Bids on the radar chart"))
        self.radar_choice.activated.connect(lambda _i: self._draw_radar())
        charts_page = QTabWidget()
        charts_page.setObjectName("charts")
        for chart, extra, name in ((self.radar, self.radar_choice, self.tr("Imperatives")),
                                   (self.bars, None, self.tr("Totals")), (self.spread_chart, None, self.tr("Spread"))):
            save = QPushButton(self.tr("Save as PNG…"))
            save.clicked.connect(lambda _c=False, ch=chart: self.save_chart_dialog(ch))
            row = QHBoxLayout()
            if extra is not None:
                row.addWidget(extra)
            row.addStretch(1)
            row.addWidget(save)
            page = QWidget()
            pl = QVBoxLayout(page)
            pl.addWidget(chart, 1)
            pl.addLayout(row)
            charts_page.addTab(page, name)

        self.calibration = read_only_table([self.tr("Evaluator"), self.tr("Mean difference from consensus"),
                                   self.tr("Scores compared"), self.tr("Mean difference from the other evaluators"),
                                   self.tr("Scores compared")])
        self.calibration.setObjectName("calibration")

        self.tabs = QTabWidget()
        self.tabs.addTab(rob_page, self.tr("Robustness"))
        self.tabs.addTab(formula_page, self.tr("Price formulas"))
        self.tabs.addTab(charts_page, self.tr("Charts"))
        self.tabs.addTab(self.calibration, self.tr("Calibration"))
        self._stale_tabs: set[int] = set()
        self._values: dict[tuple[str, str], CriterionResult] | None = None  # kept for one change's update
        self.tabs.currentChanged.connect(self._fill_tab)
        self.upper = upper = QSplitter(Qt.Orientation.Horizontal)
        self._upper_sizes: list[int] = []
        upper.addWidget(self.ranking)
        upper.addWidget(self.apart)
        upper.setSizes([700, 400])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.tabs)
        split.setSizes([300, 420])
        layout = QVBoxLayout(self)
        lot_row = QHBoxLayout()
        lot_row.addWidget(self.lot_label)
        lot_row.addWidget(self.lot_box)
        lot_row.addWidget(self.award_text, 1)
        layout.addLayout(lot_row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.warnings)
        layout.addWidget(split, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.start_robustness)
        self.refresh_when_shown()

    # -- results -------------------------------------------------------------------

    def on_change(self, notice: Notice) -> None:
        """One score or consensus changed: only that bid and criterion's value is worked out again, then the
        ranking (exact, as a full recalculation would make it; tested)."""
        ids = notice.change.ids
        key = (ids[1], ids[2]) if notice.kind is ChangeKind.SCORES and len(ids) == 3 else (
            (ids[0], ids[1]) if notice.kind is ChangeKind.CONSENSUS and len(ids) == 2 else None)
        if key is None or self._values is None or key not in self._values or self.lot:  # one lot: ranked afresh
            self.refresh()
            return
        ev = self.session.evaluation()
        self._values = {**self._values, key: criterion_value(ev, *key)}
        self.refresh(values=self._values, changed_bid=key[0])

    def refresh(self, values: dict[tuple[str, str], CriterionResult] | None = None,
                changed_bid: str | None = None) -> None:
        whole = self.session.evaluation()
        self._bids, self._labels = whole.bids, self._names(whole)  # one letter per bid, whichever lot is shown
        ev = self._lot_view(whole)
        self.ev = ev
        self._values = values if values is not None else criterion_values(ev)
        results = compute_results(ev, values=self._values, previous=self.results if changed_bid else None,
                                  changed_bid=changed_bid)
        self.results = results
        point_sections = [s for s in sorted(ev.framework.sections, key=lambda s: s.position)
                          if s.kind is not SectionKind.GATES]
        self.model.load(list(results.ranked), point_sections, self._labels)
        fit_columns(self.ranking, self._flexible())
        fill_table(self.apart, [[self._name(r.bid), self._hide(r.reason_not_ranked)]
                                for r in results.not_ranked])
        self.apart.resizeRowsToContents()
        self.warnings.setText(self._hide(" ".join(results.warnings)))
        self.warnings.setVisible(bool(results.warnings))
        # The ranking is what a score change must update at once (tens of milliseconds); the price formulas, the
        # charts and the calibration each rank or read everything again, so each is made when its tab is shown.
        self._stale_tabs = {0, 1, 2, 3}
        self._fill_tab(self.tabs.currentIndex())
        if not results.ranked:
            self.verdict.setText(self.tr("No bid can be ranked yet."))
        else:
            self.verdict.setText(self.tr("Leading: {bid}. Testing how robust the ranking is…").format(
                bid=self._name(results.ranked[0].bid)))
        self._debounce.start()

    def _lot_view(self, whole: Evaluation) -> Evaluation:
        """The tender, or the lot chosen; fills the lot choice and the award under the limit when in lots."""
        codes = [lot.code for lot in whole.lots]
        if self.lot not in codes:
            self.lot = ""
        for w in (self.lot_label, self.lot_box, self.award_text):
            w.setVisible(bool(codes))
        if not codes:
            return whole
        self.lot_box.blockSignals(True)
        self.lot_box.clear()
        self.lot_box.addItem(self.tr("Whole tender"), "")
        for lot in sorted(whole.lots, key=lambda x: (x.position, x.code)):
            self.lot_box.addItem(f"{lot.code}" + (f": {lot.title}" if lot.title else ""), lot.code)
        self.lot_box.setCurrentIndex(max(0, self.lot_box.findData(self.lot)))
        self.lot_box.blockSignals(False)
        self._allocate(whole)
        return lot_evaluation(whole, self.lot) if self.lot else whole

    def _allocate(self, whole: Evaluation) -> None:
        """Who is awarded each lot under the limit, worked out off the window's thread (it ranks every lot: at
        800 bids, seconds); the ranking shown does not wait for it."""
        if self.lot_job is not None:
            self.lot_job.cancel()
        self.award_text.setText(self.tr("Allocating the lots under the limit…"))

        def work(_progress: Callable[[int], bool]) -> str:
            allocation = allocate(whole)
            return "\n".join([a.explanation for a in allocation.lots] + list(allocation.steps))

        job = Job(work)
        self.lot_job = job
        job.signals.finished.connect(lambda text, job=job: self._show_allocation(job, text))
        job.signals.failed.connect(lambda message, job=job: self._show_allocation(job, message))
        # Started once the ranking is drawn, not while it is: a thread running Python would make the window's
        # every call into the model wait its turn for the interpreter (0.4 s at 400 bids, measured).
        def start_if_current() -> None:
            if job is self.lot_job:
                start(job)

        QTimer.singleShot(0, self, start_if_current)

    def _show_allocation(self, job: Job, text: str) -> None:
        if job is self.lot_job:  # not one overtaken by a later change
            self.lot_job = None
            self.award_text.setText(self._hide(text))

    def show_lot(self, code: str) -> None:
        """Rank one lot (its bids, the shared criteria and its own), or the whole tender with ""."""
        self.lot = code
        self.results = None
        self.refresh()

    def _fill_tab(self, index: int) -> None:
        ev, results = self.ev, self.results
        if ev is None or results is None or index not in self._stale_tabs:
            return
        self._stale_tabs.discard(index)
        if index == 1:
            self._fill_formulas(ev)
        elif index == 2:
            self._draw_charts(ev, results)
        elif index == 3:
            self._fill_calibration(ev)

    def _fill_formulas(self, ev: Evaluation) -> None:
        rankings = formula_rankings(ev)
        chosen = self.results.price_formula if self.results else ""
        bids = [r.bid for r in self.results.ranked] if self.results else []
        rows = []
        for b in bids:
            row = [self._name(b)]
            for key in FORMULAS:
                r = rankings[key].by_bid()[b.id]
                row.append(f"{r.rank}  ({fmt(r.total)})" + ("  ◀ chosen" if key == chosen else ""))
            rows.append(row)
        fill_table(self.formulas, rows)
        leaders = {key: self._name(res.ranked[0].bid) for key, res in rankings.items() if res.ranked}
        if len(set(leaders.values())) > 1:
            self.formula_note.setText(self.tr("The choice of price formula changes the leader: ") + "; ".join(
                f"{FORMULAS[k].name}: {v}" for k, v in leaders.items()) + ".")
        else:
            self.formula_note.setText(self.tr("Every price formula gives the same leader."))

    def _fill_calibration(self, ev: Evaluation) -> None:
        rows = []
        for i, c in enumerate(calibration(ev)):
            e = next(x for x in ev.evaluators if x.id == c.evaluator_id)
            rows.append([evaluator_label(i, e, self.anonymous),
                         "" if c.versus_consensus is None else fmt(c.versus_consensus), str(c.consensus_n),
                         "" if c.versus_panel is None else fmt(c.versus_panel), str(c.panel_n)])
        fill_table(self.calibration, rows)

    def _draw_charts(self, ev: Evaluation, results: Results) -> None:
        fw = ev.framework
        self._values = self._values if self._values is not None else criterion_values(ev)
        current = self.radar_choice.currentData()
        blocked = self.radar_choice.blockSignals(True)
        self.radar_choice.clear()
        self.radar_choice.addItem(self.tr("The top {n} ranked bids").format(n=TOP), "")
        for b in ev.bids:
            self.radar_choice.addItem(self._name(b), b.id)
        self.radar_choice.setCurrentIndex(max(0, self.radar_choice.findData(current)) if current else 0)
        self.radar_choice.blockSignals(blocked)
        self._draw_radar()
        point_sections = [s for s in sorted(fw.sections, key=lambda s: s.position) if s.kind is not SectionKind.GATES]
        top = results.ranked[:20]
        self.bars.set_data(tuple(self._name(r.bid) for r in top),
                           tuple(Series(s.name, tuple(float(r.sections[s.id]) for r in top)) for s in point_sections),
                           maximum=100.0)
        crits = scored_criteria(fw)
        sums: dict[tuple[str, str], list[int]] = {}
        for s in ev.scores:  # one pass over the scores, not one per evaluator and criterion
            acc = sums.setdefault((s.evaluator_id, s.criterion_id), [0, 0])
            acc[0] += s.value
            acc[1] += 1
        series = []
        for i, e in enumerate(ev.evaluators):
            means = tuple(sums[(e.id, c.id)][0] / sums[(e.id, c.id)][1] if (e.id, c.id) in sums else 0.0
                          for c in crits)
            series.append(Series(evaluator_label(i, e, self.anonymous), means))
        self.spread_chart.set_data(tuple(c.code for c in crits), tuple(series), maximum=float(fw.scale.maximum))

    def _draw_radar(self) -> None:
        ev, results = self.ev, self.results
        if ev is None or results is None or 2 in self._stale_tabs:
            return
        fw = ev.framework
        gates = next((s for s in sorted(fw.sections, key=lambda s: s.position) if s.kind is SectionKind.GATES), None)
        axes = list(fw.criteria_of(gates.id)) if gates else []
        chosen = self.radar_choice.currentData()
        bids = [b for b in ev.bids if b.id == chosen] if chosen else [r.bid for r in results.ranked[:TOP]]
        values = self._values
        assert values is not None  # set when the ranking was drawn, just before
        series = tuple(
            Series(self._name(b), tuple(float(values[(b.id, c.id)].value or 0) for c in axes)) for b in bids)
        self.radar.set_data(tuple(c.title for c in axes), series, maximum=float(fw.scale.maximum))

    # -- robustness ----------------------------------------------------------------

    def start_robustness(self) -> None:
        if self.lot_job is not None:  # the lots are being allocated: one heavy job at a time, the allocation first
            self._debounce.start()
            return
        if self.ev is None or self.results is None or not self.results.ranked:
            self._show_robustness(None)
            return
        self.cancel_robustness()
        ev, results = self.ev, self.results
        draws, spread, seed = self.draws.value(), Fraction(self.spread.value(), 100), self.seed.value()
        self.job = Job(lambda progress: robustness(ev, results, draws=draws, spread=spread, seed=seed,
                                                   progress=progress))
        self.progress.setRange(0, draws)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel.setVisible(True)
        self.job.signals.progress.connect(self.progress.setValue)
        self.job.signals.finished.connect(self._show_robustness)
        self.job.signals.failed.connect(lambda message: self.session.report(KnownError(message)))
        start(self.job)

    def shutdown(self) -> None:
        self.cancel_robustness()
        if self.lot_job is not None:
            self.lot_job.cancel()
            self.lot_job = None

    def cancel_robustness(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None
        self.progress.setVisible(False)
        self.cancel.setVisible(False)

    def _show_robustness(self, rob: Robustness | None) -> None:
        self.progress.setVisible(False)
        self.cancel.setVisible(False)
        self.job = None
        self.robustness = rob
        if rob is None:
            fill_table(self.flips, [])
            fill_table(self.shares, [])
            return
        self.verdict.setText(self._hide(rob.verdict))
        unit = {"share": "%", "weight": ""}
        fill_table(self.flips, [[self._hide(f.name), fmt(f.current) + unit[f.kind],
                            "" if f.below is None else self._hide(f"{fmt(f.below[0])}{unit[f.kind]} → {f.below[1]}"),
                            "" if f.above is None else self._hide(f"{fmt(f.above[0])}{unit[f.kind]} → {f.above[1]}")]
                           for f in rob.flips])
        fit_columns(self.flips, (0, 2, 3))
        names = self._labels
        pert = rob.perturbation
        rows = [] if pert is None else [[names[b], f"{fmt(v * 100, 1)}% of {pert.draws:,}"]
                                        for b, v in sorted(pert.first_share.items(), key=lambda kv: -kv[1])]
        fill_table(self.shares, rows)
        self.shares.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    # -- charts ----------------------------------------------------------------------

    def save_chart_dialog(self, chart: Chart) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart"), f"{chart.title}.png",
                                              self.tr("PNG image (*.png)"))
        if path:
            try:
                chart.save_png(Path(path))
            except KnownError as exc:
                self.session.report(exc)

    def set_font_scale(self, scale: float) -> None:
        """Large type for a projector: the tables through the style sheet, the charts through their font."""
        super().set_font_scale(scale)
        fit_columns(self.ranking, self._flexible())
        for chart in (self.radar, self.bars, self.spread_chart):
            font = QFont(chart.font())
            font.setPointSizeF(base_point_size() * self.font_scale)
            chart.setFont(font)

    def _flexible(self) -> tuple[int, ...]:
        """The bid's name and the sections' headings give way before the Total does."""
        return (1, *range(3, 3 + len(self.model.sections)))

    def _names(self, ev: Evaluation) -> dict[str, str]:
        """What each bid is called: its supplier, or on the shared screen "Bid A", "Bid B"... in the order
        received (not the ranking's: the letter must not tell the rank)."""
        if not self.anonymous:
            return {b.id: b.supplier for b in ev.bids}
        return {b.id: self.tr("Bid {letter}").format(letter=chr(ord("A") + i) if i < 26 else str(i + 1))
                for i, b in enumerate(ev.bids)}

    def _name(self, bid: Bid) -> str:
        return self._labels.get(bid.id, bid.supplier) if self.anonymous else bid.supplier

    def _hide(self, text: str) -> str:
        """A sentence made by the domain (the robustness verdict, a flip) with each supplier's name anonymised."""
        if not self.anonymous:
            return text
        names = self._labels
        for b in sorted(self._bids, key=lambda b: -len(b.supplier)):
            if b.supplier.strip():
                text = text.replace(b.supplier, names[b.id])
        return text

    def set_anonymous(self, anonymous: bool) -> None:
        """Presentation mode: names hidden, and the ranking gets most of the width for its large type."""
        self.anonymous = anonymous
        if anonymous:
            self._upper_sizes = self.upper.sizes()
            total = sum(self._upper_sizes)
            self.upper.setSizes([total * 3 // 4, total - total * 3 // 4])
        elif self._upper_sizes:
            self.upper.setSizes(self._upper_sizes)
        if self.ev is not None:
            self.refresh()
