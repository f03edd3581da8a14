"""Generated documentation: docs/facteurs.md says what the factor files say (fixture data).

Whether the shipped pages are up to date is checked once, with the rest of the snapshot, by
``tests/test_snapshot.py``.
"""

from __future__ import annotations

from pathlib import Path

from simulation import docsgen
from simulation.cli import main
from simulation.factors import read_factors

MINI = Path(__file__).resolve().parent / "data" / "mini"


def test_factors_page_lists_every_factor_with_source_and_review_date():
    text = docsgen.render_pages(MINI)["docs/facteurs.md"]
    fb = read_factors(MINI / "emission_factors")
    for f in fb:
        assert f"| `{f.id}` |" in text, f.id
    row = next(line for line in text.splitlines() if line.startswith("| `mob_ic_tgv` |"))
    # tests/data/mini/emission_factors/mobilite.csv, as written: 0.004 kgCO2e/pkm
    assert "| 0,004 |" in row
    assert "| kgCO2e/pkm |" in row
    assert "| 0,003 – 0,005 |" in row
    assert "| 2098-06-30 |" in row
    assert "](https://exemple.test/facteurs/tgv)" in row  # the source_ref URL as a link
    services = next(line for line in text.splitlines()
                    if line.startswith("| `agg_ngceval_services_publics` |"))
    assert "| 1,2 |" in services and "| tCO2e/person/year |" in services
    assert f"{len(fb)} facteurs d'émission" in text
    assert "Régénérer cette page : `atelier snapshot`." in text


def test_french_number_text():
    assert docsgen.fr_number_text("12345.6") == "12\u202f345,6"
    assert docsgen.fr_number_text("0.00017") == "0,00017"
    assert docsgen.fr_number_text("740") == "740"
    assert docsgen.fr_number_text("1e-05") == "0,00001"
    assert docsgen.fr_number_text("abc") == "abc"


def test_atelier_docs_writes_then_reports_up_to_date(tmp_path, capsys):
    data = ["--data", str(MINI)]
    assert main([*data, "docs", "--root", str(tmp_path), "--check"]) == 1
    assert "docs/facteurs.md est périmé : lancez « atelier docs »" in capsys.readouterr().err
    assert main([*data, "docs", "--root", str(tmp_path)]) == 0
    assert "écrit : docs/facteurs.md" in capsys.readouterr().out
    page = tmp_path / "docs" / "facteurs.md"
    assert page.read_text(encoding="utf-8") == docsgen.render_pages(MINI)["docs/facteurs.md"]
    assert main([*data, "docs", "--root", str(tmp_path)]) == 0
    assert "rien à écrire" in capsys.readouterr().out
    assert main([*data, "docs", "--root", str(tmp_path), "--check"]) == 0
    # no temporary file left behind by the atomic write
    assert sorted(p.name for p in page.parent.iterdir()) == sorted(
        Path(rel).name for rel in docsgen.PAGES if rel.startswith("docs/"))


def test_write_atomic_replaces_content(tmp_path):
    target = tmp_path / "sub" / "page.md"
    docsgen.write_atomic(target, "un\n")
    docsgen.write_atomic(target, "deux\n")
    assert target.read_text(encoding="utf-8") == "deux\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.md"]
