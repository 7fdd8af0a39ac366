"""`dprk-explorer export`: a figure computed and drawn with no window and no user settings."""

from __future__ import annotations

import sys
from pathlib import Path

from dprk_explorer.gui.application import application, use_offscreen_without_display
from dprk_explorer.gui.export.options import DEFAULT_DPI, ExportOptions, figure_format
from dprk_explorer.gui.io.atomic import WriteError, write_bytes
from dprk_explorer.gui.text.names import PROGRAM
from dprk_explorer.model import GridResult, Result, Scenario, evaluate, evaluate_grid
from dprk_explorer.model.grid import MAP_AXIS_PCT


def figure_bytes(
    scenario: Scenario,
    figure: str,
    fmt: str,
    dpi: int = DEFAULT_DPI,
    banner: str = "",
    options: ExportOptions | None = None,
    year: int | None = None,
) -> bytes:
    """A figure for `scenario`, computed and drawn without any window or user settings (the
    brief's text, bands and analysis charts from `analyse`, ~20-40 ms)."""
    application()
    result: Result = evaluate(scenario)
    grid: GridResult = evaluate_grid(scenario, MAP_AXIS_PCT, MAP_AXIS_PCT)
    from dprk_explorer.gui.export.figure import render_figure  # the renderer loads on first use

    return render_figure(
        figure, fmt, result, grid, dpi=dpi, banner=banner, options=options, year=year
    )


def export_headless(
    scenario: Scenario,
    out: Path,
    figure: str,
    dpi: int = DEFAULT_DPI,
    banner: str = "",
    options: ExportOptions | None = None,
    year: int | None = None,
) -> int:
    """Write the figure; 0, or 2 with one line on stderr. The user's settings and session are
    never touched (no QSettings, no autosave)."""
    use_offscreen_without_display()
    fmt = figure_format(out)
    assert fmt is not None
    try:
        write_bytes(out, figure_bytes(scenario, figure, fmt, dpi, banner, options, year))
    except (WriteError, OSError, ValueError) as error:
        print(f"{PROGRAM}: error: {error}", file=sys.stderr)
        return 2
    return 0
