"""Open, Save, Save As and Recent files for scenario files (TOML), with the standard shortcuts.

Loading goes through the model's strict validation, so a bad file changes nothing in the window
and the user sees one message naming the file, the key, the value and what is allowed. Saving is
atomic: a failed save leaves the old file intact and says why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.io.atomic import WriteError, write_text
from dprk_explorer.gui.plain_text import auto_text, message_box
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.text.scenario_name import UNNAMED
from dprk_explorer.model import Scenario, ScenarioError
from dprk_explorer.model.core.scenario import MAX_TEXT_CHARS

KEY_RECENT = "files/recent"
KEY_FOLDER = "files/last_folder"
MAX_RECENT = 8
FILTER = (
    "Scenario files and exported figures (*.toml *.png *.svg *.pdf);;"
    "Scenario files (*.toml);;Exported figures (*.png *.svg *.pdf);;All files (*)"
)


def load_scenario(path: str | Path) -> Scenario:
    """A scenario from a file the user chose: a scenario file (TOML) or a figure exported by this
    app (PNG, SVG, PDF: the scenario travels in its metadata); ScenarioError with one clear
    message otherwise."""
    from dprk_explorer.gui.io.embedded_scenario import scenario_from_file

    return scenario_from_file(path)


class ScenarioFiles(QtCore.QObject):
    """Owns the current file and the recent list; the window shows its actions in File."""

    #: The current file or its saved state changed (for the window title).
    fileChanged = QtCore.Signal()

    def __init__(
        self,
        state: ScenarioState,
        parent: QtWidgets.QWidget,
        settings: QtCore.QSettings | None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.window = parent
        self.settings = settings
        self.path: Path | None = None
        self.last_message: QtWidgets.QMessageBox | None = None
        self._recent_memory: list[str] = []
        self._folder_memory: str | None = None  # without settings: for this run only

        self.open_action = QtGui.QAction("&Open scenario…", parent)
        self.open_action.setShortcut(QtGui.QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_dialog)
        self.save_action = QtGui.QAction("&Save scenario", parent)
        self.save_action.setShortcut(QtGui.QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        self.save_as_action = QtGui.QAction("Save scenario &as…", parent)
        self.save_as_action.setShortcut(QtGui.QKeySequence.StandardKey.SaveAs)
        self.save_as_action.triggered.connect(self.save_as_dialog)
        self.recent_menu = QtWidgets.QMenu("Open &recent", parent)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        state.undo_stack.cleanChanged.connect(lambda _clean: self.fileChanged.emit())

    # --- recent files ---------------------------------------------------------------------

    def recent(self) -> list[str]:
        if self.settings is None:
            return list(self._recent_memory)
        value = self.settings.value(KEY_RECENT, [])
        items = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        )
        return [str(v) for v in items][:MAX_RECENT]

    def _remember(self, path: Path) -> None:
        entries = [str(path), *(p for p in self.recent() if p != str(path))][:MAX_RECENT]
        if self.settings is None:
            self._recent_memory = entries
        else:
            self.settings.setValue(KEY_RECENT, entries)
        self._remember_folder(path)

    def _remember_folder(self, path: Path) -> None:
        """The folder of a file the user chose in a dialog (even one that failed to open, or a
        save that failed): the next Open or Save starts there, in this run and the next."""
        folder = str(path.parent)
        if self.settings is None:
            self._folder_memory = folder
        else:
            self.settings.setValue(KEY_FOLDER, folder)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        entries = self.recent()
        if not entries:
            self.recent_menu.addAction("(no recent files)").setEnabled(False)
        for number, entry in enumerate(entries, start=1):
            action = self.recent_menu.addAction(f"&{number} {Path(entry).name}")
            action.setToolTip(auto_text(entry))
            action.setData(entry)
            action.triggered.connect(lambda _checked=False, e=entry: self.open_asking(e))

    def start_folder(self) -> str:
        """Where Open and Save start: the current file's folder, else the last folder used (if
        it still exists), else the home folder."""
        if self.path is not None and self.path.parent.is_dir():
            return str(self.path.parent)
        if self.settings is not None:
            remembered = self.settings.value(KEY_FOLDER)
        else:
            remembered = self._folder_memory
        if isinstance(remembered, str) and remembered and Path(remembered).is_dir():
            return remembered
        return QtCore.QDir.homePath()

    # --- open -------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.window, "Open scenario", self.start_folder(), FILTER
        )
        if path:
            self._remember_folder(Path(path))
            self.open_asking(path)

    def open_asking(self, path: str | Path) -> bool:
        """Open `path` as the user asked (menu, recent files, a drop): unsaved changes are
        replaced only once the user says so (the open itself stays undoable)."""
        if not self.state.undo_stack.isClean() and not self.confirm_replace(Path(path)):
            return False
        return self.open_path(path)

    def confirm_replace(self, path: Path) -> bool:
        answer = QtWidgets.QMessageBox.question(
            self.window,
            "Replace unsaved changes?",
            auto_text(  # a file's name is the user's text
                f"The current scenario has unsaved changes. Open {path.name} in its place? "
                "(Edit → Undo brings the changes back.)"
            ),
            QtWidgets.QMessageBox.StandardButton.Open | QtWidgets.QMessageBox.StandardButton.Cancel,
            QtWidgets.QMessageBox.StandardButton.Cancel,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Open

    def open_path(self, path: str | Path) -> bool:
        """Load and apply a scenario file as one undoable step; on any fault, change nothing."""
        file = Path(path)
        try:
            scenario = load_scenario(file)
        except ScenarioError as error:
            self.report("Could not open the scenario", str(error))
            return False
        except OSError as error:  # a fault no check foresaw: still one message, no dialog storm
            self.report("Could not open the scenario", f"{file}: cannot be read ({error})")
            return False
        self.state.replace(scenario, f"Open {file.name}")
        self.path = file if file.suffix.lower() == ".toml" else None
        self.state.undo_stack.setClean()
        self._remember(file)
        self.state.message.emit(f"Opened {file}")
        self.fileChanged.emit()
        return True

    def detach(self) -> None:
        """The scenario is no longer the file's (a preset replaced it): Save asks where, so it
        never overwrites the file with another scenario."""
        if self.path is not None:
            self.path = None
            self.fileChanged.emit()

    # --- save -------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.path is None:
            return self.save_as_dialog()
        return self.write(self.path)

    def save_as_dialog(self) -> bool:
        suggested = Path(self.start_folder()) / f"{self._file_stem()}.toml"
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.window, "Save scenario as", str(suggested), FILTER
        )
        if not path:
            return False
        file = Path(path)
        self._remember_folder(file)
        if file.suffix.lower() != ".toml":
            file = (
                file.with_suffix(file.suffix + ".toml")
                if file.suffix
                else file.with_suffix(".toml")
            )
        return self.write(file)

    def _file_stem(self) -> str:
        name = self.state.scenario.name
        safe = "".join(c if c.isalnum() or c in "-_ " else "_" for c in name).strip()
        return safe.replace(" ", "_") or "scenario"

    def write(self, path: str | Path) -> bool:
        """Write the current scenario atomically; an unnamed scenario takes the file's name."""
        file = Path(path)
        scenario = self.state.scenario
        if scenario.name in UNNAMED:
            scenario = scenario.renamed(name=file.stem[: MAX_TEXT_CHARS["name"]])
        try:
            write_text(file, scenario.to_toml())
        except WriteError as error:
            self.report("Could not save the scenario", f"{error}. The file on disk is unchanged.")
            return False
        if scenario is not self.state.scenario:
            self.state.rename(scenario.name)
        self.path = file
        self.state.undo_stack.setClean()
        self._remember(file)
        self.state.message.emit(f"Saved {file}")
        self.fileChanged.emit()
        return True

    # --- messages ---------------------------------------------------------------------------

    def report(self, title: str, message: str) -> None:
        """One clear message, in a dialog that does not block the event loop, and the status bar."""
        box = message_box(
            QtWidgets.QMessageBox.Icon.Warning,
            title,
            message,
            QtWidgets.QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = box
        self.state.message.emit(message)
