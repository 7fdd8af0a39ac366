"""The main window: levers on the left, headline strip on top, four live plots in the centre.

It wires widgets to the one ScenarioState and computes nothing itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.analysis_runner import AnalysisOutcome, AnalysisRunner
from dprk_explorer.gui.export.actions import Exporter
from dprk_explorer.gui.io.scenario_files import ScenarioFiles
from dprk_explorer.gui.pins import Pin, PinStore
from dprk_explorer.gui.plots.base import ResultPlot
from dprk_explorer.gui.plots.channels import ChannelPlot
from dprk_explorer.gui.plots.comparison import RecordToggle
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot
from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.text.headline import vs_record_detail
from dprk_explorer.gui.text.names import APP_TITLE, app_version
from dprk_explorer.gui.widgets.assumptions import AssumptionsPanel
from dprk_explorer.gui.widgets.headline import HeadlineStrip
from dprk_explorer.gui.widgets.levers import LeverPanel
from dprk_explorer.gui.widgets.pin_panel import PinPanel
from dprk_explorer.gui.widgets.presets import PresetPanel
from dprk_explorer.gui.widgets.scenario_fields import ScenarioFields
from dprk_explorer.model import Result, Scenario, ScenarioError, evaluate
from dprk_explorer.model.analysis.bands import N_DRAWS
from dprk_explorer.model.record import record_or_reason
from dprk_explorer.model.record_support import record_support, support_sentence

if TYPE_CHECKING:
    from dprk_explorer.gui.widgets.analysis_panel import AnalysisPanel
    from dprk_explorer.gui.widgets.help import DocumentWindow

DEFAULT_SIZE = QtCore.QSize(1280, 800)
#: Below this the plots and headline scroll instead of being squeezed until they clip.
MIN_CONTENT_SIZE = QtCore.QSize(760, 520)
#: Room left on the screen for the window manager's frame and panels.
SCREEN_MARGIN_PX = 48
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_ADVANCED = "window/advanced_open"
KEY_SCENARIO = "session/last_scenario"
KEY_BANDS = "view/uncertainty_bands"
KEY_HINT_SEEN = "help/first_run_hint_seen"
FIRST_RUN_HINT = (
    "<b>Start here.</b> The levers on the left set how strictly China enforces the coal ban, "
    "how lax its border is and how much North Korean labour it takes. The strip above the "
    "plots answers the question: how much coal revenue the ban costs Pyongyang, and how much "
    "smuggling, unbanned exports and labour win back. Hover any control or number for its "
    "meaning and source; Help → Model and sources has every equation."
)
DOCK_WIDTH = 330


class MainWindow(QtWidgets.QMainWindow):
    def __init__(
        self,
        state: ScenarioState,
        settings: QtCore.QSettings | None = None,
    ) -> None:
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
        self.record_toggle = RecordToggle([self.channels, self.waterfall], self)

        central = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout()
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(6)
        grid.addWidget(self.channels, 0, 0)
        grid.addWidget(self.waterfall, 0, 1)
        grid.addWidget(self.timeline, 1, 0)
        grid.addWidget(self.map, 1, 1)
        outer = QtWidgets.QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.headline)
        outer.addLayout(grid, 1)
        central.setMinimumSize(MIN_CONTENT_SIZE)
        self.central_scroll = QtWidgets.QScrollArea()
        self.central_scroll.setObjectName("centralScroll")
        self.central_scroll.setWidget(central)
        self.central_scroll.setWidgetResizable(True)
        self.central_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        # The hint's wrapped text stays outside the scroll area: a height-for-width child would
        # make the scrolled content as tall as the plots' preferred size.
        self.hint = self._first_run_hint()
        frame = QtWidgets.QWidget()
        stack = QtWidgets.QVBoxLayout(frame)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(0)
        stack.addWidget(self.hint)
        stack.addWidget(self.central_scroll, 1)
        self.setCentralWidget(frame)

        self.levers = LeverPanel(state)
        self.presets = PresetPanel(state)
        # Pinned comparison: the store outlives its panel's rows; plots and headline draw it.
        self.pins = PinStore(self)
        self.pin_panel = PinPanel(self.pins, state)
        self.assumptions = AssumptionsPanel(state)
        self.scenario_fields = ScenarioFields(state)
        controls = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(controls)
        column.addWidget(self.levers)
        column.addWidget(self.presets)
        column.addWidget(self.pin_panel)
        column.addWidget(self.scenario_fields)
        column.addWidget(self.assumptions)
        column.addStretch(1)
        self.controls_column = column
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # No Tab stop of its own: Tab goes through its controls, scrolling each into view (a
        # dock's scroll area also stays in the Tab chain while its tab is hidden).
        scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.controls_dock = QtWidgets.QDockWidget("Controls")
        self.controls_dock.setObjectName("controlsDock")
        self.controls_dock.setWidget(scroll)
        self.controls_dock.setFeatures(
            QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.controls_dock.setMinimumWidth(DOCK_WIDTH)
        self.addDockWidget(QtCore.Qt.DockWidgetArea.LeftDockWidgetArea, self.controls_dock)

        # Analysis: computed off the GUI thread once the levers are still (gui.analysis_runner).
        self.analysis_runner = AnalysisRunner(state, self)
        self.bands_action = QtGui.QAction("Uncertainty &bands", self)
        self.bands_action.setCheckable(True)
        self.bands_action.setShortcut(QtGui.QKeySequence("Ctrl+B"))
        self.bands_action.setToolTip(
            f"5-95 % ranges from {N_DRAWS:,} Monte Carlo draws over every uncertain assumption: "
            "a band on the timeline, whiskers on the channel bars. Grey while being recomputed."
        )
        # The panel is built the first time it is shown or asked for (`analysis`): its two plots
        # would cost start-up time for a tab that starts hidden.
        self._analysis_panel: AnalysisPanel | None = None
        self._analysis_scroll = QtWidgets.QScrollArea()
        self._analysis_scroll.setWidgetResizable(True)
        self._analysis_scroll.setHorizontalScrollBarPolicy(
            QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self._analysis_scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.analysis_dock = QtWidgets.QDockWidget("Analysis")
        self.analysis_dock.setObjectName("analysisDock")
        self.analysis_dock.setWidget(self._analysis_scroll)
        self.analysis_dock.visibilityChanged.connect(self._analysis_visible)
        self.analysis_dock.setFeatures(self.controls_dock.features())
        self.analysis_dock.setMinimumWidth(DOCK_WIDTH)
        self.addDockWidget(QtCore.Qt.DockWidgetArea.LeftDockWidgetArea, self.analysis_dock)
        self.tabifyDockWidget(self.controls_dock, self.analysis_dock)
        self.controls_dock.raise_()
        # The plots' size hints would widen the dock area: the plots get the room instead.
        self.resizeDocks([self.controls_dock], [DOCK_WIDTH], QtCore.Qt.Orientation.Horizontal)
        self.analysis_runner.ready.connect(self.show_analysis)
        self.analysis_runner.stale.connect(self._analysis_stale)
        self.bands_action.toggled.connect(self._bands_toggled)

        self._model_doc: DocumentWindow | None = None
        self._validation_doc: DocumentWindow | None = None
        self.files = ScenarioFiles(state, self, settings)
        self.exporter = Exporter(
            state, self.pins, self.analysis_runner, self.files.report, self, settings,
            bands_shown=self.bands_action.isChecked, year_shown=self.headline.year,
        )  # fmt: skip
        self.setAcceptDrops(True)
        self._build_menus()
        self.status = self.statusBar()
        state.message.connect(self.show_message)
        self._result: Result | None = None
        # The record (fitted, read from resources/record.toml, never refitted here): drawn on
        # the timeline, and what a branched scenario is compared with.
        found, self.record_reason = record_or_reason()
        self._record = found
        self.record_result = evaluate(found.scenario) if found is not None else None
        self._record_path = self.record_result.path_by_year() if self.record_result else []
        self.timeline.show_record(self.record_result)
        self.record_toggle.set_record(self.record_result, self.record_reason)
        state.changed.connect(self.show_result)
        self.headline.period.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.levers.branch.activated.connect(lambda _i: self._show_year_after_branch())
        # The timeline's branch marker: dragged, it branches from the record (one undo step).
        self._marker_drag = False
        self.timeline.set_branch_editable(found is not None)
        self.timeline.branchMoved.connect(self._branch_marker_moved)
        self.timeline.branchDragging.connect(self._branch_marker_dragging)
        state.gridChanged.connect(self.map.show_grid)
        state.dragging.connect(self._hold_ranges)
        state.scenarioChanged.connect(self._update_title)
        self.files.fileChanged.connect(self._refresh_title)
        self.pins.pinsChanged.connect(self.show_pins)
        self.pin_panel.comparisonChanged.connect(self.headline.set_comparison)
        self.pins.message.connect(self.show_message)
        self.show_pins(self.pins.pins)
        self.restore_layout()
        if self.record_reason:
            self.show_message(f"The record is unavailable: {self.record_reason}")
        state.announce()
        self.analysis_runner.request()
        self._update_title(state.scenario)

    def _first_run_hint(self) -> QtWidgets.QFrame:
        """What the levers do and where the question is answered; shown until dismissed."""
        frame = QtWidgets.QFrame()
        frame.setObjectName("firstRunHint")
        text = QtWidgets.QLabel(FIRST_RUN_HINT)
        text.setWordWrap(True)
        text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        close = QtWidgets.QPushButton("Got it")
        close.setObjectName("hintClose")
        close.setToolTip("Hide this hint for good (it stays hidden next time)")
        close.clicked.connect(self.dismiss_hint)
        row = QtWidgets.QHBoxLayout(frame)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(text, 1)
        row.addWidget(close, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)
        seen = self.settings is None or bool(self.settings.value(KEY_HINT_SEEN, False, type=bool))
        frame.setVisible(not seen)
        return frame

    def dismiss_hint(self) -> None:
        self.hint.hide()
        if self.settings is not None:
            self.settings.setValue(KEY_HINT_SEEN, True)

    # --- menus --------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setCornerWidget(self.headline.period_box, QtCore.Qt.Corner.TopRightCorner)
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.files.open_action)
        file_menu.addMenu(self.files.recent_menu)
        file_menu.addAction(self.files.save_action)
        file_menu.addAction(self.files.save_as_action)
        file_menu.addSeparator()
        exports = self.exporter
        file_menu.addAction(exports.export_brief_action)
        file_menu.addMenu(exports.export_plot_menu)
        file_menu.addAction(exports.export_data_action)
        file_menu.addAction(exports.export_settings_action)
        file_menu.addSeparator()
        quit_action = QtGui.QAction("&Quit", self)
        quit_action.setShortcut(QtGui.QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit = bar.addMenu("&Edit")
        self.undo_action = self.state.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QtGui.QKeySequence.StandardKey.Undo)
        self.redo_action = self.state.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(
            [QtGui.QKeySequence("Ctrl+Shift+Z"), QtGui.QKeySequence("Ctrl+Y")]
        )
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction(exports.copy_figure_action)
        edit.addMenu(exports.copy_plot_menu)
        edit.addAction(exports.copy_numbers_action)
        edit.addAction(exports.copy_markdown_action)

        view = bar.addMenu("&View")
        view.addAction(self.controls_dock.toggleViewAction())
        advanced = QtGui.QAction("&Advanced assumptions", self)
        advanced.setCheckable(True)
        advanced.toggled.connect(self.assumptions.set_expanded)
        self.assumptions.toggle.toggled.connect(advanced.setChecked)
        view.addAction(advanced)
        view.addSeparator()
        view.addAction(self.analysis_dock.toggleViewAction())
        view.addAction(self.bands_action)
        view.addAction(self.record_toggle.action)
        view.addSeparator()
        self.reset_layout_action = QtGui.QAction("&Reset layout", self)
        self.reset_layout_action.setToolTip(
            "Dock Controls and Analysis back on the left as tabs, shown, at their first width"
        )
        self.reset_layout_action.triggered.connect(self.reset_layout)
        view.addAction(self.reset_layout_action)

        help_menu = bar.addMenu("&Help")
        self.model_doc_action = QtGui.QAction("&Model and sources", self)
        self.model_doc_action.setShortcut(QtGui.QKeySequence.StandardKey.HelpContents)
        self.model_doc_action.triggered.connect(self.show_model_doc)
        help_menu.addAction(self.model_doc_action)
        self.validation_doc_action = QtGui.QAction("&Validation against the record", self)
        self.validation_doc_action.triggered.connect(self.show_validation_doc)
        help_menu.addAction(self.validation_doc_action)
        about = QtGui.QAction("&About", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def show_model_doc(self) -> DocumentWindow:
        """Help → Model and sources: the equations, parameters and sources, as shipped."""
        from dprk_explorer.gui.widgets.help import ModelSourcesWindow

        if self._model_doc is None:
            self._model_doc = ModelSourcesWindow(f"Model and sources — {APP_TITLE}", self)
        self._model_doc.show()
        self._model_doc.raise_()
        return self._model_doc

    def show_validation_doc(self) -> DocumentWindow:
        """Help → Validation: the record's fit, in and out of sample, as shipped."""
        from dprk_explorer.gui.widgets.help import VALIDATION_DOC, DocumentWindow

        if self._validation_doc is None:
            self._validation_doc = DocumentWindow(
                f"Validation against the record — {APP_TITLE}", VALIDATION_DOC, self
            )
        self._validation_doc.show()
        return self._validation_doc

    def _about(self) -> None:
        QtWidgets.QMessageBox.about(
            self,
            f"About {APP_TITLE}",
            f"<b>{APP_TITLE}</b>, version {app_version()}<br><br>"
            "A local, transparent model of how much of North Korea's lost coal revenue "
            "smuggling, unbanned exports and labour win back.<br><br>Every equation, parameter "
            "and source: Help → Model and sources. Every baseline figure names its source and "
            "how certain it is.",
        )

    # --- state --------------------------------------------------------------------------------

    def show_result(self, result: Result) -> None:
        """The annual views (headline, channel bars, waterfall) for the chosen period; the
        timeline and the map's marker from the whole result."""
        self._result = result
        year = self.headline.year()
        annual = result if year is None else result.for_year(year)
        self.headline.show_result(annual)
        if result.scenario.branch is not None and self._record_path:
            self.headline.net.detail.setText(vs_record_detail(result, self._record_path, year))
        self.headline.show_support(self._support_text(result.scenario, year))
        self.channels.show_result(annual)
        self.waterfall.show_result(annual)
        self.pin_panel.show_result(annual)
        self.timeline.show_result(result)
        self.map.show_result(result)

    def _support_text(self, scenario: Scenario, year: int | None) -> str:
        """For the record and its branches: where the scenario leaves what the record supports."""
        found = self._record
        if found is None or not (scenario.branch or scenario.same_values(found.scenario)):
            return ""
        sentence = support_sentence(record_support(scenario, found), year)
        return sentence[:1].upper() + sentence[1:]

    def _show_year_after_branch(self) -> None:
        """A new branch: show the first whole year after it (compared with the record)."""
        branch = self.state.scenario.branch
        if branch is not None and self.headline.year() is None:
            year = min(int(branch[:4]) + 1, 2020)
            self.headline.period.setCurrentIndex(self.headline.period.findData(year))

    def _branch_marker_moved(self, month: str) -> None:
        self.levers.choose_branch(month)
        if not self._marker_drag:  # moved in one go (keys, a script): show its year now
            self._show_year_after_branch()

    def _branch_marker_dragging(self, dragging: bool) -> None:
        """A drag of the marker is one undo step, as a lever's drag is."""
        self._marker_drag = dragging
        if dragging:
            self.state.begin_drag()
            return
        self.state.end_drag()
        self._show_year_after_branch()

    def _period_changed(self) -> None:
        if self._result is not None:
            self.show_result(self._result)

    def show_pins(self, pins: list[Pin]) -> None:
        for plot in self.plots:
            plot.show_pins(pins)
        self.headline.show_pins(pins)

    def _hold_ranges(self, dragging: bool) -> None:
        """Axes and the map's colour scale only widen during a drag; refit when it ends."""
        for plot in self.plots:
            plot.set_hold_ranges(dragging)

    @property
    def analysis(self) -> AnalysisPanel:
        """The analysis panel, built on first use and showing the newest analysis."""
        if self._analysis_panel is None:
            from dprk_explorer.gui.widgets.analysis_panel import AnalysisPanel

            panel = AnalysisPanel(self.state, self.analysis_runner, self.bands_action)
            self._analysis_scroll.setWidget(panel)
            self._analysis_panel = panel
            latest = self.analysis_runner.latest
            if latest is not None:
                panel.show_outcome(latest)
                if not self.analysis_runner.is_fresh:
                    panel.set_stale()
        return self._analysis_panel

    def _analysis_visible(self, visible: bool) -> None:
        if visible:
            self.analysis  # noqa: B018 - built on first show

    def show_analysis(self, outcome: AnalysisOutcome) -> None:
        """A fresh analysis: the robustness flag, the bands if asked for, the goal on the map."""
        analysis = outcome.analysis
        self.headline.show_robustness(
            analysis.robustness, (analysis.bands.net_change_p5, analysis.bands.net_change_p95)
        )
        self._bands_toggled(self.bands_action.isChecked())
        self.map.show_goal(outcome.goal, float(self.state.scenario["border_laxity"]))

    def _analysis_stale(self) -> None:
        self.headline.set_robustness_stale()
        self._bands_toggled(self.bands_action.isChecked())
        latest = self.analysis_runner.latest
        seeking = self.analysis_runner.target_pct is not None  # a target of 0 % is a target
        goal = latest.goal if latest is not None and seeking else None
        self.map.show_goal(goal, float(self.state.scenario["border_laxity"]), fresh=False)

    def _bands_toggled(self, on: bool) -> None:
        latest = self.analysis_runner.latest
        bands = latest.analysis.bands if on and latest is not None else None
        fresh = self.analysis_runner.is_fresh
        self.timeline.show_bands(bands, fresh)
        self.channels.show_bands(bands, fresh)

    def show_message(self, text: str) -> None:
        self.status.showMessage(text, 10_000)

    def _update_title(self, scenario: Scenario) -> None:
        if not shiboken6.isValid(self.state.undo_stack):
            return  # the stack announces "clean" while the window is being torn down
        modified = "" if self.state.undo_stack.isClean() else " *"
        where = f" ({self.files.path.name})" if self.files.path is not None else ""
        self.setWindowTitle(f"{scenario.name}{where}{modified} — {APP_TITLE}")

    def _refresh_title(self) -> None:
        self._update_title(self.state.scenario)

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
        self.bands_action.setChecked(bool(self.settings.value(KEY_BANDS, False, type=bool)))

    def reset_layout(self) -> None:
        """Both docks back on the left, tabbed, shown, Controls in front; the first width."""
        for dock in (self.controls_dock, self.analysis_dock):
            dock.setFloating(False)
            self.addDockWidget(QtCore.Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            dock.show()
        self.tabifyDockWidget(self.controls_dock, self.analysis_dock)
        self.controls_dock.raise_()
        self.resizeDocks([self.controls_dock], [DOCK_WIDTH], QtCore.Qt.Orientation.Horizontal)

    def save_settings(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        self.settings.setValue(KEY_STATE, self.saveState())
        self.settings.setValue(KEY_ADVANCED, self.assumptions.toggle.isChecked())
        self.settings.setValue(KEY_BANDS, self.bands_action.isChecked())
        self.settings.setValue(KEY_SCENARIO, self.state.scenario.to_toml())
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.save_settings()
        self.analysis_runner.shutdown()
        super().closeEvent(event)


def first_size(available: QtCore.QRect | None) -> QtCore.QSize:
    """The default size, shrunk to fit the available screen (a 1366x768 laptop included)."""
    if available is None or available.isEmpty():
        return DEFAULT_SIZE
    return QtCore.QSize(
        min(DEFAULT_SIZE.width(), available.width() - SCREEN_MARGIN_PX),
        min(DEFAULT_SIZE.height(), available.height() - SCREEN_MARGIN_PX),
    )


def last_scenario(settings: QtCore.QSettings) -> tuple[Scenario | None, str]:
    """The scenario saved at the last close, or None and why not (shown in the status bar)."""
    text = settings.value(KEY_SCENARIO)
    if not text:
        return None, ""
    try:
        return Scenario.from_toml_text(str(text), where="last session: "), "Restored last scenario"
    except ScenarioError as error:
        return None, f"{error}; started from the default scenario instead"
