"""View > Evidence screens: every finding of the screens for the lead, sortable, each shown beside its responses
with the shared passages marked. Run off the window's thread, with progress and Cancel. Advisory only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.citations import index_to_utf16
from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.screens import Cancelled, EarlierMatch, Screens
from svi_desktop.errors import KnownError
from svi_desktop.ui import theme
from svi_desktop.ui.panels.dialogs.base import SessionDialog
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets.tables import one_row_at_a_time
from svi_desktop.workflows import screens

SORT = Qt.ItemDataRole.UserRole + 1


class _Item(QTableWidgetItem):
    """Sorts by its number where it has one (a share), else by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT), other.data(SORT)
        if isinstance(mine, float) and isinstance(theirs, float):
            return mine < theirs
        return self.text() < other.text()


class ScreensWorker(QThread):
    progressed = Signal(int)
    finished_with = Signal(object)  # what the job found, or None when cancelled
    failed = Signal(str)

    def __init__(self, ev: Evaluation, job: Callable[[Callable[[int], bool]], object] | None = None) -> None:
        super().__init__()
        self.ev = ev
        self.job = job or (lambda step: screens.run(ev, step, with_hints=False))  # the list shows no hints
        self.cancelled = False

    def run(self) -> None:
        def step(percent: int) -> bool:
            self.progressed.emit(percent)
            return not self.cancelled

        try:
            self.finished_with.emit(self.job(step))
        except KnownError as exc:
            self.failed.emit(exc.message)
        except Cancelled:
            self.finished_with.emit(None)
        except Exception as exc:
            self.failed.emit(f"The screens could not be run: {exc}")


class ScreensDialog(SessionDialog):
    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent, name="screensDialog", size=(1100, 650))
        self.setWindowTitle(self.tr("Evidence screens"))
        self.ev = session.evaluation()
        self.found: Screens | None = None
        self.rows: list[tuple] = []
        self.status = QLabel(self.tr("Screening every response…"))
        self.status.setObjectName("screensStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.again_button = QPushButton(self.tr("&Run again"))
        self.again_button.clicked.connect(self.start)
        self.earlier_button = QPushButton(self.tr("&Earlier tenders…"))
        self.earlier_button.setToolTip(self.tr("Compare these bids with the bids of the tenders in a folder (read "
                                               "only), naming the earlier tender, supplier and criterion of each "
                                               "match"))
        self.earlier_button.clicked.connect(self.choose_earlier)
        self.earlier: list[EarlierMatch] = []
        self.against: screens.Against | None = None
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("screensTable")
        self.table.setAccessibleName(self.tr("Findings of the evidence screens"))
        self.table.setHorizontalHeaderLabels([self.tr("Finding"), self.tr("Criterion"), self.tr("Bids"),
                                              self.tr("Shared"), self.tr("What")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        one_row_at_a_time(self.table)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSortingEnabled(True)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.left, self.right = QPlainTextEdit(), QPlainTextEdit()
        for box, name in ((self.left, self.tr("The first response")), (self.right, self.tr("The second response"))):
            box.setReadOnly(True)
            box.setAccessibleName(name)
        self.left_title, self.right_title = QLabel(), QLabel()
        for label in (self.left_title, self.right_title):
            label.setTextFormat(Qt.TextFormat.PlainText)
        sides = QSplitter(Qt.Orientation.Horizontal)
        for title, box in ((self.left_title, self.left), (self.right_title, self.right)):
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(title)
            column.addWidget(box, 1)
            sides.addWidget(holder)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(sides)
        split.setSizes([260, 360])
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.again_button)
        top.addWidget(self.earlier_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Advisory: a finding is a prompt to look, never a score, and never reaches a "
                                        "bidder. Passages shared between rival bids can also be a sign of collusion "
                                        "to report.")))
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(close)
        self.worker: ScreensWorker | None = None
        self.start()

    def start(self) -> None:
        if self.worker is not None and self.worker.isRunning():
            return
        self.ev = self.session.evaluation()
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.again_button.setEnabled(False)
        self.status.setText(self.tr("Screening every response…"))
        self.worker = ScreensWorker(self.ev)
        self.worker.progressed.connect(self.progress.setValue)
        self.worker.finished_with.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker.start()

    def choose_earlier(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("The folder of earlier tenders"))
        if folder:
            self.compare_with(Path(folder))

    def compare_with(self, folder: Path) -> None:
        """Compare this tender's bids with those of the tenders in `folder`, off the window's thread."""
        if self.worker is not None and self.worker.isRunning():
            return
        ev, current, passphrase = self.ev, self.session.tf.path, self.session.tf.passphrase

        def job(step: Callable[[int], bool]) -> object:  # earlier encrypted tenders: tried with this one's passphrase
            against = screens.earlier_tenders(folder, current, [passphrase] if passphrase else [])
            return against, screens.run_against(ev, against, step)

        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.again_button.setEnabled(False)
        self.earlier_button.setEnabled(False)
        self.status.setText(self.tr("Comparing with the tenders in {folder}…").format(folder=folder))
        self.worker = ScreensWorker(ev, job)
        self.worker.progressed.connect(self.progress.setValue)
        self.worker.finished_with.connect(self._compared)
        self.worker.failed.connect(self._failed)
        self.worker.start()

    def _compared(self, result: object) -> None:
        self._idle()
        if result is None:
            self.status.setText(self.tr("Cancelled: no earlier tender was compared."))
            return
        self.against, self.earlier = result  # type: ignore[misc]  # the job's (Against, matches)
        if self.found is not None:
            self._done(self.found)
        assert self.against is not None
        self.status.setText(self.tr("{n} responses share passages with bids in the {t} earlier tenders read; {u} "
                                    "files could not be read{why}.").format(
            n=len(self.earlier), t=self.against.tenders, u=len(self.against.unreadable),
            why=(": " + "; ".join(self.against.unreadable)) if self.against.unreadable else ""))

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancelled = True

    def wait_done(self, ms: int = 60_000) -> None:
        if self.worker is not None:
            self.worker.wait(ms)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self._idle()

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setEnabled(False)
        self.again_button.setEnabled(True)
        self.earlier_button.setEnabled(True)

    def _done(self, found: Screens | None) -> None:
        self._idle()
        if found is None:
            self.status.setText(self.tr("Cancelled: nothing was screened. Run again when you are ready."))
            return
        self.found = found
        codes = {c.id: c.code for c in self.ev.framework.criteria}
        names = {b.id: b.supplier for b in self.ev.bids}
        rows: list[tuple] = []
        for p in found.pairs:
            rows.append((self.tr("Shared passages"), codes.get(p.criterion_id or "", self.tr("whole bid")),
                         " and ".join(names.get(b, "?") for b in p.bids), p.shared,
                         self.tr("{n} passage(s)").format(n=len(p.passages)), ("pair", p)))
        for restated in found.restated:
            rows.append((self.tr("Question restated"), codes.get(restated.criterion_id, "?"),
                         names.get(restated.bid_id, "?"), restated.shared,
                         self.tr("{n} sentence(s) of the guidance").format(n=len(restated.passages)),
                         ("restated", restated)))
        for d in found.details:
            rows.append((self.tr("Same {kind}").format(kind=d.kind), "", ", ".join(names.get(b, "?") for b in d.bids),
                         None, d.value, ("detail", d)))
        for m in self.earlier:
            rows.append((self.tr("Earlier tender"), codes.get(m.criterion_id, "?"),
                         self.tr("{ours} and {theirs} ({tender})").format(ours=names.get(m.bid_id, "?"),
                                                                          theirs=m.earlier.supplier,
                                                                          tender=m.earlier.tender), m.shared,
                         self.tr("{n} passage(s), on {criterion}").format(n=len(m.passages),
                                                                         criterion=m.earlier.criterion),
                         ("earlier", m)))
        self.rows = rows
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for r, (kind, where, bids, shared, what, _ref) in enumerate(rows):
            for c, text in enumerate((kind, where, bids, "" if shared is None else f"{shared:.0%}", what)):
                item = _Item(text)
                item.setData(SORT, float(shared) if c == 3 and shared is not None else None)
                item.setData(Qt.ItemDataRole.UserRole, r)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.table.resizeColumnsToContents()
        self.status.setText(self.tr("{p} pairs of bids share passages; {r} responses restate the question; {d} "
                                    "details are the same in more than one bid.").format(
            p=len(found.pairs), r=len(found.restated), d=len(found.details)))
        if rows:
            self.table.selectRow(0)

    def _show_selected(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        kind, ref = self.rows[items[0].data(Qt.ItemDataRole.UserRole)][5]
        names = {b.id: b.supplier for b in self.ev.bids}
        texts = {(x.bid_id, x.criterion_id): x.text for x in self.ev.responses}
        codes = {c.id: c for c in self.ev.framework.criteria}
        if kind == "pair":
            a, b = ref.bids
            passages = ref.passages
            crit_of = (lambda p: ref.criterion_id) if ref.criterion_id else (lambda p: p.criterion_id)
            first = crit_of(passages[0]) if passages else ""
            self.left_title.setText(names.get(a, "?"))
            self.right_title.setText(names.get(b, "?"))
            # A whole-bid pair shows the first criterion's pair of responses; its table row lists them all.
            shown = [p for p in passages if crit_of(p) == first]
            self._show(self.left, texts.get((a, first), ""), [p.a for p in shown])
            self._show(self.right, texts.get((b, first), ""), [p.b for p in shown])
        elif kind == "restated":
            crit = codes.get(ref.criterion_id)
            self.left_title.setText(names.get(ref.bid_id, "?"))
            self.right_title.setText(self.tr("The guidance for {code}").format(code=crit.code if crit else "?"))
            self._show(self.left, texts.get((ref.bid_id, ref.criterion_id), ""), [at for at, _g, _t in ref.passages])
            self._show(self.right, crit.guidance if crit else "", [g for _at, g, _t in ref.passages])
        elif kind == "earlier":
            self.left_title.setText(names.get(ref.bid_id, "?"))
            self.right_title.setText(f"{ref.earlier.supplier}, {ref.earlier.tender}: {ref.earlier.criterion}")
            self._show(self.left, texts.get((ref.bid_id, ref.criterion_id), ""), [p.a for p in ref.passages])
            self._show(self.right, ref.earlier.text, [p.b for p in ref.passages])
        else:
            self.left_title.setText(self.tr("Same {kind}").format(kind=ref.kind))
            self.right_title.setText("")
            self._show(self.left, "\n".join(names.get(b, "?") for b in ref.bids) + f"\n\n{ref.value}", [])
            self._show(self.right, "", [])

    def _show(self, box: QPlainTextEdit, text: str, spans: list[tuple[int, int]]) -> None:
        """The text with the passages marked, as Scoring marks cited ones (extra selections: the text itself keeps
        no format), and the first passage in view."""
        box.setPlainText(text)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(theme.colour("mark_bg")))
        fmt.setForeground(QColor(theme.colour("mark_fg")))
        selections = []
        for start, end in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(box.document())
            cursor.setPosition(index_to_utf16(text, start))
            cursor.setPosition(index_to_utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        box.setExtraSelections(selections)
        if selections:
            cursor = QTextCursor(box.document())
            cursor.setPosition(index_to_utf16(text, spans[0][0]))
            box.setTextCursor(cursor)
            box.ensureCursorVisible()

    def done(self, result: int) -> None:  # closing waits for a running screen to stop
        self.cancel()
        self.wait_done(10_000)
        super().done(result)

