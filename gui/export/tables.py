"""The result tables (the answer's figures, channels, offsets, monthly path, scenario) as CSV
files or one Excel workbook, written atomically (dprk_explorer.gui.io.atomic): a failed write
leaves no partial file.

Pandas lays out every table from one `Answer` (model.answer): the figures for its period, as the
brief, the caption and the key numbers state them. No number is computed here.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dprk_explorer.gui.io.atomic import WriteError, write_bytes, write_set
from dprk_explorer.gui.text.answer_words import capitalised
from dprk_explorer.gui.text.caption import make_caption
from dprk_explorer.gui.text.labels import BLOCKED_LABELS, ROUTE_LABELS, STEP_LABELS
from dprk_explorer.gui.text.names import source_label
from dprk_explorer.model import PARAMETERS
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.flows import STEP_IDS

if TYPE_CHECKING:
    import pandas as pd

TABLES = ("channels", "offsets", "monthly", "scenario", "figures")
#: What makes a spreadsheet take text for a formula (or a DDE call) where it begins a cell, or a
#: line of one once split into cells: such text is stored as text and marked as typed with a
#: leading apostrophe, so editing the cell cannot turn it into a formula either.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = tuple[str, str, float | str | None, str]


def figure_rows(answer: Answer) -> list[Row]:
    """The answer's figures for its period, one row each (id, label, value, unit): the
    headline's, a branch's difference from the record, the levers in force, and with the
    analysis the 5-95 % ranges with where each figure lies against its own, and the attribution
    to every source. The ids are those of `run --format json`."""
    result = answer.result
    unit = answer.period.unit
    rows: list[Row] = [
        ("period", "Period", answer.period.label, ""),
        ("base", "Compared with", answer.base_label, ""),
        ("total_baseline_usd_m", capitalised(f"total revenue, {answer.base_label}"),
         result.total_baseline_usd_m, unit),
        ("total_scenario_usd_m", "Total revenue, scenario", result.total_scenario_usd_m, unit),
        ("net_change_usd_m", "Net change", result.net_change_usd_m, unit),
        ("net_change_pct", "Net change, share of the base's total", result.net_change_pct, "%"),
        ("blocked_total_usd_m", "Blocked by the bans", result.blocked_total_usd_m, unit),
        *((f"blocked_{kind}_usd_m", f"Blocked: {BLOCKED_LABELS[kind].lower()}", value, unit)
          for kind, value in result.blocked_usd_m.items()),
        ("recovered_total_usd_m", "Won back", result.recovered_total_usd_m, unit),
        *((f"recovered_{route}_usd_m", f"Won back: {ROUTE_LABELS[route].lower()}", value, unit)
          for route, value in result.recovered_usd_m.items()),
        ("recovery_ratio", "Won back, share of what was blocked", result.recovery_ratio,
         "ratio"),
    ]  # fmt: skip
    if answer.vs_record_usd_m is not None and answer.record is not None:
        rows.append(
            ("vs_record_usd_m", f"Total revenue against {answer.record.label}",
             answer.vs_record_usd_m, unit)
        )  # fmt: skip
    for key, value in answer.levers_in_force.items():
        rows.append((f"{key}_in_force", f"{PARAMETERS[key].label} in force", value,
                     PARAMETERS[key].unit))  # fmt: skip
    analysis = answer.analysis
    if analysis is not None and answer.analysis_fresh and analysis.period == answer.period:
        bands, split = analysis.bands, analysis.attribution
        rows += [
            ("net_change_p5_usd_m", "Net change, 5 % point of its range", bands.net_change_p5,
             unit),
            ("net_change_p95_usd_m", "Net change, 95 % point of its range",
             bands.net_change_p95, unit),
            ("net_change_in_band", "Net change as set, against its 5-95 % range",
             answer.band_position("net_change"), ""),
            ("total_p5_usd_m", "Total revenue, 5 % point of its range", bands.total_p5, unit),
            ("total_p95_usd_m", "Total revenue, 95 % point of its range", bands.total_p95, unit),
            ("total_in_band", "Total revenue as set, against its 5-95 % range",
             answer.band_position("total"), ""),
            ("n_draws", "Monte Carlo draws", bands.n_draws, ""),
        ]  # fmt: skip
        rows += [
            (f"attribution_{source}_usd_m",
             f"Net change accounted for by {source_label(source)} (Shapley value)", value, unit)
            for source, value in split.shapley_usd_m.items()
        ]  # fmt: skip
        rows.append(
            ("attribution_interaction_usd_m", "Interaction (net change minus each source alone)",
             split.interaction_usd_m, unit)
        )  # fmt: skip
    return rows


def result_tables(answer: Answer) -> dict[str, pd.DataFrame]:
    """Every table an analyst may want to re-plot: the channels and offsets for the answer's
    period, the whole monthly path, the scenario's settings, and the answer's figures."""
    import pandas as pd

    result = answer.result
    steps = [*STEP_IDS, "net_change"]
    shares = result.steps_share_of_coal_loss_pct
    offsets = pd.DataFrame(
        {
            "step": steps,
            "label": [STEP_LABELS[s] for s in STEP_IDS] + ["Net change"],
            "change_usd_m": [result.steps_usd_m[s] for s in STEP_IDS] + [result.net_change_usd_m],
            "share_of_coal_loss_pct": [shares[s] for s in steps],
        }
    )
    monthly = answer.path.monthly_table().reset_index()
    monthly["month"] = monthly["month"].astype(str)
    scenario_obj = answer.scenario
    scenario = pd.DataFrame(
        {
            "parameter": list(PARAMETERS),
            "label": [p.label for p in PARAMETERS.values()],
            "value": [scenario_obj[k] for k in PARAMETERS],
            "schedule": [scenario_obj.schedule_text(k) for k in PARAMETERS],
            "unit": [p.unit for p in PARAMETERS.values()],
            "default": [p.default for p in PARAMETERS.values()],
            "changed": [
                scenario_obj[k] != p.default or bool(scenario_obj.schedules.get(k))
                for k, p in PARAMETERS.items()
            ],
        }
    )
    figures = pd.DataFrame(figure_rows(answer), columns=["figure", "label", "value", "unit"])
    return {
        "channels": result.channel_table(),
        "offsets": offsets,
        "monthly": monthly,
        "scenario": scenario,
        "figures": figures,
    }


def csv_paths(path: str | Path) -> dict[str, Path]:
    """'results.csv' -> results_channels.csv, results_offsets.csv, ... (one table per file)."""
    file = Path(path)
    stem = file.stem if file.suffix.lower() == ".csv" else file.name
    return {name: file.with_name(f"{stem}_{name}.csv") for name in TABLES}


def write_csv(path: str | Path, answer: Answer) -> list[Path]:
    """One CSV per table beside `path`, written as one set (gui.io.atomic.write_set): on a full
    disk no file changes, rather than a mix of old and new tables."""
    tables = result_tables(answer)
    targets = csv_paths(path)
    contents = {
        name: tables[name].to_csv(index=False, float_format="%.6g").encode("utf-8")
        for name in TABLES
    }
    folder = Path(path).parent
    if not folder.is_dir():
        raise WriteError(f"{path}: folder {folder} does not exist")
    return write_set({targets[name]: contents[name] for name in TABLES})


def excel_bytes(answer: Answer, banner: str = "") -> bytes:
    import pandas as pd

    tables = result_tables(answer)
    lines = [
        *make_caption(answer, banner).plain().splitlines(),
        "",
        "Scenario (TOML):",
        *answer.scenario.to_toml().splitlines(),
    ]
    return workbook_bytes(
        {**{name: tables[name] for name in TABLES}, "about": pd.DataFrame({"about": lines})}
    )


def workbook_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An Excel workbook of one sheet per table, every text cell stored as text."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in sheets.items():
            table.to_excel(writer, sheet_name=name, index=False)
        for sheet in writer.book.worksheets:
            _text_as_text(sheet)
    return buffer.getvalue()


def _text_as_text(sheet: Any) -> None:
    """Every text cell of an openpyxl sheet stored as text: openpyxl makes '=...' a formula and
    '#N/A' an error; a workbook of results holds neither."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if any(line.startswith(FORMULA_STARTS) for line in cell.value.split("\n")):
                    cell.quotePrefix = True


def write_excel(path: str | Path, answer: Answer, banner: str = "") -> list[Path]:
    write_bytes(path, excel_bytes(answer, banner))
    return [Path(path)]


def write_data(path: str | Path, answer: Answer, banner: str = "") -> list[Path]:
    """CSV files or an Excel workbook, by the suffix of `path`, for `answer` (the window's
    current one) with the analysis of its own scenario and period (`Answer.analysed`), so the
    figures are those the brief and the key numbers state."""
    answer = answer.analysed()
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return write_excel(path, answer, banner)
    if suffix == ".csv":
        return write_csv(path, answer)
    raise WriteError(f"{path}: data exports are .csv or .xlsx files")
