"""Monthly revenue over the horizon: no sanctions against the scenario, the record's fit, the
pins, the dated sanctions events, China's recorded imports from the DPRK where a sourced series
exists, and the months the answer's period sums (a year or a span) shaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import MAX_PINS, SLOT_STYLES, Pin, legend_name, pin_pen
from dprk_explorer.gui.plain_text import auto_text
from dprk_explorer.gui.plots.base import ResultPlot
from dprk_explorer.gui.plots.items import Curve, ValueLabel, curve_swatch, legend_swatch
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import LEVER_IDS, PARAMETERS, Result, Scenario
from dprk_explorer.model.core.period import Period
from dprk_explorer.model.core.timeline import HORIZON_YEARS, MONTHS, TIMELINE_EVENTS, YEARS
from dprk_explorer.model.sources.citations import Citation
from dprk_explorer.model.sources.resources import load_history

if TYPE_CHECKING:
    from dprk_explorer.model.analysis.bands import Bands
    from dprk_explorer.model.answer import Answer

FloatArray = NDArray[np.float64]

TITLE = f"Monthly revenue, {HORIZON_YEARS}"
X_START = dt.date(YEARS[0], 1, 1)
X_END = dt.date(YEARS[-1] + 1, 1, 1)
#: Room above the highest line while the view has no size yet, as a share of that line; once
#: it has one, the room is what the event names and the label rows take (`headroom`).
HEADROOM = 2.0
#: One row of the step and branch labels under the event names, and the gap above the data.
LABEL_ROW_PX = 14.0
LABEL_GAP_PX = 4.0
#: The label band never takes more than this share of the view (a tiny plot).
MAX_BAND_SHARE = 0.5

#: Events labelled on the plot, by short_label, with the side of their line the label sits on.
#: The rest are drawn as unlabelled lines: several fall within days of each other in 2017.
#: Events named on the timeline, and on which side of their line (resources/: label_side).
LABELLED_EVENTS: dict[str, str] = {
    row["short_label"]: row["label_side"] for row in TIMELINE_EVENTS if row["label_side"]
}

#: Event names end this far up the view (a share of its height).
LABEL_AT = 0.985
#: Hovering this close (pixels) to an event line shows the event; to a customs point, its source.
EVENT_HOVER_PX = 4.0
POINT_HOVER_PX = 6.0
LEGEND_FONT = "7pt"
BAND_BRUSH = palette.brush(palette.SKY_BLUE, 110)
STALE_BAND_BRUSH = palette.brush(palette.LIGHT_GREY, 110)
BAND_LEGEND = "5-95 % range"
EVENT_FONT_PT = 7
#: Stacking: the event lines (1), the schedule's step lines (3), the band (5), the event names
#: over them (6), then the curves (9 and up) and the step and branch labels (25, 26).
STEP_LINES_Z = 3
BAND_Z = 5
EVENT_LABEL_Z = 6
#: The least room (px) between two event names side by side.
EVENT_GAP_PX = 1.0
#: The months the answer's period sums, shaded under everything else.
PERIOD_BRUSH = palette.brush(palette.SKY_BLUE, 28)


def epoch_seconds(day: dt.date | np.datetime64) -> float:
    """Seconds since 1970-01-01 UTC of a day's midnight (the DateAxisItem's x unit)."""
    return float(np.asarray(day, dtype="datetime64[s]").astype(np.int64))


#: The months a branch can start in (as the "Start from" selector offers them: from the first
#: month the scenario would be its own settings throughout) and their starts, where the branch
#: marker snaps.
BRANCH_MONTHS: tuple[str, ...] = tuple(str(m) for m in MONTHS[1:])
BRANCH_X: FloatArray = MONTHS[1:].astype("datetime64[s]").astype(np.int64).astype(np.float64)
BRANCH_TIP = "Branch from the record: {month} — drag to move"
NO_BRANCH_TIP = (
    "Drag to branch from the record: the record until the month you drop this line on, "
    "then your settings"
)
BRANCH_LABEL = "branch from the record, {month}"


class BranchMarker(pg.InfiniteLine):
    """The month a counterfactual leaves the record: a vertical line that snaps to month starts
    within the horizon as it is dragged (pyqtgraph's movable InfiniteLine)."""

    #: A mouse drag of the line began (pyqtgraph signals only its moves and its end).
    sigDragStarted = QtCore.Signal(object)

    def __init__(self, pen: QtGui.QPen, hover_pen: QtGui.QPen) -> None:
        super().__init__(
            pos=BRANCH_X[0],
            angle=90,
            movable=True,
            pen=pen,
            hoverPen=hover_pen,
            bounds=(BRANCH_X[0], BRANCH_X[-1]),
        )
        self.setCursor(QtCore.Qt.CursorShape.SizeHorCursor)

    def setPos(self, pos: float | QtCore.QPointF | Sequence[float]) -> None:
        """Snap to the nearest month start (a drag moves whole months)."""
        if isinstance(pos, QtCore.QPointF):
            x = pos.x()
        elif isinstance(pos, int | float | np.floating):
            x = float(pos)
        else:
            x = float(pos[0])
        super().setPos(float(BRANCH_X[int(np.argmin(np.abs(BRANCH_X - x)))]))

    def month(self) -> str:
        """The month the line stands at, 'YYYY-MM'."""
        return BRANCH_MONTHS[int(np.argmin(np.abs(BRANCH_X - float(self.value()))))]

    def mouseDragEvent(self, ev: object) -> None:
        is_start = getattr(ev, "isStart", lambda: False)()
        left = getattr(ev, "button", lambda: None)() == QtCore.Qt.MouseButton.LeftButton
        if self.movable and is_start and left:
            self.sigDragStarted.emit(self)
        super().mouseDragEvent(ev)


def step_text(pid: str, month: str, value: float | bool) -> str:
    """A schedule step's name on the timeline: "Laxity 50 % from Jun 2018", "2397 goods off
    from Jan 2017". The label keeps its own capitals (a name such as China's, a month such as
    Feb); a switch is on or off, never '0'."""
    p = PARAMETERS[pid]
    when = dt.date.fromisoformat(f"{month}-01").strftime("%b %Y")
    if isinstance(value, bool) or p.kind == "bool":
        return f"{p.short_label} {'on' if value else 'off'} from {when}"
    return f"{p.short_label} {value:g} {p.unit} from {when}".replace("  ", " ")


def month_midpoints(months: NDArray[np.datetime64]) -> FloatArray:
    """Seconds since the epoch of the middle of each month (monthly totals are drawn mid-month)."""
    starts = months.astype("datetime64[s]").astype(np.int64)
    ends = (months + 1).astype("datetime64[s]").astype(np.int64)
    mid: FloatArray = (starts + ends) / 2.0
    return mid


def monthly_totals(result: Result) -> tuple[FloatArray, FloatArray]:
    """A result's revenue per month, no sanctions and scenario, as the model sums them."""
    return result.monthly_total_baseline_usd_m, result.monthly_total_scenario_usd_m


def period_span(period: Period) -> tuple[float, float] | None:
    """Where the period's months lie on the time axis (None: the steady state, no months)."""
    if period.first_year is None or period.last_year is None:
        return None
    return (
        epoch_seconds(dt.date(period.first_year, 1, 1)),
        epoch_seconds(dt.date(period.last_year + 1, 1, 1)),
    )


class TimelinePlot(ResultPlot):
    """Total monthly revenue, baseline against scenario, with events and the customs record."""

    #: The analyst moved the branch marker to a month ('YYYY-MM'): branch from the record there.
    branchMoved = QtCore.Signal(str)
    #: A mouse drag of the branch marker began (True) or ended (False): one undo step.
    branchDragging = QtCore.Signal(bool)

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, *, print_scale: float | None = None
    ) -> None:
        super().__init__(TITLE, parent=parent, print_scale=print_scale)
        item = self.getPlotItem()
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
        item.setAxisItems({"bottom": axis})
        font = QtGui.QFont()
        font.setPointSize(palette.AXIS_FONT_PT)
        axis.setTickFont(font)
        axis.setTextPen(palette.TEXT_PEN_COLOUR)
        axis.setPen(self.axis_pen())
        self.cache_static(axis)
        item.setLabel("left", "Revenue (USD m per month)")
        item.setLabel("bottom", "Month")
        item.setMouseEnabled(x=False, y=False)
        item.getViewBox().setMenuEnabled(False)
        item.getViewBox().disableAutoRange()
        self._x_range = (epoch_seconds(X_START), epoch_seconds(X_END))
        item.setXRange(*self._x_range, padding=0)

        # The model's lines and the event lines change on every step or with the y range: plain
        # Qt path items (gui.plots.items), antialiased by the view (axes turn it off).
        self.setAntialiasing(True)
        legend = self.add_legend_below(columns=2)
        self.legend = legend
        # Under the whole plot, the axis's column too: the room two columns of names need at
        # 1280 px (in the view's column alone the legend widened the view past the widget).
        item.layout.removeItem(legend)
        item.layout.addItem(legend, 4, 0, 1, 3)
        self._data_top: float | None = None

        self.event_x = np.array([epoch_seconds(row["date"]) for row in TIMELINE_EVENTS])
        self.event_tips = [
            _with_sources(f"{row['date']:%d %b %Y}: {row['event']}", row["citations"])
            for row in TIMELINE_EVENTS
        ]
        self.event_lines = Curve(
            self.pen(palette.EVENT_LINE, 1.0, QtCore.Qt.PenStyle.DotLine), "pairs"
        )
        self.event_lines.setZValue(1)
        item.addItem(self.event_lines, ignoreBounds=True)
        self.event_labels = self._add_event_labels()
        # Where each lever's schedule steps (show_answer draws them when schedules change).
        self._steps: tuple[tuple[str, str, float], ...] = ()
        self.step_x = np.zeros(0)
        self.step_lines = Curve(self.pen(palette.SCENARIO, 1.5), "pairs")
        self.step_lines.setZValue(STEP_LINES_Z)
        self.getPlotItem().addItem(self.step_lines, ignoreBounds=True)
        self.step_labels: list[ValueLabel] = []
        # A counterfactual's branch from the record (show_answer): a line the analyst drags
        # (the window makes it editable; an export shows it only for a branch).
        self._branch: str | None = None
        self._branch_editable = False
        self._syncing_branch = False
        self._branch_pen = self.pen(palette.BLACK, 2.0, QtCore.Qt.PenStyle.DashLine)
        self._no_branch_pen = self.pen(palette.LIGHT_GREY, 2.0, QtCore.Qt.PenStyle.DashLine)
        self.branch_marker = BranchMarker(
            self._branch_pen, self.pen(palette.BLACK, 4.0, QtCore.Qt.PenStyle.DashLine)
        )
        self.branch_marker.setZValue(30)
        self.branch_marker.setVisible(False)
        self.getPlotItem().addItem(self.branch_marker, ignoreBounds=True)
        self.branch_marker.sigPositionChanged.connect(self._marker_moved)
        self.branch_marker.sigDragStarted.connect(self._marker_taken)
        self.branch_marker.sigPositionChangeFinished.connect(self._marker_dropped)
        self._marker_dragging = False
        font = QtGui.QFont()
        font.setPointSize(EVENT_FONT_PT)
        self.branch_label = ValueLabel(
            anchor=(0.0, 0.0),
            colour=palette.BLACK,
            fill=palette.brush(*palette.EVENT_LABEL_FILL),
            font=font,
        )
        self.branch_label.setZValue(26)
        self.branch_label.setVisible(False)
        self.getPlotItem().addItem(self.branch_label, ignoreBounds=True)

        # Model lines, updated in show_answer.
        self.baseline_curve = self._add_curve(
            "No sanctions, total",
            self.pen(palette.BASELINE, 2.0, QtCore.Qt.PenStyle.DashLine),
        )
        self.scenario_curve = self._add_curve("Scenario, total", self.pen(palette.SCENARIO, 2.5))
        self.recorded_curve = self._add_curve(
            "Scenario, to China (customs)",
            self.pen(palette.VERMILLION, 1.5, QtCore.Qt.PenStyle.DashDotLine),
        )

        self.record_curve = self._add_curve(
            "Record, model fit (customs)",
            self.pen(palette.GREEN, 1.5, QtCore.Qt.PenStyle.DotLine),
        )
        self.record_curve.setZValue(9)
        self.record_curve.setVisible(False)

        # The published series never changes with the scenario: drawn once here.
        self._history_max = 0.0
        self.point_tips: list[str] = []  # China's customs points, one each
        self.history_monthly, self.history_annual = self._add_history()
        for curve in (self.baseline_curve, self.scenario_curve, self.recorded_curve):
            curve.setZValue(10)
        self.history_monthly.setZValue(20)
        self.history_annual.setZValue(15)
        # Static until the y range changes: a blit instead of ~1.3 ms of symbols on every paint.
        self.cache_static(self.history_monthly, self.history_annual)
        # The lines a lever step leaves as they were, repainted whenever the scenario's line
        # moves under them: an antialiased line over 1 px wide costs ~1 ms to stroke (the
        # dashed no-sanctions line, the record's dotted fit), a cached one is a blit. Qt
        # renders a cache again when the item changes or the view's scale does.
        self.cache_static(self.baseline_curve, self.record_curve, self.branch_marker)

        # Uncertainty (gui.analysis_runner): the 5-95 % band of the scenario total, hidden until
        # asked for; under the lines, over the event lines.
        # Plain curves (not drawn themselves) give the fill its edges.
        self.band_low = pg.PlotCurveItem()
        self.band_high = pg.PlotCurveItem()
        self.band = pg.FillBetweenItem(self.band_low, self.band_high, brush=BAND_BRUSH)
        self.band.setZValue(BAND_Z)
        self.band.setVisible(False)
        item.addItem(self.band, ignoreBounds=True)
        # Changes with the analysis, not with a lever step: an antialiased fill, cached.
        self.cache_static(self.band)
        # The band's legend entry: a filled square in its colour.
        self.band_swatch = legend_swatch(BAND_BRUSH, self.pen(palette.SKY_BLUE, 1.0))
        self._bands: tuple[Bands | None, bool] = (None, True)
        # The months the answer's figures sum (a year or a span), shaded; none in the steady
        # state. Under everything: it only says where to look.
        self.period_region = pg.LinearRegionItem(
            values=self._x_range, movable=False, brush=PERIOD_BRUSH, pen=pg.mkPen(None)
        )
        self.period_region.setZValue(-5)
        self.period_region.setVisible(False)
        item.addItem(self.period_region, ignoreBounds=True)

        # Pinned scenarios (gui.pins): one total line per pin slot, hidden while unused.
        # Bare curve items: a PlotDataItem would build a scatter item for symbols a pin's line
        # never has (~1 ms each, four at start-up).
        self.pin_curves: list[pg.PlotCurveItem] = []
        #: The pins drawn, each with the monthly path it was drawn from (compared by identity:
        #: pins and their paths change rarely, the live scenario on every step).
        self._pins: tuple[tuple[Pin, FloatArray], ...] = ()
        #: Whether the legend names the pins (a brief names them once, under its waterfall).
        self.names_pins = True
        for colour, _, _, dash in SLOT_STYLES[:MAX_PINS]:
            pen = self.pen(colour, 2.0)
            pen.setDashPattern(list(dash))
            curve = pg.PlotCurveItem(pen=pen, antialias=True)
            curve.setZValue(12)
            curve.setVisible(False)
            item.addItem(curve)
            self.pin_curves.append(curve)
            # Pins stay still during a drag: a blit instead of a dashed antialiased path.
            self.cache_static(curve)
        # The label band is a height in pixels: a taller or shorter view refits the y range.
        item.getViewBox().sigResized.connect(lambda _view: self._refit_y())
        item.getViewBox().sigResized.connect(lambda _view: self.lay_out_event_names())

    # -- built once ------------------------------------------------------------------------------

    def _add_curve(self, name: str, pen: QtGui.QPen) -> Curve:
        curve = Curve(pen)
        self.getPlotItem().addItem(curve, ignoreBounds=True)
        self.legend.addItem(curve_swatch(pen), name)
        return curve

    def _add_event_labels(self) -> list[ValueLabel]:
        """Names of the key events, reading upwards along their lines, ending at the top of the
        view (placed by `_place_events` whenever the y range changes)."""
        font = QtGui.QFont()
        font.setPointSize(EVENT_FONT_PT)
        labels: list[ValueLabel] = []
        for row in TIMELINE_EVENTS:
            side = LABELLED_EVENTS.get(row["short_label"])
            if side is None:
                continue
            # Rotated a quarter turn back, the box's top edge lies on the line: anchored there,
            # the text sits to the line's right; anchored at its bottom edge, to its left.
            label = ValueLabel(
                anchor=(1.0, 0.0 if side == "right" else 1.0),
                colour=palette.EVENT_TEXT,
                fill=palette.brush(*palette.EVENT_LABEL_FILL),
                font=font,
            )
            label.setText(row["short_label"])
            label.setRotation(-90)
            label.setPos(epoch_seconds(row["date"]), 0.0)
            # Over the band and the schedule's step lines (a step or a year's band reaching the
            # names ran through them), under the curves.
            label.setZValue(EVENT_LABEL_Z)
            self.getPlotItem().addItem(label, ignoreBounds=True)
            labels.append(label)
        self.cache_static(*labels)  # rotated text is slow to draw, and it never changes
        return labels

    def lay_out_event_names(self) -> None:
        """Event names that never run into each other, whatever the plot's width: in date order,
        each on its side of its line (resources/: label_side), else on the other side, else
        hidden (its line stays, and hovering it names the event)."""
        view = self.getPlotItem().getViewBox()
        width_px = view.width()
        if width_px < 1:
            return
        low, high = view.viewRange()[0]
        per_px = (high - low) / width_px
        taken: list[tuple[float, float]] = []
        for label, preferred in zip(self.event_labels, LABELLED_EVENTS.values(), strict=True):
            x = label.pos().x()
            # The text's own height (its fill's padding may touch a neighbour's fill).
            text_px = label.rect().height() - 2 * ValueLabel.PAD_Y_PX
            room = (text_px + EVENT_GAP_PX) * per_px
            shown = False
            for side in (preferred, "left" if preferred == "right" else "right"):
                span = (x, x + room) if side == "right" else (x - room, x)
                if all(span[1] <= a or b <= span[0] for a, b in taken):
                    label.setAnchor((1.0, 0.0 if side == "right" else 1.0))
                    taken.append(span)
                    shown = True
                    break
            label.setVisible(shown)

    def _place_events(self, low: float, high: float) -> None:
        """Event lines from the bottom to the top of the y range [low, high], names at the top."""
        self.event_lines.setData(
            np.repeat(self.event_x, 2), np.tile([low, high], self.event_x.size)
        )
        top = low + LABEL_AT * (high - low)
        for label in self.event_labels:
            label.setPos(label.pos().x(), top)

    def set_range(self, axis: str, low: float, high: float) -> None:
        super().set_range(axis, low, high)
        if axis == "y":
            self._place_events(low, high)
            if self.step_x.size:
                self.step_lines.setData(
                    np.repeat(self.step_x, 2), np.tile([low, high], self.step_x.size)
                )
            self._place_rows()

    # -- where the labels go: names at the top, rows of step and branch labels under them, the
    # -- data below (so no label sits on a line) ----------------------------------------------

    def _view_px(self) -> float:
        return float(self.getPlotItem().getViewBox().height())

    def _rows(self) -> int:
        return (self._branch is not None) + min(3, len(self._steps))

    def _names_px(self) -> float:
        """How far down from the top the event names reach (rotated: their boxes' widths)."""
        return max((label.rect().width() for label in self.event_labels), default=0.0)

    def headroom(self) -> float:
        """The top of the y range as a multiple of the highest line: room for the event names
        and the label rows above the data at the view's height in pixels."""
        view_px = self._view_px()
        if view_px < 60:
            return HEADROOM
        band = self._names_px() + LABEL_GAP_PX + sum(self._row_heights_px()) + LABEL_GAP_PX
        return 1.0 / (1.0 - min(band / view_px, MAX_BAND_SHARE))

    def _place_rows(self) -> None:
        """The branch label (row 0) and the step labels in the rows under the event names."""
        low, high = self._ranges.get("y", (0.0, 1.0))
        view_px = self._view_px()
        per_px = (high - low) / view_px if view_px >= 60 else (high - low) / 300.0
        heights = self._row_heights_px()
        # Under the event names; in a view too short for both (a printed page's third), the
        # rows end inside the view and cover the names' lower ends instead of leaving it.
        down_px = min(self._names_px(), view_px - sum(heights) - 2 * LABEL_GAP_PX)
        top = high - (max(down_px, 0.0) + LABEL_GAP_PX) * per_px
        starts = [sum(heights[:row]) for row in range(len(heights))]
        row = 0
        if self._branch is not None:
            self.branch_label.setPos(float(self.branch_marker.value()), top)
            row = 1
        for n, label in enumerate(self.step_labels):
            label.setPos(label.pos().x(), top - starts[row + n % 3] * per_px)

    def _row_heights_px(self) -> list[float]:
        """Each row of labels' height: LABEL_ROW_PX, and a line more for each line a label in it
        was wrapped onto (a printed page's narrow timeline wraps a name wider than its view)."""
        rows: list[list[ValueLabel]] = [[self.branch_label]] if self._branch is not None else []
        steps = self.step_labels
        rows += [steps[k::3] for k in range(min(3, len(steps)))]
        return [
            LABEL_ROW_PX
            + max(label.toPlainText().count("\n") for label in row)
            * QtGui.QFontMetricsF(row[0].font()).lineSpacing()
            * row[0].scale()
            for row in rows
        ]

    def labels_rewrapped(self) -> None:
        """Some labels now take more lines (gui.export.plot_fit): their rows make room."""
        self._refit_y()

    def _refit_y(self) -> None:
        """The view changed height: the labels need another share of it."""
        if self._data_top is not None:
            self.fit_range("y", 0.0, self._data_top * self.headroom())
        self._place_rows()

    def event_tip(self, pos: QtCore.QPoint) -> str:
        """The events whose lines pass within EVENT_HOVER_PX of a viewport point, one a line."""
        view = self.getPlotItem().getViewBox()
        scene_pos = self.mapToScene(pos)
        if not view.sceneBoundingRect().contains(scene_pos):
            return ""
        xs = [view.mapViewToScene(QtCore.QPointF(x, 0.0)).x() for x in self.event_x]
        near = [
            tip
            for x, tip in zip(xs, self.event_tips, strict=True)
            if abs(x - scene_pos.x()) <= EVENT_HOVER_PX
        ]
        return "\n".join(near)

    def point_tip(self, pos: QtCore.QPoint) -> str:
        """China's customs figure under a viewport point, with its value and source; else ''."""
        view = self.getPlotItem().getViewBox()
        scene_pos = self.mapToScene(pos)
        if not view.sceneBoundingRect().contains(scene_pos) or not self.point_tips:
            return ""
        best, tip = POINT_HOVER_PX, ""
        for (x, y), text in zip(self.point_xy.T, self.point_tips, strict=True):
            at = view.mapViewToScene(QtCore.QPointF(x, y))
            distance = max(abs(at.x() - scene_pos.x()), abs(at.y() - scene_pos.y()))
            if distance <= best:
                best, tip = distance, text
        return tip

    def viewportEvent(self, event: QtCore.QEvent) -> bool:
        """Hovering a customs point shows its figure and source; an event line, what happened
        that day and who reported it (several, where lines touch)."""
        if event.type() == QtCore.QEvent.Type.ToolTip:
            assert isinstance(event, QtGui.QHelpEvent)
            tip = self.point_tip(event.pos()) or self.event_tip(event.pos())
            if tip:
                QtWidgets.QToolTip.showText(event.globalPos(), tip, self.viewport())
                return True
        return bool(super().viewportEvent(event))

    def _add_history(self) -> tuple[pg.PlotDataItem, pg.PlotDataItem]:
        item = self.getPlotItem()
        first, last = X_START.year, X_END.year - 1
        monthly_x: list[float] = []
        monthly_y: list[float] = []
        annual_x: list[float] = []
        annual_y: list[float] = []
        for row in load_history():
            value = float(row["value_usd_m"])
            if row["granularity"] == "month":
                month = np.datetime64(row["period"], "M")
                monthly_x.append(float(month_midpoints(np.array([month]))[0]))
                monthly_y.append(value)
                self.point_tips.append(
                    _with_sources(
                        f"China's imports from North Korea, {month.astype(dt.date):%b %Y}: "
                        f"{fmt.usd(value)} (customs; {row['certainty']})",
                        row["citations"],
                    )
                )
            elif first <= int(row["period"]) <= last:
                year = int(row["period"])
                annual_x += [
                    epoch_seconds(dt.date(year, 1, 1)),
                    epoch_seconds(dt.date(year + 1, 1, 1)),
                ]
                annual_y += [value / 12.0, value / 12.0]
        self._history_max = max([0.0, *monthly_y, *annual_y])
        self.point_xy = np.array([monthly_x, monthly_y], dtype=float).reshape(2, -1)
        monthly = item.plot(
            np.array(monthly_x),
            np.array(monthly_y),
            name="China customs, monthly",
            pen=None,
            symbol="o",
            symbolSize=6,
            symbolPen=self.pen(palette.HALO, 0.8),
            symbolBrush=palette.brush(palette.HISTORY),
        )
        annual = item.plot(
            np.array(annual_x),
            np.array(annual_y),
            name="China customs, year / 12",
            pen=self.pen(palette.HISTORY, 2.5),
            connect="pairs",
        )
        return monthly, annual

    # -- per scenario ----------------------------------------------------------------------------

    def show_answer(self, answer: Answer, view: View) -> None:
        """The scenario's whole monthly path (the timeline shows every month, whatever the
        period), the record's fit, the pins and the bands if the view asks, the scenario's
        branch and steps, and the months the answer's period sums."""
        path = answer.path
        x = month_midpoints(path.months)
        baseline, scenario = monthly_totals(path)
        # China's customs are the dots: the model's line on the same basis (GACC, to China).
        recorded = path.monthly_recorded_exports_to_china_usd_m
        self.baseline_curve.setData(x, baseline)
        self.scenario_curve.setData(x, scenario)
        self.recorded_curve.setData(x, recorded)
        self._show_record(answer.record_path)
        top = max(
            float(np.max(baseline)),
            float(np.max(scenario)),
            float(np.max(recorded)),
            self._history_max,
        )
        self._show_steps(answer.scenario)
        self._show_branch(answer.scenario.branch)
        self._show_period(answer.period)
        self._show_pins(answer, view)
        self._show_bands(answer, view)
        self._data_top = max(top, 1.0)
        self.fit_range("y", 0.0, self._data_top * self.headroom())
        self._place_rows()

    def _show_record(self, record: Result | None) -> None:
        """The record preset's reproduction of China's customs (the model's fit)."""
        if record is None:
            self.record_curve.setVisible(False)
            return
        self.record_curve.setData(
            month_midpoints(record.months), record.monthly_recorded_exports_to_china_usd_m
        )
        self.record_curve.setVisible(True)

    def _show_period(self, period: Period) -> None:
        """Shade the months a year's or a span's figures sum; nothing in the steady state."""
        span = period_span(period)
        self.period_region.setVisible(span is not None)
        if span is not None and self.period_region.getRegion() != span:
            self.period_region.setRegion(span)
            self.period_region.setToolTip(f"The figures shown are for {period.label}")

    def set_branch_editable(self, editable: bool) -> None:
        """Offer the branch marker to drag (the window, with the record available): with no
        branch it waits, grey, at the horizon's first month."""
        self._branch_editable = editable
        self.branch_marker.setMovable(editable)
        self._sync_marker()

    def _show_branch(self, month: str | None) -> None:
        """A dark line where a counterfactual leaves the record, named."""
        if month == self._branch:
            return
        self._branch = month
        self._sync_marker()

    def _sync_marker(self) -> None:
        month = self._branch
        self._syncing_branch = True
        try:
            self.branch_marker.setValue(
                BRANCH_X[BRANCH_MONTHS.index(month)] if month in BRANCH_MONTHS else BRANCH_X[0]
            )
        finally:
            self._syncing_branch = False
        self.branch_marker.setVisible(month is not None or self._branch_editable)
        self.branch_marker.setPen(self._branch_pen if month is not None else self._no_branch_pen)
        self.branch_marker.setToolTip(
            BRANCH_TIP.format(month=month) if month is not None else NO_BRANCH_TIP
        )
        self.branch_label.setVisible(month is not None)
        if month is not None:
            self.branch_label.setText(BRANCH_LABEL.format(month=month))
            late = month > BRANCH_MONTHS[int(0.66 * len(BRANCH_MONTHS))]
            self.branch_label.setAnchor((1.0 if late else 0.0, 0.0))
        self._place_rows()

    def _marker_moved(self, _line: object) -> None:
        """The analyst moved the marker (not the scenario's echo): branch there."""
        if self._syncing_branch:
            return
        self.branch_marker.setToolTip(BRANCH_TIP.format(month=self.branch_marker.month()))
        self.branchMoved.emit(self.branch_marker.month())

    def _marker_taken(self, _line: object) -> None:
        self._marker_dragging = True
        self.branchDragging.emit(True)

    def _marker_dropped(self, _line: object) -> None:
        if self._marker_dragging:
            self._marker_dragging = False
            self.branchDragging.emit(False)

    def _show_steps(self, scenario: Scenario) -> None:
        """A solid tick and a name where each lever's schedule steps ("laxity 50 % from Jun
        2018"); redrawn only when the schedules change, never on a plain slider step."""
        # A branch is the record before its month (the branch line says so): only the steps
        # from there on are the analyst's, so only they are marked.
        branch = scenario.branch or ""
        steps = tuple(
            (pid, month, float(value))
            for pid in LEVER_IDS
            for month, value in scenario.schedules.get(pid, ())
            if month >= branch
        )
        if steps == self._steps:
            return
        where = [(pid, month) for pid, month, _v in steps]
        if where == [(pid, month) for pid, month, _v in self._steps]:
            # Only values moved (a drag on a lever with a schedule): the same ticks, new names.
            self._steps = steps
            for label, (pid, month, value) in zip(self.step_labels, steps, strict=True):
                label.setText(step_text(pid, month, value))
            return
        self._steps = steps
        for label in self.step_labels:
            self.getPlotItem().removeItem(label)
        self.step_labels = []
        xs = np.array([epoch_seconds(np.datetime64(month, "D")) for _p, month, _v in steps])
        self.step_x = xs
        low, high = self._ranges.get("y", (0.0, 1.0))
        self.step_lines.setData(np.repeat(xs, 2), np.tile([low, high], xs.size))
        font = QtGui.QFont()
        font.setPointSize(EVENT_FONT_PT)
        for n, (pid, month, value) in enumerate(steps):
            # Left of its line in the last third of the horizon, so it is never cut at the edge.
            late = xs[n] > self._x_range[0] + 0.66 * (self._x_range[1] - self._x_range[0])
            label = ValueLabel(
                anchor=(1.0 if late else 0.0, 0.0),
                colour=palette.SCENARIO,
                fill=palette.brush(*palette.EVENT_LABEL_FILL),
                font=font,
            )
            label.setText(step_text(pid, month, value))
            label.setPos(float(xs[n]), low)
            label.setZValue(25)
            self.getPlotItem().addItem(label, ignoreBounds=True)
            self.step_labels.append(label)

    def _show_pins(self, answer: Answer, view: View) -> None:
        """Each pin's total monthly revenue as a line in its colour and dash, in the legend;
        redrawn only when the pins change."""
        drawn = tuple(
            (pin, comparison.result.monthly_scenario_usd_m)
            for pin, comparison in zip(view.pins, answer.pins, strict=False)
        )
        if len(drawn) == len(self._pins) and all(
            pin is old_pin and path is old_path
            for (pin, path), (old_pin, old_path) in zip(drawn, self._pins, strict=True)
        ):
            return
        self._pins = drawn
        legend = self.legend
        for curve in self.pin_curves:
            curve.setVisible(False)
            legend.removeItem(curve)
        top = 0.0
        for pin, comparison in zip(view.pins, answer.pins, strict=False):
            curve = self.pin_curves[pin.slot]
            _, total = monthly_totals(comparison.result)
            curve.setData(month_midpoints(comparison.result.months), total)
            curve.setPen(pin_pen(pin, 2.0, self.print_scale))
            curve.setToolTip(auto_text(f"Pin '{pin.name}': total monthly revenue"))
            curve.setVisible(True)
            if self.names_pins:
                legend.addItem(curve, legend_name(pin, 140))
            top = max(top, float(np.max(total)))
        self.cache_static(legend)
        self.set_pin_span("y", (0.0, max(top, 1.0) * self.headroom()) if drawn else None)

    def _show_bands(self, answer: Answer, view: View) -> None:
        """The 5-95 % band of the scenario's monthly total while the view shows bands and the
        analysis is at hand; grey while stale. Redrawn only when it changes."""
        analysis = answer.analysis if view.bands else None
        bands = analysis.bands if analysis is not None else None
        fresh = answer.analysis_fresh
        shown, was_fresh = self._bands
        if bands is shown and (fresh == was_fresh or bands is None):
            return
        self._bands = (bands, fresh)
        self.legend.removeItem(self.band_swatch)
        if bands is None:
            self.band.setVisible(False)
            self.set_extra_span("bands", "y", None)
            self.cache_static(self.legend)
            return
        x = month_midpoints(MONTHS)
        self.band_low.setData(x, bands.monthly_total_p5)
        self.band_high.setData(x, bands.monthly_total_p95)
        brush = BAND_BRUSH if fresh else STALE_BAND_BRUSH
        self.band.setBrush(brush)
        self.band_swatch.setOpts(brush=brush)
        self.band.setVisible(True)
        self.legend.addItem(self.band_swatch, BAND_LEGEND if fresh else f"{BAND_LEGEND} (updating)")
        self.cache_static(self.legend)
        top = float(np.max(bands.monthly_total_p95))
        self.set_extra_span("bands", "y", (0.0, max(top, 1.0) * self.headroom()))


def _with_sources(text: str, citations: list[Citation]) -> str:
    """A tip and, a line each, who reported it (publisher, title, date, address) and the quote."""
    return "\n".join([text, *(f"Source: {c.with_quote()}" for c in citations)])
