"""Golden values of the sub-items corrected for double counting and wrong bases (issue 10).

These are checks of the shipped data with the equations (``shipped_model``): each test
recomputes a sub-item by hand from the data rows themselves (factor CSVs and
``data/territories/france.toml``, read here with the standard library, not through the
model), and says in its docstring what the sub-item counts and what it leaves to another one.
The perimeter of every sub-item is written in ``docs/methodologie.md`` (§ 2 and § 4).
"""

from __future__ import annotations

import csv
import re
import tomllib

import pytest

from simulation.paths import data_dir

DATA = data_dir()
YEAR = 2023


def _factors() -> dict[str, dict]:
    rows = {}
    for path in sorted((DATA / "emission_factors").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                rows[row["id"]] = row
    return rows


FACTORS = _factors()
with open(DATA / "territories" / "france.toml", "rb") as _fh:
    FRANCE = {k: v["value"] for k, v in tomllib.load(_fh)["parameters"].items()}
ROLES = {}
with open(DATA / "model" / "factor_roles.csv", encoding="utf-8", newline="") as _fh:
    for _row in csv.DictReader(_fh):
        ROLES[_row["role"]] = _row["factor"]


def f(role: str) -> float:
    """The value of the factor playing ``role``, as written in its CSV row."""
    return float(FACTORS[ROLES[role]]["value"])


def p(name: str) -> float:
    return float(FRANCE[name])


@pytest.fixture(scope="module")
def items(shipped_model):
    return shipped_model.evaluate({}, "france").item_values(YEAR)


def test_bicycles_are_charged_per_bike_owned_per_year(items):
    """« Vélo et marche » = bicycles owned × manufacture of a bicycle ÷ its lifetime.

    Riding and walking emit nothing; the old per-km factor (Impact CO2, 0,17 g/km) printed
    17 g a year for the whole sub-item. The bicycle factor is Trek's 116 kg via Nos Gestes
    Climat, the lifetime NGC's 12 years, the ownership the CGDD's 0,59 bike per person.
    """
    assert ROLES["ef_bike_build"] == "mob_ngc_bike_build"
    expected = p("bikes_per_person") * f("ef_bike_build") / p("bike_lifetime_years")
    assert items["mobilite"]["velo"] == pytest.approx(expected, rel=1e-9)


def test_bicycle_manufacture_does_not_grow_with_km_shifted_to_cycling(shipped_model):
    """Car km shifted to cycling and walking ride bicycles already owned (methodology § 4.4)."""
    base = shipped_model.evaluate({}, "france").item_values(2050)["mobilite"]["velo"]
    shifted = shipped_model.evaluate({"velo_marche": 4}, "france").item_values(2050)["mobilite"]["velo"]
    assert shifted == pytest.approx(base)


def test_construction_is_the_flow_of_new_dwellings(shipped_model, items):
    """« Construction » = new dwellings per inhabitant × their floor area × factor per m².

    It was the floor area of the whole existing stock ÷ 50 years, which charged every m²
    lived in, however old, with a new building. The flow is 380 000 dwellings a year
    (ADEME 2017) over the 2023 population; the factor is weighted by the floor area in flats.
    """
    share = p("apartment_share")
    per_m2 = share * f("ef_build_apartment") + (1 - share) * f("ef_build_house")
    expected = p("new_dwellings_per_person") * p("new_dwelling_area_m2") * per_m2
    assert items["batiment"]["construction"] == pytest.approx(expected, rel=1e-9)
    # sharing the existing stock (smaller area per person) does not change what is built;
    # the construction lever acts on the flow
    shared = shipped_model.evaluate({"sobriete_surface": 4}, "france").item_values(2050)["batiment"]
    base = shipped_model.evaluate({}, "france").item_values(2050)["batiment"]
    assert shared["construction"] == pytest.approx(base["construction"])
    built_less = shipped_model.evaluate({"construction_sobre": 3}, "france").item_values(2050)
    assert built_less["batiment"]["construction"] == pytest.approx(base["construction"] * 0.4)


def test_works_on_the_existing_stock(items):
    """« Travaux » = floor area × (upkeep every 10 years + second-work renovation every 50).

    Both are works on the dwellings that exist (NGC's factors per m²); insulation of the
    dwellings renovated by the lever is added only when the lever plays (0 in 2023).
    """
    expected = p("floor_area_m2") * (f("ef_upkeep") / p("upkeep_period_years")
                                     + f("ef_renovation") / p("renovation_period_years"))
    assert items["batiment"]["travaux"] == pytest.approx(expected, rel=1e-9)


def _use_removed(hors_usage_id: str, full_id: str) -> None:
    """The row without use = the full life cycle minus « usage » quoted in its own notes."""
    row = FACTORS[hors_usage_id]
    per_year, years = (float(x) for x in re.search(
        r"moins l'usage[^:]*: ([\d.]+) kgCO2e/an × ([\d.]+) ans", row["notes"]).groups())
    assert float(row["value"]) == pytest.approx(
        float(FACTORS[full_id]["value"]) - per_year * years, abs=1e-3)


@pytest.mark.parametrize("slug", ["smartphone", "ordinateurportable", "television",
                                  "tabletteclassique"])
def test_device_factors_leave_the_use_phase_to_housing_electricity(slug):
    _use_removed(f"eco_ic_dev_{slug}_hors_usage", f"eco_ic_dev_{slug}")


@pytest.mark.parametrize("slug", ["tshirtencoton", "jeans", "pullenlaine", "manteau"])
def test_clothes_factors_leave_washing_to_housing_electricity(slug):
    _use_removed(f"eco_ic_cloth_{slug}_hors_usage", f"eco_ic_cloth_{slug}")


def test_appliances_count_their_manufacture_only(items):
    """« Électroménager » = appliances bought × manufacture and distribution.

    Impact CO2's life cycle adds 10 to 12 years of electricity (about 22 kg a year for a
    dishwasher), which the housing electricity (CEREN's specific electricity) already counts:
    Nos Gestes Climat's washer and fridge (342, 257 kg) and Impact CO2's « total » of the
    dishwasher and oven (271, 217 kg) have no use phase.
    """
    assert [ROLES[r] for r in ("ef_washer", "ef_fridge")] == ["eco_ngc_appl_washer",
                                                              "eco_ngc_appl_fridge"]
    assert [ROLES[r] for r in ("ef_dishwasher", "ef_oven")] == [
        "eco_ic_appl_lavevaisselle_fabrication", "eco_ic_appl_fourelectrique_fabrication"]
    expected = (p("washers_per_year") * f("ef_washer") + p("fridges_per_year") * f("ef_fridge")
                + p("dishwashers_per_year") * f("ef_dishwasher")
                + p("ovens_per_year") * f("ef_oven"))
    assert items["economie"]["electromenager"] == pytest.approx(expected, rel=1e-9)


def test_digital_and_clothes_by_hand(items):
    """« Numérique » = devices bought (without use) + hours online × networks and data centres;
    « Vêtements » = pieces bought × factor without washing."""
    devices = (p("smartphones_per_year") * f("ef_smartphone")
               + p("laptops_per_year") * f("ef_laptop") + p("tvs_per_year") * f("ef_tv")
               + p("tablets_per_year") * f("ef_tablet"))
    internet = p("internet_hours_per_day") * 365 * f("ef_internet_hour")
    assert items["economie"]["numerique"] == pytest.approx(devices + internet, rel=1e-9)
    clothes = (p("tshirts_per_year") * f("ef_tshirt") + p("jeans_per_year") * f("ef_jeans")
               + p("sweaters_per_year") * f("ef_sweater") + p("coats_per_year") * f("ef_coat")
               + p("shoes_per_year") * f("ef_shoes"))
    assert items["economie"]["textile"] == pytest.approx(clothes, rel=1e-9)


def test_digital_growth_applies_to_the_whole_digital_footprint(shipped_model):
    """ADEME-Arcep's +187 % (trend) is about the digital footprint, mostly devices: it scales
    the whole « Numérique » sub-item, not only the hours online."""
    context = {e.parameter: e.values[0] for e in shipped_model.scenarios["tendanciel"].context}
    assert "internet_hours_per_day" not in context
    r = shipped_model.evaluate({}, "france")
    now, then = r.item_values(2023)["economie"]["numerique"], r.item_values(2050)
    # elec_index does not move without lever: the whole item is multiplied
    assert then["economie"]["numerique"] == pytest.approx(now * context["digital_index"])


def test_hot_water_and_cooking_from_every_energy(items):
    """« Eau chaude, cuisson » = CEREN's hot water and cooking by energy × its factor.

    Only gas was counted; electricity, heating oil, wood, district heat and LPG for hot water
    and cooking were missing from the footprint (about 57 kg a person)."""
    expected = (p("dhw_cooking_gas_kwh") * f("ef_gas") + p("dhw_cooking_elec_kwh") * f("ef_elec")
                + p("dhw_oil_kwh") * f("ef_oil") + p("dhw_wood_kwh") * f("ef_wood")
                + p("dhw_dh_kwh") * f("ef_dh") + p("dhw_cooking_lpg_kwh") * f("ef_lpg"))
    assert items["batiment"]["eau_chaude_cuisson"] == pytest.approx(expected, rel=1e-9)


def test_air_conditioning_counts_leaks_and_electricity(items):
    """« Climatisation » = refrigerant leaks (Citepa's inventory, no electricity in it) + the
    electricity of air conditioning (CEREN, outside the specific electricity)."""
    expected = p("ac_kg") + p("ac_elec_kwh") * f("ef_elec")
    assert items["batiment"]["climatisation"] == pytest.approx(expected, rel=1e-9)


def test_holiday_nights_are_housing_and_residuals_are_not_counted_twice(items):
    """Holiday accommodation is in NGC's housing (« logement . vacances »), not in its
    « divers »: the nights are a housing sub-item, removed from the housing residual, and
    no longer taken out of the goods residual. Each residual is NGC's aggregate minus what
    is detailed here, to 0,1 kg."""
    nights = (p("hotel_nights") * f("ef_hotel_night") + p("camping_nights")
              * f("ef_camping_night") + p("rental_nights") * f("ef_rental_night"))
    housing = items["batiment"]
    assert housing["loisirs"] == pytest.approx(nights, rel=1e-9)
    assert "loisirs" not in items["economie"]
    assert p("other_housing_kg") == pytest.approx(
        1659 - 567 - 762 - 113 - housing["climatisation"] - housing["loisirs"], abs=0.1)
    economy = items["economie"]
    assert p("other_goods_kg") == pytest.approx(
        1187 - 194 - 340 - economy["electromenager"] - economy["ameublement"], abs=0.1)
