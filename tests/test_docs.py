"""Generated documentation: docs/facteurs.md must match the data."""

from __future__ import annotations

from pathlib import Path

from simulation import docsgen
from simulation.cli import main
from simulation.factors import read_factors

PROJECT = Path(__file__).resolve().parent.parent


def test_generated_docs_are_up_to_date():
    stale = docsgen.stale_pages(PROJECT)
    assert not stale, (
        f"{', '.join(stale)} : page(s) périmée(s) par rapport à data/ — "
        "lancez `atelier docs` (run `atelier docs` to regenerate)"
    )


def test_factors_page_lists_every_factor_with_source_and_review_date():
    text = docsgen.render_pages()["docs/facteurs.md"]
    fb = read_factors()
    for f in fb:
        assert f"| `{f.id}` |" in text, f.id
    row = next(line for line in text.splitlines() if line.startswith("| `mob_ic_tgv` |"))
    assert "| 0,00293 |" in row
    assert "kgCO2e/pkm" in row
    assert fb["mob_ic_tgv"].review_by.isoformat() in row
    assert "](https://github.com/incubateur-ademe/impactco2/" in row
    services = next(line for line in text.splitlines()
                    if line.startswith("| `agg_ngceval_services_publics` |"))
    assert "| 1\u202f189 |" in services


def test_french_number_text():
    assert docsgen.fr_number_text("12345.6") == "12\u202f345,6"
    assert docsgen.fr_number_text("0.00017") == "0,00017"
    assert docsgen.fr_number_text("740") == "740"
    assert docsgen.fr_number_text("1e-05") == "0,00001"
    assert docsgen.fr_number_text("abc") == "abc"


def test_atelier_docs_writes_then_reports_up_to_date(tmp_path, capsys):
    assert main(["docs", "--root", str(tmp_path), "--check"]) == 1
    assert "docs/facteurs.md est périmé : lancez « atelier docs »" in capsys.readouterr().err
    assert main(["docs", "--root", str(tmp_path)]) == 0
    assert "écrit : docs/facteurs.md" in capsys.readouterr().out
    page = tmp_path / "docs" / "facteurs.md"
    assert page.read_text(encoding="utf-8") == (PROJECT / "docs" / "facteurs.md").read_text(
        encoding="utf-8")
    assert main(["docs", "--root", str(tmp_path)]) == 0
    assert "rien à écrire" in capsys.readouterr().out
    assert main(["docs", "--root", str(tmp_path), "--check"]) == 0
    # no temporary file left behind by the atomic write
    assert sorted(p.name for p in page.parent.iterdir()) == sorted(
        Path(rel).name for rel in docsgen.PAGES if rel.startswith("docs/"))


def test_write_atomic_replaces_content(tmp_path):
    target = tmp_path / "sub" / "page.md"
    docsgen.write_atomic(target, "un\n")
    docsgen.write_atomic(target, "deux\n")
    assert target.read_text(encoding="utf-8") == "deux\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.md"]
