"""The 2050 narrative (escaped, from lever data) and the take-home PDF."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from pypdf import PdfReader

from simulation.cards.roadmap import MAX_ROWS, roadmap_pdf
from simulation.formatting import format_co2
from simulation.ui.narrative import narrative_html


def test_narrative_lists_chosen_levers_with_their_level(model):
    levels = {"velo_marche": 4, "renovation": 1}
    r = model.evaluate(levels)
    text = narrative_html(model.levers, levels, r.value(2050), r.total[0], 2023, "fr")
    assert text.count("<li>") == 2
    assert "Vélo et marche" in text
    assert model.lever("renovation").levels[1].label_fr.replace("'", "&#x27;") in text
    assert format_co2(r.value(2050)) in text
    english = narrative_html(model.levers, levels, r.value(2050), r.total[0], 2023, "en")
    assert "In 2050, in our territory" in english
    assert model.lever("velo_marche").title_en in english


@pytest.fixture(scope="module")
def pdf_bytes(model):
    levels = {"velo_marche": 4, "renovation": 3, "flexitarien": 2}
    return roadmap_pdf(model, "montpellier-metropole", levels, team="Équipe 2",
                       code="CODE123", lang="fr", date=dt.date(2026, 11, 26))


def test_roadmap_is_one_page_with_the_numbers_of_the_model(model, pdf_bytes, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf_bytes)
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Feuille de route du groupe" in text
    assert "Équipe 2" in text and "Montpellier Méditerranée Métropole" in text
    levels = {"velo_marche": 4, "renovation": 3, "flexitarien": 2}
    total = model.evaluate(levels, territory="montpellier-metropole").value(2050)
    assert format_co2(total).replace("\u202f", " ").replace("\xa0", " ") in text.replace(
        "\u202f", " ").replace("\xa0", " ")
    assert "CODE123" in text
    for lever_id in levels:
        assert model.lever(lever_id).title_fr in text
    fonts = [f.get_object()["/BaseFont"] for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert any("DejaVuSans" in str(name) for name in fonts), fonts  # embedded, accents print


def test_roadmap_without_lever_and_in_english(model, tmp_path):
    path = tmp_path / "en.pdf"
    path.write_bytes(roadmap_pdf(model, "france", {}, team="Team 1", code="X", lang="en"))
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "The group's roadmap" in text
    assert "No lever activated." in text


def test_roadmap_stays_one_page_with_every_lever(model, tmp_path):
    levels = {lever.id: 4 for lever in model.levers}
    path = tmp_path / "all.pdf"
    path.write_bytes(roadmap_pdf(model, "france", levels, team="Équipe 4", code="C"))
    assert len(PdfReader(path).pages) == 1
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    others = re.search(r"… et (\d+) autres leviers", text)
    assert others and int(others.group(1)) >= len(model.levers) - MAX_ROWS


def test_roadmap_shrinks_its_table_to_stay_one_page(model, tmp_path):
    levels = {lever.id: 4 for lever in model.levers}
    for territory in model.territories:
        path = tmp_path / f"{territory}.pdf"
        path.write_bytes(roadmap_pdf(model, territory, levels, team="Équipe 1",
                                     code="x" * 40, lang="fr"))
        assert len(PdfReader(path).pages) == 1, territory


def test_narrative_groups_by_sector_and_gives_each_effect(model):
    levels = {"velo_marche": 4, "renovation": 1, "flexitarien": 2}
    r = model.evaluate(levels)
    effects = model.attribution(levels)
    text = narrative_html(model.levers, levels, r.value(2050), r.total[0], 2023, "fr",
                          effects=effects, sector_label=model.sector_label,
                          sector_order=("mobilite", "alimentation", "batiment"))
    assert text.count("atelier-narrative-sector") == 3
    assert text.index(model.sector_label("mobilite")) < text.index("Vélo et marche")
    assert text.index("Vélo et marche") < text.index(model.sector_label("alimentation"))
    assert text.index(model.sector_label("alimentation")) < text.index(
        model.sector_label("batiment"))
    for lever_id, effect in effects.items():
        assert format_co2(effect, signed=True) in text, lever_id
