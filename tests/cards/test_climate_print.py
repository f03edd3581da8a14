"""« Été 2050 » deck and the climate posters: values from their rows, print rules, lock."""

from __future__ import annotations

import csv
import re
import shutil

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from simulation.cards.climate_print import (
    POSTER_KIND,
    SUMMER_DECK,
    poster_records,
    render_climate_posters_pdf,
)
from simulation.cards.layout import render_cards_pdf
from simulation.cards.model_decks import all_print_cards
from simulation.cli import main
from simulation.climate_data import load_climate
from simulation.climate_display import acceleration_panels, boundary_rows, processes_beyond
from simulation.formatting import format_number, format_value
from simulation.paths import PROJECT_DIR
from simulation.summer import baseline_of, is_baseline, period_text, value_text
from simulation.texts import t

#: The deck's configuration (copied into the fixture folder by the tests that need it).
DECK_FILE = PROJECT_DIR / "data" / "cards" / f"{SUMMER_DECK}.toml"
SHEET_LABELS = ("atelier-transition · feuille", "recto :", "verso (bord long)")


@pytest.fixture(scope="module")
def climate():
    return load_climate()


@pytest.fixture(scope="module")
def summer_cards():
    return [c for c in all_print_cards() if c.deck == SUMMER_DECK]


def _norm(text: str) -> str:
    return re.sub(r"[\s\u202f\u00a0]+", " ", text).strip()


def _sizes(page) -> list[tuple[float, str]]:
    """(rendered size [pt], text) of every piece of text on a PDF page."""
    out = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            scale = abs(tm[0] or tm[1]) * abs(cm[0] or cm[1])
            out.append((round(size * scale, 2), text.strip()))

    page.extract_text(visitor_text=visit)
    return out


def test_one_card_per_summer_impact_then_one_per_action(climate, summer_cards):
    impacts = [r for r in climate.local.values() if not is_baseline(climate, r)]
    assert [c.id for c in summer_cards] == (
        [f"ete2050_{r.id}" for r in impacts]
        + [f"ete2050_action_{a.id}" for a in climate.actions.values()])
    assert {c.kind for c in summer_cards} == {"adaptation"}


def test_impact_cards_print_their_row(climate, summer_cards):
    cards = {c.id: c for c in summer_cards}
    for row in climate.local.values():
        if is_baseline(climate, row):
            continue
        card = cards[f"ete2050_{row.id}"]
        printed = _norm(" ".join((card.value, card.range, *card.details)))
        for v in (row.low, row.median, row.high):
            if v is not None:
                assert _norm(format_value(v)) in printed, (row.id, printed)
        assert row.range_kind in card.range
        assert row.provenance.source in card.sources and row.provenance.source in card.printed_sources
        if row.provenance.secondary:
            assert t("summer.card_relay", "fr") in card.sources
        assert card.review_by <= row.provenance.review_by
        assert card.factors  # the data values, for the lock
        # a projection shows its reference climate, with its period
        baseline = baseline_of(climate, row)
        if baseline is not None:
            before = value_text(baseline, climate.indicators[row.indicator], "fr")
            assert any(before in line and period_text(baseline.period) in line
                       for line in card.details), card.details


def test_action_cards_cite_their_source(climate, summer_cards):
    cards = {c.id: c for c in summer_cards}
    for action in climate.actions.values():
        card = cards[f"ete2050_action_{action.id}"]
        assert card.title == action.label_fr and card.subtitle == action.description_fr
        assert action.provenance.source in card.sources
        assert card.review_by == action.provenance.review_by


def test_summer_cards_print_nothing_below_6_pt(summer_cards, tmp_path):
    path = tmp_path / "ete2050.pdf"
    pages = render_cards_pdf(summer_cards, path, "Été 2050")
    reader = PdfReader(path)
    assert len(reader.pages) == pages
    for page in reader.pages:
        small = [(s, x) for s, x in _sizes(page) if s < 6 and not x.startswith(SHEET_LABELS)]
        assert small == []


def test_climate_posters_two_a3_pages_from_the_data(climate, tmp_path):
    path = tmp_path / "climat.pdf"
    assert render_climate_posters_pdf(climate, path) == 2
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(w / mm), round(h / mm)) == (297, 420)
        assert min(s for s, _x in _sizes(page)) >= 6
        fonts = [f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()]
        assert all("DejaVuSans" in str(name) for name in fonts)
        assert "/XObject" not in page["/Resources"]  # drawn in vector, no image
    boundaries = _norm(reader.pages[0].extract_text())
    for process in climate.processes.values():
        assert _norm(process.label("fr")) in boundaries
    for year in (2023, 2025):
        assert str(len(processes_beyond(climate, year))) in boundaries
    for r in boundary_rows(climate, "fr"):
        for a in r.assessments:
            assert _norm(a.value) in boundaries, a.value
    assert "Richardson" in boundaries  # the source of the values
    acceleration = _norm(reader.pages[1].extract_text())
    for p in acceleration_panels(climate, "fr"):
        assert _norm(p.title) in acceleration and _norm(p.change) in acceleration


def test_poster_values_are_in_the_lock(data_copy, capsys):
    shutil.copy(DECK_FILE, data_copy / "cards")
    assert main(["--data", str(data_copy), "cards", "lock"]) == 0
    with open(data_copy / "cards" / "values.lock.csv", encoding="utf-8") as fh:
        locked = {row["id"]: row for row in csv.DictReader(fh)}
    records = poster_records(load_climate(data_copy))
    assert records and {r.kind for r in records} == {POSTER_KIND}
    for r in records:
        assert locked[r.id]["value"] == r.value
    cards = all_print_cards(data_copy)
    assert all(c.kind != POSTER_KIND for c in cards)  # never laid out as cards
    assert {c.id for c in cards if c.deck == SUMMER_DECK} <= set(locked)


def _edit_row(path, row_id, column, value):
    """Set one cell of a climate CSV copy (and forget the data folders this process loaded,
    as a new ``atelier`` process would)."""
    from simulation.data import load_data
    from simulation.model import load_model

    load_data.cache_clear()
    load_model.cache_clear()
    load_climate.cache_clear()
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        if r["id"] == row_id:
            r[column] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _value_of(path, row_id, column) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return next(r[column] for r in csv.DictReader(fh) if r["id"] == row_id)


def test_diff_reports_summer_cards_and_posters_when_climate_data_moves(data_copy, capsys):
    """On the fixture folder (with the « Été 2050 » deck): move one summer value and one
    planetary-boundary value; the diff names the card and the poster row, and the rows."""
    shutil.copy(DECK_FILE, data_copy / "cards")
    assert main(["--data", str(data_copy), "cards", "lock"]) == 0
    local = data_copy / "climate" / "local_indicators.csv"
    boundaries = data_copy / "climate" / "planetary_boundaries.csv"
    row, variable = "mtp_summer_temperature_2041_2070", "co2_concentration_2025"
    old_t, old_c = float(_value_of(local, row, "median")), float(_value_of(boundaries, variable,
                                                                             "current"))
    high = float(_value_of(local, row, "high"))
    new_t = round(old_t + (high - old_t) / 2, 2)  # stays within low–high
    _edit_row(local, row, "median", repr(new_t))
    _edit_row(boundaries, variable, "current", repr(old_c + 1))  # same status
    capsys.readouterr()
    assert main(["--data", str(data_copy), "cards", "diff", "--exit-code"]) == 1
    out = capsys.readouterr().out
    changed = {line.split()[1] for line in out.splitlines() if line.startswith("~ ")}
    assert changed == {f"ete2050_{row}", "affiche_limites_co2_concentration"}
    # the diff's own typography (4 figures)
    assert f"{row}.median : {format_number(old_t, 4)} → {format_number(new_t, 4)}" in out
    assert f"{variable}.current : {format_number(old_c, 4)} → " \
           f"{format_number(old_c + 1, 4)}" in out
    assert main(["--data", str(data_copy), "cards", "lock"]) == 0
    capsys.readouterr()
    assert main(["--data", str(data_copy), "cards", "diff", "--exit-code"]) == 0
