"""Hostile files on the command line (issue 17): every case ends in bounded time and memory with
exit 2 and one line, or loads as it should; the files on disk are left as they were.

Each case that reads a hostile file runs the installed command in a child process with an
address-space limit and a timeout (tests/hostile_helpers.py), so a regression fails instead of
exhausting the machine; the small files and arguments (a few dots, a name, a number, a path)
run the command's entry function in-process under a timer (`in_process`).
"""

from __future__ import annotations

import os
import struct
import subprocess
import time
import zlib
from pathlib import Path

import pytest

from dprk_explorer.gui.export.png import SIGNATURE, _chunk
from dprk_explorer.model.core.toml_io import MAX_KEY_PARTS
from tests.hostile_helpers import PREFIX, assert_refused, bounded, cli, in_process, python

DEEP = "a." * 50_000 + "a"
KEY_BYPASSES = {
    "quoted = before the key": f'"=".{DEEP} = 1\n',
    "key inside an inline table": f"x = {{{DEEP} = 1}}\n",
    "U+2028 in a quoted part": f'"a\u2028b".{DEEP} = 1\n',
    "U+2028 before the line": f'notes = "x\u2028"\n{DEEP} = 1\n',
    "table header": f"[{DEEP}]\n",
    "spaces around the dots": "a . " * 50_000 + "a = 1\n",
}


@pytest.mark.parametrize("kind", list(KEY_BYPASSES))
def test_deep_keys_cannot_get_past_the_guard(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(KEY_BYPASSES[kind], encoding="utf-8")
    before = path.read_bytes()
    done = cli("run", "--scenario", str(path))
    assert_refused(done, f"{path}: ", f"more than {MAX_KEY_PARTS} dotted parts")
    assert path.read_bytes() == before


VALID = {
    "70 dots in a comment": "# " + "." * 70 + "\nborder_laxity = 40\n",
    "dotted lines inside notes": 'notes = """\n' + "a." * 100 + "a = 1\n" * 3 + '"""\n'
    "border_laxity = 40\n",
    "a quoted key with dots": '"' + "a." * 100 + '" = 1\n',
}


@pytest.mark.parametrize("kind", list(VALID))
def test_valid_files_with_many_dots_are_not_refused_for_dots(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "dots.toml"
    path.write_text(VALID[kind], encoding="utf-8")
    done = in_process("run", "--scenario", str(path), "--format", "json")
    assert "dotted parts" not in done.stderr
    if kind == "a quoted key with dots":  # a valid TOML file, refused for its unknown key
        assert_refused(done, "unknown key")
    else:
        assert done.returncode == 0, done.stderr
        assert '"border_laxity": 40.0' in done.stdout


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)
    assert_refused(cli("run", "--scenario", str(fifo)), f"{fifo}: is not a regular file")
    link = tmp_path / "brief.svg"
    link.symlink_to(fifo)
    assert_refused(cli("run", "--scenario", str(link)), "is not a regular file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_refused_not_read(tmp_path: Path, device: str) -> None:
    link = tmp_path / "scenario.toml"
    link.symlink_to(device)
    assert_refused(cli("run", "--scenario", str(link)), "is not a regular file")


def test_stdin_fed_by_yes_is_refused_not_read() -> None:
    yes = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        done = cli("run", "--scenario", "/dev/stdin", stdin=yes.stdout.fileno())  # type: ignore[union-attr]
    finally:
        yes.kill()
        yes.wait()
    assert_refused(done, "/dev/stdin: is not a regular file")


def test_a_regular_file_is_read_by_bytes_read_not_by_its_size(tmp_path: Path) -> None:
    """The cap counts bytes read: the file is refused at MAX+1 bytes whatever it grows to."""
    path = tmp_path / "big.toml"
    path.write_bytes(b"# " + b"x" * 3_000_000 + b"\n")
    assert_refused(cli("run", "--scenario", str(path)), "at most 1,000,000")


UNCLOSED = b"<dprkx:scenario>" * 65_000  # about 1 MB


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_unclosed_scenario_tags_are_refused_in_linear_time(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"tags{suffix}"
    head = b"<svg>" if suffix == ".svg" else b"%PDF-1.4\n"
    path.write_bytes(head + UNCLOSED * 4)  # 4 MB: over five minutes before
    assert_refused(cli("run", "--scenario", str(path)), "holds no scenario")


def test_a_large_scenario_element_is_refused_before_it_is_unescaped(tmp_path: Path) -> None:
    path = tmp_path / "huge.svg"
    with path.open("wb") as stream:
        stream.write(b'<svg><metadata><dprkx:scenario xmlns:dprkx="urn:dprk-explorer:scenario:1">')
        for _ in range(40):
            stream.write(b"&amp;" * 200_000)  # 40 MB of escapes
        stream.write(b"</dprkx:scenario></metadata></svg>")
    assert_refused(cli("run", "--scenario", str(path)), "larger than 6,000,000 bytes")


# --- PNG metadata -------------------------------------------------------------------------------


def png_with(*chunks: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = _chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
    return SIGNATURE + _chunk(b"IHDR", header) + b"".join(chunks) + pixels + _chunk(b"IEND", b"")


def itxt(compressed: bytes, flag: int = 1) -> bytes:
    return b"dprk-explorer-scenario\0" + bytes([flag, 0]) + b"\0\0" + compressed


@pytest.fixture(scope="module")
def exported_png(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("png") / "brief.png"
    done = cli(
        "export", "--set", "redirect_share_pct=50", "--figure", "offsets", "--dpi", "50",
        "--out", str(out), timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def test_a_flipped_bit_in_the_scenario_chunk_is_refused(
    tmp_path: Path, exported_png: bytes
) -> None:
    at = exported_png.index(b"redirect_share_pct = 50.0") + len("redirect_share_pct = ")
    flipped = bytearray(exported_png)
    flipped[at] ^= 0x01  # "5" becomes "4": 40 instead of 50 with exit 0 before
    path = tmp_path / "flipped.png"
    path.write_bytes(bytes(flipped))
    assert_refused(cli("run", "--scenario", str(path)), "CRC")
    good = tmp_path / "good.png"
    good.write_bytes(exported_png)
    done = cli("run", "--scenario", str(good), "--format", "json")
    assert done.returncode == 0 and '"redirect_share_pct": 50.0' in done.stdout


def test_a_truncated_compressed_chunk_is_refused(tmp_path: Path) -> None:
    stream = zlib.compress(b"border_laxity = 40\n" * 50)
    path = tmp_path / "truncated.png"
    path.write_bytes(png_with(_chunk(b"iTXt", itxt(stream[: len(stream) // 2]))))
    assert_refused(cli("run", "--scenario", str(path)), "truncated")  # the defaults before
    whole = tmp_path / "whole.png"
    whole.write_bytes(png_with(_chunk(b"iTXt", itxt(stream))))
    assert cli("run", "--scenario", str(whole)).returncode == 2  # duplicate keys: malformed


def test_an_over_4_mb_scenario_chunk_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "large.png"
    path.write_bytes(
        png_with(_chunk(b"zTXt", b"dprk-explorer-scenario\0\0" + os.urandom(4_100_000)))
    )
    assert_refused(cli("run", "--scenario", str(path)), "chunk is 4,100,024 bytes", "at most")


# --- names, banners, numbers, output ------------------------------------------------------------


def test_a_name_too_long_to_print_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text(f'name = "{"N" * 990_000}"\n', encoding="utf-8")
    out = tmp_path / "brief.png"
    done = cli("export", "--scenario", str(path), "--out", str(out))
    assert_refused(done, "key 'name' is 990,000 characters long", "at most 200")
    assert not out.exists()


def test_a_banner_too_long_to_print_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "brief.png"
    done = cli("export", "--banner", "B" * 120_000, "--dpi", "1200", "--out", str(out))
    assert_refused(done, "the banner is 120,000 characters long", "at most 200")
    assert not out.exists()


def test_the_table_escapes_control_characters_in_the_name(tmp_path: Path) -> None:
    path = tmp_path / "evil.toml"
    path.write_text(
        'name = "\\u001b]0;pwned\\u0007\\u001b[2J\\nNet change:  +999.0 USD m/yr"\n',
        encoding="utf-8",
    )
    done = in_process("run", "--scenario", str(path))
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert [line for line in done.stdout.splitlines() if line.startswith("Net change")] == [
        next(line for line in done.stdout.splitlines() if line.startswith("Net change:"))
    ]
    # Control characters never enter a name (issue 25): removed, the line break a space.
    assert "Scenario: ]0;pwned[2J Net change:  +999.0" in done.stdout


def test_a_negative_goal_in_e_notation_parses() -> None:
    done = in_process("run", "--goal-net-change-pct", "-1e3", "--format", "json", timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"goal_seek"' in done.stdout
    assert_refused(in_process("run", "--goal-net-change-pct", "-inf"), "finite number")


def test_a_number_too_small_to_represent_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tiny.toml"
    path.write_text("border_laxity = 1e-400\n", encoding="utf-8")
    assert_refused(in_process("run", "--scenario", str(path)), "1e-400 is too small")
    assert_refused(in_process("run", "--set", "border_laxity=1e-400"), "1e-400 is too small")
    assert in_process("run", "--set", "border_laxity=0e-400").returncode == 0


# --- paths that cannot be used ------------------------------------------------------------------


def test_a_300_character_file_name_is_one_line(tmp_path: Path) -> None:
    name = tmp_path / ("n" * 300 + ".toml")
    assert_refused(in_process("run", "--scenario", str(name)), "File name too long")
    out = tmp_path / ("n" * 300 + ".png")
    assert_refused(in_process("export", "--out", str(out)), "the file name is 304 bytes long")


def test_a_path_through_a_file_is_one_line(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    assert_refused(in_process("run", "--scenario", str(plain / "x.toml")), "no such file")
    assert_refused(in_process("export", "--out", str(plain / "x.png")), f"{plain / 'x.png'}: ")


UNREADABLE_FOLDER = """
import errno, os, sys
from pathlib import Path
folder = sys.argv[1]
real_stat, real_open = os.stat, os.open
def denied(path, *args, **kwargs):
    if str(path).startswith(folder + "/"):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))
    return real_stat(path, *args, **kwargs)
os.stat = denied  # root ignores chmod: the folder refuses the way it would for a user
os.access = lambda path, mode, **kw: not str(path).startswith(folder)
from dprk_explorer.gui.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_a_file_in_an_unreadable_folder_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "s.toml").write_text("border_laxity = 4\n", encoding="utf-8")
    done = python(UNREADABLE_FOLDER, str(folder), "run", "--scenario", str(folder / "s.toml"))
    assert_refused(done, "cannot be read (permission denied)")
    done = python(UNREADABLE_FOLDER, str(folder), "export", "--out", str(folder / "sub" / "b.png"))
    assert_refused(done, f"{folder / 'sub' / 'b.png'}: ")


def test_the_limits_themselves_catch_a_runaway(tmp_path: Path) -> None:
    """The harness is real: a child that allocates without end is stopped by the limit."""
    done = bounded(["python3", "-c", "x = bytearray(4_000_000_000)"], timeout=20)
    assert done.returncode != 0 and "MemoryError" in done.stderr
    assert PREFIX  # the prefix every refusal starts with


def test_the_in_process_timer_stops_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    """`in_process` is bounded in time too: a command that never answers ends at its timer, and
    a handler of the command's catching Exception cannot swallow it."""
    from dprk_explorer.gui import cli as cli_module

    def hang(_argv: list[str]) -> int:
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # what a broad handler in the command would do
                continue

    monkeypatch.setattr(cli_module, "main", hang)
    done = in_process("run", timeout=0.3)
    assert done.timed_out and done.returncode != 0
