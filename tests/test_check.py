"""``atelier check [DOSSIER]``: the whole data validation, the snapshot, the review dates.

Run on the fixture data (``tests/data/mini``) and its broken overlays.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from simulation.checks import check_folder
from simulation.cli import main
from simulation.exceptions import rel

BROKEN = Path(__file__).parent / "data" / "broken"


@pytest.fixture
def snapshot_copy(mini_snapshot, tmp_path) -> Path:
    """A writable copy of the mini folder whose snapshot is up to date."""
    dst = tmp_path / "data"
    shutil.copytree(mini_snapshot, dst)
    return dst


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_all_well_exits_0_and_says_what_to_run_next(snapshot_copy, capsys):
    code, out, err = run(capsys, "check", str(snapshot_copy))
    assert code == 0 and err == ""
    assert f"{rel(snapshot_copy)} : données valides (65 facteurs, 2 territoires, 4 leviers, " \
           "2 scénarios, 8 cartes GES ; unités des équations vérifiées)." in out
    assert "Instantané à jour" in out
    assert "Dates de revue : aucune n'est passée" in out
    assert f"Tout est en ordre. Pour imprimer : « atelier --data {rel(snapshot_copy)} cards " \
           "build »." in out


def test_data_option_is_the_same_as_the_folder_argument(snapshot_copy, capsys):
    assert run(capsys, "--data", str(snapshot_copy), "check")[0] == 0


def test_stale_snapshot_lists_the_files_and_the_commands(mini_copy, capsys):
    code, out, err = run(capsys, "check", str(mini_copy))
    assert code == 1 and out == ""
    for name in ("cards/values.lock.csv", "scenarios/trajectories.lock.csv", "docs/facteurs.md",
                 "docs/leviers.md", "docs/parametres.md"):
        assert f"  {rel(mini_copy / name)} (" in err, name
    cmd = f"atelier --data {rel(mini_copy)}"
    assert f"« {cmd} cards diff »" in err and f"« {cmd} snapshot »" in err
    assert f"relancez « {cmd} check »" in err


def test_data_problems_are_listed_with_their_place_and_nothing_else(overlay, capsys):
    data = overlay("card_unknown_territory")
    code, out, err = run(capsys, "check", str(data))
    assert code == 1 and out == ""
    assert re.search(r"mobilite\.toml:\d+: territories: territoire inconnu « petite-vile »", err)
    assert "1 problème dans les données" in err
    assert "corrigez ces lignes, puis relancez" in err
    assert "Instantané" not in err and "Traceback" not in err


def test_units_as_used_are_checked(overlay, capsys):
    """The equations are evaluated with pint: a role whose unit no longer fits the
    equation is refused (here the electricity role read per litre, with a factor per litre:
    consistent for the loader, wrong for the equation)."""
    from simulation.data import read_data

    data = overlay("role_unit_mismatch")  # kgCO2e/km on mob_ic_tgv, read per pkm
    code, _, err = run(capsys, "check", str(data))
    assert code == 1 and "mobilite.csv:6: unit: « kgCO2e/km » ne se convertit pas" in err
    roles = data / "model" / "factor_roles.csv"
    shutil.copy(Path(__file__).parent / "data" / "mini" / "emission_factors" / "mobilite.csv",
                data / "emission_factors" / "mobilite.csv")
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        "ef_elec,nrg_elec_fr_2025,kgCO2e/kWh", "ef_elec,food_ic_drink_cafe,kgCO2e/L"),
        encoding="utf-8")
    read_data(data)  # every file and reference is fine…
    code, _, err = run(capsys, "check", str(data))  # … but not the units as used
    assert code == 1
    # electricity is added to other energies (hot water and cooking): pint refuses the sum
    assert re.search(r"simulation/equations\.py:\d+: buildings: unités incohérentes dans "
                     r"l'équation : .*kgCO2e.*liter", err), err
    assert "Traceback" not in err


def test_past_review_dates_list_factors_and_cards(mini_snapshot, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(mini_snapshot, data)
    shutil.copytree(BROKEN / "review_past", data, dirs_exist_ok=True)
    report = check_folder(data, on=dt.date(2026, 11, 28))
    assert [f.id for f in report.due_factors] == ["mob_ic_tgv"]
    # the GES card that uses it, and the model's cards of its sector
    assert {c.id for c in report.due_cards} == {
        "mob_voiture_puis_tgv", "levier_covoiturage", "levier_teletravail",
        "prospective_mobilite"}
    # the review date is shown on the factor page: the snapshot says so too
    assert [rel(a.path) for a in report.stale] == [rel(data / "docs" / "facteurs.md")]
    code, out, err = run(capsys, "check", str(data), "--on", "2026-11-28")
    assert code == 1 and out == ""
    assert re.search(r"2020-01-01  mob_ic_tgv +\S*mobilite\.csv:6", err), err
    assert "  2020-01-01  mob_voiture_puis_tgv (mobilite ; facteur mob_ic_tgv)" in err
    assert "  2020-01-01  prospective_mobilite (prospective ; facteur mob_ic_tgv)" in err
    assert "revoyez les facteurs listés" in err


def test_on_date_option(snapshot_copy, capsys):
    """With --on, the dates are compared with that day (the fixture's earliest: 2098-06-30)."""
    assert run(capsys, "check", str(snapshot_copy), "--on", "2098-06-29")[0] == 0
    code, _, err = run(capsys, "check", str(snapshot_copy), "--on", "2098-06-30")
    assert code == 1
    listed = re.findall(r"^  2098-06-30  (\w+) ", err, flags=re.M)  # factors and cards
    assert sorted(listed) == ["alim_mangue", "food_ic_kg_mangue", "levier_covoiturage",
                               "levier_teletravail", "mob_ic_tgv", "mob_voiture_puis_tgv",
                               "prospective_mobilite"]


def test_missing_folder_is_a_clean_error(tmp_path, capsys):
    code, _, err = run(capsys, "check", str(tmp_path / "absent"))
    assert code == 1 and "dossier de données introuvable" in err and "Traceback" not in err


def test_unknown_territory_is_a_clean_error(snapshot_copy, capsys):
    code, _, err = run(capsys, "check", str(snapshot_copy), "--territory", "atlantis")
    assert code == 1 and "territoire inconnu « atlantis »" in err and "Traceback" not in err
