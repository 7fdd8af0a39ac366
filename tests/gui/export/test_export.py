"""Exports for briefs: figures at the chosen DPI, captions, the scenario inside PNG, SVG and PDF,
print-thick lines, data tables, the clipboard, the menus, and failed writes that leave nothing."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.application import application
from dprk_explorer.gui.export.actions import Exporter
from dprk_explorer.gui.export.headless import figure_bytes
from dprk_explorer.gui.export.options import PAPERS, ExportOptions
from dprk_explorer.gui.export.tables import TABLES, csv_paths
from dprk_explorer.gui.io import atomic
from dprk_explorer.gui.io.embedded_scenario import (
    NoScenarioError,
    embedded_toml,
    scenario_from_file,
)
from dprk_explorer.gui.io.scenario_files import FILTER, load_scenario
from dprk_explorer.gui.text.caption import app_version, key_numbers, make_caption
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PARAMETERS, PRESETS, Scenario, ScenarioError, evaluate
from dprk_explorer.model.answer import ask
from tests.gui.export import poppler
from tests.gui_helpers import app_env, make_window


#: A scenario far from the default, with a name and notes that need escaping in every format.
@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


ODD = Scenario.from_mapping(
    {
        "coal_ban_compliance": 87.5,
        "border_laxity": 41.25,
        "labour_outsourcing": 140.0,
        "ban_textiles": True,
        "smuggling_lag_months": 9.0,
    },
    name='Lax "border" <2018> & après',
    notes="Line one\nline two: ]]> --> ?> \\ end",
)


def image(data: bytes) -> QtGui.QImage:
    picture = QtGui.QImage.fromData(data, "PNG")
    assert not picture.isNull()
    return picture.convertToFormat(QtGui.QImage.Format.Format_RGB32)


def pixels(picture: QtGui.QImage) -> np.ndarray:
    raw = np.frombuffer(picture.constBits(), np.uint8)
    return raw.reshape(picture.height(), picture.bytesPerLine() // 4, 4)[:, : picture.width(), :3]


@pytest.fixture
def exporter(window: MainWindow) -> Exporter:
    return window.exporter


@pytest.fixture
def qt_app() -> Iterator[QtWidgets.QApplication]:
    yield application()


# --- figures -------------------------------------------------------------------------------------


def test_png_size_follows_the_dpi_and_the_brief_is_print_wide(qt_app: object) -> None:
    scenario = PRESETS["china_2017_suspension"].scenario
    at_300 = image(figure_bytes(scenario, "brief", "png", dpi=300))
    at_150 = image(figure_bytes(scenario, "brief", "png", dpi=150))
    assert at_300.width() >= 2000  # 17 cm at 300 dpi
    assert at_300.width() == round(PAPERS["a4"].printable_width_cm / 2.54 * 300)
    assert abs(at_300.width() - 2 * at_150.width()) <= 1
    assert abs(at_300.height() - 2 * at_150.height()) <= 2
    assert at_300.height() > at_300.width()  # a portrait page
    assert round(at_300.dotsPerMeterX() * 0.0254) == 300  # pHYs: it places at 17 cm


@pytest.mark.parametrize(
    "figure", ["brief", "channels", "offsets", "timeline", "map", "attribution", "tornado"]
)
def test_every_figure_is_drawn_not_blank(qt_app: object, figure: str) -> None:
    picture = image(figure_bytes(ODD, figure, "png", dpi=72))
    rgb = pixels(picture).astype(int)
    not_white = (rgb.sum(axis=2) < 720).mean()
    assert 0.03 < not_white < 0.9
    # Ink in the plot's own colours, not only black text: the palette's scenario blue or the map.
    colourful = (rgb.max(axis=2) - rgb.min(axis=2) > 60).mean()
    assert colourful > 0.005


def _blue_line_px(data: bytes) -> float:
    """How thick the scenario's blue line is drawn, in pixels: the median, over the columns it
    crosses, of its bluish pixels (antialiased edges included)."""
    rgb = pixels(image(data)).astype(int)
    bluish = (rgb[..., 2] - rgb[..., 0] > 60) & (rgb[..., 2] > 120)
    per_column = bluish.sum(axis=0)
    return float(np.median(per_column[per_column > 0]))


def test_lines_keep_their_printed_width_at_high_dpi(qt_app: object) -> None:
    """pyqtgraph's ImageExporter leaves cosmetic pens 1-2 device pixels wide at any DPI; ours
    scale with the page: at three times the DPI a line is drawn about three times as thick.
    (Counting pure-blue pixels, as this test once did, let text and fills that scale anyway
    hide thin lines. A ratio alone let a screen pen pass when the 100-dpi line fell on one row
    of pixels: the scenario's 2.5 px line is also held to about its printed width, 7.8 device
    pixels at 300 dpi, of which the bluish core is at least half.)"""
    low = _blue_line_px(figure_bytes(ODD, "timeline", "png", dpi=100))
    high = _blue_line_px(figure_bytes(ODD, "timeline", "png", dpi=300))
    assert high >= 2.0 * low, (low, high)
    assert high >= 0.5 * 2.5 * 300 / 96, (low, high)


def test_svg_parses_and_carries_title_caption_and_scenario(qt_app: object) -> None:
    data = figure_bytes(ODD, "brief", "svg", banner="DRAFT — not for citation")
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert "DRAFT — not for citation" in (root.findtext("svg:desc", namespaces=ns) or "")
    scenario = root.find("svg:metadata/{urn:dprk-explorer:scenario:1}scenario", ns)
    assert scenario is not None and scenario.text == ODD.to_toml()


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_pdf_brief_is_its_page_and_the_page_of_sources(
    qt_app: object, tmp_path: Path, paper: str
) -> None:
    """Two pages, each drawn: the brief, then every source in full with the closing line (the
    list once ran a line past its page, leaving a third page with only that line)."""
    data = figure_bytes(ODD, "brief", "pdf", options=ExportOptions(paper=paper))
    assert data.startswith(b"%PDF-")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(data)
    assert poppler.page_count(pdf) == 2
    brief, sources = poppler.page_text(pdf, 1), poppler.page_text(pdf, 2)
    assert "Offset waterfall" in brief and "Sources of the figures" not in brief
    assert sources.startswith("Sources of the figures")
    caption = make_caption(ask(ODD), "", None)
    for entry in caption.sources:
        publisher = entry.split(": ", 1)[-1].split(",", 1)[0]
        assert publisher in sources, publisher
    assert caption.made_with.split(",")[0] in sources  # the closing line, with the list
    pages = poppler.rasterise(pdf, 50, tmp_path / "page")
    assert len(pages) == 2
    for page in pages:
        rgb = pixels(image(page.read_bytes())).astype(int)
        assert 0.03 < (rgb.sum(axis=2) < 720).mean() < 0.9, page.name


def test_pdf_checks_fail_in_ci_without_poppler(monkeypatch: pytest.MonkeyPatch) -> None:
    """In CI a missing pdftoppm fails the PDF tests (they would otherwise skip unseen); on a
    developer's machine it skips them."""
    monkeypatch.setattr(poppler.shutil, "which", lambda _tool: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="poppler-utils"):
        poppler.require("pdftoppm")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        poppler.require("pdftoppm")


def test_ci_has_the_pdf_tools() -> None:
    """Fails (never skips) in CI when poppler-utils is missing (`poppler.require`)."""
    for tool in poppler.TOOLS:
        assert Path(poppler.require(tool)).is_file()


# --- the scenario travels inside the file --------------------------------------------------------


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_the_scenario_round_trips_through_every_format(
    window: MainWindow, exporter: Exporter, tmp_path: Path, suffix: str
) -> None:
    window.state.replace(ODD, "odd")
    path = tmp_path / f"figure{suffix}"
    assert exporter.export_figure(path, "brief", dpi=60), exporter.last_error
    loaded = load_scenario(path)
    assert loaded == ODD  # values, name and notes
    assert loaded.same_values(ODD)
    assert scenario_from_file(path) == ODD


def test_opening_an_exported_png_restores_the_settings(
    window: MainWindow, exporter: Exporter, tmp_path: Path
) -> None:
    window.state.replace(ODD, "odd")
    path = tmp_path / "brief.png"
    assert exporter.export_figure(path, "channels", dpi=60)
    window.state.replace(Scenario.default(), "reset")
    assert window.files.open_path(path)
    assert window.state.scenario.same_values(ODD)
    assert window.files.path is None  # a figure is never saved over as a scenario file
    assert "*.png" in FILTER and "*.svg" in FILTER and "*.pdf" in FILTER


def test_dropping_an_exported_pdf_opens_its_scenario(
    window: MainWindow, exporter: Exporter, tmp_path: Path
) -> None:
    window.state.replace(ODD, "odd")
    path = tmp_path / "dropped.pdf"
    assert exporter.export_figure(path, "map")
    window.state.replace(Scenario.default(), "reset")
    window.state.undo_stack.setClean()  # nothing unsaved: the drop opens without asking
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path))])
    drop = QtGui.QDropEvent(
        QtCore.QPointF(400, 300),
        QtCore.Qt.DropAction.CopyAction,
        mime,
        QtCore.Qt.MouseButton.LeftButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert window.state.scenario.same_values(ODD)


def test_a_figure_without_a_scenario_is_refused_clearly(qt_app: object, tmp_path: Path) -> None:
    plain = tmp_path / "plain.png"
    blank = QtGui.QImage(10, 10, QtGui.QImage.Format.Format_RGB32)
    blank.fill(QtGui.QColor("white"))
    assert blank.save(str(plain))
    with pytest.raises(NoScenarioError, match="holds no scenario"):
        load_scenario(plain)
    (tmp_path / "fake.png").write_bytes(b"GIF89a not a png")
    with pytest.raises(ScenarioError, match="is not a PNG image"):
        load_scenario(tmp_path / "fake.png")
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(NoScenarioError):
        load_scenario(tmp_path / "empty.pdf")
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "missing.svg")


def test_a_truncated_png_is_refused_not_fatal(qt_app: object, tmp_path: Path) -> None:
    data = figure_bytes(ODD, "channels", "png", dpi=50)
    for cut in (9, 20, 40, 200, len(data) // 2):
        path = tmp_path / f"cut{cut}.png"
        path.write_bytes(data[:cut])
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            assert str(path) in str(error)
        else:  # the text chunk came before the cut
            assert scenario == ODD


def test_an_edited_embedded_scenario_is_validated(qt_app: object, tmp_path: Path) -> None:
    data = figure_bytes(ODD, "channels", "svg")
    bad = data.replace(b"coal_ban_compliance = 87.5", b"coal_ban_compliance = 870.0")
    path = tmp_path / "edited.svg"
    path.write_bytes(bad)
    with pytest.raises(ScenarioError, match=r"coal_ban_compliance.*out of range"):
        load_scenario(path)
    assert "coal_ban_compliance = 870.0" in embedded_toml(path)


# --- captions and key numbers --------------------------------------------------------------------


def test_the_caption_names_scenario_changes_units_numbers_sources_version_and_date() -> None:
    text = make_caption(ask(ODD), "  DRAFT — not for citation ").plain()
    assert "DRAFT — not for citation" in text
    assert ODD.name in text
    for key in ODD.changed_from_default():
        assert PARAMETERS[key].label in text
    assert "87.5 %" in text and "9 months" in text
    assert "Coal-ban compliance 87.5 % (default 62 %)" in text
    assert "net revenue change" in text and "of it won back" in text
    assert "China customs via CEIC" in text and "koreaherald.com" in text
    assert app_version() in text
    assert "exported 20" in text
    default = make_caption(ask(Scenario.default())).plain()
    assert "none (every parameter at its default)" in default
    assert "BANNER" not in default


def test_key_numbers_paragraph_in_text_and_markdown() -> None:
    answer = ask(PRESETS["china_2017_suspension"].scenario)
    text = key_numbers(answer)
    assert text.startswith("With 100 % coal-ban compliance, 25 % border laxity")
    assert "the bans block $1.18 bn a year ($1.18 bn of it coal)" in text
    # Redirection refills what smuggling does not win back (issue 23): 0.5 x (1 - 0.25 x 0.7) of
    # USD 1,180 m, not 0.5 x (1 - 0.25) of it (USD 649 m and 55 % before).
    assert "win back $693 m" in text and "59 % of what was blocked is won back" in text
    assert "**" not in text
    markdown = key_numbers(answer, markdown=True)
    assert "**$1.18 bn**" in markdown and "**59 %**" in markdown
    nothing = Scenario.default().with_values(
        {"coal_ban_compliance": 0, **{k: False for k in PARAMETERS if k.startswith("ban_")}}
    )
    assert "block none of" in key_numbers(ask(nothing))


def test_the_banner_is_remembered_and_printed(
    qtbot: QtBot, fresh_window: MainWindow, tmp_path: Path
) -> None:
    window, exporter = fresh_window, fresh_window.exporter  # its settings file is in tmp_path
    exporter.set_banner("DRAFT — not for citation")
    exporter.set_dpi(120)
    assert window.settings is not None
    window.settings.sync()
    again = make_window(tmp_path)  # the same settings file, as after a restart
    qtbot.addWidget(again)
    second = again.exporter
    assert second.banner == "DRAFT — not for citation"
    assert second.dpi == 120
    path = tmp_path / "banner.png"
    assert second.export_figure(path, "offsets")
    picture = QtGui.QImage(str(path))
    assert "DRAFT — not for citation" in picture.text("Description")
    assert round(picture.dotsPerMeterX() * 0.0254) == 120


# --- files written atomically, failures explained -------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "settings.ini")


def test_exports_to_a_missing_folder_or_a_folder_write_nothing(
    exporter: Exporter, tmp_path: Path
) -> None:
    assert not exporter.export_figure(tmp_path / "no" / "such" / "brief.png")
    assert exporter.last_error is not None and "does not exist" in exporter.last_error
    assert "\n" not in exporter.last_error
    (tmp_path / "taken.pdf").mkdir()
    assert not exporter.export_figure(tmp_path / "taken.pdf")
    assert "is a folder" in (exporter.last_error or "")
    assert (tmp_path / "taken.pdf").is_dir()
    assert not exporter.export_figure(tmp_path / "brief.gif")
    assert ".png, .svg, .pdf" in (exporter.last_error or "")
    assert not exporter.export_data(tmp_path / "no" / "tables.xlsx")
    assert _leftovers(tmp_path) == ["taken.pdf"]


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_partial_file(
    exporter: Exporter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every figure, in every format, is written by one atomic write_bytes after rendering
    (actions.py); tables take their own path. One of each, on one window."""

    def refuse(_src: str, _dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    for name in ("offsets.png", "tables.xlsx"):
        folder = tmp_path / name.split(".")[-1]
        folder.mkdir()
        path = folder / name
        path.write_bytes(b"the old file")
        exporter.window.files.last_message = None  # type: ignore[attr-defined]
        if name.endswith(".xlsx"):
            assert not exporter.export_data(path)
        else:
            assert not exporter.export_figure(path, "offsets", dpi=50)
        assert path.read_bytes() == b"the old file", name
        assert _leftovers(folder) == [name]
        message = exporter.last_error or ""
        assert str(path) in message and "Permission denied" in message
        assert "Nothing was written" in message and "\n" not in message
        assert exporter.window.files.last_message is not None  # type: ignore[attr-defined]


# --- data tables --------------------------------------------------------------------------------


def test_data_export_to_excel_and_csv(
    window: MainWindow, exporter: Exporter, tmp_path: Path
) -> None:
    import pandas as pd

    window.state.replace(ODD, "odd")
    assert exporter.export_data(tmp_path / "tables.xlsx"), exporter.last_error
    sheets = pd.read_excel(tmp_path / "tables.xlsx", sheet_name=None)
    assert list(sheets) == [*TABLES, "about"]
    result = evaluate(ODD)
    channels = sheets["channels"]
    assert list(channels["channel"]) == list(result.channels)
    assert np.allclose(channels["scenario_usd_m"], result.scenario_usd_m)
    offsets = sheets["offsets"].set_index("step")
    assert offsets.loc["net_change", "change_usd_m"] == pytest.approx(result.net_change_usd_m)
    assert len(sheets["monthly"]) == len(result.months)
    assert ODD.to_toml().splitlines()[2] in set(sheets["about"]["about"].astype(str))

    assert exporter.export_data(tmp_path / "tables.csv")
    for name, path in csv_paths(tmp_path / "tables.csv").items():
        frame = pd.read_csv(path)
        assert len(frame) == len(sheets[name])
    assert not (tmp_path / "tables.csv").exists()


# --- window integration -------------------------------------------------------------------------


def _titles(menu: QtWidgets.QMenu) -> list[str]:
    return [a.text() if not a.isSeparator() else "---" for a in menu.actions()]


def test_the_window_puts_the_exports_in_its_menus_once(window: MainWindow) -> None:
    exporter = window.exporter
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    file_titles = _titles(menus["&File"])
    quit_at = file_titles.index("&Quit")
    assert file_titles[quit_at - 1] == "---"
    assert file_titles[quit_at - 6 : quit_at - 1] == [
        "---",
        "&Export brief…",
        "Export &plot",
        "Export &data…",
        "Export se&ttings…",
    ]
    assert file_titles.count("&Export brief…") == 1
    edit_titles = _titles(menus["&Edit"])
    assert "Copy brief as &image" in edit_titles and "Copy &key numbers" in edit_titles
    assert exporter.export_brief_action.shortcut() == QtGui.QKeySequence("Ctrl+E")
    assert exporter.copy_figure_action.shortcut() == QtGui.QKeySequence("Ctrl+Shift+C")
    assert list(exporter.export_plot_actions) == [
        "channels", "offsets", "timeline", "map", "attribution", "tornado"
    ]  # fmt: skip
    plot_titles = [a.text() for a in exporter.export_plot_menu.actions()]
    assert "Net change by lever (attribution)…" in plot_titles
    assert "Assumptions at low / high (tornado)…" in plot_titles


def test_export_dialog_adds_the_chosen_formats_suffix(
    window: MainWindow, exporter: Exporter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = str(tmp_path / "chart")
    monkeypatch.setattr(
        QtWidgets.QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_a, **_k: (chosen, "SVG vector drawing (*.svg)")),
    )
    assert exporter.export_figure_dialog("timeline")
    assert (tmp_path / "chart.svg").is_file()
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: ("", ""))
    )
    assert not exporter.export_figure_dialog("brief")


def test_copy_figure_and_key_numbers_to_the_clipboard(
    window: MainWindow, exporter: Exporter
) -> None:
    window.state.replace(PRESETS["china_2017_suspension"].scenario, "preset")
    clipboard = QtGui.QGuiApplication.clipboard()
    try:
        assert exporter.copy_figure("offsets")
        assert not clipboard.image().isNull()
        exporter.copy_key_numbers()
        mime = clipboard.mimeData()
        assert mime.text().startswith("With 100 % coal-ban compliance")
        assert b"**59 %**" in bytes(mime.data("text/markdown").data())  # 55 % before issue 23
        exporter.copy_key_numbers(markdown=True)
        assert "**$1.18 bn**" in clipboard.mimeData().text()
    finally:
        # Qt's offscreen platform crashes at interpreter exit if its clipboard still holds
        # mime data made in Python (xcb does not); the app clears it at quit likewise.
        clipboard.clear()


def test_exports_include_pins(window: MainWindow, exporter: Exporter) -> None:
    pins = window.pins  # type: ignore[attr-defined]
    pins.pin("Earlier run", evaluate(PRESETS["post_singapore_2018"].scenario))
    with_pin = image(exporter.render("channels", "png", 72))
    pins.clear()
    without = image(exporter.render("channels", "png", 72))
    assert with_pin.size() == without.size()
    assert (pixels(with_pin) != pixels(without)).any()


COPY_THEN_QUIT = """
import sys
from PySide6 import QtCore, QtWidgets
from dprk_explorer.gui import launch as a
from dprk_explorer.gui.window import MainWindow
application = a.application()
def copy_and_quit():
    window = next(w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    assert window.exporter.copy_figure("offsets")
    application.quit()
QtCore.QTimer.singleShot(500, copy_and_quit)
sys.exit(a.run_window(None))
"""


def test_the_app_exits_cleanly_after_copying_a_figure(tmp_path: Path) -> None:
    """A copied image must not crash the interpreter's exit (Qt's offscreen clipboard does)."""
    env = app_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", COPY_THEN_QUIT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
