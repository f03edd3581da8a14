"""Every cross-reference check of the data loader, each with a broken fixture and its place.

Each case of ``tests/data/broken/<case>/`` holds only the file(s) that differ from the mini
folder (``tests/data/mini``); the :func:`overlay` fixture copies them over a copy of it. The
loader must report the problem at the exact ``path:line: column`` of the broken file.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from simulation.cli import main
from simulation.data import DataFolderError, read_data
from simulation.equations import EQUATIONS, equation
from simulation.exceptions import rel

BROKEN = Path(__file__).parent / "data" / "broken"


def line_of(path: Path, marker: str) -> int:
    """1-based line of the first line of ``path`` containing ``marker``."""
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    for i, line in enumerate(lines, start=1):
        if marker in line:
            return i
    raise AssertionError(f"{marker!r} not in {path}")


def places(problems, root: Path) -> list[str]:
    """``path:line: column: message`` of each problem, paths relative to the data folder."""
    out = []
    for p in problems:
        path = Path(p.path)
        try:
            shown = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            shown = p.path
        out.append(str(type(p)(shown, p.line, p.column, p.message)))
    return out


def read_problems(folder: Path, check_units: bool = True) -> list[str]:
    with pytest.raises(DataFolderError) as info:
        read_data(folder, check_units=check_units)
    return places(info.value.problems, folder)


# case, file in the case, marker of the broken line, column, words of the message
CROSS_REFERENCES = [
    ("lever_unknown_parameter", "levers/covoiturage.toml", 'parameter = "car_occupation"',
     "effects.parameter", "paramètre inconnu 'car_occupation'"),
    ("lever_unknown_sector", "levers/teletravail.toml", 'sector = "transport"', "sector",
     "secteur 'transport' inconnu"),
    ("card_unknown_factor", "cards/mobilite.toml", 'factor = "mob_ic_tgvv"', "factor",
     "facteur inconnu « mob_ic_tgvv »"),
    ("card_unknown_territory", "cards/mobilite.toml", 'territories = ["petite-vile"]',
     "territories", "territoire inconnu « petite-vile »"),
    ("card_deck_unknown_sector", "cards/transport.toml", 'id = "transport"', "id",
     "jeu inconnu « transport »"),
    ("scenario_unknown_lever", "scenarios/sobriete.toml", "covoiturag = 3",
     "levels.covoiturag", "levier inconnu « covoiturag »"),
    ("scenario_level_out_of_range", "scenarios/tendanciel.toml", "renovation = 7",
     "levels.renovation", "niveau 7 invalide"),
    ("scenario_context_on_lever_parameter", "scenarios/tendanciel.toml",
     'parameter = "car_occupancy"', "context.parameter", "car_occupancy est fixé par un levier"),
    ("role_unknown_factor", "model/factor_roles.csv", "ef_train_tgv,mob_ic_tgvv", "factor",
     "facteur inconnu « mob_ic_tgvv »"),
    ("role_unit_mismatch", "emission_factors/mobilite.csv", "mob_ic_tgv,", "unit",
     "« kgCO2e/km » ne se convertit pas en kgCO2e/pkm, l'unité dans laquelle le modèle "
     "utilise ce facteur (rôle ef_train_tgv"),
    ("item_unknown_sector", "model/items.csv", "velo,transport", "sector",
     "secteur inconnu « transport »"),
    ("parameter_unread", "model/parameters.csv", "unused_km,", "id",
     "le paramètre « unused_km » n'est lu par aucune équation"),
    ("semicolon_csv", "emission_factors/extra.csv", "id;sector", "",
     "le séparateur est « ; »"),
    ("windows_1252_csv", "emission_factors/extra.csv", "mob_ic_velo_cargo", "",
     "il est enregistré en Windows-1252"),
]


@pytest.mark.parametrize(("case", "file", "marker", "column", "words"), CROSS_REFERENCES,
                         ids=[c[0] for c in CROSS_REFERENCES])
def test_broken_reference_is_the_only_problem_at_its_place(overlay, case, file, marker,
                                                           column, words):
    folder = overlay(case)
    line = line_of(BROKEN / case / file, marker)
    problems = read_problems(folder)
    place = f"{file}:{line}:{f' {column}:' if column else ''} "
    assert len(problems) == 1, problems
    assert problems[0].startswith(place), problems
    assert words in problems[0], problems


def test_territory_value_out_of_range(overlay):
    case, file = "territory_value_out_of_range", "territories/france.toml"
    line = line_of(BROKEN / case / file, "food_waste_share = { value = 1.5")
    problems = read_problems(overlay(case))
    hits = [p for p in problems
            if p.startswith(f"{file}:{line}: parameters.food_waste_share.value: ")]
    assert hits and "hors plage : 1.5 > 0.9, le maximum de food_waste_share" in hits[0], problems


PARAMETER_ERRORS = [
    # marker of the row, column, words
    ("bus_electric_share,", "default", "valeur par défaut hors plage : 1.5 > 1"),
    ("car_thermal_index,", "default", "un indice vaut 1 aujourd'hui"),
    ("plane_to_train_share,", "max", "une part (share) a une plage dans [0, 1]"),
    ("weeks_per_year,", "default", "une constante a une valeur"),
    ("bikes_per_person,", "min", "min (10) > max (5)"),
]


def test_parameter_default_and_range_errors(overlay):
    """Each broken row of parameters.csv at its line; nothing else in that file."""
    case, file = "parameter_errors", "model/parameters.csv"
    problems = read_problems(overlay(case))
    expected = {f"{file}:{line_of(BROKEN / case / file, marker)}: {column}: ": words
                for marker, column, words in PARAMETER_ERRORS}
    in_file = [p for p in problems if p.startswith(f"{file}:")]
    assert len(in_file) == len(expected), problems
    for place, words in expected.items():
        assert any(p.startswith(place) and words in p for p in in_file), (place, problems)
    # the equations then name the inputs they lack (the rows above were refused)
    others = [p for p in problems if not p.startswith(f"{file}:")]
    assert all("simulation/equations.py:" in p and "n'est déclarée" in p for p in others)


def _public_services_with_a_typo(*, public_services_index, industry_index, ef_public_services,
                                 public_servics_index):
    """A broken equation: one input is neither a parameter nor a factor role."""
    return {"services_publics": ef_public_services * public_services_index * industry_index
            * public_servics_index}


def test_equation_input_neither_parameter_nor_role(mini, monkeypatch):
    """An equation registered with a misspelt input is reported at its ``def`` line."""
    monkeypatch.delitem(EQUATIONS, "services_publics")  # restored after the test
    equation("services_publics")(_public_services_with_a_typo)
    assert EQUATIONS["services_publics"].function is _public_services_with_a_typo
    problems = read_problems(mini)
    line = inspect.getsourcelines(_public_services_with_a_typo)[1]
    where = f"{rel(__file__)}:{line}: _public_services_with_a_typo: "
    assert problems == [f"{where}l'entrée « public_servics_index » n'est déclarée comme "
                        "paramètre (parameters.csv) dans "
                        f"{rel(mini / 'model')} : ajoutez-la ou corrigez le nom"]


def test_the_real_equations_are_back_after_the_broken_one(mini):
    """The broken equation above was removed again (monkeypatch restores the registry)."""
    assert EQUATIONS["services_publics"].function is not _public_services_with_a_typo
    read_data(mini, check_units=True)


def test_wrong_but_valid_unit_fails_the_author_check(overlay, capsys):
    """kgCO2e/km on a factor used per passenger-km is a valid unit, but not this role's:
    ``atelier check`` and ``atelier factors check`` both refuse it, at the factor's line."""
    folder = overlay("role_unit_mismatch")
    line = line_of(folder / "emission_factors" / "mobilite.csv", "mob_ic_tgv,")
    for argv in (["check", str(folder)], ["factors", "check", str(folder / "emission_factors")]):
        assert main(argv) == 1
        out, err = capsys.readouterr()
        assert f"mobilite.csv:{line}: unit: « kgCO2e/km » ne se convertit pas" in err, argv
        assert "Traceback" not in err and out == ""


def test_semicolon_file_gives_one_line_not_one_per_column(overlay, capsys):
    """A CSV saved by a spreadsheet set to French: one line that says what to do."""
    folder = overlay("semicolon_csv")
    assert main(["check", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("extra.csv:") == 1
    assert "colonne manquante" not in err
    assert "CSV UTF-8 (délimité par des virgules)" in err


def test_every_problem_of_every_file_at_once(tmp_path, mini):
    """Problems of several files (cards, levers, scenarios) are reported together."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(mini, folder)
    for case in ("card_unknown_territory", "lever_unknown_sector", "scenario_level_out_of_range"):
        shutil.copytree(BROKEN / case, folder, dirs_exist_ok=True)
    problems = read_problems(folder)
    files = {p.split(":")[0] for p in problems}
    assert files == {"cards/mobilite.toml", "levers/teletravail.toml"}, problems
    # a scenario is checked against the levers that loaded: it is reported once they do
    shutil.copy(mini / "levers" / "teletravail.toml", folder / "levers" / "teletravail.toml")
    files = {p.split(":")[0] for p in read_problems(folder)}
    assert files == {"cards/mobilite.toml", "scenarios/tendanciel.toml"}
