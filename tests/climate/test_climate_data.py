"""Climate tables: the shipped data loads, matches its CSV rows, and each rule names path:line."""

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from simulation.climate_data import (
    FILES,
    SCHEMAS,
    ClimateData,
    ClimateFileError,
    boundary_status,
    load_climate,
    read_climate,
)
from simulation.data import DataFolderError, read_data
from simulation.exceptions import rel
from simulation.paths import data_dir

SHIPPED = data_dir() / "climate"
FIXTURES = Path(__file__).parents[1] / "data" / "climate"
VALID = FIXTURES / "valid"


def csv_rows(name: str, folder: Path = SHIPPED) -> list[dict]:
    """Rows of a climate table read with the csv module only (independent of the loader)."""
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def line_of(path: Path, marker: str) -> int:
    """1-based line of the only line of ``path`` containing ``marker``."""
    hits = [i for i, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
            if marker in line]
    assert len(hits) == 1, (marker, hits)
    return hits[0]


def test_shipped_tables_load_without_problems():
    problems = []
    data = read_climate(SHIPPED, problems)
    assert problems == []
    assert isinstance(data, ClimateData)
    for name in FILES:  # every file gave records (no table silently empty)
        assert csv_rows(name), name
    assert len(data.processes) == 9
    assert {b.year for b in data.boundaries.values()} == {2023, 2025}


def test_read_data_returns_the_climate_tables():
    dataset = read_data()
    assert isinstance(dataset.climate, ClimateData)
    assert dataset.climate.tracc.keys() == load_climate().tracc.keys()


def test_every_projection_matches_its_row():
    data = load_climate()
    rows = csv_rows("warming_projections")
    assert len(rows) == len(data.projections) == 15
    for r in rows:
        p = data.projection(r["scenario"], r["horizon"])
        assert (p.value, p.low, p.high) == (float(r["value"]), float(r["low"]), float(r["high"]))
        assert (p.period_start, p.period_end) == (int(r["period_start"]), int(r["period_end"]))
        assert p.provenance.source == r["source"] and p.provenance.reading == r["reading"]


def test_tracc_levels_match_their_rows():
    data = load_climate()
    rows = csv_rows("tracc_levels")
    assert {r["id"] for r in rows} == set(data.tracc)
    for r in rows:
        level = data.tracc_level(r["place"], int(r["year"]))
        assert level.warming == float(r["warming"])
        assert level.meaning("fr") == r["meaning_fr"] and level.meaning("en") == r["meaning_en"]


def test_rows_read_by_the_climate_functions_match_their_rows():
    data = load_climate()
    facts = {r["id"]: r for r in csv_rows("key_facts")}
    for fid in ("tcre", "human_induced_warming_2023", "world_co2_2024"):
        assert data.facts[fid].value == float(facts[fid]["value"])
        assert data.facts[fid].unit == facts[fid]["unit"]
    tcre = data.facts["tcre"]
    assert (tcre.low, tcre.high) == (float(facts["tcre"]["low"]), float(facts["tcre"]["high"]))
    assert data.facts["human_induced_warming_2023"].year == int(facts["human_induced_warming_2023"]["year"])
    budgets = {r["id"]: r for r in csv_rows("carbon_budgets")}
    b = data.budgets["igcc2024_1p5_50"]
    row = budgets["igcc2024_1p5_50"]
    assert (b.value, b.low, b.high) == (float(row["value"]), float(row["low"]), float(row["high"]))
    assert b.start == dt.date.fromisoformat(row["start"])
    pop = [r for r in csv_rows("series_values") if r["series"] == "world_population"]
    assert [p.value for p in data.series["world_population"].points] == [float(r["value"]) for r in pop]


def test_budget_without_range_has_low_and_high_equal_to_value():
    b = load_climate().budgets["ar6_2p0_67"]
    row = next(r for r in csv_rows("carbon_budgets") if r["id"] == "ar6_2p0_67")
    assert row["low"] == row["high"] == ""
    assert b.low == b.value == b.high == float(row["value"])


def test_series_years_increase_and_sources_resolve():
    data = load_climate()
    for s in data.series.values():
        assert list(s.years) == sorted(set(s.years)), s.id
        for p in s.points:
            assert s.source_of(p)
    water = data.series["world_freshwater_withdrawals"]
    assert "Banque mondiale" in water.source_of(water.at(2014))
    assert water.source_of(water.at(2010)) == water.provenance.source


def test_declared_statuses_agree_with_values():
    """The status written in the table is the one its value gives (independent recomputation)."""
    for r in csv_rows("planetary_boundaries"):
        if r["current"] and not r["current_sign"]:
            lower = r["direction"] == "lower_is_worse"
            v, b = float(r["current"]), float(r["boundary"])
            hr = float(r["high_risk"]) if r["high_risk"] else None
            beyond_b = v < b if lower else v > b
            beyond_h = hr is not None and (v < hr if lower else v > hr)
            expected = "high_risk" if beyond_h else "increasing_risk" if beyond_b else "safe"
            assert r["status"] == expected, r["id"]
            assert boundary_status(v, b, hr, lower) == expected


def test_every_sourced_row_has_source_reading_licence_and_future_review_date():
    """Review dates shown to people are in the future (fails when a row is due: re-check it)."""
    data = load_climate()
    today = dt.date.today()
    assert data.due(today) == ()
    for table, prov in data.provenances():
        assert prov.source and prov.licence, (table, prov.line)
        assert not prov.source.lower().startswith(("shared/", "climate-facts", "awareness")), prov
    for name in FILES:
        if "review_by" in SCHEMAS[name].names:
            for r in csv_rows(name):
                assert dt.date.fromisoformat(r["review_by"]) > today, (name, r)


def test_no_source_names_a_file_of_this_repository():
    for name in FILES:
        for r in csv_rows(name):
            for col in ("source", "source_ref"):
                text = r.get(col) or ""
                for forbidden in ("climate-facts", "awareness.csv", "awareness.md", "reference/",
                                  "climate-scenarios"):
                    assert forbidden not in text, (name, r, col)


def test_schema_md_describes_every_file_and_column():
    text = (SHIPPED / "SCHEMA.md").read_text("utf-8")
    for name, schema in SCHEMAS.items():
        assert f"`{name}.csv`" in text, name
        for col in schema.names:
            assert f"`{col}`" in text, (name, col)


def test_valid_fixture_loads():
    problems = []
    data = read_climate(VALID, problems)
    assert problems == []
    assert data.facts["sea_level_2100"].value is None
    assert data.boundaries["extinction_2023"].current_sign == ">"


# ---------------------------------------------------------------------------------------
# One broken fixture per rule: the copy of ``valid/`` with one file replaced
# ---------------------------------------------------------------------------------------
@pytest.fixture
def climate_with(tmp_path):
    """Copy of the valid fixture with one broken file put in place; returns the folder."""
    def make(case: str) -> Path:
        folder = tmp_path / "climate"
        shutil.copytree(VALID, folder)
        for broken in (FIXTURES / case).iterdir():
            shutil.copy(broken, folder / broken.name)
        return folder
    return make


CASES = [
    # case, broken file, marker of the reported line (None: line 0), column, words,
    # file where the problem is reported when it is another one
    ("unknown_scenario", "warming_projections.csv", "ssp9_99", "scenario",
     "scénario inconnu « ssp9_99 »", None),
    ("low_above_value", "warming_projections.csv", "ssp2_45_mid", "low", "il faut low ≤ value", None),
    ("value_above_high", "warming_projections.csv", "ssp2_45_long", "high", "il faut value ≤ high", None),
    ("duplicate_horizon", "warming_projections.csv", "ssp5_85_long", "horizon",
     "déjà une projection à l'horizon long", None),
    ("period_reversed", "warming_projections.csv", "ssp2_45_near", "period_end", "période à l'envers", None),
    ("tracc_unknown_place", "tracc_levels.csv", "tracc_monde_2100", "place", "lieu inconnu « mars »", None),
    ("tracc_duplicate", "tracc_levels.csv", "tracc_monde_2100", "year", "déjà un niveau en 2100", None),
    ("budget_probability", "carbon_budgets.csv", "ar6_2p0_67", "probability", "entre 0 et 100", None),
    ("budget_half_range", "carbon_budgets.csv", "ar6_2p0_67", "high", "fourchette incomplète", None),
    ("fact_no_value", "key_facts.csv", "sea_level_2100", "value", "ni valeur ni fourchette", None),
    ("fact_unknown_place", "key_facts.csv", "sea_level_2100", "place", "lieu inconnu « terre »", None),
    ("local_unknown_level", "local_indicators.csv", "tracc_fr_2200", "warming_level",
     "niveau de réchauffement inconnu « tracc_fr_2200 »", None),
    ("local_unknown_indicator", "local_indicators.csv", "hot_nights", "indicator",
     "indicateur inconnu « hot_nights »", None),
    ("local_median_above_high", "local_indicators.csv", "mtp_nights_2050", "high",
     "il faut median ≤ high", None),
    ("local_no_value", "local_indicators.csv", "fr_days_ref", "median", "aucune valeur", None),
    ("boundary_status", "planetary_boundaries.csv", "co2_concentration_2023", "status",
     "donne « increasing_risk »", None),
    ("boundary_sign_direction", "planetary_boundaries.csv", "extinction_2023", "current_sign",
     "va vers le mieux", None),
    ("boundary_bound_status", "planetary_boundaries.csv", "extinction_2023", "status",
     "au moins « high_risk »", None),
    ("boundary_order", "planetary_boundaries.csv", "co2_concentration_2023", "high_risk",
     "ordre croissant", None),
    ("boundary_unquantified_with_value", "planetary_boundaries.csv", "co2_concentration_2023",
     "status", "transgressed_unquantified avec une valeur current", None),
    ("boundary_status_without_value", "planetary_boundaries.csv", "co2_concentration_2023",
     "status", "sans valeur current", None),
    ("boundary_unknown_process", "planetary_boundaries.csv", "co2_concentration_2023", "process",
     "processus inconnu « climat »", None),
    ("boundary_duplicate", "planetary_boundaries.csv", "extinction_2023", "year",
     "déjà une ligne pour 2023", None),
    ("process_not_assessed", "planetary_processes.csv", "land_system_change", "id",
     "aucune variable évaluée en 2023", None),
    ("transgressed_count", "key_facts.csv", "pb_transgressed_2023", "value",
     "en compte 1 (climate_change)", None),
    ("series_years_not_increasing", "series_values.csv", "world_population,1940", "year",
     "1940 après 1950", None),
    ("series_unknown", "series_values.csv", "world_temp,", "series", "série inconnue « world_temp »", None),
    ("series_year_end_before", "series_values.csv", "2000,1999", "year_end", "période à l'envers", None),
    ("series_low_above_value", "series_values.csv", "0.85,0.86", "low", "il faut low ≤ value", None),
    ("series_without_values", "series.csv", "co2_law_dome", "id", "aucune valeur", None),
    ("required_missing", "key_facts.csv", None, "id", "« tcre » manque", None),
    ("required_wrong_unit", "series.csv", "world_population", "unit",
     "lit « world_population » en billion people", None),
    ("base_year_not_in_population", "key_facts.csv", "world_population", "id",
     "pas de valeur en 2022", "series.csv"),
    ("base_without_year", "key_facts.csv", "human_induced_warming_2023", "year", "année manquante", None),
]


@pytest.mark.parametrize(("case", "file", "marker", "column", "words", "where"), CASES,
                         ids=[c[0] for c in CASES])
def test_broken_fixture_reports_path_line_column(climate_with, case, file, marker, column, words,
                                                 where):
    folder = climate_with(case)
    target = folder / (where or file)
    line = 0 if marker is None else line_of(target, marker)
    problems = []
    read_climate(folder, problems)
    assert len(problems) == 1, "\n".join(map(str, problems))
    p = problems[0]
    assert str(p).startswith(f"{rel(target)}:{line}: {column}: "), str(p)
    assert words in p.message, str(p)


def test_every_broken_fixture_is_exercised():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - {"valid"}
    assert folders == {c[0] for c in CASES}


def test_missing_file_is_named(tmp_path):
    folder = tmp_path / "climate"
    shutil.copytree(VALID, folder)
    (folder / "adaptation_actions.csv").unlink()
    problems = []
    read_climate(folder, problems)
    assert [str(p) for p in problems] == [
        f"{rel(folder / 'adaptation_actions.csv')}:0: fichier manquant : les tableaux du climat "
        f"ont besoin de adaptation_actions.csv dans {rel(folder)}"]


def test_load_climate_raises_every_problem_at_once(tmp_path, climate_with):
    folder = climate_with("unknown_scenario")
    shutil.copy(FIXTURES / "tracc_unknown_place" / "tracc_levels.csv", folder)
    load_climate.cache_clear()
    with pytest.raises(ClimateFileError) as err:
        load_climate(folder.parent)
    assert len(err.value.problems) == 2
    assert "2 problèmes dans les fichiers de climat" in str(err.value)


def test_read_data_collects_climate_problems_with_the_others(tmp_path):
    """A broken climate table in a copied data folder is reported by the one loader."""
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    broken = FIXTURES / "unknown_scenario" / "warming_projections.csv"
    shutil.copy(broken, data / "climate" / "warming_projections.csv")
    with pytest.raises(DataFolderError) as err:
        read_data(data)
    target = data / "climate" / "warming_projections.csv"
    expected = f"{rel(target)}:{line_of(target, 'ssp9_99')}: scenario: scénario inconnu « ssp9_99 »"
    assert [str(p).split(" : ")[0] for p in err.value.problems] == [expected]
