"""Broken territory, lever and scenario files give ``path:line: column: problem`` errors.

Lever and territory files are read alone with the vocabulary of the fixture data folder
(``tests/data/mini``); the references between files (scenario → lever…) are checked in
``tests/test_data_folder.py``.
"""

import json
import shutil
from pathlib import Path

import pytest

from simulation.cli import main
from simulation.data import load_data
from simulation.exceptions import LeverFileError, ScenarioFileError, TerritoryFileError
from simulation.levers import load_levers, load_scenarios
from simulation.territories import load_territories

MINI = Path(__file__).parents[1] / "data" / "mini"
VOCABULARY = load_data(MINI).vocabulary

FIXTURES = Path(__file__).parents[1] / "data" / "model"


def line_of(path: Path, marker: str) -> int:
    """1-based line of the first occurrence of ``marker`` in ``path``."""
    for i, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if marker in line:
            return i
    raise AssertionError(f"{marker!r} not in {path}")


def problems_text(exc) -> str:
    return "\n".join(str(p) for p in exc.value.problems)


@pytest.mark.parametrize(("case", "file", "marker", "column", "words"), [
    ("unknown-parameter", "covoiturage.toml", "car_occupation", "effects.parameter",
     "paramètre inconnu"),
    ("wrong-values-count", "covoiturage.toml", "values = [1.7, 1.8, 1.95]", "effects.values",
     "attendu 4 valeur"),
    ("missing-text", "covoiturage.toml", None, "title_en", "texte manquant"),
    ("missing-level-source", "covoiturage.toml", "1.8 people per car", "levels.source",
     "texte manquant"),
    ("bad-syntax", "covoiturage.toml", "kind = individuel", "", "TOML invalide"),
    ("id-mismatch", "covoiturage.toml", 'id = "covoit"', "id", "nom du fichier"),
    ("bad-share", "velo_marche.toml", "1.2]", "effects.values", "hors plage"),
    ("duplicate-setter", "covoiturage_bis.toml", 'id = "covoiturage_bis"', "effects",
     "déjà fixé par"),
    ("shares-over-one", "velo_marche.toml", 'id = "velo_marche"', "effects", "dépassent 1"),
])
def test_broken_lever_files(case, file, marker, column, words):
    path = FIXTURES / "levers" / case / file
    with pytest.raises(LeverFileError) as exc:
        load_levers(path.parent, VOCABULARY)
    text = problems_text(exc)
    if marker is None:
        line = 1
    elif case == "missing-level-source":
        line = line_of(path, marker) - 2  # the [[levels]] header of that level
    else:
        line = line_of(path, marker)
    expected = f"{path}:{line}:" if Path(exc.value.problems[0].path).is_absolute() else None
    assert any(p.line == line and p.column == column and words in p.message
               and p.path.endswith(f"{case}/{file}") for p in exc.value.problems), text
    if expected:
        assert expected in text


@pytest.mark.parametrize(("case", "marker", "column", "words"), [
    ("missing-source", "car_occupancy = { value = 1.6 }", "parameters.car_occupancy.source",
     "source manquante"),
    ("bad-value", "quatorze", "parameters.main_meals.value", "nombre fini"),
    ("unknown-parameter", "bicycle_km", "parameters.bicycle_km", "paramètre inconnu"),
    ("share-out-of-range", "food_waste_share", "parameters.food_waste_share.value",
     "hors plage"),
    ("heat-shares", "heat_share_gas", "heat_share_*", "somment à"),
])
def test_broken_territory_files(case, marker, column, words):
    path = FIXTURES / "territories" / case / "france.toml"
    with pytest.raises(TerritoryFileError) as exc:
        load_territories(path.parent, VOCABULARY)
    line = line_of(path, marker)
    assert any(p.line == line and p.column == column and words in p.message
               for p in exc.value.problems), problems_text(exc)


def test_unknown_parent_territory():
    with pytest.raises(TerritoryFileError, match="parent 'franec' inconnu"):
        load_territories(FIXTURES / "territories" / "bad-parent", VOCABULARY)


def test_missing_tendanciel(tmp_path):
    shutil.copytree(MINI / "scenarios", tmp_path / "scenarios")
    (tmp_path / "scenarios" / "tendanciel.toml").unlink()
    levers = load_levers(MINI / "levers", VOCABULARY)
    with pytest.raises(ScenarioFileError, match="tendanciel"):
        load_scenarios(tmp_path / "scenarios", levers, VOCABULARY)


def test_cli_reports_broken_lever_without_traceback(mini_copy, capsys):
    """A broken lever in a copied data folder: exit 1, path:line on stderr, no traceback."""
    data = mini_copy
    broken = FIXTURES / "levers" / "unknown-parameter" / "covoiturage.toml"
    shutil.copy(broken, data / "levers" / "covoiturage.toml")
    code = main(["--data", str(data), "model", "summary"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"covoiturage.toml:{line_of(broken, 'car_occupation')}: effects.parameter:" in err
    assert "Traceback" not in err


def test_new_territory_by_copying_a_file(mini_copy, capsys):
    """Another territory adapts the game with a data file only, no code change."""
    data = mini_copy
    car_km = load_data(MINI).territories["france"].values()["car_km"] + 1000
    (data / "territories" / "pays-de-l-or.toml").write_text(
        'id = "pays-de-l-or"\nname_fr = "Pays de l\'Or"\nname_en = "Pays de l\'Or"\n'
        'population = 45000\npopulation_source = "exemple de test"\ninherits = "france"\n\n'
        f'[parameters]\ncar_km = {{ value = {car_km}, source = "exemple de test" }}\n', "utf-8")
    code = main(["--data", str(data), "model", "summary", "--territory", "pays-de-l-or",
                 "--year", "2023", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["territory"] == "pays-de-l-or" and out["population"] == 45000
    france = main(["--data", str(data), "model", "summary", "--year", "2023", "--format",
                   "json"])
    assert france == 0
    assert json.loads(capsys.readouterr().out)["sectors"]["mobilite"] < out["sectors"]["mobilite"]
