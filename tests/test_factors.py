"""The emission-factor base: shipped data, golden values, and every validation error."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.exceptions import FactorFileError, UnitParseError, UnknownIdError
from simulation.factors import (
    COLUMNS,
    FactorBase,
    clear_cache,
    default_directory,
    factor_files,
    load_factors,
    read_factors,
)
from simulation.units import conversion_factor

FIXTURES = Path(__file__).parent / "data" / "factors"
SECTORS = ("mobilite", "alimentation", "batiment", "economie", "services_publics")


@pytest.fixture(scope="module")
def fb() -> FactorBase:
    return read_factors()


# --------------------------------------------------------------------------------------
# Golden values: numbers of the reference base, after conversion to the canonical unit
# --------------------------------------------------------------------------------------
GOLDEN = [
    ("mob_ic_tgv", 0.00293, "kgCO2e / passenger / km"),
    ("mob_ic_plane_short", 0.224572, "kgCO2e / passenger / km"),
    ("mob_ic_bus_diesel", 0.12242, "kgCO2e / passenger / km"),
    ("mob_ic_car_voiture_compact_essence", 0.16970802, "kgCO2e / passenger / km"),
    ("mob_ngceval_car_medium_petrol_vkm", 0.2715, "kgCO2e / vehicle / km"),
    ("mob_ngceval_car_medium_electric_vkm", 0.1077, "kgCO2e / vehicle / km"),
    ("mob_ngc_ebike_build", 262.0, "kgCO2e / item"),
    ("food_ic_meal_repasavecduboeuf", 4.97, "kgCO2e / meal"),
    ("food_ngc_meal_red_meat", 5.01, "kgCO2e / meal"),
    ("food_ic_kg_boeuf", 28.00917, "kgCO2e / kg"),
    ("food_ic_drink_laitdevache", 1.1505, "kgCO2e / L"),
    ("nrg_elec_fr_2025", 0.0461, "kgCO2e / kWh"),
    ("nrg_gas", 0.215, "kgCO2e / kWh"),
    ("nrg_fuel_oil_l", 3.24, "kgCO2e / L"),
    ("bld_ic_heat_chauffagegaz", 17.837, "kgCO2e / m² / year"),
    ("bld_ngc_build_apartment", 740.0, "kgCO2e / m²"),
    ("eco_ic_dev_smartphone", 80.155, "kgCO2e / item"),
    ("eco_ic_use_email", 0.00246181, "kgCO2e / email"),
    ("eco_ic_use_stockagedonnee", 0.000235334, "kgCO2e / GB / year"),
    ("eco_ic_leisure_hotel", 4.3, "kgCO2e / night"),
    ("agg_ngceval_services_publics", 1189.0, "kgCO2e / person / year"),
    ("agg_ngceval_services_marchands", 210.0, "kgCO2e / person / year"),
]


@pytest.mark.parametrize(("fid", "value", "unit"), GOLDEN)
def test_golden_values(fb, fid, value, unit):
    f = fb[fid]
    assert f.value == pytest.approx(value, rel=1e-12)
    assert f.canonical_unit == unit
    assert fb.value(fid) == f.value


def test_golden_converted_values(fb):
    assert fb.value("mob_ic_tgv", "gCO2e/pkm") == pytest.approx(2.93)
    assert fb.value("agg_ngceval_services_publics", "tCO2e/person/year") == pytest.approx(1.189)
    assert fb.value("nrg_elec_fr_2025", "gCO2e/kWh") == pytest.approx(46.1)
    assert fb.value("bld_ic_heat_chauffagegaz", "kgCO2e/m²/day") == pytest.approx(
        17.837 / 365.25)


def test_ranges_hold_same_scope_alternatives_and_the_rule_of_their_kind(fb):
    # plane with contrails: Nos Gestes Climat's value (same scope) lies inside the range, and
    # the value without contrails (another scope) is not borrowed as a bound
    assert fb.low("mob_ic_plane_short") <= fb.value("mob_ngc_plane_short") \
        <= fb.high("mob_ic_plane_short")
    assert fb.low("mob_ic_plane_short") != pytest.approx(fb.value("mob_ic_plane_short_nocontrail"))
    assert fb.low("mob_ic_plane_short") == pytest.approx(0.1122)  # rule « avion » ±50 %
    # Intercités: 0.0075 (NGC) and 0.00898 (Impact CO2) are the same thing measured twice
    assert fb.low("mob_ic_intercites") <= fb.value("mob_ngc_train_intercites")
    assert fb.high("mob_ngc_train_intercites") >= fb.value("mob_ic_intercites")
    # electricity: the previous edition is another year, not a bound; rule « électricité »
    assert fb.high("nrg_elec_fr_2025") == pytest.approx(0.05532)
    # clothes: manufacturing only is another scope than the full life cycle
    assert fb.low("eco_ic_cloth_tshirtencoton") != pytest.approx(fb.value("eco_ngc_tshirt"))


def test_converted_fixture_values():
    fbu = read_factors(FIXTURES / "valid_units")
    assert fbu.value("test_tgv_g") == pytest.approx(0.00293)
    assert fbu.low("test_tgv_g") == pytest.approx(0.0025)
    assert fbu["test_tgv_g"].canonical_unit == "kgCO2e / passenger / km"
    assert fbu.value("test_services_t") == pytest.approx(1189)
    assert fbu.high("test_services_t", "tCO2e/person/year") == pytest.approx(1.546)
    assert fbu.value("test_elec_mwh") == pytest.approx(0.0461)
    # the row after a two-line quoted note starts on the right line
    assert fbu["test_tgv_g"].line == 2
    assert fbu["test_services_t"].line == 4


def test_spreadsheet_export_bom_crlf_and_blank_line():
    # "CSV UTF-8" from a spreadsheet: byte-order mark, CRLF line ends, a blank line
    fbx = read_factors(FIXTURES / "valid_excel")
    assert fbx.ids == ("test_tgv", "test_meal")
    assert fbx["test_meal"].label_fr == "Repas, végétarien"
    assert fbx["test_meal"].line == 4
    assert fbx.value("test_meal") == pytest.approx(0.85)


# --------------------------------------------------------------------------------------
# The shipped base
# --------------------------------------------------------------------------------------
EXPECTED_FILES = {
    "mobilite", "alimentation", "batiment_energie", "batiment_chauffage",
    "batiment_construction", "economie_biens", "economie_numerique", "economie_services",
}

# every item of section 1 of the reference notes (factors.md)
SECTION_1_IDS = [
    "mob_ngceval_car_medium_petrol_vkm", "mob_ngceval_car_medium_diesel_vkm",
    "mob_ic_car_voiture_compact_essence", "mob_ic_car_voiturethermique",
    "mob_ngceval_car_medium_electric_vkm", "mob_ic_bus_diesel", "mob_ic_tram", "mob_ic_metro",
    "mob_ic_tgv", "mob_ic_ter", "mob_ic_intercites", "mob_ic_plane_short",
    "mob_ic_plane_short_nocontrail", "mob_ngc_plane_short", "mob_ic_bike", "mob_ic_ebike",
    "mob_ic_escooter", "food_ic_meal_repasavecduboeuf", "food_ic_meal_repasavecdupoulet",
    "food_ic_meal_repasvegetarien", "food_ic_meal_repasvegetalien", "food_ngc_meal_red_meat",
    "food_ngc_meal_white_meat", "food_ic_kg_boeuf", "food_ic_kg_poulet", "food_ic_kg_porc",
    "food_ic_kg_mangue", "food_ic_kg_manguebateau", "nrg_elec_fr_2025", "nrg_elec_fr_prev",
    "nrg_gas", "nrg_fuel_oil_l", "bld_ic_heat_chauffagegaz", "bld_ic_heat_chauffagefioul",
    "bld_ic_heat_chauffageelectrique", "bld_ic_heat_pompeachaleur",
    "bld_ic_heat_reseaudechaleur", "eco_ic_dev_smartphone", "eco_ic_dev_ordinateurportable",
    "eco_ic_dev_television", "eco_ic_streaming_got", "eco_ic_use_streamingvideo",
    "eco_ic_cloth_tshirtencoton", "eco_ic_cloth_jeans", "eco_ngc_tshirt", "eco_ngc_jeans",
]

RESTRICTED_IDS = [
    "mob_ic_scooter_electric", "mob_ngc_car_maint_thermal", "mob_ngc_car_maint_ev",
    "mob_ngc_car_prod_thermal_perkg", "mob_ngc_car_prod_ev_perkg", "mob_ngc_battery_perkwh",
    "nrg_elec_water",
]


def test_shipped_base_size_and_files(fb):
    assert len(fb) >= 80
    assert {p.stem for p in factor_files(default_directory())} == EXPECTED_FILES
    for sector in ("mobilite", "alimentation", "batiment", "economie"):
        assert len(fb.by_sector(sector)) >= 5, sector
    assert {f.sector for f in fb} <= set(SECTORS)


@pytest.mark.parametrize("fid", SECTION_1_IDS)
def test_section_1_items_are_shipped(fb, fid):
    assert fid in fb


@pytest.mark.parametrize("fid", RESTRICTED_IDS)
def test_restricted_ecoinvent_rows_are_not_shipped(fb, fid):
    assert fid not in fb


def test_walking_is_not_a_factor(fb):
    assert "mob_ic_walk" not in fb


def test_car_occupancy_trap(fb):
    ic_cars = [f for f in fb if f.id.startswith("mob_ic_car_")]
    assert ic_cars
    for f in ic_cars:
        assert f.canonical_unit == "kgCO2e / passenger / km", f.id
        assert "à occupation 1,6" in f.notes, f.id
    vkm = [f for f in fb if f.id.startswith("mob_ngceval_car_")]
    assert len(vkm) >= 9
    for f in vkm:
        assert f.canonical_unit == "kgCO2e / vehicle / km", f.id


def test_every_range_states_its_rule(fb):
    for f in fb:
        assert 0 < f.low <= f.value <= f.high, f.id
        assert ("plage par défaut (hypothèse, voir SCHEMA.md)" in f.notes
                or "valeur alternative sourcée" in f.notes), f.id
        assert f.source, f.id


def test_some_factors_are_due_and_some_are_not(fb):
    due = fb.due(dt.date(2027, 7, 1))
    assert 0 < len(due) < len(fb)
    assert all(f.review_by <= dt.date(2027, 7, 1) for f in due)
    assert [f.review_by for f in due] == sorted(f.review_by for f in due)


# --------------------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------------------
def test_mapping_api(fb):
    assert len(fb) == len(fb.ids) == len(list(fb))
    assert fb.ids[0] == next(iter(fb)).id
    assert "mob_ic_tgv" in fb
    assert "nope" not in fb
    f = fb["mob_ic_tgv"]
    assert f.path.endswith("mobilite.csv")
    assert f.line > 1
    assert f.group == "mobilite"
    assert f.label("en") == f.label_en
    assert isinstance(f.review_by, dt.date)
    q = fb.quantity("mob_ic_tgv")
    assert q.to("gCO2e/pkm").magnitude == pytest.approx(2.93)


def test_unknown_id_suggests_close_ids(fb):
    with pytest.raises(UnknownIdError, match="mob_ic_tgv"):
        fb["mob_ic_tgvv"]


def test_value_in_incompatible_unit(fb):
    with pytest.raises(UnitParseError):
        fb.value("mob_ic_tgv", "kgCO2e/kWh")


def test_load_factors_is_cached_per_directory(tmp_path):
    clear_cache()
    a = load_factors()
    assert load_factors() is a
    assert load_factors(default_directory()) is a
    other = load_factors(FIXTURES / "valid_units")
    assert other is not a
    assert len(other) == 3
    clear_cache()
    assert load_factors() is not a


def test_atelier_data_environment_variable(monkeypatch):
    monkeypatch.setenv("ATELIER_DATA", str(FIXTURES / "due"))
    clear_cache()
    try:
        assert set(load_factors().ids) == {"test_tgv", "test_later", "test_soon"}
    finally:
        clear_cache()


# --------------------------------------------------------------------------------------
# Every bad-input case has its own broken fixture and reports the exact line
# --------------------------------------------------------------------------------------
BROKEN = [
    # case, file, line, column, words in the message
    ("bad_number", "factors.csv", 3, "value", "nombre illisible « 0,27 »"),
    ("unknown_unit", "factors.csv", 3, "unit", "unité inconnue « kgCO2e/banane »"),
    ("no_co2e", "factors.csv", 3, "unit", "n'a pas la dimension CO2e"),
    ("nonpositive", "factors.csv", 3, "value", "doit être > 0"),
    ("not_finite", "factors.csv", 3, "value", "nombre non fini « inf »"),
    ("low_above_value", "factors.csv", 3, "low", "low (0.28) > value (0.27)"),
    ("value_above_high", "factors.csv", 3, "high", "value (0.27) > high (0.26)"),
    ("duplicate_id", "b.csv", 3, "id", "en double : déjà défini en "),
    ("empty_source", "factors.csv", 3, "source", "source vide"),
    ("invalid_id", "factors.csv", 3, "id", "identifiant invalide « Test-Bad »"),
    ("invalid_date", "factors.csv", 3, "review_by", "date invalide « 2027-02-30 »"),
    ("invalid_year", "factors.csv", 3, "year", "année invalide"),
    ("unknown_sector", "factors.csv", 3, "sector", "secteur inconnu « transport »"),
    ("missing_column", "factors.csv", 1, "source", "colonne manquante"),
    ("unknown_column", "factors.csv", 1, "commentaire", "colonne inconnue"),
    ("not_utf8", "factors.csv", 3, "", "n'est pas en UTF-8"),
    ("wrong_field_count", "factors.csv", 3, "", "3 champs au lieu de 13"),
]


@pytest.mark.parametrize(("case", "file", "line", "column", "words"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_broken_fixture_reports_path_line_column(case, file, line, column, words):
    with pytest.raises(FactorFileError) as info:
        read_factors(FIXTURES / case, SECTORS)
    problems = info.value.problems
    hits = [p for p in problems
            if Path(p.path).as_posix().endswith(f"{case}/{file}")
            and p.line == line and p.column == column]
    assert hits, problems
    assert words in hits[0].message
    col = f" {column}:" if column else ""
    assert f"{case}/{file}:{line}:{col} {hits[0].message}" in str(info.value)


def test_duplicate_id_names_both_places():
    with pytest.raises(FactorFileError) as info:
        read_factors(FIXTURES / "duplicate_id")
    text = str(info.value)
    assert "duplicate_id/b.csv:3: id:" in text
    assert "duplicate_id/a.csv:2" in text


def test_nonpositive_reports_every_bad_number():
    with pytest.raises(FactorFileError) as info:
        read_factors(FIXTURES / "nonpositive")
    cols = {(p.line, p.column) for p in info.value.problems}
    assert cols == {(3, "value"), (3, "low")}


def test_all_problems_are_collected_not_just_the_first():
    with pytest.raises(FactorFileError) as info:
        read_factors(FIXTURES / "many_problems")
    found = {(p.line, p.column) for p in info.value.problems}
    assert found == {(3, "value"), (4, "low"), (4, "unit"), (5, "source"), (5, "review_by")}
    assert str(info.value).startswith("5 problèmes dans les fichiers de facteurs")


def test_fixture_cases_cover_every_column_check():
    # guard: a fixture folder per case, and the valid row of each fixture is itself valid
    for case, file, *_ in BROKEN:
        assert (FIXTURES / case / file).is_file(), case
    assert len(COLUMNS) == 13


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(FactorFileError, match="introuvable"):
        read_factors(tmp_path / "nope")
    with pytest.raises(FactorFileError, match="aucun fichier"):
        read_factors(tmp_path)


# --------------------------------------------------------------------------------------
# Property: converting a factor to a compatible unit and back is the identity
# --------------------------------------------------------------------------------------
_FB = read_factors()
_IDS = sorted(_FB.ids)
_CO2E = ["gCO2e", "kgCO2e", "tCO2e", "ktCO2e", "MtCO2e"]


# other units of the same dimension for each canonical activity token
_ALT_ACTIVITY = {"km": "mile", "year": "day", "kWh": "MJ", "kg": "g", "L": "mL",
                 "m²": "cm²", "hour": "minute", "GB": "MB"}


def _compatible_unit(canonical: str, co2e: str, stretch: bool) -> str:
    tokens = canonical.split(" / ")[1:]
    if stretch:
        tokens = [_ALT_ACTIVITY.get(t, t) for t in tokens]
    return " / ".join([co2e, *tokens])


@settings(max_examples=200, deadline=None)
@given(fid=st.sampled_from(_IDS), co2e=st.sampled_from(_CO2E),
       stretch=st.booleans())
def test_convert_and_back_is_identity(fid, co2e, stretch):
    f = _FB[fid]
    unit = _compatible_unit(f.canonical_unit, co2e, stretch)
    there = _FB.value(fid, unit)
    back = there * conversion_factor(unit, f.canonical_unit)
    assert math.isclose(back, f.value, rel_tol=1e-12)
    assert math.isfinite(there)
    assert there > 0
