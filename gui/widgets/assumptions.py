"""Advanced assumptions: every non-lever parameter as a form that fits the dock, one group box
per declared group (names and values side by side), the source on hover, a reset per group.

Built on first expansion: a collapsed panel costs start-up nothing."""

from __future__ import annotations

import math

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.widgets.levers import entry_decimals
from dprk_explorer.model import PARAMETERS, Parameter, Scenario
from dprk_explorer.model.core.parameters import GROUPS

ASSUMPTION_IDS = tuple(p.id for p in PARAMETERS.values() if p.group != "lever")
#: Width of a value box: "1180.000 USD m/yr" fits, and the label keeps the rest of the dock.
FIELD_PX = 130


class ValueBox(QtWidgets.QDoubleSpinBox):
    """A number with its unit and range; applied on Enter or focus-out, not per keystroke."""

    def __init__(self, parameter: Parameter) -> None:
        super().__init__()
        self.parameter = parameter
        self.setObjectName(f"value_{parameter.id}")
        self.setRange(parameter.minimum, parameter.maximum)
        self.setDecimals(entry_decimals(parameter))  # as the levers' boxes
        self.setSingleStep(parameter.step)
        if parameter.unit:
            self.setSuffix(f" {parameter.unit}")
        self.setKeyboardTracking(False)
        self.setToolTip(parameter.tooltip())
        self.setAccessibleName(parameter.label)
        # The wheel changes it only while it has the focus: gui.widgets.input_guard.


class SwitchLabel(QtWidgets.QLabel):
    """A switch's name, wrapped; a click on it toggles the switch, as a check box's text does."""

    def __init__(self, text: str, box: QtWidgets.QCheckBox) -> None:
        super().__init__(text)
        self.box = box
        self.setWordWrap(True)
        self.setToolTip(box.toolTip())
        self.setBuddy(box)

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:
        if event.button() == QtCore.Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.box.toggle()
        super().mouseReleaseEvent(event)


class GroupForm(QtWidgets.QGroupBox):
    """One group's parameters: a label and a value per row, and ↺ to reset the group."""

    def __init__(self, state: ScenarioState, group: str, title: str) -> None:
        super().__init__(title)
        self.state = state
        self.group = group
        self.setObjectName(f"assumptions_{group}")
        self.ids = tuple(p.id for p in PARAMETERS.values() if p.group == group)
        self.fields: dict[str, ValueBox | QtWidgets.QCheckBox] = {}
        # A grid, not a QFormLayout: a form gives word-wrapped labels too little height.
        form = QtWidgets.QGridLayout(self)
        form.setContentsMargins(6, 4, 6, 4)
        form.setColumnStretch(0, 1)
        self.reset = QtWidgets.QToolButton()
        self.reset.setObjectName(f"reset_{group}")
        self.reset.setText("↺ Reset group")
        self.reset.setAutoRaise(True)
        self.reset.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.reset.setToolTip(f"Set every parameter under '{title}' to its sourced default")
        self.reset.clicked.connect(self._reset)
        form.addWidget(self.reset, 0, 0, 1, 2)
        for pid in self.ids:
            p = PARAMETERS[pid]
            field: ValueBox | QtWidgets.QCheckBox
            if p.kind == "bool":  # a switch names itself: the box, then its wrapped name
                field = QtWidgets.QCheckBox()
                field.setObjectName(f"value_{pid}")
                field.setToolTip(p.tooltip())
                field.setAccessibleName(p.label)
                field.toggled.connect(lambda on, k=pid: self.state.propose({k: on}))
                self.fields[pid] = field
                # A check box's own text never wraps: a long ban's name widened the dock and
                # clipped everything in it (issue 27).
                name = SwitchLabel(p.label, field)
                switch = QtWidgets.QHBoxLayout()
                switch.setContentsMargins(0, 0, 0, 0)
                switch.addWidget(field, 0, QtCore.Qt.AlignmentFlag.AlignTop)
                switch.addWidget(name, 1)
                form.addLayout(switch, form.rowCount(), 0, 1, 2)
                continue
            field = ValueBox(p)
            field.valueChanged.connect(lambda value, k=pid: self.state.propose({k: value}))
            label = QtWidgets.QLabel(p.label)
            label.setWordWrap(True)
            label.setToolTip(p.tooltip())
            label.setBuddy(field)
            field.setFixedWidth(FIELD_PX)
            self.fields[pid] = field
            row = form.rowCount()
            form.addWidget(label, row, 0)
            form.addWidget(field, row, 1)

    def _reset(self) -> None:
        self.state.reset_parameters(list(self.ids), f"Reset {self.title().lower()}")

    def sync(self, scenario: Scenario) -> None:
        changed = False
        for pid, field in self.fields.items():
            value = scenario[pid]
            with QtCore.QSignalBlocker(field):
                if isinstance(field, QtWidgets.QCheckBox):
                    field.setChecked(bool(value))
                else:
                    field.setValue(float(value))
            changed = changed or not _same(value, PARAMETERS[pid].default)
        self.reset.setEnabled(changed)


def _same(value: object, default: object) -> bool:
    if isinstance(value, bool) or isinstance(default, bool):
        return value == default
    return math.isclose(float(value), float(default), rel_tol=0, abs_tol=1e-12)  # type: ignore[arg-type]


class AssumptionsPanel(QtWidgets.QWidget):
    """Writes each edit to the state (undoable) and follows the state back, never echoing."""

    def __init__(self, state: ScenarioState) -> None:
        super().__init__()
        self.state = state
        self.groups: dict[str, GroupForm] = {}
        self.fields: dict[str, ValueBox | QtWidgets.QCheckBox] = {}
        self._body: QtWidgets.QWidget | None = None

        self.toggle = QtWidgets.QToolButton()
        self.toggle.setObjectName("assumptionsToggle")
        self.toggle.setText("Advanced assumptions")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        palette.set_role(self.toggle, "heading")
        self.toggle.toggled.connect(self.set_expanded)
        self.reset_all = QtWidgets.QPushButton("Reset all assumptions")
        self.reset_all.setToolTip(
            "Set every advanced assumption back to its sourced default (undo with Ctrl+Z)"
        )
        self.reset_all.clicked.connect(self._reset_all)

        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.toggle)
        self._layout.addWidget(self.reset_all)
        self.set_expanded(False)
        state.scenarioChanged.connect(self.sync)

    def _build(self) -> QtWidgets.QWidget:
        if self._body is None:
            body = QtWidgets.QWidget()
            column = QtWidgets.QVBoxLayout(body)
            column.setContentsMargins(0, 0, 0, 0)
            for group, title in GROUPS.items():
                if group == "lever":
                    continue
                form = GroupForm(self.state, group, title)
                if not form.ids:
                    continue
                self.groups[group] = form
                self.fields.update(form.fields)
                column.addWidget(form)
            self._layout.insertWidget(1, body)
            self._body = body
            self.sync(self.state.scenario)
        return self._body

    def set_expanded(self, expanded: bool) -> None:
        with QtCore.QSignalBlocker(self.toggle):
            self.toggle.setChecked(expanded)
        self.toggle.setArrowType(
            QtCore.Qt.ArrowType.DownArrow if expanded else QtCore.Qt.ArrowType.RightArrow
        )
        if expanded:
            self._build().setVisible(True)
        elif self._body is not None:
            self._body.setVisible(False)
        self.reset_all.setVisible(expanded)

    def _reset_all(self) -> None:
        self.state.reset_parameters(list(ASSUMPTION_IDS), "Reset all assumptions")

    def sync(self, scenario: Scenario) -> None:
        for form in self.groups.values():
            form.sync(scenario)
