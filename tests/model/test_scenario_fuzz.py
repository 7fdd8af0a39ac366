"""Fuzzing the scenario loader: whatever the bytes, a valid scenario or one clear ScenarioError.

Four sources of input (random bytes, random TOML documents, mutated valid files, and the
dotted-key guard's known bypasses beside harmless look-alikes) go through
`Scenario.from_file` and, where the bytes are UTF-8, `Scenario.from_toml_text`. The default run
tries a few hundred of each; `python -m pytest -m slow` tries over 10,000 in all. Saving and
loading again must give back exactly the same scenario, floats bit for bit.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import struct
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprk_explorer.model import PARAMETERS, Scenario, ScenarioError
from dprk_explorer.model.core.scenario import FORMAT_VERSION, META_KEYS
from dprk_explorer.model.record.record import record_scenario

DEFAULT_EXAMPLES = 40  # per strategy in the default run (a smoke: the slow run draws 10,000)
SLOW_EXAMPLES = 3_400  # per strategy in the slow run: 3 x 3,400 = 10,200 loads
SLOW_TOTAL = 10_000

FLOAT_IDS = [pid for pid, p in PARAMETERS.items() if p.kind == "float"]
BOOL_IDS = [pid for pid, p in PARAMETERS.items() if p.kind == "bool"]
KNOWN_KEYS = [*META_KEYS, *PARAMETERS]

# --- what the loader may return or raise ----------------------------------------------------


def assert_valid_scenario(scenario: Scenario) -> None:
    assert list(scenario.values) == list(PARAMETERS)
    assert isinstance(scenario.name, str) and isinstance(scenario.notes, str)
    for pid, parameter in PARAMETERS.items():
        value = scenario[pid]
        if parameter.kind == "bool":
            assert type(value) is bool, (pid, value)
        else:
            assert type(value) is float, (pid, value)
            assert math.isfinite(value), (pid, value)
            assert parameter.minimum <= value <= parameter.maximum, (pid, value)


def assert_one_clear_line(error: ScenarioError, prefix: str = "") -> str:
    message = str(error)
    assert message.strip(), "empty message"
    assert len(message.splitlines()) == 1 and "\n" not in message, repr(message)
    assert message.startswith(prefix), (prefix, message)
    assert len(message) < 2_000, f"message of {len(message):,} characters"
    assert "Traceback" not in message
    return message


def check_bytes(path: Path, data: bytes) -> Scenario | None:
    """Load `data` from a file and as text; both give a valid scenario or one clear line."""
    path.write_bytes(data)
    from_file: Scenario | None
    try:
        from_file = Scenario.from_file(path, record=record_scenario)
    except ScenarioError as error:
        assert_one_clear_line(error, prefix=f"{path}: ")
        from_file = None
    else:
        assert_valid_scenario(from_file)
    assert path.read_bytes() == data  # loading never touches the file
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        assert from_file is None
        return None
    try:
        from_text = Scenario.from_toml_text(text, record=record_scenario)
    except ScenarioError as error:
        assert_one_clear_line(error)
        assert from_file is None, "the file loaded but the same text did not"
        return None
    assert_valid_scenario(from_text)
    assert from_file == from_text, "the text loaded but the same file did not"
    return from_text


# --- a small TOML writer for the values the strategies draw ---------------------------------

BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_key(key: str) -> str:
    return key if key and set(key) <= BARE_KEY else toml_string(key)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(type(value))


def toml_document(data: dict[str, object], sections: bool) -> str:
    """Plain pairs first; with `sections`, tables as `[key]` sections, else inline."""
    lines = [
        f"{toml_key(k)} = {toml_value(v)}"
        for k, v in data.items()
        if not (sections and isinstance(v, dict))
    ]
    if sections:
        for key, table in data.items():
            if isinstance(table, dict):
                lines.append(f"[{toml_key(key)}]")
                lines.extend(f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items())
    return "\n".join(lines) + "\n"


def same(a: object, b: object) -> bool:
    """Equal as TOML sees it: NaN equals NaN, types must match (1 is not 1.0 nor true)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


# --- strategies ---------------------------------------------------------------------------

TRICKY_TEXT = [
    "",
    'A "quoted" name',
    "back\\slash \\n not a newline",
    "tab\there",
    "line one\nline two\r\nline three",
    "\x00\x01\x1b\x7f control",
    "'''", '"""', "#not a comment", "= 1", "[table]",
    "\u2028\u2029\x85 separators",
    "émigré 北朝鮮 조선 🚢",
    "\ufeffBOM",
]  # fmt: skip

EXTREME_FLOATS = [
    math.nan, math.inf, -math.inf, 0.0, -0.0, 5e-324, 1e-300, -1e-300, 1e300, -1e300,
    1.7976931348623157e308, 100.0000001, -1e-9, 99.99999999999999, 5000.000000000001, 1e16,
]  # fmt: skip

# 4,300 digits at most: Python's own limit, which the writer below and tomllib both meet.
HUGE_INTS = [2**63, -(2**63) - 1, 10**309, -(10**309), 10**4_299 * 9, -(10**4_299)]

TZ = [
    None,
    dt.UTC,
    dt.timezone(dt.timedelta(hours=5, minutes=30)),
    dt.timezone(-dt.timedelta(hours=8)),
]

texts = st.one_of(st.sampled_from(TRICKY_TEXT), st.text(max_size=40))
junk_keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["colour", "Name", "coal", "coal_ban_compliance ", "a.b", "", "format"]),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.sampled_from(KNOWN_KEYS), junk_keys)
scalars = st.one_of(
    st.integers(),
    st.integers(-10, 6_000),
    st.sampled_from(HUGE_INTS),
    st.floats(),
    st.sampled_from(EXTREME_FLOATS),
    st.booleans(),
    texts,
    st.dates(),
    st.datetimes(timezones=st.sampled_from(TZ)),
    st.times(),
)
any_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(keys, junk_keys), children, max_size=4),
    ),
    max_leaves=8,
)


def valid_value(key: str) -> st.SearchStrategy[object]:
    if key in ("name", "notes"):
        return texts
    if key == "format_version":
        return st.just(FORMAT_VERSION)
    if key == "branch":
        return st.sampled_from(["2016-01", "2018-06", "2020-12"])
    parameter = PARAMETERS[key]
    if parameter.kind == "bool":
        return st.booleans()
    low, high = parameter.minimum, parameter.maximum
    return st.one_of(
        st.floats(low, high),
        st.integers(math.ceil(low), math.floor(high)),
        st.sampled_from([low, high, math.nextafter(high, -math.inf)]),
    )


def near_miss(key: str) -> st.SearchStrategy[object]:
    """Values of about the right kind that are still wrong: the commonest mistakes."""
    if key in ("name", "notes"):
        return st.one_of(st.integers(), st.booleans(), st.lists(texts, max_size=2))
    if key == "format_version":
        return st.one_of(st.integers(-2, 3), st.just(True), st.just("1"), st.floats())
    if key == "branch":
        return st.sampled_from(["2018-6", "2021-01", "2015-12", 201806, True, "june"])
    parameter = PARAMETERS[key]
    if parameter.kind == "bool":
        return st.one_of(st.integers(0, 1), st.sampled_from(["true", "yes", 1.0, [True]]))
    low, high = parameter.minimum, parameter.maximum
    return st.one_of(
        st.floats(max_value=low, exclude_max=True),
        st.floats(min_value=high, exclude_min=True),
        st.sampled_from([math.nan, math.inf, -math.inf, 10**309, -1, math.floor(high) + 1]),
        st.sampled_from([True, False, str(high), [low], {"value": low}, dt.date(2017, 1, 1)]),
    )


@st.composite
def toml_mappings(draw: st.DrawFn) -> dict[str, object]:
    """Mostly real keys, each valid, nearly valid or anything at all; junk keys now and then."""
    pool = draw(st.sampled_from([st.sampled_from(KNOWN_KEYS), keys]))
    data: dict[str, object] = {}
    for key in draw(st.lists(pool, max_size=8, unique=True)):
        if key in KNOWN_KEYS:
            choices = [valid_value(key), valid_value(key), near_miss(key), any_values]
            data[key] = draw(st.one_of(*choices))
        else:
            data[key] = draw(any_values)
    return data


def acceptable(key: str, value: object) -> bool:
    """The loader's contract, restated independently of its code."""
    if key in ("name", "notes"):
        return isinstance(value, str)
    if key == "format_version":
        return type(value) in (int, float) and value == FORMAT_VERSION
    if key == "branch":
        return value in ("2016-01", "2018-06", "2020-12")  # valid_value's months
    if key not in PARAMETERS:
        return False
    parameter = PARAMETERS[key]
    if parameter.kind == "bool":
        return isinstance(value, bool)
    if type(value) not in (int, float):
        return False
    assert isinstance(value, int | float)
    return parameter.minimum <= value <= parameter.maximum  # False for NaN and infinities


@st.composite
def valid_scenarios(draw: st.DrawFn) -> Scenario:
    """Every value in range, often at the edges; names and notes with awkward characters."""
    values: dict[str, object] = {}
    for pid, parameter in PARAMETERS.items():
        if parameter.kind == "bool":
            values[pid] = draw(st.booleans())
            continue
        low, high = parameter.minimum, parameter.maximum
        edges = [low, high, math.nextafter(high, -math.inf), math.nextafter(low, math.inf)]
        edges += [v for v in (-0.0, 5e-324, 1e-300, 1e-10, high / 3) if low <= v <= high]
        values[pid] = draw(st.one_of(st.floats(low, high), st.sampled_from(edges)))
    return Scenario.from_mapping(values, name=draw(texts), notes=draw(texts))


JUNK_VALUES = [
    "nan", "inf", "-inf", "+inf", "'text'", '"text"', "[1, 2]", "{a = 1}", "1979-05-27",
    "07:32:00", "1979-05-27T07:32:00Z", "true", "false", "1e999", "-1e999", "9" * 400,
    "9" * 5_000, "", "= =", '"unterminated', "0x10", "0o17", "0b101", "1_000", "+5", "-0.0",
    "1e-300", "[[[[", "{", "01", "1.", ".5", "TRUE", "'''", "[" * 2_000 + "]" * 2_000,
]  # fmt: skip


MUTATIONS = [
    "delete", "insert", "insert text", "replace", "duplicate", "truncate", "junk", "junk", "junk",
]  # fmt: skip


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    """A valid file (the default, or a random valid scenario) after 1-3 random mutations."""
    base = draw(st.one_of(st.just(Scenario.default()), valid_scenarios()))
    data = bytearray(base.to_toml().encode("utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(MUTATIONS))
        at = draw(st.integers(0, len(data)))
        if op == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "insert text":
            data[at:at] = draw(st.text(min_size=1, max_size=16)).encode("utf-8")
        elif op == "replace" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == "duplicate":
            lines = bytes(data).splitlines(keepends=True)
            if lines:
                i = draw(st.integers(0, len(lines) - 1))
                lines.insert(i, lines[i])
                data = bytearray(b"".join(lines))
        elif op == "truncate":
            del data[at:]
        elif op == "junk":
            lines = bytes(data).splitlines(keepends=True)
            pairs = [i for i, line in enumerate(lines) if b" = " in line]
            if pairs:
                i = draw(st.sampled_from(pairs))
                key = lines[i].split(b" = ", 1)[0]
                junk = draw(st.sampled_from(JUNK_VALUES)).encode()
                lines[i] = key + b" = " + junk + b"\n"
                data = bytearray(b"".join(lines))
    return bytes(data)


# The dotted-key guard's known bypasses (issue 17), and harmless text that merely looks like
# them: every key form with N parts, placed anywhere in a valid file. A key of more than 64
# parts must be refused as such whatever form it takes; dots in comments and strings never are.
KEY_FORMS = {
    "plain": "{key} = 1",
    "quoted = before": '"=".{key} = 1',
    "inline table": "x = {{{key} = 1}}",
    "after a comma in an inline table": "x = {{b = 1, {key} = 2}}",
    "U+2028 in a quoted part": '"a\u2028b".{key} = 1',
    "table header": "[{key}]",
    "array of tables": "[[{key}]]",
    "spaced dots": "{spaced} = 1",
}
HARMLESS_FORMS = {
    "comment": "# {key}",
    "comment after a value": "border_laxity = 1 # {key} = 3",
    "notes string": 'notes = "{key} = 1"',
    "notes multi-line": 'notes = """\n{key} = 1\n{key}\n"""',
    "literal notes": "notes = '''\n{key} = 1'''",
    "quoted key": '"{key}" = 1',
}


@st.composite
def key_bypasses(draw: st.DrawFn) -> tuple[bytes, bool, bool]:
    """A valid file with one key form of N parts inserted: (bytes, too deep, harmless)."""
    parts = draw(st.one_of(st.integers(1, 80), st.sampled_from([64, 65, 500, 20_000])))
    harmless = draw(st.booleans())
    forms = HARMLESS_FORMS if harmless else KEY_FORMS
    form = forms[draw(st.sampled_from(sorted(forms)))]
    line = form.format(key=".".join(["a"] * parts), spaced=" . ".join(["a"] * parts))
    lines = [
        ln
        for ln in Scenario.default().to_toml().splitlines()
        if not ln.startswith(("notes", "border_laxity", "name"))
    ]
    lines.insert(draw(st.integers(0, len(lines))), line)
    if draw(st.booleans()):  # a line separator that splitlines() would break on
        lines.insert(draw(st.integers(0, len(lines))), 'name = "x\u2028y"')
    return "\n".join(lines).encode("utf-8"), parts > 64 and not harmless, harmless


def check_key_bypass(path: Path, drawn: tuple[bytes, bool, bool]) -> None:
    data, too_deep, harmless = drawn
    path.write_bytes(data)
    try:
        Scenario.from_file(path)
    except ScenarioError as error:
        message = assert_one_clear_line(error, prefix=f"{path}: ")
        assert not harmless or "dotted parts" not in message, message
        assert not too_deep or "more than 64 dotted parts" in message, message
    else:
        assert not too_deep, "a key of more than 64 parts was parsed"


# --- the fuzz runs ------------------------------------------------------------------------


def check_mapping(path: Path, data: dict[str, object], sections: bool) -> None:
    text = toml_document(data, sections)
    assert same(tomllib.loads(text), data), "the test's TOML writer is wrong"
    loaded = check_bytes(path, text.encode("utf-8"))
    bad = [k for k, v in data.items() if not acceptable(k, v)]
    if not bad:
        assert loaded is not None, f"refused a valid document:\n{text}"
        for key, value in data.items():
            if key in PARAMETERS:
                # A branched scenario is the record until the branch, these values after it.
                shown = loaded.final_value(key) if "branch" in data else loaded[key]
                assert shown == value
        return
    assert loaded is None, f"accepted a bad document (bad keys {bad}):\n{text}"
    with pytest.raises(ScenarioError) as error:
        Scenario.from_toml_text(text)
    message = str(error.value)
    assert "allowed" in message
    assert any(f"'{k}'" in message or repr(k) in message for k in bad), (bad, message)


# Any bytes at all, and bytes from printable ASCII (so the TOML parser sees more of them).
random_bytes = st.one_of(
    st.binary(max_size=4_096),
    st.binary(max_size=4_096),
    st.text(st.characters(min_codepoint=9, max_codepoint=126), max_size=400).map(str.encode),
)


def run_fuzz(strategy: st.SearchStrategy[Any], check: Callable[..., None], examples: int) -> int:
    """Run `check` on `examples` draws of `strategy`; return how many calls were made."""
    calls: list[None] = []

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(strategy)
    def fuzz(drawn: Any) -> None:
        calls.append(None)
        check(drawn)

    fuzz()
    return len(calls)


def fuzzers(path: Path) -> dict[str, tuple[st.SearchStrategy[Any], Callable[..., None]]]:
    return {
        "random bytes": (random_bytes, lambda data: check_bytes(path, data)),
        "random TOML": (
            st.tuples(toml_mappings(), st.booleans()),
            lambda drawn: check_mapping(path, *drawn),
        ),
        "mutated files": (mutated_files(), lambda data: check_bytes(path, data)),
        "key bypasses": (key_bypasses(), lambda drawn: check_key_bypass(path, drawn)),
    }


@pytest.mark.parametrize("source", ["random bytes", "random TOML", "mutated files", "key bypasses"])
def test_loader_fuzz(source: str, tmp_path: Path) -> None:
    strategy, check = fuzzers(tmp_path / "fuzz.toml")[source]
    assert run_fuzz(strategy, check, DEFAULT_EXAMPLES) >= DEFAULT_EXAMPLES


@pytest.mark.slow
def test_loader_fuzz_ten_thousand_cases(tmp_path: Path) -> None:
    total = 0
    for strategy, check in fuzzers(tmp_path / "fuzz.toml").values():
        total += run_fuzz(strategy, check, SLOW_EXAMPLES)
    print(f"{total:,} fuzz cases")
    assert total >= SLOW_TOTAL


# --- save then load is exact ----------------------------------------------------------------


def assert_identical(again: Scenario, scenario: Scenario) -> None:
    assert again == scenario
    assert (again.name, again.notes) == (scenario.name, scenario.notes)
    assert list(again.values) == list(scenario.values)
    for pid, value in scenario.values.items():
        loaded = again[pid]
        assert type(loaded) is type(value), pid
        if isinstance(value, float):
            assert struct.pack("<d", loaded) == struct.pack("<d", value), (pid, loaded, value)
        else:
            assert loaded is value, pid


def test_save_then_load_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "saved.toml"

    @settings(max_examples=DEFAULT_EXAMPLES, deadline=None)
    @given(valid_scenarios())
    def round_trip(scenario: Scenario) -> None:
        text = scenario.to_toml()
        assert_identical(Scenario.from_toml_text(text), scenario)
        path.write_text(text, encoding="utf-8", newline="")
        assert_identical(Scenario.from_file(path), scenario)

    round_trip()


# --- hostile documents the fuzzers found or might miss ----------------------------------------


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("coal_ban_compliance = " + "9" * 400, "is out of range"),  # beyond any float
        ("coal_ban_compliance = " + "9" * 5_000, "malformed TOML"),  # beyond int(str)
        ("notes = " + "[" * 50_000 + "]" * 50_000, "malformed TOML (nested too deeply)"),
        ("border_laxity = " + "{a = " * 5_000 + "1" + "}" * 5_000, "nested too deeply"),
        ("name" + ".a" * 60 + " = 1", "key 'name' = {'a': {'a'"),  # deep table: short repr
        ("name" + ".a" * 2_000 + " = 1", "a key of more than 64 dotted parts"),  # refused unparsed
        ("coal_ban_compliance = [" + "1, " * 100_000 + "]", "is not a number"),
        ('"two\\nlines" = 1', "unknown key 'two\\nlines'"),
        ('"sep\\u2028arator" = 1', "unknown key 'sep\\u2028arator'"),
        ("coal_ban_compliance = 100.0000001", "= 100.0000001 is out of range"),
        ("labour_outsourcing = -1e-300", "= -1e-300 is out of range"),
    ],
)
def test_hostile_documents_give_one_short_line(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        Scenario.from_file(path)
    message = assert_one_clear_line(error.value, prefix=f"{path}: ")
    assert needle in message


def test_names_with_delete_and_controls_survive_a_save() -> None:
    scenario = Scenario.from_mapping({}, name="del\x7f nul\x00 esc\x1b", notes="\t\r\n\x0b\x0c")
    assert_identical(Scenario.from_toml_text(scenario.to_toml()), scenario)
