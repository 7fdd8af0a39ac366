"""The window's two docks, tabbed on the left: Controls (levers, presets, pins, the scenario's
name and notes, assumptions) and Analysis (built the first time it is shown)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.analysis_runner import AnalysisRunner
from dprk_explorer.gui.answers import AnswerHub
from dprk_explorer.gui.state import ScenarioState

if TYPE_CHECKING:
    from dprk_explorer.gui.widgets.analysis_panel import AnalysisPanel

DOCK_WIDTH = 330
FEATURES = (
    QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
    | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable
    | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable
)


class ScrollAnchor(QtCore.QObject):
    """Keeps the control being worked on where it is in a scroll area while the content above
    it changes height (a preset's rationale giving way to its list of differences, a warning
    arriving): the scroll position follows, so the next click lands where the pointer is.

    `hold()` (connected to the changes that re-lay out the content) notes the anchor, the
    control with the focus or else the one under the pointer, before the layouts run; as they
    run (the content resized, then once more when the events are done) the scroll bar moves
    by however far the anchor went. The hold waits for the content to resize, not a fixed
    time after the edit: a timer started at the edit ran out on a loaded machine before the
    answer re-laid out the content, and the form jumped under the pointer."""

    #: How long a change's layouts may take to arrive (ms): the content changes once the
    #: model's answer is in, which on a loaded machine is well after the edit. A scroll by the
    #: analyst lets go at once.
    ARRIVE_MS = 1000
    #: Once the content has resized, how long further layouts may still move the anchor (ms).
    SETTLE_MS = 60

    def __init__(self, scroll: QtWidgets.QScrollArea, content: QtWidgets.QWidget) -> None:
        super().__init__(scroll)
        self.scroll = scroll
        self.content = content
        self._held: tuple[QtWidgets.QWidget, int] | None = None
        self._release = QtCore.QTimer(self)
        self._release.setSingleShot(True)
        self._release.timeout.connect(self._let_go)
        content.installEventFilter(self)
        scroll.verticalScrollBar().actionTriggered.connect(self._let_go)

    def _anchor(self) -> QtWidgets.QWidget | None:
        focus = QtWidgets.QApplication.focusWidget()
        if focus is not None and self.content.isAncestorOf(focus) and focus.isVisible():
            return focus
        if not self.scroll.viewport().underMouse():
            return None
        under = QtWidgets.QApplication.widgetAt(QtGui.QCursor.pos())
        return under if under is not None and self.content.isAncestorOf(under) else None

    def _y(self, widget: QtWidgets.QWidget) -> int:
        return widget.mapTo(self.scroll.viewport(), QtCore.QPoint(0, 0)).y()

    def hold(self, *_args: object) -> None:
        """A change is about to re-lay out the content: note where the anchor is now (its
        layouts are posted, so not run yet; a change before the last one's ran still finds
        the anchor where the analyst sees it)."""
        anchor = self._anchor()
        if anchor is None:
            self._held = None
            return
        self._held = (anchor, self._y(anchor))
        QtCore.QTimer.singleShot(0, self._follow)
        self._release.start(self.ARRIVE_MS)

    def _let_go(self, *_args: object) -> None:
        self._held = None

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Resize and self._held is not None:
            QtCore.QTimer.singleShot(0, self._follow)
            self._release.start(self.SETTLE_MS)
        return False

    def _follow(self) -> None:
        if self._held is None:
            return
        anchor, before = self._held
        if not shiboken6.isValid(anchor) or not anchor.isVisible():
            self._held = None
            return
        moved = self._y(anchor) - before
        if moved:
            bar = self.scroll.verticalScrollBar()
            bar.setValue(bar.value() + moved)


def dock_scroll(widget: QtWidgets.QWidget | None = None) -> QtWidgets.QScrollArea:
    """A dock's scroll area: vertical only, and no Tab stop of its own (Tab goes through its
    controls, scrolling each into view; a dock's scroll area stays in the Tab chain while its
    tab is hidden). The control being worked on stays put as the content above it changes."""
    scroll = QtWidgets.QScrollArea()
    if widget is not None:
        scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
    return scroll


def _dock(
    title: str, name: str, scroll: QtWidgets.QScrollArea, window: QtWidgets.QMainWindow | None
) -> QtWidgets.QDockWidget:
    dock = QtWidgets.QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(scroll)
    dock.setFeatures(FEATURES)
    dock.setMinimumWidth(DOCK_WIDTH)
    skip_when_hidden(dock)
    return dock


def skip_when_hidden(dock: QtWidgets.QDockWidget) -> None:
    """A dock on a hidden tab takes no keys: Qt keeps its controls "visible" behind the tab in
    front, so Tab would reach them, with no focus to see, and a key press would change them.
    Its content is hidden with its tab (shown again with it)."""

    def follow(visible: bool) -> None:
        content = dock.widget()
        if content is not None and content.isVisibleTo(dock) != visible:
            content.setVisible(visible)

    dock.visibilityChanged.connect(follow)


def controls_dock(
    widgets: Sequence[QtWidgets.QWidget],
    changes: Sequence[QtCore.SignalInstance] = (),
    window: QtWidgets.QMainWindow | None = None,
) -> tuple[QtWidgets.QDockWidget, QtWidgets.QVBoxLayout]:
    """The Controls dock with `widgets` in a column, top to bottom, and the column. Each of
    `changes` (the scenario's, the pins') may re-lay out the column: the control being worked
    on stays where it is (ScrollAnchor)."""
    controls = QtWidgets.QWidget()
    column = QtWidgets.QVBoxLayout(controls)
    for widget in widgets:
        column.addWidget(widget)
    column.addStretch(1)
    scroll = dock_scroll(controls)
    anchor = ScrollAnchor(scroll, controls)
    for change in changes:
        change.connect(anchor.hold)
    return _dock("Controls", "controlsDock", scroll, window), column


class AnalysisDock(QtWidgets.QDockWidget):
    """The Analysis dock. Its panel is built the first time it is shown or asked for (`panel`):
    its two plots would cost start-up time for a tab that starts hidden. Built, it draws every
    answer from then on, starting with the newest."""

    def __init__(
        self,
        state: ScenarioState,
        runner: AnalysisRunner,
        bands_action: QtGui.QAction,
        answers: AnswerHub,
        window: QtWidgets.QMainWindow | None = None,
    ) -> None:
        super().__init__("Analysis", window)
        self.state, self.runner, self.bands_action, self.answers = (
            state, runner, bands_action, answers
        )  # fmt: skip
        self._scroll = dock_scroll()
        self._panel: AnalysisPanel | None = None
        self.setObjectName("analysisDock")
        self.setWidget(self._scroll)
        self.setFeatures(FEATURES)
        self.setMinimumWidth(DOCK_WIDTH)
        skip_when_hidden(self)
        self.visibilityChanged.connect(self._visible)

    @property
    def panel(self) -> AnalysisPanel:
        if self._panel is None:
            from dprk_explorer.gui.widgets.analysis_panel import AnalysisPanel

            panel = AnalysisPanel(self.state, self.runner, self.bands_action)
            self._scroll.setWidget(panel)
            self._panel = panel
            self.answers.answerChanged.connect(panel.show_answer)
            if self.answers.answer is not None:
                panel.show_answer(self.answers.answer, self.answers.view)
        return self._panel

    def _visible(self, visible: bool) -> None:
        if visible:
            self.panel  # noqa: B018 - built on first show


def place_docks(
    window: QtWidgets.QMainWindow, controls: QtWidgets.QDockWidget, analysis: QtWidgets.QDockWidget
) -> None:
    """Both docks on the left, tabbed, shown, Controls in front, at their first width (the
    plots' size hints would widen the dock area: the plots get the room instead)."""
    for dock in (controls, analysis):
        dock.setFloating(False)
        window.addDockWidget(QtCore.Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        dock.show()
    window.tabifyDockWidget(controls, analysis)
    controls.raise_()
    window.resizeDocks([controls], [DOCK_WIDTH], QtCore.Qt.Orientation.Horizontal)


def reset_docks(
    window: QtWidgets.QMainWindow, controls: QtWidgets.QDockWidget, analysis: QtWidgets.QDockWidget
) -> None:
    """`place_docks` on a window already shown (View > Reset layout). The docks' contents
    follow their tabs (skip_when_hidden); hidden while the docks were added again, they left
    the Controls tab 86 px tall over an empty area. They are set once the docks are placed:
    Controls in front."""
    blockers = [QtCore.QSignalBlocker(dock) for dock in (controls, analysis)]
    place_docks(window, controls, analysis)
    del blockers
    for dock in (controls, analysis):
        content = dock.widget()
        if content is not None:
            content.setVisible(dock is controls)
