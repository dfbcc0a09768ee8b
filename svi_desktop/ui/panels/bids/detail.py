"""One bid: its fields, its response to each criterion (plain text) and its documents."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.bid_fields import FIELDS, BidField
from svi_desktop.domain.bid_sheet_format import MAX_RESPONSE_CHARS
from svi_desktop.domain.changes import Applied
from svi_desktop.domain.lots import lot_codes
from svi_desktop.domain.model import Bid
from svi_desktop.domain.numbers import human_size
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.errors import KnownError
from svi_desktop.ui import theme
from svi_desktop.ui.operations import bids as edit
from svi_desktop.ui.panels.bids.model import status_text
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.translate import translated
from svi_desktop.ui.widgets.build import button, button_row
from svi_desktop.ui.widgets.fields import ChoiceBox, CommitLineEdit, CommitTextEdit
from svi_desktop.workflows import bids

CRITERION_ROLE = Qt.ItemDataRole.UserRole
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole


class BidDetail(QWidget):
    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.bid: Bid | None = None

        fields = QGroupBox(self.tr("Bid"))
        form = QFormLayout(fields)
        # Each field as domain/bid_fields.py declares it: a list to choose from, a line for each lot, or a line.
        self.fields: dict[str, QWidget] = {}
        for f in FIELDS:
            name = translated("BidFields", f.label).capitalize()
            widget: QWidget
            if f.choices:
                box = widget = ChoiceBox(name)
                for v in f.choices:
                    box.addItem(f.edited(v), f.text(v))
                box.activated.connect(lambda _i, f=f, box=box: self._commit(f, box.currentData()))
            elif f.per_lot:
                lines = widget = LotLines(f)
                lines.committed.connect(lambda code, text, f=f: self._commit_lot(f, code, text))
            else:
                line = widget = CommitLineEdit(name)
                line.setPlaceholderText(translated("BidFields", f.hint))
                line.committed.connect(lambda v, f=f: self._commit(f, v))
            widget.setObjectName("bid" + "".join(part.capitalize() for part in f.name.split("_")))
            self.fields[f.name] = widget
            form.addRow(translated("BidFields", f.form_label), widget)
        self.form = form
        self.supplier, self.lot, self.received, self.price, self.address, self.email, self.identifier = (
            self._line(n) for n in ("supplier", "lot", "received", "price", "address", "email", "identifier"))
        org_type = self.fields["organisation_type"]
        assert isinstance(org_type, ChoiceBox)
        self.org_type = org_type
        self.status = QLabel()
        self.status.setObjectName("bidStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # the reason is a person's text
        self.status.setWordWrap(True)
        form.addRow(self.tr("Status"), self.status)

        responses = QGroupBox(self.tr("Responses"))
        self.criteria = QListWidget()
        self.criteria.setObjectName("responseCriteria")
        self.criteria.setAccessibleName(self.tr("Criteria to respond to"))
        self.criteria.currentItemChanged.connect(lambda *_: self._show_response())
        self.response = CommitTextEdit(self.tr("The bid's response to the selected criterion"))
        self.response.setObjectName("responseText")
        self.response.setPlaceholderText(self.tr("Paste or type the bid's response, exactly as received."))
        self.response.committed.connect(self._set_response)
        self.count = QLabel()
        self.count.setObjectName("responseCount")
        self.response.textChanged.connect(self._update_count)
        right = QVBoxLayout()
        right.addWidget(self.response, 1)
        right.addWidget(self.count)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.criteria)
        holder = QWidget()
        holder.setLayout(right)
        split.addWidget(holder)
        split.setSizes([270, 400])
        QVBoxLayout(responses).addWidget(split)

        docs = QGroupBox(self.tr("Documents"))
        self.documents = QListWidget()
        self.documents.setObjectName("documents")
        self.documents.setAccessibleName(self.tr("Documents of the bid"))
        self.documents.itemActivated.connect(lambda _item: self.open_document())
        self.attach_button = button(self.tr("A&ttach…"), self.attach_dialog)
        self.open_button = button(self.tr("Open"), self.open_document)
        self.remove_doc_button = button(self.tr("Remove document"), self.remove_document)
        doc_buttons = button_row(self.attach_button, self.open_button, self.remove_doc_button)
        doc_layout = QVBoxLayout(docs)
        doc_layout.addWidget(self.documents)
        doc_layout.addLayout(doc_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(fields)
        layout.addWidget(responses, 3)
        layout.addWidget(docs, 1)
        self.show_bid(None)

    # -- showing ---------------------------------------------------------------

    def _line(self, name: str) -> CommitLineEdit:
        line = self.fields[name]
        assert isinstance(line, CommitLineEdit)
        return line

    def show_bid(self, bid: Bid | None) -> None:
        self.bid = bid
        editable = bid is not None and not self.session.locked
        for w in (*self.fields.values(), self.response, self.attach_button, self.remove_doc_button):
            w.setEnabled(editable)
        self.criteria.setEnabled(bid is not None)
        for f in FIELDS:
            w, value = self.fields[f.name], None if bid is None else f.of(bid)
            if isinstance(w, ChoiceBox):
                w.setCurrentIndex(-1 if bid is None else w.findData(f.text(value)))
            elif isinstance(w, LotLines):
                codes = lot_codes(bid.lot) if bid is not None else ()
                w.show_lots(codes, value or (), editable)
                self.form.setRowVisible(w, bool(codes))  # a tender in lots: a line for each of the bid's lots
            elif isinstance(w, CommitLineEdit):
                w.set_value("" if bid is None else f.edited(value))
        if bid is None:
            self.status.setText(self.tr("Choose a bid in the list."))
            self.criteria.clear()
            self.documents.clear()
            self.response.set_value("")
            return
        self.status.setText(status_text(bid) + ("  (out of the ranking)" if bid.out_of_competition else ""))
        self._fill_criteria()
        self._fill_documents()

    def _fill_criteria(self) -> None:
        ev = self.session.evaluation()
        current = self.criteria.currentItem().data(CRITERION_ROLE) if self.criteria.currentItem() else None
        answered = {r.criterion_id for r in ev.responses if self.bid and r.bid_id == self.bid.id and r.text.strip()}
        blocked = self.criteria.blockSignals(True)
        self.criteria.clear()
        chosen = 0
        for c in scored_criteria(ev.framework):
            mark = "✓" if c.id in answered else "·"
            item = QListWidgetItem(f"{mark} {c.code} {c.title}")
            item.setData(CRITERION_ROLE, c.id)
            self.criteria.addItem(item)
            if c.id == current:
                chosen = self.criteria.count() - 1
        self.criteria.blockSignals(blocked)
        if self.criteria.count():
            self.criteria.setCurrentRow(chosen)
        self._show_response()

    def _criterion_id(self) -> str | None:
        item = self.criteria.currentItem()
        return item.data(CRITERION_ROLE) if item else None

    def _show_response(self) -> None:
        cid = self._criterion_id()
        text = ""
        if self.bid and cid:
            text = next((r.text for r in self.session.evaluation().responses
                         if r.bid_id == self.bid.id and r.criterion_id == cid), "")
        self.response.set_value(text)
        self._update_count()

    def _update_count(self) -> None:
        n = len(self.response.toPlainText())
        over = n > MAX_RESPONSE_CHARS
        self.count.setText(self.tr("{n} characters (limit {limit})").format(n=f"{n:,}", limit=f"{MAX_RESPONSE_CHARS:,}"))
        self.count.setStyleSheet(f"color: {theme.colour('error')}; font-weight: bold;" if over else "")

    def _fill_documents(self) -> None:
        self.documents.clear()
        if self.bid is None:
            return
        for d in bids.documents(self.session.tf, self.bid.id):
            item = QListWidgetItem(f"{d.name}   ({human_size(d.size)}, SHA-256 {d.sha256[:12]}…)")
            item.setData(DOCUMENT_ROLE, d.id)
            item.setToolTip(f"SHA-256 {d.sha256}")
            self.documents.addItem(item)
        self.open_button.setEnabled(self.documents.count() > 0)

    # -- changing --------------------------------------------------------------

    def _after(self, applied: Applied | None) -> bool:
        """After a refused edit, show the bid as it is in the file again."""
        if applied is None and self.bid is not None:
            self.show_bid(next((b for b in self.session.evaluation().bids if b.id == self.bid.id), None))
        return applied is not None

    def _commit(self, f: BidField, given: object) -> None:
        """A field as typed or chosen, read by its declared rule: refused in the rule's sentence (the stored value
        shown again), unchanged when it says what is stored already, else one edit."""
        bid = self.bid
        if bid is None:
            return
        try:
            value = f.data(f.accept(given))
        except ValueError as exc:
            self.session.report(KnownError(str(exc)))
            self.show_bid(bid)
            return
        if value == f.data(f.of(bid)):
            return
        self._after(edit.set_bid_field(self.session, bid, f.name, value, initiator=self))

    def _commit_lot(self, f: BidField, code: str, text: str) -> None:
        """One lot's line of a field given per lot: that lot's value changed (blank: none for that lot)."""
        bid = self.bid
        if bid is None:
            return
        order = lot_codes(bid.lot)
        pairs = [(c, f.text(v)) for c, v in f.of(bid) if c != code] + ([(code, text)] if text.strip() else [])
        pairs.sort(key=lambda p: order.index(p[0]) if p[0] in order else len(order))
        self._commit(f, pairs)

    def _set_response(self, text: str) -> None:
        bid, cid = self.bid, self._criterion_id()
        if bid is None or cid is None:
            return
        old = next((r.text for r in self.session.evaluation().responses
                    if r.bid_id == bid.id and r.criterion_id == cid), None)
        new = text if text.strip() else None
        if old == new:
            return
        code = next(c.code for c in self.session.evaluation().framework.criteria if c.id == cid)
        self._after(edit.set_response(self.session, bid, cid, code, new, initiator=self))

    def attach_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Attach documents"), "",
            self.tr("Documents (*.pdf *.docx *.xlsx *.odt *.ods *.png *.jpg *.jpeg *.gif *.tif *.tiff)"))
        for p in paths:
            self.attach(Path(p))

    def attach(self, path: Path) -> bool:
        bid = self.bid
        if bid is None:
            return False
        return self._after(edit.attach_document(self.session, bid, path, initiator=self))

    def _document_id(self) -> str | None:
        item = self.documents.currentItem()
        return item.data(DOCUMENT_ROLE) if item else None

    def open_document(self) -> Path | None:
        """Open a temporary copy in the system's viewer: the file inside the tender is never touched."""
        doc_id = self._document_id()
        if doc_id is None or self.bid is None:
            return None
        doc = next(d for d in bids.documents(self.session.tf, self.bid.id) if d.id == doc_id)
        try:
            copy = bids.open_copy(self.session.tf, doc)
        except KnownError as exc:
            self.session.report(exc)
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
        return copy

    def remove_document(self) -> None:
        doc_id = self._document_id()
        if doc_id is None:
            return
        name = self.documents.currentItem().text().split("   ")[0]
        self._after(edit.remove_document(self.session, doc_id, name, initiator=self))


class LotLines(QWidget):
    """A field given per lot (domain/bid_fields.py): a line for each lot the bid is for."""

    committed = Signal(str, str)  # the lot's code, and what was typed for it

    def __init__(self, field: BidField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.lines: dict[str, CommitLineEdit] = {}

    def show_lots(self, codes: tuple[str, ...], value: tuple[tuple[str, object], ...], editable: bool) -> None:
        if tuple(self.lines) != codes:  # rebuilt only when the lots change: a line may be committing now
            while self.form.rowCount():
                taken = self.form.takeRow(0)
                for item in (taken.labelItem, taken.fieldItem):
                    widget = item.widget() if item is not None else None
                    if widget is not None:
                        widget.deleteLater()
            self.lines = {}
            for code in codes:
                line = self.lines[code] = CommitLineEdit(self.tr("{what} for lot {code}").format(
                    what=translated("BidFields", self.field.label).capitalize(), code=code))
                line.setObjectName(f"{self.field.name}Lot{code}")
                line.setPlaceholderText(translated("BidFields", self.field.hint))
                line.committed.connect(lambda text, code=code: self.committed.emit(code, text))
                self.form.addRow(self.tr("Lot {code}").format(code=code), line)
        given = dict(value)
        for code, line in self.lines.items():
            line.set_value(self.field.edited(given[code]) if code in given else "")
            line.setEnabled(editable)
