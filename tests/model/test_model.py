"""The sector model: API, composition semantics, attribution, uncertainty (fixture data)."""

import numpy as np
import pytest

import simulation.model
from simulation.exceptions import AtelierError, UnknownIdError
from simulation.model import YEARS, Model


def _factor(model, role: str) -> float:
    """The value the model reads for a factor role, from the factor base [role unit]."""
    r = model.vocabulary.roles[role]
    return model.factors.value(r.factor, r.unit)


def test_result_shapes_and_sums(model):
    r = model.evaluate({})
    assert r.years[0] == 2023 and r.years[-1] == 2050 and r.total.shape == (28,)
    assert set(r.sectors) == set(model.sectors)
    for s in model.sectors:
        assert set(r.items[s]) == set(model.items[s])
        np.testing.assert_allclose(r.sectors[s], sum(r.items[s].values()))
    np.testing.assert_allclose(r.total, sum(r.sectors.values()))


def test_levels_zero_flat_without_context(model):
    """With no lever, only the scenario context moves the trajectory."""
    r = model.evaluate({})
    ctx_params = {e.parameter for e in model.scenarios["tendanciel"].context}
    assert ctx_params  # the tendanciel has a context
    # Sectors whose parameters no context touches stay flat.
    np.testing.assert_allclose(r.sectors["alimentation"], r.sectors["alimentation"][0])


def test_car_levers_multiply_not_add(model):
    """Fewer car km (a scale lever) × more people per car (a set lever) compound
    multiplicatively."""
    base = model.evaluate({}).items["mobilite"]["voiture"][-1]
    both = model.evaluate({"teletravail": 4, "covoiturage": 4})
    tele = model.lever("teletravail").effects[0].values[3]
    occupancy = model.lever("covoiturage").effects[0].values[3]
    fewer_per_car = model.territories["france"].values()["car_occupancy"] / occupancy
    assert both.items["mobilite"]["voiture"][-1] == pytest.approx(base * tele * fewer_per_car,
                                                                  rel=1e-12)
    assert both.items["mobilite"]["voiture"][-1] != pytest.approx(
        base * (1 - (1 - tele) - (1 - fewer_per_car)), rel=1e-6)


def test_car_item_by_hand(model):
    """Car emissions in 2050 recomputed from the territory file and the factor base."""
    t = model.territories["france"].values()
    occupancy = model.lever("covoiturage").effects[0].values[3]
    ev = t["car_ev_share"]
    km = t["car_km"] * model.lever("teletravail").effects[0].values[3]
    factor = (ev * _factor(model, "ef_car_electric")
              + (1 - ev) * t["car_thermal_index"] * _factor(model, "ef_car_thermal"))
    expected = km * factor / occupancy * t["car_calibration"]
    r = model.evaluate({"covoiturage": 4, "teletravail": 4})
    assert r.items["mobilite"]["voiture"][-1] == pytest.approx(expected, rel=1e-12)
    # the same with the fixture's round numbers, by hand: 8000 km × 0.8, 2.4 people per car,
    # 10 % electric at 0.1 kg and 90 % petrol at 0.2 kg per vehicle-km, calibration 1
    assert expected == pytest.approx(8000 * 0.8 * (0.1 * 0.1 + 0.9 * 0.2) / 2.4, rel=1e-12)


def test_combined_reduction_is_less_than_sum_of_separate(model):
    """Overlapping levers do not double count: the joint effect is smaller than the sum."""
    levels = {"teletravail": 4, "covoiturage": 4}
    joint = model.evaluate(levels).value() - model.evaluate({}).value()
    separate = sum(model.lever_effect(lid, lvl) for lid, lvl in levels.items())
    assert joint < 0 and separate < joint


def test_order_independence_dict_and_lever_order(model):
    levels = {"flexitarien": 3, "covoiturage": 2, "renovation": 4, "teletravail": 1}
    reversed_levels = dict(reversed(list(levels.items())))
    a = model.evaluate(levels)
    b = model.evaluate(reversed_levels)
    np.testing.assert_array_equal(a.total, b.total)
    other = Model(model.factors, model.territories, tuple(reversed(model.levers)),
                  model.scenarios, model.targets, model.data_path, model.vocabulary)
    c = other.evaluate(levels)
    np.testing.assert_allclose(a.total, c.total, rtol=1e-12)


def test_ramp_reaches_target_in_2050_and_starts_later(model):
    r = model.evaluate({"flexitarien": 2})
    base = model.evaluate({})
    start = model.lever("flexitarien").effects[0].start_year
    i_start = start - 2023
    assert r.sectors["alimentation"][i_start] == pytest.approx(base.sectors["alimentation"][i_start])
    red = r.items["alimentation"]["viande_rouge"]
    scale = model.lever("flexitarien").effects[0].values[1]
    assert red[-1] == pytest.approx(base.items["alimentation"]["viande_rouge"][-1] * scale)
    assert np.all(np.diff(red[i_start:]) < 0)


def test_batch_matches_single(model):
    rng = np.random.default_rng(3)
    batch = rng.integers(0, 5, size=(20, len(model.lever_ids)))
    totals = model.evaluate_batch(batch)
    for row, tot in zip(batch, totals, strict=True):
        single = model.evaluate(model.levels_dict(row)).total
        np.testing.assert_allclose(tot, single, rtol=1e-12)
    np.testing.assert_allclose(model.evaluate_batch(batch, year=2050), totals[:, -1], rtol=1e-12)


def test_shapley_sums_to_change_exact(model):
    levels = {lid: 1 + i % 4 for i, lid in enumerate(model.lever_ids[::3])}
    assert len(levels) <= 12
    contrib = model.attribution(levels)
    change = model.evaluate(levels).value() - model.evaluate({}).value()
    assert set(contrib) == set(levels)
    assert sum(contrib.values()) == pytest.approx(change, abs=1e-9)


def test_shapley_sampled_beyond_twelve_sums_and_is_seeded(model, monkeypatch):
    """Beyond SHAPLEY_EXACT_MAX active levers (12; 2 here, to use the fixture's 4 levers),
    seeded permutation sampling still sums exactly to the change."""
    monkeypatch.setattr(simulation.model, "SHAPLEY_EXACT_MAX", 2)
    levels = {lid: 4 for lid in model.lever_ids}
    assert len(levels) > simulation.model.SHAPLEY_EXACT_MAX
    a = model.attribution(levels, seed=1)
    b = model.attribution(levels, seed=1)
    change = model.evaluate(levels).value() - model.evaluate({}).value()
    assert a == b
    assert sum(a.values()) == pytest.approx(change, abs=1e-8)


def test_shapley_of_independent_levers_is_their_own_effect(model):
    """Levers acting on different, additive items get exactly their standalone effect."""
    levels = {"flexitarien": 4, "renovation": 3}
    assert model.lever("flexitarien").sector != model.lever("renovation").sector
    contrib = model.attribution(levels)
    for lid, lvl in levels.items():
        assert contrib[lid] == pytest.approx(model.lever_effect(lid, lvl), rel=1e-9)


def test_shapley_order_independent(model):
    levels = {"teletravail": 3, "covoiturage": 4, "flexitarien": 2}
    a = model.attribution(levels)
    b = model.attribution(dict(reversed(list(levels.items()))))
    assert a == pytest.approx(b, rel=1e-12)
    assert model.attribution({}) == {}


def test_uncertainty_band_brackets_central_and_is_seeded(model):
    levels = {"flexitarien": 2}
    band = model.uncertainty(levels, n=500, seed=7)
    central = model.evaluate(levels).total
    assert np.all(band.total_low < central) and np.all(central < band.total_high)
    again = model.uncertainty(levels, n=500, seed=7)
    np.testing.assert_array_equal(band.total_low, again.total_low)
    other = model.uncertainty(levels, n=500, seed=8)
    assert not np.array_equal(band.total_low, other.total_low)
    for s in model.sectors:
        assert np.all(band.sector_low[s] <= band.sector_high[s])


def test_scenario_levels_and_target(model):
    """A scenario's own lever levels apply with levels=None; targets come from the file."""
    sobriete = model.evaluate(scenario="sobriete")
    levels = model.scenarios["sobriete"].levels
    assert levels and sobriete.value() < model.evaluate(scenario="tendanciel").value()
    np.testing.assert_array_equal(sobriete.total,
                                  model.evaluate(dict(levels), scenario="sobriete").total)
    # tests/data/mini/climate/targets.toml
    assert model.target_2050_kg == 2000 and model.target_range_kg == (1500, 2500)


def test_territory_total_scales_with_population(model):
    r = model.evaluate({}, territory="petite-ville")
    assert r.population == 50000  # tests/data/mini/territories/petite-ville.toml
    assert r.territory_total_t(2023) == pytest.approx(r.value(2023) * 50000 / 1000)


def test_errors(model):
    with pytest.raises(UnknownIdError, match="levier inconnu"):
        model.evaluate({"nope": 1})
    with pytest.raises(AtelierError, match="niveau"):
        model.evaluate({"covoiturage": 5})
    with pytest.raises(UnknownIdError, match="territoire inconnu"):
        model.evaluate({}, territory="atlantis")
    with pytest.raises(UnknownIdError, match="scénario inconnu"):
        model.evaluate({}, scenario="s9")
    with pytest.raises(AtelierError, match="forme"):
        model.evaluate_batch(np.zeros((3, 2), dtype=int))
    with pytest.raises(UnknownIdError, match="année"):
        model.evaluate({}).value(2060)


def test_years_constant():
    assert YEARS.tolist() == list(range(2023, 2051))
