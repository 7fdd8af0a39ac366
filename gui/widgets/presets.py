"""Preset selector: each preset's rationale stays visible beside the choice."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.text import scenario_name
from dprk_explorer.model import PARAMETERS, PRESETS, Scenario

CUSTOM = "Custom scenario"


def breakable(text: str) -> str:
    """`text` with break opportunities after '/', '-', '_', '&' and '?': a long URL wraps in
    the dock instead of widening it."""
    for mark in ("/", "-", "_", "&", "?", "="):
        text = text.replace(mark, mark + ZERO_WIDTH_SPACE)
    return text


ZERO_WIDTH_SPACE = "\u200b"


def _value(key: str, value: object) -> str:
    unit = PARAMETERS[key].unit
    if isinstance(value, bool):
        return "on" if value else "off"
    return f"{float(value):g} {unit}".rstrip()  # type: ignore[arg-type]


class PresetPanel(QtWidgets.QGroupBox):
    def __init__(self, state: ScenarioState) -> None:
        super().__init__("Preset")
        self.state = state
        self.combo = QtWidgets.QComboBox()
        self.combo.setObjectName("presetCombo")
        # A long preset name is shortened in the box (whole in the list), never widens the dock.
        self.combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(16)
        self.combo.addItem(CUSTOM, None)
        for pid, preset in PRESETS.items():
            self.combo.addItem(preset.label, pid)
            self.combo.setItemData(
                self.combo.count() - 1, preset.summary, QtCore.Qt.ItemDataRole.ToolTipRole
            )
        self.rationale = QtWidgets.QLabel()
        self.rationale.setObjectName("presetRationale")
        self.rationale.setWordWrap(True)
        self.rationale.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        palette.set_role(self.rationale, "note")
        self.sources = QtWidgets.QLabel()
        self.sources.setWordWrap(True)
        palette.set_role(self.sources, "muted")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.combo)
        layout.addWidget(self.rationale)
        layout.addWidget(self.sources)
        self.combo.activated.connect(self._chosen)
        state.scenarioChanged.connect(self.sync)
        self.sync(state.scenario)

    def _chosen(self, index: int) -> None:
        pid = self.combo.itemData(index)
        if pid is None:
            return
        preset = PRESETS[pid]
        self.state.replace(preset.scenario, f"Apply preset '{preset.label}'")

    def sync(self, scenario: Scenario) -> None:
        """Show the preset whose values the scenario has, or 'Custom scenario'."""
        match = next((pid for pid, p in PRESETS.items() if p.scenario.same_values(scenario)), None)
        with QtCore.QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(self.combo.findData(match) if match else 0)
        origin = scenario_name.origin(scenario)
        if match is None and origin is not None:
            changed = scenario_name.differences(scenario, origin)
            listed = "; ".join(
                f"{PARAMETERS[k].label.lower()} {_value(k, new)} (preset: {_value(k, old)})"
                for k, (old, new) in changed.items()
            )
            schedules = [
                k
                for k in PARAMETERS
                if scenario.schedules.get(k) != origin.scenario.schedules.get(k)
            ]
            if schedules:
                listed += (
                    ("; " if listed else "")
                    + "schedules of "
                    + ", ".join(PARAMETERS[k].label.lower() for k in schedules)
                )
            self.rationale.setText(
                f"{scenario_name.custom_name(origin)}: differs from the preset in {listed}. "
                "Choose a preset to start again from its settings; Ctrl+Z takes it back."
            )
            self.sources.setText(breakable(f"Preset sources: {origin.sources}"))
        elif match is None:
            self.rationale.setText(
                "The current settings match no preset. Choose one to start from its settings; "
                "Ctrl+Z takes it back."
            )
            self.sources.setText("")
        else:
            self.rationale.setText(PRESETS[match].rationale)
            self.sources.setText(breakable(f"Sources: {PRESETS[match].sources}"))
