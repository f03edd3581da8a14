"""The 2050 narrative (escaped, from lever data) and the take-home PDF."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess

import pytest
from pypdf import PdfReader

from simulation.cards.roadmap import MAX_ROWS, roadmap_pdf
from simulation.formatting import format_co2
from simulation.story import level_story
from simulation.ui.narrative import narrative_html


def test_narrative_tells_each_chosen_lever_in_prose(model):
    levels = {"velo_marche": 4, "renovation": 1}
    r = model.evaluate(levels)
    text = narrative_html(model.levers, levels, r.value(2050), r.total[0], 2023, "fr")
    assert "<li>" not in text  # prose, not a list
    plain = html.unescape(text)
    for lever_id, level in levels.items():
        assert level_story(model.lever(lever_id), level, "fr") in plain
        # the level's label (its numbers) is inside its sentence
        assert model.lever(lever_id).levels[level].label_fr.split(" (")[0] in plain
    assert format_co2(r.value(2050)) in plain
    english = html.unescape(narrative_html(model.levers, levels, r.value(2050), r.total[0], 2023,
                                           "en"))
    assert "In 2050, in our territory" in english
    assert level_story(model.lever("velo_marche"), 4, "en") in english


@pytest.fixture(scope="module")
def pdf_bytes(model):
    levels = {"velo_marche": 4, "renovation": 3, "flexitarien": 2}
    return roadmap_pdf(model, "montpellier-metropole", levels, team="Équipe 2",
                       code="CODE123", lang="fr", date=dt.date(2026, 11, 26))


def test_roadmap_has_the_numbers_then_the_story(model, pdf_bytes, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf_bytes)
    reader = PdfReader(path)
    assert len(reader.pages) == 2  # page 1: the numbers; page 2: « Notre 2050, en récit »
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
    story = " ".join(reader.pages[1].extract_text().split())
    assert "Notre 2050, en récit" in story
    for lever_id, level in levels.items():
        sentence = level_story(model.lever(lever_id), level, "fr")
        assert " ".join(sentence.split()[:5]) in story, sentence


def test_roadmap_without_lever_and_in_english(model, tmp_path):
    path = tmp_path / "en.pdf"
    path.write_bytes(roadmap_pdf(model, "france", {}, team="Team 1", code="X", lang="en"))
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "The group's roadmap" in text
    assert "No lever activated." in text


def test_roadmap_stays_two_pages_with_every_lever(model, tmp_path):
    levels = {lever.id: 4 for lever in model.levers}
    path = tmp_path / "all.pdf"
    path.write_bytes(roadmap_pdf(model, "france", levels, team="Équipe 4", code="C"))
    assert len(PdfReader(path).pages) == 2
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    others = re.search(r"… et (\d+) autres leviers", text)
    assert others and int(others.group(1)) >= len(model.levers) - MAX_ROWS


def test_roadmap_shrinks_its_table_to_keep_the_numbers_on_page_one(model, tmp_path):
    levels = {lever.id: 4 for lever in model.levers}
    for territory in model.territories:
        for lang in ("fr", "en"):
            path = tmp_path / f"{territory}-{lang}.pdf"
            path.write_bytes(roadmap_pdf(model, territory, levels, team="Équipe 1",
                                         code="x" * 40, lang=lang))
            reader = PdfReader(path)
            assert len(reader.pages) == 2, (territory, lang)
            assert "x" * 40 in reader.pages[0].extract_text()  # the code closes page 1


def test_narrative_groups_by_sector_and_gives_each_effect(model):
    levels = {"velo_marche": 4, "renovation": 1, "flexitarien": 2}
    r = model.evaluate(levels)
    effects = model.attribution(levels)
    text = narrative_html(model.levers, levels, r.value(2050), r.total[0], 2023, "fr",
                          effects=effects, sector_label=model.sector_label,
                          sector_order=("mobilite", "alimentation", "batiment"))
    # one paragraph per theme: the three ordered first, the others after, « nothing changed »
    assert text.count("atelier-narrative-sector") == len(model.sectors)
    plain = html.unescape(text)
    velo = level_story(model.lever("velo_marche"), 4, "fr")
    assert plain.index(model.sector_label("mobilite")) < plain.index(velo)
    assert plain.index(velo) < plain.index(model.sector_label("alimentation"))
    assert plain.index(model.sector_label("alimentation")) < plain.index(
        model.sector_label("batiment"))
    for lever_id, effect in effects.items():
        assert format_co2(effect, signed=True) in plain, lever_id
        assert model.lever(lever_id).title_fr in plain, lever_id
