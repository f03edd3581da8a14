"""``atelier factors check|list|due``: exit codes, messages, formats."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulation.cli import main
from simulation.factors import default_directory, factor_files, read_factors

FIXTURES = Path(__file__).parent / "data" / "factors"
MINI = str(Path(__file__).parent / "data" / "mini")
PROJECT = Path(__file__).resolve().parent.parent

BROKEN = [
    ("bad_number", "factors.csv:3: value:"),
    ("unknown_unit", "factors.csv:3: unit:"),
    ("no_co2e", "factors.csv:3: unit:"),
    ("nonpositive", "factors.csv:3: value:"),
    ("not_finite", "factors.csv:3: value:"),
    ("low_above_value", "factors.csv:3: low:"),
    ("value_above_high", "factors.csv:3: high:"),
    ("duplicate_id", "b.csv:3: id:"),
    ("empty_source", "factors.csv:3: source:"),
    ("invalid_id", "factors.csv:3: id:"),
    ("invalid_date", "factors.csv:3: review_by:"),
    ("invalid_year", "factors.csv:3: year:"),
    ("unknown_sector", "factors.csv:3: sector:"),
    ("missing_column", "factors.csv:1: source:"),
    ("unknown_column", "factors.csv:1: commentaire:"),
    ("not_utf8", "factors.csv:3: le fichier n'est pas en UTF-8"),
    ("wrong_field_count", "factors.csv:3: 3 champs"),
    ("many_problems", "factors.csv:5: review_by:"),
]


def test_check_shipped_data_exits_0(capsys):
    """Quality of the shipped base: every factor file is valid, and fits the model's roles."""
    assert main(["factors", "check"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("OK : ")
    n_files = len(factor_files(default_directory()))
    assert f"{len(read_factors())} facteurs valides dans {n_files} fichiers" in out
    assert err == ""


def test_check_fixture_data_counts(capsys):
    assert main(["--data", MINI, "factors", "check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK : 65 facteurs valides dans 5 fichiers")  # tests/data/mini
    assert "secteurs : alimentation, batiment, economie, mobilite, services_publics" in out


@pytest.mark.parametrize(("case", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_check_broken_fixture_exits_1_with_path_line(capsys, case, expected):
    assert main(["factors", "check", str(FIXTURES / case)]) == 1
    out, err = capsys.readouterr()
    assert f"{case}/{expected}" in err
    assert "Traceback" not in err
    assert out == ""


def test_check_missing_folder_exits_1(capsys, tmp_path):
    assert main(["factors", "check", str(tmp_path / "absent")]) == 1
    assert "introuvable" in capsys.readouterr().err


def test_list_table_sector_filter(capsys):
    assert main(["--data", MINI, "factors", "list", "--sector", "batiment"]) == 0
    out = capsys.readouterr().out
    assert "bld_ic_heat_chauffagegaz" in out
    assert "nrg_elec_fr_2025" in out
    assert "mob_ic_tgv" not in out
    assert out.rstrip().endswith("13 facteurs")  # tests/data/mini/emission_factors/batiment.csv


def test_list_json(capsys):
    assert main(["--data", MINI, "factors", "list", "--format", "json", "--sector",
                 "mobilite"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_id = {d["id"]: d for d in data}
    assert {d["sector"] for d in data} == {"mobilite"}
    assert by_id["mob_ic_tgv"]["value"] == pytest.approx(0.004)
    assert by_id["mob_ic_tgv"]["canonical_unit"] == "kgCO2e / passenger / km"
    assert by_id["mob_ic_tram"]["value"] == pytest.approx(0.005)  # 5 gCO2e/pkm in the file
    assert by_id["mob_ic_tram"]["unit"] == "gCO2e/pkm"
    assert by_id["mob_ngceval_car_medium_petrol_vkm"]["canonical_unit"] == "kgCO2e / vehicle / km"


def test_list_csv(capsys):
    assert main(["--data", MINI, "factors", "list", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 65
    row = next(r for r in rows if r["id"] == "nrg_elec_fr_2025")
    assert float(row["value"]) == pytest.approx(0.05)  # 50 kgCO2e/MWh in the file
    assert float(row["high"]) == pytest.approx(0.06)


def test_list_unknown_sector_is_an_error(capsys):
    assert main(["--data", MINI, "factors", "list", "--sector", "transport"]) == 1
    assert "secteur inconnu « transport »" in capsys.readouterr().err


def test_due_on_date_with_data_option(capsys):
    data = str(FIXTURES / "due")
    assert main(["--data", data, "factors", "due", "--on", "2026-01-31"]) == 0
    out = capsys.readouterr().out
    assert "2 facteurs à revoir au 2026-01-31" in out
    assert "test_tgv" in out
    assert "test_soon" in out
    assert "test_later" not in out
    # oldest first, with the place to edit
    assert out.index("test_tgv") < out.index("test_soon")
    assert "factors.csv:2" in out


def test_due_nothing(capsys):
    data = str(FIXTURES / "due")
    assert main(["--data", data, "factors", "due", "--on", "2020-01-01"]) == 0
    assert "Aucun facteur à revoir au 2020-01-01" in capsys.readouterr().out


def test_due_on_fixture_data_lists_the_earliest(capsys):
    assert main(["--data", MINI, "factors", "due", "--on", "2098-12-31"]) == 0
    out = capsys.readouterr().out
    # tests/data/mini: two factors to review by 2098-06-30, the others by 2099-12-31
    assert "2 facteurs à revoir au 2098-12-31" in out
    assert "mob_ic_tgv" in out and "food_ic_kg_mangue" in out
    assert "nrg_gas" not in out


def test_due_bad_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["factors", "due", "--on", "26/11/2026"])
    assert info.value.code == 2
    assert "AAAA-MM-JJ" in capsys.readouterr().err


def _atelier() -> str:
    exe = Path(sys.executable).with_name("atelier")
    found = str(exe) if exe.exists() else shutil.which("atelier")
    assert found, "the atelier console script is not installed (pip install -e .)"
    return found


def test_console_script_subprocess():
    env = {**os.environ}
    env.pop("ATELIER_DATA", None)
    ok = subprocess.run([_atelier(), "factors", "check"], capture_output=True, text=True,
                        cwd=PROJECT, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("OK : ")
    bad = subprocess.run([_atelier(), "factors", "check", str(FIXTURES / "bad_number")],
                         capture_output=True, text=True, cwd=PROJECT, env=env, timeout=120)
    assert bad.returncode == 1
    assert "tests/data/factors/bad_number/factors.csv:3: value: nombre illisible" in bad.stderr
    assert "Traceback" not in bad.stderr
