"""Reading and writing the TOML the program parses: scenario files, sessions, pins, settings
and the scenario embedded in a figure. One guarded reader and parser, so every TOML meets the
same limits:

- a read takes at most MAX_FILE_BYTES + 1 bytes, counted as they are read (a file's st_size
  says 0 for /dev/zero, a pipe or /dev/stdin), and only from a regular file: a FIFO, device or
  socket is refused before it is opened, and the open is non-blocking, so a file swapped for a
  FIFO in between cannot block either;
- every key path (a dotted key, a table header, a key inside an inline table) is scanned in
  linear time before parsing and refused beyond MAX_KEY_PARTS parts, and a text beyond
  MAX_KEY_PARTS_TOTAL parts in all.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import tomli_w

#: Largest TOML text the program parses (scenario files, sessions, pins, embedded scenarios).
MAX_FILE_BYTES = 1_000_000

#: Scenario files use plain keys. Python 3.11's TOML parser takes time and memory that grow with
#: the square of the parts of one dotted key (CPython gh-149231): a 200 KB file of `a.a.a...`
#: exhausts memory. Keys with more parts than this are refused before parsing.
MAX_KEY_PARTS = 64
#: Key parts in one text, all keys together: a scenario file has about 30, a session with four
#: pins about 150. It bounds the parser's time (1 MB of distinct 64-part keys: 2.3 s).
MAX_KEY_PARTS_TOTAL = 10_000

_NOT_REGULAR = "is not a regular file (a pipe, device or socket)"


class TomlError(ValueError):
    """A TOML text is refused; the message says where and why."""


def read_error(where: str, error: OSError) -> TomlError:
    """The one message for a file that cannot be read, whatever kind of file it is."""
    if isinstance(error, FileNotFoundError):
        return TomlError(f"{where}no such file")
    if isinstance(error, PermissionError):
        return TomlError(f"{where}cannot be read (permission denied)")
    if isinstance(error, NotADirectoryError):
        return TomlError(f"{where}no such file (a part of the path is not a folder)")
    return TomlError(f"{where}cannot be read ({error.strerror or error})")


@contextmanager
def open_regular(path: str | Path, where: str, what: str) -> Iterator[BinaryIO]:
    """A regular file opened for reading, never blocking; TomlError for anything else (a folder,
    a FIFO, a device, a missing or unreadable file, a name too long)."""
    try:
        info = os.stat(path)  # follows symlinks: a link to /dev/zero is a device
    except OSError as error:
        raise read_error(where, error) from None
    except ValueError:  # a NUL in the path
        raise TomlError(f"{where}no such file (the name holds a NUL character)") from None
    if stat.S_ISDIR(info.st_mode):
        raise TomlError(f"{where}is a folder; {what} is required")
    if not stat.S_ISREG(info.st_mode):
        raise TomlError(f"{where}{_NOT_REGULAR}; {what} is required")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise read_error(where, error) from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # swapped since the stat
            raise TomlError(f"{where}{_NOT_REGULAR}; {what} is required")
        stream = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with stream:
        yield stream


def read_bytes(
    path: str | Path,
    where: str,
    what: str = "a scenario file (.toml)",
    limit: int = MAX_FILE_BYTES,
) -> bytes:
    """At most `limit` bytes of a regular file, counted as read; TomlError beyond."""
    with open_regular(path, where, what) as stream:
        try:
            raw = stream.read(limit + 1)
            size = max(len(raw), os.fstat(stream.fileno()).st_size)
        except OSError as error:
            raise read_error(where, error) from None
    if len(raw) > limit:
        raise TomlError(f"{where}is {size:,} bytes; scenario files may be at most {limit:,}")
    return raw


def read_text(path: str | Path, where: str, what: str = "a scenario file (.toml)") -> str:
    """A UTF-8 text file of at most MAX_FILE_BYTES, every fault named with the file."""
    raw = read_bytes(path, where, what)
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as error:
        raise TomlError(
            f"{where}is not UTF-8 text (byte {error.start}); scenario files are UTF-8 TOML"
        ) from None


def loads(text: str, where: str = "") -> dict[str, Any]:
    """Parse TOML text within the limits above; every refusal is one TomlError."""
    if len(text) > MAX_FILE_BYTES:
        raise TomlError(
            f"{where}is {len(text):,} characters; scenario files may be at most {MAX_FILE_BYTES:,}"
        )
    refuse_deep_keys(text, where)
    try:
        return tomllib.loads(text, parse_float=lambda literal: parse_float(literal, where))
    except TomlError:
        raise
    except tomllib.TOMLDecodeError as error:
        raise TomlError(f"{where}malformed TOML ({error})") from None
    except RecursionError:  # arrays or inline tables nested a thousand deep
        raise TomlError(f"{where}malformed TOML (nested too deeply)") from None
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        raise TomlError(f"{where}malformed TOML (a number has too many digits)") from None


def parse_float(text: str, where: str = "") -> float:
    """`text` as a float; TomlError if it is not zero but rounds to zero (1e-400 must not
    silently become 0). ValueError for text that is not a number at all."""
    value = float(text)
    if value == 0.0 and any(digit in "123456789" for digit in _mantissa(text)):
        raise TomlError(
            f"{where}the number {text[:40]} is too small to represent (it would be read as 0); "
            "write 0 or a number of ordinary size"
        )
    return value


def _mantissa(text: str) -> str:
    return text.strip().lower().replace("_", "").partition("e")[0]


def dumps(data: dict[str, Any]) -> str:
    """TOML text for `data`, escaped by tomli-w (control characters and DEL included)."""
    return tomli_w.dumps(data)


# --- the key scanner ----------------------------------------------------------------------------
#
# A single pass over the text with TOML's own lexical rules: strings (the four kinds, with
# escapes and the closing quotes a multi-line string may end with) and comments are skipped
# whole, so dots, `=` and brackets inside them count for nothing, and only "\n" ends a line
# (U+2028 does not). A key is read where TOML reads one: at the start of a line, in a table
# header, and after `{` or `,` in an inline table. Each step moves forward: linear time.

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_WS = re.compile(r"[ \t]*")
_BASIC_BODY = re.compile(r'(?:[^"\\\n]++|\\.)*+', re.DOTALL)  # to the closing quote or a newline
_LITERAL_BODY = re.compile(r"[^'\n]*")
_MULTI_BASIC_BODY = re.compile(r'(?:[^"\\]++|\\.|"(?!""))*+', re.DOTALL)
_VALUE_RUN = re.compile(r"[^\"'#\[\]{},\n]+")  # characters of a value that open or close nothing


def refuse_deep_keys(text: str, where: str = "") -> None:
    """TomlError if any key path in `text` has more than MAX_KEY_PARTS parts."""
    scanner = _KeyScanner(text, where)
    scanner.run()


class _KeyScanner:
    def __init__(self, text: str, where: str) -> None:
        self.text = text
        self.where = where
        self.pos = 0
        self.total = 0

    def _line(self) -> int:
        return self.text.count("\n", 0, self.pos) + 1

    def _skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self.text, self.pos)
        if match is not None:
            self.pos = match.end()

    def _key(self) -> None:
        """A key of parts separated by dots; refused as soon as it has too many parts."""
        text, parts = self.text, 0
        while True:
            self._skip(_WS)
            char = text[self.pos : self.pos + 1]
            if char == '"':
                self.pos += 1
                self._skip(_BASIC_BODY)
                self.pos += text.startswith('"', self.pos)
            elif char == "'":
                self.pos += 1
                self._skip(_LITERAL_BODY)
                self.pos += text.startswith("'", self.pos)
            else:
                match = _BARE_KEY.match(text, self.pos)
                if match is None:
                    return  # not a key: the parser says what is wrong here
                self.pos = match.end()
            parts += 1
            self.total += 1
            if self.total > MAX_KEY_PARTS_TOTAL:
                raise TomlError(
                    f"{self.where}line {self._line()}: more than {MAX_KEY_PARTS_TOTAL:,} key "
                    "parts in all; a scenario file has one key per parameter"
                )
            if parts > MAX_KEY_PARTS:
                raise TomlError(
                    f"{self.where}line {self._line()}: a key of more than {MAX_KEY_PARTS} "
                    "dotted parts; allowed: the plain keys name, notes, format_version and the "
                    "parameter ids"
                )
            self._skip(_WS)
            if not text.startswith(".", self.pos):
                return
            self.pos += 1

    def _string(self) -> None:
        """Skip the string that starts here, whichever of the four kinds it is."""
        text = self.text
        if text.startswith('"""', self.pos):
            self.pos += 3
            self._skip(_MULTI_BASIC_BODY)
            self.pos += 3
            for _ in range(2):  # a closing delimiter may follow up to two quotes of the content
                self.pos += text.startswith('"', self.pos)
        elif text.startswith("'''", self.pos):
            end = text.find("'''", self.pos + 3)
            self.pos = len(text) if end < 0 else end + 3
            for _ in range(2):
                self.pos += text.startswith("'", self.pos)
        elif text.startswith('"', self.pos):
            self.pos += 1
            self._skip(_BASIC_BODY)
            self.pos += text.startswith('"', self.pos)
        else:
            self.pos += 1
            self._skip(_LITERAL_BODY)
            self.pos += text.startswith("'", self.pos)

    def run(self) -> None:
        text, end = self.text, len(self.text)
        nesting: list[str] = []  # "[" for an array, "{" for an inline table
        expect_key = True
        while self.pos < end:
            char = text[self.pos]
            if char in " \t\r":
                self.pos += 1
            elif char == "#":
                newline = text.find("\n", self.pos)
                self.pos = end if newline < 0 else newline
            elif char == "\n":
                self.pos += 1
                if not nesting:
                    expect_key = True
            elif expect_key:
                expect_key = False
                if char == "[" and not nesting:  # a table header, [a.b] or [[a.b]]
                    self.pos += 2 if text.startswith("[[", self.pos) else 1
                    self._key()
                elif char == "}" and nesting and nesting[-1] == "{":  # {} or a trailing comma
                    nesting.pop()
                    self.pos += 1
                else:
                    before = self.pos
                    self._key()
                    if self.pos == before:
                        self.pos += 1  # malformed: the parser will say so
            elif char in "\"'":
                self._string()
            elif char in "[{":
                nesting.append(char)
                self.pos += 1
                expect_key = char == "{"
            elif char in "]}":
                if nesting:
                    nesting.pop()
                self.pos += 1
            elif char == ",":
                self.pos += 1
                expect_key = bool(nesting) and nesting[-1] == "{"
            else:
                self._skip(_VALUE_RUN)
