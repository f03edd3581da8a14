"""Print layout of the cards: A4 sheets of poker-size cards with bleed and crop marks.

Why reportlab: print work needs exact page geometry in millimetres (trim, 3 mm bleed,
crop marks placed outside the bleed), embedded TrueType fonts (subset, so accents and
``CO₂`` print on any machine) and full control of every page's drawing order (mirrored
backs for duplex printing). reportlab's canvas gives exactly that, in pure Python, with
no browser or system library. matplotlib only draws the posters' charts
(:mod:`simulation.cards.posters`).

Sheet geometry (all in mm)
--------------------------
* Card (trim) 63 × 88, the "poker" size; 3 mm bleed on every side, so each card occupies a
  69 × 94 cell and two neighbouring cards are separated by 6 mm of bleed (two cuts).
* A4 landscape (297 × 210) holds 4 × 2 cells, centred: margins 10.5 mm left/right and
  11 mm top/bottom, where the crop marks are drawn (1 mm away from the bleed, 5 mm long).
* Pages alternate front, back, front, back… For duplex printing flipped on the **long
  edge** of a landscape page (the top edge), the card printed at row ``r`` on the front
  sheet has its back at row ``1 - r`` of the back sheet, same column. Each back is also
  turned 180°, so that a cut card turned over like a book page reads upright.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from simulation.cards.content import LICENCE_LINE, PrintCard, hex_to_rgb
from simulation.exceptions import CardFileError, Problem
from simulation.texts import t

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

CARD_W_MM, CARD_H_MM = 63.0, 88.0  #: trim size [mm]
BLEED_MM = 3.0  #: bleed on each side [mm]
SAFE_MM = 3.5  #: distance from the trim to any text [mm]
COLS, ROWS = 4, 2  #: cards per sheet
PAGE_W, PAGE_H = landscape(A4)  #: [pt]
CELL_W_MM = CARD_W_MM + 2 * BLEED_MM
CELL_H_MM = CARD_H_MM + 2 * BLEED_MM
MARGIN_X_MM = (PAGE_W / mm - COLS * CELL_W_MM) / 2
MARGIN_Y_MM = (PAGE_H / mm - ROWS * CELL_H_MM) / 2
MARK_GAP_MM, MARK_LEN_MM = 1.0, 5.0  #: crop marks: distance from the bleed, length [mm]
PER_SHEET = COLS * ROWS

#: Smallest type on a card, front or back [pt]: read at arm's length by participants.
MIN_FONT_PT = 6.0
INK = (0.1, 0.1, 0.12)
WHITE = (1, 1, 1)

_fonts_registered = False


def kind_label(kind: str, lang: str = "fr") -> str:
    """The deck kind printed in a card's header (« JEU GES », « LEVIER »…)."""
    return {"ges": t("cards.kind_ges", lang), "levier": t("cards.kind_levier", lang),
            "prospective": t("cards.kind_prospective", lang),
            "adaptation": t("cards.kind_adaptation", lang)}[kind]


def register_fonts() -> None:
    """Register the bundled DejaVu Sans fonts with reportlab (once per process)."""
    global _fonts_registered
    if _fonts_registered:
        return
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    _fonts_registered = True


# --------------------------------------------------------------------------- text fitting

class TextOverflow(Exception):
    """A block of text does not fit its box even at its smallest allowed size."""


def wrap_text(text: str, font: str, size: float, width: float) -> list[str] | None:
    """Break ``text`` into lines no wider than ``width``.

    Only ordinary spaces break lines: the no-break spaces that :mod:`simulation.formatting`
    puts inside numbers and before units keep "1,2 t CO₂e" on one line.

    Parameters
    ----------
    text : str
    font : str
        Registered font name.
    size : float
        Font size. [pt]
    width : float
        Available width. [pt]

    Returns
    -------
    list of str or None
        The lines, or ``None`` when one word alone is wider than ``width``.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            if not word:
                continue
            trial = f"{current} {word}" if current else word
            if pdfmetrics.stringWidth(trial, font, size) <= width:
                current = trial
                continue
            if not current or pdfmetrics.stringWidth(word, font, size) > width:
                return None
            lines.append(current)
            current = word
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Block:
    """A paragraph to place in a vertical flow.

    Attributes
    ----------
    text : str
        Text (``"\\n"`` separates paragraphs).
    font : str
    size, min_size : float
        Preferred and smallest acceptable font size. [pt]
    colour : tuple
        RGB 0–1.
    align : str
        ``"left"``, ``"centre"`` or ``"right"``.
    space_after : float
        Gap below the block, as a fraction of its font size.
    field : str
        Name of the card field, for overflow messages.
    """

    text: str
    font: str = REGULAR
    size: float = 7.0
    min_size: float = MIN_FONT_PT
    colour: tuple = INK
    align: str = "left"
    space_after: float = 0.5
    field: str = ""


LEADING = 1.2


def _layout(blocks: Sequence[Block], width: float, scale: float):
    placed, total = [], 0.0
    for b in blocks:
        size = max(b.min_size, b.size * scale)
        lines = wrap_text(b.text, b.font, size, width)
        if lines is None:
            return None, math.inf
        height = len(lines) * size * LEADING + b.space_after * size
        placed.append((b, size, lines))
        total += height
    return placed, total


def fit_blocks(blocks: Sequence[Block], width: float, height: float):
    """Shrink a flow of blocks together until it fits ``width`` × ``height``.

    Every block keeps at least its ``min_size``; the blocks shrink by a common factor.

    Parameters
    ----------
    blocks : sequence of Block
    width, height : float
        Box size. [pt]

    Returns
    -------
    placed : list of (Block, size, lines)
    total_height : float
        Height used. [pt]

    Raises
    ------
    TextOverflow
        With the name of the largest block's field when nothing fits.
    """
    blocks = [b for b in blocks if b.text]
    scale = 1.0
    while True:
        placed, total = _layout(blocks, width, scale)
        if placed is not None and total <= height:
            return placed, total
        if all(b.size * scale <= b.min_size for b in blocks):
            worst = max(blocks, key=lambda b: len(b.text)) if blocks else None
            raise TextOverflow(worst.field if worst else "")
        scale *= 0.95


def draw_flow(c: Canvas, placed, x: float, y_top: float, width: float) -> None:
    """Draw blocks placed by :func:`fit_blocks` from ``y_top`` downwards."""
    y = y_top
    for block, size, lines in placed:
        ascent, _ = pdfmetrics.getAscentDescent(block.font, size)
        c.setFont(block.font, size)
        c.setFillColorRGB(*block.colour)
        for i, line in enumerate(lines):
            baseline = y - ascent - i * size * LEADING
            if block.align == "centre":
                c.drawCentredString(x + width / 2, baseline, line)
            elif block.align == "right":
                c.drawRightString(x + width, baseline, line)
            else:
                c.drawString(x, baseline, line)
        y -= len(lines) * size * LEADING + block.space_after * size


# --------------------------------------------------------------------------- one card

PANEL_BOTTOM_MM, PANEL_TOP_MM = 9.0, 76.0  #: white panel inside the coloured card [mm]
PANEL_PAD_MM = 2.5
#: Largest share of the back's panel that sources, credits and review date may take.
BOTTOM_SHARE = 0.5


#: Card fields as named in the GES card files (for error messages).
_TOML_KEYS = {"title": "title_fr", "subtitle": "detail_fr"}


def _overflow_error(card: PrintCard, where: str, field: str) -> CardFileError:
    path, line = card.origin
    if card.kind == "ges":
        field = _TOML_KEYS.get(field, field)
    return CardFileError(Problem(
        path or "(carte générée)", line, field or where,
        f"carte « {card.id} » : le texte ne tient pas sur le {where} de la carte même "
        "en petits caractères ; raccourcissez-le"))


def _frame(c: Canvas, card: PrintCard, header_right: str, footer_left: str,
           footer_right: str) -> None:
    """Coloured background over the whole bleed, white panel, header and footer."""
    colour = hex_to_rgb(card.colour)
    c.setFillColorRGB(*colour)
    c.rect(-BLEED_MM * mm, -BLEED_MM * mm, (CARD_W_MM + 2 * BLEED_MM) * mm,
           (CARD_H_MM + 2 * BLEED_MM) * mm, stroke=0, fill=1)
    c.setFillColorRGB(*WHITE)
    c.roundRect(SAFE_MM * mm, PANEL_BOTTOM_MM * mm, (CARD_W_MM - 2 * SAFE_MM) * mm,
                (PANEL_TOP_MM - PANEL_BOTTOM_MM) * mm, 2.5 * mm, stroke=0, fill=1)
    head_y = (PANEL_TOP_MM + CARD_H_MM - SAFE_MM) / 2 * mm - 1.2 * mm
    c.setFillColorRGB(*WHITE)
    title = card.deck_title
    size = 8.5
    room = (CARD_W_MM - 2 * SAFE_MM) * mm - pdfmetrics.stringWidth(header_right, REGULAR, MIN_FONT_PT)
    while size > 6 and pdfmetrics.stringWidth(title, BOLD, size) > room - 2 * mm:
        size -= 0.25
    c.setFont(BOLD, size)
    c.drawString(SAFE_MM * mm, head_y, title)
    c.setFont(REGULAR, MIN_FONT_PT)
    c.drawRightString((CARD_W_MM - SAFE_MM) * mm, head_y, header_right)
    foot_y = (PANEL_BOTTOM_MM - 3.2) * mm
    c.setFont(REGULAR, MIN_FONT_PT)
    c.drawString(SAFE_MM * mm, foot_y, footer_left)
    c.drawRightString((CARD_W_MM - SAFE_MM) * mm, foot_y, footer_right)


def _panel_box():
    x = (SAFE_MM + PANEL_PAD_MM) * mm
    width = (CARD_W_MM - 2 * SAFE_MM - 2 * PANEL_PAD_MM) * mm
    top = (PANEL_TOP_MM - PANEL_PAD_MM) * mm
    height = (PANEL_TOP_MM - PANEL_BOTTOM_MM - 2 * PANEL_PAD_MM) * mm
    return x, top, width, height


def front_blocks(card: PrintCard) -> list[Block]:
    """The text blocks of a card's front."""
    blocks = [Block(card.title, BOLD, 12.5, 7.5, align="centre", space_after=0.9,
                    field="title")]
    if card.subtitle:
        blocks.append(Block(card.subtitle, REGULAR, 8.0, MIN_FONT_PT, align="centre",
                            space_after=0.9, field="subtitle"))
    for line in card.front_lines:
        blocks.append(Block(line, REGULAR, 7.0, MIN_FONT_PT, space_after=0.35,
                            field="front_lines"))
    return blocks


def back_blocks(card: PrintCard) -> tuple[list[Block], list[Block]]:
    """The text blocks of a card's back: (top flow, bottom flow)."""
    top = [Block(card.title, BOLD, 7.5, MIN_FONT_PT, align="centre", space_after=0.8,
                 field="title")]
    if card.value_label:
        top.append(Block(card.value_label, REGULAR, 6.5, MIN_FONT_PT, align="centre",
                         space_after=0.3, field="value_label"))
    if card.value:
        top.append(Block(card.value, BOLD, 20.0, 9.0, align="centre", space_after=0.35,
                         field="value"))
    if card.range:
        top.append(Block(card.range, REGULAR, 6.5, MIN_FONT_PT, align="centre", space_after=0.9,
                         field="range"))
    for line in card.details:
        top.append(Block(line, REGULAR, 6.5, MIN_FONT_PT, space_after=0.35, field="details"))
    bottom = []
    grey = (0.25, 0.25, 0.28)
    sources = card.printed_sources or card.sources
    if sources:
        bottom.append(Block(sources, REGULAR, 6.2, MIN_FONT_PT, colour=grey, space_after=0.4,
                            field="sources"))
    if card.credits:
        bottom.append(Block(card.credits, REGULAR, MIN_FONT_PT, MIN_FONT_PT, colour=grey,
                            space_after=0.4, field="credits"))
    if card.review_text:
        bottom.append(Block(card.review_text, BOLD, MIN_FONT_PT, MIN_FONT_PT, colour=grey,
                            space_after=0, field="review_by"))
    return top, bottom


def draw_front(c: Canvas, card: PrintCard, number: int, total: int) -> None:
    """Draw a card's front with its trim's lower-left corner at the origin."""
    _frame(c, card, kind_label(card.kind), "atelier-transition", f"{number}/{total}")
    x, top, width, height = _panel_box()
    try:
        placed, used = fit_blocks(front_blocks(card), width, height)
    except TextOverflow as exc:
        raise _overflow_error(card, "recto", str(exc)) from None
    draw_flow(c, placed, x, top - (height - used) / 2, width)


def fit_back(card: PrintCard, width: float, height: float):
    """Fit a back's two flows: sources at the bottom, the number and its details on top.

    The bottom flow may take up to :data:`BOTTOM_SHARE` of the panel; when the top flow does not
    fit above it, the bottom flow is given less room (smaller type, down to
    :data:`MIN_FONT_PT`) before giving up.

    Returns
    -------
    placed_top, placed_bottom : list
        As :func:`fit_blocks` returns them.
    used_bottom : float
        Height of the bottom flow. [pt]

    Raises
    ------
    CardFileError
        Nothing fits even at :data:`MIN_FONT_PT`.
    """
    top_blocks, bottom_blocks = back_blocks(card)
    field = ""
    for share in (BOTTOM_SHARE, 0.45, 0.4, 0.35, 0.3):
        try:
            placed_b, used_b = fit_blocks(bottom_blocks, width, height * share)
            placed_t, _ = fit_blocks(top_blocks, width, height - used_b - 1.5 * mm)
        except TextOverflow as exc:
            field = field or str(exc)
            continue
        return placed_t, placed_b, used_b
    raise _overflow_error(card, "verso", field)


def draw_back(c: Canvas, card: PrintCard, number: int, total: int) -> None:
    """Draw a card's back with its trim's lower-left corner at the origin."""
    _frame(c, card, f"{kind_label(card.kind)} · {number}/{total}", LICENCE_LINE, "")
    x, top, width, height = _panel_box()
    placed_t, placed_b, used_b = fit_back(card, width, height)
    draw_flow(c, placed_t, x, top, width)
    if placed_b:
        y_b = top - height + used_b
        c.setStrokeColorRGB(0.8, 0.8, 0.82)
        c.setLineWidth(0.4)
        c.line(x, y_b + 1.0 * mm, x + width, y_b + 1.0 * mm)
        draw_flow(c, placed_b, x, y_b, width)


# --------------------------------------------------------------------------- sheets

def cell_origin(col: int, row: int) -> tuple[float, float]:
    """Lower-left corner of the trim box of the card in ``col``, ``row`` (row 0 on top). [pt]"""
    x = (MARGIN_X_MM + col * CELL_W_MM + BLEED_MM) * mm
    y = PAGE_H - (MARGIN_Y_MM + (row + 1) * CELL_H_MM - BLEED_MM) * mm
    return x, y


def slot(index: int) -> tuple[int, int]:
    """Column and row (row 0 on top) of the ``index``-th card of a sheet (front side)."""
    return index % COLS, index // COLS


def back_slot(col: int, row: int) -> tuple[int, int]:
    """Where the back of the front card at ``col``, ``row`` goes (long-edge duplex)."""
    return col, ROWS - 1 - row


def draw_crop_marks(c: Canvas, cells: Iterable[tuple[int, int]]) -> None:
    """Draw crop marks in the page margins for the cut lines of the used ``cells``."""
    cells = list(cells)
    xs, ys = set(), set()
    for col, row in cells:
        x, y = cell_origin(col, row)
        xs.update((round(x, 3), round(x + CARD_W_MM * mm, 3)))
        ys.update((round(y, 3), round(y + CARD_H_MM * mm, 3)))
    c.setStrokeColorRGB(0, 0, 0)
    c.setLineWidth(0.3)
    gap, length = MARK_GAP_MM * mm, MARK_LEN_MM * mm
    left, right = MARGIN_X_MM * mm, PAGE_W - MARGIN_X_MM * mm
    bottom, top = MARGIN_Y_MM * mm, PAGE_H - MARGIN_Y_MM * mm
    for x in sorted(xs):
        c.line(x, top + gap, x, top + gap + length)
        c.line(x, bottom - gap, x, bottom - gap - length)
    for y in sorted(ys):
        c.line(left - gap, y, left - gap - length, y)
        c.line(right + gap, y, right + gap + length, y)


def _sheet_label(c: Canvas, *texts: str) -> None:
    """Small operator notes in the bottom margin, each between the crop marks of a column."""
    c.setFont(REGULAR, MIN_FONT_PT)
    c.setFillColorRGB(0.35, 0.35, 0.35)
    for col, text in enumerate(texts):
        x, _ = cell_origin(col, 0)
        c.drawCentredString(x + CARD_W_MM * mm / 2, (MARGIN_Y_MM - 4.5) * mm, text)


def sheets(cards: Sequence[PrintCard]) -> list[tuple[str, list[PrintCard]]]:
    """Group cards into sheets: each deck starts on a new sheet, at most 8 cards a sheet."""
    out: list[tuple[str, list[PrintCard]]] = []
    for deck in dict.fromkeys(cd.deck for cd in cards):
        deck_cards = [cd for cd in cards if cd.deck == deck]
        for i in range(0, len(deck_cards), PER_SHEET):
            out.append((deck, deck_cards[i:i + PER_SHEET]))
    return out


def _draw_card(c: Canvas, draw, card, col, row, number, total, rotate=False) -> None:
    x, y = cell_origin(col, row)
    c.saveState()
    if rotate:
        c.translate(x + CARD_W_MM * mm / 2, y + CARD_H_MM * mm / 2)
        c.rotate(180)
        c.translate(-CARD_W_MM * mm / 2, -CARD_H_MM * mm / 2)
    else:
        c.translate(x, y)
    draw(c, card, number, total)
    c.restoreState()


def render_cards_pdf(cards: Sequence[PrintCard], path: str | Path, title: str) -> int:
    """Write the print-ready card sheets to ``path``.

    Parameters
    ----------
    cards : sequence of PrintCard
        In print order; each deck starts on a new sheet.
    path : path-like
        Output PDF.
    title : str
        PDF title (metadata).

    Returns
    -------
    int
        Number of pages written (front and back of each sheet).

    Raises
    ------
    CardFileError
        When a card's text does not fit (names the card definition's ``path:line``).
    """
    register_fonts()
    c = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1,
               initialFontName=REGULAR)
    c.setTitle(title)
    c.setAuthor("atelier-transition")
    c.setSubject(LICENCE_LINE)
    c.setCreator("atelier cards build (reportlab)")
    numbers = {}
    for deck in dict.fromkeys(cd.deck for cd in cards):
        deck_cards = [cd for cd in cards if cd.deck == deck]
        for i, cd in enumerate(deck_cards, start=1):
            numbers[cd.id] = (i, len(deck_cards))
    all_sheets = sheets(cards)
    pages = 0
    for n_sheet, (_deck, sheet_cards) in enumerate(all_sheets, start=1):
        used = [slot(i) for i in range(len(sheet_cards))]
        label = t("cards.sheet_label", n=n_sheet, total=len(all_sheets),
                  deck=sheet_cards[0].deck_title)
        for cd, (col, row) in zip(sheet_cards, used, strict=True):
            _draw_card(c, draw_front, cd, col, row, *numbers[cd.id])
        draw_crop_marks(c, used)
        _sheet_label(c, label, t("cards.sheet_front"))
        c.showPage()
        back_cells = [back_slot(col, row) for col, row in used]
        for cd, (col, row) in zip(sheet_cards, back_cells, strict=True):
            _draw_card(c, draw_back, cd, col, row, *numbers[cd.id], rotate=True)
        draw_crop_marks(c, back_cells)
        _sheet_label(c, label, t("cards.sheet_back"))
        c.showPage()
        pages += 2
    c.save()
    return pages


def expected_pages(cards: Sequence[PrintCard]) -> int:
    """Number of pages :func:`render_cards_pdf` writes for ``cards``."""
    return 2 * len(sheets(cards))


__all__ = [
    "BLEED_MM", "CARD_H_MM", "CARD_W_MM", "PER_SHEET", "back_slot",
    "cell_origin", "expected_pages", "fit_blocks", "kind_label", "register_fonts", "render_cards_pdf",
    "slot", "wrap_text",
]
