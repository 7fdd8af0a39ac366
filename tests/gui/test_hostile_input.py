"""Hostile input (issue 25): nothing a user opens, types or pastes is run as markup, a formula or
a script, and no pin is ever lost. One group of tests per defect the audit found.

Every case that ran away before (a read of /dev/zero, a traceback, a 900 KB line) runs the
installed command or the real window in a child process with an address-space limit and a
timeout (tests/hostile_helpers.py): a regression fails with its exit status, time and peak
memory instead of exhausting the machine. The refusals of an argument's digits or length, which
open nothing, run the command's entry function in-process under a timer (`in_process`); a
workbook, a window's SVG export, a full disk under the lock and the settings' last scenario,
whose inputs are short and read nothing that can run away, run in-process too.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dprk_explorer.model.sources.resources import RESOURCE_DIR
from tests.hostile_helpers import (
    assert_refused,
    cli,
    data_folder,
    in_process,
    python,
    start,
)

#: Markup a name, key or rationale may hold: rendered as HTML, Qt reads /dev/zero until memory
#: runs out (2.24 GB, abort, before the fix).
HOSTILE = '<img src="/dev/zero">'
#: Peak memory of a child that opened the whole window (it uses ~150-250 MB).
WINDOW_MB = 600


def window_done(code: str, *args: str, home: Path | None = None) -> list[str]:
    """Run `code` with the window in a child under the limits; its stdout lines. It must exit 0
    within the time and memory a whole window takes."""
    done = python(code, *args, home=home, timeout=120)
    assert not done.timed_out, f"no answer in {done.seconds:.0f} s"
    assert done.returncode == 0, (done.returncode, done.stderr[-3000:])
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.peak_mb < WINDOW_MB, f"{done.peak_mb:.0f} MB"
    return done.stdout.splitlines()


def toml_string(text: str) -> str:
    """`text` as a TOML basic string (JSON's escapes are TOML's for these characters)."""
    return json.dumps(text, ensure_ascii=True)


# --- 1. text shown as HTML ----------------------------------------------------------------------

OPEN_AND_REPORT = """
import json, sys
from pathlib import Path
from PySide6 import QtWidgets
from tests.gui_helpers import make_window
window = make_window(Path(sys.argv[2]))
window.show()
window.files.open_path(sys.argv[1])
box = window.files.last_message
for _ in range(5):
    QtWidgets.QApplication.processEvents()
box.grab()
print(json.dumps([box.textFormat().name, box.text(), window.status.currentMessage()]))
"""


def test_an_unknown_key_in_markup_is_one_plain_message(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(f"{toml_string(HOSTILE)}=1\n", encoding="utf-8")
    assert len(path.read_bytes()) == 28  # the audit's 27 bytes, give or take a quote
    (line,) = window_done(OPEN_AND_REPORT, str(path), str(tmp_path))
    text_format, text, status = json.loads(line)
    assert text_format == "PlainText"
    assert text.startswith(f"{path}: unknown key '<img src=\"/dev/zero\">'; allowed keys: name")
    assert status == text


SWEEP = """
import json, sys
from pathlib import Path
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets
from tests.gui_helpers import make_window
from dprk_explorer.gui.io.crash_report import ExceptionReporter
from dprk_explorer.model import Scenario
hostile, folder = sys.argv[1], Path(sys.argv[2])
window = make_window(folder, Scenario.from_mapping({"name": hostile, "notes": hostile}))
window.show()
for laxity in (31, 37):
    window.state.propose({"border_laxity": laxity})
    window.pin_panel.pin_current(f"{hostile} {laxity}")
# the first pin is what the headline compares with: its name in the comparison lines
window.pin_panel.pin_current("again")  # the same settings: a note quoting the pin's name
saved = folder / (hostile.replace("/", "_") + ".toml")
window.files.write(saved)  # a file named in markup: the recent list and the title
bad = folder / "bad.toml"
bad.write_text(json.dumps(hostile) + " = 1\\n", encoding="utf-8")
window.files.open_path(bad)  # the error dialog
reporter = ExceptionReporter(folder / "app.log", window)
try:
    raise ValueError(hostile)
except ValueError as error:
    reporter.handle(ValueError, error, error.__traceback__)
window.files._fill_recent_menu()
window.grab()
for _ in range(5):
    QtWidgets.QApplication.processEvents()
found = {"labels": 0, "tooltips": 0, "legends": 0}
offending = []

def as_markup(text, text_format=QtCore.Qt.TextFormat.AutoText):
    if text_format == QtCore.Qt.TextFormat.PlainText:
        return False
    return text_format == QtCore.Qt.TextFormat.RichText or QtGui.Qt.mightBeRichText(text)

def tip(owner, text, widget):
    if "img src=" not in text:  # the name, raw or escaped
        return
    found["tooltips"] += 1
    if "<img" in text and as_markup(text):
        offending.append(["tooltip", type(owner).__name__, text[:80]])
    QtWidgets.QToolTip.showText(QtCore.QPoint(20, 20), text, widget)  # drawn: it must not read
    QtWidgets.QApplication.processEvents()

for widget in QtWidgets.QApplication.allWidgets():
    if isinstance(widget, QtWidgets.QLabel) and "<img" in widget.text():
        found["labels"] += 1
        if as_markup(widget.text(), widget.textFormat()):
            offending.append(["label", widget.objectName(), widget.text()[:80]])
    tip(widget, widget.toolTip(), widget)
for action in window.findChildren(QtGui.QAction):
    tip(action, action.toolTip(), window)
for plot in window.plots:
    for item in plot.scene().items():
        tip(item, item.toolTip(), plot)
        if isinstance(item, pg.LabelItem) and "img src=" in item.text:
            found["legends"] += 1
            if "<img" in item.text:  # pyqtgraph renders it as HTML
                offending.append(["legend", type(item).__name__, item.text[:80]])
table = window.pin_panel.table
for column in range(table.columnCount()):
    header = table.horizontalHeaderItem(column)
    tip(header, header.toolTip(), table)
print(json.dumps(found))
print(json.dumps(offending))
"""


def test_names_files_and_messages_are_plain_text_everywhere(tmp_path: Path) -> None:
    """A scenario, two pins, a saved file and an error all named in markup: every label,
    dialog, tooltip and legend shows the text, and each tooltip is drawn."""
    found, offending = window_done(SWEEP, HOSTILE, str(tmp_path))[-2:]
    counts = json.loads(found)
    assert counts["labels"] >= 5 and counts["tooltips"] >= 12 and counts["legends"] >= 4, counts
    assert json.loads(offending) == []


def test_a_pins_file_with_a_markup_name_starts_and_keeps_its_pin(tmp_path: Path) -> None:
    pins = data_folder(tmp_path) / "pins.toml"
    pins.write_text(f"[[pin]]\nname = {toml_string(HOSTILE)}\nborder_laxity = 33.0\n", "utf-8")
    for _ in range(2):  # every start, not only the first
        stdout, _stderr = start(tmp_path)
        assert "pins 1" in stdout and json.dumps(HOSTILE) in stdout
        assert not list(pins.parent.glob("pins.toml.bad-*"))


#: Starts with the package's resources swapped for a copy (argv[1]), so a test can tamper with
#: record.toml without touching the installed one.
RESOURCES_FROM_ARGV = """
import importlib.resources, sys
from pathlib import Path
_files = importlib.resources.files
importlib.resources.files = (
    lambda package: Path(sys.argv[1]) if package == "dprk_explorer.resources" else _files(package)
)
"""


def tampered_resources(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the resources whose record.toml has `old` replaced by `new`; its digest of the
    fitted inputs still holds."""
    folder = tmp_path / "resources"
    shutil.copytree(RESOURCE_DIR, folder, ignore=shutil.ignore_patterns("*.py"))
    record = folder / "record.toml"
    text = record.read_text(encoding="utf-8")
    assert old in text
    record.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_a_record_rationale_in_markup_is_shown_as_text(tmp_path: Path) -> None:
    folder = tampered_resources(tmp_path, "rationale = ", f"rationale = {toml_string(HOSTILE)}\n#")
    code = RESOURCES_FROM_ARGV + (
        "from tests.gui_helpers import make_window\n"
        "from dprk_explorer.model import PRESETS\n"
        "window = make_window(Path(sys.argv[2]), PRESETS['record'].scenario)\n"
        "window.show()\n"
        "window.grab()\n"
        "label = window.presets.rationale\n"
        "print(label.textFormat().name, label.text())\n"
    )
    (line,) = window_done(code, str(folder), str(tmp_path))
    assert line == f"PlainText {HOSTILE}"


# --- 2. digits that are not ASCII ---------------------------------------------------------------

OTHER_DIGITS = ["2018-0²", "2018-0⓽", "2018-0፩", "２０１８-０６", "٢٠١٨-٠٦", "2018-٠٦"]


@pytest.mark.parametrize("month", OTHER_DIGITS)
def test_a_month_in_other_digits_is_one_message(month: str) -> None:
    assert_refused(in_process("run", "--branch", month), "is not a month", "in the digits 0-9")
    done = in_process("run", "--set", f"border_laxity@{month}=50")
    assert_refused(done, "date", "is not a month", "in the digits 0-9")


def test_a_schedule_in_fullwidth_digits_is_refused_not_reordered(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        '[schedule]\nborder_laxity = { "2016-06" = 10, "２０１７-０１" = 20 }\n', encoding="utf-8"
    )
    assert_refused(in_process("run", "--scenario", str(path)), "'２０１７-０１' is not a month")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["run", "--set", "coal_ban_compliance=６２"], "is not a number"),
        (["run", "--set", "coal_ban_compliance=٦٢"], "is not a number"),
        (["run", "--year", "２０１９"], "a calendar year from 2016 to 2025, in the digits 0-9"),
        (["run", "--year", "2019²"], "a calendar year"),
        (["run", "--goal-net-change-pct", "-２０"], "a finite number of percent"),
        (["export", "--dpi", "３００", "--out", "x.png"], "50 to 1200, in the digits 0-9"),
    ],
)
def test_numbers_and_years_in_other_digits_are_one_message(args: list[str], needle: str) -> None:
    assert_refused(in_process(*args), needle)


def test_session_pins_and_settings_in_other_digits_still_start(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    (folder / "session.toml").write_text('branch = "2018-0²"\n', encoding="utf-8")
    (folder / "pins.toml").write_text('[[pin]]\nbranch = "2018-0⓽"\n', encoding="utf-8")
    (folder / "running.lock").write_text("pid=999999\n", encoding="utf-8")  # a crash
    stdout, _stderr = start(tmp_path)
    assert "The autosaved session could not be restored" in stdout
    assert "Pinned scenarios could not be restored" in stdout
    assert "'2018-0²' is not a month" in stdout and "'2018-0⓽' is not a month" in stdout
    assert len(list(folder.glob("session.toml.bad-*"))) == 1
    assert len(list(folder.glob("pins.toml.bad-*"))) == 1
    # the settings' last scenario: read in-process (a short value, nothing that can run away)
    from PySide6 import QtCore

    from dprk_explorer.gui.window import last_scenario

    settings = QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    settings.setValue("session/last_scenario", 'branch = "2018-0²"\n')
    restored, note = last_scenario(settings)
    assert restored is None
    assert note.startswith("last session: key 'branch' = '2018-0²' is not a month")


# --- 3. bidirectional and invisible characters --------------------------------------------------

#: Every character class the sanitiser neutralises, with a right-to-left override that turned
#: the brief's "62" into "26".
INVISIBLE = "\u202e\u2066\u200f\u200b\ufeff\u00ad\u2028\u000b\u0007"
BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x61C)}


def test_reordering_and_invisible_characters_never_reach_an_output(tmp_path: Path) -> None:
    path = tmp_path / "rlo.toml"
    name, notes = f"Tight {INVISIBLE}border", f"notes {INVISIBLE}end"
    path.write_text(
        f"name = {toml_string(name)}\nnotes = {toml_string(notes)}\ncoal_ban_compliance = 62\n",
        encoding="utf-8",
    )
    done = cli("run", "--scenario", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    scenario = json.loads(done.stdout)["scenario"]
    assert scenario["name"] == "Tight   border"  # each line break a space in a name
    assert scenario["notes"] == "notes \n\nend"  # and a newline in notes
    out = tmp_path / "brief.svg"
    done = cli(
        "export", "--scenario", str(path), "--banner", f"DRAFT{INVISIBLE}", "--out", str(out),
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    svg = out.read_text(encoding="utf-8")
    assert not BIDI & set(svg) and "\u200b" not in svg and "\ufeff" not in svg
    assert "Tight   border" in svg and "DRAFT" in svg
    ET.fromstring(svg)


# --- 4. formula injection -----------------------------------------------------------------------


def test_no_cell_of_a_workbook_is_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from dprk_explorer.gui.export.tables import write_excel
    from dprk_explorer.model import Scenario
    from dprk_explorer.model.answer import ask

    link = '=HYPERLINK("http://example.invalid","click")'
    notes = "n\r\n=1+1\n+2\n@SUM(1)\n-3"
    scenario = Scenario.from_mapping({"name": "A\n" + link, "notes": notes})
    path = tmp_path / "t.xlsx"
    write_excel(path, ask(scenario, with_analysis=True), banner="B\n" + link)
    book = load_workbook(path)
    every = [c for sheet in book for row in sheet.iter_rows() for c in row]
    cells = [[c.value, c.data_type, bool(c.quotePrefix)] for c in every if c.value is not None]
    assert not [c for c in cells if c[1] == "f"]
    texts = [value for value, kind, _ in cells if kind == "s"]
    assert any("=HYPERLINK" in text for text in texts)  # there, as text
    for value, kind, quoted in cells:
        if kind == "s" and any(line.startswith(("=", "+", "-", "@")) for line in value.split()):
            assert quoted or not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_formula_like_text_is_stored_as_text_on_any_line() -> None:
    import io

    import pandas as pd
    from openpyxl import load_workbook

    from dprk_explorer.gui.export.tables import workbook_bytes

    texts = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "ok\n=2+2", "#N/A", "plain"]
    book = load_workbook(io.BytesIO(workbook_bytes({"t": pd.DataFrame({"text": texts})})))
    cells = list(book["t"]["A"])[1:]
    assert [c.value for c in cells] == [t.replace("\r", "\n") for t in texts]  # XML's newlines
    assert all(c.data_type == "s" for c in cells)
    assert [bool(c.quotePrefix) for c in cells] == [True] * 7 + [False, False]


# --- 5. control characters in an SVG ------------------------------------------------------------


def test_control_characters_in_names_leave_the_svg_well_formed(
    tmp_path: Path, qtbot: QtBot
) -> None:
    from dprk_explorer.model import Scenario
    from tests.gui_helpers import make_window

    path = tmp_path / "vt.toml"
    path.write_text('name = "Pasted\\u000bname"\n', encoding="utf-8")
    out = tmp_path / "offsets.svg"
    done = cli("export", "--scenario", str(path), "--figure", "offsets", "--out", str(out))
    assert done.returncode == 0, done.stderr
    ET.parse(out)
    # The window's own export, in-process (control characters run nothing away).
    window = make_window(tmp_path, Scenario.from_mapping({"name": "Pasted\x0bname\x1b[2J"}))
    qtbot.addWidget(window)
    window.state.propose({"border_laxity": 44})
    window.pin_panel.pin_current("pin\x0b\x00\x7f\x85name")
    assert window.exporter.export_figure(tmp_path / "brief.svg", "brief")
    root = ET.parse(tmp_path / "brief.svg").getroot()
    texts = " ".join(root.itertext())
    assert "Pasted name[2J" in texts and "pin name" in texts


# --- 6. calibrate --out through links -----------------------------------------------------------


@pytest.mark.parametrize("kind", ["to /dev/full", "dangling", "looping", "FIFO"])
def test_calibrate_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "record.toml"
    if kind == "to /dev/full":
        out.symlink_to("/dev/full")
    elif kind == "dangling":
        out.symlink_to(tmp_path / "gone.toml")
    elif kind == "looping":
        out.symlink_to(out)
    else:
        os.mkfifo(out)
    needle = {
        "to /dev/full": "/dev/full is not a regular file",
        "dangling": f"is a link to {tmp_path / 'gone.toml'}, which does not exist",
        "looping": "is a link that leads to itself",
        "FIFO": "is not a regular file",
    }[kind]
    # A FIFO could be waited on: the installed command in a bounded child; links in-process.
    run = cli if kind == "FIFO" else in_process
    assert_refused(run("calibrate", "--out", str(out)), f"{out}: ", needle)
    assert out.is_symlink() or out.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.toml"]


def test_calibrate_writes_through_a_link_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "target.toml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "record.toml"
    link.symlink_to(target)
    done = cli("calibrate", "--out", str(link), timeout=120)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("# The record, 2016-2025")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the target's mode kept


# --- 7. unbounded messages ----------------------------------------------------------------------

LONG = "2" * 900_000


def test_a_900_kb_value_is_quoted_as_an_excerpt(tmp_path: Path) -> None:
    path = tmp_path / "b.toml"
    path.write_text(f'branch = "{LONG}"\n', encoding="utf-8")
    line = assert_refused(cli("run", "--scenario", str(path)), "key 'branch' = '222", "...")
    assert len(line) < 300 + len(str(path))
    (shown,) = window_done(OPEN_AND_REPORT, str(path), str(tmp_path))
    _format, text, status = json.loads(shown)
    assert len(text) < 300 + len(str(path)) and status == text


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--branch", "2" * 100_000],
        ["run", "--set", "border_laxity=" + "9" * 100_000 + "x"],
        ["run", "--set", "x" * 100_000],
        ["run", "--preset", "p" * 100_000],
        ["export", "--figure", "f" * 100_000, "--out", "x.png"],
        ["run", "--year", "1" * 100_000],
    ],
)
def test_every_message_quotes_a_short_excerpt(args: list[str]) -> None:
    line = assert_refused(in_process(*args))
    assert len(line) < 600, len(line)


# --- 8. a tampered record.toml ------------------------------------------------------------------

FIRST_RESIDUAL = '[[residuals]]\nseries = "china_imports_from_dprk"\nperiod = "2016"\nuse = "fit"\n'


def test_a_tampered_record_with_a_valid_digest_is_refused_not_a_crash(tmp_path: Path) -> None:
    folder = tampered_resources(
        tmp_path, FIRST_RESIDUAL, FIRST_RESIDUAL.replace('use = "fit"', 'use = "fit"\n[x]')
    )
    code = RESOURCES_FROM_ARGV + (
        "from dprk_explorer.gui.cli import main\n"
        "sys.exit(main(['export', '--preset', 'record', '--dpi', '50', '--out', sys.argv[2]]))\n"
    )
    out = tmp_path / "brief.png"
    done = python(code, str(folder), str(out))
    line = assert_refused(done, "record.toml: is corrupt ([[residuals]] 1: key 'quantity' is")
    assert "run `dprk-explorer calibrate`" in line
    assert not out.exists()


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("error_pct = ", "error_pct = 'x'\n#", "[[residuals]] 1: key 'error_pct' = 'x' is not"),
        ("model = ", "model = nan\n#", "key 'model' = nan is not allowed; allowed: a finite"),
        ('use = "fit"', 'use = "maybe"', "key 'use' = 'maybe' is not allowed; allowed: fit or"),
        ('parameter = "coal_ban_compliance"', 'parameter = "x"', "[[fitted]] 1: key 'parameter'"),
        ("at_bound = false", "at_bound = 'no'", "[[fitted]] 1: key 'at_bound' = 'no' is not"),
        ("[statistics]", "[statistics.inner]", "[statistics] = {'inner': {"),
    ],
)
def test_every_table_of_the_record_is_checked(
    tmp_path: Path, old: str, new: str, needle: str
) -> None:
    from dprk_explorer.model.record.record import RecordUnavailable, read_record

    folder = tampered_resources(tmp_path, old, new)
    with pytest.raises(RecordUnavailable) as caught:
        read_record(folder)
    assert "is corrupt (" in str(caught.value) and needle in str(caught.value), caught.value


def test_the_record_s_tables_must_be_lists_of_tables() -> None:
    from dprk_explorer.model.record.record import check_structure, read_record

    data = dict(read_record().data)
    assert check_structure(data) == ""
    assert (
        check_structure({**data, "residuals": "a"}) == "[[residuals]] = 'a' is not a list of tables"
    )
    assert check_structure({**data, "fitted": [1]}) == "[[fitted]] 1 = 1 is not a table"
    assert check_structure({**data, "rationale": 5}) == "key 'rationale' = 5 is not text"


# --- 9. file modes ------------------------------------------------------------------------------

EVERY_WRITER = """
import os, sys
from pathlib import Path
from dprk_explorer.gui.cli import main
from dprk_explorer.gui.io.session import Autosave
from tests.gui_helpers import make_window
for umask in sys.argv[2:]:
    os.umask(int(umask, 8))
    folder = Path(sys.argv[1]) / umask
    folder.mkdir()
    window = make_window(folder)
    window.pin_panel.pin_current("a pin")
    autosave = Autosave(window.state, folder / "session.toml", folder / "running.lock", window.pins)
    autosave.save_now()
    assert window.files.write(folder / "saved.toml")
    assert window.exporter.export_data(folder / "tables.xlsx")
    assert window.exporter.export_data(folder / "tables.csv")
    assert window.exporter.export_figure(folder / "offsets.svg", "offsets", dpi=50)
    window.settings.sync()
    out = str(folder / "e.png")
    assert main(["export", "--figure", "offsets", "--dpi", "50", "--out", out]) == 0
    assert main(["calibrate", "--out", str(folder / "record.toml")]) == 0
"""


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    """Under 077 a fixed 0644 shows; under 027 a fixed 0600 (a temporary file's) does. One child
    writes every kind of file under each umask in turn (the mode is read at each creation)."""
    umasks = ("077", "027")
    window_done(EVERY_WRITER, str(tmp_path), *umasks)
    for umask in umasks:
        expected = 0o666 & ~int(umask, 8)
        folder = tmp_path / umask
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir() if p.is_file()}
        assert {"session.toml", "pins.toml", "saved.toml", "tables.xlsx", "record.toml"} <= set(
            modes
        )
        assert {"tables_channels.csv", "offsets.svg", "e.png", "settings.ini"} <= set(modes)
        assert {name: mode for name, mode in modes.items() if mode != expected} == {}, umask


# --- 10. leftovers ------------------------------------------------------------------------------

#: Writes a file and stops with its temporary staged (made, filled and locked) until a line on
#: stdin, then renames it into place: a writer to kill -9 mid-save, or to keep alive.
WRITER = """
import os, sys
from pathlib import Path
from dprk_explorer.gui.io import atomic
real = os.replace
def replace(source, target):
    print("staged", flush=True)
    sys.stdin.readline()
    real(source, target)
atomic.os.replace = replace
atomic.write_bytes(Path(sys.argv[1]), b"new")
"""


def staged_writer(path: Path) -> subprocess.Popen[str]:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline() == "staged\n"
    return writer


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_temporary_file_a_killed_writer_left_is_removed_by_the_next_write(
    tmp_path: Path,
) -> None:
    killed = [staged_writer(tmp_path / f"user{n}.csv") for n in range(3)]
    for writer in killed:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    assert len(temporaries(tmp_path)) == 3  # what a kill -9 leaves
    alive = staged_writer(tmp_path / "other.csv")  # a save under way elsewhere in the folder
    done = python(
        "import sys\nfrom pathlib import Path\nfrom dprk_explorer.gui.io.atomic import write_text\n"
        "write_text(Path(sys.argv[1]), 'x')\n",
        str(tmp_path / "user0.csv"),
    )
    assert done.returncode == 0, done.stderr
    (left,) = temporaries(tmp_path)  # the live writer's, still locked
    assert left.startswith(".other.csv.")
    alive.communicate("\n")
    assert alive.returncode == 0
    assert temporaries(tmp_path) == []
    assert (tmp_path / "other.csv").read_text(encoding="utf-8") == "new"


def test_calibrate_removes_what_an_interrupted_calibrate_left(tmp_path: Path) -> None:
    killed = staged_writer(tmp_path / "record.toml")
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    old = tmp_path / ".record.toml.k2j4h5g6.tmp"  # the name the previous writer gave them
    old.write_text("partial", encoding="utf-8")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert len(temporaries(tmp_path)) == 2
    done = cli("calibrate", "--out", str(tmp_path / "record.toml"), timeout=120)
    assert done.returncode == 0, done.stderr
    assert temporaries(tmp_path) == []


def test_a_lock_a_full_disk_stops_leaves_no_file_and_no_false_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from dprk_explorer.gui.application import application
    from dprk_explorer.gui.io import session
    from dprk_explorer.gui.state import ScenarioState
    from dprk_explorer.model import Scenario

    application()

    def full(*_args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(session.os, "pwrite", full)
    lock = tmp_path / "l"
    autosave = session.Autosave(ScenarioState(Scenario.default()), tmp_path / "s.toml", lock)
    note = autosave.start()
    autosave.finish()
    monkeypatch.undo()
    assert "Autosave is off" in note and "No space left on device" in note
    assert not os.path.lexists(lock) and session.inspect_lock(lock)[0] == "clean"


# --- 11. pins lost on every restart -------------------------------------------------------------

#: Names with every class of character above.
PIN_NAMES = [
    HOSTILE,
    f"rlo {INVISIBLE} 62",
    '=HYPERLINK("x")\n+1 "quoted" \'single\' [[pin]] # not a comment',
    "٢٠١٨ ²⓽፩ عربي עברית 👩\u200d🔬 \U0010fffd",
]

PIN_AND_QUIT = """
import json, sys
from PySide6 import QtCore, QtWidgets
from dprk_explorer.gui import launch
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PRESETS, Scenario
app = launch.application()
names = json.loads(sys.argv[1])
def pin_and_quit():
    window = next(w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    scenarios = [
        Scenario.default().with_sets(["border_laxity=12"]),
        Scenario.default().with_sets(["border_laxity@2018-06=50", "labour_outsourcing@2017-03=8"]),
        PRESETS["record"].scenario.with_sets(["border_laxity=70"]).branched(
            "2018-06", record=lambda: PRESETS["record"].scenario
        ),
        PRESETS["record"].scenario,
    ]
    for name, scenario in zip(names, scenarios):
        window.state.replace(scenario, "set")
        window.pin_panel.pin_current(name)
    for pin in window.pins.pins:
        print("pin", json.dumps([pin.name, pin.result.scenario.renamed(pin.name).to_toml()]))
    app.quit()
QtCore.QTimer.singleShot(300, pin_and_quit)
sys.exit(launch.run_window(None))
"""


def pins_shown(stdout: str) -> list[tuple[str, str]]:
    return [tuple(json.loads(line[4:])) for line in stdout.splitlines() if line.startswith("pin ")]


def test_pins_of_every_kind_survive_every_restart(tmp_path: Path) -> None:
    pinned, _stderr = start(tmp_path, PIN_AND_QUIT, json.dumps(PIN_NAMES))
    first = pins_shown(pinned)
    assert len(first) == 4 and "[pin.schedule]" not in first[0][1]
    assert "branch = " in first[2][1] and "[schedule]" in first[1][1]
    folder = data_folder(tmp_path)
    for _ in range(2):
        stdout, _stderr = start(tmp_path)
        assert pins_shown(stdout) == first
        assert not list(folder.glob("pins.toml.bad-*"))
