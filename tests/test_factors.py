"""The emission-factor base: reading, units, every validation error, and the shipped base's
quality.

Values are checked on fixture files (``tests/data/mini``, ``tests/data/factors``); the shipped
base (``data/emission_factors``) is only checked for what must hold whatever an author does
within the rules: sources, ordered ranges, sourced bounds, licences, units of car factors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
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
MINI = Path(__file__).parent / "data" / "mini"
SECTORS = ("mobilite", "alimentation", "batiment", "economie", "services_publics")


@pytest.fixture(scope="module")
def fb() -> FactorBase:
    """The shipped factor base (quality checks only)."""
    return read_factors()


@pytest.fixture(scope="module")
def mini_fb() -> FactorBase:
    """The fixture factor base (tests/data/mini/emission_factors), round values."""
    return read_factors(MINI / "emission_factors", SECTORS)


# --------------------------------------------------------------------------------------
# Values after conversion to the canonical unit (fixture values, known by hand)
# --------------------------------------------------------------------------------------
GOLDEN = [
    # id, value in the canonical unit, canonical unit (file unit in the comment)
    ("mob_ic_tgv", 0.004, "kgCO2e / passenger / km"),  # kgCO2e/pkm
    ("mob_ic_tram", 0.005, "kgCO2e / passenger / km"),  # 5 gCO2e/pkm
    ("mob_ngceval_car_medium_petrol_vkm", 0.2, "kgCO2e / vehicle / km"),  # kgCO2e/vkm
    ("food_ngc_meal_red_meat", 5.0, "kgCO2e / meal"),
    ("food_ic_kg_mangue", 10.0, "kgCO2e / kg"),
    ("food_ic_drink_laitdevache", 1.2, "kgCO2e / L"),
    ("nrg_elec_fr_2025", 0.05, "kgCO2e / kWh"),  # 50 kgCO2e/MWh
    ("bld_ic_heat_chauffagegaz", 15.0, "kgCO2e / m² / year"),
    ("bld_ngc_build_apartment", 700.0, "kgCO2e / m²"),
    ("eco_ic_dev_smartphone", 80.0, "kgCO2e / item"),
    ("eco_ngc_internet_hour", 0.02, "kgCO2e / hour"),
    ("eco_ic_leisure_hotel", 5.0, "kgCO2e / night"),
    ("agg_ngceval_services_publics", 1200.0, "kgCO2e / person / year"),  # 1.2 tCO2e/…
]


@pytest.mark.parametrize(("fid", "value", "unit"), GOLDEN)
def test_golden_values(mini_fb, fid, value, unit):
    f = mini_fb[fid]
    assert f.value == pytest.approx(value, rel=1e-12)
    assert f.canonical_unit == unit
    assert mini_fb.value(fid) == f.value


def test_golden_converted_values(mini_fb):
    assert mini_fb.value("mob_ic_tgv", "gCO2e/pkm") == pytest.approx(4)
    assert mini_fb.value("agg_ngceval_services_publics", "tCO2e/person/year") == pytest.approx(1.2)
    assert mini_fb.value("nrg_elec_fr_2025", "gCO2e/kWh") == pytest.approx(50)
    assert mini_fb.high("nrg_elec_fr_2025", "kgCO2e/MWh") == pytest.approx(60)
    assert mini_fb.value("bld_ic_heat_chauffagegaz", "kgCO2e/m²/day") == pytest.approx(
        15 / 365.25)


#: Two ways the notes of a shipped factor name another factor as a sourced alternative:
#: « bas : valeur alternative sourcée 0.12 = other_id » (the bound is that value) and
#: « valeur alternative sourcée 0.3 (other_id) comprise dans la plage » (inside the range).
_BOUND = re.compile(r"(bas|haut) : valeur alternative sourcée ([0-9.eE+-]+) = (\w+)")
_INSIDE = re.compile(r"valeur alternative sourcée ([0-9.eE+-]+) \((\w+)\) comprise dans la plage")


def test_sourced_alternatives_are_what_the_notes_say(fb):
    """Quality of the shipped base: every sourced alternative named in the notes is the value
    of that factor, and is the bound (or lies inside the range) the notes say."""
    checked = 0
    for f in fb:
        claims = [(side, num, other) for side, num, other in _BOUND.findall(f.notes)]
        claims += [("dans", num, other) for num, other in _INSIDE.findall(f.notes)]
        for side, num, other in claims:
            scale = f.value / float(f.value_text)  # file unit -> canonical unit
            alternative = float(num) * scale
            assert other in fb, (f.id, other)
            # (another kind of activity unit: the number as written is the claim)
            with contextlib.suppress(UnitParseError):
                assert fb.value(other, f.canonical_unit) == pytest.approx(alternative), f.id
            if side == "bas":
                assert f.low == pytest.approx(alternative), f.id
            elif side == "haut":
                assert f.high == pytest.approx(alternative), f.id
            else:
                assert f.low <= alternative * (1 + 1e-12) and alternative <= f.high * (1 + 1e-12)
            checked += 1
    assert checked  # the shipped base names sourced alternatives


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


def test_due_factors_oldest_first():
    fbd = read_factors(FIXTURES / "due" / "emission_factors")
    on = dt.date(2026, 1, 31)
    due = fbd.due(on)
    assert [f.id for f in due] == ["test_tgv", "test_soon"]  # 2024-12-31, 2026-01-15
    assert all(f.review_by <= on for f in due)
    assert fbd.due(dt.date(2020, 1, 1)) == ()
    assert len(fbd.due(dt.date(2030, 6, 30))) == len(fbd)  # the day itself is due


# --------------------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------------------
def test_mapping_api(mini_fb):
    fb = mini_fb
    assert len(fb) == len(fb.ids) == len(list(fb))
    assert fb.ids[0] == next(iter(fb)).id
    assert "mob_ic_tgv" in fb
    assert "nope" not in fb
    f = fb["mob_ic_tgv"]
    assert f.path.endswith("mobilite.csv")
    assert f.line == 6  # tests/data/mini/emission_factors/mobilite.csv
    assert f.group == "mobilite"
    assert f.label("en") == f.label_en == "High-speed train (TGV)"
    assert f.review_by == dt.date(2098, 6, 30)
    q = fb.quantity("mob_ic_tgv")
    assert q.to("gCO2e/pkm").magnitude == pytest.approx(4)
    assert {f.id for f in fb.by_sector("services_publics")} == {"agg_ngceval_services_publics"}


def test_unknown_id_suggests_close_ids(mini_fb):
    with pytest.raises(UnknownIdError, match="mob_ic_tgv"):
        mini_fb["mob_ic_tgvv"]


def test_value_in_incompatible_unit(mini_fb):
    with pytest.raises(UnitParseError):
        mini_fb.value("mob_ic_tgv", "kgCO2e/kWh")


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
