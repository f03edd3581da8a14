"""The project's pint registry: CO2e dimension, activity units, canonical forms."""

from __future__ import annotations

import math

import pint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.exceptions import UnitParseError
from simulation.units import (
    CANONICAL_ACTIVITY_UNITS,
    Q_,
    canonical_form,
    conversion_factor,
    parse_unit,
    ureg,
)


def test_co2e_mass_units_convert_between_each_other():
    assert Q_(1, "kgCO2e").to("gCO2e").magnitude == pytest.approx(1000)
    assert Q_(1, "tCO2e").to("kgCO2e").magnitude == pytest.approx(1000)
    assert Q_(1, "MtCO2e").to("tCO2e").magnitude == pytest.approx(1e6)
    assert Q_(2.5, "GtCO2e").to("MtCO2e").magnitude == pytest.approx(2500)


def test_ktco2e_is_kilotonnes_not_knots():
    kt = Q_(1, "ktCO2e")
    assert kt.dimensionality == ureg.parse_units("kgCO2e").dimensionality
    assert kt.to("kgCO2e").magnitude == pytest.approx(1e6)
    assert kt.to("tCO2e").magnitude == pytest.approx(1e3)
    # plain "kt" stays pint's knot: a speed, which can never become CO2e
    assert Q_(1, "kt").dimensionality == ureg.parse_units("m/s").dimensionality
    with pytest.raises(pint.DimensionalityError):
        Q_(1, "kt").to("kgCO2e")


def test_co2e_is_not_a_plain_mass():
    with pytest.raises(pint.DimensionalityError):
        Q_(1, "kgCO2e").to("kg")


def test_spaced_co2e_spelling_equals_compact_one():
    assert Q_(3, "kg CO2e").to("kgCO2e").magnitude == pytest.approx(3)
    assert Q_(1, "t CO2e").to("kgCO2e").magnitude == pytest.approx(1000)


def test_two_spellings_of_per_passenger_km_are_the_same_quantity():
    a = Q_(1, "kgCO2e/pkm")
    b = Q_(1000, "g CO2e / (passenger * km)")
    assert a.dimensionality == b.dimensionality
    assert a.to(b.units).magnitude == pytest.approx(b.magnitude)
    assert a == b


def test_passenger_km_and_vehicle_km_do_not_mix():
    with pytest.raises(pint.DimensionalityError):
        Q_(1, "kgCO2e/pkm").to("kgCO2e/vkm")
    assert Q_(1, "vkm").to("vehicle * m").magnitude == pytest.approx(1000)


@pytest.mark.parametrize(
    "unit",
    ["meal", "item", "person", "night", "email", "search", "parcel", "GB", "kWh", "m²",
     "L", "hour", "year", "passenger", "vehicle"],
)
def test_activity_units_parse(unit):
    parse_unit(unit)


def test_data_volume_has_its_own_dimension():
    # pint's byte is dimensionless; ours is not, so kgCO2e/GB is not a bare kgCO2e
    assert parse_unit("GB").dimensionality != parse_unit("kgCO2e/kgCO2e").dimensionality
    assert Q_(1, "GB").to("MB").magnitude == pytest.approx(1000)


@pytest.mark.parametrize(
    ("unit", "canonical", "scale"),
    [
        ("kgCO2e/pkm", "kgCO2e / passenger / km", 1.0),
        ("g CO2e / (passenger * km)", "kgCO2e / passenger / km", 1e-3),
        ("kgCO2e/vkm", "kgCO2e / vehicle / km", 1.0),
        ("tCO2e/person/year", "kgCO2e / person / year", 1e3),
        ("kgCO2e/MWh", "kgCO2e / kWh", 1e-3),
        ("kgCO2e/m²/year", "kgCO2e / m² / year", 1.0),
        ("kgCO2e/(m² · year)", "kgCO2e / m² / year", 1.0),
        ("gCO2e/min", "kgCO2e / hour", 0.06),
        ("kgCO2e/t", "kgCO2e / kg", 1e-3),
        ("gCO2e/GB", "kgCO2e / GB", 1e-3),
    ],
)
def test_canonical_form(unit, canonical, scale):
    form = canonical_form(unit)
    assert form.unit == canonical
    assert form.scale == pytest.approx(scale)


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("kgCO2e/banane", "unité inconnue"),
        ("kg/km", "dimension CO2e"),
        ("kgCO2e", "unité d'activité non prise en charge"),
        ("kgCO2e/unit", "unité d'activité non prise en charge"),  # pint reads µ-nit!
        ("kgCO2e/(pkm", "illisible"),
        ("kgCO2e*km", "unité d'activité non prise en charge"),
        ("kgCO2e**2/pkm", "dimension CO2e"),
    ],
)
def test_canonical_form_rejects(unit, message):
    with pytest.raises(UnitParseError, match=message):
        canonical_form(unit)


def test_every_canonical_unit_is_readable_back():
    for activity, _display in CANONICAL_ACTIVITY_UNITS:
        form = canonical_form(f"kgCO2e / ({activity})")
        assert form.scale == pytest.approx(1.0)
        assert parse_unit(form.unit).dimensionality == parse_unit(
            f"kgCO2e / ({activity})").dimensionality


def test_conversion_factor_rejects_other_dimensions():
    with pytest.raises(UnitParseError, match="dimensions différentes"):
        conversion_factor("kgCO2e/pkm", "kgCO2e/kWh")


def test_one_registry_for_the_whole_project():
    import simulation.factors as factors_module
    import simulation.units as units_module

    assert factors_module.Q_ is units_module.Q_
    assert Q_(1, "kgCO2e")._REGISTRY is ureg


CO2E = ["gCO2e", "kgCO2e", "tCO2e", "ktCO2e", "MtCO2e"]


@settings(deadline=None)  # the first pint conversion of a pair is slow on a busy machine
@given(
    x=st.floats(min_value=1e-9, max_value=1e9, allow_nan=False, allow_infinity=False),
    a=st.sampled_from(CO2E),
    b=st.sampled_from(CO2E),
)
def test_co2e_conversion_round_trip(x, a, b):
    there = x * conversion_factor(a, b)
    back = there * conversion_factor(b, a)
    assert math.isclose(back, x, rel_tol=1e-12)
