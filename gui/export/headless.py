"""`dprk-explorer export`: a figure computed and drawn with no window and no user settings."""

from __future__ import annotations

import sys
from pathlib import Path

from dprk_explorer.gui.application import application, use_offscreen_without_display
from dprk_explorer.gui.export.options import (
    ANALYSIS_FIGURES,
    DEFAULT_DPI,
    ExportOptions,
    figure_format,
)
from dprk_explorer.gui.io.atomic import WriteError, write_bytes
from dprk_explorer.gui.text.names import PROGRAM
from dprk_explorer.model import Scenario
from dprk_explorer.model.answer import Answer, ask
from dprk_explorer.model.core.period import STEADY, Period


def headless_answer(
    scenario: Scenario, figure: str, period: Period = STEADY, options: ExportOptions | None = None
) -> Answer:
    """The answer a headless figure draws: `ask` for the scenario and the period, with the
    analysis when the figure states any (the brief's text, the bands, the analysis charts)."""
    options = options or ExportOptions()
    analysis = figure == "brief" or options.bands or figure in ANALYSIS_FIGURES
    return ask(scenario, period, with_analysis=analysis)


def figure_bytes(
    scenario: Scenario,
    figure: str,
    fmt: str,
    dpi: int = DEFAULT_DPI,
    banner: str = "",
    options: ExportOptions | None = None,
    period: Period = STEADY,
) -> bytes:
    """A figure for `scenario` and `period`, computed and drawn without any window or user
    settings (the analysis from `ask`, ~20-40 ms; the map by the page)."""
    application()
    answer = headless_answer(scenario, figure, period, options)
    from dprk_explorer.gui.export.figure import render_figure  # the renderer loads on first use

    return render_figure(figure, fmt, answer, None, options, dpi=dpi, banner=banner)


def export_headless(
    scenario: Scenario,
    out: Path,
    figure: str,
    dpi: int = DEFAULT_DPI,
    banner: str = "",
    options: ExportOptions | None = None,
    period: Period = STEADY,
) -> int:
    """Write the figure for `period`; 0, or 2 with one line on stderr. The user's settings and
    session are never touched (no QSettings, no autosave)."""
    use_offscreen_without_display()
    fmt = figure_format(out)
    assert fmt is not None
    try:
        write_bytes(out, figure_bytes(scenario, figure, fmt, dpi, banner, options, period))
    except (WriteError, OSError, ValueError) as error:
        print(f"{PROGRAM}: error: {error}", file=sys.stderr)
        return 2
    return 0
