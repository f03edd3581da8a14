"""Climate functions: golden values computed by hand from the CSV rows, properties, errors."""

import csv
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.climate import (
    Range,
    boundary_scale,
    budget_years_group,
    budget_years_world,
    everyone_like_us,
    growth_factor,
    horizon_of,
    projection_table,
    tracc_levels,
    warming_projection,
    world_population,
)
from simulation.climate_data import load_climate
from simulation.paths import data_dir

CLIMATE = load_climate()
FOLDER = data_dir() / "climate"
YEARS = np.arange(2023, 2051)


def rows(name: str) -> list[dict]:
    with (FOLDER / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def row(name: str, rid: str, key: str = "id") -> dict:
    (hit,) = [r for r in rows(name) if r[key] == rid]
    return hit


FACTS = {r["id"]: r for r in rows("key_facts")}
TCRE = tuple(float(FACTS["tcre"][k]) for k in ("value", "low", "high"))
BASE = float(FACTS["human_induced_warming_2023"]["value"])
BASE_YEAR = int(FACTS["human_induced_warming_2023"]["year"])
POPULATION = 1e9 * float(next(r["value"] for r in rows("series_values")
                              if r["series"] == "world_population" and r["year"] == str(BASE_YEAR)))
BUDGET = row("carbon_budgets", "igcc2024_1p5_50")
WORLD_RATE = float(FACTS["world_co2_2024"]["value"])


def test_rows_used_are_the_documented_ones():
    assert FACTS["tcre"]["unit"] == "degC/1000GtCO2"
    assert BASE_YEAR == 2023
    assert world_population(CLIMATE, BASE_YEAR) == POPULATION


# ---------------------------------------------------------------------------------------
# « Si tout le monde vivait comme notre groupe »: golden cases by hand
# ---------------------------------------------------------------------------------------
def test_illustration_golden_linear_trajectory():
    """9 t in 2023 down to 2 t in 2050: sum 2024..2050, × population, × TCRE, + base."""
    values = np.linspace(9000.0, 2000.0, YEARS.size)
    counted = [v for y, v in zip(YEARS, values, strict=True) if y > BASE_YEAR]  # 2024..2050
    cumulative_gt = sum(counted) * POPULATION / 1e12
    ill = everyone_like_us(CLIMATE, YEARS, values)
    assert (ill.first_year, ill.last_year) == (2024, 2050)
    assert ill.population == POPULATION
    assert ill.cumulative == pytest.approx(cumulative_gt, rel=1e-12)
    for got, tcre in zip((ill.added.central, ill.added.low, ill.added.high), TCRE, strict=True):
        assert got == pytest.approx(tcre * cumulative_gt / 1000.0, rel=1e-12)
    assert ill.total.central == pytest.approx(BASE + TCRE[0] * cumulative_gt / 1000.0, rel=1e-12)
    assert ill.total.low == pytest.approx(BASE + TCRE[1] * cumulative_gt / 1000.0, rel=1e-12)
    assert ill.world_emissions[0] == pytest.approx(9000.0 * POPULATION / 1e12)
    assert ill.caveat("fr").startswith("Illustration, pas une prévision")
    assert f"population mondiale de {BASE_YEAR} constante" in ill.caveat("fr")
    assert "émissions nulles après 2050" in ill.caveat("fr")
    assert "zero emissions after 2050" in ill.caveat("en")


def test_illustration_golden_constant_two_tonnes():
    """2 t for everyone from 2024 to 2050: 27 years × 2000 kg × population."""
    ill = everyone_like_us(CLIMATE, YEARS, np.full(YEARS.size, 2000.0))
    cumulative_gt = 27 * 2000.0 * POPULATION / 1e12
    assert ill.cumulative == pytest.approx(cumulative_gt, rel=1e-12)
    assert ill.added.central == pytest.approx(TCRE[0] * cumulative_gt / 1000.0, rel=1e-12)
    assert ill.added.high == pytest.approx(TCRE[2] * cumulative_gt / 1000.0, rel=1e-12)


def test_illustration_hold_until_adds_the_last_level():
    """Holding the 2050 level to 2100 adds 50 more years of the 2050 world emissions."""
    values = np.linspace(8000.0, 3000.0, YEARS.size)
    zero = everyone_like_us(CLIMATE, YEARS, values)
    held = everyone_like_us(CLIMATE, YEARS, values, hold_until=2100)
    assert (held.last_year, held.trajectory_end) == (2100, 2050)
    assert "le niveau de 2050 gardé jusqu'en 2100" in held.caveat("fr")
    assert held.cumulative - zero.cumulative == pytest.approx(50 * 3000.0 * POPULATION / 1e12)


def test_illustration_runs_on_the_model_trajectory():
    from simulation.model import load_model

    result = load_model().evaluate()
    ill = everyone_like_us(CLIMATE, result.years, result.total)
    assert ill.total.low <= ill.total.central <= ill.total.high
    assert ill.total.central > BASE


@pytest.mark.parametrize(("years", "values", "kwargs", "words"), [
    (np.array([2023, 2024, 2026]), np.ones(3), {}, "se suivre"),
    (np.arange(2030, 2051), np.ones(21), {}, "doit couvrir 2024"),
    (YEARS, np.ones(YEARS.size - 1), {}, "même longueur"),
    (YEARS, np.full(YEARS.size, np.nan), {}, "non finies"),
    (YEARS, np.ones(YEARS.size), {"hold_until": 2040}, "hold_until"),
])
def test_illustration_rejects_bad_trajectories(years, values, kwargs, words):
    with pytest.raises(ValueError, match=words):
        everyone_like_us(CLIMATE, years, values, **kwargs)


# ---------------------------------------------------------------------------------------
# Budget years
# ---------------------------------------------------------------------------------------
def test_budget_years_at_world_rate_by_hand():
    b = budget_years_world(CLIMATE)
    value, low, high = (float(BUDGET[k]) for k in ("value", "low", "high"))
    assert b.rate == WORLD_RATE
    assert b.years.central == pytest.approx(value / WORLD_RATE)
    assert (b.years.low, b.years.high) == pytest.approx((low / WORLD_RATE, high / WORLD_RATE))
    assert b.until.central == pytest.approx(int(BUDGET["start"][:4]) + value / WORLD_RATE)
    assert b.budget.provenance.source == BUDGET["source"]


def test_budget_years_at_group_rate_by_hand():
    rate = 9000.0 * POPULATION / 1e12
    b = budget_years_group(CLIMATE, 9000.0)
    assert b.rate == pytest.approx(rate)
    assert b.years.central == pytest.approx(float(BUDGET["value"]) / rate)
    assert b.years.low == pytest.approx(float(BUDGET["low"]) / rate)


def test_budget_never_used_up_at_zero_emissions():
    b = budget_years_group(CLIMATE, 0.0)
    assert math.isinf(b.years.central) and math.isinf(b.until.high)


def test_budget_without_range_gives_a_point_range():
    b = budget_years_world(CLIMATE, "ar6_2p0_67")
    assert b.years.low == b.years.central == b.years.high
    assert b.years.central == pytest.approx(float(row("carbon_budgets", "ar6_2p0_67")["value"])
                                            / WORLD_RATE)


@pytest.mark.parametrize("bad", [-1.0, math.inf, math.nan])
def test_budget_group_rejects_bad_emissions(bad):
    with pytest.raises(ValueError, match="invalides"):
        budget_years_group(CLIMATE, bad)


# ---------------------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("scenario", "horizon", "year"), [
    ("ssp1_19", "near", 2030), ("ssp2_45", "mid", 2050), ("ssp5_85", "long", 2100),
])
def test_projection_by_horizon_or_year_matches_row(scenario, horizon, year):
    r = row("warming_projections", f"{scenario}_{horizon}")
    expected = Range(float(r["value"]), float(r["low"]), float(r["high"]), r["unit"])
    assert warming_projection(CLIMATE, scenario, horizon) == expected
    assert warming_projection(CLIMATE, scenario, year) == expected
    assert horizon_of(CLIMATE, year) == horizon


def test_projection_outside_the_periods_is_a_key_error():
    with pytest.raises(KeyError):
        warming_projection(CLIMATE, "ssp2_45", 2070)
    with pytest.raises(KeyError):
        warming_projection(CLIMATE, "ssp4_60", "long")


def test_projection_table_has_every_scenario_and_horizon():
    table = projection_table(CLIMATE)
    assert list(table) == [r["id"] for r in rows("scenarios")]
    assert all(list(h) == ["near", "mid", "long"] for h in table.values())


def test_tracc_levels_in_year_order():
    levels = tracc_levels(CLIMATE)
    expected = sorted((int(r["year"]), float(r["warming"])) for r in rows("tracc_levels")
                      if r["place"] == "france_hexagonale")
    assert [(t.year, t.warming) for t in levels] == expected


# ---------------------------------------------------------------------------------------
# Awareness game
# ---------------------------------------------------------------------------------------
def test_growth_factor_by_hand():
    pop = {r["year"]: float(r["value"]) for r in rows("series_values")
           if r["series"] == "world_population"}
    assert growth_factor(CLIMATE, "world_population", 1950, 2023) == pytest.approx(
        pop["2023"] / pop["1950"])
    with pytest.raises(KeyError):
        growth_factor(CLIMATE, "world_population", 1955, 2023)


def _bv(rid):
    r = row("planetary_boundaries", rid)
    return CLIMATE.boundaries[rid], {k: (float(v) if v and k in ("baseline", "boundary", "high_risk",
                                                                  "current") else v)
                                     for k, v in r.items()}


def test_boundary_scale_by_hand():
    b, r = _bv("co2_concentration_2023")  # increasing risk: 1 + (c − boundary)/(hr − boundary)
    assert boundary_scale(b) == pytest.approx(
        1 + (r["current"] - r["boundary"]) / (r["high_risk"] - r["boundary"]))
    b, r = _bv("forest_cover_2025")  # lower is worse
    assert boundary_scale(b) == pytest.approx(
        1 + (r["boundary"] - r["current"]) / (r["boundary"] - r["high_risk"]))
    b, r = _bv("ozone_column_2023")  # safe, lower is worse: (baseline − c)/(baseline − boundary)
    assert boundary_scale(b) == pytest.approx(
        (r["baseline"] - r["current"]) / (r["baseline"] - r["boundary"]))
    b, r = _bv("radiative_forcing_2023")  # far into high risk: capped at 3
    assert 2 + (r["current"] - r["high_risk"]) / (r["high_risk"] - r["boundary"]) > 3
    assert boundary_scale(b) == 3.0
    assert boundary_scale(CLIMATE.boundaries["genetic_diversity_2023"]) is None  # "> 100"
    assert boundary_scale(CLIMATE.boundaries["untested_synthetic_releases_2025"]) is None


def test_range_rejects_inconsistent_order():
    with pytest.raises(ValueError, match="incohérente"):
        Range(1.0, 2.0, 3.0, "degC")


# ---------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------
trajectories = st.lists(st.floats(0.0, 30000.0), min_size=YEARS.size, max_size=YEARS.size)


@settings(max_examples=60, deadline=None)
@given(trajectories, st.integers(1, YEARS.size - 1), st.floats(0.0, 20000.0))
def test_warming_grows_with_the_group_emissions(values, i, extra):
    """More emissions in any counted year never lower the warming; ranges stay ordered."""
    base = np.array(values)
    more = base.copy()
    more[i] += extra
    a = everyone_like_us(CLIMATE, YEARS, base)
    b = everyone_like_us(CLIMATE, YEARS, more)
    for ill in (a, b):
        assert ill.added.low <= ill.added.central <= ill.added.high
        assert ill.total.low <= ill.total.central <= ill.total.high
    assert b.total.central >= a.total.central
    assert b.total.high - a.total.high >= 0


@settings(max_examples=40, deadline=None)
@given(trajectories, st.floats(0.0, 5.0))
def test_added_warming_is_proportional_to_emissions(values, k):
    base = np.array(values)
    a = everyone_like_us(CLIMATE, YEARS, base)
    b = everyone_like_us(CLIMATE, YEARS, k * base)
    assert b.added.central == pytest.approx(k * a.added.central, rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.floats(1.0, 50000.0), st.floats(1.0, 50000.0))
def test_budget_lasts_less_when_the_group_emits_more(x, y):
    lo, hi = sorted((x, y))
    a, b = budget_years_group(CLIMATE, lo), budget_years_group(CLIMATE, hi)
    assert b.years.central <= a.years.central
    assert a.years.low <= a.years.central <= a.years.high
