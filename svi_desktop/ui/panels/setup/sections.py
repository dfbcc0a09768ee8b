"""The sections of the framework with their shares, and the live sum that must reach 100%."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from svi_desktop.domain.model import Framework, Section, SectionKind
from svi_desktop.domain.numbers import decimal_text
from svi_desktop.domain.pricing import FORMULAS
from svi_desktop.ui import theme
from svi_desktop.ui.operations import framework as edit
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.translate import noop, translated
from svi_desktop.ui.widgets.fields import ChoiceBox, CommitLineEdit, CommitSpinBox

KIND_NAMES = {SectionKind.GATES: noop("SectionsEditor", "Qualification gates"),
              SectionKind.SCORED: noop("SectionsEditor", "Scored"), SectionKind.PRICE: noop("SectionsEditor", "Price")}


class SectionsEditor(QGroupBox):
    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Sections and their share of the total"), parent)
        self.session = session
        self.grid = QGridLayout()
        self.sum_label = QLabel()
        self.sum_label.setObjectName("shareSum")
        self.sum_label.setWordWrap(True)
        self.sum_label.setAccessibleName(self.tr("Sum of section shares"))
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(3, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addWidget(self.sum_label)
        self.rows: dict[str, tuple[CommitLineEdit, CommitSpinBox, QComboBox | None]] = {}
        self._ids: tuple[str, ...] = ()

    def refresh(self, fw: Framework) -> None:
        ids = tuple(s.id for s in fw.sections)
        if ids != self._ids:
            self._rebuild(fw.sections)
            self._ids = ids
        for s in fw.sections:
            name, share, formula = self.rows[s.id]
            name.set_value(s.name)
            share.set_value(s.share)
            if formula is not None:
                blocked = formula.blockSignals(True)
                formula.setCurrentIndex(max(0, formula.findData(s.price_formula or "relative")))
                formula.blockSignals(blocked)
        self.update_sum()

    def _rebuild(self, sections: tuple[Section, ...]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = {}
        for col, head in enumerate((self.tr("Section"), self.tr("Kind"), self.tr("Share %"), self.tr("Price formula"))):
            self.grid.addWidget(QLabel(f"<b>{head}</b>"), 0, col)
        for r, s in enumerate(sorted(sections, key=lambda s: s.position), start=1):
            name = CommitLineEdit(self.tr("Name of section {n}").format(n=r))
            name.setObjectName(f"sectionName{r}")
            name.setMinimumWidth(120)
            name.committed.connect(lambda text, sid=s.id: self._set(sid, "name", text, self.tr("Rename section")))
            share = CommitSpinBox(self.tr("Share of {name} in percent").format(name=s.name), 0, 100)
            share.setObjectName(f"sectionShare{r}")
            share.setSuffix(" %")
            if s.kind is SectionKind.GATES:
                share.setEnabled(False)
                share.setToolTip(self.tr("Qualification gates are pass or fail: they carry no points."))
            share.valueChanged.connect(lambda _v: self.update_sum())
            share.committed.connect(
                lambda value, sid=s.id, nm=s.name: self._set(
                    sid, "share", decimal_text(value), self.tr("Change share of {name}").format(name=nm))
            )
            formula = None
            if s.kind is SectionKind.PRICE:
                formula = ChoiceBox(self.tr("Price formula"))
                formula.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                formula.setMinimumContentsLength(12)
                for key, f in FORMULAS.items():
                    formula.addItem(f.name, key)
                    formula.setItemData(formula.count() - 1, f.explanation, 3)  # tooltip role
                formula.currentIndexChanged.connect(
                    lambda _i, sid=s.id, box=formula: self._set(sid, "price_formula", box.currentData(),
                                                                self.tr("Change price formula"))
                )
            self.grid.addWidget(name, r, 0)
            self.grid.addWidget(QLabel(translated("SectionsEditor", KIND_NAMES[s.kind])), r, 1)
            self.grid.addWidget(share, r, 2)
            if formula is not None:
                self.grid.addWidget(formula, r, 3)
            self.rows[s.id] = (name, share, formula)

    def tab_stops(self) -> list[QWidget]:
        """The section fields in reading order (made after the rest of the panel, they need placing on Tab)."""
        return [w for row in self.rows.values() for w in row if w is not None]

    def _set(self, section_id: str, field: str, value: str, text: str) -> None:
        fw = self.session.evaluation().framework
        section = next((s for s in fw.sections if s.id == section_id), None)
        if section is None:
            return
        old = {"name": section.name, "share": decimal_text(section.share), "price_formula": section.price_formula}[field]
        if old == value:
            return
        if edit.set_section_field(self.session, section_id, field, value, text, initiator=self) is None:
            self.refresh(self.session.evaluation().framework)

    def shares_total(self) -> Decimal:
        return sum((share.decimal() for _n, share, _f in self.rows.values()), Decimal(0))

    def update_sum(self) -> None:
        total = self.shares_total()
        text = decimal_text(total)
        if total == 100:
            self.sum_label.setText(self.tr("Total: {t}% of 100% ✓").format(t=text))
            self.sum_label.setStyleSheet("")
            self.sum_label.setProperty("warning", False)
        else:
            self.sum_label.setText(self.tr(
                "Total: {t}%. The shares must add up to 100%; until they do, every export will carry a warning."
            ).format(t=text))
            self.sum_label.setStyleSheet(f"color: {theme.colour('error')}; font-weight: bold;")
            self.sum_label.setProperty("warning", True)
