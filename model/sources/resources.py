"""Load the sourced tables in `resources/` and refuse any that is malformed.

A broken resource file must fail at load time with one message naming the file, the row and the
column, never later as a wrong number on a plot.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.resources
import math
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dprk_explorer.model.sources.citations import from_row, parse

#: The sourced tables, read through the import system so an installed wheel finds its own copy.
#: The package is always installed as files on disk (never zipped), so this is a real folder.
RESOURCE_DIR = Path(str(importlib.resources.files("dprk_explorer.resources")))

#: Channel ids the equations in model/core/flows.py refer to, in display order.
CHANNEL_IDS: tuple[str, ...] = (
    "coal",
    "iron_ore",
    "lead",
    "seafood",
    "textiles",
    "other_metals",
    "goods_2397",
    "unbanned_goods",
    "overseas_labour",
    "smuggled_coal",
    "smuggling",
    "labour_russia",
    "cyber_theft",
    "arms_transfers",
)
#: Goods channels: recorded by customs, gross export receipts.
GOODS_CHANNELS: tuple[str, ...] = CHANNEL_IDS[:8]
#: Informal trade in goods a ban blocked: zero in 2016 by definition.
SMUGGLING_CHANNELS: tuple[str, ...] = ("smuggled_coal", "smuggling")
#: The routes that matter since 2020 (workers sent to Russia, cyber theft, arms to Russia): zero
#: in the no-sanctions baseline by definition, each switched on by its own parameter.
NEW_ROUTE_CHANNELS: tuple[str, ...] = ("labour_russia", "cyber_theft", "arms_transfers")
#: Channels with no 2016 baseline parameter: zero before the bans and routes by definition.
ZERO_BASELINE_CHANNELS: tuple[str, ...] = (*SMUGGLING_CHANNELS, *NEW_ROUTE_CHANNELS)
CHANNEL_KINDS = ("goods", "labour", "smuggling", "theft", "arms")

#: Timeline roles the monthly path needs exactly one event for.
MODEL_ROLES: tuple[str, ...] = (
    "coal_ban",
    "iron_lead_seafood_ban",
    "textiles_ban",
    "labour_change",
)


class ResourceError(ValueError):
    """A resource file is missing, malformed or incomplete."""


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty; a value is required")
    return value.strip()


def _label_side(value: str) -> str:
    if value.strip() not in ("", "left", "right"):
        raise ValueError(f"'{value}' is not allowed; allowed: left, right or empty")
    return value.strip()


def _optional_text(value: str) -> str:
    return value.strip()


def _yes_no(value: str) -> bool:
    if value.strip() not in ("yes", "no"):
        raise ValueError(f"'{value}' is not allowed; allowed: yes, no")
    return value.strip() == "yes"


def _number(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"'{value}' is not a finite number")
    return number


def _non_negative(value: str) -> float:
    number = _number(value)
    if number < 0:
        raise ValueError(f"{number:g} is negative; only values >= 0 are allowed")
    return number


def _optional_number(value: str) -> float | None:
    return None if not value.strip() else _non_negative(value)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a date of the form YYYY-MM-DD") from None


Converter = Callable[[str], Any]


@dataclass(frozen=True)
class TableSchema:
    """Columns a CSV resource must have, each with the converter that checks its cells."""

    columns: Mapping[str, Converter]


def read_table(path: Path, schema: TableSchema) -> list[dict[str, Any]]:
    """Read a CSV resource and convert every cell, or raise one ResourceError naming the place."""
    name = path.name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [column for column in schema.columns if column not in header]
            if missing:
                raise ResourceError(
                    f"{name}: header lacks column(s) {', '.join(missing)}; "
                    f"required: {', '.join(schema.columns)}"
                )
            rows: list[dict[str, Any]] = []
            for row_number, raw in enumerate(reader, start=1):
                if None in raw or any(value is None for value in raw.values()):
                    raise ResourceError(
                        f"{name}: row {row_number} (line {reader.line_num}) has "
                        f"{'too many' if None in raw else 'too few'} cells; "
                        f"expected {len(header)} columns"
                    )
                row: dict[str, Any] = {}
                for column, convert in schema.columns.items():
                    try:
                        row[column] = convert(raw[column])
                    except ValueError as error:
                        raise ResourceError(
                            f"{name}: row {row_number} (line {reader.line_num}), "
                            f"column '{column}': {error}"
                        ) from None
                rows.append(row)
    except FileNotFoundError:
        raise ResourceError(f"{name}: file not found at {path}") from None
    except UnicodeDecodeError:
        raise ResourceError(f"{name}: not UTF-8 text") from None
    except csv.Error as error:
        raise ResourceError(f"{name}: malformed CSV ({error})") from None
    if not rows:
        raise ResourceError(f"{name}: has a header but no rows")
    return rows


CHANNEL_SCHEMA = TableSchema(
    {
        "channel": _text,
        "label": _text,
        "short_label": _text,
        "kind": _text,
        "basis": _text,
        "china_share_pct": _non_negative,
        "revenue_usd_m": _non_negative,
        "low_usd_m": _non_negative,
        "high_usd_m": _non_negative,
        "data_year": _number,
        "publisher": _text,
        "title": _text,
        "source_date": _text,
        "url": _optional_text,
        "certainty": _text,
        "note": _optional_text,
        # Whether China's enforcement of the bans (the three levers) governs the route: the
        # answer splits what is won back by routes it governs from routes it does not.
        "china_governs": _yes_no,
    }
)
_SOURCE_COLUMNS: dict[str, Converter] = {
    "publisher": _text,
    "title": _text,
    "source_date": _text,
    "url": _text,
    "certainty": _text,
    "note": _optional_text,
}


def _month(value: str) -> str:
    text = value.strip()
    try:
        dt.date.fromisoformat(text + "-01")
    except ValueError:
        raise ValueError(f"'{value}' is not a month of the form YYYY-MM") from None
    if len(text) != 7:
        raise ValueError(f"'{value}' is not a month of the form YYYY-MM")
    return text


def _ids(value: str) -> tuple[str, ...]:
    parts = tuple(part.strip() for part in value.split(";") if part.strip())
    unknown = [part for part in parts if part not in CHANNEL_IDS]
    if not parts or unknown:
        raise ValueError(
            f"'{value}' names unknown channel(s) {', '.join(unknown) or '(none)'}; "
            f"allowed: {', '.join(CHANNEL_IDS)}, separated by ';'"
        )
    return parts


BAN_SCHEMA = TableSchema(
    {
        "id": _text,
        "label": _text,
        "adopted": _date,
        "china_date": _date,
        "ramp_days": _non_negative,
        "wind_down_days": _non_negative,
        "replaced_by": _optional_text,
        "channels": _ids,
        "switch": _text,
        "compliance": _text,
        "cap_usd_m": _optional_number,
        "cap_mt": _optional_number,
        **_SOURCE_COLUMNS,
        "wind_down_source": _optional_text,
    }
)
PRICE_SCHEMA = TableSchema(
    {"from_month": _month, "usd_per_tonne": _non_negative, **_SOURCE_COLUMNS}
)
CARGO_SCHEMA = TableSchema({"month": _month, "tonnes_mt": _non_negative, **_SOURCE_COLUMNS})
#: The states a route can be in under the 2020 closure (resources/closure_phases.csv).
CLOSURE_STATES = ("closed", "partly reopened")
HOLIDAY_SCHEMA = TableSchema(
    {"first_day": _date, "last_day": _date, "holiday": _text, **_SOURCE_COLUMNS}
)


def _closure_state(value: str) -> str:
    if value.strip() not in CLOSURE_STATES:
        raise ValueError(f"'{value}' is not allowed; allowed: {', '.join(CLOSURE_STATES)}")
    return value.strip()


CLOSURE_SCHEMA = TableSchema(
    {"first_day": _date, "last_day": _date, "state": _closure_state, **_SOURCE_COLUMNS}
)


def source_text(row: Mapping[str, Any]) -> str:
    """Publisher, title, date and address of a sourced row, as shown to a user (the canonical
    inline citation, so every source reads and parses alike)."""
    return from_row(row).inline()


def _cite_structured(rows: list[dict[str, Any]]) -> None:
    """Give each row of a table with publisher/title/date/url columns its `source` text and its
    `citations` (one)."""
    for row in rows:
        row["source"] = source_text(row)
        row["citations"] = [from_row(row)]


def _cite_free_text(rows: list[dict[str, Any]]) -> None:
    """Give each row of a table with a free-text `source` column the `citations` in it."""
    for row in rows:
        row["citations"] = parse(row["source"])


FACT_SCHEMA = TableSchema(
    {
        "id": _text,
        "label": _text,
        "value": _number,
        "unit": _text,
        "year": _number,
        "source": _text,
        "certainty": _text,
        "note": _optional_text,
    }
)
TIMELINE_SCHEMA = TableSchema(
    {
        "date": _date,
        "event": _text,
        "short_label": _text,
        "bans_or_caps": _text,
        "model_role": _optional_text,
        "source": _text,
        "certainty": _text,
        # Which side of its line the timeline prints the event's name ('' : no name, the line
        # and its hover text only), so the labelled events are data, not code.
        "label_side": _label_side,
    }
)
HISTORY_SCHEMA = TableSchema(
    {
        "period": _text,
        "granularity": _text,
        "value_usd_m": _non_negative,
        "source": _text,
        "certainty": _text,
    }
)


def load_channels(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """The 2016 baseline revenue by channel, with sources; exactly the channels the model uses."""
    path = directory / "baseline_channels.csv"
    rows = read_table(path, CHANNEL_SCHEMA)
    ids = [row["channel"] for row in rows]
    if tuple(ids) != CHANNEL_IDS:
        raise ResourceError(
            f"{path.name}: column 'channel' lists {', '.join(ids)}; "
            f"the model needs exactly {', '.join(CHANNEL_IDS)} in that order"
        )
    _cite_structured(rows)
    for number, row in enumerate(rows, start=1):
        if row["kind"] not in CHANNEL_KINDS:
            raise ResourceError(
                f"{path.name}: row {number}, column 'kind': '{row['kind']}' is not allowed; "
                f"allowed: {', '.join(CHANNEL_KINDS)}"
            )
        if row["china_share_pct"] > 100:
            raise ResourceError(
                f"{path.name}: row {number}, column 'china_share_pct': "
                f"{row['china_share_pct']:g} is above 100"
            )
        if row["channel"] in ZERO_BASELINE_CHANNELS and row["high_usd_m"] != 0:
            raise ResourceError(
                f"{path.name}: row {number}, column 'high_usd_m': {row['channel']} is zero in "
                f"2016 by definition; low, revenue and high must be 0"
            )
        if not row["low_usd_m"] <= row["revenue_usd_m"] <= row["high_usd_m"]:
            raise ResourceError(
                f"{path.name}: row {number}, column 'revenue_usd_m': {row['revenue_usd_m']:g} "
                f"lies outside its own low-high range {row['low_usd_m']:g}-{row['high_usd_m']:g}"
            )
    return rows


def load_facts(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """Sourced context figures (tonnes, prices, workers) cited in the docs and tooltips."""
    rows = read_table(directory / "baseline_facts.csv", FACT_SCHEMA)
    _cite_free_text(rows)
    return rows


def load_timeline(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """Dated sanctions events; one per model role drives the monthly path."""
    path = directory / "sanctions_timeline.csv"
    rows = read_table(path, TIMELINE_SCHEMA)
    _cite_free_text(rows)
    for role in MODEL_ROLES:
        count = sum(row["model_role"] == role for row in rows)
        if count != 1:
            raise ResourceError(
                f"{path.name}: column 'model_role' names '{role}' {count} times; "
                f"exactly one event must carry it"
            )
    for number, row in enumerate(rows, start=1):
        if row["model_role"] and row["model_role"] not in MODEL_ROLES:
            raise ResourceError(
                f"{path.name}: row {number}, column 'model_role': '{row['model_role']}' is "
                f"unknown; allowed: {', '.join(MODEL_ROLES)} or empty"
            )
    return rows


def load_bans(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """Each resolution's (or China's own) ban: its dates, the channels it covers, its switch and
    compliance parameters, and its source."""
    path = directory / "sanctions_bans.csv"
    rows = read_table(path, BAN_SCHEMA)
    _cite_structured(rows)
    ids = [row["id"] for row in rows]
    for number, row in enumerate(rows, start=1):
        if row["china_date"] < row["adopted"]:
            raise ResourceError(
                f"{path.name}: row {number}, column 'china_date': {row['china_date']} is before "
                f"the adoption date {row['adopted']}"
            )
        if row["replaced_by"] and row["replaced_by"] not in ids:
            raise ResourceError(
                f"{path.name}: row {number}, column 'replaced_by': '{row['replaced_by']}' is not "
                f"a ban in the table; allowed: empty or one of {', '.join(ids)}"
            )
        if row["wind_down_days"] > 0 and not row["wind_down_source"]:
            raise ResourceError(
                f"{path.name}: row {number}, column 'wind_down_source': a wind-down of "
                f"{row['wind_down_days']:g} days needs its source"
            )
    return rows


def load_coal_prices(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """The coal price path: a price (USD per tonne) from each month on, with its source."""
    path = directory / "coal_prices.csv"
    rows = read_table(path, PRICE_SCHEMA)
    months = [row["from_month"] for row in rows]
    if months != sorted(months) or len(set(months)) != len(months) or months[0] != "2016-01":
        raise ResourceError(
            f"{path.name}: column 'from_month' must start at 2016-01 and increase row by row"
        )
    _cite_structured(rows)
    return rows


def load_delayed_cargoes(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """Coal China let in during its 2017 suspension (tonnes by month), with sources."""
    rows = read_table(directory / "coal_delayed_cargoes.csv", CARGO_SCHEMA)
    _cite_structured(rows)
    return rows


def _dated_spans(path: Path, schema: TableSchema) -> list[dict[str, Any]]:
    """Rows of first_day-last_day spans, in order and not overlapping, each with its source."""
    rows = read_table(path, schema)
    for number, row in enumerate(rows, start=1):
        if row["last_day"] < row["first_day"]:
            raise ResourceError(
                f"{path.name}: row {number}, column 'last_day': {row['last_day']} is before "
                f"first_day {row['first_day']}"
            )
        if number > 1 and row["first_day"] <= rows[number - 2]["last_day"]:
            raise ResourceError(
                f"{path.name}: row {number}, column 'first_day': {row['first_day']} overlaps "
                f"the row before; spans must be in order and apart"
            )
    _cite_structured(rows)
    return rows


def load_customs_holidays(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """China's week-long public holidays (the Spring Festival), when customs and trade pause:
    the monthly pattern of recorded goods (model/core/timeline.py)."""
    return _dated_spans(directory / "customs_holidays.csv", HOLIDAY_SCHEMA)


def load_closure_phases(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """The 2020 border closure's phases (closed, partly reopened), with the Panel of Experts' and
    the press's dates."""
    return _dated_spans(directory / "closure_phases.csv", CLOSURE_SCHEMA)


CYBER_SCHEMA = TableSchema(
    {
        "first_month": _month,
        "last_month": _month,
        "stolen_usd_m": _non_negative,
        "low_usd_m": _non_negative,
        "high_usd_m": _non_negative,
        **_SOURCE_COLUMNS,
    }
)
ROUTE_SCHEMA = TableSchema(
    {
        "channel": _text,
        "first_day": _date,
        "ramp_days": _non_negative,
        "switch": _text,
        "level": _text,
        **_SOURCE_COLUMNS,
    }
)


def load_cyber_theft(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """The published amounts North Korea stole by cyber attack, each over its months (in order,
    not overlapping), with a published low and high and its source."""
    path = directory / "cyber_theft.csv"
    rows = read_table(path, CYBER_SCHEMA)
    for number, row in enumerate(rows, start=1):
        if row["last_month"] < row["first_month"] or (
            number > 1 and row["first_month"] <= rows[number - 2]["last_month"]
        ):
            raise ResourceError(
                f"{path.name}: row {number}, column 'first_month': the spans must be in order, "
                "each ending on or after its start and apart from the row before"
            )
        if not row["low_usd_m"] <= row["stolen_usd_m"] <= row["high_usd_m"]:
            raise ResourceError(
                f"{path.name}: row {number}, column 'stolen_usd_m': {row['stolen_usd_m']:g} lies "
                f"outside its own low-high range {row['low_usd_m']:g}-{row['high_usd_m']:g}"
            )
    _cite_structured(rows)
    return rows


def load_new_routes(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """When each route since 2020 starts (workers to Russia, arms to Russia), how fast it rises,
    its switch and level parameters, and the source of its dates."""
    path = directory / "new_routes.csv"
    rows = read_table(path, ROUTE_SCHEMA)
    for number, row in enumerate(rows, start=1):
        if row["channel"] not in NEW_ROUTE_CHANNELS:
            raise ResourceError(
                f"{path.name}: row {number}, column 'channel': '{row['channel']}' is not allowed; "
                f"allowed: {', '.join(NEW_ROUTE_CHANNELS)}"
            )
    _cite_structured(rows)
    return rows


def load_history(directory: Path = RESOURCE_DIR) -> list[dict[str, Any]]:
    """China's recorded imports from the DPRK (customs), monthly and annual points."""
    path = directory / "china_imports_from_dprk.csv"
    rows = read_table(path, HISTORY_SCHEMA)
    _cite_free_text(rows)
    for number, row in enumerate(rows, start=1):
        expected = {"year": 4, "month": 7}.get(row["granularity"])
        if expected is None:
            raise ResourceError(
                f"{path.name}: row {number}, column 'granularity': '{row['granularity']}' "
                f"is not allowed; allowed: year, month"
            )
        if len(row["period"]) != expected:
            raise ResourceError(
                f"{path.name}: row {number}, column 'period': '{row['period']}' does not "
                f"match granularity '{row['granularity']}' (YYYY or YYYY-MM)"
            )
    return rows


def load_horizon(directory: Path = RESOURCE_DIR) -> dict[str, Any]:
    """The model's horizon (resources/horizon.toml): its first and last month, whole calendar
    years, and the spans of years the views offer; one message naming the file and the key on
    any fault. Every month, year and span of the model is derived from it."""
    file = "horizon.toml"
    table = load_toml(directory / file)
    months: dict[str, str] = {}
    for key, first_of_year in (("first_month", "01"), ("last_month", "12")):
        value = table.get(key)
        try:
            month = _month(value) if isinstance(value, str) else None
        except ValueError:
            month = None
        if month is None or month[5:] != first_of_year:
            raise ResourceError(
                f"{file}: key '{key}' = {value!r} is not allowed; allowed: a month YYYY-"
                f"{first_of_year} (the horizon runs over whole calendar years)"
            )
        months[key] = month
    first, last = int(months["first_month"][:4]), int(months["last_month"][:4])
    if last < first:
        raise ResourceError(f"{file}: key 'last_month' is before 'first_month'")
    if not isinstance(table.get("reason"), str) or not table["reason"].strip():
        raise ResourceError(f"{file}: key 'reason' is missing; say why the horizon ends there")
    spans: list[tuple[int, int, str]] = []
    for number, span in enumerate(table.get("spans", []), start=1):
        start, end = (
            (span.get("first_year"), span.get("last_year"))
            if isinstance(span, dict)
            else (None, None)
        )
        if not (
            isinstance(start, int)
            and isinstance(end, int)
            and not isinstance(start, bool)
            and not isinstance(end, bool)
            and first <= start < end <= last
            and isinstance(span.get("why"), str)
        ):
            raise ResourceError(
                f"{file}: [[spans]] {number} is not allowed; allowed: first_year < last_year "
                f"inside {first}-{last}, and a 'why'"
            )
        spans.append((start, end, str(span["why"])))
    return {**months, "reason": table["reason"], "spans": spans}


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML resource, naming the file in any error."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ResourceError(f"{path.name}: file not found at {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ResourceError(f"{path.name}: malformed TOML ({error})") from None


#: Per channel, as resources/baseline_channels.csv declares it: its name, short name, what its
#: revenue is (gross export receipts for goods and smuggling, net for labour) and its kind.
CHANNEL_LABELS: dict[str, str] = {row["channel"]: row["label"] for row in load_channels()}
CHANNEL_SHORT_LABELS: dict[str, str] = {
    row["channel"]: row["short_label"] for row in load_channels()
}
CHANNEL_BASIS: dict[str, str] = {row["channel"]: row["basis"] for row in load_channels()}
CHANNEL_KIND: dict[str, str] = {row["channel"]: row["kind"] for row in load_channels()}
#: Per channel, whether China's enforcement of the bans governs it (baseline_channels.csv,
#: `china_governs`): the answer splits what is won back by routes it governs from the rest.
CHANNEL_CHINA_GOVERNS: dict[str, bool] = {
    row["channel"]: row["china_governs"] for row in load_channels()
}
