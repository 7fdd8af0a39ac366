"""The result tables (channels, offsets, monthly path, scenario) as CSV files or one Excel
workbook, written atomically (dprk_explorer.gui.io.atomic): a failed write leaves no partial file.

Pandas builds every table from the model's Result; no number is computed here.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dprk_explorer.gui.io.atomic import WriteError, write_bytes, write_set
from dprk_explorer.gui.text.caption import make_caption
from dprk_explorer.gui.text.labels import STEP_LABELS
from dprk_explorer.model import PARAMETERS, Result
from dprk_explorer.model.flows import STEP_IDS

if TYPE_CHECKING:
    import pandas as pd

TABLES = ("channels", "offsets", "monthly", "scenario")
#: What makes a spreadsheet take text for a formula (or a DDE call) where it begins a cell, or a
#: line of one once split into cells: such text is stored as text and marked as typed with a
#: leading apostrophe, so editing the cell cannot turn it into a formula either.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def result_tables(result: Result) -> dict[str, pd.DataFrame]:
    """Every table an analyst may want to re-plot, in USD m (per year, or per month)."""
    import pandas as pd

    loss = result.coal_loss_usd_m
    steps = [*STEP_IDS, "net_change"]
    values = [result.steps_usd_m[s] for s in STEP_IDS] + [result.net_change_usd_m]
    offsets = pd.DataFrame(
        {
            "step": steps,
            "label": [STEP_LABELS[s] for s in STEP_IDS] + ["Net change"],
            "change_usd_m": values,
            "share_of_coal_loss_pct": [
                100.0 * v / loss if loss > 0 else float("nan") for v in values
            ],
        }
    )
    monthly = result.monthly_table().reset_index()
    monthly["month"] = monthly["month"].astype(str)
    scenario = pd.DataFrame(
        {
            "parameter": list(PARAMETERS),
            "label": [p.label for p in PARAMETERS.values()],
            "value": [result.scenario[k] for k in PARAMETERS],
            "unit": [p.unit for p in PARAMETERS.values()],
            "default": [p.default for p in PARAMETERS.values()],
            "changed": [result.scenario[k] != p.default for k, p in PARAMETERS.items()],
        }
    )
    return {
        "channels": result.channel_table(),
        "offsets": offsets,
        "monthly": monthly,
        "scenario": scenario,
    }


def csv_paths(path: str | Path) -> dict[str, Path]:
    """'results.csv' -> results_channels.csv, results_offsets.csv, ... (one table per file)."""
    file = Path(path)
    stem = file.stem if file.suffix.lower() == ".csv" else file.name
    return {name: file.with_name(f"{stem}_{name}.csv") for name in TABLES}


def write_csv(path: str | Path, result: Result) -> list[Path]:
    """One CSV per table beside `path`, written as one set (gui.io.atomic.write_set): on a full
    disk no file changes, rather than a mix of old and new tables."""
    tables = result_tables(result)
    targets = csv_paths(path)
    contents = {
        name: tables[name].to_csv(index=False, float_format="%.6g").encode("utf-8")
        for name in TABLES
    }
    folder = Path(path).parent
    if not folder.is_dir():
        raise WriteError(f"{path}: folder {folder} does not exist")
    return write_set({targets[name]: contents[name] for name in TABLES})


def excel_bytes(result: Result, banner: str = "") -> bytes:
    import pandas as pd

    tables = result_tables(result)
    lines = [
        *make_caption(result, banner).plain().splitlines(),
        "",
        "Scenario (TOML):",
        *result.scenario.to_toml().splitlines(),
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


def write_excel(path: str | Path, result: Result, banner: str = "") -> list[Path]:
    write_bytes(path, excel_bytes(result, banner))
    return [Path(path)]


def write_data(path: str | Path, result: Result, banner: str = "") -> list[Path]:
    """CSV files or an Excel workbook, by the suffix of `path`."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return write_excel(path, result, banner)
    if suffix == ".csv":
        return write_csv(path, result)
    raise WriteError(f"{path}: data exports are .csv or .xlsx files")
