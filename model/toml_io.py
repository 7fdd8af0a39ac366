"""Reading and writing the TOML the program parses: scenario files, sessions, pins, settings
and the scenario embedded in a figure. One guarded parser, so every TOML meets the same limits.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w

#: Largest TOML text the program parses (scenario files, sessions, pins, embedded scenarios).
MAX_FILE_BYTES = 1_000_000

#: Scenario files use plain keys. Python 3.11's TOML parser takes time and memory that grow with
#: the square of the parts of one dotted key (CPython gh-149231): a 200 KB file of `a.a.a...`
#: exhausts memory. Keys with more parts than this are refused before parsing.
MAX_KEY_PARTS = 64


class TomlError(ValueError):
    """A TOML text is refused; the message says where and why."""


def read_error(where: str, error: OSError) -> TomlError:
    """The one message for a file that cannot be read, whatever kind of file it is."""
    if isinstance(error, FileNotFoundError):
        return TomlError(f"{where}no such file")
    if isinstance(error, PermissionError):
        return TomlError(f"{where}cannot be read (permission denied)")
    return TomlError(f"{where}cannot be read ({error.strerror or error})")


def read_text(path: str | Path, where: str, what: str = "a scenario file (.toml)") -> str:
    """A UTF-8 text file of at most MAX_FILE_BYTES, every fault named with the file."""
    file = Path(path)
    if file.is_dir():
        raise TomlError(f"{where}is a folder; {what} is required")
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TomlError(
                f"{where}is {size:,} bytes; scenario files may be at most {MAX_FILE_BYTES:,}"
            )
        raw = file.read_bytes()
    except OSError as error:
        raise read_error(where, error) from None
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as error:
        raise TomlError(
            f"{where}is not UTF-8 text (byte {error.start}); scenario files are UTF-8 TOML"
        ) from None


def loads(text: str, where: str = "") -> dict[str, Any]:
    """Parse TOML text within the limits above; every refusal is one TomlError."""
    _refuse_deep_keys(text, where)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TomlError(f"{where}malformed TOML ({error})") from None
    except RecursionError:  # arrays or inline tables nested a thousand deep
        raise TomlError(f"{where}malformed TOML (nested too deeply)") from None
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        raise TomlError(f"{where}malformed TOML (a number has too many digits)") from None


def dumps(data: dict[str, Any]) -> str:
    """TOML text for `data`, escaped by tomli-w (control characters and DEL included)."""
    return tomli_w.dumps(data)


def _refuse_deep_keys(text: str, where: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        head = stripped if stripped.startswith("[") else stripped.partition("=")[0]
        if head.count(".") >= MAX_KEY_PARTS:
            raise TomlError(
                f"{where}line {number}: a key of more than {MAX_KEY_PARTS} dotted parts; "
                "allowed: the plain keys name, notes, format_version and the parameter ids"
            )
