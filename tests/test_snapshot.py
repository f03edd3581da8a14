"""The snapshot: every file computed from a data folder, rewritten by ``atelier snapshot``.

``test_shipped_snapshot_is_up_to_date`` is the one test that compares the shipped data with
what is computed from it (card lock, trajectories, generated pages); the others check the
command on the fixture data (``tests/data/mini``).
"""

from __future__ import annotations

import csv
import io
import shutil

import numpy as np
import pytest

from simulation import snapshot
from simulation.cli import main
from simulation.exceptions import rel
from simulation.model import YEARS, load_model
from simulation.paths import PROJECT_DIR

PAGES = ("docs/facteurs.md", "docs/leviers.md", "docs/parametres.md")


@pytest.fixture(scope="module")
def shipped():
    """Every file of the shipped data's snapshot, with the text the data gives now."""
    return snapshot.artefacts()


def test_shipped_snapshot_is_up_to_date(shipped):
    stale = [a for a in shipped if a.is_stale()]
    assert not stale, (
        "fichiers calculés depuis data/ périmés : "
        + ", ".join(rel(a.path) for a in stale)
        + " — lancez « atelier snapshot » (ou « atelier cards diff » d'abord pour voir les "
          "cartes qui changent), relisez le diff et enregistrez ces fichiers "
          "(run `atelier snapshot` to regenerate them)")


def test_shipped_snapshot_files(shipped):
    """The snapshot of data/ is the lock, the trajectories and the project's pages."""
    paths = [a.path for a in shipped]
    assert paths == [PROJECT_DIR / "data" / "cards" / "values.lock.csv",
                     PROJECT_DIR / "data" / "scenarios" / "trajectories.lock.csv",
                     *(PROJECT_DIR / p for p in PAGES)]


def test_snapshot_writes_every_file_then_nothing(mini_copy, capsys):
    data = ["--data", str(mini_copy)]
    assert main([*data, "snapshot", "--check"]) == 1
    err = capsys.readouterr().err
    expected = [mini_copy / "cards" / "values.lock.csv",
                mini_copy / "scenarios" / "trajectories.lock.csv",
                *(mini_copy / p for p in PAGES)]  # another folder keeps its pages inside it
    for path in expected:
        assert f"{rel(path)} est périmé" in err
    assert f"lancez « atelier --data {rel(mini_copy)} snapshot »" in err

    assert main([*data, "snapshot"]) == 0
    out = capsys.readouterr().out
    assert [line.split(" : ")[1].split(" (")[0] for line in out.splitlines()
            if line.startswith("écrit : ")] == [rel(p) for p in expected]
    assert all(p.is_file() for p in expected)
    assert main([*data, "snapshot"]) == 0
    assert "rien à écrire" in capsys.readouterr().out
    assert main([*data, "snapshot", "--check"]) == 0
    assert "à jour" in capsys.readouterr().out
    # atomic writes: no temporary file left anywhere
    assert not [p for p in mini_copy.rglob("*") if p.name.startswith(".")]


def test_trajectories_are_the_model_of_every_territory_and_scenario(mini_snapshot, mini_model):
    text = snapshot.trajectories_path(mini_snapshot).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["territory", "scenario", "sector", *(str(y) for y in YEARS)]
    seen = set()
    for territory, sid, sector, *values in rows[1:]:
        r = mini_model.evaluate(None, territory, sid)
        expected = r.total if sector == "total" else r.sectors[sector]
        np.testing.assert_allclose([float(v) for v in values], expected, atol=5e-4)
        seen.add((territory, sid, sector))
    assert seen == {(t, s, k) for t in mini_model.territories for s in mini_model.scenarios
                    for k in (*mini_model.sectors, "total")}


def test_trajectories_compare_to_the_gram():
    text = "territory,scenario,sector,2023\nfrance,tendanciel,total,1000.000\n"
    assert snapshot.same_trajectories(text, text.replace("1000.000", "1000.001"))
    assert not snapshot.same_trajectories(text, text.replace("1000.000", "1000.010"))
    assert not snapshot.same_trajectories(text, text.replace("tendanciel", "s1"))
    assert not snapshot.same_trajectories(text, text + "france,tendanciel,mobilite,1.000\n")
    assert not snapshot.same_trajectories("pas un verrou", text)


def _edit_factor(folder, factor_id: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the row of ``factor_id``; forget the loaded folders."""
    from simulation.data import load_data

    for path in (folder / "emission_factors").glob("*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith(f"{factor_id},"):
                assert old in line
                lines[i] = line.replace(old, new)
                path.write_text("".join(lines), encoding="utf-8")
                load_data.cache_clear()
                load_model.cache_clear()
                return
    raise AssertionError(factor_id)


@pytest.mark.parametrize(("factor", "old", "new", "stale"), [
    # a factor of GES cards only: its cards and the factor page
    ("food_ic_kg_mangue", ",10,kgCO2e/kg,8,12,", ",20,kgCO2e/kg,16,24,",
     {"cards/values.lock.csv", "docs/facteurs.md"}),
    # a factor of the model: cards, trajectories, factor and parameter pages (no lever of
    # the fixture moves train km: the lever page keeps its effects)
    ("mob_ic_tgv", ",0.004,kgCO2e/pkm,0.003,0.005,", ",0.4,kgCO2e/pkm,0.3,0.5,",
     {"cards/values.lock.csv", "scenarios/trajectories.lock.csv", "docs/facteurs.md",
      "docs/parametres.md"}),
    # a factor a lever's effect depends on: the lever page too
    ("mob_ngceval_car_medium_petrol_vkm", ",0.2,kgCO2e/vkm,0.15,0.25,",
     ",0.4,kgCO2e/vkm,0.3,0.5,",
     {"cards/values.lock.csv", "scenarios/trajectories.lock.csv", *PAGES}),
    # a review date: only the factor page shows it
    ("mob_ic_tgv", ",2098-06-30,", ",2097-06-30,", {"docs/facteurs.md"}),
])
def test_what_a_factor_change_makes_stale(mini_snapshot, tmp_path, factor, old, new, stale):
    data = tmp_path / "data"
    shutil.copytree(mini_snapshot, data)
    assert snapshot.stale(data) == []
    _edit_factor(data, factor, old, new)
    assert {a.path.relative_to(data).as_posix() for a in snapshot.stale(data)} == stale
    snapshot.write(data)
    assert snapshot.stale(data) == []


def test_docs_root():
    assert snapshot.docs_root(PROJECT_DIR / "data") == PROJECT_DIR
    assert snapshot.docs_root(PROJECT_DIR / "tests" / "data" / "mini") == (
        PROJECT_DIR / "tests" / "data" / "mini")


def test_snapshot_of_broken_data_writes_nothing(overlay, capsys):
    data = overlay("lever_unknown_sector")
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    assert main(["--data", str(data), "snapshot"]) == 1
    err = capsys.readouterr().err
    assert "teletravail.toml:3: sector:" in err and "Traceback" not in err
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before
