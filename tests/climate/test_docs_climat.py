"""docs/climat.md quotes the data: every number it shows matches the tables (or the functions)."""

import re
from pathlib import Path

import numpy as np
import pytest

from simulation.climate import budget_years_group, budget_years_world, everyone_like_us, growth_factor
from simulation.climate_data import load_climate

DOC = Path(__file__).parents[2] / "docs" / "climat.md"
TEXT = DOC.read_text("utf-8")
FLAT = re.sub(r"\s+", " ", TEXT)  # one line, so a number cut by a line break is still found
CLIMATE = load_climate()


def fr(x: float, digits: int = 1) -> str:
    """French number: decimal comma, space as thousands separator."""
    s = f"{x:,.{digits}f}".replace(",", " ").replace(".", ",")
    return s


def table_rows() -> dict[str, list[str]]:
    """``{id: cells}`` of the markdown table rows whose first cell is a backticked id."""
    out = {}
    for line in TEXT.splitlines():
        m = re.match(r"\| `([a-z0-9_]+)` \|(.*)\|$", line)
        if m:
            out[m.group(1)] = [c.strip() for c in m.group(2).split("|")]
    return out


ROWS = table_rows()


@pytest.mark.parametrize("scenario", list(CLIMATE.scenarios))
def test_projection_table_matches_data(scenario):
    cells = ROWS[scenario]
    for cell, horizon in zip(cells[1:], ("near", "mid", "long"), strict=True):
        p = CLIMATE.projection(scenario, horizon)
        assert cell == f"{fr(p.value)} ({fr(p.low)}–{fr(p.high)})", (scenario, horizon)


@pytest.mark.parametrize("level", list(CLIMATE.tracc))
def test_tracc_table_matches_data(level):
    t = CLIMATE.tracc[level]
    cells = ROWS[level]
    assert cells[0] == str(t.year) and cells[2] == fr(t.warming)


@pytest.mark.parametrize("budget", [b for b in CLIMATE.budgets if b in ROWS])
def test_budget_table_matches_data(budget):
    b = CLIMATE.budgets[budget]
    cells = ROWS[budget]
    assert cells[3] == fr(b.value, 0)
    if b.low != b.high:
        assert cells[4].startswith(f"{fr(b.low, 0)}–{fr(b.high, 0)}")
    else:
        assert cells[4] == "aucune"
    assert ("secondaire" in cells[5]) == b.provenance.secondary


def test_every_remaining_budget_is_in_the_table():
    remaining = {i for i, b in CLIMATE.budgets.items() if b.start.year >= 2020}
    assert remaining <= set(ROWS)


def test_quoted_facts_match_data():
    f = CLIMATE.facts
    tcre = f["tcre"]
    assert f"environ {fr(tcre.value, 2)} °C" in FLAT
    assert f"{fr(tcre.low, 2)}–{fr(tcre.high, 2)} °C" in FLAT
    assert f"({fr(f['human_induced_warming_2023'].value)} °C, ligne `human_induced_warming_2023`" in FLAT
    assert f"{fr(f['world_co2_2024'].value)} GtCO2 par an" in FLAT
    pop = CLIMATE.series["world_population"].at(2023).value
    assert f"({fr(pop, 3)} milliards" in FLAT
    assert f"normale annuelle 1981–2010 de {fr(f['frejorgues_normal_year'].value)} °C" in FLAT
    assert f"record de chaleur {fr(f['frejorgues_record_tmax'].value)} °C" in FLAT
    summer = CLIMATE.local["mtp_summer_temperature_2041_2070"]
    assert f"{fr(summer.low)} / {fr(summer.median)} / {fr(summer.high)} °C" in FLAT


def test_illustration_examples_match_the_function():
    years = np.arange(2023, 2051)
    for tonnes in (2, 9):
        ill = everyone_like_us(CLIMATE, years, np.full(years.size, tonnes * 1000.0))
        a, t = ill.added, ill.total
        row = (f"| {fr(ill.cumulative, 0)} | {fr(a.central, 2)} ({fr(a.low, 2)}–{fr(a.high, 2)}) "
               f"| {fr(t.central, 2)} ({fr(t.low, 2)}–{fr(t.high, 2)}) |")
        assert f"| {tonnes} t par an" in FLAT and row in FLAT, row


def test_budget_years_quoted_match_the_functions():
    w = budget_years_world(CLIMATE).years
    assert f"**{fr(w.central)} ans** (fourchette {fr(w.low)}–{fr(w.high)} ans)" in FLAT
    for kg, unit in ((9000.0, "an"), (2000.0, "ans")):
        g = budget_years_group(CLIMATE, kg).years
        assert f"**{fr(g.central)} {unit}** ({fr(g.low)}–{fr(g.high)})" in FLAT, kg


def test_growth_factors_quoted_match_the_function():
    for series, a, b in (("world_population", 1950, 2023), ("world_fossil_co2", 1950, 2023),
                         ("world_primary_energy", 1950, 2023), ("world_gdp", 1950, 2022)):
        assert f"par {fr(growth_factor(CLIMATE, series, a, b))}" in FLAT, series
