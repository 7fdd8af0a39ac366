"""The branch from the record, chosen on the timeline or in the levers' "Start from" selector:
the timeline's marker, dragged or moved, branches the scenario (a drag is one undo step, as a
lever's is), and a new branch shows the first whole year after it, where it differs from the
record."""

from __future__ import annotations

from PySide6 import QtCore

from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.view_state import ViewState
from dprk_explorer.gui.widgets.levers import LeverPanel
from dprk_explorer.model.core.period import Period
from dprk_explorer.model.core.timeline import YEARS


class BranchMarker(QtCore.QObject):
    """Wires the timeline's marker and the levers' selector to the state and the view."""

    def __init__(
        self,
        state: ScenarioState,
        view_state: ViewState,
        levers: LeverPanel,
        timeline: TimelinePlot,
        editable: bool,
    ) -> None:
        """`editable`: the record is available to branch from (else the marker is hidden)."""
        super().__init__(timeline)
        self.state = state
        self.view_state = view_state
        self.levers = levers
        self._dragging = False
        timeline.set_branch_editable(editable)
        timeline.branchMoved.connect(self._moved)
        timeline.branchDragging.connect(self._drag)
        levers.branch.activated.connect(lambda _index: self.show_year_after_branch())

    def show_year_after_branch(self) -> None:
        """A new branch, with the steady state shown: show the first whole year after it."""
        branch = self.state.scenario.branch
        if branch is not None and self.view_state.view.period.is_steady:
            year = min(int(branch[:4]) + 1, YEARS[-1])
            self.view_state.update(period=Period.year(year))

    def _moved(self, month: str) -> None:
        self.levers.choose_branch(month)
        if not self._dragging:  # moved in one go (keys, a script): show its year now
            self.show_year_after_branch()

    def _drag(self, dragging: bool) -> None:
        """A drag of the marker is one undo step, as a lever's drag is."""
        self._dragging = dragging
        if dragging:
            self.state.begin_drag()
            return
        self.state.end_drag()
        self.show_year_after_branch()
