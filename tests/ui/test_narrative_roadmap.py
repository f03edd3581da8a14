"""The 2050 narrative (escaped, from lever data), the take-home PDF, and one name for each
number on screen and on paper."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import subprocess

import numpy as np
import pytest
from pypdf import PdfReader

from simulation import metrics
from simulation.cards.roadmap import MAX_ROWS, roadmap_pdf, sectors_png, trajectory_png
from simulation.formatting import format_co2
from simulation.story import level_story
from simulation.texts import t
from simulation.ui.narrative import narrative_html


def _plain(text: str) -> str:
    """Text with the no-break spaces of French typography made ordinary spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _pdf_text(pdf: bytes) -> str:
    return _plain("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


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
    effects = metrics.shares_of_change(model, levels)
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


def test_roadmap_names_the_share_of_the_groups_change(model, pdf_bytes):
    text = _pdf_text(pdf_bytes)
    flat = " ".join(text.split())
    assert t("metric.share_of_change") in flat  # the column
    assert " ".join(t("metric.share_of_change_note").split()) in flat  # and what it means
    assert "shapley" not in flat.lower()
    assert "contribution" not in flat.lower()
    assert t("metric.effect_alone") not in flat  # another number, another name
    levels = {"velo_marche": 4, "renovation": 3, "flexitarien": 2}
    for share in metrics.shares_of_change(model, levels, "montpellier-metropole").values():
        assert _plain(format_co2(share, signed=True)) in text
    english = _pdf_text(roadmap_pdf(model, "france", levels, team="Team 1", code="C",
                                    lang="en"))
    assert t("metric.share_of_change", "en") in " ".join(english.split())
    assert "shapley" not in english.lower()


@pytest.fixture
def tick_labels(monkeypatch):
    """Record the tick labels of every matplotlib figure saved (after it is drawn)."""
    from matplotlib.figure import Figure

    seen: list[dict[str, list[str]]] = []
    original = Figure.savefig

    def spy(self, *args, **kwargs):
        out = original(self, *args, **kwargs)
        for ax in self.axes:
            seen.append({"x": [x.get_text() for x in ax.get_xticklabels()],
                         "y": [y.get_text() for y in ax.get_yticklabels()]})
        return out

    monkeypatch.setattr(Figure, "savefig", spy)
    return seen


@pytest.mark.parametrize(("lang", "mark", "other"), [("fr", ",", "."), ("en", ".", ",")])
def test_roadmap_axes_use_the_readers_decimal_mark(tick_labels, lang, mark, other):
    years = np.arange(2023, 2051)
    total = np.linspace(1600.0, 1100.0, len(years))  # 1,6 t → 1,1 t: decimal ticks
    trajectory_png(years, total, total - 100, total + 100, total + 50, 500.0, lang, dpi=50)
    sectors_png(["a", "b"], [700.0, 300.0], [500.0, 150.0], 2023, lang, dpi=50)
    values = tick_labels[0]["y"] + tick_labels[1]["x"]
    assert any(mark in v for v in values), values
    assert not any(other in v for v in values), values


def test_roadmap_of_the_model_prints_french_ticks(model, tick_labels):
    roadmap_pdf(model, "france", {lv.id: 4 for lv in model.levers}, team="É", code="C")
    assert tick_labels
    for axes in tick_labels:
        assert not any("." in v for v in axes["x"] + axes["y"]), axes


# ---------------------------------------------------------------------------------------
# One name, one number: the card prints the effect alone, the roadmap the share
# ---------------------------------------------------------------------------------------
def _fragments(page):
    """Every text piece of a page with its matrices: ``(text, cm, tm)``."""
    out = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            out.append((_plain(text.strip()), tuple(cm), tuple(tm)))

    page.extract_text(visitor_text=visit)
    return out


def _paragraphs(page):
    """Texts drawn under the same matrix (a reportlab paragraph), joined: ``{cm: text}``."""
    out: dict[tuple, list[str]] = {}
    for text, cm, _tm in _fragments(page):
        out.setdefault(cm, []).append(text)
    return {cm: " ".join(parts) for cm, parts in out.items()}


COV, EV = "covoiturage", "voiture_electrique"


def test_card_and_roadmap_each_print_their_number_under_their_own_name(model, tmp_path):
    from simulation.cards.layout import render_cards_pdf
    from simulation.cards.model_decks import all_print_cards

    levels = {COV: 4, EV: 4}
    share = metrics.shares_of_change(model, levels, "france")[COV]
    alone = metrics.effect_alone(model, COV, 4, "france")
    share_text = _plain(format_co2(share, signed=True))
    alone_text = _plain(format_co2(alone, signed=True))
    share_label, alone_label = t("metric.share_of_change"), t("metric.effect_alone")

    # the roadmap: the covoiturage row, in the column « Part dans le changement du groupe »
    pdf = roadmap_pdf(model, "france", levels, team="Équipe 1", code="X", lang="fr")
    paragraphs = _paragraphs(PdfReader(io.BytesIO(pdf)).pages[0])
    header = [cm for cm, text in paragraphs.items() if text == share_label]
    row = [cm for cm, text in paragraphs.items() if text == model.lever(COV).title_fr]
    assert len(header) == 1 and len(row) == 1, paragraphs
    (hx, hy), (_rx, ry) = header[0][4:], row[0][4:]
    cell = [text for cm, text in paragraphs.items() if cm[4:] == (hx, ry)]
    assert cell == [share_text]
    assert hy > ry  # the header is above the row
    roadmap_text = " ".join(paragraphs.values())
    assert alone_label not in roadmap_text

    # the lever card: its big number, right under « Effet du levier seul »
    card = next(c for c in all_print_cards(model=model) if c.id == f"levier_{COV}")
    assert card.value == format_co2(alone, signed=True)
    path = tmp_path / "card.pdf"
    render_cards_pdf([card], path, "carte")
    back = _fragments(PdfReader(path).pages[1])
    labels = [(cm, tm) for text, cm, tm in back if text.startswith(alone_label)]
    assert len(labels) == 1, back
    cm, tm = labels[0]
    below = [(tm[5] - b_tm[5], text) for text, b_cm, b_tm in back
             if b_cm == cm and b_tm[5] < tm[5]]
    assert min(below)[1] == alone_text
    card_text = " ".join(text for text, *_m in back)
    assert share_label not in card_text

    # two numbers (the two levers act on the same car kilometres), so two names
    assert share_text != alone_text
    assert share_label != alone_label
