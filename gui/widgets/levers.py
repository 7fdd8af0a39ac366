"""The three policy levers: a slider and an exact-entry spin box each, kept in sync through the
state, with unit, tooltip and a reset that cannot fire by accident.

Above them, "Applies": for all months (the common case, as simple as a steady state) or from a
chosen month on, which makes the edit a step of the lever's schedule (the timeline marks it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.widgets.live_text import LiveNote
from dprk_explorer.model import LEVER_IDS, PARAMETERS, Parameter, Scenario, ScenarioError
from dprk_explorer.model.core.timeline import MONTHS
from dprk_explorer.model.record.record import record_scenario

#: Slider positions per unit: sliders are integers, levers move in tenths.
SLIDER_SCALE = 10


#: Entry boxes resolve a tenth of a parameter's declared step (a fitted 99.9 % shows as such,
#: never as "100 %"), at most this many decimals.
MAX_DECIMALS = 3


def entry_decimals(parameter: Parameter) -> int:
    """Decimals of a parameter's entry box: one more than its declared step has (step 1: one,
    step 10: one, step 0.5: two). One rule for the levers and the advanced form."""
    step = f"{parameter.step:.{MAX_DECIMALS}f}".rstrip("0").partition(".")[2]
    return min(MAX_DECIMALS, len(step) + 1)


def lifted_bans(scenario: Scenario) -> list[str]:
    """The switches (bans, the border closure) the record has in force in some month from
    `scenario`'s branch on that `scenario` has off then: what its settings lift from the record
    (empty without a branch or a record)."""
    if scenario.branch is None:
        return []
    try:
        record = record_scenario()
    except ScenarioError:
        return []
    later = [m for m in MONTH_KEYS if m >= scenario.branch]
    return [
        p.short_label
        for p in PARAMETERS.values()
        if p.kind == "bool"
        and any(record.value_in(p.id, m) and not scenario.value_in(p.id, m) for m in later)
    ]


#: The switches (bans, the border closure): what `lifted_bans` reads of a scenario.
SWITCH_IDS: tuple[str, ...] = tuple(p.id for p in PARAMETERS.values() if p.kind == "bool")


def switch_key(scenario: Scenario) -> tuple[object, ...]:
    """Everything `lifted_bans` reads of `scenario`: its branch and its switches' values and
    schedules. A lever's move changes none of them, so the warning is not worked out again on
    every step of a drag (~0.5 ms a step with a branch: every switch in every later month)."""
    schedules = scenario.schedules
    values = scenario.values
    return (scenario.branch, *((values[k], schedules.get(k, ())) for k in SWITCH_IDS))


def lifted_text(scenario: Scenario) -> str:
    """The warning a branch gives when its settings lift the record's later bans ('' if none)."""
    lifted = lifted_bans(scenario)
    if not lifted:
        return ""
    return (
        f"From {scenario.branch} your settings replace the record's, so the record's later bans "
        f"are lifted (off in your settings): {'; '.join(lifted)}. To keep them, start from the "
        "record preset, or switch them on under Advanced assumptions."
    )


#: The first choice of the month selector: edits set the lever for every month.
ALL_MONTHS = "for all months"
#: The first choice of the branch selector: the scenario does not follow the record.
NO_BRANCH = "my settings in every month"
#: The months a step can start in, as 'YYYY-MM' (the first month is "for all months").
MONTH_KEYS: tuple[str, ...] = tuple(str(m) for m in MONTHS)


class LeverRow(QtWidgets.QWidget):
    """One lever. Writes go to the state; the state's echo updates both widgets with signals
    blocked, so slider and spin box can never disagree. `month()` says from when an edit
    applies (None: for all months)."""

    def __init__(
        self, state: ScenarioState, pid: str, month: Callable[[], str | None] = lambda: None
    ) -> None:
        super().__init__()
        self.state = state
        self.month = month
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
        self.spin.setDecimals(entry_decimals(p))
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

        # A long schedule wraps, never widens the dock; dragging a scheduled lever changes it
        # on every step, so it repaints without a new layout of the panel.
        self.range_note = LiveNote(
            f"{p.minimum:g}–{p.maximum:g} {p.unit}, default {p.default:g}", "leverRange"
        )
        self.range_note.setToolTip(self.range_note.text())  # sync sets it when the text changes

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
            self.state.set_lever(self.parameter.id, value, self.month())
        else:
            self.state.step(self.parameter.id, value, self.month())

    def _spin_changed(self, value: float) -> None:
        self.state.set_lever(self.parameter.id, value, self.month())

    def _reset(self) -> None:
        self.state.reset_parameters([self.parameter.id], f"Reset {self.parameter.label}")

    def sync(self, scenario: Scenario) -> None:
        """Show the value in force in the chosen month (for all months: from the branch, where
        edits apply, else the first month); say the schedule."""
        pid = self.parameter.id
        scheduled = pid in scenario.schedules
        month = self.month() or scenario.branch
        value = float(scenario.value_in(pid, month) if month is not None else scenario[pid])
        # Only what changed: a spin box repaints on any setValue, even to its own value, and
        # every row syncs on every change of any lever.
        with QtCore.QSignalBlocker(self.slider), QtCore.QSignalBlocker(self.spin):
            self.slider.setValue(round(value * SLIDER_SCALE))
            if self.spin.value() != round(value, self.spin.decimals()):
                self.spin.setValue(value)
        self.reset.setEnabled(scheduled or value != self.parameter.default)
        p = self.parameter
        note = f"{p.minimum:g}–{p.maximum:g} {p.unit}, default {p.default:g}"
        steps = scenario.schedules.get(pid, ())
        if steps:
            parts = [(MONTH_KEYS[0], scenario[pid]), *steps]
            schedule = ", ".join(f"{float(v):g} {p.unit} from {m}" for m, v in parts)
            self._show_note(schedule, f"Schedule: {schedule}. {note}.")
        else:
            self._show_note(note, note)

    def _show_note(self, text: str, tip: str) -> None:
        if self.range_note.text() != text:
            self.range_note.setText(text)
            self.range_note.setToolTip(tip)


def month_selector(name: str, none_text: str, item: str, tooltip: str) -> QtWidgets.QComboBox:
    """A choice of `none_text` (data None) or a month after the first ('YYYY-MM' as data),
    which shortens its text rather than widen the dock."""
    combo = QtWidgets.QComboBox()
    combo.setObjectName(name)
    combo.setToolTip(tooltip)
    combo.addItem(none_text, None)
    for month in MONTH_KEYS[1:]:
        combo.addItem(item.format(month=month), month)
    combo.setMaxVisibleItems(16)
    combo.setSizeAdjustPolicy(
        QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
    )
    combo.setMinimumContentsLength(12)
    return combo


class LeverPanel(QtWidgets.QGroupBox):
    def __init__(self, state: ScenarioState) -> None:
        super().__init__("Policy levers")
        self.state = state
        self.applies = month_selector(
            "leverMonth",
            ALL_MONTHS,
            "from {month} on",
            "When a lever edit applies: for all months (the lever's schedule is replaced by one "
            "value), or from the chosen month on (a step in its schedule, marked on the timeline)",
        )
        self.branch = month_selector(
            "branchMonth",
            NO_BRANCH,
            "the record until {month}",
            "A counterfactual against history: the record (fitted to China's customs, the "
            "Panel's estimates and the labour reports) until the chosen month, then your "
            "settings. Edits then apply from that month on.",
        )
        # What a branch's settings replace of the record, said while it does (issue 27).
        self.branch_note = QtWidgets.QLabel()
        self.branch_note.setObjectName("branchNote")
        self.branch_note.setWordWrap(True)
        palette.set_role(self.branch_note, "warning")
        self.branch_note.hide()
        self.rows = {pid: LeverRow(state, pid, self.month) for pid in LEVER_IDS}
        layout = QtWidgets.QVBoxLayout(self)
        branch = QtWidgets.QHBoxLayout()
        branch.addWidget(QtWidgets.QLabel("Start from"))
        branch.addWidget(self.branch, 1)
        layout.addLayout(branch)
        layout.addWidget(self.branch_note)
        applies = QtWidgets.QHBoxLayout()
        applies.addWidget(QtWidgets.QLabel("Applies"))
        applies.addWidget(self.applies, 1)
        layout.addLayout(applies)
        for row in self.rows.values():
            layout.addWidget(row)
        self.applies.currentIndexChanged.connect(lambda _i: self._resync())
        self.branch.activated.connect(self._branch_chosen)
        self._branch_shown: str | None = None
        self._lifted_key: tuple[object, ...] | None = None  # what the note was worked out from
        state.scenarioChanged.connect(self._show_branch)
        self._show_branch(state.scenario)

    def _branch_chosen(self, _index: int) -> None:
        month = self.branch.currentData()
        self.choose_branch(month if isinstance(month, str) else None)

    def choose_branch(self, month: str | None) -> None:
        """Branch from the record at `month` (this selector or the timeline's marker); lever
        edits then apply from that month on. What the settings lift of the record is said in
        the status bar too, once per choice."""
        if self.state.set_branch(month) and month is not None:
            self.set_month(month)
            if self.branch_note.text() and self.branch_note.isVisibleTo(self):
                self.state.message.emit(self.branch_note.text())

    def _show_branch(self, scenario: Scenario) -> None:
        """The selector follows the scenario's branch, whoever moved it (this selector, the
        timeline's marker, undo, a preset), and so does "Applies": a branch that moves, or
        goes, takes the month edits apply from with it."""
        with QtCore.QSignalBlocker(self.branch):
            self.branch.setCurrentIndex(max(self.branch.findData(scenario.branch), 0))
        if scenario.branch != self._branch_shown:
            self._branch_shown = scenario.branch
            self.set_month(scenario.branch)
        key = switch_key(scenario)
        if key != self._lifted_key:
            self._lifted_key = key
            text = lifted_text(scenario)
            if text != self.branch_note.text():
                self.branch_note.setText(text)
            self.branch_note.setVisible(bool(text))

    def month(self) -> str | None:
        """The month lever edits apply from, or None for all months."""
        data = self.applies.currentData()
        return data if isinstance(data, str) else None

    def set_month(self, month: str | None) -> None:
        self.applies.setCurrentIndex(max(self.applies.findData(month), 0))

    def _resync(self) -> None:
        for row in self.rows.values():
            row.sync(self.state.scenario)
