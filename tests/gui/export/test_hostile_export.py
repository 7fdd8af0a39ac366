"""Hostile conditions for saves and exports from the window (issue 17): a full disk during a CSV
set, symbolic links, control characters Excel cannot store, paths that cannot be opened, and
figures too large to draw. One clear message each, and the files on disk as they were (or
exactly as the message says)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dprk_explorer.gui.export.figure import render_figure
from dprk_explorer.gui.export.png import MAX_IMAGE_PIXELS, check_image_size
from dprk_explorer.gui.export.tables import csv_paths
from dprk_explorer.gui.io import atomic
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import Scenario
from dprk_explorer.model.answer import ask


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


def old_csv_set(tmp_path: Path) -> dict[Path, bytes]:
    old = {path: f"old {name}\n".encode() for name, path in csv_paths(tmp_path / "t.csv").items()}
    for path, content in old.items():
        path.write_bytes(content)
    return old


def test_a_full_disk_during_a_csv_set_changes_no_file(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = old_csv_set(tmp_path)
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # the third table finds the disk full
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    assert not window.exporter.export_data(tmp_path / "t.csv")
    message = window.exporter.last_error or ""
    assert "No space left on device" in message and "Nothing was written" in message
    assert {path: path.read_bytes() for path in old} == old  # no mix of old and new
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".ini") == sorted(
        p.name for p in old
    )  # no temporary file left


def test_a_rename_failing_midway_says_exactly_which_files_changed(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = old_csv_set(tmp_path)
    real_replace = os.replace
    calls = {"n": 0}

    def replace(source: str, target: str) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    assert not window.exporter.export_data(tmp_path / "t.csv")
    message = window.exporter.last_error or ""
    assert "replaced: t_channels.csv, t_offsets.csv" in message
    assert "unchanged: t_monthly.csv, t_scenario.csv" in message
    assert "Nothing was written" not in message
    changed = [path.name for path, content in old.items() if path.read_bytes() != content]
    assert changed == ["t_channels.csv", "t_offsets.csv"]


def test_save_and_export_through_a_symlink_write_the_target(
    window: MainWindow, tmp_path: Path
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "mine.toml"
    target.write_text("border_laxity = 1\n", encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    window.levers.rows["border_laxity"].spin.setValue(61)
    assert window.files.write(link)
    assert link.is_symlink() and Scenario.from_file(target)["border_laxity"] == 61
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    figure = real / "brief.svg"
    figure.write_bytes(b"old")
    figure_link = tmp_path / "brief.svg"
    figure_link.symlink_to(figure)
    assert window.exporter.export_figure(figure_link, "channels"), window.exporter.last_error
    assert figure_link.is_symlink() and figure.read_bytes().startswith(b"<?xml")


def test_a_link_to_a_device_is_refused_and_left_a_link(window: MainWindow, tmp_path: Path) -> None:
    link = tmp_path / "full.toml"
    link.symlink_to("/dev/full")
    assert not window.files.write(link)
    assert link.is_symlink() and os.readlink(link) == "/dev/full"
    message = window.files.last_message.text() if window.files.last_message else ""
    assert "/dev/full is not a regular file" in message and "unchanged" in message


def test_a_full_disk_on_save_keeps_the_old_file(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.toml"
    path.write_text("border_laxity = 2\n", encoding="utf-8")

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    assert not window.files.write(path)
    assert path.read_text(encoding="utf-8") == "border_laxity = 2\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".ini") == ["s.toml"]


@pytest.mark.parametrize("where", ["name", "banner"])
def test_a_control_character_excel_cannot_store_never_reaches_the_workbook(
    window: MainWindow, tmp_path: Path, where: str
) -> None:
    """Names and banners drop control characters where they are read (issue 25), so the
    workbook, which cannot store them, is written without them."""
    if where == "name":
        window.state.replace(Scenario.from_mapping({}, name="bad\x01name"), "Open bad")
    else:
        window.exporter.set_banner("DRAFT\x01")
    out = tmp_path / "t.xlsx"
    assert window.exporter.export_data(out), window.exporter.last_error
    about = [c.value for c in load_workbook(out)["about"]["A"]]
    assert ("Scenario: badname." if where == "name" else "DRAFT BANNER: DRAFT") in about
    assert not any("\x01" in str(text) for text in about)


def test_the_open_path_refuses_a_fifo_a_long_name_and_a_folder_it_cannot_read(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = window.state.scenario
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)
    assert not window.files.open_path(fifo)  # returns at once: a FIFO is never opened
    assert "is not a regular file" in window.files.last_message.text()  # type: ignore[union-attr]
    assert not window.files.open_path(tmp_path / ("n" * 300 + ".svg"))
    assert "File name too long" in window.files.last_message.text()  # type: ignore[union-attr]
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "s.toml").write_text("border_laxity = 3\n", encoding="utf-8")
    real_stat = os.stat

    def denied(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(str(locked) + "/"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", denied)
    assert not window.files.open_path(locked / "s.toml")
    assert "permission denied" in window.files.last_message.text()  # type: ignore[union-attr]
    assert window.state.scenario == before


def test_images_are_bounded_in_pixels() -> None:
    check_image_size(8_031, 12_500)  # a 1200-dpi brief
    with pytest.raises(ValueError, match="at most 32,767 a side"):
        check_image_size(40_000, 10)
    with pytest.raises(ValueError, match=f"{MAX_IMAGE_PIXELS:,} in all"):
        check_image_size(20_000, 20_000)


def test_a_long_banner_is_refused_before_drawing(window: MainWindow) -> None:
    with pytest.raises(ValueError, match="the banner is 201 characters long"):
        render_figure("brief", "png", ask(Scenario.default()), banner="B" * 201)
    with pytest.raises(ValueError, match="at most 200"):
        window.exporter.set_banner("B" * 201)


def test_names_and_notes_are_capped_with_one_message() -> None:
    from dprk_explorer.model import ScenarioError

    with pytest.raises(ScenarioError, match="key 'name' is 201 characters long"):
        Scenario.from_toml_text(f'name = "{"n" * 201}"')
    with pytest.raises(ScenarioError, match="key 'notes' is 20,001 characters long"):
        Scenario.from_toml_text(f'notes = "{"n" * 20_001}"')
    assert Scenario.from_toml_text(f'name = "{"n" * 200}"').name == "n" * 200
