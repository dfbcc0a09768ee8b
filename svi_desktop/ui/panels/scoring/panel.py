"""The Scoring panel: one evaluator scores every bid against each criterion, side by side, by keyboard."""

from __future__ import annotations

import re
from typing import cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.model import Bid, Citation, Clarification, Criterion, Evaluator, Score
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scale import ScoringScale
from svi_desktop.domain.screens import Hints, hints
from svi_desktop.domain.settings import PACK_SOURCE
from svi_desktop.errors import KnownError
from svi_desktop.ui import settings, theme
from svi_desktop.ui.operations import clarifications as clarify
from svi_desktop.ui.operations import evaluators as evaluator_edit
from svi_desktop.ui.operations import packs as pack_edit
from svi_desktop.ui.operations import scores as score_edit
from svi_desktop.ui.panels.base import Panel
from svi_desktop.ui.panels.scoring.column import ScoringColumn
from svi_desktop.ui.panels.scoring.declaration import DeclarationDialog
from svi_desktop.ui.panels.scoring.overview_model import BID_ROLE, CRITERION_ROLE, OverviewModel
from svi_desktop.ui.panels.scoring.views import ColumnStrip, CriteriaList, CriterionHeader
from svi_desktop.ui.session import Notice, TenderSession
from svi_desktop.ui.widgets.build import button
from svi_desktop.workflows import packs, screens

BY_CRITERION, BY_BID, OVERVIEW = "criterion", "bid", "overview"


def value_for_digit(scale: ScoringScale, digit: int) -> int | None:
    """A digit is the score itself on scales up to 9; on others (0-100) it is the level's position."""
    values = scale.values()
    if max(values) <= 9 or len(values) > 10:
        return digit if digit in values else None
    return values[digit] if digit < len(values) else None


class ScoringPanel(Panel):
    listens_to = frozenset({ChangeKind.TENDER, ChangeKind.FRAMEWORK, ChangeKind.SCALE, ChangeKind.BIDS,
                            ChangeKind.RESPONSES, ChangeKind.EVALUATORS, ChangeKind.SCORES, ChangeKind.SETTINGS})
    evaluator_changed = Signal(str)

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("scoringPanel")
        self.evaluator: Evaluator | None = None
        self.pack: packs.PackInfo | None = None
        self._to_first_unscored = session.is_pack
        self.evaluators: list[Evaluator] = []
        self.bids: list[Bid] = []
        self.criteria: list[Criterion] = []
        self.scale: ScoringScale | None = None
        self.responses: dict[tuple[str, str], str] = {}
        self.clarifications: dict[tuple[str, str], tuple[Clarification, ...]] = {}
        self._hints: dict[tuple[str, str], Hints] = {}  # the advisory screen of each response, made when first shown
        self._vague: re.Pattern[str] | None = None  # the editable vague-phrase list, read with the responses
        self.scores: dict[tuple[str, str], Score] = {}
        self.bid_index = 0
        self.crit_index = 0
        self.view = BY_CRITERION

        self.evaluator_box = QComboBox()
        self.evaluator_box.setObjectName("evaluatorBox")
        self.evaluator_box.setAccessibleName(self.tr("Who is scoring"))
        self.evaluator_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.evaluator_box.setMinimumContentsLength(14)
        self.evaluator_box.activated.connect(lambda _i: self.pick_evaluator(self.evaluator_box.currentData()))
        self.new_evaluator_button = QPushButton(self.tr("New evaluator…"))
        self.new_evaluator_button.clicked.connect(self.new_evaluator_dialog)
        self.ask_button = button(self.tr("As&k the supplier…"), self.ask_dialog, name="askSupplier",
                                 tip=self.tr("Raise a clarification question on this bid's response to this "
                                             "criterion; the lead sends it and records the answer (Ctrl+Shift+Q)"),
                                 key="Ctrl+Shift+Q", panel=self)
        self.view_buttons = QButtonGroup(self)
        view_row = QHBoxLayout()
        for key, text in ((BY_CRITERION, self.tr("By &criterion")), (BY_BID, self.tr("By &bid")),
                          (OVERVIEW, self.tr("&Overview"))):
            b = QPushButton(text)
            b.setCheckable(True)
            b.setObjectName(f"view_{key}")
            b.clicked.connect(lambda _c=False, k=key: self.set_view(k))
            self.view_buttons.addButton(b)
            view_row.addWidget(b)
        self.view_buttons.buttons()[0].setToolTip(self.tr("F6 switches between by criterion and by bid"))
        self.submit_button = QPushButton(self.tr("&Submit pack…"))
        self.submit_button.setObjectName("submitPack")
        self.submit_button.setToolTip(self.tr("Lock your scores and record a digest of them, ready to return."))
        self.submit_button.clicked.connect(self.submit_dialog)
        self.pack_label = QLabel()
        self.pack_label.setObjectName("packLabel")
        self.submit_button.setVisible(False)  # shown only in an evaluator pack
        self.pack_label.setVisible(False)
        self.progress = QLabel()
        self.progress.setObjectName("scoringProgress")
        self.progress.setMinimumWidth(10)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Scoring as:")))
        top.addWidget(self.evaluator_box, 1)
        top.addWidget(self.new_evaluator_button)
        top.addSpacing(20)
        top.addLayout(view_row)
        top.addSpacing(20)
        top.addWidget(self.progress)
        top.addWidget(self.pack_label)
        top.addWidget(self.submit_button)

        # The gate: nothing of any bid is shown until the evaluator has declared.
        self.gate_label = QLabel()
        self.gate_label.setObjectName("scoringGate")
        self.gate_label.setWordWrap(True)
        self.gate_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.declare_button = QPushButton(self.tr("&Declare interests…"))
        self.declare_button.clicked.connect(self.declare_dialog)
        gate = QWidget()
        gate_layout = QVBoxLayout(gate)
        gate_layout.addStretch(1)
        gate_layout.addWidget(self.gate_label)
        gate_layout.addWidget(self.declare_button, 0, Qt.AlignmentFlag.AlignCenter)
        gate_layout.addStretch(2)

        self.header = CriterionHeader()
        self.header.top.addWidget(self.ask_button)
        self.strip = ColumnStrip()
        self.strip.offset_changed.connect(lambda _o: self._fill_columns())
        by_criterion = QWidget()
        bc = QVBoxLayout(by_criterion)
        bc.setContentsMargins(0, 0, 0, 0)
        bc.addWidget(self.header)
        bc.addWidget(self.strip, 1)

        self.bid_header = CriterionHeader()
        collapsed = bool(settings.get(settings.SCORING_HEADER_COLLAPSED))
        for header in (self.header, self.bid_header):
            header.set_collapsed(collapsed)
            header.toggle.clicked.connect(lambda checked: self.set_guidance_collapsed(checked))
        self.guidance_shortcut = QShortcut(QKeySequence("Ctrl+G"), self)
        self.guidance_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.guidance_shortcut.activated.connect(lambda: self.set_guidance_collapsed(not self.header.collapsed))
        self.bid_column = ScoringColumn()
        self.criteria_list = CriteriaList()
        self.criteria_list.currentRowChanged.connect(self._criterion_clicked)
        right = QVBoxLayout()
        right.addWidget(self.bid_header)
        right.addWidget(self.bid_column, 1)
        by_bid = QWidget()
        bb = QHBoxLayout(by_bid)
        bb.setContentsMargins(0, 0, 0, 0)
        bb.addWidget(self.criteria_list)
        bb.addLayout(right, 1)

        self.overview_model = OverviewModel(self)
        self.overview = QTableView()
        self.overview.setObjectName("scoringOverview")
        self.overview.setModel(self.overview_model)
        self.overview.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.overview.verticalHeader().setDefaultSectionSize(22)
        self.overview.horizontalHeader().setDefaultSectionSize(52)
        self.overview.setColumnWidth(0, 200)
        self.overview.doubleClicked.connect(self._overview_jump)
        self.overview.activated.connect(self._overview_jump)

        self.stack = QStackedWidget()
        for page in (gate, by_criterion, by_bid, self.overview):
            self.stack.addWidget(page)
        self.on_behalf = ""
        self.behalf_label = QLabel()
        self.behalf_label.setObjectName("onBehalfBanner")
        self.behalf_label.setWordWrap(True)
        self.behalf_label.setStyleSheet(f"background: {theme.colour('warning_bg')}; color: {theme.colour('warning_fg')}; "
                                        "padding: 6px; font-weight: bold;")
        self.behalf_label.setVisible(False)
        self.banner = QLabel()
        self.banner.setObjectName("submittedBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.banner.setStyleSheet(f"background: {theme.colour('ok_bg')}; color: {theme.colour('ok_fg')}; padding: 8px; "
                                  "font-weight: bold;")
        self.banner.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.behalf_label)
        layout.addWidget(self.stack, 1)
        self._wire(self.bid_column)
        self.refresh_when_shown()

    def set_guidance_collapsed(self, collapsed: bool) -> None:
        """Fold the guidance and descriptors away (or back), in both views; remembered."""
        for header in (self.header, self.bid_header):
            header.set_collapsed(collapsed)
        settings.put(settings.SCORING_HEADER_COLLAPSED, collapsed)

    # -- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        ev = self.session.evaluation()
        fw = ev.framework
        self.scale = fw.scale
        self.criteria = list(scored_criteria(fw))
        self.bids = list(ev.bids)
        self.evaluators = list(ev.evaluators)
        blocked = self.evaluator_box.blockSignals(True)
        self.evaluator_box.clear()
        self.evaluator_box.addItem(self.tr("— choose who you are —"), None)
        for e in self.evaluators:
            self.evaluator_box.addItem(e.name + (f" ({e.role})" if e.role else ""), e.id)
        self.evaluator_box.blockSignals(blocked)
        self.pack = packs.info(self.session.tf)
        wanted = self.evaluator.id if self.evaluator else self._remembered_evaluator()
        if self.pack is not None:
            wanted = self.pack.evaluator_id  # a pack belongs to one evaluator
        self.submit_button.setVisible(self.pack is not None)
        self.submit_button.setEnabled(self.pack is not None and not self.pack.submitted_at and not self.session.read_only)
        self.pack_label.setVisible(self.pack is not None)
        if self.pack is not None:
            self.pack_label.setText(self.tr("Submitted {when}; locked.").format(
                when=self.pack.submitted_at[:16].replace("T", " ")) if self.pack.submitted_at
                else self.tr("Evaluator pack: not yet submitted."))
        submitted = self.pack is not None and bool(self.pack.submitted_at)
        self.banner.setVisible(submitted)
        if submitted:
            source = self.session.evaluation().settings.get(PACK_SOURCE, "")
            self.banner.setText(self.tr(
                "Your return is submitted and sealed with your return code; nothing in it can change now. Send this "
                "file back to the evaluation lead who sent it to you (it was issued from {source}): {path}").format(
                source=source or self.tr("the lead's tender file"), path=self.session.path))
        self.evaluator = next((e for e in self.evaluators if e.id == wanted), None)
        self.evaluator_box.setCurrentIndex(max(0, self.evaluator_box.findData(wanted)) if self.evaluator else 0)
        self.new_evaluator_button.setEnabled(not self.session.locked and self.pack is None)
        self.ask_button.setEnabled(not self.session.read_only and not self.session.frozen)
        self.evaluator_box.setEnabled(self.pack is None)
        self._load_evaluator()

    def _remembered_evaluator(self) -> str:
        return settings.get(self._evaluator_setting())

    def _evaluator_setting(self) -> settings.Setting:
        return settings.Setting(f"{settings.LAST_EVALUATOR.key}/{self.session.evaluation().tender.id}", str, "")

    def _load_evaluator(self) -> None:
        """Load what this evaluator may see: their own scores only, and responses only once declared."""
        e = self.evaluator
        self.evaluator_changed.emit(e.name if e else "")
        if e is None or e.declaration is None:
            self.scores, self.responses = {}, {}
            self.gate_label.setText(
                self.tr("Choose who you are to start scoring.") if e is None else self.tr(
                    "{name} has not yet declared any conflict of interest. Responses are shown only after the "
                    "declaration is recorded.").format(name=e.name))
            self.declare_button.setVisible(e is not None and not self.session.read_only)
            self.stack.setCurrentIndex(0)
            self.progress.setText("")
            for b in self.view_buttons.buttons():
                b.setEnabled(False)
            return
        ev = self.session.evaluation()
        excluded = {b for (who, b) in ev.exclusions() if who == e.id}
        self.scores = {(s.bid_id, s.criterion_id): s for s in ev.scores if s.evaluator_id == e.id}
        # A response of a bid the evaluator is excluded from is never loaded, so never shown.
        self.responses = {(r.bid_id, r.criterion_id): r.text for r in ev.responses if r.bid_id not in excluded}
        self._hints = {}
        self._vague = screens.vague_regex()
        grouped: dict[tuple[str, str], list[Clarification]] = {}
        for c in ev.clarifications:
            if c.bid_id not in excluded:
                grouped.setdefault((c.bid_id, c.criterion_id), []).append(c)
        self.clarifications = {k: tuple(v) for k, v in grouped.items()}
        for b in self.view_buttons.buttons():
            b.setEnabled(True)
        self.bid_index = min(self.bid_index, max(0, len(self.bids) - 1))
        self.crit_index = min(self.crit_index, max(0, len(self.criteria) - 1))
        assert self.scale is not None
        owed = {b.id for b in self.bids if not b.out_of_competition and b.id not in excluded}
        self.overview_model.load(self.bids, self.criteria, self.scale, self.scores, owed)
        if self._to_first_unscored:  # a pack opens where the evaluator's work is
            self._to_first_unscored = False
            self.bid_index, self.crit_index = self.first_unscored()
        self.strip.set_count(len(self.bids))
        self.set_view(self.view, focus=False)

    def pick_evaluator(self, evaluator_id: str | None) -> None:
        """Chosen under "Scoring as" in the lead's file: the person at the keyboard says whether they are that
        evaluator, or are entering scores on their behalf (scores sent on paper, say), with why."""
        chosen = next((e for e in self.evaluators if e.id == evaluator_id), None)
        if chosen is None or self.pack is not None:
            self.choose_evaluator(evaluator_id)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Who is scoring"), self.tr(
            "Are you {name}, or are you entering {name}'s scores on their behalf?").format(name=chosen.name),
            QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("whoIsScoring")
        me = box.addButton(self.tr("I am {name}").format(name=chosen.name), QMessageBox.ButtonRole.AcceptRole)
        other = box.addButton(self.tr("On their &behalf…"), QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if box.clickedButton() is me:
            self.choose_evaluator(evaluator_id)
        elif box.clickedButton() is other:
            reason, ok = QInputDialog.getText(self, self.tr("On behalf of {name}").format(name=chosen.name),
                                              self.tr("Why are you entering {name}'s scores (for example, scores "
                                                      "sent on paper)? It is recorded with each score.").format(
                                                  name=chosen.name))
            if ok and reason.strip():
                self.choose_evaluator(evaluator_id, on_behalf=reason)
                return
        self.choose_evaluator(self.evaluator.id if self.evaluator else None, on_behalf=self.on_behalf)

    def choose_evaluator(self, evaluator_id: str | None, *, on_behalf: str = "") -> None:
        """Score as this evaluator; `on_behalf` is why someone else is entering their scores ("" when it is them)."""
        self.on_behalf = on_behalf.strip()
        self.behalf_label.setVisible(bool(self.on_behalf))
        self.behalf_label.setText(self.tr("Entering scores on behalf of the evaluator: {why}. This is recorded with "
                                          "every score and in the audit trail.").format(why=self.on_behalf))
        self.evaluator = next((e for e in self.evaluators if e.id == evaluator_id), None)
        settings.put(self._evaluator_setting(), evaluator_id or "")
        blocked = self.evaluator_box.blockSignals(True)
        self.evaluator_box.setCurrentIndex(max(0, self.evaluator_box.findData(evaluator_id)))
        self.evaluator_box.blockSignals(blocked)
        self._load_evaluator()

    def on_change(self, notice: Notice) -> None:
        if notice.kind is not ChangeKind.SCORES or len(notice.change.ids) != 3:
            self.refresh()
            return
        self._score_changed(notice)

    def on_own_change(self, notice: Notice) -> None:
        """A key press here: the notice carries the score as written, so nothing is read back from the file."""
        self.on_change(notice)

    def _score_changed(self, notice: Notice) -> None:
        evaluator_id, bid_id, criterion_id = notice.change.ids
        if self.evaluator is None or evaluator_id != self.evaluator.id:
            return
        key = (bid_id, criterion_id)
        if notice.result is None:
            self.scores.pop(key, None)
        else:
            self.scores[key] = notice.result
        self.overview_model.score_changed(*key)
        self._update_column_for(key)
        self._update_progress()

    # -- showing -------------------------------------------------------------------

    def set_view(self, view: str, *, focus: bool = True) -> None:
        self.view = view
        for b in self.view_buttons.buttons():
            b.setChecked(b.objectName() == f"view_{view}")
        if self.evaluator is None or self.evaluator.declaration is None:
            return
        if not self.bids or not self.criteria:
            self.gate_label.setText(self.tr("There are no bids to score yet.") if not self.bids
                                    else self.tr("There are no criteria to score yet."))
            self.declare_button.setVisible(False)
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex({BY_CRITERION: 1, BY_BID: 2, OVERVIEW: 3}[view])
        self._show()
        if focus:
            self.focus_current()

    def _show(self) -> None:
        if not self.criteria or not self.bids or self.scale is None:
            return
        crit = self.criteria[self.crit_index]
        if self.view == BY_CRITERION:
            self.header.show_criterion(crit, self.scale, self.crit_index, len(self.criteria))
            self._scroll_to_current()
            self._fill_columns()
        elif self.view == BY_BID:
            bid = self.bids[self.bid_index]
            self.bid_header.show_criterion(crit, self.scale, self.crit_index, len(self.criteria))
            marks = [self._mark(bid.id, c.id) for c in self.criteria]
            self.criteria_list.fill(self.criteria, marks, self.crit_index)
            self._fill(self.bid_column, bid, crit)
            self.bid_column.set_current(True)
        self._update_progress()

    def _mark(self, bid_id: str, criterion_id: str) -> str:
        s = self.scores.get((bid_id, criterion_id))
        return "·" if s is None else (f"{s.value}✓" if s.complete else f"{s.value}✎")

    def _scroll_to_current(self) -> None:
        n = len(self.strip.columns)
        offset = self.strip.scroll_bar.value()
        if self.bid_index < offset:
            offset = self.bid_index
        elif self.bid_index >= offset + n:
            offset = self.bid_index - n + 1
        blocked = self.strip.scroll_bar.blockSignals(True)
        self.strip.scroll_bar.setValue(offset)
        self.strip.scroll_bar.blockSignals(blocked)

    def _fill_columns(self) -> None:
        if not self.criteria or not self.bids:
            return
        crit = self.criteria[self.crit_index]
        offset = self.strip.scroll_bar.value()
        for i, column in enumerate(self.strip.columns):
            if not column.property("wired"):
                self._wire(column)
            index = offset + i
            if index < len(self.bids):
                column.show()
                self._fill(column, self.bids[index], crit)
                column.set_current(index == self.bid_index)
            else:
                column.hide()

    def _fill(self, column: ScoringColumn, bid: Bid, crit: Criterion) -> None:
        assert self.scale is not None
        if self.evaluator is not None and self.evaluator.declaration is not None and (
                (c := self.evaluator.declaration.with_bid(bid.id)) is not None and c.excluded):
            column.show_excluded(bid, crit, self.scale)
            return
        column.show_item(bid, crit, self.scale, self.responses.get((bid.id, crit.id)),
                         self.scores.get((bid.id, crit.id)), editable=not self.session.scoring_closed)
        column.show_screens(self._hints_for(bid.id, crit.id), self.clarifications.get((bid.id, crit.id), ()))

    def _hints_for(self, bid_id: str, criterion_id: str) -> Hints | None:
        text = self.responses.get((bid_id, criterion_id))
        if not text:
            return None
        key = (bid_id, criterion_id)
        if key not in self._hints:
            self._hints[key] = hints(bid_id, criterion_id, text, self._vague)
        return self._hints[key]

    def ask_dialog(self) -> None:
        """Raise a clarification on the current bid and criterion, asked in the current evaluator's name."""
        column = self.current_column()
        if column is None or column.bid is None or column.criterion is None or self.session.locked:
            if self.session.is_pack:
                self.session.report_hint(self.tr("Clarifications go to suppliers through the lead: ask the lead to "
                                                 "raise it in the tender file."))
            return
        bid, crit = column.bid, column.criterion
        question, ok = QInputDialog.getMultiLineText(
            self, self.tr("Ask the supplier"),
            self.tr("The question to {supplier} about its response to {code} {title}. The lead sends it and records "
                    "the answer, which every evaluator then reads beside the response.").format(
                supplier=bid.supplier, code=crit.code, title=crit.title))
        if ok and question.strip():
            who = self.evaluator.name if self.evaluator is not None else self.tr("the lead")
            clarify.raise_clarification(self.session, bid, crit, question, who, initiator=self)

    def _update_column_for(self, key: tuple[str, str]) -> None:
        for column in [*self.strip.columns, self.bid_column]:
            if column.bid is not None and column.criterion is not None and (column.bid.id, column.criterion.id) == key:
                self._fill(column, column.bid, column.criterion)
        if self.view == BY_BID and self.bids and key[0] == self.bids[self.bid_index].id:
            marks = [self._mark(key[0], c.id) for c in self.criteria]
            self.criteria_list.fill(self.criteria, marks, self.crit_index)

    def first_unscored(self) -> tuple[int, int]:
        """(bid index, criterion index) of the first response this evaluator owes a score or a rationale, in the
        order the view reads (criterion by criterion, or bid by bid); the first of all when none is owed."""
        owed, scores = self.overview_model.owed, self.scores
        cells = [(bi, ci) for ci in range(len(self.criteria)) for bi in range(len(self.bids))]
        if self.view == BY_BID:
            cells.sort()
        for bi, ci in cells:
            key = (self.bids[bi].id, self.criteria[ci].id)
            if key[0] in owed and (key not in scores or not scores[key].complete):
                return bi, ci
        return 0, 0

    def _update_progress(self) -> None:
        complete, incomplete, total = self.overview_model.progress()
        extra = self.tr(", {n} without a rationale").format(n=incomplete) if incomplete else ""
        self.progress.setText(self.tr("{c} of {t} scored{extra}").format(c=complete, t=total, extra=extra))

    def current_column(self) -> ScoringColumn | None:
        if self.view == BY_BID:
            return self.bid_column
        if self.view == BY_CRITERION:
            i = self.bid_index - self.strip.scroll_bar.value()
            if 0 <= i < len(self.strip.columns):
                return self.strip.columns[i]
        return None

    def focus_current(self) -> None:
        column = self.current_column()
        if column is not None:
            column.response.setFocus()
        elif self.view == OVERVIEW:
            self.overview.setFocus()

    # -- moving --------------------------------------------------------------------

    def move_bid(self, delta: int) -> None:
        self._move("bid_index", len(self.bids), delta)

    def move_criterion(self, delta: int) -> None:
        self._move("crit_index", len(self.criteria), delta)

    def _move(self, index: str, count: int, delta: int) -> None:
        """To the next or previous bid or criterion (`index` names which), stopping at the first and the last."""
        if not count:
            return
        setattr(self, index, max(0, min(count - 1, getattr(self, index) + delta)))
        self._show()
        self.focus_current()

    def go_to(self, bid_index: int, crit_index: int) -> None:
        self.bid_index, self.crit_index = bid_index, crit_index
        self._show()
        self.focus_current()

    def confirm_and_next(self) -> None:
        """Ctrl+Enter: the rationale is committed; move to the next bid (by criterion) or criterion (by bid)."""
        last_bid, last_crit = len(self.bids) - 1, len(self.criteria) - 1
        if self.view == BY_CRITERION:
            if self.bid_index < last_bid:
                self.go_to(self.bid_index + 1, self.crit_index)
            elif self.crit_index < last_crit:
                self.go_to(0, self.crit_index + 1)
        elif self.view == BY_BID:
            if self.crit_index < last_crit:
                self.go_to(self.bid_index, self.crit_index + 1)
            elif self.bid_index < last_bid:
                self.go_to(self.bid_index + 1, 0)

    def switch_view(self) -> None:
        self.set_view(BY_BID if self.view == BY_CRITERION else BY_CRITERION)

    def _criterion_clicked(self, row: int) -> None:
        if 0 <= row < len(self.criteria) and row != self.crit_index:
            self.go_to(self.bid_index, row)

    def _overview_jump(self, index: QModelIndex) -> None:
        bid = self.overview_model.data(index, BID_ROLE)
        crit = self.overview_model.data(index, CRITERION_ROLE)
        if bid is None:
            return
        self.bid_index = next(i for i, b in enumerate(self.bids) if b.id == bid.id)
        if crit is not None:
            self.crit_index = next(i for i, c in enumerate(self.criteria) if c.id == crit.id)
        self.set_view(BY_CRITERION)

    # -- keys ----------------------------------------------------------------------

    def _wire(self, column: ScoringColumn) -> None:
        column.setProperty("wired", True)
        column.response.installEventFilter(self)
        column.rationale.installEventFilter(self)
        column.score_picked.connect(lambda value, c=column: self._change(c, value=value))
        column.rationale_committed.connect(lambda text, c=column: self._change(c, rationale=text))
        column.cite_requested.connect(lambda citation, c=column: self._cite(c, citation))
        column.uncite_requested.connect(lambda index, c=column: self._uncite(c, index))
        column.flags_changed.connect(lambda flags, c=column: self._change(c, flags=flags))
        column.activated.connect(lambda c=column: self._activate(c))

    def _activate(self, column: ScoringColumn) -> None:
        if column.bid is not None and column.bid in self.bids:
            index = self.bids.index(column.bid)
            if index != self.bid_index:
                self.bid_index = index
                for c in self.strip.columns:
                    c.set_current(c.bid is not None and c.bid.id == column.bid.id)

    def _column_of(self, widget: QObject) -> ScoringColumn | None:
        w: QObject | None = widget
        while w is not None and not isinstance(w, ScoringColumn):
            w = w.parent()
        return w

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        key_event = cast(QKeyEvent, event)  # KeyPress and ShortcutOverride events are QKeyEvents
        handled = self._key(watched, key_event, dry_run=event.type() == QEvent.Type.ShortcutOverride)
        if handled and event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # deliver it to us as a key press, not as someone's shortcut
            return True
        return handled

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(self, event, dry_run=False):
            super().keyPressEvent(event)

    def _key(self, watched: QObject, event: QKeyEvent, *, dry_run: bool) -> bool:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        column = self._column_of(watched)
        in_rationale = column is not None and watched is column.rationale
        in_response = column is not None and watched is column.response
        action = None
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) and not ctrl:
            action = lambda: self.move_criterion(1 if key == Qt.Key.Key_PageDown else -1)  # noqa: E731
        elif key == Qt.Key.Key_F6:
            action = self.switch_view
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and ctrl:
            def action() -> None:
                if in_rationale:
                    assert column is not None  # in_rationale says so
                    column.rationale.commit()
                self.confirm_and_next()
        elif key == Qt.Key.Key_C and ctrl and shift and column is not None:
            action = column.cite
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and column is not None:
            def action() -> None:
                assert column is not None  # checked in the branch's condition
                if in_rationale:
                    column.rationale.commit()
                self.move_bid(-1 if key == Qt.Key.Key_Backtab or shift else 1)
        elif column is not None and alt and Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and \
                key - Qt.Key.Key_1 < len(column.flag_boxes) and column.flag_boxes[key - Qt.Key.Key_1].isEnabled():
            def action() -> None:  # Alt+n ticks or clears the criterion's n-th red flag
                assert column is not None  # checked in the branch's condition
                box = column.flag_boxes[key - Qt.Key.Key_1]
                box.setChecked(not box.isChecked())
                self._change(column, flags=column.ticked_flags())
        elif in_response and column is not None and not ctrl and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            action = column.rationale.setFocus if column.rationale.isEnabled() else None
        elif in_rationale and key == Qt.Key.Key_Escape:
            def action() -> None:
                assert column is not None  # in_rationale says so
                column.rationale.commit()
                column.response.setFocus()
        elif in_response and not ctrl and Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and self.scale is not None:
            value = value_for_digit(self.scale, key - Qt.Key.Key_0)
            if value is not None and column is not None:
                action = lambda: self._change(column, value=value)  # noqa: E731
        if action is None:
            return False
        if not dry_run:
            action()
        return True

    # -- changing ------------------------------------------------------------------

    def _cite(self, column: ScoringColumn, citation: Citation) -> None:
        if column.bid is None or column.criterion is None:
            return
        old = self.scores.get((column.bid.id, column.criterion.id))
        if old is not None and citation in old.evidence:
            return  # the same passage is cited once
        evidence = (*(old.evidence if old else ()), citation)
        self._change(column, evidence=evidence)

    def _uncite(self, column: ScoringColumn, index: int) -> None:
        if column.bid is None or column.criterion is None:
            return
        old = self.scores.get((column.bid.id, column.criterion.id))
        if old is not None and 0 <= index < len(old.evidence):
            self._change(column, evidence=old.evidence[:index] + old.evidence[index + 1:])

    def _change(self, column: ScoringColumn, *, value: int | None = None, rationale: str | None = None,
                evidence: tuple[Citation, ...] | None = None, flags: tuple[str, ...] | None = None) -> None:
        bid, crit, e = column.bid, column.criterion, self.evaluator
        if bid is None or crit is None or e is None:
            return
        old = self.scores.get((bid.id, crit.id))
        if rationale is None and old is not None:
            rationale = column.rationale.pending()  # typed and not yet saved: written with this change, not lost
        if value is None and old is None:
            self.session.report(KnownError("Choose a score first (press a digit), then write its rationale."))
            return
        value = old.value if value is None and old is not None else value
        assert value is not None
        flags = None if flags is None else tuple(flags)
        if old is not None and (value, old.rationale if rationale is None else rationale,
                                old.evidence if evidence is None else evidence,
                                old.flags if flags is None else flags) == (
                old.value, old.rationale, old.evidence, old.flags):
            return
        applied = score_edit.set_score(self.session, e, bid, crit, value, rationale=rationale, evidence=evidence,
                                       flags=flags, on_behalf=self.on_behalf, initiator=self)
        if applied is None:
            self._fill(column, bid, crit)

    # -- evaluators ----------------------------------------------------------------

    def new_evaluator_dialog(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New evaluator"), self.tr("Evaluator's name:"))
        if ok and name.strip():
            self.add_evaluator(name.strip())

    def add_evaluator(self, name: str) -> Evaluator | None:
        applied = evaluator_edit.add_evaluator(self.session, name, initiator=self)
        if applied is None:
            return None
        self.choose_evaluator(applied.result.id)
        return applied.result

    def submit_dialog(self) -> None:
        complete, incomplete, total = self.overview_model.progress()
        message = self.tr("Submit your pack? {c} of {t} scored{extra}. After submitting, your scores are locked and "
                          "the pack is ready to return to the lead.\n\nType the return code the lead sent you apart "
                          "from the pack (four groups of five letters and digits):").format(
            c=complete, t=total, extra=self.tr(", {n} without a rationale").format(n=incomplete) if incomplete else "")
        code, ok = QInputDialog.getText(self, self.tr("Submit pack"), message)
        if ok and code.strip():
            self.submit(code)

    def submit(self, code: str) -> bool:
        """Submitting is a formal act: recorded, and not undone (the pack stays locked and sealed)."""
        return pack_edit.submit(self.session, code) is not None

    def declare_dialog(self) -> None:
        if self.evaluator is None:
            return
        dialog = DeclarationDialog(self.evaluator.name, self.bids, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        answer = dialog.answer()
        dialog.deleteLater()  # read first: the dialog goes once its answer is taken
        if accepted:
            self.declare(answer)

    def declare(self, conflicts: tuple[tuple[str, str], ...] = ()) -> bool:
        """A declaration, bidder by bidder ((bid id, details) for each conflict), is a dated statement: recorded,
        not undone; a new one replaces it."""
        if self.evaluator is None:
            return False
        return evaluator_edit.declare(self.session, self.evaluator, conflicts) is not None

