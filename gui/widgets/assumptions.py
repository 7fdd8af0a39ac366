"""Advanced assumptions: every non-lever parameter in a pyqtgraph ParameterTree, grouped as
declared, with units, limits and tooltips from the single declaration; collapsible."""

from __future__ import annotations

from typing import Any

from pyqtgraph.parametertree import Parameter as TreeParameter
from pyqtgraph.parametertree import ParameterTree
from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.model import PARAMETERS, Scenario
from dprk_explorer.model.parameters import GROUPS

ASSUMPTION_IDS = tuple(p.id for p in PARAMETERS.values() if p.group != "lever")


def _tree_spec() -> list[dict[str, Any]]:
    groups = []
    for group, title in GROUPS.items():
        if group == "lever":
            continue
        children = []
        for p in PARAMETERS.values():
            if p.group != group:
                continue
            child: dict[str, Any] = {
                "name": p.id,
                "title": p.label,
                "tip": p.tooltip(),
                "value": p.default,
                "default": p.default,
            }
            if p.kind == "bool":
                child["type"] = "bool"
            else:
                child.update(
                    type="float",
                    limits=(p.minimum, p.maximum),
                    step=p.step,
                    suffix=f" {p.unit}",
                    decimals=6,
                )
            children.append(child)
        groups.append({"name": group, "title": title, "type": "group", "children": children})
    return groups


class AssumptionsPanel(QtWidgets.QWidget):
    """Writes each edit to the state (undoable) and follows the state back, never echoing."""

    def __init__(self, state: ScenarioState) -> None:
        super().__init__()
        self.state = state
        self._syncing = False
        self.root: TreeParameter | None = None
        self.tree: ParameterTree | None = None
        self.leaves: dict[str, TreeParameter] = {}

        self.toggle = QtWidgets.QToolButton()
        self.toggle.setObjectName("assumptionsToggle")
        self.toggle.setText("Advanced assumptions")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setStyleSheet("QToolButton { border: none; font-weight: 600; }")
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

    def _build_tree(self) -> ParameterTree:
        """Built on first expansion: a collapsed panel costs start-up nothing."""
        if self.tree is None:
            self.root = TreeParameter.create(
                name="assumptions", type="group", children=_tree_spec()
            )
            self.tree = ParameterTree(showHeader=False)
            self.tree.setParameters(self.root, showTop=False)
            self.tree.setMinimumHeight(320)
            self.leaves = {
                pid: self.root.child(PARAMETERS[pid].group, pid) for pid in ASSUMPTION_IDS
            }
            self._layout.insertWidget(1, self.tree, 1)
            self.sync(self.state.scenario)
            self.root.sigTreeStateChanged.connect(self._tree_changed)
        return self.tree

    def set_expanded(self, expanded: bool) -> None:
        with QtCore.QSignalBlocker(self.toggle):
            self.toggle.setChecked(expanded)
        self.toggle.setArrowType(
            QtCore.Qt.ArrowType.DownArrow if expanded else QtCore.Qt.ArrowType.RightArrow
        )
        if expanded:
            self._build_tree().setVisible(True)
        elif self.tree is not None:
            self.tree.setVisible(False)
        self.reset_all.setVisible(expanded)

    def _tree_changed(self, _root: object, changes: list[tuple[Any, str, Any]]) -> None:
        if self._syncing:
            return
        edits = {
            param.name(): data
            for param, change, data in changes
            if change == "value" and param.name() in PARAMETERS
        }
        if edits:
            self.state.propose(edits)

    def _reset_all(self) -> None:
        self.state.reset_parameters(list(ASSUMPTION_IDS), "Reset all assumptions")

    def sync(self, scenario: Scenario) -> None:
        if self.tree is None:
            return
        self._syncing = True
        try:
            for pid, leaf in self.leaves.items():
                if leaf.value() != scenario[pid]:
                    leaf.setValue(scenario[pid])
        finally:
            self._syncing = False
