"""The window's menu bar: File (scenario files, exports, quit), Edit (undo, copy), View (docks,
assumptions, the view's toggles, layout) and Help (the model and sources, the validation, about).
The window builds the parts; this puts their actions in order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.export.actions import Exporter
from dprk_explorer.gui.io.scenario_files import ScenarioFiles
from dprk_explorer.gui.text.names import APP_TITLE, app_version
from dprk_explorer.gui.widgets.assumptions import AssumptionsPanel

if TYPE_CHECKING:  # the help module loads on first use: start-up stays fast
    from dprk_explorer.gui.widgets.help import DocumentWindow

ABOUT = (
    "A local, transparent model of how much of North Korea's lost coal revenue smuggling, "
    "unbanned exports and labour win back.<br><br>Every equation, parameter and source: Help → "
    "Model and sources. Every baseline figure names its source and how certain it is."
)
RESET_LAYOUT_TIP = (
    "Dock Controls and Analysis back on the left as tabs, shown, at their first width"
)


class HelpDocs(QtCore.QObject):
    """Help's document windows, each built on first use and kept."""

    def __init__(self, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self._model_doc: DocumentWindow | None = None
        self._validation_doc: DocumentWindow | None = None

    def show_model_doc(self) -> DocumentWindow:
        """Help → Model and sources: the equations, parameters and sources, as shipped."""
        return self._show_help(1)

    def show_primer(self) -> DocumentWindow:
        """Help → Start here (F1): the newcomer's page, the equations a tab further."""
        return self._show_help(0)

    def _show_help(self, tab: int) -> DocumentWindow:
        from dprk_explorer.gui.widgets.help import ModelSourcesWindow

        if self._model_doc is None:
            title = f"Help, model and sources — {APP_TITLE}"
            self._model_doc = ModelSourcesWindow(title, self.parent_widget)
        if isinstance(self._model_doc, ModelSourcesWindow):
            self._model_doc.tabs.setCurrentIndex(tab)
        self._model_doc.show()
        self._model_doc.raise_()
        return self._model_doc

    def show_validation_doc(self) -> DocumentWindow:
        """Help → Validation: the record's fit, in and out of sample, as shipped."""
        from dprk_explorer.gui.widgets.help import VALIDATION_DOC, DocumentWindow

        if self._validation_doc is None:
            title = f"Validation against the record — {APP_TITLE}"
            self._validation_doc = DocumentWindow(title, VALIDATION_DOC, self.parent_widget)
        self._validation_doc.show()
        return self._validation_doc

    def about(self) -> None:
        QtWidgets.QMessageBox.about(
            self.parent_widget,
            f"About {APP_TITLE}",
            f"<b>{APP_TITLE}</b>, version {app_version()}<br><br>{ABOUT}",
        )


@dataclass(frozen=True)
class Menus:
    """The actions the menus made themselves (the parts' own actions stay with their parts)."""

    undo: QtGui.QAction
    redo: QtGui.QAction
    reset_layout: QtGui.QAction
    model_doc: QtGui.QAction
    validation_doc: QtGui.QAction
    primer: QtGui.QAction


def _action(
    text: str, parent: QtCore.QObject, slot: Callable[[], object], shortcut: object = None
) -> QtGui.QAction:
    action = QtGui.QAction(text, parent)
    if isinstance(shortcut, QtGui.QKeySequence.StandardKey | QtGui.QKeySequence):
        action.setShortcut(shortcut)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _add(menu: QtWidgets.QMenu, items: Sequence[QtGui.QAction | QtWidgets.QMenu | None]) -> None:
    """Actions and submenus in order; None is a separator."""
    for item in items:
        if item is None:
            menu.addSeparator()
        elif isinstance(item, QtWidgets.QMenu):
            menu.addMenu(item)
        else:
            menu.addAction(item)


def build_menus(
    window: QtWidgets.QMainWindow,
    files: ScenarioFiles,
    exporter: Exporter,
    undo_stack: QtGui.QUndoStack,
    view_items: Sequence[QtGui.QAction | None],
    reset_layout: Callable[[], object],
    help_docs: HelpDocs,
) -> Menus:
    bar = window.menuBar()
    e = exporter
    quit_action = _action("&Quit", window, window.close, QtGui.QKeySequence.StandardKey.Quit)
    _add(bar.addMenu("&File"), [
        files.open_action, files.recent_menu, files.save_action, files.save_as_action, None,
        e.export_brief_action, e.export_plot_menu, e.export_data_action, e.export_settings_action,
        None, quit_action,
    ])  # fmt: skip

    undo = undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts(QtGui.QKeySequence.StandardKey.Undo)
    redo = undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QtGui.QKeySequence("Ctrl+Shift+Z"), QtGui.QKeySequence("Ctrl+Y")])
    _add(bar.addMenu("&Edit"), [
        undo, redo, None,
        e.copy_figure_action, e.copy_plot_menu, e.copy_numbers_action, e.copy_markdown_action,
    ])  # fmt: skip

    layout = _action("&Reset layout", window, reset_layout)
    layout.setToolTip(RESET_LAYOUT_TIP)
    _add(bar.addMenu("&View"), [*view_items, None, layout])

    primer = _action(
        "&Start here: what the window shows", window, help_docs.show_primer,
        QtGui.QKeySequence.StandardKey.HelpContents,
    )  # fmt: skip
    model_doc = _action("&Model and sources", window, help_docs.show_model_doc)
    validation_doc = _action(
        "&Validation against the record", window, help_docs.show_validation_doc
    )
    about = _action("&About", window, help_docs.about)
    _add(bar.addMenu("&Help"), [primer, model_doc, validation_doc, None, about])
    return Menus(undo, redo, layout, model_doc, validation_doc, primer)


def advanced_action(assumptions: AssumptionsPanel, parent: QtCore.QObject) -> QtGui.QAction:
    """View → Advanced assumptions: opens and closes the assumptions tree, and follows it."""
    action = QtGui.QAction("&Advanced assumptions", parent)
    action.setCheckable(True)
    action.toggled.connect(assumptions.set_expanded)
    assumptions.toggle.toggled.connect(action.setChecked)
    return action
