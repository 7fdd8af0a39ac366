"""The three policy levers: a slider and an exact-entry spin box each, kept in sync through the
state, with unit, tooltip and a reset that cannot fire by accident."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.model import LEVER_IDS, PARAMETERS, Scenario

#: Slider positions per unit: sliders are integers, levers move in tenths.
SLIDER_SCALE = 10


class LeverRow(QtWidgets.QWidget):
    """One lever. Writes go to the state; the state's echo updates both widgets with signals
    blocked, so slider and spin box can never disagree."""

    def __init__(self, state: ScenarioState, pid: str) -> None:
        super().__init__()
        self.state = state
        self.parameter = p = PARAMETERS[pid]
        self.setToolTip(p.tooltip())

        self.title = QtWidgets.QLabel(f"<b>{p.label}</b>")
        self.title.setToolTip(p.tooltip())
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setObjectName(f"slider_{pid}")
        self.slider.setRange(round(p.minimum * SLIDER_SCALE), round(p.maximum * SLIDER_SCALE))
        self.slider.setSingleStep(round(p.step * SLIDER_SCALE))
        self.slider.setPageStep(round(10 * p.step * SLIDER_SCALE))
        self.slider.setTickPosition(QtWidgets.QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(round((p.maximum - p.minimum) / 4 * SLIDER_SCALE))
        self.slider.setToolTip(p.tooltip())
        self.slider.setAccessibleName(p.label)

        self.spin = QtWidgets.QDoubleSpinBox()
        self.spin.setObjectName(f"spin_{pid}")
        self.spin.setRange(p.minimum, p.maximum)
        self.spin.setDecimals(1)
        self.spin.setSingleStep(p.step)
        self.spin.setSuffix(f" {p.unit}")
        self.spin.setKeyboardTracking(False)  # apply on Enter or focus-out, not per keystroke
        self.spin.setToolTip(p.tooltip())
        self.spin.setAccessibleName(f"{p.label} ({p.unit})")

        self.reset = QtWidgets.QToolButton()
        self.reset.setObjectName(f"reset_{pid}")
        self.reset.setText("↺")
        self.reset.setToolTip(
            f"Reset {p.label.lower()} to the model's default, {p.default:g} {p.unit} "
            "(not a preset's value; Ctrl+Z undoes it)"
        )
        self.reset.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # no stray Space/Enter
        self.reset.setAutoRaise(True)

        self.range_note = QtWidgets.QLabel(
            f"{p.minimum:g}–{p.maximum:g} {p.unit}, default {p.default:g}"
        )
        self.range_note.setObjectName("leverRange")

        grid = QtWidgets.QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.reset, 0, 2)
        grid.addWidget(self.slider, 1, 0)
        grid.addWidget(self.spin, 1, 1, 1, 2)
        grid.addWidget(self.range_note, 2, 0, 1, 3)
        grid.setColumnStretch(0, 1)

        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderPressed.connect(state.begin_drag)
        self.slider.sliderReleased.connect(state.end_drag)
        self.spin.valueChanged.connect(self._spin_changed)
        self.reset.clicked.connect(self._reset)
        state.scenarioChanged.connect(self.sync)
        self.sync(state.scenario)

    def _slider_moved(self, position: int) -> None:
        """Slider values snap to the lever's step (a drag shows no false precision; exact
        values go in the box). Key presses merge into one undo step per run."""
        step = self.parameter.step
        value = round(round(position / SLIDER_SCALE / step) * step, 6)
        if self.slider.isSliderDown():
            self.state.propose({self.parameter.id: value})
        else:
            self.state.step(self.parameter.id, value)

    def _spin_changed(self, value: float) -> None:
        self.state.propose({self.parameter.id: value})

    def _reset(self) -> None:
        self.state.reset_parameters([self.parameter.id], f"Reset {self.parameter.label}")

    def sync(self, scenario: Scenario) -> None:
        value = float(scenario[self.parameter.id])
        with QtCore.QSignalBlocker(self.slider), QtCore.QSignalBlocker(self.spin):
            self.slider.setValue(round(value * SLIDER_SCALE))
            self.spin.setValue(value)
        self.reset.setEnabled(value != self.parameter.default)


class LeverPanel(QtWidgets.QGroupBox):
    def __init__(self, state: ScenarioState) -> None:
        super().__init__("Policy levers")
        self.rows = {pid: LeverRow(state, pid) for pid in LEVER_IDS}
        layout = QtWidgets.QVBoxLayout(self)
        for row in self.rows.values():
            layout.addWidget(row)
