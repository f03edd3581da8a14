"""The uncertainty band: factors drawn with one quantile per kind of factor (range rule).

The kinds are read in the notes of the shipped factors (``shipped_model``); the fixture
factors of ``tests/data/mini`` name no rule and are each a kind of their own.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulation import metrics
from simulation.model import sample_factors, triangular_quantile


@pytest.fixture(scope="module")
def draws(shipped_model):
    return sample_factors(shipped_model.factors, shipped_model.vocabulary.roles.values(), 2000, 7)


def _kind(model, role: str) -> str:
    return model.factors[model.vocabulary.roles[role].factor].range_kind


def _ranks(x) -> np.ndarray:
    return np.argsort(np.argsort(np.ravel(x)))


def test_every_used_factor_names_its_kind(shipped_model):
    kinds = {_kind(shipped_model, r) for r in shipped_model.vocabulary.roles}
    assert not any(k.startswith("id:") for k in kinds), kinds
    assert {"alimentation (Agribalyse)", "transport par km", "fabrication d'un bien",
            "avion"} <= kinds


def test_factors_of_one_kind_move_together(shipped_model, draws):
    """Same kind, same quantile: the meals are all high or all low in one draw."""
    assert _kind(shipped_model, "ef_meal_red_meat") == _kind(shipped_model, "ef_meal_vegetarian")
    np.testing.assert_array_equal(_ranks(draws["ef_meal_red_meat"]),
                                  _ranks(draws["ef_meal_vegetarian"]))
    assert _kind(shipped_model, "ef_train_tgv") == _kind(shipped_model, "ef_bus_diesel")
    np.testing.assert_array_equal(_ranks(draws["ef_train_tgv"]), _ranks(draws["ef_bus_diesel"]))


def test_factors_of_different_kinds_are_independent(shipped_model, draws):
    assert _kind(shipped_model, "ef_meal_red_meat") != _kind(shipped_model, "ef_plane_long")
    r = np.corrcoef(np.ravel(draws["ef_meal_red_meat"]), np.ravel(draws["ef_plane_long"]))[0, 1]
    assert abs(r) < 0.1


def test_each_factor_keeps_its_triangular_distribution(shipped_model, draws):
    for role in ("ef_meal_red_meat", "ef_plane_short", "ef_elec"):
        fid, unit = shipped_model.vocabulary.roles[role].factor, shipped_model.vocabulary.roles[role].unit
        lo, mode, hi = (shipped_model.factors.low(fid, unit), shipped_model.factors.value(fid, unit),
                        shipped_model.factors.high(fid, unit))
        x = np.ravel(draws[role])
        assert lo <= x.min() and x.max() <= hi
        assert x.mean() == pytest.approx((lo + mode + hi) / 3, rel=0.02)


def test_triangular_quantile():
    assert triangular_quantile(0.0, 1.0, 2.0, 4.0) == pytest.approx(1.0)
    assert triangular_quantile(1.0, 1.0, 2.0, 4.0) == pytest.approx(4.0)
    assert triangular_quantile(1 / 3, 1.0, 2.0, 4.0) == pytest.approx(2.0)  # F(mode) = 1/3
    u = (np.arange(100_000) + 0.5) / 100_000
    assert triangular_quantile(u, 1.0, 2.0, 4.0).mean() == pytest.approx(7 / 3, rel=1e-4)
    np.testing.assert_array_equal(triangular_quantile(u[:3], 5.0, 5.0, 5.0), [5.0, 5.0, 5.0])


def test_correlated_band_is_wider_than_independent_draws(shipped_model):
    """Independent draws let errors of one kind cancel out; the band says more honestly how
    much one shared assumption (a range rule) can move the total."""
    band = metrics.uncertainty_band(shipped_model, {})
    width = band.total_high[-1] - band.total_low[-1]
    rng = np.random.default_rng(0)
    f = {}
    for role in shipped_model.vocabulary.roles.values():
        fid, unit = role.factor, role.unit
        f[role.role] = triangular_quantile(
            rng.random(metrics.BAND_SAMPLES), shipped_model.factors.low(fid, unit),
            shipped_model.factors.value(fid, unit), shipped_model.factors.high(fid, unit))[:, None]
    ctx = shipped_model._context("france", metrics.TREND)
    _, total, _, _ = shipped_model._evaluate(ctx, shipped_model.levels_vector({}), f)
    lo, hi = np.percentile(np.broadcast_to(total, (metrics.BAND_SAMPLES, 28))[:, -1], [5, 95])
    assert width > 1.2 * (hi - lo)
    assert band.total_low[-1] < shipped_model.evaluate({}).value() < band.total_high[-1]


def test_band_is_the_same_everywhere(shipped_model):
    a = metrics.uncertainty_band(shipped_model, {"covoiturage": 2}, "france")
    b = metrics.uncertainty_band(shipped_model, {"covoiturage": 2}, "france")
    np.testing.assert_array_equal(a.total_low, b.total_low)
    np.testing.assert_array_equal(a.total_high, b.total_high)
