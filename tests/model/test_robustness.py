"""Any territory the data allows and any lever levels give finite, non-negative emissions.

Territories are drawn at random: every activity parameter from its allowed minimum to ten
times France's value, every share within its allowed range, heating shares summing to 1 and
meat and fish meals within the main meals (what the loader checks). Divisions by a value
that data could set to 0 are either refused at load time, naming the file, the line and the
allowed range in ``data/model/parameters.csv``, or give a defined result.
"""

from __future__ import annotations

import dataclasses
import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.exceptions import TerritoryFileError
from simulation.model import Model, load_model
from simulation.paths import data_dir
from simulation.territories import load_territories

MODEL = load_model()
FRANCE = MODEL.territories["france"]
SPECS = MODEL.vocabulary.parameters
HEAT = sorted(n for n in FRANCE.parameters if n.startswith("heat_share_"))
MEAT = ("red_meat_meals", "white_meat_meals", "fish_meals")
N_LEVERS = len(MODEL.lever_ids)


def _bounds(name: str) -> tuple[float, float]:
    spec, value = SPECS[name], FRANCE.parameters[name].value
    low = spec.minimum if spec.minimum is not None else 0.0
    if spec.kind == "share":
        return low, spec.maximum
    high = max(10 * value, low + 1.0)
    return low, high if spec.maximum is None else min(high, spec.maximum)


FREE = sorted(n for n in FRANCE.parameters if n not in HEAT and n not in MEAT)


@st.composite
def territories(draw):
    values = {n: draw(st.floats(*_bounds(n), allow_nan=False)) for n in FREE}
    weights = [draw(st.floats(0.0, 1.0)) for _ in HEAT]
    if sum(weights) == 0:
        weights[0] = 1.0
    values.update({n: w / sum(weights) for n, w in zip(HEAT, weights, strict=True)})
    meals = values["main_meals"]
    cuts = sorted(draw(st.floats(0.0, 1.0)) for _ in range(3))
    parts = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1]]
    values.update({n: meals * share for n, share in zip(MEAT, parts, strict=True)})
    for n in ("bus_km", "tram_metro_km"):  # the case that used to divide by zero
        if draw(st.booleans()):
            values[n] = 0.0
    params = {n: dataclasses.replace(FRANCE.parameters[n], value=float(v))
              for n, v in values.items()}
    return dataclasses.replace(FRANCE, id="random", parameters=params)


def _model_with(territory) -> Model:
    m = MODEL
    return Model(m.factors, {**m.territories, territory.id: territory}, m.levers, m.scenarios,
                 m.targets, m.data_path, m.vocabulary)


@settings(max_examples=80, deadline=None)
@given(territory=territories(),
       levels=st.lists(st.integers(0, 4), min_size=N_LEVERS, max_size=N_LEVERS),
       scenario=st.sampled_from(sorted(MODEL.scenarios)))
def test_random_territories_and_levers_give_finite_non_negative_emissions(
        territory, levels, scenario):
    model = _model_with(territory)
    for chosen in ({}, model.levels_dict(levels), None):
        r = model.evaluate(chosen, territory.id, scenario)
        assert np.all(np.isfinite(r.total)) and np.all(r.total >= 0)
        for sector, items in r.items.items():
            for item, values in items.items():
                assert np.all(np.isfinite(values)), (sector, item)
                assert np.all(values >= -1e-9), (sector, item, float(np.min(values)))


def test_no_bus_nor_tram_sends_shifted_car_km_to_the_bus():
    """Both urban distances at 0 used to divide by zero; the shifted km now take the bus."""
    params = dict(FRANCE.parameters)
    for n in ("bus_km", "tram_metro_km"):
        params[n] = dataclasses.replace(params[n], value=0.0)
    model = _model_with(dataclasses.replace(FRANCE, id="sans-tc", parameters=params))
    r = model.evaluate({"transports_en_commun": 4}, "sans-tc")
    transit = r.items["mobilite"]["transports_urbains"]
    assert np.all(np.isfinite(transit)) and transit[-1] > 0
    assert transit[0] == 0  # nothing shifted yet in 2023, and no bus nor tram


@pytest.mark.parametrize(("name", "value"), [
    ("car_occupancy", 0), ("car_occupancy", 0.5), ("building_lifetime_years", 0),
    ("upkeep_period_years", 0), ("renovation_period_years", 0), ("bike_lifetime_years", 0),
    ("food_waste_share", 1.0),
])
def test_a_divisor_set_to_zero_is_refused_with_file_line_and_range(tmp_path, name, value):
    folder = tmp_path / "territories"
    shutil.copytree(data_dir() / "territories", folder)
    path = folder / "montpellier-metropole.toml"
    text = path.read_text("utf-8").replace(
        "[parameters]\n", f'[parameters]\n{name} = {{ value = {value}, source = "essai" }}\n', 1)
    text = text.replace(f'"{name}", ', "")  # no longer inherited
    path.write_text(text, "utf-8")
    with pytest.raises(TerritoryFileError) as exc:
        load_territories(folder, MODEL.vocabulary)
    message = "\n".join(str(p) for p in exc.value.problems)
    line = next(i for i, row in enumerate(text.splitlines(), start=1)
                if row.startswith(f"{name} = "))
    spec = SPECS[name]
    assert f"montpellier-metropole.toml:{line}: parameters.{name}.value" in message, message
    assert "hors plage" in message and f"parameters.csv:{spec.line}" in message, message


# --------------------------------------------------------------------------------------
# Parameters behind a lever (the dashboard's « valeur nationale » list)
# --------------------------------------------------------------------------------------
def test_parameters_behind_a_lever_are_those_that_move_its_effect():
    inherited = MODEL.territories["montpellier-metropole"].inherited()
    behind = MODEL.lever_inputs("montpellier-metropole", inherited)
    assert set(behind) == set(MODEL.lever_ids)
    assert "car_occupancy" in behind["covoiturage"]
    assert "plane_long_km" in behind["moins_avion"]
    assert "red_meat_meals" in behind["flexitarien"]
    assert not any("car_" in n for n in behind["flexitarien"])
    for names in behind.values():
        assert set(names) <= set(inherited)
    # France is the national reference: nothing there is « national » by inheritance
    assert MODEL.territories["france"].inherited() == ()
