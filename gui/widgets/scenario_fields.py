"""The scenario's own name and notes: they title the window, the brief and its caption, the
saved file and the key numbers. Editing them changes no number, so they are not undo steps."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.model import Scenario

#: Notes box height in lines of text: room for a sentence or two, the dock keeps the rest.
NOTES_LINES = 3


class ScenarioFields(QtWidgets.QGroupBox):
    def __init__(self, state: ScenarioState) -> None:
        super().__init__("Scenario name and notes")
        self.state = state
        self.name = QtWidgets.QLineEdit()
        self.name.setObjectName("scenarioName")
        self.name.setPlaceholderText("Untitled scenario")
        self.name.setToolTip(
            "Titles the window, exported briefs and captions, saved files and the key numbers. "
            "A preset's name becomes 'Custom (from …)' once a setting differs from it."
        )
        self.notes = QtWidgets.QPlainTextEdit()
        self.notes.setObjectName("scenarioNotes")
        self.notes.setPlaceholderText("Your notes: saved with the scenario and embedded in exports")
        self.notes.setTabChangesFocus(True)
        lines = self.notes.fontMetrics().lineSpacing() * NOTES_LINES
        self.notes.setFixedHeight(lines + 2 * self.notes.frameWidth() + 8)
        form = QtWidgets.QFormLayout(self)
        form.addRow("Name:", self.name)
        form.addRow("Notes:", self.notes)
        self.name.editingFinished.connect(self._name_edited)
        self.notes.textChanged.connect(self._notes_edited)
        state.scenarioChanged.connect(self.sync)
        self.sync(state.scenario)

    def _name_edited(self) -> None:
        name = " ".join(self.name.text().split())
        if name != self.state.scenario.name:
            self.state.rename(name)

    def _notes_edited(self) -> None:
        notes = self.notes.toPlainText()
        if notes != self.state.scenario.notes:
            self.state.set_notes(notes)

    def sync(self, scenario: Scenario) -> None:
        if self.name.text() != scenario.name and not self.name.hasFocus():
            self.name.setText(scenario.name)
        if self.notes.toPlainText() != scenario.notes:
            with QtCore.QSignalBlocker(self.notes):
                self.notes.setPlainText(scenario.notes)
