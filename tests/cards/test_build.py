"""``atelier cards build``: the four outputs, their contents, print geometry, atomicity, and
the warnings (stale lock, past review dates) that ``--strict`` turns into a refusal.

Built from the fixture data folder (``tests/data/mini``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from simulation.cards import layout
from simulation.cards.build import build
from simulation.cards.content import PrintCard
from simulation.cards.model_decks import all_print_cards
from simulation.cli import main
from simulation.exceptions import CardFileError
from simulation.model import load_model
from simulation.paths import PROJECT_DIR

MINI = PROJECT_DIR / "tests" / "data" / "mini"
BROKEN = PROJECT_DIR / "tests" / "data" / "broken"
SECTORS = load_model(MINI).sectors

EXPECTED_COLUMNS = [
    "id", "deck", "deck_title", "kind", "number", "total", "title", "subtitle",
    "front_lines", "value_label", "value", "range", "details", "sources", "review_by",
    "credits", "licence", "value_kg", "low_kg", "high_kg",
]
STANDARD_14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


@pytest.fixture(scope="module")
def built(mini_snapshot, tmp_path_factory):
    """A strict build of the mini folder whose snapshot is up to date: no warning."""
    out = tmp_path_factory.mktemp("build") / "cards"
    report = build(out, mini_snapshot, strict=True)
    assert report.warnings == ()
    return out


@pytest.fixture(scope="module")
def cards():
    return all_print_cards(MINI)


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
    assert "\u202f" in by_id["mob_avion_aller_retour"]["value"]  # French typography kept


def test_json_export(built, cards):
    doc = json.loads((built / "cards.json").read_text(encoding="utf-8"))
    assert doc["meta"]["territory"] == "france"
    assert doc["meta"]["scenario"] == "sobriete"  # tests/data/mini/cards/prospective.toml
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
    m = load_model(MINI)
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
    shutil.copy(PROJECT_DIR / "tests" / "data" / "cards" / fixture,
                data_copy / "cards" / "zz_broken.toml")
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
    data = ["--data", str(MINI)]
    assert main([*data, "cards", "build", "--out", str(tmp_path / "o"), "--scenario", "s9"]) == 1
    assert "scénario inconnu" in capsys.readouterr().err
    assert main([*data, "cards", "build", "--out", str(tmp_path / "o"), "--territory", "mars"]) == 1
    assert "territoire inconnu" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


# --------------------------------------------------------------------------------------
# Type size: nothing on a card is smaller than 6 pt
# --------------------------------------------------------------------------------------
def _matrix_scale(m) -> float:
    """Linear scale of a PDF matrix [a b c d e f] (square root of its determinant)."""
    a, b, c, d = (float(x) for x in m[:4])
    return math.sqrt(abs(a * d - b * c))


def font_sizes(pdf_path) -> list[tuple[int, float]]:
    """(page number, effective font size in pt) of every piece of text shown in the PDF.

    The effective size is the ``Tf`` size times the scale of the text matrix (``Tm``) and of
    the current transformation matrix (``cm``, saved and restored by ``q``/``Q``), read when a
    text-showing operator (``Tj``, ``TJ``, ``'``, ``"``) draws with it.
    """
    from pypdf.generic import ContentStream

    reader = PdfReader(pdf_path)
    out = []
    for number, page in enumerate(reader.pages, start=1):
        content = ContentStream(page.get_contents(), reader)
        ctm, stack, tm, size = 1.0, [], 1.0, 0.0
        for operands, operator in content.operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                ctm = stack.pop() if stack else 1.0
            elif operator == b"cm":
                ctm *= _matrix_scale(operands)
            elif operator == b"BT":
                tm = 1.0
            elif operator == b"Tm":
                tm = _matrix_scale(operands)
            elif operator == b"Tf":
                size = float(operands[1])
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                out.append((number, size * tm * ctm))
    return out


def test_smallest_type_on_any_card_is_6_pt(built):
    sizes = font_sizes(built / "cards.pdf")
    assert len(sizes) > 100
    smallest = min(size for _page, size in sizes)
    assert smallest >= 6.0 - 1e-6, sorted({s for s in sizes if s[1] < 6})


def test_font_size_reader_sees_small_and_scaled_type(tmp_path):
    """The reader behind the 6 pt check finds 5 pt text, and text scaled down by ``cm``."""
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "small.pdf"
    c = Canvas(str(path))
    c.setFont("Helvetica", 8)
    c.drawString(10, 10, "huit points")
    c.setFont("Helvetica", 5)
    c.drawString(10, 30, "cinq points")
    c.saveState()
    c.scale(0.5, 0.5)
    c.setFont("Helvetica", 10)
    c.drawString(10, 60, "dix points à moitié")
    c.restoreState()
    c.setFont("Helvetica", 9)
    c.drawString(10, 90, "neuf points")
    c.save()
    sizes = sorted(size for _page, size in font_sizes(path))
    assert sizes == pytest.approx([5.0, 5.0, 8.0, 9.0])  # the canvas's initial 12 pt draws nothing


# --------------------------------------------------------------------------------------
# Warnings, and --strict: a stale lock, a past review date
# --------------------------------------------------------------------------------------
def _build(data: Path, out: Path, *options: str) -> int:
    return main(["--data", str(data), "cards", "build", "--out", str(out), *options])


def _previous_build(tmp_path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "cards.csv").write_text("previous build\n", encoding="utf-8")
    return out


def _assert_untouched(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == ["cards.csv"]
    assert (out / "cards.csv").read_text(encoding="utf-8") == "previous build\n"
    assert not list(out.parent.glob(".out.tmp-*")), "temporary folder left behind"


@pytest.fixture
def snapshot_copy(mini_snapshot, tmp_path) -> Path:
    """A writable copy of the mini folder whose snapshot (lock included) is up to date."""
    dst = tmp_path / "data"
    shutil.copytree(mini_snapshot, dst)
    return dst


def _change_mango(data: Path) -> None:
    """Double a factor used by one GES card only (alim_mangue): the lock becomes stale."""
    factors = data / "emission_factors" / "alimentation.csv"
    factors.write_text(factors.read_text(encoding="utf-8").replace(
        "food_ic_kg_mangue,alimentation,Mangue par avion,Mango flown in,10,kgCO2e/kg,8,12,",
        "food_ic_kg_mangue,alimentation,Mangue par avion,Mango flown in,20,kgCO2e/kg,16,24,"),
        encoding="utf-8")


def _tgv_cards(data: Path) -> set[str]:
    """Cards whose printed review date comes from mob_ic_tgv (a GES card, model cards)."""
    cards = {c.id for c in all_print_cards(data) if "mob_ic_tgv" in c.factors}
    assert {"mob_voiture_puis_tgv", "levier_covoiturage", "prospective_mobilite"} <= cards
    return cards


def test_strict_build_prints_no_past_review_date(built):
    with open(built / "cards.csv", encoding="utf-8", newline="") as fh:
        dates = [dt.date.fromisoformat(r["review_by"]) for r in csv.DictReader(fh)]
    assert dates and min(dates) > dt.date.today()


def test_missing_lock_strict_refuses(data_copy, tmp_path, capsys):
    assert not (data_copy / "cards" / "values.lock.csv").exists()
    out = _previous_build(tmp_path)
    assert _build(data_copy, out, "--strict") == 1
    err = capsys.readouterr().err
    assert "construction refusée (--strict), rien n'a été écrit" in err
    assert "pas de verrou" in err and f"« atelier --data {data_copy} snapshot »" in err
    assert "Traceback" not in err
    _assert_untouched(out)


def test_stale_lock_strict_refuses_naming_the_cards(snapshot_copy, tmp_path, capsys):
    _change_mango(snapshot_copy)
    out = _previous_build(tmp_path)
    assert _build(snapshot_copy, out, "--strict") == 1
    err = capsys.readouterr().err
    assert "n'est pas à jour : 1 carte changerait (alim_mangue)" in err
    assert "cards diff" in err and "snapshot" in err
    assert "date de revue" not in err
    _assert_untouched(out)


def test_past_review_date_strict_refuses_naming_the_cards(snapshot_copy, tmp_path, capsys):
    """mob_ic_tgv reviewed by 2020-01-01: every card it feeds would print a past date."""
    shutil.copytree(BROKEN / "review_past", snapshot_copy, dirs_exist_ok=True)
    out = _previous_build(tmp_path)
    assert _build(snapshot_copy, out, "--strict") == 1
    err = capsys.readouterr().err
    assert "verrou" not in err  # review dates are not in the lock: it still holds
    expected = _tgv_cards(snapshot_copy)
    refused = set(re.findall(r"la carte (\w+) \(\w+\) imprimerait une date de revue passée "
                             r"\(2020-01-01\)", err))
    assert refused == expected
    _assert_untouched(out)


def test_lock_of_the_default_scenario_whatever_the_printed_scenario(snapshot_copy, tmp_path,
                                                                      capsys):
    """--scenario prints other prospective cards; the lock (default scenario) still holds:
    only the review dates stop this strict build."""
    shutil.copytree(BROKEN / "review_past", snapshot_copy, dirs_exist_ok=True)
    out = _previous_build(tmp_path)
    assert _build(snapshot_copy, out, "--scenario", "tendanciel", "--strict") == 1
    err = capsys.readouterr().err
    assert "imprimerait une date de revue passée" in err and "verrou" not in err
    _assert_untouched(out)


def test_without_strict_the_build_warns_and_writes(snapshot_copy, tmp_path, capsys):
    """A stale lock and past review dates: warnings on stderr, the cards are built."""
    _change_mango(snapshot_copy)
    shutil.copytree(BROKEN / "review_past", snapshot_copy, dirs_exist_ok=True)
    out = _previous_build(tmp_path)
    assert _build(snapshot_copy, out) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if line.startswith("attention : ")]
    assert len(warnings) == 1 + len(_tgv_cards(snapshot_copy))
    assert "le verrou" in warnings[0] and "alim_mangue" in warnings[0]
    assert all("(2020-01-01)" in w for w in warnings[1:])
    assert "cartes" in captured.out and "Traceback" not in captured.err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["cards.csv", "cards.json", "cards.pdf", "posters-a3.pdf", "climate-posters-a3.pdf"])


def test_damaged_lock_is_a_warning_not_a_crash(snapshot_copy, tmp_path, capsys):
    from simulation.checks import print_warnings

    lock = snapshot_copy / "cards" / "values.lock.csv"
    lock.write_text("id,valeur\nx,1\n", encoding="utf-8")  # columns lost in a spreadsheet
    cards = all_print_cards(snapshot_copy)
    warnings = print_warnings(cards, snapshot_copy, dt.date(2026, 11, 28))
    assert len(warnings) == 1
    assert "verrou illisible" in warnings[0] and "colonnes manquantes" in warnings[0]
    assert f"« atelier --data {snapshot_copy} snapshot »" in warnings[0]
    out = _previous_build(tmp_path)
    assert _build(snapshot_copy, out, "--strict") == 1
    err = capsys.readouterr().err
    assert "verrou illisible" in err and "Traceback" not in err
    _assert_untouched(out)
