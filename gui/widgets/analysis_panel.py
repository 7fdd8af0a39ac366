"""The analysis panel: uncertainty bands toggle, goal seek, attribution and tornado charts.

It draws the answer's analysis, for the answer's period, and marks it stale while a fresh one is
computed (`answer.analysis_fresh`); every number comes from the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.analysis_runner import AnalysisRunner
from dprk_explorer.gui.plots.attribution import AttributionPlot
from dprk_explorer.gui.plots.tornado import TornadoPlot
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import against_base, attribution_note, band_sentence
from dprk_explorer.gui.text.verdicts import verdict
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import GOAL_LEVER, PARAMETERS

if TYPE_CHECKING:
    from dprk_explorer.model.analysis.goal_seek import GoalSeek
    from dprk_explorer.model.answer import Answer

DEFAULT_TARGET_PCT = -20.0
#: Height each chart row needs (px), so labels and bars never overlap.
ATTRIBUTION_ROW_PX = 30
#: The least height of a chart (px): at 1366x768 the chart under the two boxes has about 380.
CHART_MIN_PX = 240
NOT_ROBUST = palette.NOT_ROBUST


class AnalysisPanel(QtWidgets.QWidget):
    def __init__(
        self, state: ScenarioState, runner: AnalysisRunner, bands_action: QtGui.QAction
    ) -> None:
        super().__init__()
        self.state = state
        self.runner = runner

        # Uncertainty ---------------------------------------------------------------------------
        uncertainty = QtWidgets.QGroupBox("Uncertainty")
        self.bands_check = QtWidgets.QCheckBox("Show 5-95 % bands")
        self.bands_check.setToolTip(bands_action.toolTip())
        self.bands_check.toggled.connect(bands_action.setChecked)
        bands_action.toggled.connect(self.bands_check.setChecked)
        self.bands_check.setChecked(bands_action.isChecked())
        self.band_text = QtWidgets.QLabel("Computing…")
        self.band_text.setWordWrap(True)
        self.band_text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        palette.set_role(self.band_text, "note")
        box = QtWidgets.QVBoxLayout(uncertainty)
        box.addWidget(self.bands_check)
        box.addWidget(self.band_text)

        # Goal seek -----------------------------------------------------------------------------
        goal = QtWidgets.QGroupBox("Goal seek")
        self.goal_check = QtWidgets.QCheckBox("Seek a net change of")
        self.goal_check.setToolTip(goal_tip("against no sanctions in the period shown"))
        self.goal_spin = QtWidgets.QDoubleSpinBox()
        self.goal_spin.setRange(-100.0, 100.0)
        self.goal_spin.setDecimals(1)
        self.goal_spin.setSingleStep(1.0)
        self.goal_spin.setSuffix(" %")
        self.goal_spin.setValue(DEFAULT_TARGET_PCT)
        self.goal_spin.setKeyboardTracking(False)
        self.goal_answer = QtWidgets.QLabel("")
        self.goal_answer.setWordWrap(True)
        self.goal_answer.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        palette.set_role(self.goal_answer, "note")
        self.goal_apply = QtWidgets.QPushButton(f"Set {PARAMETERS[GOAL_LEVER].label.lower()}")
        self.goal_apply.setToolTip("Move the lever to the answer (Ctrl+Z takes it back).")
        self.goal_apply.setEnabled(False)
        self._goal: GoalSeek | None = None  # the answer's, while fresh: what "Set" applies
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.goal_check)
        row.addWidget(self.goal_spin, 1)
        goal_box = QtWidgets.QVBoxLayout(goal)
        goal_box.addLayout(row)
        goal_box.addWidget(self.goal_answer)
        goal_box.addWidget(self.goal_apply, 0, QtCore.Qt.AlignmentFlag.AlignLeft)
        self.goal_check.toggled.connect(self._target_changed)
        self.goal_spin.valueChanged.connect(self._target_changed)
        self.goal_apply.clicked.connect(self._apply_goal)

        # Charts: one at a time, each with the room under the two boxes above, so a chart's
        # bars read at the dock's height without scrolling (issue 27: the tornado needed it).
        self.attribution = AttributionPlot()
        self.attribution.setMinimumSize(260, CHART_MIN_PX)
        # What the attribution is, under it: true for every scenario and period.
        self.attribution_note = QtWidgets.QLabel("")
        self.attribution_note.setWordWrap(True)
        palette.set_role(self.attribution_note, "muted")
        self.tornado = TornadoPlot()  # fits as many rows as its height holds (fit_rows)
        self.tornado.setMinimumSize(260, CHART_MIN_PX)
        self.no_effect = QtWidgets.QLabel("")
        self.no_effect.setWordWrap(True)
        palette.set_role(self.no_effect, "muted")
        self.charts = QtWidgets.QTabWidget()
        self.charts.setObjectName("analysisCharts")
        self.charts.setDocumentMode(True)
        for chart, note, title, tip in (
            (self.attribution, self.attribution_note, "By source", "Net change by source"),
            (self.tornado, self.no_effect, "Assumptions", "Assumptions at low / high"),
        ):
            # Its preferred height is its least: the scroll area sizes the panel by its wrapped
            # labels' preferred heights, and a plot's (480 px) would push it past the dock.
            chart.setSizePolicy(
                QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Ignored
            )
            page = QtWidgets.QWidget()
            column = QtWidgets.QVBoxLayout(page)
            column.setContentsMargins(0, 4, 0, 0)
            column.addWidget(chart, 1)
            column.addWidget(note)
            self.charts.addTab(page, title)
            self.charts.setTabToolTip(self.charts.count() - 1, tip)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(uncertainty)
        layout.addWidget(goal)
        layout.addWidget(self.charts, 1)

    # --- goal seek ----------------------------------------------------------------------------

    def _target_changed(self) -> None:
        self.runner.set_target(self.goal_spin.value() if self.goal_check.isChecked() else None)
        if not self.goal_check.isChecked():
            self.goal_answer.setText("")
            self.goal_apply.setEnabled(False)

    def _apply_goal(self) -> None:
        goal = self._goal
        if goal is None or goal.compliance_pct is None:
            return
        answer = round(goal.compliance_pct, 2)
        self.state.propose(
            {GOAL_LEVER: answer},
            f"Goal seek: {PARAMETERS[GOAL_LEVER].label.lower()} {answer:g} %",
        )

    # --- showing ------------------------------------------------------------------------------

    def show_answer(self, answer: Answer, view: View) -> None:
        """The bands, robustness, attribution, tornado and goal seek of the answer's analysis,
        all for its period; marked 'Updating' while they are for the scenario a moment ago."""
        fresh = answer.analysis_fresh
        self.goal_check.setToolTip(goal_tip(against_base(answer)))
        self.attribution.show_answer(answer, view)
        self.tornado.show_answer(answer, view)
        # Room for every source's row; the tornado fits its rows to the room it has.
        self.attribution.setMinimumHeight(
            max(CHART_MIN_PX, ATTRIBUTION_ROW_PX * len(self.attribution.rows) + 100)
        )
        note = attribution_note(answer)
        self.attribution_note.setText(note if fresh or not note else f"{note} (updating)")
        analysis = answer.analysis
        if analysis is None:
            self.band_text.setText("Computing…")
            self.no_effect.setText("")
        else:
            robust = analysis.robustness
            bands = analysis.bands
            worded = verdict(robust) + "."
            self.band_text.setText(
                ("" if fresh else "<i>Updating…</i><br>")
                + band_sentence(answer)
                + f"<br><span style='color:{palette.muted_hex(self)}'>{bands.n_draws:,} Monte "
                f"Carlo draws (seed {bands.seed}) over every uncertain assumption's plausible "
                "range.</span><br>"
                + (worded if robust.robust else f"<b style='color:{NOT_ROBUST}'>{worded}</b>")
            )
            # The count under the chart, the names on hover: the list (two dozen names in the
            # steady state) would push the chart out of the dock's height.
            quiet = [PARAMETERS[pid].short_label for pid in analysis.tornado.no_effect]
            listed = (
                f"No effect on this scenario's net change {analysis.tornado.period.per}: "
                + ", ".join(quiet)
                + "."
            )
            self.no_effect.setText(
                f"{len(quiet)} assumptions have no effect on this scenario's net change "
                f"{analysis.tornado.period.per} (hover for which)."
                if quiet
                else ""
            )
            self.no_effect.setToolTip(listed if quiet else "")
        goal = answer.goal if self.goal_check.isChecked() else None
        self._goal = goal if fresh else None
        if goal is None:
            self.goal_answer.setText("")
            self.goal_apply.setEnabled(False)
            return
        label = PARAMETERS[GOAL_LEVER].label
        self.goal_answer.setText(
            ("" if fresh else "Updating… ")
            + (
                f"{label} {goal.compliance_pct:.1f} % gives "
                f"{fmt.pct(goal.reached_net_change_pct, signed=True, digits=1)} "
                f"{goal.period.per}."
                if goal.compliance_pct is not None
                else goal.reason[0].upper() + goal.reason[1:] + "."
            )
        )
        self.goal_apply.setEnabled(fresh and goal.compliance_pct is not None)


def goal_tip(against: str) -> str:
    """What the goal seek asks, for the period shown."""
    return (
        f"Which coal-ban compliance gives this change in total revenue {against}, every other "
        "setting held? The map draws every compliance and laxity that reach it."
    )
