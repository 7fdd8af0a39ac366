"""Every model parameter, declared once.

The levers and assumptions come from `resources/parameters.toml`; the baseline revenue of each
channel becomes a parameter `baseline_<channel>_usd_m` generated from `baseline_channels.csv`.
Sliders, tooltips, the command line, scenario-file validation and docs/model.md read this module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from dprk_explorer.model.sources.resources import (
    RESOURCE_DIR,
    ZERO_BASELINE_CHANNELS,
    ResourceError,
    load_channels,
    load_toml,
)

Kind = Literal["float", "bool"]
Value = float | bool

GROUPS: dict[str, str] = {
    "lever": "Policy levers",
    "baseline": "Baseline revenue, 2016",
    "assumption": "Behavioural assumptions",
    "sanctions": "Which goods the regime bans",
    "timing": "Adjustment lags",
    "routes": "Routes China does not govern",
}


@dataclass(frozen=True)
class Parameter:
    """One model input: what it means, its unit and range, its default and where that comes from."""

    id: str
    label: str
    unit: str
    kind: Kind
    default: Value
    group: str
    description: str
    source: str
    certainty: str
    minimum: float = 0.0
    maximum: float = 1.0
    step: float = 1.0
    low: float | None = None
    high: float | None = None
    neutral: float | None = None  # levers only: the value at which the lever does nothing
    short: str = ""  # a short label for narrow charts (the tornado's rows); the label if empty
    #: The latest year of data behind the default and the plausible range (None: no data, a
    #: policy choice or a definition): a fit that predicts a later year may not lean on it.
    data_year: int | None = None

    @property
    def short_label(self) -> str:
        return self.short or self.label

    @property
    def is_uncertain(self) -> bool:
        """True for assumptions with a plausible low-high range (the Monte Carlo's inputs)."""
        return self.low is not None and self.high is not None and self.low != self.high

    def allowed(self) -> str:
        """What values are allowed, in words, for error messages and help."""
        if self.kind == "bool":
            return "true or false"
        unit = f" {self.unit}" if self.unit else ""
        return f"a number from {self.minimum:g} to {self.maximum:g}{unit}"

    def tooltip(self) -> str:
        """Meaning, range and source, as shown beside every widget that edits this parameter."""
        lines = [f"{self.label} ({self.unit})" if self.unit else self.label, self.description]
        if self.kind == "float":
            lines.append(f"Range {self.minimum:g}-{self.maximum:g}, default {self.default:g}.")
        if self.is_uncertain:
            lines.append(f"Plausible range {self.low:g}-{self.high:g}.")
        lines.append(f"Source: {self.source} [{self.certainty}]")
        return "\n".join(lines)


_FIELDS_REQUIRED = (
    "label",
    "unit",
    "kind",
    "default",
    "group",
    "description",
    "source",
    "certainty",
)


def _field_error(file: str, pid: str, field: str, message: str) -> ResourceError:
    return ResourceError(f"{file}: parameter [{pid}], field '{field}': {message}")


def _declared(pid: str, entry: dict[str, Any], file: str) -> Parameter:
    for field in _FIELDS_REQUIRED:
        if field not in entry:
            raise _field_error(file, pid, field, "is missing")
    kind = entry["kind"]
    if kind not in ("float", "bool"):
        raise _field_error(file, pid, "kind", f"'{kind}' is not allowed; allowed: float, bool")
    if entry["group"] not in GROUPS:
        raise _field_error(
            file, pid, "group", f"'{entry['group']}' is not allowed; allowed: {', '.join(GROUPS)}"
        )
    for field in ("label", "unit", "description", "source", "certainty", "short_label"):
        if field in entry and not isinstance(entry[field], str):
            raise _field_error(file, pid, field, "must be text")
    data_year = entry.get("data_year")
    if data_year is not None and (isinstance(data_year, bool) or not isinstance(data_year, int)):
        raise _field_error(file, pid, "data_year", f"{data_year!r} is not a year")
    common = {
        "data_year": data_year,
        "id": pid,
        "label": entry["label"],
        "unit": entry["unit"],
        "group": entry["group"],
        "description": entry["description"],
        "source": entry["source"],
        "certainty": entry["certainty"],
        "short": entry.get("short_label", ""),
    }
    if kind == "bool":
        if not isinstance(entry["default"], bool):
            raise _field_error(file, pid, "default", "must be true or false")
        return Parameter(kind="bool", default=entry["default"], **common)
    numbers: dict[str, float] = {}
    for field in ("min", "max", "default", "step", "low", "high", "neutral"):
        if field not in entry:
            if field in ("low", "high", "neutral"):
                continue
            raise _field_error(file, pid, field, "is missing")
        value = entry[field]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise _field_error(file, pid, field, f"{value!r} is not a finite number")
        numbers[field] = float(value)
    if not numbers["min"] <= numbers["default"] <= numbers["max"]:
        raise _field_error(
            file,
            pid,
            "default",
            f"{numbers['default']:g} lies outside min-max {numbers['min']:g}-{numbers['max']:g}",
        )
    if entry["group"] == "lever" and "neutral" not in numbers:
        raise _field_error(file, pid, "neutral", "is missing (every lever needs one)")
    for field in ("low", "high", "neutral"):
        if field in numbers and not numbers["min"] <= numbers[field] <= numbers["max"]:
            raise _field_error(file, pid, field, f"{numbers[field]:g} lies outside min-max")
    if ("low" in numbers) != ("high" in numbers):
        raise _field_error(file, pid, "low", "low and high must be given together")
    return Parameter(
        kind="float",
        default=numbers["default"],
        minimum=numbers["min"],
        maximum=numbers["max"],
        step=numbers["step"],
        low=numbers.get("low"),
        high=numbers.get("high"),
        neutral=numbers.get("neutral"),
        **common,
    )


def baseline_parameter_id(channel: str) -> str:
    """The parameter that holds a channel's 2016 revenue."""
    return f"baseline_{channel}_usd_m"


def load_parameters(directory: Path = RESOURCE_DIR) -> dict[str, Parameter]:
    """Read every declaration; raise ResourceError naming file, parameter and field on any fault."""
    file = "parameters.toml"
    table = load_toml(directory / file)
    parameters: dict[str, Parameter] = {}
    for pid, entry in table.items():
        if not isinstance(entry, dict):
            raise ResourceError(f"{file}: '{pid}' must be a table [{pid}] of fields")
        parameters[pid] = _declared(pid, entry, file)
    for row in load_channels(directory):
        if row["channel"] in ZERO_BASELINE_CHANNELS:
            continue  # zero by definition in 2016 (smuggling, the routes since 2020): no input
        revenue, low, high = row["revenue_usd_m"], row["low_usd_m"], row["high_usd_m"]
        pid = baseline_parameter_id(row["channel"])
        parameters[pid] = Parameter(
            id=pid,
            label=f"{row['label']} revenue, 2016",
            short=f"{row['short_label']} 2016",
            unit="USD m/yr",
            kind="float",
            default=revenue,
            minimum=0.0,
            maximum=float(max(5000.0, 2 * high)),
            step=10.0,
            low=low,
            high=high,
            group="baseline",
            description=(
                f"North Korea's 2016 revenue from {row['label'].lower()} ({row['basis']}). "
                f"{row['note']}"
            ),
            source=row["source"],
            certainty=row["certainty"],
            data_year=int(row["data_year"]),
        )
    return parameters


PARAMETERS: dict[str, Parameter] = load_parameters()
LEVER_IDS: tuple[str, ...] = tuple(p.id for p in PARAMETERS.values() if p.group == "lever")
DEFAULTS: dict[str, Value] = {p.id: p.default for p in PARAMETERS.values()}
#: Per lever, the value at which it does nothing: the reference for attributing the net change.
LEVER_NEUTRAL: dict[str, float] = {
    pid: neutral for pid in LEVER_IDS if (neutral := PARAMETERS[pid].neutral) is not None
}
#: Uncertain assumptions with a plausible low-high range, in declaration order (Monte Carlo inputs).
UNCERTAIN_IDS: tuple[str, ...] = tuple(p.id for p in PARAMETERS.values() if p.is_uncertain)
