"""The sector model: API, composition semantics, attribution, uncertainty."""

import numpy as np
import pytest

from simulation.model import load_model as _lm

SECTORS = _lm().sectors
ITEMS = _lm().items
from simulation.exceptions import AtelierError, UnknownIdError
from simulation.model import YEARS, Model


def test_result_shapes_and_sums(model):
    r = model.evaluate({})
    assert r.years[0] == 2023 and r.years[-1] == 2050 and r.total.shape == (28,)
    assert set(r.sectors) == set(SECTORS)
    for s in SECTORS:
        assert set(r.items[s]) == set(ITEMS[s])
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
    """Fewer car km (two levers) × carpooling × electric cars compound multiplicatively."""
    base = model.evaluate({}).items["mobilite"]["voiture"][-1]
    both = model.evaluate({"teletravail": 4, "urbanisme_proximite": 4})
    tele = model.lever("teletravail").effects[0].values[3]
    urba = model.lever("urbanisme_proximite").effects[0].values[3]
    assert both.items["mobilite"]["voiture"][-1] == pytest.approx(base * tele * urba, rel=1e-12)
    assert both.items["mobilite"]["voiture"][-1] != pytest.approx(
        base * (1 - (1 - tele) - (1 - urba)), rel=1e-6)


def test_car_item_by_hand(model):
    """Car emissions in 2050 recomputed from the territory file and the factor base."""
    t = model.territories["france"].values()
    fb = model.factors
    occupancy = model.lever("covoiturage").effects[0].values[3]
    ev = model.lever("voiture_electrique").effects[0].values[3]
    km = t["car_km"] * model.lever("teletravail").effects[0].values[3]
    factor = (ev * fb.value("mob_ngceval_car_medium_electric_vkm", "kgCO2e/vkm")
              + (1 - ev) * fb.value("mob_ngceval_car_medium_petrol_vkm", "kgCO2e/vkm"))
    expected = km * factor / occupancy * t["car_calibration"]
    r = model.evaluate({"covoiturage": 4, "voiture_electrique": 4, "teletravail": 4})
    assert r.items["mobilite"]["voiture"][-1] == pytest.approx(expected, rel=1e-12)


def test_combined_reduction_is_less_than_sum_of_separate(model):
    """Overlapping levers do not double count: the joint effect is smaller than the sum."""
    levels = {"teletravail": 4, "urbanisme_proximite": 4, "covoiturage": 4, "velo_marche": 4}
    joint = model.evaluate(levels).value() - model.evaluate({}).value()
    separate = sum(model.lever_effect(lid, lvl) for lid, lvl in levels.items())
    assert joint < 0 and separate < joint


def test_order_independence_dict_and_lever_order(model):
    levels = {"flexitarien": 3, "covoiturage": 2, "renovation": 4, "pompe_a_chaleur": 2,
              "vegetarien": 1, "restauration_collective": 4}
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
    factor = model.lever("flexitarien").effects[0].values[1]  # level 2, scale
    assert red[-1] == pytest.approx(base.items["alimentation"]["viande_rouge"][-1] * factor)
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


def test_shapley_sampled_beyond_twelve_sums_and_is_seeded(model):
    levels = {lid: 4 for lid in model.lever_ids[:16]}
    a = model.attribution(levels, seed=1)
    b = model.attribution(levels, seed=1)
    change = model.evaluate(levels).value() - model.evaluate({}).value()
    assert a == b
    assert sum(a.values()) == pytest.approx(change, abs=1e-8)


def test_shapley_of_independent_levers_is_their_own_effect(model):
    """Levers acting on different, additive items get exactly their standalone effect."""
    levels = {"sobriete_numerique": 4, "eau_du_robinet": 3}
    contrib = model.attribution(levels)
    for lid, lvl in levels.items():
        assert contrib[lid] == pytest.approx(model.lever_effect(lid, lvl), rel=1e-9)


def test_shapley_order_independent(model):
    levels = {"teletravail": 3, "covoiturage": 4, "voiture_electrique": 2}
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
    for s in SECTORS:
        assert np.all(band.sector_low[s] <= band.sector_high[s])


def test_scenarios_order_and_target(model):
    totals = {sid: model.evaluate(scenario=sid).value() for sid in model.scenarios}
    assert totals["s1"] < totals["tendanciel"] and totals["s4"] < totals["tendanciel"]
    assert min(totals["s1"], totals["s2"]) < totals["s3"] < totals["s4"]
    assert model.target_2050_kg == 2000 and model.target_range_kg == (1600, 2800)


def test_territory_total_scales_with_population(model):
    r = model.evaluate({}, territory="montpellier-metropole")
    assert r.population == 516657
    assert r.territory_total_t(2023) == pytest.approx(r.value(2023) * 516657 / 1000)


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
