"""How well the record preset explains the record, in and out of sample: docs/validation.md.

Run `python -m dprk_explorer.model.reference.validation docs/validation.md` to regenerate the page;
a test fails when the committed page is stale. Out of sample, the same fit
(model/record/calibration.py) is run without some figures and then scored on them: fit 2016-2017
and predict 2018-2023, and leave each year out in turn; no prior of such a fit uses data from a
year it predicts. 2024 and 2025 are predicted with their band: China's and KOTRA's figures for
them are held out of the project and it is checked against them from outside. The coverage
table counts the record's figures inside the Monte Carlo's 5-95 % bands.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dprk_explorer.model.core.evaluate import evaluate
from dprk_explorer.model.core.parameters import PARAMETERS
from dprk_explorer.model.core.scenario import Scenario
from dprk_explorer.model.core.timeline import HORIZON, YEARS
from dprk_explorer.model.record.calibration import (
    FIT_SPEC,
    Fit,
    _bounds,
    _prior,
    fit,
    informed_before,
    rows_for,
)
from dprk_explorer.model.record.record import Figure, load_record_series, observations

#: The record preset must reproduce China's annual customs figure within this, each year.
ANNUAL_TOLERANCE_PCT = 20.0
#: The months after the 2371 and 2375 wind-downs began, whose fit the notes report.
LATE_2017 = ("2017-09", "2017-10", "2017-11", "2017-12")
#: The second redirect share the fit once had (from Sep 2017), refitted only for the notes.
SECOND_SHARE = ("redirect_share_pct", "2017-09", "redirection once UNSC 2371 and 2375 bit")


#: The out-of-sample test the coverage table and the first table use: fit through this year.
FIT_THROUGH = 2017
#: Per year, the series whose annual figure is China's imports from North Korea, in order of
#: preference: China's customs, its derived figure, KOTRA's basis (2021 has only KOTRA's).
CHINA_ANNUAL_SERIES = (
    "china_imports_from_dprk",
    "china_imports_from_dprk_derived",
    "dprk_exports_to_china_kotra",
)


def _last_fitted_year(figures: Sequence[Figure]) -> int:
    return max(f.year for f in figures if f.use == "fit")


def _fit_and_prediction(
    scenario: Scenario, rows: Sequence[dict[str, Any]], figures: Sequence[Figure]
) -> list[str]:
    """China's imports by year: the record, the model and the error for every year through the
    last fitted one, and the prediction with its 5-95 % band for the years after it."""
    from dprk_explorer.model.analysis.bands import monte_carlo

    last = _last_fitted_year(figures)
    annual: dict[int, dict[str, Any]] = {}
    for series in reversed(CHINA_ANNUAL_SERIES):
        for r in rows:
            if r["series"] == series and r["use"] == "fit" and str(r["period"]).isdigit():
                annual[int(r["period"])] = r
    path = {row["year"]: row for row in evaluate(scenario).path_by_year()}
    bands = monte_carlo(scenario)
    china_low, china_high = bands.figure_by_year("recorded_exports_to_china_usd_m")
    total_low, total_high = bands.figure_by_year("total_usd_m")
    lines = [
        "",
        f"## The fit through {last}: China's imports from North Korea by year",
        "",
        f"Tolerance: within ±{ANNUAL_TOLERANCE_PCT:g} % of China's recorded imports each year "
        "2016-2018 (a test checks it).",
        "The figure of each year is China's customs where one was found, else its derived",
        "value (2022) or KOTRA's (2021); none is fitted for 2019 (no annual figure was collected)",
        "or 2020 (the closure's cut is derived from it).",
        "",
        "| year | series | record (USD m) | model (USD m) | error |",
        "|---|---|---:|---:|---:|",
    ]
    for year in YEARS:
        if year > last:
            continue
        model = path[year]["recorded_exports_to_china_usd_m"]
        if year in annual:
            r = annual[year]
            lines.append(
                f"| {year} | {r['series']} | {r['record']:,.2f} | {r['model']:,.2f} | "
                f"{r['error_pct']:+.1f} % |"
            )
        else:
            lines.append(f"| {year} | none fitted | - | {model:,.2f} | - |")
    index = {year: i for i, year in enumerate(YEARS)}
    lines += [
        "",
        f"## Predicted: {last + 1}-{YEARS[-1]}",
        "",
        "No figure of these years is fitted or even held in resources/: China's and KOTRA's",
        "figures for them are the test the project is put to from outside. The 5-95 % band",
        "draws the fitted values from the fit and the other uncertain assumptions (the cyber",
        "cash-out share, arms to Russia and labour in Russia among them) from their plausible",
        "ranges (USD m):",
        "",
        "| year | China's imports, model | band | total revenue, model | band |",
        "|---|---:|---|---:|---|",
    ]
    for year in YEARS:
        if year <= last:
            continue
        i = index[year]
        lines.append(
            f"| {year} | {path[year]['recorded_exports_to_china_usd_m']:,.1f} | "
            f"{china_low[i]:,.1f} - {china_high[i]:,.1f} | {path[year]['total_usd_m']:,.0f} | "
            f"{total_low[i]:,.0f} - {total_high[i]:,.0f} |"
        )
    return lines


def unfitted_after(predict_from: int) -> tuple[tuple[str, str, str], ...]:
    """The uncertain assumptions the full fit holds at their defaults whose default or range
    uses data from `predict_from` on: a fit that predicts those years may not hold them there,
    so it estimates them too, from the uninformative prior of calibration's rule (the middle of
    the allowed range, sd half of it), and the figures it keeps pin what they can. The
    baseline revenues are the model's starting point (2016, some 2017) and stay."""
    fitted = {pid for pid, _, _ in FIT_SPEC}
    return tuple(
        (p.id, HORIZON[0], "held out: its default uses data of a predicted year")
        for p in PARAMETERS.values()
        if p.is_uncertain
        and p.id not in fitted
        and p.group != "baseline"
        and not informed_before(p.id, predict_from)
    )


def _held_out(
    figures: Sequence[Figure], hold: Callable[[Figure], bool], predict_from: int
) -> tuple[Fit, list[dict[str, Any]]]:
    """Fit without the held figures (and with no prior, fitted or held, that uses data from
    `predict_from` on), then score the held figures the fit used (its checks are shown in the
    coverage table)."""
    kept = tuple(f if not hold(f) else dataclasses.replace(f, use="check") for f in figures)
    held = tuple(
        dataclasses.replace(f, use="check" if (hold(f) and f.use == "fit") else "x")
        for f in figures
    )
    result = fit(kept, (*FIT_SPEC, *unfitted_after(predict_from)), predict_from=predict_from)
    rows = [r for r in rows_for(result.scenario(), held) if r["use"] == "check"]
    return result, rows


def _summary(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return "no figures"
    errors = np.abs([r["error_pct"] for r in rows])
    return f"{len(rows)} figures, median |error| {np.median(errors):.0f} %"


def _table(rows: Sequence[dict[str, Any]]) -> list[str]:
    out = ["| series | period | record | model | error |", "|---|---|---:|---:|---:|"]
    out += [
        f"| {r['series']} | {r['period']} | {r['record']:,.2f} | {r['model']:,.2f} | "
        f"{r['error_pct']:+.1f} % |"
        for r in rows
    ]
    return out


def _bands_section(scenario: Scenario) -> list[str]:
    from dprk_explorer.model.analysis.bands import monte_carlo

    conditioned = monte_carlo(scenario)
    free = monte_carlo(scenario, condition=False)
    lines = [
        "",
        "## Uncertainty bands conditioned on the record",
        "",
        "For the record preset and every branch of it, the Monte Carlo draws the values the fit",
        "estimated (the levers coal-ban compliance and border laxity among them) from the fit:",
        "normal, with the standard errors and correlation above, inside their bounds, in every",
        "month the scenario keeps the record's value; the uncertain assumptions the record does",
        "not pin, the coal price in the months without a price figure among them, are drawn from",
        "their plausible ranges. The draws are not weighted (the fit already conditions on the",
        "record). A stylised steady state keeps the bands of the plausible ranges. Every",
        "`path_by_year` figure has its own band per year (`band_by_year` in `run --analysis",
        "--format json`). The 5-95 % band of the record preset's total revenue (USD m):",
        "",
        "| year | plausible ranges only | with the fitted values drawn from the fit |",
        "|---|---|---|",
    ]
    for i, year in enumerate(YEARS):
        lines.append(
            f"| {year} | {free.figure_by_year('total_usd_m')[0][i]:,.0f} - "
            f"{free.figure_by_year('total_usd_m')[1][i]:,.0f} | "
            f"{conditioned.figure_by_year('total_usd_m')[0][i]:,.0f} - "
            f"{conditioned.figure_by_year('total_usd_m')[1][i]:,.0f} |"
        )
    lines += [
        "",
        f"Drawn from the fit: {', '.join(f'`{p}`' for p in conditioned.fitted_drawn)}.",
    ]
    return lines


def _fitted_slots(result: Fit) -> Any:
    """A fit's values, errors, bounds and correlation, as the Monte Carlo draws them."""
    from dprk_explorer.model.analysis.bands import FittedSlots

    bounds = result.problem.bounds
    return FittedSlots(
        slots=tuple((pid, month) for pid, month, _ in result.problem.spec),
        value=result.theta,
        std_error=result.std_error,
        low=bounds[0],
        high=bounds[1],
        correlation=result.correlation,
    )


def _coverage_section(full: Fit, early: Fit, figures: Sequence[Figure]) -> list[str]:
    """Share of the record's figures inside the 5-95 % bands, in and out of sample: the model's
    band, with each figure's stated error, and with the model's discrepancy as well."""
    from dprk_explorer.model.analysis.bands import (
        MIN_FAMILY,
        N_DRAWS,
        PERCENTILES,
        SEED,
        discrepancy_sigma,
        figure_draws,
        figure_family,
        predictive,
    )

    def tau(result: Fit, targets: Sequence[Figure]) -> np.ndarray:
        residuals = result.problem.log_errors(result.theta)
        n = len(residuals)
        return discrepancy_sigma(
            targets, result.problem.obs.figures, residuals, n / max(n - len(result.theta), 1)
        )

    cases: list[tuple[str, Fit, Callable[[Figure], bool]]] = [
        ("in sample: figures fitted", full, lambda f: f.use == "fit"),
        ("in sample: figures shown, not fitted", full, lambda f: f.use == "check"),
        (
            f"out of sample: fit through {FIT_THROUGH}, figures of {FIT_THROUGH + 1}-"
            f"{_last_fitted_year(figures)}",
            early,
            lambda f: f.use in ("fit", "check") and f.year > FIT_THROUGH,
        ),
    ]
    lines = [
        "",
        "## Do the bands cover the record?",
        "",
        f"Share of the record's figures inside a 5-95 % band ({N_DRAWS} draws, seed {SEED}), with",
        "the record preset's fitted values drawn from its fit (in sample) or from the fit through",
        f"{FIT_THROUGH} (out of sample; its own standard errors and correlation), and the",
        "uncertain assumptions from their plausible ranges. Three bands, each wider than the",
        "last: *the model's* (the parameters' uncertainty only: what the app's bands show);",
        "*with the figure's stated error* (each draw times a log-normal error of the figure's",
        "own: its confidence tag's, or a published range's); *predictive*, which adds the",
        "model's discrepancy: a multiplicative log error per family of figures (what it measures,",
        "and a month or two against a longer span), whose sd is estimated from the fit's own",
        "residuals by moments, tau^2 = max(0, c mean(r^2) - mean(s^2)), r a residual, s its",
        "figure's stated error, c = n / (n - fitted values). Only residuals of other years than",
        "the figure's enter its tau (leave one year out, so no figure widens its own band), and a",
        f"family with fewer than {MIN_FAMILY} such residuals borrows its span's estimate, then",
        "every figure's. Out of sample the residuals are those of the fit through",
        f"{FIT_THROUGH}: nothing of the predicted years sets the band. The predictive band is the",
        "one to compare with the record (nominal coverage 90 %); the counts are reported as",
        "they come out, not tuned. Width: the median of (p95 - p5) / record.",
        "",
        "| figures | n | inside the model's band | width | inside, with the stated error | "
        "width | inside the predictive band | width |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    misses: list[str] = []
    families: dict[tuple[str, str], list[float]] = {}
    for label, result, chosen in cases:
        picked = tuple(dataclasses.replace(f, use="fit" if chosen(f) else "x") for f in figures)
        obs = observations(picked, "fit")
        if not obs.figures:
            continue
        scenario = result.scenario()
        draws = figure_draws(scenario, obs, fitted=_fitted_slots(result), reference=scenario)
        stated = np.array([f.source_sigma for f in obs.figures])
        model_tau = tau(result, obs.figures)
        if result is early:
            for f, t in zip(obs.figures, model_tau, strict=True):
                families.setdefault(figure_family(f), []).append(float(t))
        cells = []
        with_tau = np.hypot(stated, model_tau)
        for stack in (draws, predictive(draws, stated), predictive(draws, with_tau)):
            p5, p95 = np.percentile(stack, PERCENTILES, axis=0)
            inside = (obs.record >= p5) & (obs.record <= p95)
            width = np.median((p95 - p5) / obs.record)
            cells += [f"{inside.sum()} ({100 * inside.mean():.0f} %)", f"{100 * width:.0f} %"]
        lines.append(f"| {label} | {len(obs.figures)} | {' | '.join(cells)} |")
        for i, figure in enumerate(obs.figures):
            if (obs.record[i] < p5[i]) | (obs.record[i] > p95[i]):
                edge = p5[i] if obs.record[i] < p5[i] else p95[i]
                misses.append(
                    f"| {label.split(':')[0]} | {figure.series} | {figure.period} | "
                    f"{obs.record[i]:,.2f} | {p5[i]:,.2f} - {p95[i]:,.2f} | "
                    f"{100 * (obs.record[i] / edge - 1.0):+.0f} % | {model_tau[i]:.2f} |"
                )
    early_values = dict(zip((pid for pid, _, _ in early.problem.spec), early.theta, strict=False))
    lines += [
        "",
        "In sample the misses are months of 2018 (January's late declarations, and months",
        "below a band whose centre the draws lift: leaks through bans fitted at or near full",
        "compliance can only add), the highest labour estimate (USD 500 m, twice the lowest),",
        "and among the figures shown, not fitted, the Panel's midterm figure (a wider basis:",
        "below).",
        "Out of sample every miss lies below its band: from 2016-2017 alone nothing pins how",
        "fully China enforced UNSC 2397 (from January 2018; its compliance stays near its",
        f"uninformative prior, {early_values['compliance_2397_pct']:.0f} %) or how far the goods",
        "still open grew, so the predicted 2018 level is about twice the record's. That is the",
        "model's real uncertainty about 2018 seen from 2017, not a band to tune.",
        "",
        "Outside the predictive band (by how much the record lies beyond the band's nearer",
        "edge; tau: the discrepancy sd it was given):",
        "",
        "| case | series | period | record | predictive band | beyond | tau |",
        "|---|---|---|---:|---|---:|---:|",
        *misses,
        "",
        "The model's discrepancy (tau) out of sample, per family of figures predicted, as the",
        f"fit through {FIT_THROUGH} estimates it (in sample each year's figures get the estimate",
        "from the other years):",
        "",
        "| family | span | figures | tau |",
        "|---|---|---:|---:|",
        *(
            f"| {kind} | {span} | {len(taus)} | {taus[0]:.2f} |"
            for (kind, span), taus in sorted(families.items())
        ),
    ]
    return lines


def _provenance_section() -> list[str]:
    """Which year's data feeds each default and range, and the prior each gets in the full fit
    and in the fit through FIT_THROUGH (the rule of model/record/calibration.py, and
    `unfitted_after` for the values the full fit holds at their defaults)."""
    predict_from = FIT_THROUGH + 1
    extra = {pid for pid, _, _ in unfitted_after(predict_from)}
    lines = [
        "",
        "## Priors and where they come from",
        "",
        "Every value the fit estimates has a prior: its sourced default, with half its plausible",
        "range as the standard deviation. A policy lever's default is a choice, not data, so a",
        "lever's prior is the middle of its allowed range. A value whose default or range uses",
        "data from a year a fit predicts gets an uninformative prior in that fit: the middle of",
        "its allowed range, sd half of it, and the allowed range as bounds. An uncertain",
        "assumption the full fit holds at its default (no figure pins it) is, in a fit that",
        "predicts the years its data come from, estimated from that uninformative prior instead",
        "(what the kept figures pin, they pin; the rest stays wide, and the Monte Carlo draws it",
        f"with that error). So the fit through {FIT_THROUGH} uses no default or range with data",
        f"from {predict_from} on, and leaving a year out none with data from that year on. The",
        "baseline revenues (2016, a few 2017) are the model's starting point and are kept.",
        "",
        "| value | default | plausible | latest data in it | full fit | fit through "
        f"{FIT_THROUGH} |",
        "|---|---:|---|---:|---|---|",
    ]
    fitted = {pid: month for pid, month, _ in reversed(FIT_SPEC)}
    for p in PARAMETERS.values():
        if not (p.id in fitted or (p.is_uncertain and p.group != "baseline")):
            continue
        plausible = f"{p.low:g}-{p.high:g}" if p.is_uncertain else "(a lever)"
        cells = []
        for when in (None, predict_from):
            if p.id in fitted or (when is not None and p.id in extra):
                centre, sd = _prior(p.id, fitted.get(p.id, HORIZON[0]), when)
                tag = "sourced" if informed_before(p.id, when) else "uninformative"
                cells.append(f"fitted from {centre:g} ± {sd:g} ({tag})")
            else:
                cells.append(f"held at {float(p.default):g}")
        year = str(p.data_year) if p.data_year is not None else "none"
        lines.append(
            f"| `{p.id}` | {float(p.default):g} | {plausible} | {year} | {cells[0]} | {cells[1]} |"
        )
    lines += [
        "",
        f"Still in the fit through {FIT_THROUGH}: the coal price holds the Panel of Experts'",
        "2019 valuation (about 100 USD/t) from 2019 (the coal price table: data, not a prior).",
        "The fit compares the Panel's coal in tonnes (3.7 Mt), which no price enters; the",
        "DailyNK smuggling price of 2019 and the Panel's USD 370 m on the market basis lean on",
        "it. The closure's cut and its phases are 2020-2023 facts: those years' recorded",
        "exports are not out of sample.",
    ]
    return lines


def _support_section() -> list[str]:
    """The rule of model/record/record_support.py, with the supported values it gives (the committed
    record.toml's, which a test keeps equal to a fresh fit)."""
    from dprk_explorer.model.record.record import read_record
    from dprk_explorer.model.record.record_support import (
        SUPPORT_STD_ERRORS,
        last_record_year,
        support_intervals,
    )

    lines = [
        "",
        "## Where the record supports a scenario",
        "",
        "The model reproduces the record only at the values it was fitted with; elsewhere it",
        "extrapolates. The window's headline strip and every caption and brief of the record or",
        "a branch of it say when a scenario leaves this range (model/record/record_support.py).",
        "Per numeric setting and month: a **fitted** value is supported within "
        f"{SUPPORT_STD_ERRORS:g} fitted",
        "standard error(s) of any of its fitted values (whatever month that value held from),",
        "inside the fit's bounds; an uncertain assumption the record does not pin is supported",
        "inside its **plausible** range; a lever the record holds **fixed** only at the record's",
        "value. The record's own values are always supported. Switching a ban off is not",
        "flagged (it gives the 2016 flows, which the record covers). Years after "
        f"{last_record_year()}, the last",
        "year any fitted figure covers, are a prediction, not a reproduction.",
        "",
        "| parameter | basis | supported values |",
        "|---|---|---|",
    ]
    for pid, (intervals, basis) in support_intervals(read_record()).items():
        unit = PARAMETERS[pid].unit
        ranges = ", ".join(
            f"{low:g}" if high == low else f"{low:.4g}-{high:.4g}" for low, high in intervals
        )
        lines.append(f"| {pid} | {basis} | {ranges} {unit} |")
    return lines


def render() -> str:
    figures = load_record_series()
    full = fit(figures)
    scenario = full.scenario()
    rows = rows_for(scenario, figures)
    stats = full.statistics
    lines = [
        "# Validation: the record preset against the public record",
        "",
        "Generated by `python -m dprk_explorer.model.reference.validation docs/validation.md`",
        "from model/record/calibration.py and resources/record_series.csv; a test fails when",
        "it is stale.",
        "",
        "## Method",
        "",
        "Weighted least squares on log errors (`scipy.optimize.least_squares`, trust-region",
        "reflective, bounded by each value's plausible range), with a weak prior at each value's",
        "sourced default (sd: half its plausible range). Each figure's standard error combines its",
        "own (from its confidence tag, or a published range) with what the model leaves out (its",
        "only monthly pattern is the Spring Festival week: a single month is known to about",
        "25 %). Standard errors come from the",
        "Jacobian at the optimum, (J^T J)^-1, inflated by the reduced chi-square when above 1.",
        f"Fit: {stats['observations']} figures, {stats['fitted_values']} fitted values, "
        f"chi-square {stats['chi_square']:.1f} on {stats['degrees_of_freedom']} degrees of "
        f"freedom, rms log error {stats['rms_log_error']:.3f}.",
        "",
        "## Fitted values",
        "",
        "| parameter | from | value | s.e. | bounds | pinned by | from the record |",
        "|---|---|---:|---:|---|---|---:|",
    ]
    for k, (pid, month, why) in enumerate(FIT_SPEC):
        p = PARAMETERS[pid]
        low, high = _bounds(pid, month)
        bound = " (at bound)" if full.at_bound[k] else ""
        lines.append(
            f"| {pid} ({why}) | {month} | {full.theta[k]:.1f}{bound} | {full.std_error[k]:.1f} | "
            f"{low:g}-{high:g} {p.unit} | {', '.join(full.pinned_by[k]) or 'nothing'} | "
            f"{100 * full.data_share[k]:.0f} % |"
        )
    fitted = {pid for pid, _, _ in FIT_SPEC}
    unpinned = [pid for pid in PARAMETERS if pid not in fitted and PARAMETERS[pid].is_uncertain]
    lines += [
        "",
        "'From the record' is the share of the value's information that comes from the figures",
        "rather than its prior; a low share means the record barely pins it and it stays near its",
        "sourced default. Not fitted, at their sourced defaults (no figure in the record pins",
        "them): " + ", ".join(f"`{pid}`" for pid in unpinned) + ".",
        "",
        *_fit_and_prediction(scenario, rows, figures),
        "",
        f"The closure's cut in 2020 ({float(scenario['covid_closure_pct']):.0f} % while closed) is",
        "derived from China's Jan-Nov 2020 figure (the parameter's source, in the model notes);",
        "its cut from 2021 and the share lifted while rail freight ran are fitted; its phases",
        "come from the Panel of Experts' and the press's reports of 2020-2023.",
        "",
        "## In sample: every figure",
        "",
        "`check` rows are figures shown but not fitted (a second report of a fitted figure, or a",
        "different basis).",
        "",
        *_table(rows),
        "",
        "## Out of sample",
        "",
        f"### Fit 2016-{FIT_THROUGH}, predict {FIT_THROUGH + 1}-{_last_fitted_year(figures)}",
        "",
    ]
    early, later = _held_out(figures, lambda f: f.year > FIT_THROUGH, FIT_THROUGH + 1)
    early_values = dict(
        zip((f"{pid}@{month}" for pid, month, _ in early.problem.spec), early.theta, strict=True)
    )
    early_2018 = evaluate(early.scenario()).for_year(2018)
    redirected_2018 = early_2018.terms_usd_m["redirected_exports"]
    slots = [f"{pid}@{month}" for pid, month, _ in FIT_SPEC]
    full_values = dict(zip(slots, full.theta, strict=True))
    unbanned_slot = slots.index("baseline_unbanned_goods_usd_m@2016-01")
    capacity_slot = slots.index("redirect_capacity_pct@2016-01")
    segmented = fit(figures, (*FIT_SPEC, SECOND_SHARE))
    coal_2017 = next(r for r in rows if r["series"] == "coal_official_value_derived")
    late_2017 = max(
        abs(r["error_pct"])
        for r in rows
        if r["series"] == "china_imports_from_dprk_m" and r["period"][:7] in LATE_2017
    )
    lines += [_summary(later) + ".", "", *_table(later), "", "### Leave one year out", ""]
    lines += ["| year left out | figures | median abs error | China annual: record / model |"]
    lines += ["|---|---:|---:|---|"]
    loyo_rows: list[dict[str, Any]] = []
    for year in sorted({f.year for f in figures if f.use == "fit"}):

        def same_year(f: Figure, y: int = year) -> bool:
            return f.year == y

        _, held = _held_out(figures, same_year, year)
        loyo_rows += [dict(r, left_out=year) for r in held]
        annual = [r for r in held if r["series"] == "china_imports_from_dprk"]
        annual_text = (
            f"{annual[0]['record']:,.0f} / {annual[0]['model']:,.0f} "
            f"({annual[0]['error_pct']:+.0f} %)"
            if annual
            else "none"
        )
        median = np.median(np.abs([r["error_pct"] for r in held])) if held else float("nan")
        lines.append(f"| {year} | {len(held)} | {median:.0f} % | {annual_text} |")
    lines += _provenance_section()
    lines += _bands_section(scenario)
    lines += _coverage_section(full, early, figures)
    lines += _support_section()
    lines += [
        "",
        "## What the model cannot explain",
        "",
        "- **Seasonality.** The one monthly pattern the record supports is the Spring Festival",
        "  week (China's official seven-day holiday, resources/customs_holidays.csv): recorded",
        "  trade in that month loses the week's share of the year's working days (Feb 2016, Jan",
        "  and Feb 2017, Feb 2018, 2019, Jan 2020), and every year still sums to its level. The",
        "  rest of 2016's spread (USD 120 m in Feb to USD 295 m in Dec) follows the coal price,",
        "  which rose from about 59 to 99 USD/t in Aug-Oct 2016; the path holds 2016's average",
        "  price, so single 2016 months still miss by 10-30 %; years and spans are close.",
        "- **Exports to other partners.** KOTRA's exports to partners other than China fell",
        "  from USD 190 m (2016) to USD 120 m (2017), before any UN ban on textiles (most of them)",
        "  bit; the model keeps textiles to other partners until 2375 bites (Dec 2017), so it",
        "  cannot follow that fall. Other partners' enforcement of the UN bans",
        "  (`other_partners_compliance_pct`) is barely pinned by it.",
        "- **Wind-downs and the cap, now data.** UNSC 2371 let goods already at China's ports",
        "  clear until 5 Sep 2017 and 2375 let textiles contracted before 11 Sep clear until",
        "  10 Dec 2017 (resources/sanctions_bans.csv, `wind_down_days`, with China's",
        "  announcements): that trade flows as contracted and each ban's compliance applies after",
        "  it. 2371 also replaced the 2321 cap with its full ban, so the delayed coal cargoes of",
        "  Aug-Sep 2017 are not cut by a cap the model had filled early (it overstates January",
        "  2017 coal, 1.87 Mt against 1.44 Mt, with no seasonality); 2017 official coal is",
        f"  USD {coal_2017['model']:,.0f} m against the record's {coal_2017['record']:,.1f}. "
        f"Sep-Dec 2017 are within {late_2017:.0f} %, no",
        "  compliance value has to absorb the wind-down deliveries, and the fit on 2016-2017 no",
        "  longer explains them with coal leaking past 2371 (its compliance is "
        f"{early_values['coal_ban_compliance@2017-08']:.0f} %).",
        "- **Absorptive capacity.** Redirected revenue lands on the goods still open, and each",
        "  can grow by at most `redirect_capacity_pct` of its own revenue that month (an",
        "  assumption: coal miners cannot become wig makers overnight). After UNSC 2397 only the",
        "  unbanned goods are open, so in 2018 the capacity, not the share, sets what is",
        "  redirected: fitted on 2016-2017 alone, USD "
        f"{redirected_2018:,.0f} m on USD "
        f"{early_values['baseline_unbanned_goods_usd_m@2016-01']:,.0f} m of unbanned goods",
        "  (capacity "
        f"{early_values['redirect_capacity_pct@2016-01']:.0f} %, against "
        f"{full_values['redirect_capacity_pct@2016-01']:.0f} % with 2018; s.e. "
        f"{full.std_error[capacity_slot]:.0f}). One share serves the whole horizon ("
        f"{full_values['redirect_share_pct@2016-01']:.0f} %):",
        "  a second share from Sep 2017, as an earlier fit had, moves chi-square by "
        f"{full.chi2 - segmented.chi2:.1f}",
        "  (it stays near its prior, "
        f"{segmented.theta[-1]:.0f} %), so it is not fitted. The capacity is pinned",
        "  weakly (Sep 2017-2018, when it binds), and no source for it was found.",
        "- **January 2018.** China's imports (USD 47 m) stay far above the model's: the",
        "  textile wind-down had ended on 10 Dec 2017 and China banned the 2397 goods from",
        "  6 Jan 2018; late customs declarations or stock may explain it, but the model has no",
        "  such mechanism.",
        "- **Unbanned goods against leaks.** The 2018 level (USD 213 m) is matched by goods no",
        "  resolution banned plus small leaks through every ban; the fit cannot tell the two apart",
        "  (the unbanned-goods baseline, USD "
        f"{full_values['baseline_unbanned_goods_usd_m@2016-01']:,.0f} m, takes only "
        f"{100 * full.data_share[unbanned_slot]:.0f} % of its",
        "  information from the record, with a wide error).",
        "- **The Panel's midterm figure** (over USD 270 m, Dec 2016 - May 2017) counts exports",
        "  before any coal ban bit; the model's informal trade is only what a ban blocked.",
        "- **Repatriation** is pinned by the interim count (23,267 of about 100,000), a floor:",
        "  China did not disclose its figure.",
        "- **The closure's first months of 2021.** One cut serves 2021 to the freight trains'",
        "  return (fitted on 2021's year and months): the model's March-April 2021 are twice",
        "  China's USD 1.3-1.8 m, July 2021 and the year close.",
        "- **Labour abroad in 2023.** The Panel's USD 500 m for about 100,000 workers (RFA,",
        "  2024-03-21) is about twice the model's: the baseline rests on 2016's 58,000 workers",
        "  and the model has no mechanism for workers staying or returning abroad after the 2397",
        "  deadline (the Panel's figure is shown, not fitted).",
        "- **The routes China does not govern are not fitted.** Cyber theft is the published",
        "  amounts stolen (from the Bangladesh Bank theft of February 2016; none is published",
        "  for December 2020) times an assumed cash-out share; arms and workers sent to Russia",
        "  are wide assumptions from their start dates. No figure of the record pins them: their",
        "  bands are their plausible ranges.",
        "- **Wigs and eyelashes.** Textile processing moves into unbanned goods through a lag",
        "  from the textile ban (the fitted shift: "
        f"{full_values['processing_shift_pct@2016-01']:.0f} % of the 2016 textile trade); the",
        "  closure cuts it and the reopening brings it back at once, so 2023 is matched by the",
        "  capacity built before and during the closure, not by a curve through 2023.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    text = render()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
