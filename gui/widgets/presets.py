"""Preset selector: each preset's rationale stays visible beside the choice.

Leaving a preset (a drag) swaps its rationale for the shorter list of differences; the text
area keeps the rationale's height meanwhile, so the panels below it do not jump under the hand.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.plain_text import plain_label
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.text import scenario_name
from dprk_explorer.gui.widgets.record_words import known_only
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


#: Heights a ReservedLabel keeps (by width and texts) before it starts afresh.
HEIGHTS_KEPT = 16


class ReservedLabel(QtWidgets.QLabel):
    """A word-wrapped label at least as tall, at any width, as another text would be (`reserve`):
    its height holds while its text changes to a shorter one."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        # A shorter text reads from the top of the room kept for the longer one.
        self.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
        self._reserved = ""
        self._heights: dict[tuple[int, str, str, str], int] = {}

    def reserve(self, text: str) -> None:
        """Be at least as tall as `text` would be ("" : as tall as the label's own text)."""
        if text != self._reserved:
            self._reserved = text
            self.updateGeometry()

    def heightForWidth(self, width: int) -> int:
        # Asked several times a slider step (each layout pass, at two or three widths): the
        # answers are kept, since wrapping a long text costs ~0.4 ms and the texts rarely
        # change during a drag.
        key = (width, self.text(), self._reserved, self.font().key())
        if key in self._heights:
            return self._heights[key]
        own = super().heightForWidth(width)
        height = own
        if self._reserved:
            margins = self.contentsMargins()
            room = QtCore.QRect(0, 0, max(width - margins.left() - margins.right(), 1), 1 << 20)
            flags = QtCore.Qt.TextFlag.TextWordWrap | QtCore.Qt.AlignmentFlag.AlignLeft
            text = QtGui.QFontMetrics(self.font()).boundingRect(room, flags, self._reserved)
            height = max(own, text.height() + margins.top() + margins.bottom())
        if len(self._heights) >= HEIGHTS_KEPT:
            self._heights.clear()
        self._heights[key] = height
        return height

    def minimumSizeHint(self) -> QtCore.QSize:
        hint = super().minimumSizeHint()
        return QtCore.QSize(hint.width(), max(hint.height(), self.heightForWidth(self.width())))


#: The preset list's two headings.
RECORD_GROUP = "The record and its branches"
STYLISED_GROUP = "Stylised steady states"


def _of_the_record(pid: str, scenario: Scenario) -> bool:
    """The fitted record, the hand-set record, and every preset that branches from it."""
    return pid.startswith("record") or scenario.branch is not None


class PresetPanel(QtWidgets.QGroupBox):
    #: A preset was chosen (its id): the scenario is no longer the file it came from.
    presetApplied = QtCore.Signal(str)

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
        # History first: the record and what branches from it, then the stylised steady states
        # (issue 15: a preset either branches from the record or says it is stylised).
        historical = [pid for pid, p in PRESETS.items() if _of_the_record(pid, p.scenario)]
        groups = (
            (RECORD_GROUP, historical),
            (STYLISED_GROUP, [pid for pid in PRESETS if pid not in historical]),
        )
        model = self.combo.model()
        assert isinstance(model, QtGui.QStandardItemModel)
        for heading, pids in groups:
            if not pids:
                continue
            self.combo.addItem(heading, None)
            header = model.item(self.combo.count() - 1)
            header.setFlags(QtCore.Qt.ItemFlag.NoItemFlags)  # a heading, not a choice
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            for pid in pids:
                preset = PRESETS[pid]
                self.combo.addItem(preset.label, pid)
                self.combo.setItemData(
                    self.combo.count() - 1, preset.summary, QtCore.Qt.ItemDataRole.ToolTipRole
                )
        # A rationale and its sources are file text (the record's, from record.toml).
        self.rationale = plain_label(ReservedLabel())
        self.rationale.setObjectName("presetRationale")
        self.rationale.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        palette.set_role(self.rationale, "note")
        self.sources = plain_label(ReservedLabel())
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
        self.presetApplied.emit(pid)

    def sync(self, scenario: Scenario) -> None:
        """Show the preset whose values the scenario has, or 'Custom scenario'."""
        match = next((pid for pid, p in PRESETS.items() if p.scenario.same_values(scenario)), None)
        with QtCore.QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(self.combo.findData(match) if match else 0)
        origin = scenario_name.origin(scenario)
        # Custom from a preset: the room its rationale and sources had stays reserved.
        kept = PRESETS[match] if match is not None else origin
        self.rationale.reserve(kept.rationale if kept is not None else "")
        # The longer of its two wordings ("Preset sources:" once left) sets the room.
        self.sources.reserve(
            breakable(known_only(f"Preset sources: {kept.sources}")) if kept is not None else ""
        )
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
            self.sources.setText(breakable(known_only(f"Preset sources: {origin.sources}")))
        elif match is None:
            self.rationale.setText(
                "The current settings match no preset. Choose one to start from its settings; "
                "Ctrl+Z takes it back."
            )
            self.sources.setText("")
        else:
            self.rationale.setText(PRESETS[match].rationale)
            self.sources.setText(breakable(known_only(f"Sources: {PRESETS[match].sources}")))
