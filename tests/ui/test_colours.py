"""Same colour on screen and on paper: each sector's colour is the one of
``data/model/sectors.csv`` in the dashboard's charts, on the cards and on the posters.

The screen side reads the HTML the components display; the paper side runs
``atelier cards build`` and reads the fill colours (``r g b rg``) of the PDFs' content
streams with pypdf.
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
import tomllib
from collections import Counter

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from simulation.paths import data_dir
from simulation.ui.app import TAB_PROSPECTIVE, TAB_SOURCES, TAB_TEAMS, AtelierApp

from .conftest import bar_rows, columns, parse_html

PER_SHEET = 8  # cards on an A4 sheet (4 × 2), each deck starting on a new sheet


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(float(v) * 255):02X}" for v in rgb)


def _neutral(colour: str) -> bool:
    """White, black and greys (ink, frames): not a deck or sector colour."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) <= 12


def _fills(reader, page) -> Counter:
    """How many times each non-neutral fill colour is set on a page (``#RRGGBB``)."""
    out = Counter()
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"rg":
            colour = _hex(operands)
            if not _neutral(colour):
                out[colour] += 1
    return out


@pytest.fixture(scope="module")
def sectors():
    """``data/model/sectors.csv`` read directly: ``{id: row}`` in file order."""
    with open(data_dir() / "model" / "sectors.csv", encoding="utf-8", newline="") as fh:
        rows = {row["id"]: row for row in csv.DictReader(fh)}
    assert len(rows) >= 2
    return rows


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The outputs of ``atelier cards build`` (the very command authors run)."""
    out = tmp_path_factory.mktemp("cards") / "build"
    subprocess.run([sys.executable, "-m", "simulation", "cards", "build", "--out", str(out)],
                   check=True, capture_output=True, text=True)
    return out


def test_sector_colours_are_valid_and_distinct(sectors):
    colours = [row["colour"].upper() for row in sectors.values()]
    assert all(len(c) == 7 and c.startswith("#") and not _neutral(c) for c in colours)
    assert len(set(colours)) == len(colours)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_dashboard_shows_each_sector_in_its_colour(model, sectors, lang):
    app = AtelierApp(model=model)
    if lang == "en":
        app.header.lang.click()
    label = {row[f"label_{lang}"]: sid for sid, row in sectors.items()}
    want = {sid: row["colour"].upper() for sid, row in sectors.items()}
    sources, _game = app.tabs_content[TAB_SOURCES]
    shown = {label[r["label"]]: r["colour"].upper() for r in bar_rows(sources.footprint.value)}
    assert shown == want
    for sid in sectors:  # the detail of a sector is drawn in its colour
        sources.sector.value = sid
        assert {r["colour"].upper() for r in bar_rows(sources.items.value)} == {want[sid]}
    for index in (TAB_PROSPECTIVE, TAB_TEAMS):
        app.tabs.selected_index = index
        chart = app.tabs_content[index].chart.value
        for col in columns(chart):
            assert {label[s]: c.upper() for s, c, _h in col["segments"]} == want
        swatches = {}
        for item in parse_html(chart).find_all("atelier-legend-item"):
            name = item.text()
            if name in label:
                swatches[label[name]] = item.find("atelier-swatch").style["--c"].upper()
        assert swatches == want


def test_cards_print_each_deck_in_its_colour(printed, sectors):
    cards = json.loads((printed / "cards.json").read_text(encoding="utf-8"))["cards"]
    decks = list(dict.fromkeys(c["deck"] for c in cards))
    assert set(sectors) & set(decks), "no GES deck: nothing to compare with sectors.csv"

    def deck_colour(deck):
        if deck in sectors:
            return sectors[deck]["colour"].upper()
        table = tomllib.loads((data_dir() / "cards" / f"{deck}.toml").read_text("utf-8"))
        return str(table["deck"]["colour"]).upper()

    expected = []  # (deck, cards on the sheet), twice per sheet: front then back
    for deck in decks:
        n = sum(1 for c in cards if c["deck"] == deck)
        for k in range(math.ceil(n / PER_SHEET)):
            expected += [(deck, min(PER_SHEET, n - k * PER_SHEET))] * 2
    reader = PdfReader(printed / "cards.pdf")
    assert len(reader.pages) == len(expected)
    titles = {c["deck"]: c["deck_title"] for c in cards}
    for page, (deck, n) in zip(reader.pages, expected, strict=True):
        assert titles[deck] in page.extract_text()  # the sheet's label names the deck
        # one coloured background per card, in the deck's colour, and no other colour
        assert _fills(reader, page) == Counter({deck_colour(deck): n}), deck


def test_posters_print_each_sector_in_its_colour(printed, sectors):
    reader = PdfReader(printed / "posters-a3.pdf")
    assert len(reader.pages) == len(sectors)
    for page, (_sid, row) in zip(reader.pages, sectors.items(), strict=True):
        assert row["label_fr"] in page.extract_text()
        fills = _fills(reader, page)
        # the head band and the 2050 bars of the chart: the sector's colour, no other
        assert set(fills) == {row["colour"].upper()}, row["id"]
        assert fills[row["colour"].upper()] >= 2
