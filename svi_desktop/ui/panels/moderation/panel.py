"""The Moderation panel: the panel agrees a consensus score per bid and criterion, with the reasons recorded."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import cast

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.award import frozen_at, quality_awaiting_consensus
from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.citations import locate
from svi_desktop.domain.model import Bid, Citation, Criterion
from svi_desktop.domain.rules import outside_scores, scored_criteria
from svi_desktop.domain.scoring import compute_results
from svi_desktop.domain.settings import (
    MODERATION_STARTED,
    ConsensusDraft,
    consensus_drafts,
    spread_threshold_percent,
)
from svi_desktop.errors import KnownError
from svi_desktop.ui.names import evaluator_label
from svi_desktop.ui.operations import moderation as moderation_edit
from svi_desktop.ui.operations import scores as score_edit
from svi_desktop.ui.panels.base import Panel, base_point_size
from svi_desktop.ui.panels.moderation.model import (
    BID_ROLE,
    ModerationModel,
    ModerationProxy,
    ModerationRow,
)
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets.build import button
from svi_desktop.ui.widgets.fields import CommitTextEdit, scrolling, set_editable
from svi_desktop.ui.widgets.response_view import ResponseView
from svi_desktop.ui.widgets.score_picker import ScorePicker
from svi_desktop.ui.widgets.tables import fit_columns, keep_fitted, one_row_at_a_time
from svi_desktop.workflows import packs


class ModerationPanel(Panel):
    reveal_requested = Signal()  # the lead shows the results on the shared screen (presentation mode)

    listens_to = frozenset({ChangeKind.TENDER, ChangeKind.FRAMEWORK, ChangeKind.SCALE, ChangeKind.BIDS,
                            ChangeKind.EVALUATORS, ChangeKind.SCORES, ChangeKind.CONSENSUS, ChangeKind.SETTINGS})

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("moderationPanel")
        self.criteria: list[Criterion] = []
        self.crit_index = 0
        self.winner_id: str | None = None
        self.presenting = False
        self.awaiting = 0  # quality responses without a consensus: the shared screen is blind to price until none
        self.font_scale = 1.0
        self.shown: tuple[str, str] | None = None  # (criterion id, bid id) whose consensus the editors hold
        self._showing = False  # the editors are being filled from the file: that is not typing
        self._pause = QTimer(self)  # what is typed is kept in the file after a pause, as Scoring does
        self._pause.setSingleShot(True)
        self._pause.setInterval(CommitTextEdit.PAUSE_MS)  # the same pause as every editor that saves as typed
        self._pause.timeout.connect(self.keep_draft)

        self.criterion_box = QComboBox()
        self.criterion_box.setObjectName("moderationCriterion")
        self.criterion_box.setAccessibleName(self.tr("Criterion being moderated"))
        self.criterion_box.activated.connect(lambda i: self.show_criterion(i))
        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.prev_button.setToolTip(self.tr("Previous criterion (Page Up; Left arrow in presentation mode)"))
        self.next_button.setToolTip(self.tr("Next criterion (Page Down; Right arrow in presentation mode)"))
        self.prev_button.setAccessibleName(self.tr("Previous criterion"))
        self.next_button.setAccessibleName(self.tr("Next criterion"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.threshold = QDoubleSpinBox()
        self.threshold.setObjectName("spreadThreshold")
        self.threshold.setAccessibleName(self.tr("Spread threshold, percent of the scale's range"))
        self.threshold.setRange(0, 100)
        self.threshold.setDecimals(0)
        self.threshold.setSuffix(self.tr("% of the range"))
        self.threshold.editingFinished.connect(self._threshold_changed)
        self.sort_button = QPushButton(self.tr("Sort by &spread"))
        self.sort_button.clicked.connect(self.sort_by_spread)
        self.lock_label = QLabel()
        self.lock_label.setObjectName("lockLabel")
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("lockButton")
        self.lock_button.clicked.connect(self._toggle_lock)
        self.names_box = QCheckBox(self.tr("Show evaluators' na&mes"))
        self.prices_box = QCheckBox(self.tr("Show &prices"))
        for box in (self.names_box, self.prices_box):
            box.toggled.connect(lambda _on: self._apply_presentation())
            box.setVisible(False)
        self.reveal_button = QPushButton(self.tr("Sho&w the results"))
        self.reveal_button.setObjectName("revealResults")
        self.reveal_button.setToolTip(self.tr("Show the ranking, anonymised, on the shared screen: only once the "
                                              "panel has agreed every quality score"))
        self.reveal_button.clicked.connect(self.reveal_requested.emit)
        self.reveal_button.setVisible(False)
        self.blind_label = QLabel()
        self.blind_label.setObjectName("blindToPrice")
        self.blind_label.setWordWrap(True)
        self.blind_label.setVisible(False)
        self.big_title = QLabel()
        self.big_title.setObjectName("presentationTitle")
        self.big_title.setWordWrap(True)
        self.big_title.setTextFormat(Qt.TextFormat.PlainText)
        self.big_title.setVisible(False)
        self.lead_only: list[QWidget] = []
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Criterion:")))
        top.addWidget(self.prev_button)
        top.addWidget(self.criterion_box, 2)
        top.addWidget(self.next_button)
        top.addSpacing(12)
        highlight = QLabel(self.tr("Highlight a spread of"))
        top.addWidget(highlight)
        top.addWidget(self.threshold)
        self.lead_only += [highlight, self.threshold, self.lock_label, self.lock_button]
        top.addWidget(self.sort_button)
        # The shared screen's switches, on a row of their own: in large type they would push the window past
        # a 1280-pixel projector.
        self.switches = QHBoxLayout()
        self.switches.addWidget(self.names_box)
        self.switches.addWidget(self.prices_box)
        self.switches.addStretch(1)
        self.switches.addWidget(self.reveal_button)
        lock_row = QHBoxLayout()
        lock_row.addWidget(self.lock_label, 1)
        lock_row.addWidget(self.lock_button)

        self.model = ModerationModel(self)
        self.proxy = ModerationProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("moderationTable")
        self.table.setAccessibleName(self.tr("Bids with each evaluator's score"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        one_row_at_a_time(self.table)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        keep_fitted(self.table, self._flexible)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._move_to_bid())
        self.table.installEventFilter(self)

        self.detail = QPlainTextEdit()
        self.detail.setObjectName("moderationDetail")
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(self.tr("Each evaluator's score, rationale, evidence and red flags"))
        self.picker = ScorePicker()
        self.note = QPlainTextEdit()
        self.note.setObjectName("moderationNote")
        self.note.setAccessibleName(self.tr("Moderation note: how the panel reached the consensus"))
        self.note.setPlaceholderText(self.tr("How the panel reached this score (required; kept in the record)."))
        self.note.setTabChangesFocus(True)
        self.feedback = QPlainTextEdit()
        self.feedback.setObjectName("moderationFeedback")
        self.feedback.setAccessibleName(self.tr("Feedback for the bidder"))
        self.feedback.setPlaceholderText(self.tr("Feedback the bidder may read in its assessment summary."))
        self.feedback.setTabChangesFocus(True)
        # The bid's response, whose passages the feedback cites (Ctrl+Shift+C, as in Scoring).
        self.response = ResponseView()
        self.response.setObjectName("moderationResponse")
        self.response_stored = ""
        self.cite_button = button(self.tr("C&ite selection in the feedback"), self.cite, name="moderationCite",
                                  tip=self.tr("Quote the selected passage of the response in the feedback "
                                              "(Ctrl+Shift+C)"), key="Ctrl+Shift+C", panel=self)
        self.citations: list[Citation] = []
        self.cited = QListWidget()
        self.cited.setObjectName("moderationCitations")
        self.cited.setAccessibleName(self.tr("Passages of the response the feedback cites"))
        self.cited.setMaximumHeight(90)
        self.cited.installEventFilter(self)
        self.uncite_button = QPushButton(self.tr("Remove citation"))
        self.uncite_button.setToolTip(self.tr("Remove the selected citation (Delete)"))
        self.uncite_button.clicked.connect(self.remove_citation)
        self.advantages = QPlainTextEdit()
        self.advantages.setObjectName("moderationAdvantages")
        self.advantages.setAccessibleName(self.tr("The winning bid's relative advantages on this criterion"))
        self.advantages.setPlaceholderText(self.tr("Only for the winning bid: why it was better on this criterion, "
                                                   "for the losing bidders' summaries."))
        self.advantages.setTabChangesFocus(True)
        self.advantages.setMaximumHeight(80)
        self.record_button = button(self.tr("&Record consensus"), self.record_and_next, name="recordConsensus",
                                    tip=self.tr("Record and go to the next bid (Enter in the table, Ctrl+Enter in a "
                                                "note)"))
        self.accept_button = button(self.tr("Accept where all a&gree"), self.accept_agreed, name="acceptAgreed",
                                    tip=self.tr("Record the evaluators' common score as the consensus for every bid "
                                                "of this criterion where they all agree, as one step "
                                                "(Ctrl+Shift+A)"), key="Ctrl+Shift+A", panel=self)
        for editor in (self.note, self.feedback, self.advantages):
            editor.installEventFilter(self)
            editor.textChanged.connect(self._typed)
        self.picker.picked.connect(lambda _v: self._typed())
        form_box = QGroupBox(self.tr("Consensus"))
        form = QFormLayout(form_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # large type: labels go above, not off screen
        self.draft_label = QLabel(self.tr("A draft, kept as it is typed: not yet recorded as the consensus."))
        self.draft_label.setObjectName("consensusDraft")
        self.draft_label.setWordWrap(True)
        self.draft_label.setVisible(False)
        form.addRow(self.draft_label)
        form.addRow(self.tr("Agreed score"), self.picker)
        form.addRow(self.tr("Moderation &note"), self.note)
        form.addRow(self.tr("Feedback for the &bidder"), self.feedback)
        cite_row = QHBoxLayout()
        cite_row.addWidget(self.cited, 1)
        cite_row.addWidget(self.uncite_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("Cited passages"), cite_row)
        form.addRow(self.tr("Relative a&dvantages"), self.advantages)
        record_row = QHBoxLayout()
        record_row.addWidget(self.record_button, 1)
        record_row.addWidget(self.accept_button)
        form.addRow("", record_row)
        response_box = QWidget()
        response_layout = QVBoxLayout(response_box)
        response_layout.setContentsMargins(0, 0, 0, 0)
        response_layout.addWidget(QLabel(self.tr("The bid's response")))
        response_layout.addWidget(self.response, 1)
        response_layout.addWidget(self.cite_button, 0, Qt.AlignmentFlag.AlignRight)
        # The table above what is read (the response, the evaluators' reasons); the consensus form beside them, the
        # whole height: at 1280x720 every editor of the form is in view at once, none scrolled away (issue 29).
        reading = QSplitter(Qt.Orientation.Vertical)
        reading.addWidget(self.table)
        reading.addWidget(response_box)
        reading.addWidget(self.detail)
        reading.setSizes([150, 360, 120])
        reading.setStretchFactor(1, 1)
        self.lower_split = split = QSplitter(Qt.Orientation.Horizontal)
        self._lower_sizes: list[int] = []
        split.addWidget(reading)
        split.addWidget(scrolling(form_box, sideways=True))  # large type on a projector: scroll, never clip
        split.setSizes([640, 520])
        split.setStretchFactor(0, 1)
        lines = self.note.fontMetrics().lineSpacing()
        for editor, n in ((self.note, 4), (self.feedback, 4)):  # a few lines each, more when there is room
            editor.setMinimumHeight(n * lines + 12)
            # Their own wish (192 px) is ignored: the form then fits its column and they share what is left.
            editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)

        self.pack_notice = QLabel(self.tr("This file is an evaluator pack: it holds one evaluator's scores. "
                                          "Moderation happens in the lead's tender file after the returns are collected."))
        self.pack_notice.setWordWrap(True)
        self.pack_notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.big_title)
        body.addLayout(top)
        body.addLayout(self.switches)
        body.addLayout(lock_row)
        body.addWidget(self.blind_label)
        body.addWidget(split, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pack_notice)
        layout.addWidget(self.body, 1)
        self.refresh_when_shown()

    # -- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        is_pack = packs.info(self.session.tf) is not None
        self.pack_notice.setVisible(is_pack)
        self.body.setVisible(not is_pack)
        if is_pack:
            return
        ev = self.session.evaluation()
        fw = ev.framework
        self.criteria = list(scored_criteria(fw))
        self._show_blindness()
        blocked = self.criterion_box.blockSignals(True)
        self.criterion_box.clear()
        for c in self.criteria:
            self.criterion_box.addItem(f"{c.code} {c.title}", c.id)
        self.criterion_box.blockSignals(blocked)
        self.crit_index = min(self.crit_index, max(0, len(self.criteria) - 1))
        percent = spread_threshold_percent(ev.settings)
        blocked = self.threshold.blockSignals(True)
        self.threshold.setValue(float(percent))
        self.threshold.blockSignals(blocked)
        self.picker.set_scale(fw.scale)
        started = self.session.evaluation().settings.get(MODERATION_STARTED, "")
        if started:
            self.lock_label.setText(self.tr("Moderation started {when}: individual scores are locked.").format(
                when=started[:16].replace("T", " ")))
            self.lock_button.setText(self.tr("&Unlock individual scores…"))
        else:
            self.lock_label.setText(self.tr("Individual scores can still be changed by their evaluators."))
            self.lock_button.setText(self.tr("S&tart moderation (lock individual scores)"))
        editable = not self.session.locked
        for w in (self.lock_button, self.record_button, self.threshold, self.cite_button, self.uncite_button,
                  self.accept_button, self.picker, self.note, self.feedback):
            set_editable(w, editable)  # signed off and frozen: the notes can be read and copied, not changed
        self.show_criterion(self.crit_index)

    def show_criterion(self, index: int) -> None:
        self.keep_draft()  # what is typed for the bid shown now is kept before anything else is shown
        if not self.criteria:
            self.model.load([], [], None, Fraction(0))
            return
        self.crit_index = max(0, min(len(self.criteria) - 1, index))
        crit = self.criteria[self.crit_index]
        self.big_title.setText(f"{crit.code} {crit.title}   ({self.crit_index + 1} of {len(self.criteria)})")
        blocked = self.criterion_box.blockSignals(True)
        self.criterion_box.setCurrentIndex(self.crit_index)
        self.criterion_box.blockSignals(blocked)
        selected = self.current_bid()
        ev = self.session.evaluation()
        evaluators = list(ev.evaluators)
        scores = {(s.evaluator_id, s.bid_id): s for s in ev.scores if s.criterion_id == crit.id}
        consensus = {c.bid_id: c for c in ev.consensus if c.criterion_id == crit.id}
        excluded = ev.exclusions()
        rows = [ModerationRow(b, tuple(scores.get((e.id, b.id)) for e in evaluators), consensus.get(b.id),
                              tuple(f"conflict of interest declared: {excluded[(e.id, b.id)].details}"
                                    if (e.id, b.id) in excluded else "" for e in evaluators))
                for b in ev.bids if not b.out_of_competition]
        scale = ev.framework.scale
        threshold = Fraction(self.threshold.value()) / 100 * (scale.maximum - scale.minimum)
        ranked = compute_results(ev).ranked
        self.winner_id = ranked[0].bid.id if ranked else None  # whose relative advantages are written here
        self.model.load(rows, evaluators, crit, threshold)
        fit_columns(self.table, self._flexible())
        if selected is not None:
            self.select(selected.id)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        self._show_bid()

    def step(self, delta: int) -> None:
        self.show_criterion(self.crit_index + delta)

    def sort_by_spread(self) -> None:
        self.table.sortByColumn(self.model.column_of("spread"), Qt.SortOrder.DescendingOrder)

    def current_bid(self) -> Bid | None:
        index = self.table.selectionModel().currentIndex()
        return self.proxy.data(index, BID_ROLE) if index.isValid() else None

    def select(self, bid_id: str) -> None:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            bid = self.proxy.data(index, BID_ROLE)
            if bid is not None and bid.id == bid_id:
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                return

    def _row(self) -> ModerationRow | None:
        bid = self.current_bid()
        return next((r for r in self.model.rows if bid is not None and r.bid.id == bid.id), None)

    # -- what is typed is kept -----------------------------------------------------------

    def _typed(self) -> None:
        if not self._showing and self.shown is not None:
            self._pause.start()

    def _editors(self) -> ConsensusDraft:
        return ConsensusDraft(self.picker.value(), self.note.toPlainText(), self.feedback.toPlainText(),
                              self.advantages.toPlainText(), tuple(self.citations))

    def keep_draft(self) -> None:
        """Keep in the file what is typed for the consensus shown and not yet recorded (or clear a draft the
        editors no longer differ from): moving to another bid or criterion, closing or a crash loses none of it."""
        self._pause.stop()
        if self.shown is None or self.session.locked or self._showing:
            return
        crit_id, bid_id = self.shown
        ev = self.session.evaluation()
        crit = next((c for c in ev.framework.criteria if c.id == crit_id), None)
        bid = next((b for b in ev.bids if b.id == bid_id), None)
        if crit is None or bid is None:
            return
        typed = self._editors()
        stored = next((c for c in ev.consensus if (c.criterion_id, c.bid_id) == self.shown), None)
        if stored is not None and ConsensusDraft.of(stored) == typed:
            typed = ConsensusDraft()  # as recorded: no draft
        elif stored is None and typed.blank:
            typed = ConsensusDraft()
        kept = consensus_drafts(ev.settings).get(self.shown, ConsensusDraft())
        if typed == kept:
            return
        score_edit.keep_consensus_draft(self.session, bid, crit, typed, initiator=self)

    def _move_to_bid(self) -> None:
        self.keep_draft()
        self._show_bid()

    def hideEvent(self, event: QHideEvent) -> None:
        self.keep_draft()
        super().hideEvent(event)

    def shutdown(self) -> None:
        self.keep_draft()

    @staticmethod
    def _set_text(editor: QPlainTextEdit, text: str) -> None:
        if editor.toPlainText() != text:  # an editor already holding it keeps its caret where the user left it
            editor.setPlainText(text)

    def _show_bid(self) -> None:
        self._showing = True
        try:
            self._show_bid_now()
        finally:
            self._showing = False

    def _show_bid_now(self) -> None:
        row = self._row()
        if row is None:
            self.shown = None
            self.detail.setPlainText("")
            return
        lines = [row.bid.supplier, ""]
        for i, (e, s) in enumerate(zip(self.model.evaluators, row.scores, strict=True)):
            name = evaluator_label(i, e, self.model.anonymous)
            if s is None:
                lines.append(f"{name}: not scored")
            else:
                lines.append(f"{name}: {s.value}" + ("" if s.complete else " (no rationale)"))
                if s.rationale:
                    lines.append(f"  {s.rationale}")
                lines += [f"  Evidence: “{c.text}”" for c in s.evidence]
                if s.flags:
                    lines.append("  Red flags: " + "; ".join(s.flags))
            lines.append("")
        self.detail.setPlainText("\n".join(lines))
        c = row.consensus
        crit = self.criteria[self.crit_index] if self.criteria else None
        ev = self.session.evaluation()
        self.shown = (crit.id, row.bid.id) if crit is not None else None
        draft = consensus_drafts(ev.settings).get(self.shown) if self.shown else None
        shown = draft if draft is not None else ConsensusDraft.of(c) if c else ConsensusDraft()
        self.picker.set_value(shown.value)
        self._set_text(self.note, shown.note)
        self._set_text(self.feedback, shown.feedback)
        self.draft_label.setVisible(draft is not None)
        self.response_stored = next((r.text for r in ev.responses if crit is not None
                                     and (r.bid_id, r.criterion_id) == (row.bid.id, crit.id)), "")
        self.response.setPlainText(self.response_stored or self.tr("(No response to this criterion.)"))
        self.citations = list(shown.citations)
        self._show_citations()
        self._set_text(self.advantages, shown.advantages)
        self.advantages.setEnabled(row.bid.id == self.winner_id and not self.session.locked)

    # -- changing ------------------------------------------------------------------

    def record(self) -> bool:
        row, crit = self._row(), (self.criteria[self.crit_index] if self.criteria else None)
        if row is None or crit is None:
            return False
        value = self.picker.value()
        if value is None:
            self.session.report(KnownError("Choose the agreed score first."))
            return False
        note, feedback = self.note.toPlainText().strip(), self.feedback.toPlainText().strip()
        outside = ""
        span = outside_scores(value, row.counted(), note)
        frozen = bool(frozen_at(self.session.evaluation()))  # then the store's refusal says so, before anything
        if span is not None and not frozen:
            outside, ok = QInputDialog.getMultiLineText(
                self, self.tr("Outside the evaluators' scores"),
                self.tr("The evaluators scored {span}; the panel agreed {value}. Why did the panel agree a score no "
                        "evaluator gave? The reason is added to the moderation note.").format(span=span, value=value))
            if not ok or not outside.strip():
                return False
        return score_edit.set_consensus(self.session, row.bid, crit, value, note, feedback,
                                        citations=tuple(self.citations), outside_reason=outside,
                                        advantages=self.advantages.toPlainText().strip(), initiator=self) is not None

    def record_and_next(self) -> bool:
        """Record the consensus, then go to the next bid with the table focused, ready for its score."""
        if not self.record():
            return False
        row = self.table.currentIndex().row()
        if row + 1 < self.proxy.rowCount():
            self.table.selectRow(row + 1)
        self.table.setFocus()
        return True

    def accept_agreed(self) -> bool:
        """Every bid of this criterion where all the evaluators who count gave the same score, without a consensus
        yet: that score recorded as the consensus, with a note saying so; one undo step."""
        crit = self.criteria[self.crit_index] if self.criteria else None
        if crit is None:
            return False
        agreed = [(r, r.counted()) for r in self.model.rows if r.consensus is None]
        agreed = [(r, v) for r, v in agreed if len(v) >= 2 and len(set(v)) == 1]
        if not agreed:
            self.session.report(KnownError(f"On {crit.code} no bid without a consensus has every evaluator agreeing."))
            return False
        return score_edit.accept_agreed(self.session, crit, [(r.bid, v[0], len(v)) for r, v in agreed],
                                        initiator=self) is not None

    def cite(self) -> None:
        """Quote the selected passage of the response in the feedback (recorded with the consensus)."""
        cursor = self.response.textCursor()
        if not cursor.hasSelection() or not self.response_stored:
            return
        citation = locate(self.response_stored, self.response.toPlainText(), cursor.selectionStart(),
                          cursor.selectionEnd())
        if citation is not None and citation not in self.citations:
            self.citations.append(citation)
            self._show_citations()
            self._typed()

    def remove_citation(self) -> None:
        row = self.cited.currentRow()
        if 0 <= row < len(self.citations):
            del self.citations[row]
            self._show_citations()
            self._typed()

    def _show_citations(self) -> None:
        self.cited.clear()
        for c in self.citations:
            self.cited.addItem(f"“{c.text}”")

    def _threshold_changed(self) -> None:
        old = spread_threshold_percent(self.session.evaluation().settings)
        new = Decimal(str(int(self.threshold.value())))
        if new != old:
            moderation_edit.set_spread_threshold(self.session, new, initiator=self)

    def _toggle_lock(self) -> None:
        if self.session.evaluation().settings.get(MODERATION_STARTED):
            reason, ok = QInputDialog.getMultiLineText(
                self, self.tr("Unlock individual scores"),
                self.tr("Why may evaluators change their scores again? The reason is recorded."))
            if ok:
                self.unlock(reason)
        else:
            self.start()

    def start(self) -> bool:
        return moderation_edit.start_moderation(self.session, initiator=self) is not None

    def unlock(self, reason: str) -> bool:
        return moderation_edit.unlock_scores(self.session, reason, initiator=self) is not None

    # -- presentation --------------------------------------------------------------

    def _flexible(self) -> tuple[int, ...]:
        """The bid's name, the evaluators' headings and the note give way before the scores do."""
        cols = self.model.keys()
        return tuple(cols.index(k) for k in cols if k in ("bid", "note") or k.startswith("e"))

    def _show_blindness(self) -> None:
        """On the shared screen, quality is moderated blind to price: prices and the results wait until every
        quality response has the panel's consensus."""
        self.awaiting = quality_awaiting_consensus(self.session.evaluation())
        blind = self.awaiting > 0
        self.prices_box.setEnabled(not blind)
        self.reveal_button.setEnabled(not blind)
        self.blind_label.setVisible(self.presenting and blind)
        self.blind_label.setText(self.tr("Moderated blind to price: {n} quality responses still await the panel's "
                                         "consensus. Prices and results are shown only after that.").format(
                                             n=self.awaiting))
        if self.model.show_prices != self._shows_prices():  # an undone consensus hides them again
            self.model.set_presentation(anonymous=self.model.anonymous, show_prices=self._shows_prices())

    def _shows_prices(self) -> bool:
        """Off the shared screen always; on it, when ticked, and only once no quality response awaits consensus."""
        return not self.presenting or (self.prices_box.isChecked() and self.awaiting == 0)

    def set_presentation(self, on: bool) -> None:
        self.presenting = on
        self.names_box.setVisible(on)
        self.prices_box.setVisible(on)
        self.reveal_button.setVisible(on)
        self._show_blindness()
        self.big_title.setVisible(on)
        for w in self.lead_only:
            w.setVisible(not on)
        if not on:
            self.names_box.setChecked(False)
            self.prices_box.setChecked(False)
        if on:  # large type: the table across the whole width above, the consensus form below it, so both fit
            self._lower_sizes = self.lower_split.sizes()
            self.lower_split.setOrientation(Qt.Orientation.Vertical)
            total = max(self.lower_split.height(), 2)
            self.lower_split.setSizes([total * 11 // 20, total - total * 11 // 20])
        elif self._lower_sizes:
            self.lower_split.setOrientation(Qt.Orientation.Horizontal)
            self.lower_split.setSizes(self._lower_sizes)
        self._apply_presentation()
        if on:
            self.table.setFocus()

    def _apply_presentation(self) -> None:
        anonymous = self.presenting and not self.names_box.isChecked()
        selected = self.current_bid()
        self.model.set_presentation(anonymous=anonymous, show_prices=self._shows_prices())
        fit_columns(self.table, self._flexible())
        if selected is not None:
            self.select(selected.id)
        self._show_bid()

    def set_font_scale(self, scale: float) -> None:
        """Scale the panel's type; a style sheet, because a window style sheet stops setFont propagating."""
        super().set_font_scale(scale)
        size = base_point_size() * self.font_scale
        self.big_title.setStyleSheet(f"font-size: {size * 1.5:.1f}pt; font-weight: bold;")
        self.table.verticalHeader().setDefaultSectionSize(int(26 * self.font_scale))
        fit_columns(self.table, self._flexible())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key_event = cast(QKeyEvent, event)  # a KeyPress event is a QKeyEvent
        key, mods = key_event.key(), key_event.modifiers()
        if watched is self.cited and key == Qt.Key.Key_Delete:
            self.remove_citation()
            return True
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if watched in (self.note, self.feedback, self.advantages) and ctrl and key in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.record_and_next()
            return True
        if watched is not self.table:
            return False
        if self.presenting and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step(-1 if key == Qt.Key.Key_Left else 1)
            return True
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self.step(1 if key == Qt.Key.Key_PageDown else -1)
            return True
        if self.session.locked:
            return False
        text = key_event.text()
        if text.isdigit() and not ctrl and self.picker.has_value(int(text)):
            self.picker.set_value(int(text))  # the agreed score; Tab goes on to the note
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl:
            if self.picker.value() is not None and not self.note.toPlainText().strip():
                self.note.setFocus()  # the note is required: write it, then Ctrl+Enter records and moves on
                self.session.report_hint(self.tr("Write how the panel reached the score, then press Ctrl+Enter."))
                return True
            self.record_and_next()
            return True
        return False

    def focus_default(self) -> None:
        self.table.setFocus()
