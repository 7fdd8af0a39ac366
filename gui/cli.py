"""The `dprk-explorer` command: a stable contract, tested from outside (DESIGN, Command line).

`run` and `presets` never import Qt, so they work on any machine; the window and exports load
Qt only when asked for.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from dprk_explorer.gui.export.options import (
    DEFAULT_DPI,
    DEFAULT_PAPER,
    FIGURES,
    MAX_DPI,
    MIN_DPI,
    ONE_ANALYSIS_CHART,
    PAPERS,
    check_banner,
    check_dpi,
    check_target,
)
from dprk_explorer.gui.heap import pause_collection, resume_collection
from dprk_explorer.gui.io.embedded_scenario import scenario_from_file
from dprk_explorer.gui.text.differences import differences_text, levers_text
from dprk_explorer.gui.text.labels import BLOCKED_LABELS, ROUTE_LABELS
from dprk_explorer.gui.text.names import PROGRAM, app_version, source_label
from dprk_explorer.gui.text.scenario_name import honest
from dprk_explorer.gui.text.verdicts import verdict
from dprk_explorer.model import (
    PARAMETERS,
    PRESETS,
    Scenario,
    ScenarioError,
    preset_scenario,
)
from dprk_explorer.model.answer import Answer, ask
from dprk_explorer.model.core.evaluate import Result
from dprk_explorer.model.core.period import STEADY, Period, PeriodError
from dprk_explorer.model.core.scenario import NUMBER_FORM, excerpt, parse_integer, parse_number
from dprk_explorer.model.core.timeline import HORIZON_YEARS
from dprk_explorer.model.record.record import record_scenario

if TYPE_CHECKING:
    # pandas loads only for the tables `run` prints (~0.3 s and 28 MiB the window never needs).
    import pandas as pd

PROG = PROGRAM


class UsageError(Exception):
    """A user's mistake on the command line: one line on stderr, exit status 2."""


#: What argparse takes for a negative number rather than an option: its own pattern knows only
#: -20 and -0.5, so `--goal-net-change-pct -1e3` said "expected one argument".
_NEGATIVE_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^-(inf|infinity|nan)$", re.I)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._negative_number_matcher = _NEGATIVE_NUMBER

    def error(self, message: str) -> NoReturn:
        # argparse quotes a bad argument whole ("invalid choice: '...'"): an excerpt instead.
        raise UsageError(_QUOTED.sub(lambda m: excerpt(m.group(1)), message))


class _Version(argparse.Action):
    """argparse's version action, with the version read only when asked for (reading the
    package metadata costs every other command its start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> NoReturn:
        print(f"{PROG} {app_version()}")  # on stdout, as argparse's own version action
        parser.exit()


#: A quoted argument longer than a message should quote.
_QUOTED = re.compile(r"'([^']{81,})'")


#: Decimals of USD m figures in `run --format csv` (the table shows one; two keep the cents of a
#: million without float noise).
CSV_DECIMALS = 2


def tidy(value: Any) -> Any:
    """JSON-ready `value` with every -0.0 as 0.0 (a zero loss is not negative)."""
    if isinstance(value, float):
        return value + 0.0
    if isinstance(value, dict):
        return {k: tidy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [tidy(v) for v in value]
    return value


def _csv_table(result: Result) -> pd.DataFrame:
    table = result.channel_table()
    numbers = table.select_dtypes("number").columns
    table[numbers] = table[numbers].round(CSV_DECIMALS) + 0.0
    return table


def printable(text: str) -> str:
    """`text` safe to print on a terminal: control characters, escape sequences, line and
    paragraph separators and bidirectional overrides shown as escapes (\\x1b, \\n, \\u202e), so
    a scenario name can neither drive the terminal nor fake a line of output."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _scenario_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--scenario",
        metavar="FILE",
        default=default,
        help="scenario file (TOML), or a PNG, SVG or PDF figure this app exported, to start from",
    )
    parser.add_argument(
        "--preset", metavar="NAME", default=default, help="preset to start from (see `presets`)"
    )
    parser.add_argument(
        "--set",
        metavar="KEY=VALUE",
        action="append",
        dest="sets",
        default=argparse.SUPPRESS if suppress else [],
        help="set one parameter, applied last; repeatable (e.g. --set coal_ban_compliance=62); "
        "KEY@YYYY-MM=VALUE sets its value from that month on (e.g. --set border_laxity@2018-06=50)",
    )
    _branch_option(parser, default)


def _branch_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--branch",
        metavar="YYYY-MM",
        default=default,
        help="the record (preset 'record') until that month, then these settings",
    )


def _finite_pct(text: str) -> float:
    try:
        value = parse_number(text.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(
            f"{excerpt(text)} is not allowed; allowed: a finite number of percent, "
            f"{NUMBER_FORM}, e.g. -20"
        )
    return value


def _whole(text: str) -> int | None:
    try:
        return parse_integer(text)
    except ValueError:
        return None


def _year(text: str) -> int:
    from dprk_explorer.model.core.timeline import YEARS

    year = _whole(text)
    if year not in YEARS:
        raise argparse.ArgumentTypeError(
            f"{excerpt(text)} is not allowed; allowed: a calendar year from {YEARS[0]} to "
            f"{YEARS[-1]}, {NUMBER_FORM}"
        )
    return year


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _dpi(text: str) -> int:
    dpi = _whole(text)
    if dpi is None:
        raise argparse.ArgumentTypeError(
            f"{excerpt(text)} is not allowed; allowed: {MIN_DPI} to {MAX_DPI}, {NUMBER_FORM}"
        )
    return dpi


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="DPRK sanctions revenue explorer. With no command, opens the window.",
        epilog="Parameters for --set: " + ", ".join(PARAMETERS),
    )
    parser.add_argument("--version", action=_Version, help="print the version")
    _scenario_options(parser, suppress=False)
    parser.add_argument(
        "--screenshot",
        metavar="OUT.png",
        help="open the window, save it as drawn once every plot has painted, and exit",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    run = commands.add_parser("run", help="evaluate a scenario headless and print the results")
    _scenario_options(run, suppress=True)
    run.add_argument("--format", choices=("table", "json", "csv"), default="table")
    period = run.add_mutually_exclusive_group()
    period.add_argument(
        "--year",
        metavar="YYYY",
        type=_year,
        help=f"report calendar year YYYY (sums of the monthly path, {HORIZON_YEARS}) instead of "
        "the steady state",
    )
    period.add_argument(
        "--period",
        metavar="PERIOD",
        type=_period,
        help="report 'steady' (the default), a year YYYY or a span YYYY-YYYY (sums of the "
        "monthly path); every figure and the analysis are for that period",
    )
    run.add_argument(
        "--analysis",
        action="store_true",
        help="add the attribution to each lever (Shapley values), the interaction term, the "
        "5-95 %% Monte Carlo band of total revenue, the tornado and the robustness check",
    )
    run.add_argument(
        "--goal-net-change-pct",
        metavar="X",
        type=_finite_pct,
        help="add the coal-ban compliance at which the net change is X %% of 2016 revenue "
        "(e.g. -20), the other settings held",
    )
    commands.add_parser("presets", help="list the presets with a one-line description each")
    calibrate = commands.add_parser(
        "calibrate",
        help="fit the record preset to the public record, write it and print the fit table",
    )
    calibrate.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the fitted record here instead of resources/record.toml (the app reads "
        "only that one)",
    )
    export = commands.add_parser(
        "export",
        help="write a figure headless (PNG, SVG or PDF), with its caption and the scenario inside",
    )
    _scenario_options(export, suppress=True)
    export.add_argument(
        "--out", metavar="FILE.(png|svg|pdf)", required=True, help="the file to write"
    )
    export.add_argument(
        "--figure",
        choices=tuple(FIGURES),
        default="brief",
        help="the one-page brief (default) or one plot",
    )
    export.add_argument(
        "--dpi", type=_dpi, default=DEFAULT_DPI, help=f"PNG resolution (default {DEFAULT_DPI})"
    )
    export.add_argument(
        "--banner", metavar="TEXT", default="", help='a line above the figure, e.g. "DRAFT"'
    )
    export.add_argument(
        "--page",
        choices=tuple(PAPERS),
        default=DEFAULT_PAPER,
        help=f"the brief's paper size, margins kept (default {DEFAULT_PAPER})",
    )
    export_period = export.add_mutually_exclusive_group()
    export_period.add_argument(
        "--year",
        metavar="YYYY",
        type=_year,
        help="every figure of the export for calendar year YYYY (sums of the monthly path, "
        f"{HORIZON_YEARS}) instead of the steady state",
    )
    export_period.add_argument(
        "--period",
        metavar="PERIOD",
        type=_period,
        help="every figure of the export (headline, plots, analysis, text) for 'steady' (the "
        "default), a year YYYY or a span YYYY-YYYY",
    )
    export.add_argument("--bands", action="store_true", help="draw the 5-95 %% uncertainty band")
    export.add_argument(
        "--attribution", action="store_true", help="add the attribution chart to the brief"
    )
    export.add_argument("--tornado", action="store_true", help="add the tornado chart to the brief")
    return parser


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    """--scenario or --preset (not both), then every --set in order."""
    if args.scenario and args.preset:
        raise ScenarioError("give --scenario or --preset, not both")
    if args.scenario:
        base = scenario_from_file(args.scenario)
    elif args.preset:
        base = preset_scenario(args.preset)
    else:
        base = Scenario.default()
    scenario = honest(base.with_sets(args.sets or []))
    branch = getattr(args, "branch", None)
    return scenario.branched(branch, where="--branch: ", record=record_scenario)


def format_table(answer: Answer) -> str:
    result = answer.result
    unit = answer.period.unit
    table = result.channel_table()
    base_col = f"{answer.base_label} ({unit})"
    scen_col = f"scenario, {answer.period.label} ({unit})"
    change_col = f"change ({unit})"
    table = table.drop(columns="channel").rename(
        columns={
            "label": "channel",
            "baseline_usd_m": base_col,
            "scenario_usd_m": scen_col,
            "change_usd_m": change_col,
        }
    )
    total: dict[str, object] = {
        "channel": "Total (goods gross, labour net)",
        base_col: result.total_baseline_usd_m,
        scen_col: result.total_scenario_usd_m,
        change_col: result.net_change_usd_m,
    }
    import pandas as pd

    table.loc[len(table)] = pd.Series(total)
    ratio = result.offset_ratio
    won_back = (
        f"{result.offset_total_usd_m:,.1f} {unit} ({100 * ratio:.1f} % of the coal loss)"
        if ratio is not None
        else f"{result.offset_total_usd_m:,.1f} {unit} (no coal revenue lost)"
    )
    differs = differences_text(answer)
    recovery = result.recovery_ratio
    routes = ", ".join(
        f"{name[0].lower()}{name[1:]} {result.recovered_usd_m[r]:,.1f}"
        for r, name in ROUTE_LABELS.items()
    )
    blocked_line = (
        f"{result.blocked_total_usd_m:,.1f} {unit} ("
        + ", ".join(
            f"{name.lower()} {result.blocked_usd_m[b]:,.1f}" for b, name in BLOCKED_LABELS.items()
        )
        + ")"
    )
    recovered_line = f"{result.recovered_total_usd_m:,.1f} {unit} ({routes}); " + (
        f"{100 * recovery:.1f} % of what the bans blocked"
        if recovery is not None
        else "nothing blocked"
    )
    against = "the record" if answer.reference == "record" else "default"
    lines = [
        f"Scenario: {printable(result.scenario.name)}",
        f"Period: {answer.period.label} (compared with {answer.base_label})",
        f"Levers: {levers_text(answer)}",
        f"Differs from {against}: " + ("; ".join(differs) if differs else "nothing"),
        "",
        table.to_string(index=False, float_format=lambda v: f"{v:,.1f}"),
        "",
        f"Coal revenue lost:  {result.coal_loss_usd_m:,.1f} {unit}",
        f"Net offset:         {won_back} (other bans' losses netted in)",
        f"Bans blocked:       {blocked_line}",
        f"Routes won back:    {recovered_line}",
        f"  China governs:    {answer.recovered_china_governs_usd_m:,.1f} {unit} "
        "(smuggling, exports no ban covers, labour)",
        f"  China does not:   {answer.recovered_not_china_usd_m:,.1f} {unit} "
        "(labour in Russia, cyber theft, arms to Russia)",
        f"Net change:         {result.net_change_usd_m:,.1f} {unit} "
        f"({_pct(result.net_change_pct)})",
    ]
    if answer.support_text:
        lines.append(f"The record:         {answer.support_text}")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a: zero baseline" if value is None else f"{value:.1f} %"


def format_analysis(answer: Answer) -> str:
    """The analysis as text lines: attribution, band, the widest tornado bars, robustness."""
    analysis = answer.analysis
    assert analysis is not None
    attribution, bands = analysis.attribution, analysis.bands
    unit = answer.period.unit
    lines = [
        "",
        f"Attribution of the net change, {answer.period.label} (Shapley values, {unit}; they sum "
        "to the net change):",
    ]
    lines += [
        f"  {source_label(source):<26} {value:>10,.1f}"
        for source, value in attribution.shapley_usd_m.items()
    ]
    lines += [
        f"  {'Interaction':<26} {attribution.interaction_usd_m:>10,.1f}  "
        "(net change minus the one-at-a-time effects)",
        "",
        f"Total revenue, 5-95 % band: {bands.total_p5:,.1f} to {bands.total_p95:,.1f} {unit} "
        f"({bands.n_draws} Monte Carlo draws, seed {bands.seed}); the total lies "
        f"{answer.band_position('total')} it",
        f"Net change, 5-95 % band:    {bands.net_change_p5:,.1f} to "
        f"{bands.net_change_p95:,.1f} {unit}; the net change lies "
        f"{answer.band_position('net_change')} it",
        "",
        f"Tornado (net change, {unit}, with each assumption at its plausible low / high):",
    ]
    lines += [
        f"  {PARAMETERS[bar.parameter].label:<42} {bar.net_at_low_usd_m:>10,.1f} / "
        f"{bar.net_at_high_usd_m:,.1f}"
        for bar in analysis.tornado.bars
        if bar.moves
    ]
    lines += [
        "",
        verdict(analysis.robustness),
    ]
    return "\n".join(lines)


def _print_run(answer: Answer, args: argparse.Namespace) -> None:
    fmt = args.format
    if fmt == "json":
        print(json.dumps(tidy(answer.to_dict()), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        # Rounded as the table shows it: 906.85, not 906.8499999999999; never -0.0.
        table = _csv_table(answer.result)
        print(table.to_csv(index=False), end="")
    else:
        text = format_table(answer)
        text += _vs_record_text(answer)
        if answer.analysis is not None:
            text += "\n" + format_analysis(answer)
        goal = answer.goal
        if goal is not None:
            text += (
                f"\n\nGoal seek, net change {goal.target_net_change_pct:+g} % "
                f"({answer.period.label}): {goal.reason}"
            )
        print(text)


def _vs_record_text(answer: Answer) -> str:
    rows = answer.vs_record_by_year()
    if rows is None:
        return ""
    lines = ["", f"Branches from the record at {answer.branch}; against the record (USD m):"]
    lines += [
        f"  {row['year']}: total {row['total_usd_m']:+,.1f}, recorded exports to China "
        f"{row['recorded_exports_to_china_usd_m']:+,.1f}, smuggling {row['smuggling_usd_m']:+,.1f}"
        for row in rows
    ]
    return "\n".join(lines)


def _print_presets() -> None:
    width = max(len(pid) for pid in PRESETS)
    for pid, preset in PRESETS.items():
        print(f"{pid:<{width}}  {preset.summary}")
    from dprk_explorer.model.presets import UNAVAILABLE

    for pid, reason in UNAVAILABLE.items():
        print(f"{pid:<{width}}  (unavailable: {reason})")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "presets":
            _print_presets()
            return 0
        if args.command == "calibrate":
            from dprk_explorer.gui.io.atomic import write_text
            from dprk_explorer.model.record.calibration import (
                run_calibrate,  # scipy loads only here
            )

            if args.out is not None:
                problem = check_target(args.out, ("toml",))
                if problem:
                    raise UsageError(problem)
            return run_calibrate(write_text, out=args.out)
        if args.command == "export":
            problem = check_target(args.out) or check_dpi(args.dpi) or check_banner(args.banner)
            if args.attribution and args.tornado:
                problem = problem or f"--attribution with --tornado: {ONE_ANALYSIS_CHART}"
            if problem:
                raise UsageError(problem)
        if (
            args.command == "run"
            and args.format == "csv"
            and (args.analysis or args.goal_net_change_pct is not None)
        ):
            raise UsageError(
                "--analysis and --goal-net-change-pct need --format json or table, not csv"
            )
        scenario = scenario_from_args(args)
        if args.command == "run":
            period = Period.year(args.year) if args.year is not None else args.period or STEADY
            answer = ask(scenario, period, args.analysis, args.goal_net_change_pct)
            _print_run(answer, args)
            return 0
    except (UsageError, ScenarioError) as error:
        print(f"{PROG}: error: {printable(str(error))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as error:  # a fault no check foresaw: still one line, never a traceback
        name = f"{error.filename}: " if error.filename else ""
        print(f"{PROG}: error: {printable(name + (error.strerror or str(error)))}", file=sys.stderr)
        return 2
    # Qt's imports and the window's (or the figure's) build allocate what lives as long as the
    # process: no garbage collection until they are done (gui.heap).
    pause_collection()
    try:
        if args.command == "export":
            from dprk_explorer.gui.export.headless import export_headless  # Qt loads only here
            from dprk_explorer.gui.export.options import ExportOptions

            options = ExportOptions(
                paper=args.page,
                bands=args.bands,
                attribution=args.attribution,
                tornado=args.tornado,
            )
            period = Period.year(args.year) if args.year is not None else args.period or STEADY
            return export_headless(
                scenario, Path(args.out), args.figure, args.dpi, args.banner, options, period
            )
        from dprk_explorer.gui.launch import run_window  # Qt loads only here

        chosen = bool(args.scenario or args.preset or args.sets)
        return run_window(scenario if chosen else None, screenshot=args.screenshot)
    finally:
        resume_collection()  # run_window resumed it once the window was built


if __name__ == "__main__":
    sys.exit(main())
