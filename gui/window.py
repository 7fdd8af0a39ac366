"""The main window: levers on the left, headline strip on top, four live plots in the centre.

It builds its parts, lays them out and wires them; it computes nothing. The scenario lives in
`ScenarioState`, the view choices in `ViewState`, and every view draws the one answer the
`AnswerHub` builds from both (`show_answer(answer, view)`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.analysis_runner import AnalysisRunner
from dprk_explorer.gui.answers import AnswerHub, AnswerView
from dprk_explorer.gui.branch_marker import BranchMarker
from dprk_explorer.gui.docks import AnalysisDock, controls_dock, place_docks, reset_docks
from dprk_explorer.gui.export.actions import Exporter
from dprk_explorer.gui.first_run import FirstRunHint
from dprk_explorer.gui.io.scenario_files import ScenarioFiles
from dprk_explorer.gui.menus import HelpDocs, advanced_action, build_menus
from dprk_explorer.gui.pins import PinStore
from dprk_explorer.gui.plots.base import ResultPlot
from dprk_explorer.gui.plots.channels import ChannelPlot
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot
from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.text.names import APP_TITLE
from dprk_explorer.gui.text.scenario_name import named
from dprk_explorer.gui.view_controls import PeriodChoice, bands_action, record_action
from dprk_explorer.gui.view_state import ViewState
from dprk_explorer.gui.widgets.assumptions import AssumptionsPanel
from dprk_explorer.gui.widgets.headline import HeadlineStrip
from dprk_explorer.gui.widgets.input_guard import InputGuard
from dprk_explorer.gui.widgets.levers import LeverPanel
from dprk_explorer.gui.widgets.pin_panel import PinPanel
from dprk_explorer.gui.widgets.presets import PresetPanel
from dprk_explorer.gui.widgets.scenario_fields import ScenarioFields
from dprk_explorer.model import Scenario, ScenarioError, evaluate
from dprk_explorer.model.record.record import record_or_reason, record_scenario

if TYPE_CHECKING:
    from dprk_explorer.gui.widgets.analysis_panel import AnalysisPanel

DEFAULT_SIZE = QtCore.QSize(1280, 800)
#: The first size's share of a larger screen's available area (at least DEFAULT_SIZE).
SCREEN_SHARE = 0.9
#: Below this the plots and headline scroll instead of being squeezed until they clip.
MIN_CONTENT_SIZE = QtCore.QSize(760, 520)
#: The least height of a plot in the grid (px): the channel plot's eleven rows and a legend of
#: two lines (pins drawn) read without overlapping, the timeline's event names clear of its
#: curves; a shorter window (1280x720 at 2x scale with the first-run hint) scrolls instead.
PLOT_MIN_HEIGHT_PX = 264
#: Room left on the screen for the window manager's frame and panels.
SCREEN_MARGIN_PX = 48
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_ADVANCED = "window/advanced_open"
KEY_SCENARIO = "session/last_scenario"


class MainWindow(QtWidgets.QMainWindow):
    def __init__(self, state: ScenarioState, settings: QtCore.QSettings | None = None) -> None:
        super().__init__()
        self.state = state
        state.setParent(self)  # the state, its undo stack and the window live and die together
        self.settings = settings
        self.setObjectName("mainWindow")
        self.resize(first_size(self.screen().availableGeometry() if self.screen() else None))

        self.headline = HeadlineStrip()
        self.channels = ChannelPlot()
        self.waterfall = WaterfallPlot()
        self.timeline = TimelinePlot()
        self.map = RevenueMapPlot()
        self.plots: list[ResultPlot] = [self.channels, self.waterfall, self.timeline, self.map]
        self.hint = FirstRunHint(settings)
        self.setCentralWidget(self._central())

        self.levers = LeverPanel(state)
        self.presets = PresetPanel(state)
        # Pinned comparison: the store outlives its panel's rows; every view draws the pins.
        self.pins = PinStore(self)
        self.pin_panel = PinPanel(self.pins, state)
        self.assumptions = AssumptionsPanel(state)
        self.scenario_fields = ScenarioFields(state)
        self.controls_dock, self.controls_column = controls_dock(
            [self.levers, self.presets, self.pin_panel, self.scenario_fields, self.assumptions],
            [state.scenarioChanged, self.pins.pinsChanged], self,
        )  # fmt: skip

        # What is shown: the view's choices (the bands remembered), and the one answer built
        # from them and the scenario. The record is read (fitted offline) and evaluated once.
        self.view_state = ViewState(parent=self)
        self.view_state.restore(settings)
        found, self.record_reason = record_or_reason()
        record_result = evaluate(found.scenario) if found is not None else None
        # The analysis is computed off the GUI thread once the levers are still.
        self.analysis_runner = AnalysisRunner(state, self)
        self.answers = AnswerHub(
            state, self.view_state, self.pins, self.analysis_runner, found, record_result, self
        )
        self.bands_action = bands_action(self.view_state, self)
        unavailable = None if found is not None else self.record_reason
        self.record_action = record_action(self.view_state, self, unavailable)
        self.period_choice = PeriodChoice(self.headline.period, self.view_state)
        self.analysis_dock = AnalysisDock(
            state, self.analysis_runner, self.bands_action, self.answers, self
        )
        place_docks(self, self.controls_dock, self.analysis_dock)
        self.branch_marker = BranchMarker(
            state, self.view_state, self.levers, self.timeline, found is not None
        )

        self.files = ScenarioFiles(state, self, settings)
        self.presets.presetApplied.connect(lambda _pid: self.files.detach())
        self.exporter = Exporter(state, self.answers, self.files.report, self, settings)
        self.help = HelpDocs(self)
        self.show_model_doc = self.help.show_model_doc
        self.show_primer = self.help.show_primer
        self.show_validation_doc = self.help.show_validation_doc
        view_items = [
            self.controls_dock.toggleViewAction(),
            advanced_action(self.assumptions, self),
            None,
            self.analysis_dock.toggleViewAction(),
            self.bands_action,
            self.record_action,
        ]
        menus = build_menus(
            self, self.files, self.exporter, state.undo_stack, view_items, self.reset_layout,
            self.help,
        )  # fmt: skip
        self.undo_action, self.redo_action = menus.undo, menus.redo
        # The wheel changes a control only with the focus; these shortcuts work in text fields.
        self.input_guard = InputGuard.install(self)
        self.input_guard.keep_shortcuts([
            self.files.open_action, self.files.save_action, self.files.save_as_action,
            self.exporter.export_brief_action, self.exporter.export_data_action,
            self.bands_action, menus.primer,
        ])  # fmt: skip
        self.reset_layout_action = menus.reset_layout
        self.menuBar().setCornerWidget(self.headline.period_box, QtCore.Qt.Corner.TopRightCorner)
        self.setAcceptDrops(True)
        self.status = self.statusBar()

        # Every view draws the one answer, with the view it is drawn with.
        views: list[AnswerView] = [self.headline, *self.plots, self.pin_panel]
        for view in views:
            self.answers.answerChanged.connect(view.show_answer)
        self.pin_panel.comparisonChanged.connect(self.answers.compare_with)
        state.dragging.connect(self._hold_ranges)
        state.message.connect(self.show_message)
        self.pins.message.connect(self.show_message)
        state.scenarioChanged.connect(self._update_title)
        self.files.fileChanged.connect(lambda: self._update_title(self.state.scenario))
        self.restore_layout()
        if self.record_reason:
            self.show_message(f"The record is unavailable: {self.record_reason}")
        state.announce()
        self.analysis_runner.request()
        self._update_title(state.scenario)

    def _central(self) -> QtWidgets.QWidget:
        """The headline over the four plots, scrolled when the window is smaller than they
        need; the first-run hint above, outside the scroll area (a height-for-width child would
        make the scrolled content as tall as the plots' preferred size)."""
        central = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout()
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(6)
        for at, plot in enumerate(self.plots):
            plot.setMinimumHeight(max(plot.minimumHeight(), PLOT_MIN_HEIGHT_PX))
            grid.addWidget(plot, at // 2, at % 2)
        outer = QtWidgets.QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.headline)
        outer.addLayout(grid, 1)
        # The width only: the height is the layout's least (two rows at PLOT_MIN_HEIGHT_PX).
        central.setMinimumWidth(MIN_CONTENT_SIZE.width())
        self.central_scroll = QtWidgets.QScrollArea()
        self.central_scroll.setObjectName("centralScroll")
        self.central_scroll.setWidget(central)
        self.central_scroll.setWidgetResizable(True)
        self.central_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        frame = QtWidgets.QWidget()
        stack = QtWidgets.QVBoxLayout(frame)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(0)
        stack.addWidget(self.hint)
        stack.addWidget(self.central_scroll, 1)
        return frame

    @property
    def analysis(self) -> AnalysisPanel:
        """The analysis panel, built on first use and showing the newest answer."""
        return self.analysis_dock.panel

    def _hold_ranges(self, dragging: bool) -> None:
        """Axes and the map's colour scale only widen during a drag; refit when it ends."""
        for plot in self.plots:
            plot.set_hold_ranges(dragging)

    def show_message(self, text: str) -> None:
        self.status.showMessage(text, 10_000)

    def _update_title(self, scenario: Scenario) -> None:
        if not shiboken6.isValid(self.state.undo_stack):
            return  # the stack announces "clean" while the window is being torn down
        modified = "" if self.state.undo_stack.isClean() else " *"
        where = f" ({self.files.path.name})" if self.files.path is not None else ""
        # An unnamed scenario with a preset's settings is titled by the preset (not "Default").
        self.setWindowTitle(f"{named(scenario).name}{where}{modified} — {APP_TITLE}")

    # --- drag and drop ------------------------------------------------------------------------

    @staticmethod
    def _dropped_file(mime: QtCore.QMimeData) -> str | None:
        urls = [u for u in mime.urls() if u.isLocalFile()]
        return urls[0].toLocalFile() if len(urls) == 1 else None

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if self._dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        path = self._dropped_file(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files.open_asking(path)

    # --- settings -----------------------------------------------------------------------------

    def restore_layout(self) -> None:
        if self.settings is None:
            return
        geometry = self.settings.value(KEY_GEOMETRY)
        if isinstance(geometry, QtCore.QByteArray):
            self.restoreGeometry(geometry)
        layout = self.settings.value(KEY_STATE)
        if isinstance(layout, QtCore.QByteArray):
            self.restoreState(layout)
        self.assumptions.set_expanded(bool(self.settings.value(KEY_ADVANCED, False, type=bool)))

    def reset_layout(self) -> None:
        """Both docks back on the left, tabbed, shown, Controls in front; the first width."""
        reset_docks(self, self.controls_dock, self.analysis_dock)

    def save_settings(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        self.settings.setValue(KEY_STATE, self.saveState())
        self.settings.setValue(KEY_ADVANCED, self.assumptions.toggle.isChecked())
        self.view_state.save(self.settings)
        self.settings.setValue(KEY_SCENARIO, self.state.scenario.to_toml())
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.save_settings()
        self.analysis_runner.shutdown()
        super().closeEvent(event)


def first_size(available: QtCore.QRect | None) -> QtCore.QSize:
    """The first size fits the screen: SCREEN_SHARE of its available area (1728x972 on
    1920x1080), at least DEFAULT_SIZE, at most the area less SCREEN_MARGIN_PX (a 1366x768
    laptop included)."""
    if available is None or available.isEmpty():
        return DEFAULT_SIZE

    def side(default: int, room: int) -> int:
        return min(max(default, round(SCREEN_SHARE * room)), room - SCREEN_MARGIN_PX)

    return QtCore.QSize(
        side(DEFAULT_SIZE.width(), available.width()),
        side(DEFAULT_SIZE.height(), available.height()),
    )


def last_scenario(settings: QtCore.QSettings) -> tuple[Scenario | None, str]:
    """The scenario saved at the last close, or None and why not (shown in the status bar)."""
    text = settings.value(KEY_SCENARIO)
    if not text:
        return None, ""
    try:
        restored = Scenario.from_toml_text(
            str(text), where="last session: ", record=record_scenario
        )
        return restored, "Restored last scenario"
    except ScenarioError as error:
        return None, f"{error}; started from the default scenario instead"
