"""Charts drawn with QPainter: radar, stacked bars and the evaluators' spread. Each can render to a PNG."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from svi_desktop.domain.kpis import KpiStatus, delivered_shares

# Okabe and Ito's colour-blind-safe palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]  # one per label; None-free: missing values are 0


class Chart(QWidget):
    """A titled chart over labels and series; subclasses draw the plot area."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.labels: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.maximum = 1.0
        self.setMinimumSize(360, 280)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)

    def set_data(self, labels: tuple[str, ...], series: tuple[Series, ...], maximum: float | None = None) -> None:
        self.labels, self.series = labels, series
        self.maximum = maximum if maximum else max([v for s in series for v in s.values] + [1e-9])
        self.update()

    def colour(self, i: int) -> QColor:
        return QColor(PALETTE[i % len(PALETTE)])

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.draw(painter, QRectF(self.rect()))
        painter.end()

    def draw(self, p: QPainter, rect: QRectF) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(rect, pal.color(QPalette.ColorRole.Base))
        text = pal.color(QPalette.ColorRole.Text)
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(self.font().pointSizeF() * 1.15)
        p.setFont(title_font)
        p.setPen(text)
        th = QFontMetrics(title_font).height()
        p.drawText(QRectF(rect.left() + 8, rect.top() + 4, rect.width() - 16, th), Qt.AlignmentFlag.AlignLeft,
                   self.title)
        p.setFont(self.font())
        legend_h = self._legend(p, QRectF(rect.left() + 8, rect.bottom() - 4, rect.width() - 16, 0), dry=True)
        self._legend(p, QRectF(rect.left() + 8, rect.bottom() - 4 - legend_h, rect.width() - 16, legend_h))
        plot = QRectF(rect.left() + 8, rect.top() + th + 12, rect.width() - 16, rect.height() - th - 20 - legend_h)
        if not self.series or not self.labels:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "Nothing to show yet.")
            return
        self.plot(p, plot, text)

    def _legend(self, p: QPainter, rect: QRectF, dry: bool = False) -> float:
        fm = QFontMetrics(self.font())
        x, y, row = rect.left(), rect.top(), fm.height() + 4
        for i, s in enumerate(self.series):
            w = fm.horizontalAdvance(s.name) + 28
            if x + w > rect.right() and x > rect.left():
                x, y = rect.left(), y + row
            if not dry:
                p.fillRect(QRectF(x, y + 3, 14, fm.height() - 6), self.colour(i))
                p.setPen(self.palette().color(QPalette.ColorRole.Text))
                p.drawText(QPointF(x + 18, y + fm.ascent()), s.name)
            x += w
        return (y - rect.top()) + row if self.series else 0

    def plot(self, p: QPainter, rect: QRectF, text: QColor) -> None:
        raise NotImplementedError

    def render_image(self, size: QSize | None = None) -> QImage:
        size = size or QSize(900, 640)
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(self.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(image)
        self.draw(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        return image

    def save_png(self, path: Path, size: QSize | None = None) -> Path:
        """Saved as every output is: never over a tender, a pack or a backup, and whole or not at all."""
        from svi_desktop.errors import StorageError
        from svi_desktop.exports.atomic import atomic_path

        with atomic_path(Path(path)) as tmp:
            if not self.render_image(size).save(str(tmp), "PNG"):  # type: ignore[call-overload]  # the stubs say bytes; PySide takes only str here (tested)
                raise StorageError(f"The chart could not be saved as {path}; choose another folder.")
        return Path(path)


class RadarChart(Chart):
    """One spoke per criterion (the ten imperatives), one polygon per bid, 0 at the centre."""

    def plot(self, p: QPainter, rect: QRectF, text: QColor) -> None:
        fm = QFontMetrics(self.font())
        margin = max(fm.horizontalAdvance(label) for label in self.labels) + 16
        radius = max(10.0, min(rect.width() - 2 * margin, rect.height() - 3 * fm.height()) / 2)
        centre = rect.center()
        n = len(self.labels)
        grid = QPen(text)
        grid.setWidthF(0.5)
        grid.setStyle(Qt.PenStyle.DotLine)
        p.setPen(grid)

        def point(i: int, fraction: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            return QPointF(centre.x() + radius * fraction * math.cos(angle),
                           centre.y() + radius * fraction * math.sin(angle))

        for ring in (0.25, 0.5, 0.75, 1.0):
            p.drawPolygon(QPolygonF([point(i, ring) for i in range(n)]))
        for i, label in enumerate(self.labels):
            p.drawLine(centre, point(i, 1.0))
            end = point(i, 1.08)
            w = fm.horizontalAdvance(label)
            across = math.cos(-math.pi / 2 + 2 * math.pi * i / n)
            # Labels on the right start at their spoke, those on the left end at it: neither covers the plot.
            x = end.x() if across > 0.2 else end.x() - w if across < -0.2 else end.x() - w / 2
            down = math.sin(-math.pi / 2 + 2 * math.pi * i / n)
            y = end.y() + (fm.ascent() if down > 0.2 else 0 if down < -0.2 else fm.ascent() / 2)
            p.setPen(text)
            p.drawText(QPointF(x, y), label)
            p.setPen(grid)
        for k, s in enumerate(self.series):
            colour = self.colour(k)
            pen = QPen(colour)
            pen.setWidthF(2.2)
            p.setPen(pen)
            fill = QColor(colour)
            fill.setAlpha(40)
            p.setBrush(fill)
            p.drawPolygon(QPolygonF([point(i, v / self.maximum) for i, v in enumerate(s.values)]))
        p.setBrush(Qt.BrushStyle.NoBrush)


class StackedBarChart(Chart):
    """One bar per bid (labels); one stacked segment per section (series)."""

    def plot(self, p: QPainter, rect: QRectF, text: QColor) -> None:
        fm = QFontMetrics(self.font())
        label_w = min(rect.width() * 0.4, max(fm.horizontalAdvance(lab) for lab in self.labels) + 12)
        totals = [sum(s.values[i] for s in self.series) for i in range(len(self.labels))]
        top = max(totals + [self.maximum])
        value_w = fm.horizontalAdvance("100.00") + 8
        area = QRectF(rect.left() + label_w, rect.top(), rect.width() - label_w - value_w, rect.height())
        bar_h = min(36.0, area.height() / max(1, len(self.labels)))
        for i, label in enumerate(self.labels):
            y = area.top() + i * bar_h
            p.setPen(text)
            elided = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w - 8))
            p.drawText(QRectF(rect.left(), y, label_w - 8, bar_h), Qt.AlignmentFlag.AlignRight
                       | Qt.AlignmentFlag.AlignVCenter, elided)
            x = area.left()
            for k, s in enumerate(self.series):
                w = area.width() * s.values[i] / top if top else 0
                p.fillRect(QRectF(x, y + 3, w, bar_h - 6), self.colour(k))
                x += w
            p.setPen(text)
            p.drawText(QRectF(x + 4, y, value_w, bar_h), Qt.AlignmentFlag.AlignVCenter, f"{totals[i]:.2f}")


class SpreadChart(Chart):
    """For each criterion (labels), each evaluator's mean score (series) as a dot, joined by the range."""

    def plot(self, p: QPainter, rect: QRectF, text: QColor) -> None:
        fm = QFontMetrics(self.font())
        label_w = max(fm.horizontalAdvance(lab) for lab in self.labels) + 12
        area = QRectF(rect.left() + label_w, rect.top(), rect.width() - label_w - 12, rect.height() - fm.height())
        row = min(28.0, area.height() / max(1, len(self.labels)))
        grid = QPen(text)
        grid.setStyle(Qt.PenStyle.DotLine)
        grid.setWidthF(0.5)
        for tick in range(int(self.maximum) + 1):
            x = area.left() + area.width() * tick / self.maximum
            p.setPen(grid)
            p.drawLine(QPointF(x, area.top()), QPointF(x, area.top() + row * len(self.labels)))
            p.setPen(text)
            p.drawText(QPointF(x - fm.horizontalAdvance(str(tick)) / 2, area.top() + row * len(self.labels)
                               + fm.ascent() + 2), str(tick))
        for i, label in enumerate(self.labels):
            y = area.top() + i * row + row / 2
            p.setPen(text)
            p.drawText(QRectF(rect.left(), y - row / 2, label_w - 8, row),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            xs = [area.left() + area.width() * s.values[i] / self.maximum for s in self.series]
            if xs:
                line = QPen(text)
                line.setWidthF(1.5)
                p.setPen(line)
                p.drawLine(QPointF(min(xs), y), QPointF(max(xs), y))
            for k, x in enumerate(xs):
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(self.colour(k))
                p.drawEllipse(QPointF(x, y), 5, 5)
            p.setBrush(Qt.BrushStyle.NoBrush)


class DeliveryChart(Chart):
    """Delivered against promised over a contract's life: for each KPI (series), the share of its target delivered
    by the end of each period rated (labels are the period ends, oldest first), with the target at 100%."""

    def plot(self, p: QPainter, rect: QRectF, text: QColor) -> None:
        fm = QFontMetrics(self.font())
        top = max(110.0, self.maximum * 1.05)
        left_w = fm.horizontalAdvance("100%") + 10
        right_w = fm.horizontalAdvance("2026-11-30") / 2 + 4  # room for the last date, centred on its point
        area = QRectF(rect.left() + left_w, rect.top() + 4, rect.width() - left_w - right_w,
                      rect.height() - fm.height() - 12)
        grid = QPen(text)
        grid.setStyle(Qt.PenStyle.DotLine)
        grid.setWidthF(0.5)
        for tick in range(0, int(top) + 1, 25):
            y = area.bottom() - area.height() * tick / top
            p.setPen(grid)
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(text)
            p.drawText(QRectF(rect.left(), y - fm.height() / 2, left_w - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{tick}%")
        target = QPen(text)
        target.setStyle(Qt.PenStyle.DashLine)
        target.setWidthF(1.5)
        y100 = area.bottom() - area.height() * 100 / top
        p.setPen(target)
        p.drawLine(QPointF(area.left(), y100), QPointF(area.right(), y100))
        p.drawText(QPointF(area.right() - fm.horizontalAdvance("target"), y100 - 3), "target")
        n = len(self.labels)

        def x_of(i: int) -> float:
            return area.left() + (area.width() * i / (n - 1) if n > 1 else area.width() / 2)

        p.setPen(text)
        step = max(1, math.ceil(n / max(1, area.width() / (fm.horizontalAdvance("2026-11-30") + 12))))
        for i in range(0, n, step):
            label = self.labels[i]
            p.drawText(QPointF(x_of(i) - fm.horizontalAdvance(label) / 2, area.bottom() + fm.ascent() + 4), label)
        for k, s in enumerate(self.series):
            pen = QPen(self.colour(k))
            pen.setWidthF(2.0)
            points = [QPointF(x_of(i), area.bottom() - area.height() * min(v, top) / top) for i, v in
                      enumerate(s.values)]
            p.setPen(pen)
            for a, b in zip(points, points[1:], strict=False):
                p.drawLine(a, b)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.colour(k))
            for pt in points:
                p.drawEllipse(pt, 4, 4)
            p.setBrush(Qt.BrushStyle.NoBrush)


def delivery_series(found: tuple[KpiStatus, ...]) -> tuple[tuple[str, ...], tuple[Series, ...], float]:
    """Labels (the start, then every period end, oldest first) and one series per rated KPI of the share of its
    target delivered at each (carried forward between its own ratings)."""
    rated = [s for s in found if s.periods and s.kpi.target]
    ends = sorted({p.period_end for s in rated for p in s.periods})
    labels = ("start", *ends)
    series = []
    for s in rated:
        values, current = [0.0], 0.0
        by_end = dict(delivered_shares(s)[1:])
        for end in ends:
            current = by_end.get(end, current)
            values.append(current)
        series.append(Series(s.kpi.measure, tuple(values)))
    top = max([v for ser in series for v in ser.values] + [100.0])
    return labels, tuple(series), top
