"""Open and Save start where the user last was, and Open asks before replacing unsaved work
(issue 16, part 9), through the real dialogs' calls (QFileDialog and QMessageBox patched)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import Scenario
from tests.gui_helpers import make_window


class FakeDialogs:
    """Stands in for QFileDialog's static calls: records the folder each starts in and answers
    with the next path queued (none: the user cancels)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started_in: list[Path] = []
        self.answers: list[Path] = []
        for name in ("getOpenFileName", "getSaveFileName"):
            monkeypatch.setattr(QtWidgets.QFileDialog, name, staticmethod(self._ask))

    def _ask(self, parent: object, caption: str, directory: str, *rest: object) -> tuple[str, str]:
        start = Path(directory)
        # Save suggests a file name in the folder; Open gives the folder itself.
        self.started_in.append(start.parent if start.suffix == ".toml" else start)
        return (str(self.answers.pop(0)), "") if self.answers else ("", "")


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> FakeDialogs:
    return FakeDialogs(monkeypatch)


def test_save_starts_in_the_last_folder_used_even_after_a_restart(
    window: MainWindow, tmp_path: Path, dialogs: FakeDialogs, qtbot: QtBot
) -> None:
    elsewhere = tmp_path / "briefs" / "korea"
    elsewhere.mkdir(parents=True)
    source = elsewhere / "lax.toml"
    source.write_text(Scenario.default().with_values({"border_laxity": 60}).to_toml())
    dialogs.answers = [source]
    window.files.open_dialog()
    assert window.state.scenario["border_laxity"] == 60
    window.files.path = None  # as for a new scenario: no current file to start beside
    window.files.save_as_dialog()  # cancelled
    assert dialogs.started_in[-1] == elsewhere
    assert dialogs.started_in[-1] != Path(QtCore.QDir.homePath())

    # The next run of the app (same settings file) starts there too.
    window.close()
    again = make_window(tmp_path)
    qtbot.addWidget(again)
    again.files.save_as_dialog()
    assert dialogs.started_in[-1] == elsewhere


def test_a_folder_chosen_for_a_file_that_failed_to_open_is_still_remembered(
    window: MainWindow, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    broken = folder / "broken.toml"
    broken.write_text("this is = = not toml")
    dialogs.answers = [broken]
    window.files.open_dialog()
    assert window.files.last_message is not None  # one clear message, nothing changed
    window.files.save_as_dialog()
    assert dialogs.started_in[-1] == folder


def test_a_folder_that_has_gone_falls_back_to_home(
    window: MainWindow, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    dialogs.answers = [folder / "new.toml"]
    assert window.files.save_as_dialog()
    assert (folder / "new.toml").is_file()
    (folder / "new.toml").unlink()
    folder.rmdir()
    window.files.path = None
    window.files.save_as_dialog()
    assert dialogs.started_in[-1] == Path(QtCore.QDir.homePath())


@pytest.mark.parametrize(("answer", "replaced"), [("Cancel", False), ("Open", True)])
def test_open_asks_in_a_dialog_before_replacing_unsaved_changes(
    window: MainWindow,
    tmp_path: Path,
    dialogs: FakeDialogs,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    replaced: bool,
) -> None:
    other = tmp_path / "other.toml"
    other.write_text(Scenario.default().with_values({"border_laxity": 70}).to_toml())
    window.levers.rows["coal_ban_compliance"].spin.setValue(10)  # unsaved
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *rest: object) -> object:
        asked.append(f"{title} {text}")
        return getattr(QtWidgets.QMessageBox.StandardButton, answer)

    monkeypatch.setattr(QtWidgets.QMessageBox, "question", staticmethod(question))
    dialogs.answers = [other]
    window.files.open_dialog()
    assert len(asked) == 1 and "unsaved changes" in asked[0] and "other.toml" in asked[0]
    assert (window.state.scenario["border_laxity"] == 70) is replaced
    assert (window.state.scenario["coal_ban_compliance"] == 10) is not replaced
