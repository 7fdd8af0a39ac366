"""The result tables (channels, offsets, monthly path, scenario) as CSV files or one Excel
workbook, written atomically (dprk_explorer.gui.io.atomic): a failed write leaves no partial file.

Pandas builds every table from the model's Result; no number is computed here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from dprk_explorer.gui.io.atomic import WriteError, write_bytes, write_set
from dprk_explorer.gui.text.caption import make_caption
from dprk_explorer.model import PARAMETERS, Result
from dprk_explorer.model.evaluate import STEP_LABELS
from dprk_explorer.model.flows import STEP_IDS

if TYPE_CHECKING:
    import pandas as pd

TABLES = ("channels", "offsets", "monthly", "scenario")
#: The characters openpyxl refuses in a cell (its ILLEGAL_CHARACTERS_RE: C0 controls but tab,
#: newline and carriage return), checked first so the user gets a message, not a traceback.
_ILLEGAL_IN_EXCEL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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
    about = pd.DataFrame({"about": lines})
    bad = next((c for line in lines for c in line if _ILLEGAL_IN_EXCEL.match(c)), None)
    if bad is not None:
        raise WriteError(
            f"the scenario name, notes or banner holds the control character U+{ord(bad):04X}, "
            "which an Excel workbook cannot store; remove it, or export CSV"
        )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name in TABLES:
            tables[name].to_excel(writer, sheet_name=name, index=False)
        about.to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()


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
