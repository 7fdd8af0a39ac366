"""Fit the `record` preset to the public record: `dprk-explorer calibrate`.

Weighted least squares on log errors with weak priors, by `scipy.optimize.least_squares`
(trust-region reflective, bounded by each parameter's plausible range):

    minimise  sum_i ((log m_i(theta) - log r_i) / s_i)^2 + sum_k ((theta_k - d_k) / p_k)^2

over the fitted values theta (FIT_SPEC), where r_i is a published figure, m_i the model's value
for the same quantity and months, s_i its standard error in log terms (the figure's own,
from its confidence tag or range, combined with what the model leaves out: seasonality for a
single month), d_k the sourced default and p_k half the plausible range (a policy lever, whose
default is a policy choice, and any value whose default or range uses data from a year the fit
is asked to predict: the middle of its allowed range, p_k half of it). The prior keeps a value
no figure pins at its sourced default; the share of each value's information that comes from
the record (not the prior) is reported, with the series that carry it. Standard errors come
from the Jacobian at the optimum, (J^T J)^-1, inflated by the reduced chi-square when the record
scatters more than its stated errors. Everything else in the record preset (which bans are in
force, and when) is the sourced timeline, not fitted.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import least_squares

from dprk_explorer.model.core import toml_io
from dprk_explorer.model.core.evaluate import monthly_arrays
from dprk_explorer.model.core.parameters import PARAMETERS
from dprk_explorer.model.core.scenario import Scenario
from dprk_explorer.model.core.timeline import HORIZON, N_MONTHS, month_index
from dprk_explorer.model.record.record import (
    CALIBRATION_VERSION,
    RECORD_LABEL,
    Figure,
    Observations,
    inputs_digest,
    load_record_series,
    model_quantities,
    observations,
    record_path,
)
from dprk_explorer.model.sources.resources import RESOURCE_DIR

FloatArray = NDArray[np.float64]

#: What is not fitted: every measure at China's implementation date (resources/sanctions_bans.csv).
BASE_VALUES: dict[str, object] = {
    "labour_outsourcing": 100,
    "ban_2270_minerals": True,
    "ban_2321_metals": True,
    "ban_iron_lead_seafood": True,
    "ban_textiles": True,
    "ban_2397_goods": True,
    "repatriation_2397": True,
    "covid_border_closure": True,
    "route_cyber_theft": True,
    "route_russia_arms": True,
    "route_russia_labour": True,
}
#: What is fitted: (parameter, the month its value holds from), with why the date is that one.
FIT_SPEC: tuple[tuple[str, str, str], ...] = (
    ("coal_ban_compliance", HORIZON[0], "enforcement of the 2321 cap and China's suspension"),
    ("coal_ban_compliance", "2017-08", "enforcement of the UN's full coal ban (UNSC 2371)"),
    ("border_laxity", HORIZON[0], "informal trade in what the bans blocked, 2017 to mid-2018"),
    ("border_laxity", "2018-06", "after the Singapore summit (12 Jun 2018)"),
    ("redirect_share_pct", HORIZON[0], "redirection of blocked revenue into goods still open"),
    ("redirect_capacity_pct", HORIZON[0], "how far the goods still open can grow (late 2017-2018)"),
    ("smuggling_discount_pct", HORIZON[0], "the smuggling price against the official one"),
    ("repatriation_2397_pct", HORIZON[0], "workers sent home by the 2397 deadline"),
    ("baseline_overseas_labour_usd_m", HORIZON[0], "the state's take from labour abroad"),
    ("baseline_unbanned_goods_usd_m", HORIZON[0], "the goods no resolution bans"),
    ("compliance_2375_pct", HORIZON[0], "the textile ban, once its wind-down ended (11 Dec 2017)"),
    ("other_partners_compliance_pct", HORIZON[0], "other partners' enforcement of the UN bans"),
    (
        "covid_closure_pct",
        "2021-01",
        "the closure's cut once sea shipments resumed in part (2021-22)",
    ),
    ("covid_reopening_pct", "2022-01", "the share lifted while rail freight ran (2022)"),
    ("covid_reopening_pct", "2023-01", "the share lifted as cargo traffic grew (to Aug 2023)"),
    ("processing_shift_pct", HORIZON[0], "textile processing moved into unbanned goods (wigs)"),
)
#: Slots whose range is not the parameter's plausible range. Each wind-down is data in
#: resources/sanctions_bans.csv, so no slot has to absorb the deliveries it allowed. The closure's
#: plausible ranges describe 2020; after it the record, not a 2020 report, sets how much of it
#: held (sea shipments resumed in part in 2021, rail freight from 2022): any value is allowed.
SLOT_BOUNDS: dict[tuple[str, str], tuple[float, float]] = {
    ("covid_closure_pct", "2021-01"): (0.0, 100.0),
    ("covid_reopening_pct", "2022-01"): (0.0, 100.0),
    ("covid_reopening_pct", "2023-01"): (0.0, 100.0),
}
RATIONALE = (
    "Every measure at China's implementation date (the 2270 minerals, the 2321 cap and metals, "
    "China's coal suspension with the delayed cargoes of Aug-Sep 2017, 2371 replacing the cap, "
    "2371 and 2375 after the wind-downs they allowed for contracts (30 and 90 days), 2397 goods "
    "and workers, the border closure of 2020-2023 by its sourced phases), with lever and "
    "assumption values fitted by least squares to the public record through 2023: China's "
    "customs and KOTRA by year and month, official coal in 2016-2017, the UN Panel of Experts' "
    "smuggling estimates, the labour estimates and the repatriation reports. 2024 and 2025 are "
    "predicted (China's and KOTRA's figures for them are held out). The validation notes (Help) "
    "give the fit, its errors in and out of sample and what it cannot explain."
)
#: Fixed options, so the same inputs give the same fit on every run.
LSQ_OPTIONS: dict[str, Any] = {
    "method": "trf",
    "x_scale": "jac",
    "xtol": 1e-10,
    "ftol": 1e-10,
    "gtol": 1e-10,
    "max_nfev": 2000,
}


#: Fitted values are stored to this many decimals (what the levers' spin boxes show).
DECIMALS = 1


def base_scenario() -> Scenario:
    return Scenario.from_mapping(BASE_VALUES, name=RECORD_LABEL, notes=RATIONALE)


def informed_before(pid: str, predict_from: int | None) -> bool:
    """True when the parameter's default and range may serve as a prior for a fit that predicts
    the years from `predict_from` on (None: nothing is predicted): a policy lever's default is a
    choice, not data, and a value whose data come from a predicted year would lean on it."""
    p = PARAMETERS[pid]
    if p.group == "lever":
        return False
    return predict_from is None or p.data_year is None or p.data_year < predict_from


def _bounds(
    pid: str, month: str = HORIZON[0], predict_from: int | None = None
) -> tuple[float, float]:
    if (pid, month) in SLOT_BOUNDS:
        return SLOT_BOUNDS[(pid, month)]
    p = PARAMETERS[pid]
    if p.low is not None and p.high is not None and informed_before(pid, predict_from):
        return float(p.low), float(p.high)
    return float(p.minimum), float(p.maximum)


def _prior(
    pid: str, month: str = HORIZON[0], predict_from: int | None = None
) -> tuple[float, float]:
    """(centre, sd): the sourced default and half the plausible range; for a lever, or a value
    whose data a predicted year supplied, the middle of the allowed range and half of it."""
    low, high = _bounds(pid, month, predict_from)
    if not informed_before(pid, predict_from):
        return (low + high) / 2.0, (high - low) / 2.0
    return float(PARAMETERS[pid].default), (high - low) / 2.0


@dataclass(frozen=True)
class Problem:
    """The fit's pieces: the observations, the base values and the fitted slots."""

    obs: Observations
    base: dict[str, FloatArray]
    spec: tuple[tuple[str, str, str], ...]
    #: The first year the fit is asked to predict (None: none); priors may not use its data.
    predict_from: int | None = None

    @property
    def priors(self) -> tuple[FloatArray, FloatArray]:
        pairs = [_prior(pid, month, self.predict_from) for pid, month, _ in self.spec]
        return np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])

    @property
    def bounds(self) -> FloatArray:
        """(2, k): each fitted value's lower and upper bound."""
        return np.array([_bounds(pid, month, self.predict_from) for pid, month, _ in self.spec]).T

    def values(self, theta: FloatArray) -> dict[str, FloatArray]:
        values = dict(self.base)
        paths: dict[str, FloatArray] = {}
        for (pid, month, _), x in zip(self.spec, theta, strict=True):
            path = paths.setdefault(pid, np.array(np.broadcast_to(values[pid], N_MONTHS)))
            path[month_index(month) :] = x
        for pid, path in paths.items():
            values[pid] = path if np.ptp(path) > 0.0 else path[:1].copy()
        return values

    def log_errors(self, theta: FloatArray) -> FloatArray:
        values = self.values(theta)
        return self.obs.log_errors(model_quantities(values))

    def residuals(self, theta: FloatArray) -> FloatArray:
        prior, prior_sd = self.priors
        return np.concatenate([self.log_errors(theta) / self.obs.sigma, (theta - prior) / prior_sd])


def problem(
    figures: Sequence[Figure],
    spec: tuple[tuple[str, str, str], ...] = FIT_SPEC,
    predict_from: int | None = None,
) -> Problem:
    return Problem(
        obs=observations(tuple(figures), "fit"),
        base=monthly_arrays(base_scenario()),
        spec=spec,
        predict_from=predict_from,
    )


@dataclass(frozen=True)
class Fit:
    problem: Problem
    theta: FloatArray
    std_error: FloatArray
    #: The fitted values' correlation matrix (from the same (J^T J)^-1), for drawing them together.
    correlation: FloatArray
    data_share: FloatArray
    pinned_by: tuple[tuple[str, ...], ...]
    at_bound: tuple[bool, ...]
    chi2: float
    dof: int
    nfev: int
    success: bool

    def scenario(self) -> Scenario:
        return scenario_from_theta(self.problem.spec, self.theta)

    @property
    def statistics(self) -> dict[str, Any]:
        errors = self.problem.log_errors(self.theta)
        return {
            "observations": len(errors),
            "fitted_values": len(self.theta),
            "chi_square": self.chi2,
            "degrees_of_freedom": self.dof,
            "reduced_chi_square": self.chi2 / max(self.dof, 1),
            "rms_log_error": float(np.sqrt(np.mean(errors**2))),
            "evaluations": self.nfev,
            "converged": self.success,
        }


def scenario_from_theta(spec: tuple[tuple[str, str, str], ...], theta: FloatArray) -> Scenario:
    mapping: dict[str, object] = dict(BASE_VALUES)
    schedule: dict[str, dict[str, float]] = {}
    for (pid, month, _), x in zip(spec, theta, strict=True):
        value = round(float(x), DECIMALS)  # what a spin box shows; far inside the errors
        if month == HORIZON[0]:
            mapping[pid] = value
        else:
            schedule.setdefault(pid, {})[month] = value
    if schedule:
        mapping["schedule"] = schedule
    return Scenario.from_mapping(mapping, name=RECORD_LABEL, notes=RATIONALE)


def fit(
    figures: Sequence[Figure],
    spec: tuple[tuple[str, str, str], ...] = FIT_SPEC,
    predict_from: int | None = None,
) -> Fit:
    """The weighted least-squares fit to the figures marked `fit`, deterministic. With
    `predict_from`, no prior uses data from that year on (the out-of-sample tests)."""
    prob = problem(figures, spec, predict_from)
    prior, prior_sd = prob.priors
    bounds = prob.bounds
    x0 = np.clip(prior, bounds[0], bounds[1])
    res = least_squares(prob.residuals, x0, bounds=(bounds[0], bounds[1]), **LSQ_OPTIONS)
    theta = np.asarray(res.x, dtype=np.float64)
    jac = np.asarray(res.jac, dtype=np.float64)
    n = len(prob.obs.figures)
    data_jac = jac[:n]
    chi2 = float(np.sum(res.fun[:n] ** 2))
    dof = n - len(theta)
    information = jac.T @ jac
    covariance = np.linalg.pinv(information)
    scale = max(1.0, chi2 / max(dof, 1))
    std_error = np.sqrt(np.clip(np.diag(covariance) * scale, 0.0, None))
    sd = np.sqrt(np.clip(np.diag(covariance), 1e-300, None))
    correlation = np.clip(covariance / np.outer(sd, sd), -1.0, 1.0)
    np.fill_diagonal(correlation, 1.0)
    data_share = np.clip(1.0 - np.diag(covariance) / prior_sd**2, 0.0, 1.0)
    pinned: list[tuple[str, ...]] = []
    for k in range(len(theta)):
        weight: dict[str, float] = {}
        for i, figure in enumerate(prob.obs.figures):
            weight[figure.series] = weight.get(figure.series, 0.0) + float(data_jac[i, k] ** 2)
        total = sum(weight.values())
        # Shares rounded before ranking: sources that weigh the same up to rounding (three
        # estimates of one quantity) are ordered by name on every machine, not by the last bit.
        ranked = sorted(
            weight.items(), key=lambda item: (-round(item[1] / max(total, 1e-300), 6), item[0])
        )
        pinned.append(
            tuple(s for s, w in ranked[:3] if total > 0 and w / total >= 0.1)
            if total > 1e-12
            else ()
        )
    tol = 1e-6
    at_bound = tuple(
        bool(abs(x - lo) <= tol * max(1.0, abs(lo)) or abs(x - hi) <= tol * max(1.0, abs(hi)))
        for x, lo, hi in zip(theta, bounds[0], bounds[1], strict=True)
    )
    return Fit(
        problem=prob,
        theta=theta,
        std_error=std_error,
        correlation=correlation,
        data_share=data_share,
        pinned_by=tuple(pinned),
        at_bound=at_bound,
        chi2=chi2,
        dof=dof,
        nfev=int(res.nfev),
        success=bool(res.success),
    )


# --- the fit table and record.toml ------------------------------------------------------------


def rows_for(scenario: Scenario, figures: Sequence[Figure]) -> list[dict[str, Any]]:
    """Series, period, record, model and log error for every figure fitted or checked."""
    from dprk_explorer.model.core.evaluate import monthly_arrays as arrays

    values = arrays(scenario)
    quantities = model_quantities(values)
    rows: list[dict[str, Any]] = []
    for use in ("fit", "check"):
        obs = observations(tuple(figures), use)
        model = obs.model(quantities)
        errors = obs.log_errors(quantities)
        for figure, m, e in zip(obs.figures, model, errors, strict=True):
            rows.append(
                {
                    "series": figure.series,
                    "period": figure.period,
                    "use": use,
                    "quantity": figure.quantity,
                    "record": figure.value,
                    "model": float(m),
                    "log_error": float(e),
                    "error_pct": float(100.0 * (m / figure.value - 1.0)),
                    "sigma": figure.sigma,
                    "source": figure.source(),
                }
            )
    return rows


def record_data(result: Fit, figures: Sequence[Figure], directory: Path) -> dict[str, Any]:
    scenario = result.scenario()
    prior, prior_sd = result.problem.priors
    values = {
        k: (v if isinstance(v, bool) else float(v))
        for k, v in scenario.values.items()
        if k in BASE_VALUES or any(k == pid for pid, _, _ in result.problem.spec)
    }
    schedule = {k: {m: float(v) for m, v in steps} for k, steps in scenario.schedules.items()}
    fitted = []
    for k, (pid, month, why) in enumerate(result.problem.spec):
        low, high = _bounds(pid, month, result.problem.predict_from)
        fitted.append(
            {
                "parameter": pid,
                "from": month,
                "what": why,
                "value": float(result.theta[k]),
                "std_error": float(result.std_error[k]),
                "prior": float(prior[k]),
                "prior_sd": float(prior_sd[k]),
                "low": low,
                "high": high,
                "at_bound": result.at_bound[k],
                "pinned_by": list(result.pinned_by[k]),
                "data_share": float(result.data_share[k]),
            }
        )
    return {
        "format_version": 1,
        "calibration_version": CALIBRATION_VERSION,
        "inputs_sha256": inputs_digest(directory),
        "label": RECORD_LABEL,
        "rationale": RATIONALE,
        "method": (
            "scipy.optimize.least_squares (trf), weighted least squares on log errors with "
            "priors at the sourced defaults (sd: half the plausible range), bounded by the "
            "plausible ranges"
        ),
        "values": values,
        "schedule": schedule,
        "statistics": result.statistics,
        "fitted": fitted,
        "correlation": [[round(float(x), 6) for x in row] for row in result.correlation],
        "residuals": rows_for(scenario, figures),
    }


HEADER = (
    f"# {RECORD_LABEL}: written by `dprk-explorer calibrate` (model/record/calibration.py).\n"
    "# Do not edit by hand: a test checks it equals a fresh fit.\n"
)


#: Writes a text file: the program's one atomic writer (the command line passes it in), which
#: writes through a link to a regular file, refuses any other target, keeps an existing file's
#: mode and gives a new one the umask's, and leaves no temporary file behind.
Writer = Callable[[Path, str], None]


def calibrate(
    write: Writer, directory: Path = RESOURCE_DIR, out: Path | None = None
) -> tuple[Fit, dict[str, Any]]:
    figures = load_record_series(directory)
    result = fit(figures)
    data = record_data(result, figures, directory)
    write(out or record_path(directory), HEADER + toml_io.dumps(data))
    return result, data


def fit_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """The printed table: series, period, record, model, error."""
    head = f"{'series':<34} {'period':<22} {'use':<5} {'record':>10} {'model':>10} {'error':>8}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['series']:<34} {r['period']:<22} {r['use']:<5} {r['record']:>10,.2f} "
            f"{r['model']:>10,.2f} {r['error_pct']:>+7.1f}%"
        )
    return "\n".join(lines)


def fitted_table(data: Mapping[str, Any]) -> str:
    lines = [f"{'fitted value':<44} {'from':<8} {'value':>9} {'s.e.':>7}  pinned by"]
    for f in data["fitted"]:
        flag = " (at bound)" if f["at_bound"] else ""
        pinned = ", ".join(f["pinned_by"]) or "nothing: stays at its prior"
        lines.append(
            f"{f['parameter']:<44} {f['from']:<8} {f['value']:>9.2f} {f['std_error']:>7.2f}  "
            f"{pinned}{flag} [{100 * f['data_share']:.0f} % from the record]"
        )
    return "\n".join(lines)


def run_calibrate(
    write: Writer, print_out: Callable[[str], None] = print, out: Path | None = None
) -> int:
    start = time.perf_counter()
    result, data = calibrate(write, out=out)
    seconds = time.perf_counter() - start
    stats = data["statistics"]
    print_out(fit_table(data["residuals"]))
    print_out("")
    print_out(fitted_table(data))
    print_out("")
    print_out(
        f"{stats['observations']} figures, {stats['fitted_values']} fitted values; "
        f"chi-square {stats['chi_square']:.1f} on {stats['degrees_of_freedom']} degrees of "
        f"freedom; rms log error {stats['rms_log_error']:.3f}; "
        f"{'converged' if stats['converged'] else 'NOT converged'} in {seconds:.2f} s"
    )
    print_out(f"Wrote {out or record_path()}")
    return 0 if result.success and math.isfinite(result.chi2) else 1
