"""The "diapos A3": one A3 poster per sector showing where its emissions come from.

Each poster shows the sector's sub-items (``Model.evaluate().items``) per inhabitant today
and in 2050 in the chosen scenario, as a matplotlib bar chart, plus the sector's levers
with their effect. The page is laid out with reportlab (same fonts and typography as the
cards); the chart is drawn by matplotlib as a *vector* PDF (TrueType fonts, ``pdf.fonttype
42``) and stamped onto the page with pypdf, so it stays sharp at any print size.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A3
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from simulation.cards.content import LICENCE_LINE, french_date
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
from simulation.cards.model_decks import model_factor_ids, short_source
from simulation.exceptions import AtelierError
from simulation.formatting import CO2E, NBSP, format_co2, format_integer, format_percent
from simulation.metrics import effect_alone
from simulation.texts import t

PAGE_W, PAGE_H = A3  #: portrait [pt]
MARGIN = 18 * mm
CHART_W_MM, CHART_H_MM = 261.0, 165.0


def sector_chart_pdf(labels: list[str], today: list[float], future: list[float],
                     today_label: str, future_label: str, colour) -> bytes:
    """Horizontal bar chart of a sector's sub-items, as a one-page vector PDF.

    Parameters
    ----------
    labels : list of str
        Sub-item labels (French).
    today, future : list of float
        Emissions per inhabitant of each sub-item. [kgCO2e/person/yr]
    today_label, future_label : str
        Legend of the two series.
    colour : tuple
        RGB 0–1 of the sector.

    Returns
    -------
    bytes
        A PDF of :data:`CHART_W_MM` × :data:`CHART_H_MM`.
    """
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    with matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans",
                                "font.size": 15, "axes.spines.top": False,
                                "axes.spines.right": False}):
        fig = Figure(figsize=(CHART_W_MM / 25.4, CHART_H_MM / 25.4))
        ax = fig.add_subplot()
        n = len(labels)
        ys = list(range(n))[::-1]
        h = 0.38
        bars_now = ax.barh([y + h / 2 for y in ys], today, height=h, color=(0.72, 0.72, 0.74),
                           label=today_label)
        bars_2050 = ax.barh([y - h / 2 for y in ys], future, height=h, color=colour,
                            label=future_label)
        top = max([*today, *future, 1.0])
        for bars in (bars_now, bars_2050):
            for bar in bars:
                w = bar.get_width()
                ax.text(w + top * 0.01, bar.get_y() + bar.get_height() / 2,
                        format_co2(w).replace(f"{NBSP}{CO2E}", ""), va="center", fontsize=12,
                        color=(0.15, 0.15, 0.15))
        ax.set_yticks(ys, labels)
        ax.set_xlim(0, top * 1.18)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: format_integer(x)))
        ax.set_xlabel(t("posters.axis"))
        # legend above the plot area: never on top of a bar or its label
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=1, frameon=False,
                  borderaxespad=0.3)
        ax.grid(axis="x", color=(0.9, 0.9, 0.9))
        ax.set_axisbelow(True)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf", metadata={"CreationDate": None})
    return buf.getvalue()


def _poster_page(c: Canvas, m, fb, sector: str, ctx: dict) -> None:
    colour = m.vocabulary.sectors[sector].rgb
    label = m.sector_label(sector)
    # coloured head band, printed to the page edge
    band_h = 62 * mm
    c.setFillColorRGB(*colour)
    c.rect(0, PAGE_H - band_h, PAGE_W, band_h, stroke=0, fill=1)
    c.setFillColorRGB(*WHITE)
    c.setFont(REGULAR, 24)
    c.drawString(MARGIN, PAGE_H - 24 * mm, t("posters.kicker"))
    c.setFont(BOLD, 46)
    c.drawString(MARGIN, PAGE_H - 46 * mm, label)
    c.setFont(REGULAR, 12)
    c.drawRightString(PAGE_W - MARGIN, PAGE_H - 24 * mm, ctx["territory_name"])
    # key figures
    now, total_now = ctx["start"][sector], ctx["total_start"]
    future = ctx["end"][sector]
    y = PAGE_H - band_h - 16 * mm
    c.setFillColorRGB(*INK)
    c.setFont(BOLD, 30)
    c.drawString(MARGIN, y, format_co2(now))
    c.setFont(REGULAR, 14)
    c.drawString(MARGIN, y - 9 * mm,
                 t("posters.today", year=ctx["first"], share=format_percent(now / total_now),
                   total=format_co2(total_now)))
    c.drawString(MARGIN, y - 16 * mm,
                 t("posters.future", year=ctx["last"], scenario=ctx["scenario_title"],
                   value=format_co2(future),
                   change=format_percent(future / now - 1, signed=True)))
    # chart (stamped later by pypdf) + its title
    c.setFont(BOLD, 15)
    c.drawString(MARGIN, ctx["chart_y"] + CHART_H_MM * mm + 5 * mm,
                 t("posters.chart_title"))
    # levers of the sector
    levers = [lv for lv in m.levers if lv.sector == sector]
    blocks = [Block(t("posters.levers", name=t("metric.effect_alone").lower(), level=4,
                      year=ctx["last"]), BOLD, 15, 11, space_after=0.6, field="levers")]
    for lv in sorted(levers, key=lambda lv: ctx["effects"][lv.id]):
        blocks.append(Block(t("posters.lever_line", lever=lv.title_fr,
                              effect=format_co2(ctx["effects"][lv.id], signed=True),
                              level=lv.levels[4].label_fr), REGULAR, 12, 8,
                            space_after=0.35, field="levers"))
    box_top = ctx["chart_y"] - 10 * mm
    box_h = box_top - 40 * mm
    try:
        placed, _ = fit_blocks(blocks, PAGE_W - 2 * MARGIN, box_h)
    except TextOverflow:
        raise AtelierError(t("posters.levers_overflow", poster=sector)) from None
    draw_flow(c, placed, MARGIN, box_top, PAGE_W - 2 * MARGIN)
    # footer: sources, review date, licence
    ids = model_factor_ids(m, sector)
    sources = sorted({short_source(fb[i].source) for i in ids})
    review = min((fb[i].review_by for i in ids), default=None)
    foot = [Block(t("posters.factor_sources", sources=" ; ".join(sources)), REGULAR, 8, 6,
                  colour=(0.35, 0.35, 0.38), space_after=0.4, field="sources")]
    if review:
        foot.append(Block(t("posters.review_and_method", date=french_date(review)),
                          REGULAR, 8, 6, colour=(0.35, 0.35, 0.38),
                          space_after=0.4, field="review_by"))
    foot.append(Block(f"{LICENCE_LINE} · {ctx['credits']}", BOLD, 8, 6,
                      colour=(0.35, 0.35, 0.38), space_after=0, field="licence"))
    try:
        placed, used = fit_blocks(foot, PAGE_W - 2 * MARGIN, 28 * mm)
    except TextOverflow:
        raise AtelierError(t("posters.footer_overflow", poster=sector)) from None
    draw_flow(c, placed, MARGIN, 12 * mm + used, PAGE_W - 2 * MARGIN)


def render_posters_pdf(m, fb, path: str | Path, territory: str, scenario: str,
                       credits: str) -> int:
    """Write one A3 poster per sector to ``path``.

    Parameters
    ----------
    m : Model
    fb : FactorBase
    path : path-like
        Output PDF.
    territory, scenario : str
        Territory (per-inhabitant values) and scenario (2050 bars).
    credits : str
        Data credits line.

    Returns
    -------
    int
        Number of pages (one per sector).
    """
    from pypdf import PdfReader, PdfWriter, Transformation

    register_fonts()
    now = m.evaluate(levels={}, territory=territory, scenario="tendanciel")
    sc = m.scenarios[scenario]
    fut = m.evaluate(levels=dict(sc.levels), territory=territory, scenario=scenario)
    first, last = int(now.years[0]), int(fut.years[-1])
    ctx = {
        "territory_name": m.territories[territory].name_fr,
        "first": first, "last": last, "scenario_title": sc.title_fr,
        "start": now.sector_values(first), "total_start": now.value(first),
        "end": fut.sector_values(last), "credits": credits,
        "effects": {lv.id: effect_alone(m, lv.id, 4, territory) for lv in m.levers},
        "chart_y": PAGE_H - 62 * mm - 45 * mm - 8 * mm - CHART_H_MM * mm,
    }
    items_now, items_fut = now.item_values(first), fut.item_values(last)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A3, pageCompression=1, invariant=1, initialFontName=REGULAR)
    title = t("posters.pdf_title", territory=ctx["territory_name"])
    c.setTitle(title)
    c.setAuthor("atelier-transition")
    c.setSubject(LICENCE_LINE)
    charts = []
    for sector in m.sectors:
        _poster_page(c, m, fb, sector, ctx)
        c.showPage()
        ids = list(items_now[sector])
        charts.append(sector_chart_pdf(
            [m.item_label(i) for i in ids], [items_now[sector][i] for i in ids],
            [items_fut[sector][i] for i in ids], t("ui.legend_today", year=first),
            t("posters.legend_future", year=last, scenario=sc.title_fr),
            m.vocabulary.sectors[sector].rgb))
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    for page, chart in zip(writer.pages, charts, strict=True):
        chart_page = PdfReader(io.BytesIO(chart)).pages[0]
        page.merge_transformed_page(chart_page, Transformation().translate(MARGIN,
                                                                          ctx["chart_y"]))
    writer.add_metadata({"/Title": title,
                         "/Author": "atelier-transition", "/Subject": LICENCE_LINE})
    with open(path, "wb") as fh:
        writer.write(fh)
    return len(m.sectors)
