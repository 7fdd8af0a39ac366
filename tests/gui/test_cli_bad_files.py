"""`dprk-explorer run --scenario FILE` with every kind of bad file: exit 2 and one clear line.

Each case runs the command line's entry function (the console script's `main`) with the
output captured, and a few run the installed command in a fresh interpreter, as a user would; each
checks the line names the file (and the key, and what is allowed, where there is one), that no
traceback shows and that the file on disk is left exactly as it was.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dprk_explorer.model import PARAMETERS, Scenario, ScenarioError
from tests.gui_helpers import CLI, cli_in_process

REPO = Path(__file__).resolve().parents[2]
PREFIX = "dprk-explorer: error: "


#: Kinds also run through the installed command in a fresh interpreter (the rest in-process).
END_TO_END = {"unknown key", "not UTF-8 (binary)", "over 1 MB"}


def run_scenario(path: Path, fresh: bool = False) -> subprocess.CompletedProcess[str]:
    """`dprk-explorer run --scenario path`: through the console script's own `main` with stdout
    and stderr captured, or (`fresh`) the installed command in a new interpreter."""
    argv = ["run", "--scenario", str(path)]
    if not fresh:
        return cli_in_process(*argv)
    return subprocess.run(
        [CLI, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=REPO,
        timeout=120,
    )


def assert_one_error_line(done: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    line = lines[0]
    assert line.startswith(PREFIX), line
    for needle in needles:
        assert needle in line, (needle, line)
    return line


OVER_1_MB = b'notes = "' + b"x" * 1_000_001 + b'"\n'

# (file content, what the one line must say besides the path)
BAD_FILES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "unknown key": (b"colour = 3\n", ("unknown key 'colour'", "allowed keys: name, notes")),
    "misspelt key": (b"coal_ban_complience = 50\n", ("unknown key 'coal_ban_complience'",)),
    "key in a table": (b"[levers]\ncoal_ban_compliance = 50\n", ("unknown key 'levers'",)),
    "string for a number": (
        b'border_laxity = "high"\n',
        ("key 'border_laxity' = 'high' is not a number", "allowed: a number from 0 to 100"),
    ),
    "number for a bool": (
        b"ban_textiles = 1\n",
        ("key 'ban_textiles' = 1 is not allowed", "allowed: true or false"),
    ),
    "string for a bool": (b'ban_textiles = "yes"\n', ("key 'ban_textiles'", "allowed: true")),
    "bool for a number": (b"coal_ban_compliance = true\n", ("'coal_ban_compliance' = True",)),
    "list": (b"coal_ban_compliance = [1, 2]\n", ("'coal_ban_compliance' = [1, 2]", "allowed")),
    "table": (b"[coal_ban_compliance]\nvalue = 50\n", ("key 'coal_ban_compliance'", "allowed")),
    "date": (b"coal_ban_compliance = 2017-08-05\n", ("key 'coal_ban_compliance'", "allowed")),
    "number for the name": (b"name = 5\n", ("key 'name' = 5 is not allowed", "allowed: text")),
    "above range": (
        b"coal_ban_compliance = 101\n",
        ("'coal_ban_compliance' = 101 is out of range", "allowed: a number from 0 to 100 %"),
    ),
    "below range": (b"border_laxity = -0.5\n", ("'border_laxity' = -0.5 is out of range",)),
    "just above range": (
        b"coal_ban_compliance = 100.0000001\n",
        ("= 100.0000001 is out of range", "allowed"),
    ),
    "integer beyond any float": (
        b"labour_outsourcing = 1" + b"0" * 400 + b"\n",
        ("key 'labour_outsourcing'", "is out of range", "allowed"),
    ),
    "NaN": (b"coal_ban_compliance = nan\n", ("'coal_ban_compliance' = nan is not finite",)),
    "infinity": (b"labour_outsourcing = inf\n", ("'labour_outsourcing' = inf is not finite",)),
    "minus infinity": (b"border_laxity = -inf\n", ("'border_laxity' = -inf", "allowed")),
    "malformed TOML": (b"coal_ban_compliance = = 3\n", ("malformed TOML",)),
    "duplicate key": (b"border_laxity = 1\nborder_laxity = 2\n", ("malformed TOML",)),
    "unterminated string": (b'name = "mine\n', ("malformed TOML",)),
    "nested too deeply": (b"notes = " + b"[" * 5_000 + b"]" * 5_000, ("malformed TOML",)),
    "integer too long to read": (b"border_laxity = " + b"9" * 5_000, ("malformed TOML",)),
    "key with a newline": (b'"two\\nlines" = 1\n', ("unknown key 'two\\nlines'",)),
    "not UTF-8 (binary)": (b"\xff\xfe\x00\x01", ("is not UTF-8 text (byte 0)",)),
    "not UTF-8 (Latin-1 text)": (b'name = "caf\xe9"\n', ("is not UTF-8 text (byte 11)",)),
    "not UTF-8 (UTF-16)": ("border_laxity = 3\n".encode("utf-16"), ("is not UTF-8 text",)),
    "over 1 MB": (OVER_1_MB, ("is 1,000,012 bytes", "at most 1,000,000")),
    "wrong format_version": (
        b"format_version = 2\n",
        ("key 'format_version' = 2 is not supported", "allowed: 1"),
    ),
    "format_version as text": (b'format_version = "1"\n', ("'format_version' = '1'",)),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_file_exits_2_with_one_line_and_is_left_alone(tmp_path: Path, kind: str) -> None:
    content, needles = BAD_FILES[kind]
    path = tmp_path / "bad scenario.toml"  # a space, as in many users' folders
    path.write_bytes(content)
    before = path.stat()
    done = run_scenario(path, fresh=kind in END_TO_END)
    assert_one_error_line(done, f"{PREFIX}{path}: ", *needles)
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(tmp_path.iterdir()) == [path]  # no backup, lock or temporary file left behind


def test_missing_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    assert_one_error_line(run_scenario(path, fresh=True), f"{PREFIX}{path}: no such file")
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_folder_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios.toml"
    folder.mkdir()
    (folder / "inside.toml").write_bytes(b"border_laxity = 3\n")
    assert_one_error_line(run_scenario(folder), f"{PREFIX}{folder}: is a folder")
    assert [p.name for p in folder.iterdir()] == ["inside.toml"]
    assert (folder / "inside.toml").read_bytes() == b"border_laxity = 3\n"


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", b"# only a comment\n", b"format_version = 1\n"],
    ids=["empty", "blank lines", "comment only", "format_version only"],
)
def test_a_file_with_no_values_means_all_defaults(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.toml"
    path.write_bytes(content)
    done = run_scenario(path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Differs from default: nothing" in done.stdout
    assert path.read_bytes() == content


def test_every_parameter_refuses_nan_by_name(tmp_path: Path) -> None:
    """One file per parameter would be slow; one NaN at a time through the same loader."""
    path = tmp_path / "nan.toml"
    for pid, parameter in PARAMETERS.items():
        path.write_text(f"{pid} = nan\n", encoding="utf-8")
        with pytest.raises(ScenarioError) as error:
            Scenario.from_file(path)
        message = str(error.value)
        assert message.startswith(f"{path}: key '{pid}' = nan")
        assert f"allowed: {parameter.allowed()}" in message
