"""The lock file of printed values, and ``atelier cards diff`` / ``lock`` (fixture data).

Whether the shipped lock is up to date is checked once, with the rest of the snapshot, by
``tests/test_snapshot.py``.
"""

from __future__ import annotations

import csv
import tomllib

import pytest

from simulation.cli import main


@pytest.fixture
def locked_copy(data_copy, capsys):
    """The fixture data folder with its card lock written by ``atelier cards lock``."""
    assert main(["--data", str(data_copy), "cards", "lock"]) == 0
    assert "cartes verrouillées dans" in capsys.readouterr().out
    return data_copy


def _cards_using(data_dir, factor_id):
    ids = set()
    for path in (data_dir / "cards").glob("*.toml"):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        for card in doc.get("card", []):
            if any(u["factor"] == factor_id for u in card["use"]):
                ids.add(card["id"])
    return ids


def _scale_factor(data_dir, factor_id, ratio):
    """Multiply a factor's value, low and high by ``ratio`` in the CSV copy (and forget the
    data folders loaded by this process, as a new ``atelier`` process would)."""
    from simulation.data import load_data
    from simulation.model import load_model

    load_data.cache_clear()
    load_model.cache_clear()
    for path in (data_dir / "emission_factors").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if not any(r["id"] == factor_id for r in rows):
            continue
        for r in rows:
            if r["id"] == factor_id:
                for col in ("value", "low", "high"):
                    r[col] = repr(float(r[col]) * ratio)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        return
    raise AssertionError(f"{factor_id} not found")


def _changed_ids(output: str) -> set[str]:
    return {line.split()[1] for line in output.splitlines() if line.startswith("~ ")}


def test_diff_reports_exactly_the_cards_using_an_edited_factor(locked_copy, mini, capsys):
    from simulation.model import load_model

    data_copy = locked_copy
    factor = "food_ic_kg_mangue"  # used by GES cards only, not by the model's equations
    before = load_model(mini).evaluate(scenario="sobriete").total.copy()
    _scale_factor(data_copy, factor, 2.0)
    assert (load_model(data_copy).evaluate(scenario="sobriete").total == before).all()

    assert main(["--data", str(data_copy), "cards", "diff", "--exit-code"]) == 1
    out = capsys.readouterr().out
    expected = _cards_using(data_copy, factor)
    assert expected  # the test needs at least one card using it
    assert _changed_ids(out) == expected
    assert f"{factor} : 10,00 → 20,00" in out  # tests/data/mini: 10 kgCO2e/kg
    assert "+100" in out  # % change of the printed value
    assert f"« atelier --data {data_copy} snapshot »" in out

    assert main(["--data", str(data_copy), "cards", "lock"]) == 0
    capsys.readouterr()
    assert main(["--data", str(data_copy), "cards", "diff", "--exit-code"]) == 0
    assert "Aucune carte ne change" in capsys.readouterr().out


def test_diff_reports_model_cards_when_a_model_factor_moves(locked_copy, capsys):
    data_copy = locked_copy
    factor = "mob_ic_tgv"  # used by a GES card and by the model (train item)
    _scale_factor(data_copy, factor, 100.0)  # enough to move the rounded sector totals
    assert main(["--data", str(data_copy), "cards", "diff"]) == 0
    changed = _changed_ids(capsys.readouterr().out)
    assert _cards_using(data_copy, factor) <= changed
    assert "prospective_mobilite" in changed
    # no card of another sector's GES deck moves
    assert not any(cid.startswith("alim_") for cid in changed)


def test_diff_lists_new_and_removed_cards(locked_copy, capsys):
    data_copy = locked_copy
    lock = data_copy / "cards" / "values.lock.csv"
    lines = lock.read_text(encoding="utf-8").splitlines()
    dropped = lines.pop(1).split(",")[0]  # first card row
    lines.append("carte_retiree,mobilite,1 kg,,,1,")
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    main(["--data", str(data_copy), "cards", "diff"])
    out = capsys.readouterr().out
    assert f"+ {dropped} " in out
    assert "- carte_retiree " in out


def test_diff_without_lock_says_how_to_create_it(data_copy, capsys):
    assert main(["--data", str(data_copy), "cards", "diff"]) == 0
    captured = capsys.readouterr()
    assert "pas de verrou" in captured.err and "snapshot" in captured.err
    assert _changed_ids(captured.out) == set()
    assert "nouvelle carte" in captured.out
