"""Generated model pages (docs/leviers.md, docs/parametres.md) say what the data says.

The pages are rendered from the fixture data (``tests/data/mini``); whether the shipped pages
are up to date is checked once, with the rest of the snapshot, by ``tests/test_snapshot.py``.
The hand-written method (docs/methodologie.md) is checked against the shipped vocabulary.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from simulation import docsgen
from simulation.docsgen_model import (
    calibration_rows,
    kg_text,
    num_text,
    parameter_sectors,
    read_calibration,
    scenario_context_sources,
)
from simulation.model import load_model

MINI = Path(__file__).resolve().parent / "data" / "mini"
NNBSP = "\u202f"


@pytest.fixture(scope="module")
def pages():
    return docsgen.render_pages(MINI)


@pytest.fixture(scope="module")
def model():
    return load_model(MINI)


def _row(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_model_pages_are_registered(pages):
    assert "docs/leviers.md" in pages
    assert "docs/parametres.md" in pages


def test_every_lever_with_levels_sources_and_effects(pages, model):
    text = pages["docs/leviers.md"]
    for lever in model.levers:
        assert f'<a id="{lever.id}"></a>' in text, lever.id
        assert f"](#{lever.id}) (`{lever.id}`)" in text, lever.id
        assert lever.text_fr in text
        for effect in lever.effects:
            assert f"`{effect.parameter}`" in text
        for k, level in enumerate(lever.levels):
            assert f"| {k} | {level.label_fr} | {level.source} |" in text, (lever.id, k)
        overview = _row(text, f"| [{lever.title_fr}](#{lever.id})")
        e2 = model.lever_effect(lever.id, 2)
        e4 = model.lever_effect(lever.id, 4)
        assert overview.endswith(f"| {kg_text(e2, True)} | {kg_text(e4, True)} |"), overview


def test_levers_grouped_by_sector_in_order(pages, model):
    text = pages["docs/leviers.md"]
    body = text[text.index("## Mobilité"):]
    positions = {lv.id: body.index(f'<a id="{lv.id}"></a>') for lv in model.levers}
    sector_pos = {s: body.find(f"## {model.sector_label(s)}\n") for s in model.sectors}
    for lever in model.levers:
        start = sector_pos[lever.sector]
        later = [p for s, p in sector_pos.items() if p > start]
        assert start < positions[lever.id] < min(later, default=len(body)), lever.id


def test_lever_effect_values_per_level_are_shown(pages, model):
    text = pages["docs/leviers.md"]
    row = _row(text, "| `car_occupancy` (")
    lever = model.lever("covoiturage")
    for v in lever.effects[0].values:
        assert f"| {num_text(v)} " in row
    assert "fixe la valeur" in row
    scale = _row(text, "| `car_km` (")  # teletravail: × 0.95 … × 0.8 in the fixture
    assert "multiplie par" in scale and "× 0,8" in scale


def test_every_parameter_has_a_row_with_values_per_territory(pages, model):
    text = pages["docs/parametres.md"]
    france = model.territories["france"]
    for name, spec in model.vocabulary.parameters.items():
        row = _row(text, f"| `{name}` | ")
        assert spec.label_fr in row
        pv = france.parameters.get(name)
        if pv is not None:
            assert f"**{num_text(pv.value)}** — {pv.source.replace('|', chr(92) + '|')}" in row


def test_inherited_values_say_so(pages, model):
    text = pages["docs/parametres.md"]
    town = model.territories["petite-ville"]  # inherits = "france", gives car_km and bikes_per_person
    inherited = [n for n, pv in town.parameters.items() if pv.inherited_from == "france"]
    assert inherited and "car_km" not in inherited and "bikes_per_person" not in inherited
    parent = model.territories["france"].name_fr
    for name in inherited:
        assert _row(text, f"| `{name}` | ").endswith(f" — hérité de {parent} |"), name


def test_calibration_table_matches_model(pages, model):
    text = pages["docs/parametres.md"]
    cal = read_calibration(MINI)
    rows = calibration_rows(model, cal)
    assert [r[0] for r in rows] == [*model.sectors, "total"]
    within = [abs(value / ref - 1) <= cal["tolerance"] for _s, value, ref, _g in rows[:-1]]
    assert any(within) and not all(within)  # the fixture has both kinds of row
    for sector, value, ref, _gap in rows[:-1]:
        row = _row(text, f"| {model.sector_label(sector)} | {kg_text(value)} |")
        assert f"| {kg_text(ref)} |" in row
        assert row.endswith("| oui |") == (abs(value / ref - 1) <= cal["tolerance"])
    total = model.evaluate({}).value(2023)
    assert f"Total du modèle {kg_text(total)} kgCO2e" in text


def test_scenarios_levels_context_sources_and_totals(pages, model):
    text = pages["docs/parametres.md"]
    for sid, sc in model.scenarios.items():
        assert f"### {sc.title_fr} (`{sid}`)" in text
        for source in scenario_context_sources(MINI, sid):
            assert source in text
        section = text[text.index(f"### {sc.title_fr} (`{sid}`)"):]
        for lid, level in sc.levels.items():
            lever = model.lever(lid)
            assert f"| {lever.title_fr} (`{lid}`) | {level} | {lever.levels[level].label_fr} |" \
                in section
        total = model.evaluate(None, "france", sid).value(2050)
        assert _row(text, f"| {sc.title_fr} (`{sid}`) |").split(" | ")[4] == kg_text(total)


def test_parameter_sectors_read_from_the_equations(model):
    sectors = parameter_sectors(model)
    assert sectors["car_km"] == ("mobilite",)
    assert sectors["elec_index"] == ("mobilite", "batiment", "economie")
    assert sectors["industry_index"] == ("batiment", "economie", "services_publics")
    assert set(sectors) == set(model.vocabulary.parameters)


def test_french_typography_helpers():
    assert num_text(7951.0) == "7\u202f951"
    assert num_text(0.853) == "0,853"
    assert num_text(1566.5) == f"1{NNBSP}566,5"
    assert kg_text(-350.7, signed=True) == "\u2212351"
    assert kg_text(12.4, signed=True) == "+12"
    assert kg_text(0.2, signed=True) == "0"
    assert kg_text(8331.9) == f"8{NNBSP}332"


def test_pages_follow_the_data_folder(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    town = data / "territories" / "petite-ville.toml"
    text = town.read_text(encoding="utf-8")
    text = re.sub(r"^car_km = .*$", 'car_km = { value = 5432, source = "Enquête de test" }', text,
                  count=1, flags=re.M)
    town.write_text(text, encoding="utf-8")
    lever = data / "levers" / "covoiturage.toml"
    lever.write_text(lever.read_text(encoding="utf-8").replace(
        'title_fr = "Covoiturage"', 'title_fr = "Covoiturage du test"'), encoding="utf-8")
    rendered = docsgen.render_pages(data)
    params = rendered["docs/parametres.md"]
    row = _row(params, "| `car_km` | ")
    assert row.endswith("| **5\u202f432** — Enquête de test |")
    assert re.search(r"\*\*Petite Ville \(essai\)\*\* : 2 paramètre", params)
    assert "[Covoiturage du test](#covoiturage)" in rendered["docs/leviers.md"]
    # the shipped pages are untouched by rendering another folder
    project = Path(__file__).resolve().parent.parent
    assert "Covoiturage du test" not in (project / "docs" / "leviers.md").read_text("utf-8")


METHODOLOGY = Path(__file__).resolve().parent.parent / "docs" / "methodologie.md"


def test_methodology_names_every_parameter_item_factor_and_scenario():
    """The hand-written method keeps up with the shipped vocabulary: a new parameter,
    sub-item or factor role must be documented in docs/methodologie.md."""
    shipped = load_model()
    text = METHODOLOGY.read_text(encoding="utf-8")
    vocabulary = shipped.vocabulary
    missing = [name for name in vocabulary.parameters if not re.search(rf"\b{name}\b", text)]
    missing += [item for items in shipped.items.values() for item in items
                if f"`{item}`" not in text]
    missing += [r.factor for r in vocabulary.roles.values() if f"`{r.factor}`" not in text]
    missing += [s for s in shipped.sectors if f"`{s}`" not in text]
    missing += [sid for sid in shipped.scenarios if f"`{sid}`" not in text]
    assert not missing, f"à documenter dans docs/methodologie.md : {missing}"


def test_methodology_gives_the_snapshot_command():
    """The method says how the files computed from the data are regenerated."""
    text = METHODOLOGY.read_text(encoding="utf-8")
    assert "`atelier snapshot`" in text
    assert "ATELIER_REGEN_GOLDEN" not in text and "golden_trajectories" not in text
