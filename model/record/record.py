"""The public record the `record` preset is fitted to, and the fitted record itself.

`resources/record_series.csv` holds the published figures, each with its page, publisher and
quoted sentence, what the model compares it with (`quantity`) and whether the fit uses it
(`use`: fit, check or unused, with the reason). `resources/record.toml` holds the fitted
schedules and assumptions, written by `dprk-explorer calibrate`; this module only reads it (the
program never fits at start-up) and refuses it, with one message naming it, when it is missing,
corrupt or stale (fitted to resources that have since changed).

Every quantity is computed for the monthly path and summed (or averaged) over the months the
figure covers, so the same code scores one scenario or a thousand Monte Carlo draws at once.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.core import toml_io
from dprk_explorer.model.core.flows import MONTHLY, coal_price, scenario_channels
from dprk_explorer.model.core.parameters import PARAMETERS
from dprk_explorer.model.core.scenario import Scenario, ScenarioError, excerpt
from dprk_explorer.model.core.timeline import (
    BAN_ONSET,
    HORIZON,
    HORIZON_YEARS,
    MONTH_YEARS,
    N_MONTHS,
    month_index,
    parse_month,
)
from dprk_explorer.model.sources.resources import (
    CHANNEL_IDS,
    GOODS_CHANNELS,
    RESOURCE_DIR,
    ResourceError,
    TableSchema,
    read_table,
)

FloatArray = NDArray[np.float64]

RECORD_SERIES_FILE = "record_series.csv"
RECORD_FILE = "record.toml"
RECORD_PRESET_ID = "record"
RECORD_LABEL = f"The record, {HORIZON_YEARS}"
RECORD_SUMMARY = (
    "What happened: every ban at its date, levers and assumptions fitted to the public record."
)
RECORD_SOURCES = (
    "Reuters (China customs), 'China's trade with North Korea falls 51 percent in 2018', "
    "2019-01-23 <https://in.reuters.com/article/china-economy-trade-northkorea/chinas-trade-with-"
    "north-korea-falls-51-percent-in-2018-idINKCN1PH0ML>; Global Times (GACC), title not "
    "recorded, 2018 <http://www.globaltimes.cn/content/1084580.shtml>; Korea Herald (Yonhap), "
    "'N. Korea imports of gunpowder and chemicals plunged', 2017-12-16 "
    "<http://www.koreaherald.com/view.php?ud=20171216000040>; Taipei Times (AFP), 'N Korea "
    "flouting sanctions: UN report', 2020-04-19 <https://www.taipeitimes.com/News/world/archives/"
    "2020/04/19/2003734911>; USA Today, 'North Korea earned nearly $200 million in 2017 from "
    "banned exports', 2018-02-03 <https://www.usatoday.com/story/news/world/2018/02/03/north-"
    "korea-earned-200-million-banned-exports-united-nations-report/303598002/>; Yonhap, 'N. "
    "Koreans likely to continue working abroad despite U.N. deadline for return home', "
    "2019-12-23 <https://en.yna.co.kr/view/AEN20191223003400325?section=nk/nk>; Straits Times, "
    "'Barred from exporting clothes, Pyongyang cashes in on fake hair, eyelashes', 2024-02-03 "
    "<https://www.straitstimes.com/asia/east-asia/barred-from-exporting-clothes-pyongyang-cashes-"
    "in-on-fake-hair-eyelashes>; and the figures listed in the validation notes (Help), China's "
    "customs and KOTRA through 2023"
)
#: Bumped when the fit's specification changes, so an old record.toml reads as stale.
CALIBRATION_VERSION = 5
#: The resources a fit depends on: a change to any of them makes record.toml stale.
INPUT_FILES = (
    RECORD_SERIES_FILE,
    "horizon.toml",
    "parameters.toml",
    "baseline_channels.csv",
    "sanctions_bans.csv",
    "coal_prices.csv",
    "coal_delayed_cargoes.csv",
    "customs_holidays.csv",
    "closure_phases.csv",
    "cyber_theft.csv",
    "new_routes.csv",
)
USES = ("fit", "check", "unused")
#: Model quantities a figure can be compared with; prices and shares are averaged over the
#: months, flows summed.
QUANTITIES: dict[str, str] = {
    "china_imports": "recorded goods exports to China (China's customs basis), USD m",
    "recorded_exports": "recorded goods exports to every partner (KOTRA's mirror basis), USD m",
    "other_partners": "recorded goods exports to partners other than China (KOTRA's basis), USD m",
    "official_coal_usd_m": "official coal exports, USD m",
    "official_coal_mt": "official coal exports, Mt",
    "smuggled_value": "informal exports of banned goods at official prices, USD m",
    "smuggled_coal_value": "informal coal exports at the month's coal price, USD m",
    "smuggled_coal_mt": "informal coal exports, Mt",
    "smuggled_coal_price": "price smuggled coal fetches, USD per tonne",
    "labour": "overseas labour, the state's take, USD m",
    "repatriated_pct": "share of workers abroad sent home under UNSC 2397, %",
}
AVERAGED = frozenset({"smuggled_coal_price", "repatriated_pct"})
#: A figure's own uncertainty in log terms, by its confidence tag in the record.
SOURCE_SIGMA: dict[str, float] = {
    "high": 0.05,
    "med": 0.10,
    "low-med": 0.20,
    "low": 0.35,
    "high that it was reported": 0.30,  # the Panel's estimates: reported, not measured
}
#: What the model leaves out, in log terms: its only monthly pattern is the Spring Festival
#: week, and 2016 has one flat price, so a single month is known to within about a quarter; a
#: year to within a few percent. (Set before the pattern was added; not re-tuned to the fit.)
MODEL_SIGMA_MONTH = 0.25
MODEL_SIGMA_FLOOR = 0.05
_MONTH_NAMES = {
    m: i + 1
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    )
}


class RecordUnavailable(ScenarioError):
    """The fitted record cannot be used; the message names the file and says why."""


def _use(value: str) -> str:
    if value.strip() not in USES:
        raise ValueError(f"'{value}' is not allowed; allowed: {', '.join(USES)}")
    return value.strip()


def _cell(value: str) -> str:
    return value.strip()


RECORD_SCHEMA = TableSchema(
    {
        "series": _cell,
        "year": _cell,
        "month": _cell,
        "value": _cell,
        "unit": _cell,
        "use": _use,
        "quantity": _cell,
        "confidence": _cell,
        "publisher": _cell,
        "source_url": _cell,
        "quote": _cell,
        "reason": _cell,
    }
)


def _months(year: int, text: str) -> tuple[int, ...]:
    """Month indices of a period: a year, a month `2`, a span `5-6`, or `Dec16-May17`."""
    if not text:
        return tuple(int(i) for i in np.flatnonzero(MONTH_YEARS == year))
    if text[:3] in _MONTH_NAMES:  # Dec16-May17
        first, _, last = text.partition("-")
        start = month_index(f"20{first[3:]}-{_MONTH_NAMES[first[:3]]:02d}")
        end = month_index(f"20{last[3:]}-{_MONTH_NAMES[last[:3]]:02d}")
    else:
        first, _, last = text.partition("-")
        start = month_index(f"{year}-{int(first):02d}")
        end = month_index(f"{year}-{int(last or first):02d}")
    if not 0 <= start <= end < N_MONTHS:
        raise ValueError(
            f"period {year} {text} lies outside the horizon {HORIZON[0]} to {HORIZON[1]}"
        )
    return tuple(range(start, end + 1))


def period_text(year: int, text: str) -> str:
    if not text:
        return str(year)
    if text[:3] in _MONTH_NAMES:
        return text
    first, _, last = text.partition("-")
    return f"{year}-{int(first):02d}" + (f" to {year}-{int(last):02d}" if last else "")


def _value(text: str) -> tuple[float, float, float]:
    """(central, low, high): a range `200-500` gives its geometric middle."""
    low_text, sep, high_text = text.partition("-")
    low, high = float(low_text), float(high_text if sep else low_text)
    if not 0.0 < low <= high:
        raise ValueError(f"'{text}' is not a positive value or range")
    return float(np.sqrt(low * high)), low, high


@dataclass(frozen=True)
class Figure:
    """One published figure: what and when, its value, its source, and how the fit uses it."""

    series: str
    year: int
    month: str
    value: float
    low: float
    high: float
    unit: str
    use: str
    quantity: str
    confidence: str
    publisher: str
    source_url: str
    quote: str
    reason: str
    months: tuple[int, ...]

    @property
    def period(self) -> str:
        return period_text(self.year, self.month)

    @property
    def source_sigma(self) -> float:
        """The figure's own stated error in log terms: its confidence tag's, and a published
        range's half-width as one sigma (what the model leaves out is not in it)."""
        source = SOURCE_SIGMA.get(self.confidence, 0.20)
        spread = np.log(self.high / self.low) / 2.0
        return float(np.hypot(source, spread))

    @property
    def sigma(self) -> float:
        """Standard error of log(record / model): the figure's own and the model's, combined."""
        model = max(MODEL_SIGMA_MONTH / np.sqrt(len(self.months)), MODEL_SIGMA_FLOOR)
        if self.quantity in AVERAGED:
            model = MODEL_SIGMA_FLOOR
        return float(np.sqrt(self.source_sigma**2 + model**2))

    def source(self) -> str:
        return f"{self.publisher} <{self.source_url}>"


def load_record_series(directory: Path = RESOURCE_DIR) -> tuple[Figure, ...]:
    name = RECORD_SERIES_FILE
    figures: list[Figure] = []
    for number, row in enumerate(read_table(directory / name, RECORD_SCHEMA), start=1):
        where = f"{name}: row {number} ({row['series']})"
        if row["use"] == "unused":
            months: tuple[int, ...] = ()
            central, low, high = float("nan"), float("nan"), float("nan")
        else:
            if row["quantity"] not in QUANTITIES:
                raise ResourceError(
                    f"{where}, column 'quantity': '{row['quantity']}' is not allowed; "
                    f"allowed: {', '.join(QUANTITIES)}"
                )
            try:
                central, low, high = _value(row["value"])
                months = _months(int(row["year"]), row["month"])
            except ValueError as error:
                raise ResourceError(f"{where}: {error}") from None
        if not row["source_url"] or not row["quote"]:
            raise ResourceError(f"{where}: a source_url and a quote are required")
        figures.append(
            Figure(
                series=row["series"],
                year=int(row["year"]),
                month=row["month"],
                value=central,
                low=low,
                high=high,
                unit=row["unit"],
                use=row["use"],
                quantity=row["quantity"],
                confidence=row["confidence"],
                publisher=row["publisher"],
                source_url=row["source_url"],
                quote=row["quote"],
                reason=row["reason"],
                months=months,
            )
        )
    return tuple(figures)


# --- the model's side of each figure ---------------------------------------------------------


def monthly_quantities(
    channels: Mapping[str, FloatArray],
    values: Mapping[str, FloatArray],
    terms: Mapping[str, FloatArray],
) -> dict[str, FloatArray]:
    """Per quantity, its monthly series (`(..., N_MONTHS)`) from monthly channels, parameters and
    the terms `scenario_channels` fills: each figure on its own basis (receipts, market value,
    tonnes)."""

    def v(key: str) -> FloatArray:
        return np.asarray(values[key], dtype=np.float64)

    kept = 1.0 - v("smuggling_discount_pct") / 100.0
    china = np.asarray(terms["recorded_to_china"])
    recorded = np.asarray(sum((channels[c] for c in GOODS_CHANNELS), np.zeros(())))
    market_coal = np.asarray(terms["smuggled_coal_market"])
    in_force = v("repatriation_2397") * BAN_ONSET["unsc_2397_workers"]
    return {
        "china_imports": china,
        "recorded_exports": recorded,
        "other_partners": recorded - china,
        "official_coal_usd_m": channels["coal"],
        "official_coal_mt": np.asarray(terms["official_coal_mt"]),
        "smuggled_value": market_coal + channels["smuggling"] / kept,
        "smuggled_coal_value": market_coal,
        "smuggled_coal_mt": np.asarray(terms["smuggled_coal_mt"]),
        "smuggled_coal_price": coal_price(values, MONTHLY) * kept,
        "labour": channels["overseas_labour"],
        "repatriated_pct": v("repatriation_2397_pct") * in_force,
    }


def model_quantities(values: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
    """The monthly quantities of a scenario's (or many draws') monthly parameter arrays."""
    terms: dict[str, FloatArray] = {}
    channels = scenario_channels(values, MONTHLY, terms=terms)
    return monthly_quantities(channels, values, terms)


@dataclass(frozen=True)
class Observations:
    """The figures of one use, as arrays: the model's value is `quantity @ weights`."""

    figures: tuple[Figure, ...]
    record: FloatArray  # (n,)
    sigma: FloatArray  # (n,)
    weights: FloatArray  # (n, N_MONTHS): 1 per month summed, 1/k per month averaged

    def model(self, quantities: Mapping[str, FloatArray]) -> FloatArray:
        """(..., n): the model's figure for each observation."""
        shape = np.broadcast_shapes(*(np.shape(q) for q in quantities.values()))
        out = np.empty((*shape[:-1], len(self.figures)))
        for i, figure in enumerate(self.figures):
            q = np.broadcast_to(quantities[figure.quantity], shape)
            out[..., i] = q @ self.weights[i]
        return out

    def log_errors(self, quantities: Mapping[str, FloatArray]) -> FloatArray:
        """(..., n): log(model / record), with a model value of 0 read as 0.1 % of the record."""
        model = np.maximum(self.model(quantities), 1e-3 * self.record)
        errors: FloatArray = np.log(model / self.record)
        return errors


def observations(figures: tuple[Figure, ...], use: str = "fit") -> Observations:
    chosen = tuple(f for f in figures if f.use == use)
    weights = np.zeros((len(chosen), N_MONTHS))
    for i, figure in enumerate(chosen):
        weights[i, list(figure.months)] = (
            1.0 / len(figure.months) if figure.quantity in AVERAGED else 1.0
        )
    return Observations(
        figures=chosen,
        record=np.array([f.value for f in chosen]),
        sigma=np.array([f.sigma for f in chosen]),
        weights=weights,
    )


# --- the fitted record -----------------------------------------------------------------------


def inputs_digest(directory: Path = RESOURCE_DIR) -> str:
    """SHA-256 over the resources a fit depends on and the fit's version."""
    digest = hashlib.sha256(f"calibration-{CALIBRATION_VERSION}\n".encode())
    for name in INPUT_FILES:
        digest.update(name.encode() + b"\n")
        try:
            digest.update((directory / name).read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


@dataclass(frozen=True)
class FittedValue:
    parameter: str
    month: str  # the first month the value holds
    value: float
    std_error: float
    prior: float
    prior_sd: float
    low: float
    high: float
    at_bound: bool
    pinned_by: tuple[str, ...]  # the series that carry most of its information
    data_share: float  # share of its information that comes from the record (not the prior)


@dataclass(frozen=True)
class FittedRecord:
    scenario: Scenario
    fitted: tuple[FittedValue, ...]
    statistics: Mapping[str, Any]
    residuals: tuple[Mapping[str, Any], ...]
    data: Mapping[str, Any]
    #: The fitted values' correlation matrix, in `fitted` order (the bands draw them together).
    correlation: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))


def _where(path: Path) -> str:
    return f"{path}: "


# --- the structure of record.toml: a file that keeps its digest may still have been edited ----

#: A check of one value, and what it allows (for the message).
Check = tuple[Callable[[object], bool], str]


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


_TEXT: Check = (_is_text, "text")
_NUMBER: Check = (_is_number, "a finite number")
_FLAG: Check = (lambda value: isinstance(value, bool), "true or false")
_TEXTS: Check = (
    lambda value: isinstance(value, list) and all(isinstance(v, str) for v in value),
    "a list of texts",
)
#: Every key of each row of the record's [[fitted]] and [[residuals]] tables (what
#: `calibrate` writes, model.calibration.record_data), with its check.
ROW_KEYS: dict[str, dict[str, Check]] = {
    "fitted": {
        "parameter": (lambda value: value in PARAMETERS, "a parameter id"),
        "from": (lambda value: parse_month(value) is not None, "a month YYYY-MM"),
        "what": _TEXT,
        "value": _NUMBER,
        "std_error": _NUMBER,
        "prior": _NUMBER,
        "prior_sd": _NUMBER,
        "low": _NUMBER,
        "high": _NUMBER,
        "at_bound": _FLAG,
        "pinned_by": _TEXTS,
        "data_share": _NUMBER,
    },
    "residuals": {
        "series": _TEXT,
        "period": _TEXT,
        "use": (lambda value: value in ("fit", "check"), "fit or check"),
        "quantity": (lambda value: value in QUANTITIES, "a quantity of the record"),
        "record": _NUMBER,
        "model": _NUMBER,
        "log_error": _NUMBER,
        "error_pct": _NUMBER,
        "sigma": _NUMBER,
        "source": _TEXT,
    },
}


def check_structure(data: Mapping[str, Any]) -> str:
    """What is wrong with the tables of a parsed record.toml beyond its scenario ('' if
    nothing): every row of [[fitted]] and [[residuals]] with each key of the right kind, and
    [statistics] a table of numbers."""
    for table, keys in ROW_KEYS.items():
        rows = data.get(table)
        if not isinstance(rows, list) or not rows:
            return f"[[{table}]] = {excerpt(rows)} is not a list of tables"
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                return f"[[{table}]] {number} = {excerpt(row)} is not a table"
            for key, (valid, allowed) in keys.items():
                if key not in row:
                    return f"[[{table}]] {number}: key '{key}' is missing"
                if not valid(row[key]):
                    return (
                        f"[[{table}]] {number}: key '{key}' = {excerpt(row[key])} is not "
                        f"allowed; allowed: {allowed}"
                    )
    statistics = data.get("statistics")
    if not isinstance(statistics, dict) or not all(
        isinstance(v, bool) or _is_number(v) for v in statistics.values()
    ):
        return f"[statistics] = {excerpt(statistics)} is not a table of numbers"
    for key in ("rationale", "label"):
        if not isinstance(data.get(key), str):
            return f"key '{key}' = {excerpt(data.get(key))} is not text"
    return ""


def record_path(directory: Path = RESOURCE_DIR) -> Path:
    """Where record.toml lives: beside the record's figures, following an editable install's
    link to the source folder, so `calibrate` writes the file the repository holds."""
    return (directory / RECORD_SERIES_FILE).resolve().parent / RECORD_FILE


def scenario_from_record_data(data: Mapping[str, Any], where: str = "") -> Scenario:
    mapping = dict(data.get("values", {}))
    if data.get("schedule"):
        mapping["schedule"] = data["schedule"]
    return Scenario.from_mapping(
        mapping, name=RECORD_LABEL, notes=str(data.get("rationale", "")), where=where
    )


def read_record(directory: Path = RESOURCE_DIR) -> FittedRecord:
    """The fitted record from record.toml, or RecordUnavailable naming the file and the fault."""
    path = record_path(directory)
    where = _where(path)
    try:
        text = toml_io.read_text(path, where, "the fitted record (.toml)")
        data = toml_io.loads(text, where)
    except toml_io.TomlError as error:
        raise RecordUnavailable(
            f"the record is unavailable: {error}; run `dprk-explorer calibrate`"
        ) from None
    try:
        if data.get("inputs_sha256") != inputs_digest(directory):
            raise RecordUnavailable(
                f"the record is unavailable: {where}is stale (fitted to resources or a "
                "calibration that have since changed); run `dprk-explorer calibrate`"
            )
        problem = check_structure(data)
        if problem:
            raise RecordUnavailable(
                f"the record is unavailable: {where}is corrupt ({problem}); "
                "run `dprk-explorer calibrate`"
            )
        scenario = scenario_from_record_data(data, where)
        fitted = tuple(
            FittedValue(
                parameter=str(row["parameter"]),
                month=str(row["from"]),
                value=float(row["value"]),
                std_error=float(row["std_error"]),
                prior=float(row["prior"]),
                prior_sd=float(row["prior_sd"]),
                low=float(row["low"]),
                high=float(row["high"]),
                at_bound=bool(row["at_bound"]),
                pinned_by=tuple(str(s) for s in row["pinned_by"]),
                data_share=float(row["data_share"]),
            )
            for row in data["fitted"]
        )
        correlation = np.array(data["correlation"], dtype=np.float64)
        if correlation.shape != (len(fitted), len(fitted)):
            raise ValueError(
                f"correlation is {correlation.shape}, not {len(fitted)} x {len(fitted)}"
            )
        return FittedRecord(
            scenario=scenario,
            fitted=fitted,
            statistics=dict(data["statistics"]),
            residuals=tuple(data["residuals"]),
            data=data,
            correlation=correlation,
        )
    except RecordUnavailable:
        raise
    except ScenarioError as error:
        raise RecordUnavailable(f"the record is unavailable: {error}") from None
    except (KeyError, TypeError, ValueError) as error:
        raise RecordUnavailable(
            f"the record is unavailable: {where}is corrupt ({type(error).__name__}: "
            f"{excerpt(str(error))}); run `dprk-explorer calibrate`"
        ) from None


@lru_cache(maxsize=4)
def _cached_record(directory: Path) -> FittedRecord | RecordUnavailable:
    try:
        return read_record(directory)
    except RecordUnavailable as error:
        return error


def record_or_reason(directory: Path = RESOURCE_DIR) -> tuple[FittedRecord | None, str]:
    """For the window: the fitted record and '', or None and why it is unavailable."""
    found = _cached_record(directory)
    if isinstance(found, RecordUnavailable):
        return None, str(found)
    return found, ""


def record_scenario(directory: Path = RESOURCE_DIR) -> Scenario:
    """The record preset's scenario, or RecordUnavailable (a ScenarioError) saying why not."""
    found = _cached_record(directory)
    if isinstance(found, RecordUnavailable):
        raise found
    return found.scenario


def clear_cache() -> None:
    _cached_record.cache_clear()


__all__ = [
    "CHANNEL_IDS",
    "RECORD_FILE",
    "RECORD_PRESET_ID",
    "Figure",
    "FittedRecord",
    "Observations",
    "RecordUnavailable",
    "load_record_series",
    "model_quantities",
    "monthly_quantities",
    "observations",
    "read_record",
    "record_or_reason",
    "record_scenario",
]
