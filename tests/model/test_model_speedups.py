"""The speed-ups change no number: the optimised model equals a straightforward formulation.

The straightforward formulation is the same equations (there is one copy of them, in
model/core/flows.py) with every shortcut swapped for its plain version: the lag as one numpy step
per month, sums and products as new arrays, np.where always applied, the Monte Carlo's monthly path
in one pass over every draw. Results must agree bit for bit, on random scenarios with schedules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from dprk_explorer.model import Scenario, evaluate
from dprk_explorer.model.analysis import bands
from dprk_explorer.model.analysis.combined import analyse
from dprk_explorer.model.core import flows, timeline
from dprk_explorer.model.core.evaluate import monthly_arrays
from dprk_explorer.model.core.timeline import N_MONTHS
from dprk_explorer.model.sources.resources import CHANNEL_IDS
from tests.strategies import scheduled

FloatArray = NDArray[np.float64]


def reference_lag(series: FloatArray, tau_months: FloatArray) -> FloatArray:
    """The recursion as first written: one numpy step per month, new arrays each step."""
    u = np.asarray(series, dtype=np.float64)
    tau = np.asarray(tau_months, dtype=np.float64)
    if tau.size == 1:
        return u @ timeline._lag_kernel(float(tau.reshape(-1)[0])).T
    if tau.ndim == 1 and tau.shape[0] == timeline.N_MONTHS and (tau == tau[0]).any():
        # A scheduled lag is by definition the constant lag until its first change (so a
        # counterfactual changing a lag at M equals the record before M), the recursion after.
        first = next((m for m in range(timeline.N_MONTHS) if tau[m] != tau[0]), None)
        constant = u @ timeline._lag_kernel(float(tau[0])).T
        if first is None:
            return constant
        out = np.array(constant)
        alpha_m = np.where(tau > 0.0, 1.0 - np.exp(-1.0 / np.where(tau > 0.0, tau, 1.0)), 1.0)
        level = out[..., first - 1] if first > 0 else np.zeros(u.shape[:-1])
        for month in range(first, timeline.N_MONTHS):
            level = level + alpha_m[month] * (u[..., month] - level)
            out[..., month] = level
        return out
    with np.errstate(over="ignore"):  # a denormal tau: alpha = 1, as with no lag
        alpha = np.where(tau > 0.0, 1.0 - np.exp(-1.0 / np.where(tau > 0.0, tau, 1.0)), 1.0)
    shape = np.broadcast_shapes(u.shape, (*alpha.shape[:-1], timeline.N_MONTHS))
    u = np.broadcast_to(u, shape)
    alpha = np.broadcast_to(alpha, (*shape[:-1], alpha.shape[-1]))
    per_month = alpha.shape[-1] > 1
    out = np.empty(shape)
    level = np.zeros(shape[:-1])
    for month in range(timeline.N_MONTHS):
        level = level + alpha[..., month if per_month else 0] * (u[..., month] - level)
        out[..., month] = level
    return out


def _reference_landed(
    redirected: FloatArray, weight: Mapping[str, FloatArray], capacity: FloatArray
) -> dict[str, FloatArray]:
    total_weight = np.asarray(sum(weight.values(), np.zeros(())))
    open_somewhere = total_weight > 0.0
    safe_total = np.where(open_somewhere, total_weight, 1.0)
    growth = np.where(open_somewhere, np.minimum(redirected / safe_total, capacity), 0.0)
    return {c: w * growth for c, w in weight.items()}


def _reference_year_sums(path: FloatArray) -> FloatArray:
    sums: FloatArray = path.reshape(*path.shape[:-1], len(timeline.YEARS), 12).sum(axis=-1)
    return sums


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.one_of(st.floats(-1e12, 1e12), st.just(-0.0)),
        min_size=3 * N_MONTHS,
        max_size=3 * N_MONTHS,
    )
)
def test_year_sums_equal_numpys_sum_of_each_year(months: list[float]) -> None:
    # bit for bit, the sign of a zero sum included: numpy's summation order is what is copied
    paths = np.array(months).reshape(3, N_MONTHS)
    paths[2, :24] = -0.0  # two years of nothing but -0.0: numpy's sum is +0.0
    for path in (paths, paths[0], np.broadcast_to(paths[1], (4, N_MONTHS))):
        fast, plain = bands._year_sums(path), _reference_year_sums(path)
        assert fast.shape == plain.shape
        assert np.array_equal(fast, plain)
        assert np.array_equal(np.signbit(fast), np.signbit(plain))


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # inf - inf
@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 1001),
    st.integers(1, 5),
    st.sampled_from(["spread", "ties", "zeros", "extremes"]),
    st.integers(0, 2**32 - 1),
)
def test_row_percentiles_equal_numpys_percentile(n: int, rows: int, kind: str, seed: int) -> None:
    # the bands' 5th and 95th percentiles from sorted rows: numpy's values, bit for bit
    rng = np.random.default_rng(seed)
    draws = rng.standard_normal((rows, n)) * 10.0 ** rng.integers(-3, 6)
    if kind == "ties":
        draws = np.round(draws) + 0.0  # many equal values (+ 0.0: no negative zeros)
    elif kind == "zeros":
        draws[rng.random(draws.shape) < 0.5] = rng.choice([0.0, -0.0])  # one sign per row set
    elif kind == "extremes":
        draws[0, rng.integers(n)] = np.nan
        draws[-1, rng.integers(n)] = rng.choice([np.inf, -np.inf])
    expected = np.percentile(draws, bands.PERCENTILES, axis=1)
    fast = bands.row_percentiles(draws.copy())
    assert fast.shape == expected.shape == (2, rows)
    assert np.array_equal(fast, expected, equal_nan=True)
    assert np.array_equal(np.signbit(fast), np.signbit(expected))


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.one_of(st.floats(-1e12, 1e12), st.just(-0.0), st.just(np.nan)),
        min_size=3 * N_MONTHS,
        max_size=3 * N_MONTHS,
    )
)
def test_running_sums_equal_numpys_cumsum(months: list[float]) -> None:
    # the 2321 cap's year-to-date sums: numpy's sequential order, a lone -0.0 kept
    years = np.array(months).reshape(3, len(timeline.YEARS), 12)
    many = np.broadcast_to(years, (30, *years.shape))  # a Monte Carlo block's many years
    for x in (years, years[0], np.broadcast_to(years[1], (2, *years[1].shape)), many):
        fast, plain = flows._running_sum(x), np.cumsum(x, axis=-1)
        assert fast.shape == plain.shape
        assert np.array_equal(fast, plain, equal_nan=True)
        assert np.array_equal(np.signbit(fast), np.signbit(plain))


@contextmanager
def straightforward() -> Iterator[None]:
    """The model with every shortcut replaced by its plain formulation."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flows, "exponential_lag", reference_lag)
        patch.setattr(flows, "_total", lambda items: np.asarray(sum(items, np.zeros(()))))
        patch.setattr(flows, "_times", lambda fresh, other: fresh * other)
        patch.setattr(flows, "_over", lambda fresh, other: fresh / other)
        patch.setattr(flows, "_landed", _reference_landed)
        patch.setattr(bands, "BLOCK_DRAWS", 10**9)
        patch.setattr(bands, "_year_sums", _reference_year_sums)
        patch.setattr(flows, "_running_sum", lambda x: np.cumsum(x, axis=-1))
        patch.setattr(
            bands,
            "row_percentiles",
            lambda rows: np.percentile(rows, bands.PERCENTILES, axis=1),
        )
        # the lag's step response computed afresh each time, not read from the cache
        patch.setattr(
            flows,
            "_reached",
            lambda tau, n: 1.0 - (1.0 - timeline.lag_alpha(tau)) ** np.arange(1, n + 1),
        )
        yield


def _assert_same(fast: object, plain: object, where: str = "") -> None:
    if isinstance(fast, dict):
        assert isinstance(plain, dict) and fast.keys() == plain.keys(), where
        for key in fast:
            _assert_same(fast[key], plain[key], f"{where}.{key}")
    elif isinstance(fast, list | tuple):
        assert isinstance(plain, list | tuple) and len(fast) == len(plain), where
        for i, (a, b) in enumerate(zip(fast, plain, strict=True)):
            _assert_same(a, b, f"{where}[{i}]")
    elif isinstance(fast, np.ndarray | float | np.floating):
        a, b = np.asarray(fast), np.asarray(plain)
        assert a.shape == b.shape, where
        assert np.array_equal(a, b, equal_nan=True), where  # bit for bit, not approximately
    elif hasattr(fast, "__dataclass_fields__"):
        for field in fields(fast):  # type: ignore[arg-type]
            _assert_same(getattr(fast, field.name), getattr(plain, field.name), where + field.name)
    else:
        assert fast == plain, where


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.floats(-1e3, 1e3), min_size=N_MONTHS, max_size=N_MONTHS),
    st.lists(st.one_of(st.just(0.0), st.floats(0.01, 36.0)), min_size=1, max_size=N_MONTHS),
    st.integers(1, 7),
)
def test_lag_equals_the_plain_recursion(series: list[float], taus: list[float], n: int) -> None:
    u = np.array(series)
    per_month = np.resize(np.array(taus), N_MONTHS)  # a scheduled lag, zeros allowed
    per_draw = np.resize(np.array(taus), (n, 1))  # one tau per Monte Carlo draw
    draws = np.outer(np.linspace(0.5, 2.0, n), u)
    for args in ((u, per_month), (draws, per_draw), (u, per_draw), (draws, per_month[None, :])):
        fast, plain = timeline.exponential_lag(*args), reference_lag(*args)
        assert fast.shape == plain.shape
        assert np.array_equal(fast, plain)


@settings(max_examples=15, deadline=None)
@given(scheduled(max_parameters=4))
def test_evaluate_equals_the_straightforward_model(scenario: Scenario) -> None:
    fast = evaluate(scenario)
    with straightforward():
        plain = evaluate(scenario)
    _assert_same(fast, plain)
    _assert_same(fast.to_dict(), plain.to_dict())
    monthly_base = flows.baseline_channels(monthly_arrays(scenario), flows.MONTHLY)
    expected = np.stack([np.broadcast_to(monthly_base[c], (N_MONTHS,)) for c in CHANNEL_IDS])
    assert np.array_equal(fast.monthly_baseline_usd_m, expected)
    assert not any(v.flags.writeable for v in fast.monthly_terms_usd_m.values())


@settings(max_examples=3, deadline=None)
@given(scheduled(max_parameters=4))
def test_bands_equal_one_pass_over_every_draw(scenario: Scenario) -> None:
    # around the block size, and a remainder of one draw (201 = 200 + 1, 401 = 2 x 200 + 1)
    for n_draws in (1, 2, 7, 199, 200, 201, 401, 1000):
        fast = bands.monte_carlo(scenario, n_draws)
        with straightforward():
            plain = bands.monte_carlo(scenario, n_draws)
        _assert_same(fast, plain, f"{n_draws} draws: ")
        # every draw's path, not only the two that land on the percentiles
        values = bands.draw_monthly_values(scenario, bands.draw_values(scenario, n_draws))
        one_pass = flows.scenario_channels(values, flows.MONTHLY)
        expected = sum((one_pass[c] for c in CHANNEL_IDS), np.zeros(()))
        every_month = np.ones(expected.shape[-1], dtype=bool)
        paths, sums = bands._monthly_paths(values, n_draws, every_month)
        assert np.array_equal(paths, expected), n_draws
        per_channel = np.stack([one_pass[c].sum(axis=-1) for c in CHANNEL_IDS], axis=-1)
        assert np.allclose(sums, np.broadcast_to(per_channel, sums.shape)), n_draws


# a lag of a few 1e-300 months overflows -1/tau to -inf on the way to alpha = 1 (no lag): right
@pytest.mark.filterwarnings("ignore:overflow encountered in divide:RuntimeWarning")
@settings(max_examples=4, deadline=None)
@given(scheduled(max_parameters=4))
def test_analysis_equals_the_straightforward_model(scenario: Scenario) -> None:
    fast = analyse(scenario, n_draws=300)
    with straightforward():
        plain = analyse(scenario, n_draws=300)
    _assert_same(fast.to_dict(), plain.to_dict())
    _assert_same(fast.bands, plain.bands)


def test_bands_of_other_drawn_lags_equal_the_bands_computed_afresh() -> None:
    # the lag's step response (drawn lags x a fitted path drawn per month: the record's) is
    # cached by the lags drawn: another seed draws other lags and must not reuse the first's
    from dprk_explorer.model.record.record import record_or_reason

    found, reason = record_or_reason()
    assert found is not None, reason
    bands.monte_carlo(found.scenario, 400, seed=1)
    fast = bands.monte_carlo(found.scenario, 400, seed=2)
    with straightforward():
        plain = bands.monte_carlo(found.scenario, 400, seed=2)
    _assert_same(fast, plain)
