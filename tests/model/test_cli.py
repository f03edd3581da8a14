"""``atelier model summary``, ``atelier levers list`` and ``atelier bench`` (fixture data)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulation.cli import main
from simulation.pathway import encode_pathway

MINI = str(Path(__file__).parents[1] / "data" / "mini")


def run(capsys, *args):
    code = main(["--data", MINI, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_summary_json_shape(capsys, model):
    code, out, _ = run(capsys, "model", "summary", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"territory", "population", "year", "unit", "sectors", "total",
                         "total_low", "total_high", "territory_total_tCO2e", "parameters",
                         "figures"}
    assert data["territory"] == "france" and data["year"] == 2050
    assert data["unit"] == "kgCO2e/person/year"
    assert set(data["sectors"]) == set(model.sectors)
    assert data["total"] == pytest.approx(model.evaluate({}).value(2050), abs=0.06)
    assert data["total_low"] < data["total"] < data["total_high"]
    assert data["territory_total_tCO2e"] == pytest.approx(data["total"] * data["population"] / 1000,
                                                          rel=1e-4)


def test_summary_pathway_scenario_year(capsys, model):
    code = encode_pathway(model, "petite-ville", {"flexitarien": 4, "renovation": 2})
    rc, out, _ = run(capsys, "model", "summary", "--pathway", code, "--year", "2040",
                     "--format", "json")
    data = json.loads(out)
    assert rc == 0 and data["territory"] == "petite-ville" and data["year"] == 2040
    expected = model.evaluate({"flexitarien": 4, "renovation": 2}, "petite-ville")
    assert data["total"] == pytest.approx(expected.value(2040), abs=0.06)
    rc, out, _ = run(capsys, "model", "summary", "--scenario", "sobriete", "--format", "json")
    assert json.loads(out)["total"] == pytest.approx(model.evaluate(scenario="sobriete").value(),
                                                     abs=0.06)
    rc, out, _ = run(capsys, "model", "summary", "--scenario", "sobriete")
    assert rc == 0 and model.scenarios["sobriete"].title_fr in out and "CO₂e" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--pathway", "france.zzz"], "code de parcours"),
    (["--scenario", "s9"], "scénario inconnu"),
    (["--territory", "atlantis"], "territoire inconnu"),
    (["--year", "2070"], "hors de 2023–2050"),
])
def test_summary_errors_exit_1_without_traceback(capsys, args, message):
    code, _, err = run(capsys, "model", "summary", *args)
    assert code == 1
    assert message in err and "Traceback" not in err


def test_levers_list_json(capsys, model):
    code, out, _ = run(capsys, "levers", "list", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == list(model.lever_ids)
    for row, lever in zip(rows, model.levers, strict=True):
        assert {"id", "sector", "title_fr", "levels"} <= set(row)
        assert row["levels"] == [level.label_fr for level in lever.levels]
        assert row["sector"] == lever.sector and row["kind"] == lever.kind
        assert row["parameters"] == sorted({e.parameter for e in lever.effects})


def test_bench_json_real_process():
    """The console script, in a real process, prints the four medians."""
    out = subprocess.run([sys.executable, "-m", "simulation", "--data", MINI, "bench", "--json",
                          "--repeat", "3"],
                         capture_output=True, text=True, check=True, timeout=300).stdout
    data = json.loads(out)
    assert set(data) == {"single_pathway_ms", "batch_10000_ms", "shapley_10_ms",
                         "montecarlo_1000_ms"}
    assert all(v > 0 for v in data.values())
