"""The climate half on paper: the « Été 2050 » deck and two A3 posters, from ``data/climate``.

- :func:`adaptation_cards`: the « Été 2050 » deck, in the same card format as the others
  (:class:`~simulation.cards.content.PrintCard`, laid out by :mod:`simulation.cards.layout`):
  one card per summer impact (a value of ``local_indicators.csv`` with its range, period and
  context, never passed off as another warming level's) and one per adaptation action of
  ``adaptation_actions.csv``, each back citing its source in plain French.
- :func:`render_climate_posters_pdf`: « Les limites planétaires » (nine processes, 2023 and
  2025 on the 0–3 scale of :func:`simulation.climate.boundary_scale`) and « La grande
  accélération » (the curves since 1750 with their multipliers), A3 portrait, drawn here
  with reportlab from the very texts the dashboard shows (:mod:`simulation.climate_display`).
  The published boundaries figure is under a non-commercial licence: only its values are
  reused, the drawing is ours.
- :func:`poster_records`: what the posters print, as lock rows, so ``atelier cards diff``
  reports a poster whose printed value would change.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A3
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from simulation.cards.content import LICENCE_LINE, PrintCard, french_date, hex_to_rgb
from simulation.cards.layout import (
    BOLD,
    INK,
    REGULAR,
    WHITE,
    Block,
    TextOverflow,
    draw_flow,
    fit_blocks,
    register_fonts,
)
from simulation.climate_display import (
    ACCELERATION_FROM,
    SCALE_MAX,
    STATUS_COLOURS,
    ZONE_COLOURS,
    acceleration_panels,
    boundary_rows,
    status_labels,
)
from simulation.exceptions import AtelierError
from simulation.formatting import format_value
from simulation.summer import baseline_of, is_baseline, period_text, value_text, with_unit
from simulation.texts import t

#: Id and kind of the « Été 2050 » deck (configured in ``data/cards/ete2050.toml``).
SUMMER_DECK = "ete2050"
SUMMER_KIND = "adaptation"
#: Kind of the lock rows of the posters (never printed as cards).
POSTER_KIND = "affiche"
#: Keys of the adaptation themes' names, in :data:`simulation.climate_data.THEMES` order.
THEME_KEYS = ("summer.theme_espace_public", "summer.theme_batiment", "summer.theme_eau",
              "summer.theme_sante")
PAGE_W, PAGE_H = A3
MARGIN = 16 * mm
GREY = (0.3, 0.3, 0.33)
POSTER_COLOURS = {"limites": "#245A4B", "acceleration": "#7A2E0E"}
#: The two climate posters, as named in error messages (:func:`_poster_name`).
BOUNDARIES, ACCELERATION = "limites", "acceleration"


def _theme_labels() -> dict[str, str]:
    out = {}
    for theme_key in THEME_KEYS:
        out[theme_key.removeprefix("summer.theme_")] = t(theme_key, "fr")
    return out


def _reading(provenance) -> str:
    return " " + t("summer.card_relay", "fr") if provenance.secondary else ""


# --------------------------------------------------------------------------- the deck
def _impact_value(row, indicator) -> tuple[str, str]:
    """The big number of an impact card and the line under it.

    The big number keeps the unit's first word (« 20 nuits », « −20 % », « 25,1 °C »);
    the rest of the unit (« par an », « par rapport à 1976–2005 ») goes under it, with the
    range and what the values are.
    """
    lo, mid, hi = row.low, row.median, row.high
    unit = indicator.unit("fr")
    short, _, rest = unit.partition(" ")
    under = [rest] if rest else []
    if mid is not None:
        value = with_unit(format_value(mid), short, "fr")
        if lo is not None and hi is not None:
            span = t("summer.range", "fr", low=format_value(lo), high=format_value(hi))
            under.insert(0, with_unit(span, unit, "fr"))
            under = under[:1]
    elif lo is not None and hi is not None:
        span = t("summer.range", "fr", low=format_value(lo), high=format_value(hi))
        value = with_unit(span, short, "fr")
    else:
        value = value_text(row, indicator, "fr")
        under = []
    return value, " · ".join([*under, row.range_kind])


def adaptation_cards(climate, deck, credits: str) -> list[PrintCard]:
    """The « Été 2050 » deck: summer impacts, then adaptation actions.

    Parameters
    ----------
    climate : ClimateData
        The climate tables.
    deck : Deck
        The deck (titles, colour) from ``data/cards/ete2050.toml``.
    credits : str
        Data credits printed on every back.

    Returns
    -------
    list of PrintCard
        One card per projected summer value (reference-period rows are shown on the card
        of the value they compare with), then one per adaptation action.
    """
    cards = []
    tracc = climate.tracc
    for row in climate.local.values():
        if is_baseline(climate, row):
            continue
        indicator = climate.indicators[row.indicator]
        place = climate.places[row.place].label("fr")
        value, under = _impact_value(row, indicator)
        details = [t("summer.card_period", "fr", period=period_text(row.period),
                     context=row.context_fr)]
        baseline = baseline_of(climate, row)
        if baseline is not None:
            details.append(t("summer.card_before", "fr",
                             value=value_text(baseline, indicator, "fr"),
                             period=period_text(baseline.period)))
        if row.warming_level in tracc:
            level = tracc[row.warming_level]
            details.append(t("summer.card_level", "fr", year=str(level.year),
                             warming=with_unit(format_value(level.warming, signed=True), "°C",
                                               "fr"),
                             place=climate.places[level.place].label("fr")))
        sources = [f"{row.provenance.source}{_reading(row.provenance)}"]
        if baseline is not None and baseline.provenance.source != row.provenance.source:
            sources.append(f"{baseline.provenance.source}{_reading(baseline.provenance)}")
        # exports keep where the value was read (source_ref); the back prints the publication
        refs = [r.provenance.source_ref for r in filter(None, (row, baseline))
                if r.provenance.source_ref]
        reviews = [row.provenance.review_by] + ([baseline.provenance.review_by]
                                                if baseline is not None else [])
        numbers = {f"{r.id}.{k}": v for r in filter(None, (row, baseline))
                   for k, v in (("low", r.low), ("median", r.median), ("high", r.high))
                   if v is not None}
        central = next(v for v in (row.median, row.low, row.high) if v is not None)
        cards.append(PrintCard(
            id=f"ete2050_{row.id}", deck=deck.id, kind=SUMMER_KIND,
            title=indicator.label("fr"), deck_title=deck.title_fr, colour=deck.colour,
            subtitle=f"{place}, {period_text(row.period)}",
            front_lines=(indicator.definition_fr,),
            value_label=f"{place}, {period_text(row.period)}", value=value, range=under,
            details=tuple(details),
            sources=t("summer.card_sources", "fr", sources=" ; ".join(sources + refs)),
            printed_sources=t("summer.card_sources", "fr", sources=" ; ".join(sources)),
            review_by=min(reviews), credits=credits, value_kg=central, factors=numbers,
            title_en=indicator.label("en"), value_en=value_text(row, indicator, "en"),
            origin=(row.provenance.path, row.provenance.line)))
    themes = _theme_labels()
    for action in climate.actions.values():
        cards.append(PrintCard(
            id=f"ete2050_action_{action.id}", deck=deck.id, kind=SUMMER_KIND,
            title=action.label_fr, deck_title=deck.title_fr, colour=deck.colour,
            subtitle=action.description_fr,
            front_lines=(t("summer.card_where", "fr", where=action.where_fr),),
            value_label=t("summer.card_action", "fr"),
            value=themes.get(action.theme, action.theme), range="",
            details=(action.description_fr, t("summer.card_where", "fr", where=action.where_fr)),
            sources=t("summer.card_sources", "fr", sources=" ; ".join(filter(None, (
                action.provenance.source + _reading(action.provenance),
                action.provenance.source_ref)))),
            printed_sources=t("summer.card_sources", "fr", sources=action.provenance.source
                              + _reading(action.provenance)),
            review_by=action.provenance.review_by, credits=credits,
            title_en=action.label_en,
            origin=(action.provenance.path, action.provenance.line)))
    return cards


# --------------------------------------------------------------------------- lock rows
def poster_records(climate) -> list[PrintCard]:
    """What the two posters print, one lock row per control variable and per curve.

    Returns
    -------
    list of PrintCard
        Kind :data:`POSTER_KIND` (never laid out as cards): ``value`` is the latest
        printed value, ``range`` the thresholds or the multiplier, ``details`` every
        printed value of the row, ``factors`` the data values behind them.
    """
    out = []
    labels = status_labels("fr")
    for r in boundary_rows(climate, "fr"):
        values = [b for b in climate.boundaries.values() if b.variable == r.variable]
        latest = r.assessments[-1]
        out.append(PrintCard(
            id=f"affiche_limites_{r.variable}", deck="affiche_limites", kind=POSTER_KIND,
            title=r.label, value=latest.value,
            range=t("awareness.boundary_at", "fr", value=r.boundary)
            + (" · " + t("awareness.high_risk_at", "fr", value=r.high_risk) if r.high_risk
               else ""),
            details=tuple(t("posters.assessment", "fr", year=a.year, value=a.value,
                            status=labels[a.status]) for a in r.assessments),
            value_kg=latest_value(values),
            factors={f"{b.id}.{k}": v for b in values
                     for k, v in (("current", b.current), ("boundary", b.boundary),
                                  ("high_risk", b.high_risk)) if v is not None}))
    for p in acceleration_panels(climate, "fr"):
        out.append(PrintCard(
            id=f"affiche_acceleration_{p.id}", deck="affiche_acceleration", kind=POSTER_KIND,
            title=p.title, value=p.change or p.last, range=p.first, details=(p.first, p.last),
            value_kg=p.segments[-1].values[-1],
            factors={f"{s.series}.{y}": v for s in p.segments
                     for y, v in ((s.years[0], s.values[0]), (s.years[-1], s.values[-1]))}))
    return out


def latest_value(values) -> float | None:
    """The latest assessment's value, when quantified [unit of the control variable]."""
    latest = max(values, key=lambda b: b.year)
    return latest.current


# --------------------------------------------------------------------------- posters
def _band(c: Canvas, colour: str, kicker: str, title: str, subtitle: str) -> float:
    """Coloured head band; return the y below it [pt]."""
    band_h = 58 * mm
    c.setFillColorRGB(*hex_to_rgb(colour))
    c.rect(0, PAGE_H - band_h, PAGE_W, band_h, stroke=0, fill=1)
    c.setFillColorRGB(*WHITE)
    c.setFont(REGULAR, 20)
    c.drawString(MARGIN, PAGE_H - 20 * mm, kicker)
    c.setFont(BOLD, 42)
    c.drawString(MARGIN, PAGE_H - 38 * mm, title)
    c.setFont(REGULAR, 12)
    c.drawRightString(PAGE_W - MARGIN, PAGE_H - 20 * mm, "atelier-transition")
    placed, _used = fit_blocks([Block(subtitle, REGULAR, 15, 11, colour=WHITE, space_after=0)],
                               PAGE_W - 2 * MARGIN, 14 * mm)
    draw_flow(c, placed, MARGIN, PAGE_H - 44 * mm, PAGE_W - 2 * MARGIN)
    return PAGE_H - band_h


def _poster_name(what: str) -> str:
    """« limites planétaires » or « grande accélération » (``what``: a poster id)."""
    return {BOUNDARIES: t("posters.name_boundaries"),
            ACCELERATION: t("posters.name_acceleration")}[what]


def _flow(c: Canvas, blocks, x: float, y_top: float, width: float, height: float,
          what: str) -> float:
    """Fit and draw ``blocks``; return the height used [pt]."""
    try:
        placed, used = fit_blocks(blocks, width, height)
    except TextOverflow:
        raise AtelierError(t("posters.text_overflow", poster=_poster_name(what))) from None
    draw_flow(c, placed, x, y_top, width)
    return used


def _footer(c: Canvas, sources, review, credits: str, note: str, what: str) -> float:
    """Sources, review date, licence at the page foot (≥ 6 pt); return its top [pt]."""
    foot = [Block(note, REGULAR, 9, 7, colour=GREY, space_after=0.4, field="note")] if note \
        else []
    foot.append(Block(t("climate.sources", "fr") + " " + " ; ".join(sources), REGULAR, 8, 6,
                      colour=GREY, space_after=0.4, field="sources"))
    if review is not None:
        foot.append(Block(t("posters.review_by", date=french_date(review)), REGULAR, 8, 6,
                          colour=GREY, space_after=0.4, field="review_by"))
    foot.append(Block(f"{LICENCE_LINE} · {credits}", BOLD, 8, 6, colour=GREY, space_after=0,
                      field="licence"))
    try:
        placed, used = fit_blocks(foot, PAGE_W - 2 * MARGIN, 40 * mm)
    except TextOverflow:
        raise AtelierError(t("posters.footer_overflow", poster=_poster_name(what))) from None
    draw_flow(c, placed, MARGIN, 10 * mm + used, PAGE_W - 2 * MARGIN)
    return 10 * mm + used


#: Type and bar sizes of the boundaries poster shrink together by these steps until the
#: nine processes fit (the smallest keeps every text at 6 pt or more).
POSTER_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76)


def _process_blocks(p, k: float):
    return [Block(p.label, BOLD, 15 * k, 11 * k, space_after=0.3),
            Block(p.meaning, REGULAR, 10.5 * k, 8 * k, colour=GREY, space_after=0.4)]


def _draw_process(c: Canvas, p, rows, x: float, y: float, width: float, k: float = 1.0) -> float:
    """Draw one process (title, meaning, bars) at scale ``k``; return the y below it [pt]."""
    y -= _flow(c, _process_blocks(p, k), x, y, width, 10_000, BOUNDARIES)
    labels = status_labels("fr")
    year_w, bar_w, bar_h = 13 * mm * k, width - 13 * mm * k - 4 * mm, 4 * mm * k
    for r in rows:
        head = [Block(r.label, BOLD, 10 * k, 8 * k, space_after=0.15),
                Block(t("awareness.boundary_at", "fr", value=r.boundary)
                      + (" · " + t("awareness.high_risk_at", "fr", value=r.high_risk)
                         if r.high_risk else ""), REGULAR, 9 * k, 7 * k, colour=GREY,
                      space_after=0.3)]
        y -= _flow(c, head, x, y, width, 10_000, BOUNDARIES)
        for a in r.assessments:
            top = y - bar_h
            c.setFillColorRGB(*INK)
            c.setFont(BOLD, 10 * k)
            c.drawString(x, top + 0.25 * bar_h, str(a.year))
            bx = x + year_w
            if a.status == "transgressed_unquantified":
                c.setFillColorRGB(*hex_to_rgb(STATUS_COLOURS[a.status]))
                c.rect(bx, top, bar_w, bar_h, stroke=0, fill=1)
            else:
                for i, zone in enumerate(ZONE_COLOURS):
                    c.setFillColorRGB(*hex_to_rgb(zone))
                    c.rect(bx + i * bar_w / 3, top, bar_w / 3, bar_h, stroke=0, fill=1)
                if a.position is not None:
                    c.setFillColorRGB(*hex_to_rgb(STATUS_COLOURS[a.status]))
                    c.rect(bx, top, bar_w * min(a.position, SCALE_MAX) / SCALE_MAX, bar_h,
                           stroke=0, fill=1)
                if a.at_least:
                    c.setFillColorRGB(*INK)
                    c.drawString(bx + bar_w + 0.8 * mm, top + 0.2 * bar_h, "▶")
            c.setStrokeColorRGB(0.55, 0.55, 0.58)
            c.setLineWidth(0.5)
            c.rect(bx, top, bar_w, bar_h, stroke=1, fill=0)
            y = top - 1 * mm
            y -= _flow(c, [Block(f"{a.value} — {labels[a.status]}", REGULAR, 9 * k, 7 * k,
                                 space_after=0.25)], bx, y, bar_w, 10_000,
                       BOUNDARIES)
        for note in r.notes:
            y -= _flow(c, [Block(note, REGULAR, 8 * k, 6, colour=GREY, space_after=0.2)], x, y,
                       width, 10_000, BOUNDARIES)
        y -= 1.5 * mm * k
    return y


def _columns(view, rows, col_w: float, k: float) -> tuple[list[int], float]:
    """The column (0 or 1) of each process at scale ``k``, each going to the shorter
    column, and the taller column's height [pt]."""
    import io

    scratch = Canvas(io.BytesIO(), pagesize=A3)
    heights = [0.0, 0.0]
    placement = []
    for p in view.processes:
        mine = [r for r in rows if r.process == p.id]
        need = 10_000 - _draw_process(scratch, p, mine, 0, 10_000, col_w, k) + 3 * mm
        i = 0 if heights[0] <= heights[1] else 1
        heights[i] += need
        placement.append(i)
    return placement, max(heights)


def _boundaries_page(c: Canvas, climate, credits: str) -> None:
    from simulation.ui.viewmodel_climate import boundaries_view

    view = boundaries_view(climate, True, "fr")
    y = _band(c, POSTER_COLOURS["limites"], t("awareness.title", "fr"), view.title,
              view.intro)
    width = PAGE_W - 2 * MARGIN
    y -= 8 * mm
    y -= _flow(c, [Block(view.counts, BOLD, 17, 12, space_after=0.4),
                   Block(view.hint, REGULAR, 11, 8, colour=GREY, space_after=0.3)],
               MARGIN, y, width, 40 * mm, BOUNDARIES)
    # legend
    x = MARGIN
    c.setFont(REGULAR, 10)
    for colour, label in view.legend:
        c.setFillColorRGB(*hex_to_rgb(colour))
        c.rect(x, y - 4 * mm, 6 * mm, 3.5 * mm, stroke=0, fill=1)
        c.setFillColorRGB(*INK)
        c.drawString(x + 7.5 * mm, y - 3.6 * mm, label)
        x += 10 * mm + c.stringWidth(label, REGULAR, 10)
    y -= 9 * mm
    rows = boundary_rows(climate, "fr")
    sources = list(dict.fromkeys(s for r in rows for s in r.sources))
    review = min((b.provenance.review_by for b in climate.boundaries.values()), default=None)
    foot_top = _footer(c, sources, review, credits, view.caveat, BOUNDARIES)
    col_w = (width - 8 * mm) / 2
    for k in POSTER_SCALES:
        placement, need = _columns(view, rows, col_w, k)
        if need <= y - foot_top - 4 * mm:
            break
    else:
        raise AtelierError(t("posters.processes_overflow",
                             poster=_poster_name(BOUNDARIES)))
    cols = [MARGIN, MARGIN + col_w + 8 * mm]
    tops = [y, y]
    for p, i in zip(view.processes, placement, strict=True):
        mine = [r for r in rows if r.process == p.id]
        tops[i] = _draw_process(c, p, mine, cols[i], tops[i], col_w, k) - 3 * mm


def _draw_panel(c: Canvas, panel, x: float, y: float, width: float, height: float,
                years: tuple[int, int]) -> None:
    """One curve of the great acceleration in a ``width`` × ``height`` cell (top at ``y``)."""
    c.setStrokeColorRGB(0.1, 0.1, 0.12)
    c.setLineWidth(1.2)
    c.roundRect(x, y - height, width, height, 3 * mm, stroke=1, fill=0)
    pad = 5 * mm
    inner = width - 2 * pad
    used = _flow(c, [Block(panel.title, BOLD, 14, 10, space_after=0.15),
                     Block(panel.unit, REGULAR, 10, 8, colour=GREY, space_after=0.2)],
                 x + pad, y - pad, inner, 22 * mm, ACCELERATION)
    bottom = [Block(f"{panel.first} → {panel.last}", REGULAR, 11, 8, space_after=0.3)]
    if panel.change:
        bottom.append(Block(panel.change, BOLD, 16, 11, space_after=0))
    _placed, bottom_h = fit_blocks(bottom, inner, 30 * mm)
    plot_top = y - pad - used - 3 * mm
    plot_h = plot_top - (y - height + pad + bottom_h + 9 * mm)
    plot_bottom = plot_top - plot_h
    lo, hi = panel.value_range
    y0, y1 = years

    def px(year: float) -> float:
        return x + pad + inner * (year - y0) / (y1 - y0)

    def py(value: float) -> float:
        return plot_bottom + plot_h * ((value - lo) / (hi - lo) if hi > lo else 0.0)

    c.setStrokeColorRGB(0.64, 0.23, 0.0)
    c.setDash(4, 3)
    c.setLineWidth(1)
    c.line(px(ACCELERATION_FROM), plot_bottom, px(ACCELERATION_FROM), plot_top)
    c.setDash()
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(1.2)
    c.line(x + pad, plot_bottom, x + pad + inner, plot_bottom)
    c.setStrokeColorRGB(0.0, 0.447, 0.698)
    c.setLineWidth(2.2)
    for seg in panel.segments:
        path = c.beginPath()
        path.moveTo(px(seg.years[0]), py(seg.values[0]))
        for yr, v in zip(seg.years[1:], seg.values[1:], strict=True):
            path.lineTo(px(yr), py(v))
        c.drawPath(path, stroke=1, fill=0)
    c.setFillColorRGB(*INK)
    c.setFont(REGULAR, 9)
    for yr in sorted({y0, 1850, ACCELERATION_FROM, y1}):
        if y0 <= yr <= y1:
            c.drawCentredString(min(max(px(yr), x + pad + 4 * mm), x + pad + inner - 4 * mm),
                                plot_bottom - 4 * mm, str(yr))
    _flow(c, bottom, x + pad, plot_bottom - 8 * mm, inner, 30 * mm, ACCELERATION)


def _acceleration_page(c: Canvas, climate, credits: str) -> None:
    panels = acceleration_panels(climate, "fr")
    y = _band(c, POSTER_COLOURS["acceleration"], t("awareness.title", "fr"),
              t("awareness.step_acceleration", "fr"),
              t("awareness.acceleration_revealed", "fr", year=str(ACCELERATION_FROM)))
    sources = list(dict.fromkeys(s for p in panels for s in p.sources))
    review = min((climate.series[s.series].provenance.review_by for p in panels
                  for s in p.segments), default=None)
    cols = 2
    note = t("climate.acceleration_note", "fr", year=str(ACCELERATION_FROM))
    free_cell = len(panels) % cols != 0
    foot_top = _footer(c, sources, review, credits, "" if free_cell else note,
                       ACCELERATION)
    if not panels:
        return
    first = min(p.year_range[0] for p in panels)
    last = max(p.year_range[1] for p in panels)
    width = PAGE_W - 2 * MARGIN
    gap = 7 * mm
    rows = (len(panels) + cols - 1) // cols
    cell_w = (width - gap * (cols - 1)) / cols
    top = y - 8 * mm
    cell_h = (top - foot_top - 6 * mm - gap * (rows - 1)) / rows
    for i, panel in enumerate(panels):
        r, col = divmod(i, cols)
        _draw_panel(c, panel, MARGIN + col * (cell_w + gap), top - r * (cell_h + gap), cell_w,
                    cell_h, (first, last))
    if free_cell:
        r, col = divmod(len(panels), cols)
        _flow(c, [Block(t("climate.how_to_read", "fr"), BOLD, 16, 11, space_after=0.4),
                  Block(note, REGULAR, 14, 9, space_after=0)],
              MARGIN + col * (cell_w + gap) + 5 * mm, top - r * (cell_h + gap) - 5 * mm,
              cell_w - 10 * mm, cell_h - 10 * mm, ACCELERATION)


def render_climate_posters_pdf(climate, path: str | Path) -> int:
    """Write the two climate posters (A3 portrait) to ``path``.

    Parameters
    ----------
    climate : ClimateData
        The climate tables.
    path : path-like
        Output PDF.

    Returns
    -------
    int
        Number of pages (2).
    """
    register_fonts()
    credits = t("climate.poster_credits", "fr")
    c = Canvas(str(path), pagesize=A3, pageCompression=1, invariant=1, initialFontName=REGULAR)
    c.setTitle(t("posters.climate_pdf_title"))
    c.setAuthor("atelier-transition")
    c.setSubject(LICENCE_LINE)
    c.setCreator("atelier cards build (reportlab)")
    _boundaries_page(c, climate, credits)
    c.showPage()
    _acceleration_page(c, climate, credits)
    c.showPage()
    c.save()
    return 2


__all__ = ["POSTER_KIND", "SUMMER_DECK", "SUMMER_KIND", "adaptation_cards", "poster_records",
           "render_climate_posters_pdf"]

