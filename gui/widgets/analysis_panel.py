"""The analysis panel: uncertainty bands toggle, goal seek, attribution and tornado charts.

It shows what the AnalysisRunner delivers and marks it stale while a fresh one is computed;
every number comes from the model.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.analysis_runner import AnalysisOutcome, AnalysisRunner
from dprk_explorer.gui.plots.attribution import AttributionPlot
from dprk_explorer.gui.plots.tornado import TornadoPlot
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.verdicts import verdict
from dprk_explorer.model import PARAMETERS
from dprk_explorer.model.analysis.goal_seek import LEVER as GOAL_LEVER

DEFAULT_TARGET_PCT = -20.0


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
        self.band_text.setStyleSheet("font-size: 9pt;")
        box = QtWidgets.QVBoxLayout(uncertainty)
        box.addWidget(self.bands_check)
        box.addWidget(self.band_text)

        # Goal seek -----------------------------------------------------------------------------
        goal = QtWidgets.QGroupBox("Goal seek")
        self.goal_check = QtWidgets.QCheckBox("Seek a net change of")
        self.goal_check.setToolTip(
            "Which coal-ban compliance gives this change in total revenue against 2016, "
            "every other setting held? The map draws every compliance and laxity that reach it."
        )
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
        self.goal_answer.setStyleSheet("font-size: 9pt;")
        self.goal_apply = QtWidgets.QPushButton(f"Set {PARAMETERS[GOAL_LEVER].label.lower()}")
        self.goal_apply.setToolTip("Move the lever to the answer (Ctrl+Z takes it back).")
        self.goal_apply.setEnabled(False)
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

        # Charts --------------------------------------------------------------------------------
        self.attribution = AttributionPlot()
        self.attribution.setMinimumSize(280, 210)
        self.tornado = TornadoPlot()
        self.tornado.setMinimumSize(280, 300)
        self.no_effect = QtWidgets.QLabel("")
        self.no_effect.setWordWrap(True)
        palette.set_role(self.no_effect, "muted")

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(uncertainty)
        layout.addWidget(goal)
        layout.addWidget(self.attribution, 2)
        layout.addWidget(self.tornado, 3)
        layout.addWidget(self.no_effect)

        runner.ready.connect(self.show_outcome)
        runner.stale.connect(self.set_stale)

    # --- goal seek ----------------------------------------------------------------------------

    def _target_changed(self) -> None:
        self.runner.set_target(self.goal_spin.value() if self.goal_check.isChecked() else None)
        if not self.goal_check.isChecked():
            self.goal_answer.setText("")
            self.goal_apply.setEnabled(False)

    def _apply_goal(self) -> None:
        latest = self.runner.latest
        if latest is None or latest.goal is None or latest.goal.compliance_pct is None:
            return
        answer = round(latest.goal.compliance_pct, 2)
        self.state.propose(
            {GOAL_LEVER: answer},
            f"Goal seek: {PARAMETERS[GOAL_LEVER].label.lower()} {answer:g} %",
        )

    # --- showing ------------------------------------------------------------------------------

    def show_outcome(self, outcome: AnalysisOutcome) -> None:
        analysis = outcome.analysis
        bands = analysis.bands
        robust = analysis.robustness
        worded = verdict(robust) + "."
        self.band_text.setText(
            f"Net change, 5-95 %: {fmt.usd(bands.net_change_p5, signed=True)} to "
            f"{fmt.usd(bands.net_change_p95, signed=True)} a year; total revenue "
            f"{fmt.usd(bands.total_p5)} to {fmt.usd(bands.total_p95)}.<br>"
            f"<span style='color:{palette.muted_hex(self)}'>{bands.n_draws:,} Monte Carlo draws "
            f"(seed {bands.seed}) "
            f"over every uncertain assumption's plausible range.</span><br>"
            + (worded if robust.robust else f"<b style='color:{palette.NOT_ROBUST}'>{worded}</b>")
        )
        self.attribution.show_attribution(analysis.attribution)
        self.tornado.show_tornado(analysis.tornado)
        quiet = [PARAMETERS[pid].short_label for pid in analysis.tornado.no_effect]
        self.no_effect.setText(
            "No effect on this scenario's annual net change: " + ", ".join(quiet) + "."
            if quiet
            else ""
        )
        goal = outcome.goal
        if goal is None:
            self.goal_answer.setText("")
            self.goal_apply.setEnabled(False)
        else:
            label = PARAMETERS[GOAL_LEVER].label
            self.goal_answer.setText(
                f"{label} {goal.compliance_pct:.1f} % gives "
                f"{fmt.pct(goal.reached_net_change_pct, signed=True, digits=1)}."
                if goal.compliance_pct is not None
                else goal.reason[0].upper() + goal.reason[1:] + "."
            )
            self.goal_apply.setEnabled(goal.compliance_pct is not None)

    def set_stale(self) -> None:
        self.attribution.set_stale()
        self.tornado.set_stale()
        self.goal_apply.setEnabled(False)
        text = self.band_text.text()
        if text and not text.startswith("<i>Updating"):
            self.band_text.setText("<i>Updating…</i><br>" + text)
