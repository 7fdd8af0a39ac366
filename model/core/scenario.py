"""A validated scenario: one value per parameter, a name and free-text notes.

Every way a scenario enters the program (a file, `--set`, a preset, a widget) goes through
`Scenario.from_mapping`, so every bad value meets the same clear message.
"""

from __future__ import annotations

import difflib
import math
import reprlib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.core import toml_io
from dprk_explorer.model.core.parameters import DEFAULTS, PARAMETERS, Parameter, Value
from dprk_explorer.model.core.timeline import (
    HORIZON,
    MONTH_FORM,
    N_MONTHS,
    month_index,
    parse_month,
)

FORMAT_VERSION = 1
MAX_FILE_BYTES = toml_io.MAX_FILE_BYTES
META_KEYS = ("name", "notes", "format_version", "branch")
#: The key of a counterfactual that branches from the record: the record until that month.
BRANCH_KEY = "branch"
#: The table of values from a month on: [schedule] KEY = { "YYYY-MM" = VALUE, ... }.
SCHEDULE_KEY = "schedule"
#: One step of a schedule: the value of a parameter from a month ('YYYY-MM') on.
Step = tuple[str, Value]
#: What a schedule's date or a branch may be: the one wording of every message about months.
MONTHS_ALLOWED = f"{MONTH_FORM}, from {HORIZON[0]} to {HORIZON[1]}"
#: Gives the record's scenario, asked for only when a branch needs it. The fitted record is the
#: record layer's (`record_scenario` in model/record/record.py): a scenario never reads it itself.
RecordSource = Callable[[], "Scenario"]
#: Longest name and notes: a name is printed in a brief's title and caption (a page that grows
#: with its text ends in a crash inside Qt); notes travel in every file and figure.
MAX_TEXT_CHARS = {"name": 200, "notes": 20_000}

# Values and keys quoted in messages: escaped onto one line, capped in length and depth (a
# hostile file's 50,000-deep table or 1 MB list must give a short message, not a crash).
_SHOW = reprlib.Repr()
_SHOW.maxlevel = 3
_SHOW.maxstring = _SHOW.maxother = _SHOW.maxlong = 80


def excerpt(value: object) -> str:
    """`value` as a message quotes it: escaped onto one line, at most about 80 characters (the
    start and the end of a longer one), so a 900 KB value gives a short line, not a 900 KB one.
    Every message that quotes a value from a user or a file quotes it through this."""
    return _SHOW.repr(value)


_show = excerpt

#: Line breaks as str.splitlines knows them (a pasted U+000B or U+2028 is one too).
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: Joiners shape Indic and Persian words and emoji sequences; they reorder and hide nothing.
_JOINERS = frozenset("\u200c\u200d")


@lru_cache(maxsize=256)
def clean_text(text: str, multiline: bool = False) -> str:
    """Names, notes and banners as the program keeps them: what is read, typed or pasted with
    invisible or reordering characters neutralised, since the text is printed in captions,
    legends, SVG and workbooks.

    - a line break of any kind (U+000B, U+2028, CR LF ...) is a newline in notes (multiline)
      and a space in a one-line name or banner; a tab is a space in one;
    - other control characters (C0, DEL, C1), format characters (bidirectional overrides and
      isolates, which turn '62' into '26' in a caption; zero-width spaces, BOMs ...) but the
      two joiners, lone surrogates and noncharacters (not allowed in XML) are removed.
    """
    if text.isprintable():  # the usual case: nothing to do
        return text
    text = text.replace("\r\n", "\n")
    out = []
    for char in text:
        if char.isprintable() or char in _JOINERS:
            out.append(char)
        elif char in _LINE_BREAKS:
            out.append("\n" if multiline else " ")
        elif char == "\t":
            out.append(char if multiline else " ")
        elif _visible_unprintable(char):
            out.append(char)
    return "".join(out)


def _visible_unprintable(char: str) -> bool:
    """Characters Python calls unprintable that are harmless text: spaces other than U+0020,
    private-use characters and code points newer than this Python's Unicode tables."""
    category = unicodedata.category(char)
    if category in ("Zs", "Co"):
        return True
    if category != "Cn":
        return False  # Cc, Cf, Cs
    code = ord(char)
    return not (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)  # noncharacters


def _show_number(number: float) -> str:
    """`number` as `:g` when that is exact, else in full (100.0000001 must not read as 100)."""
    short = f"{number:g}"
    return short if float(short) == number else repr(number)


class ScenarioError(ValueError):
    """A scenario value, key or file is refused; the message says what and what is allowed."""


def read_error(where: str, error: OSError) -> ScenarioError:
    """The one message for a file that cannot be read, whatever kind of file it is."""
    return ScenarioError(str(toml_io.read_error(where, error)))


def _check_value(parameter: Parameter, value: object, where: str) -> Value:
    if parameter.kind == "bool":
        if not isinstance(value, bool):
            raise ScenarioError(
                f"{where}key '{parameter.id}' = {_show(value)} is not allowed; "
                "allowed: true or false"
            )
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(
            f"{where}key '{parameter.id}' = {_show(value)} is not a number; "
            f"allowed: {parameter.allowed()}"
        )
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any float: out of range, not a crash
        raise ScenarioError(
            f"{where}key '{parameter.id}' = {_show(value)} is out of range; "
            f"allowed: {parameter.allowed()}"
        ) from None
    if not math.isfinite(number):
        raise ScenarioError(
            f"{where}key '{parameter.id}' = {value!r} is not finite; allowed: {parameter.allowed()}"
        )
    if not parameter.minimum <= number <= parameter.maximum:
        raise ScenarioError(
            f"{where}key '{parameter.id}' = {_show_number(number)} is out of range; "
            f"allowed: {parameter.allowed()}"
        )
    return number


def parse_text_value(parameter: Parameter, text: str) -> Value:
    """Turn command-line text into a typed value (validated later with the rest)."""
    cleaned = text.strip()
    if parameter.kind == "bool":
        lowered = cleaned.lower()
        if lowered in ("true", "yes", "on", "1"):
            return True
        if lowered in ("false", "no", "off", "0"):
            return False
        raise ScenarioError(
            f"key '{parameter.id}' = {excerpt(text)} is not allowed; allowed: true or false"
        )
    try:
        return parse_number(cleaned, where="--set: ")
    except toml_io.TomlError as error:
        raise ScenarioError(f"{error} (key '{parameter.id}')") from None
    except ValueError:
        raise ScenarioError(
            f"key '{parameter.id}' = {excerpt(text)} is not a number; allowed: "
            f"{parameter.allowed()}, {NUMBER_FORM}"
        ) from None


#: How every number typed on the command line is written: the one wording.
NUMBER_FORM = "in the digits 0-9"


def parse_number(text: str, where: str = "") -> float:
    """A number a user typed, in ASCII digits only: float() also reads fullwidth ('６２') and
    Arabic-Indic digits, which a month or a file would then hold as something else. ValueError
    if it is not a number, TomlError (toml_io.parse_float) if it underflows to zero."""
    if not text.isascii():
        raise ValueError(f"{excerpt(text)} holds characters other than ASCII")
    return toml_io.parse_float(text, where)


def parse_integer(text: str) -> int:
    """A whole number a user typed (a year, a DPI), in ASCII digits: int() also reads '２０１９'
    and '٢٠١٩'. ValueError if it is not one (or has more than 18 digits)."""
    cleaned = text.strip()
    digits = cleaned.removeprefix("-").removeprefix("+")
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 18):
        raise ValueError(f"{excerpt(text)} is not a whole number {NUMBER_FORM}")
    return int(cleaned)


def check_month(text: object, key: str, where: str) -> str:
    """A schedule date: 'YYYY-MM' inside the horizon, or one ScenarioError naming key and date."""
    month = parse_month(text)
    if month is None:
        raise ScenarioError(
            f"{where}schedule for key '{key}': date {_show(text)} is not a month; "
            f"allowed: {MONTHS_ALLOWED}"
        )
    if not 0 <= month_index(month) < N_MONTHS:
        raise ScenarioError(
            f"{where}schedule for key '{key}': date '{month}' is outside the horizon; "
            f"allowed: {MONTHS_ALLOWED}"
        )
    return month


def _check_step(parameter: Parameter, month: str, value: object, where: str) -> Value:
    try:
        return _check_value(parameter, value, "")
    except ScenarioError as error:
        detail = str(error).removeprefix(f"key '{parameter.id}' = ")
        raise ScenarioError(
            f"{where}schedule for key '{parameter.id}': at {month} the value {detail}"
        ) from None


def canonical_steps(start: Value, steps: Iterable[Step]) -> tuple[Value, tuple[Step, ...]]:
    """A step at the first month replaces the plain value; a step that repeats the value in
    force before it is dropped. Equal schedules compare equal."""
    kept: list[Step] = []
    current = start
    for month, value in sorted(steps):
        if month_index(month) == 0:
            start = current = value
            continue
        if value != current:
            kept.append((month, value))
            current = value
    return start, tuple(kept)


def check_branch_month(text: object, where: str = "") -> str:
    """'YYYY-MM' inside the horizon, or one ScenarioError naming the value and what is allowed."""
    month = parse_month(text)
    if month is None:
        raise ScenarioError(
            f"{where}key 'branch' = {excerpt(text)} is not a month; allowed: {MONTHS_ALLOWED}"
        )
    if not 0 <= month_index(month) < N_MONTHS:
        raise ScenarioError(
            f"{where}key 'branch' = '{month}' is outside the horizon; allowed: {MONTHS_ALLOWED}"
        )
    return month


def unknown_key_message(key: str, where: str = "", file_keys: bool = True) -> str:
    """'unknown key 'border_laxty'; did you mean 'border_laxity'?', or every allowed key when
    nothing is close (`dprk-explorer --help` lists them too)."""
    keys = (*META_KEYS, SCHEDULE_KEY, *PARAMETERS) if file_keys else tuple(PARAMETERS)
    close = difflib.get_close_matches(str(key), keys, n=3, cutoff=0.75)
    if close:
        guesses = " or ".join(f"'{k}'" for k in close)
        return (
            f"{where}unknown key {_show(key)}; did you mean {guesses}? "
            "(`dprk-explorer --help` lists the allowed keys)"
        )
    return f"{where}unknown key {_show(key)}; allowed keys: {', '.join(keys)}"


@dataclass(frozen=True)
class Scenario:
    """Immutable parameter values; build it with `from_mapping` or `default`, never by hand."""

    values: Mapping[str, Value]
    name: str = "Untitled scenario"
    notes: str = ""
    _key: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    #: Per scheduled parameter, its steps (month, value) after the plain value, in date order.
    schedules: Mapping[str, tuple[Step, ...]] = field(default_factory=lambda: MappingProxyType({}))
    #: 'YYYY-MM' when the scenario is the record until that month, then its own values (see
    #: `branched`), else None.
    branch: str | None = None

    @classmethod
    def default(cls) -> Scenario:
        return cls.from_mapping({}, name="Default")

    @classmethod
    def from_mapping(
        cls,
        mapping: Mapping[str, object],
        *,
        name: str | None = None,
        notes: str | None = None,
        base: Scenario | None = None,
        where: str = "",
        record: RecordSource | None = None,
    ) -> Scenario:
        """Validate `mapping` over `base` (or the defaults); `where` prefixes every message.
        A `branch` needs `record`, unless `base` already branches at that month (its months
        before the branch are the record's)."""
        values: dict[str, Value] = dict(base.values if base is not None else DEFAULTS)
        schedules: dict[str, tuple[Step, ...]] = dict(base.schedules if base is not None else {})
        meta_name = base.name if base is not None else "Untitled scenario"
        meta_notes = base.notes if base is not None else ""
        scheduled: dict[str, list[Step]] = {}
        branch = base.branch if base is not None else None
        for key, value in mapping.items():
            if (
                key in MAX_TEXT_CHARS
                and isinstance(value, str)
                and len(value) > MAX_TEXT_CHARS[key]
            ):
                raise ScenarioError(
                    f"{where}key '{key}' is {len(value):,} characters long; allowed: text of at "
                    f"most {MAX_TEXT_CHARS[key]:,} characters"
                )
            if key == BRANCH_KEY:
                branch = check_branch_month(value, where)
            elif key == "name":
                if not isinstance(value, str):
                    raise ScenarioError(
                        f"{where}key 'name' = {_show(value)} is not allowed; allowed: text"
                    )
                meta_name = value
            elif key == "notes":
                if not isinstance(value, str):
                    raise ScenarioError(
                        f"{where}key 'notes' = {_show(value)} is not allowed; allowed: text"
                    )
                meta_notes = value
            elif key == "format_version":
                if isinstance(value, bool) or value != FORMAT_VERSION:
                    raise ScenarioError(
                        f"{where}key 'format_version' = {_show(value)} is not supported; "
                        f"allowed: {FORMAT_VERSION}"
                    )
            elif key == SCHEDULE_KEY:
                scheduled = _read_schedule(value, where)
            elif key in PARAMETERS:
                values[key] = _check_value(PARAMETERS[key], value, where)
                schedules.pop(key, None)  # a plain value: the same from the first ban on
            else:
                raise ScenarioError(unknown_key_message(str(key), where))
        for key, text in (("name", name), ("notes", notes)):
            if text is not None and len(text) > MAX_TEXT_CHARS[key]:
                raise ScenarioError(
                    f"{where}the {key} is {len(text):,} characters long; allowed: at most "
                    f"{MAX_TEXT_CHARS[key]:,}"
                )
        for key, steps in scheduled.items():
            values[key], schedules[key] = canonical_steps(values[key], steps)
        built = cls._build(
            values,
            {k: s for k, s in schedules.items() if s},
            name if name is not None else meta_name,
            notes if notes is not None else meta_notes,
        )
        if branch is None:
            return built
        if record is None:
            if base is None or base.branch != branch:
                raise ScenarioError(
                    f"{where}key 'branch' = '{branch}': no record to branch from was given to "
                    "this reader"
                )
            record = _given(base)
        return built.branched(branch, where, record=record)

    def branched(self, branch: str | None, where: str = "", *, record: RecordSource) -> Scenario:
        """The record until `branch`, then this scenario's values (no branch: self). Before the
        branch month every parameter takes the record's value (its schedules included), so the
        monthly path is the record's, month for month (the model is causal); from it on, this
        scenario's values in force then and its own later steps. `record` is asked for only
        when there is a branch; a bad month or an unavailable record is one ScenarioError
        prefixed with `where`."""
        if branch is None:
            return self
        month = check_branch_month(branch, where)
        try:
            source = record()
        except ScenarioError as error:
            raise ScenarioError(f"{where}{error}") from None
        # Both are valid scenarios, so their values need no second validation (the window
        # branches on every slider step): only the steps are made canonical, as a file's would be.
        mapping = branch_mapping(source, self, month)
        values: dict[str, Value] = {}
        schedules: dict[str, tuple[Step, ...]] = {}
        for key in PARAMETERS:
            steps = mapping[SCHEDULE_KEY].get(key, {})
            values[key], kept = canonical_steps(mapping[key], steps.items())
            if kept:
                schedules[key] = kept
        return Scenario._build(values, schedules, self.name, self.notes, month)

    def with_branch_label(self, branch: str | None) -> Scenario:
        """The same values, marked as branching from the record at `branch` (or not)."""
        return Scenario._build(self.values, self.schedules, self.name, self.notes, branch)

    @classmethod
    def _build(
        cls,
        values: Mapping[str, Value],
        schedules: Mapping[str, tuple[Step, ...]],
        name: str,
        notes: str,
        branch: str | None = None,
    ) -> Scenario:
        ordered = {k: schedules[k] for k in PARAMETERS if k in schedules}
        return cls(
            branch=branch,
            values=MappingProxyType(dict(values)),
            name=clean_text(name),
            notes=clean_text(notes, multiline=True),
            _key=(
                tuple(values[k] for k in PARAMETERS),
                tuple(ordered.items()),
            ),
            schedules=MappingProxyType(ordered),
        )

    def renamed(self, name: str | None = None, notes: str | None = None) -> Scenario:
        """The same values and schedules under another name (or notes)."""
        return Scenario._build(
            self.values,
            self.schedules,
            self.name if name is None else name,
            self.notes if notes is None else notes,
            self.branch,
        )

    def with_step(self, key: str, month: str, value: object, where: str = "") -> Scenario:
        """A new scenario where `key` takes `value` from `month` on (validated)."""
        if key not in PARAMETERS:
            raise ScenarioError(unknown_key_message(key, where, file_keys=False))
        month = check_month(month, key, where)
        checked = _check_step(PARAMETERS[key], month, value, where)
        if self.branch is not None and month < self.branch:
            raise ScenarioError(
                f"{where}schedule for key '{key}': {month} is before the branch month "
                f"{self.branch}; before it the scenario is the record"
            )
        steps = [s for s in self.schedules.get(key, ()) if s[0] != month]
        start, kept = canonical_steps(self.values[key], [*steps, (month, checked)])
        values = dict(self.values)
        values[key] = start
        schedules = dict(self.schedules)
        schedules[key] = kept
        # A step is never before the branch, so this scenario is still the record until then.
        return Scenario._build(
            values, {k: s for k, s in schedules.items() if s}, self.name, self.notes
        ).branched(self.branch, where, record=_given(self))

    def path(self, key: str) -> NDArray[np.float64] | None:
        """The parameter's value in each month of the horizon, or None when it has no schedule."""
        steps = self.schedules.get(key)
        if not steps:
            return None
        out = np.full(N_MONTHS, float(self.values[key]))
        for month, value in steps:
            out[month_index(month) :] = float(value)
        return out

    def value_in(self, key: str, month: str) -> Value:
        """The value in force in `month` ('YYYY-MM'): the plain value, then each step from its
        month on."""
        value = self.values[key]
        for step_month, step_value in self.schedules.get(key, ()):
            if step_month <= month:
                value = step_value
        return value

    def final_value(self, key: str) -> Value:
        """The value in force at the end of the horizon: what the steady state uses."""
        steps = self.schedules.get(key)
        return steps[-1][1] if steps else self.values[key]

    def steady_values(self) -> dict[str, Value]:
        """Every parameter at the value in force at the end of the horizon."""
        return {k: self.final_value(k) for k in self.values}

    def with_values(self, changes: Mapping[str, object], where: str = "") -> Scenario:
        """A new scenario with `changes` applied and validated; self is untouched."""
        return Scenario.from_mapping(changes, base=self, where=where)

    def with_sets(self, assignments: Iterable[str]) -> Scenario:
        """Apply `KEY=VALUE` strings as given to `--set`."""
        scenario = self
        for assignment in assignments:
            key, sep, text = assignment.partition("=")
            key, at, month = (part.strip() for part in key.partition("@"))
            if not sep or not key or (at and not month):
                raise ScenarioError(
                    f"--set {excerpt(assignment)} is not of the form KEY=VALUE or KEY@YYYY-MM=VALUE"
                )
            if key not in PARAMETERS:
                raise ScenarioError(unknown_key_message(key, "--set: ", file_keys=False))
            if at:
                check_month(month, key, "--set: ")
                try:
                    value = parse_text_value(PARAMETERS[key], text)
                except ScenarioError as error:
                    raise ScenarioError(f"--set: schedule at {month}: {error}") from None
                scenario = scenario.with_step(key, month, value, where="--set: ")
                continue
            value = parse_text_value(PARAMETERS[key], text)
            scenario = scenario.with_values({key: value}, where="--set: ")
        return scenario

    def __getitem__(self, key: str) -> Value:
        return self.values[key]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return (self._key, self.name, self.notes, self.branch) == (
            other._key,
            other.name,
            other.notes,
            other.branch,
        )

    def __hash__(self) -> int:
        return hash((self._key, self.name, self.notes, self.branch))

    def same_values(self, other: Scenario) -> bool:
        return self._key == other._key

    def changed_from_default(self) -> dict[str, Value]:
        """Parameters whose value differs from the declared default, in declaration order."""
        return {k: v for k, v in self.values.items() if v != DEFAULTS[k]}

    def schedule_text(self, key: str) -> str:
        """'25 from 2016-01, 50 from 2018-06' for a scheduled parameter ('' without one)."""
        steps = self.schedules.get(key)
        if not steps:
            return ""
        parts = [(HORIZON[0], self.values[key]), *steps]
        return ", ".join(f"{_text(v)} from {m}" for m, v in parts)

    # --- files -----------------------------------------------------------------------------

    @classmethod
    def from_toml_text(
        cls, text: str, where: str = "", record: RecordSource | None = None
    ) -> Scenario:
        """A scenario from TOML text; a `branch` in it needs `record`."""
        try:
            data = toml_io.loads(text, where)
        except toml_io.TomlError as error:
            raise ScenarioError(str(error)) from None
        return cls.from_mapping(data, where=where, record=record)

    @classmethod
    def from_file(cls, path: str | Path, record: RecordSource | None = None) -> Scenario:
        """Read a TOML scenario file: data only, size-capped, every fault named with the file.
        A file that branches from the record needs `record`."""
        where = f"{Path(path)}: "
        try:
            text = toml_io.read_text(path, where)
        except toml_io.TomlError as error:
            raise ScenarioError(str(error)) from None
        return cls.from_toml_text(text, where=where, record=record)

    def to_toml(self, table: str | None = None) -> str:
        """Every parameter, with name, notes and the format version: a complete, diffable file.

        With `table` ('pin'), the scenario as one element of an array of tables: `[[pin]]`,
        its keys, and its schedule as `[pin.schedule]`, the sub-table of that element (a plain
        `[schedule]` after `[[pin]]` would be a second top-level table: a malformed file)."""
        header: dict[str, object] = {
            "name": self.name,
            "notes": self.notes,
            "format_version": FORMAT_VERSION,
        }
        if self.branch is not None:
            header[BRANCH_KEY] = self.branch
        lines = [f"[[{table}]]"] if table else []
        lines.append(toml_io.dumps(header))
        for key, value in self.values.items():
            parameter = PARAMETERS[key]
            if isinstance(value, bool):
                text = "true" if value else "false"
            else:
                text = repr(float(value))
            unit = f"  # {parameter.unit}" if parameter.unit else ""
            lines.append(f"{key} = {text}{unit}")
        if self.schedules:
            lines += [
                "",
                "# Values from a month on (piecewise constant); before the first step, the",
                "# plain value above applies.",
                f"[{table}.{SCHEDULE_KEY}]" if table else f"[{SCHEDULE_KEY}]",
            ]
            for key, steps in self.schedules.items():
                cells = ", ".join(f'"{month}" = {_toml_value(value)}' for month, value in steps)
                lines.append(f"{key} = {{ {cells} }}")
        return "\n".join(lines) + "\n"


# --- branching from the record ---------------------------------------------------------------


def _given(record: Scenario) -> RecordSource:
    """A record source for a scenario already in hand."""
    return lambda: record


def branch_mapping(record: Scenario, settings: Scenario, month: str) -> dict[str, Any]:
    """The mapping of the branched scenario: plain values and a [schedule] table."""
    first = month_index(month) == 0
    mapping: dict[str, Any] = {}
    schedule: dict[str, dict[str, Value]] = {}
    for key in PARAMETERS:
        start = settings.values[key] if first else record.values[key]
        steps: dict[str, Value] = {}
        if not first:
            steps.update({m: v for m, v in record.schedules.get(key, ()) if m < month})
            steps[month] = settings.value_in(key, month)
        steps.update({m: v for m, v in settings.schedules.get(key, ()) if m > month})
        mapping[key] = start
        if steps:
            schedule[key] = steps
    mapping[SCHEDULE_KEY] = schedule
    return mapping


def branch_settings(scenario: Scenario) -> Scenario:
    """A branched scenario's own settings: every value as in force at its branch month, with
    its steps after it (the record's part dropped); an unbranched scenario as it is. Moving a
    branch re-branches these, so the analyst's values start at the new month."""
    month = scenario.branch
    if month is None:
        return scenario
    mapping: dict[str, Any] = {key: scenario.value_in(key, month) for key in PARAMETERS}
    mapping[SCHEDULE_KEY] = {
        key: {m: v for m, v in scenario.schedules[key] if m > month}
        for key in PARAMETERS
        if any(m > month for m, _v in scenario.schedules.get(key, ()))
    }
    return Scenario.from_mapping(mapping, name=scenario.name, notes=scenario.notes)


def _toml_value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(float(value))


def _text(value: Value) -> str:
    return str(value).lower() if isinstance(value, bool) else f"{value:g}"


def _read_schedule(table: object, where: str) -> dict[str, list[Step]]:
    """The `[schedule]` table: key = { "YYYY-MM" = value, ... }, dates in increasing order."""
    if not isinstance(table, dict):
        raise ScenarioError(
            f"{where}key 'schedule' = {_show(table)} is not allowed; allowed: a table "
            '[schedule] of KEY = { "YYYY-MM" = VALUE, ... }'
        )
    out: dict[str, list[Step]] = {}
    for key, steps in table.items():
        if key not in PARAMETERS:
            raise ScenarioError(unknown_key_message(str(key), f"{where}schedule: ", False))
        if not isinstance(steps, dict) or not steps:
            raise ScenarioError(
                f"{where}schedule for key '{key}' = {_show(steps)} is not allowed; allowed: "
                f'{{ "YYYY-MM" = VALUE, ... }} with {MONTHS_ALLOWED}'
            )
        previous = ""
        checked: list[Step] = []
        for month, value in steps.items():
            month = check_month(month, key, where)
            if month <= previous:
                raise ScenarioError(
                    f"{where}schedule for key '{key}': date '{month}' is out of order (after "
                    f"'{previous}'); allowed: {MONTHS_ALLOWED}, each later than the one before"
                )
            previous = month
            checked.append((month, _check_step(PARAMETERS[key], month, value, where)))
        out[key] = checked
    return out
