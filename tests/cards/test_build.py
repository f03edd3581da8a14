"""``atelier cards build``: the four outputs, their contents, print geometry, atomicity."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from simulation.cards import layout
from simulation.cards.content import PrintCard
from simulation.cards.model_decks import all_print_cards
from simulation.cli import main
from simulation.exceptions import CardFileError
from simulation.model import load_model

SECTORS = load_model().sectors
from simulation.paths import PROJECT_DIR

EXPECTED_COLUMNS = [
    "id", "deck", "deck_title", "kind", "number", "total", "title", "subtitle",
    "front_lines", "value_label", "value", "range", "details", "sources", "review_by",
    "credits", "licence", "value_kg", "low_kg", "high_kg",
]
STANDARD_14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "cards"
    assert main(["cards", "build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def cards():
    return all_print_cards()


def _norm(text: str) -> str:
    """Collapse every kind of space (PDF text extraction turns U+202F into a space or not)."""
    return re.sub(r"[\s\u202f\u00a0]+", "", text)


def test_outputs_written(built):
    assert sorted(p.name for p in built.iterdir()) == sorted(
        ["cards.csv", "cards.json", "cards.pdf", "posters-a3.pdf", "climate-posters-a3.pdf"])
    assert not list(built.parent.glob(".cards.tmp-*")), "temporary folder left behind"


def test_csv_data_merge(built, cards):
    raw = (built / "cards.csv").read_bytes()
    text = raw.decode("utf-8")  # strict UTF-8
    with open(built / "cards.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        assert reader.fieldnames == EXPECTED_COLUMNS
    assert len(rows) == len(cards)
    assert text.count("\n") == len(cards) + 1  # no line break inside any field
    by_id = {r["id"]: r for r in rows}
    for card in cards:
        assert by_id[card.id]["value"] == card.value
        assert by_id[card.id]["title"] == card.title
        assert by_id[card.id]["licence"] == "CC BY-SA 4.0 — atelier-transition"
    assert "\u202f" in by_id["mob_avion_mpl_paris"]["value"]  # French typography kept


def test_json_export(built, cards):
    doc = json.loads((built / "cards.json").read_text(encoding="utf-8"))
    assert doc["meta"]["territory"] == "france"
    assert doc["meta"]["scenario"] == "s2"
    assert [c["id"] for c in doc["cards"]] == [c.id for c in cards]
    first = doc["cards"][0]
    assert {"title_en", "value_en", "value_kg", "low_kg", "high_kg", "sources"} <= set(first)


def test_cards_pdf_pages_and_text(built, cards):
    reader = PdfReader(built / "cards.pdf")
    per_deck: dict[str, int] = {}
    for c in cards:
        per_deck[c.deck] = per_deck.get(c.deck, 0) + 1
    sheets = sum(math.ceil(n / 8) for n in per_deck.values())
    assert len(reader.pages) == 2 * sheets
    texts = [_norm(p.extract_text()) for p in reader.pages]
    fronts, backs = "".join(texts[0::2]), "".join(texts[1::2])
    for card in cards:
        assert _norm(card.title) in fronts, card.id
        assert _norm(card.value) in backs, card.id
    assert _norm("Valeurs à revoir avant le") in backs
    assert _norm("CC BY-SA 4.0 — atelier-transition") in backs
    assert "é" in fronts and "CO₂e" in backs  # accents and subscript extracted


def test_fonts_embedded(built):
    for name in ("cards.pdf", "posters-a3.pdf"):
        reader = PdfReader(built / name)
        seen = 0
        for page in reader.pages:
            fonts = page["/Resources"].get("/Font", {})
            for font in fonts.values():
                font = font.get_object()
                assert not str(font["/BaseFont"]).lstrip("/").startswith(STANDARD_14), name
                desc = (font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                        if "/DescendantFonts" in font else font["/FontDescriptor"])
                assert "/FontFile2" in desc.get_object(), f"{name}: font not embedded"
                seen += 1
        assert seen


def test_posters_pdf(built):
    reader = PdfReader(built / "posters-a3.pdf")
    assert len(reader.pages) == len(SECTORS)
    m = load_model()
    for page, sector in zip(reader.pages, SECTORS, strict=True):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(w / mm), round(h / mm)) == (297, 420)  # A3 portrait
        text = _norm(page.extract_text())
        assert _norm(m.sector_label(sector)) in text
        # the chart (matplotlib, vector) is on the page: its sub-item labels are text
        first_item = next(iter(m.evaluate().items[sector]))
        assert _norm(m.item_label(first_item)) in text
        assert _norm("kg CO₂e par habitant et par an") in text
        # vector chart: no raster image anywhere on the page
        xobjects = page["/Resources"].get("/XObject", {})
        subtypes = {str(x.get_object().get("/Subtype")) for x in xobjects.values()}
        assert "/Image" not in subtypes


def test_backs_line_up_with_fronts_for_long_edge_duplex():
    # Long-edge flip of a landscape page turns it over its horizontal axis: a point at
    # (x, y) on the front lands at (x, page height − y) on the back.
    for i in range(layout.PER_SHEET):
        col, row = layout.slot(i)
        fx, fy = layout.cell_origin(col, row)
        bx, by = layout.cell_origin(*layout.back_slot(col, row))
        front_centre = (fx + layout.CARD_W_MM * mm / 2, fy + layout.CARD_H_MM * mm / 2)
        back_centre = (bx + layout.CARD_W_MM * mm / 2, by + layout.CARD_H_MM * mm / 2)
        assert back_centre[0] == pytest.approx(front_centre[0])
        assert back_centre[1] == pytest.approx(layout.PAGE_H - front_centre[1])


def test_bleed_and_crop_marks_fit_on_the_sheet():
    cell_w = (layout.CARD_W_MM + 2 * layout.BLEED_MM) * mm
    cell_h = (layout.CARD_H_MM + 2 * layout.BLEED_MM) * mm
    assert layout.BLEED_MM == 3.0
    assert (layout.CARD_W_MM, layout.CARD_H_MM) == (63.0, 88.0)
    for i in range(layout.PER_SHEET):
        x, y = layout.cell_origin(*layout.slot(i))
        # the bleed area is on the paper, with room for the marks outside it
        reach = (layout.MARK_GAP_MM + layout.MARK_LEN_MM) * mm
        assert x - layout.BLEED_MM * mm - reach >= 3 * mm
        assert y - layout.BLEED_MM * mm - reach >= 3 * mm
        assert x - layout.BLEED_MM * mm + cell_w + reach <= layout.PAGE_W - 3 * mm
        assert y - layout.BLEED_MM * mm + cell_h + reach <= layout.PAGE_H - 3 * mm


def test_text_too_long_for_a_card_is_an_error_naming_the_definition(tmp_path):
    card = PrintCard(id="bavarde", deck="mobilite", kind="ges",
                     title="Un titre beaucoup trop long " * 30, value="1 kg",
                     origin=("data/cards/mobilite.toml", 42))
    with pytest.raises(CardFileError,
                       match=r"data/cards/mobilite.toml:42: title_fr: .*bavarde"):
        layout.render_cards_pdf([card], tmp_path / "x.pdf", "test")


@pytest.mark.parametrize("fixture", ["unknown_factor.toml", "incompatible_units.toml",
                                     "missing_text.toml", "text_overflow.toml"])
def test_broken_definition_writes_nothing(data_copy, tmp_path, capsys, fixture):
    shutil.copy(PROJECT_DIR / "tests" / "data" / "cards" / fixture, data_copy / "cards" / "zz_broken.toml")
    out = tmp_path / "out"
    out.mkdir()
    (out / "cards.csv").write_text("previous build\n", encoding="utf-8")
    status = main(["--data", str(data_copy), "cards", "build", "--out", str(out)])
    assert status == 1
    err = capsys.readouterr().err
    assert re.search(r"zz_broken\.toml:\d+: \w+: ", err), err
    assert "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["cards.csv"]
    assert (out / "cards.csv").read_text(encoding="utf-8") == "previous build\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out"]  # no temp folder


def test_unknown_territory_or_scenario_is_a_clean_error(tmp_path, capsys):
    assert main(["cards", "build", "--out", str(tmp_path / "o"), "--scenario", "s9"]) == 1
    assert "scénario inconnu" in capsys.readouterr().err
    assert main(["cards", "build", "--out", str(tmp_path / "o"), "--territory", "mars"]) == 1
    assert "territoire inconnu" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
