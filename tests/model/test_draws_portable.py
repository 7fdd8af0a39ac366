"""The fitted levers' draws are the same on every machine: LAPACK builds and CPUs return an
eigenvector or its negative, and any basis of a repeated eigenvalue, so a square root built from
the eigenvectors as returned made the published bands (docs/validation.md) differ between
machines for the same seed."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from dprk_explorer.model.analysis.bands import record_slots


def test_the_fitted_draws_do_not_depend_on_the_eigenvectors_signs_or_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slots = record_slots()
    assert slots is not None
    as_returned = slots._draws(400, seed=7)
    real_eigh = np.linalg.eigh

    def flipped_and_reversed(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        values, vectors = real_eigh(matrix)
        signs = np.where(np.arange(len(values)) % 2 == 0, -1.0, 1.0)
        return values[::-1], (vectors * signs)[:, ::-1]

    monkeypatch.setattr(np.linalg, "eigh", flipped_and_reversed)
    other_lapack = slots._draws(400, seed=7)
    np.testing.assert_allclose(other_lapack, as_returned, rtol=1e-9, atol=1e-9)
    # ...and the root is a square root: unbounded, the draws carry the fit's correlation.
    unbounded = replace(
        slots, low=np.full_like(slots.low, -np.inf), high=np.full_like(slots.high, np.inf)
    )
    standard = (unbounded._draws(40_000, seed=3) - slots.value) / slots.std_error
    np.testing.assert_allclose(np.corrcoef(standard.T), slots.correlation, atol=0.03)
