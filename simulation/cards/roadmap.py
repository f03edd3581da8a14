"""The "feuille de route du groupe" a team takes home (PDF, A4 portrait, two pages).

Page 1: the numbers (pathway, levers and their share of the change, sectors, code).
Page 2: « Notre 2050, en récit », the group's 2050 told in prose theme by theme
(:func:`simulation.story.lever_story`, the same sentences as the dashboard's story).

Numbers come from the model (:meth:`evaluate`) and :mod:`simulation.metrics` (the
uncertainty band and each lever's share of the group's change), formatted by
:mod:`simulation.formatting`; texts come from the catalogue (``roadmap.*``); the chart is
drawn with matplotlib (the printing stack), the page with reportlab, in the DejaVu fonts
bundled in ``simulation/cards/fonts``.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from simulation.formatting import format_co2, format_integer, format_number, format_percent
from simulation.metrics import TREND, shares_of_change, uncertainty_band
from simulation.texts import t

FONT_DIR = Path(__file__).resolve().parent / "fonts"
#: Lever rows in the table (largest effects); the others are summed in one row, so the
#: roadmap always fits one page.
MAX_ROWS = 8
REGULAR = "AtelierRoadmap"
BOLD = "AtelierRoadmap-Bold"
#: Okabe–Ito colours (same as the dashboard, :mod:`simulation.ui.theme`).
_BLUE, _GREY, _GREEN, _VERMILLION = "#0072B2", "#999999", "#009E73", "#D55E00"
_TREND = "#E69F00"  #: the trend pathway, as on screen (Okabe–Ito orange)



@dataclass(frozen=True)
class RoomRounds:
    """The rounds of a live room, for the roadmap of one of its teams.

    ``teams`` are the team names; ``rows`` one ``(round label, total text of each team)``
    per locked round; ``mine`` the index of the team the roadmap is for (in bold).
    """

    teams: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    mine: int = 0


#: Rounds of a live room printed at most (the last ones).
MAX_ROUND_ROWS = 8


def rounds_flowables(rounds: RoomRounds, lang: str, heading, note, cell, cell_b) -> list:
    """The « Les manches de la salle » section: one row per round, one column per team."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Table, TableStyle

    e = html.escape
    head = [Paragraph(e(t("roadmap.round_col", lang)), cell_b)] + [
        Paragraph(e(name), cell_b) for name in rounds.teams]
    body = [[Paragraph(e(label), cell)] + [
        Paragraph(e(text), cell_b if i == rounds.mine else cell) for i, text in enumerate(totals)]
        for label, totals in rounds.rows[-MAX_ROUND_ROWS:]]
    width = 17.0 / (len(rounds.teams) + 1)
    table = Table([head, *body], colWidths=[width * cm] * (len(rounds.teams) + 1), repeatRows=1)
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
        ("BACKGROUND", (rounds.mine + 1, 0), (rounds.mine + 1, -1), colors.HexColor("#E8F2FA")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return [Paragraph(e(t("roadmap.rounds_title", lang)), heading),
            Paragraph(e(t("roadmap.rounds_note", lang)), note), table]


def _axis_formatter(lang: str):
    """Tick labels in the reader's typography (« 7,5 » in French) [t CO2e]."""
    from matplotlib.ticker import FuncFormatter

    def fmt(x, _pos):
        if float(x).is_integer():
            return format_integer(x, lang=lang)
        return format_number(x, digits=2, lang=lang)

    return FuncFormatter(fmt)


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)


def trajectory_png(years, total_kg, low_kg, high_kg, base_kg, target_kg: float,
                   lang: str = "fr", dpi: int = 200, trend_kg=None) -> bytes:
    """Draw the trajectory chart (matplotlib, Agg) and return it as PNG bytes.

    Parameters
    ----------
    years : array (T,)
    total_kg, low_kg, high_kg, base_kg : arrays (T,)
        The team's pathway, its 5–95 % band and the pathway with no lever
        [kgCO2e/person/yr].
    target_kg : float
        The 2050 target [kgCO2e/person/yr].
    trend_kg : array (T,), optional
        The trend pathway (« Tendanciel ») [kgCO2e/person/yr].
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.0, 2.4), dpi=dpi)
    ax = fig.add_subplot()
    per_t = 1000.0
    ax.fill_between(years, low_kg / per_t, high_kg / per_t, color=_BLUE, alpha=0.2,
                    label=t("metric.band_short", lang))
    ax.plot(years, base_kg / per_t, color=_GREY, lw=2, ls=":", label=t("ui.no_lever", lang))
    if trend_kg is not None:
        ax.plot(years, trend_kg / per_t, color=_TREND, lw=1.5, label=t("ui.trend_line", lang))
    ax.plot(years, total_kg / per_t, color=_BLUE, lw=3, label=t("ui.our_pathway", lang))
    ax.axhline(target_kg / per_t, color="black", lw=1.5, ls="--", label=t("ui.target_line", lang))
    ax.set_ylim(0, None)
    ax.set_xlim(years[0], years[-1])
    ax.set_ylabel(t("ui.unit_t", lang), fontsize=10)
    ax.yaxis.set_major_formatter(_axis_formatter(lang))
    ax.set_title(t("roadmap.chart_title", lang), fontsize=11, loc="left")
    ax.grid(alpha=0.3)
    # below the axes: the pathway can cross any corner of the plot
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=5,
              frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def sectors_png(labels, today_kg, then_kg, year0: int, lang: str = "fr",
                dpi: int = 200) -> bytes:
    """Draw today's and 2050's emissions by sector (horizontal bars) as PNG bytes.

    Parameters
    ----------
    labels : sequence of str
        Sector names, top to bottom.
    today_kg, then_kg : sequences of float
        Emissions of the first year and of 2050 by sector [kgCO2e/person/yr].
    year0 : int
        The first year.
    """
    import numpy as np
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.0, 2.0), dpi=dpi)
    ax = fig.add_subplot()
    y = np.arange(len(labels))[::-1]
    ax.barh(y + 0.2, np.asarray(today_kg) / 1000.0, height=0.38, color=_GREY,
            label=t("ui.legend_today", lang, year=year0))
    ax.barh(y - 0.2, np.asarray(then_kg) / 1000.0, height=0.38, color=_BLUE, label="2050")
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlabel(t("ui.unit_t", lang), fontsize=9)
    ax.xaxis.set_major_formatter(_axis_formatter(lang))
    ax.set_title(t("roadmap.sectors_title", lang), fontsize=11, loc="left")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def roadmap_pdf(model, territory: str, levels: Mapping[str, int], team: str, code: str,
                lang: str = "fr", date: dt.date | None = None,
                rounds: RoomRounds | None = None) -> bytes:
    """Return the one-page roadmap PDF of a team.

    Parameters
    ----------
    model : Model
        The loaded model (:func:`simulation.model.load_model`).
    territory : str
        Territory id.
    levels : mapping
        ``{lever_id: level}`` of the team.
    team : str
        Team name shown in the title.
    code : str
        The team's pathway code.
    lang : {"fr", "en"}
    date : datetime.date, optional
        Printed date (default: today).
    rounds : RoomRounds, optional
        The rounds of the live room the team played in (printed after the levers).
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        Image,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from simulation.story import lever_story

    _register_fonts()
    e = html.escape
    date = date or dt.date.today()
    levels = dict(levels)
    result = model.evaluate(levels, territory=territory)
    base = model.evaluate({}, territory=territory)
    trend = model.evaluate(None, territory=territory, scenario=TREND)
    band = uncertainty_band(model, levels, territory)
    active = {k: v for k, v in levels.items() if v > 0}
    contrib = shares_of_change(model, active, territory)
    terr = model.territories[territory]
    terr_name = terr.name_fr if lang == "fr" else terr.name_en

    total = float(result.value(2050))
    today = float(result.total[0])
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=20, leading=24, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=13, leading=16, spaceBefore=8,
                        spaceAfter=4)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=11, leading=14.5)
    small = ParagraphStyle("small", fontName=REGULAR, fontSize=8, leading=10,
                           textColor=colors.HexColor("#333333"))
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=9.5, leading=11.5)
    cell_b = ParagraphStyle("cellb", parent=cell, fontName=BOLD)

    trajectory = trajectory_png(result.years, result.total, band.total_low, band.total_high,
                                base.total, float(model.target_2050_kg), lang,
                                trend_kg=trend.total)
    year0 = int(result.years[0])
    sectors = list(result.sector_values(year0))
    sectors_chart = sectors_png(
        [model.sector_label(x, lang=lang) for x in sectors],
        [result.sector_values(year0)[x] for x in sectors],
        [result.sector_values(2050)[x] for x in sectors], year0, lang,
    )
    tale = lever_story(model.levers, levels, total, today, year0, lang, effects=contrib,
                       sector_label=lambda sid: model.sector_label(sid, lang=lang),
                       sector_order=model.sectors)
    story_body = ParagraphStyle("story", fontName=REGULAR, fontSize=10, leading=13,
                                spaceAfter=5)
    tag_style = ParagraphStyle("tag", fontName=REGULAR, fontSize=7.5, leading=9,
                               textColor=colors.HexColor("#444444"), spaceAfter=6)

    def story_page() -> list:
        out = [PageBreak(), Paragraph(e(tale.title), h1),
               Paragraph(e(" ".join(tale.lead)), story_body)]
        for par in tale.paragraphs:
            text = " ".join(e(line.text) for line in par.lines)
            out.append(Paragraph(f"<b>{e(par.heading)}.</b> {text}", story_body))
            tags = " · ".join(e(line.tag) for line in par.lines if line.tag)
            if tags:
                out.append(Paragraph(tags, tag_style))
        return out

    def build(max_rows: int, with_story: bool = False) -> tuple[bytes, int]:
        story = [
            Paragraph(e(t("roadmap.title", lang)), h1),
            Paragraph(f"{e(team)} · {e(terr_name)} · {date.isoformat()}", body),
            Spacer(1, 6),
            Paragraph(t("roadmap.result", lang,
                total=e(format_co2(total, lang=lang)),
                pct=e(format_percent(total / today - 1.0, lang=lang, signed=True)),
                year=int(result.years[0]),
                target=e(format_co2(float(model.target_2050_kg), lang=lang)),
                ), body),
            Spacer(1, 6),
        ]
        story.append(Image(io.BytesIO(trajectory), width=17 * cm, height=17 * cm * 2.4 / 7.0))
        story.append(Paragraph(e(t("roadmap.levers", lang)), h2))
        if not active:
            story.append(Paragraph(e(t("roadmap.none", lang)), body))
        else:
            heads = (t("roadmap.lever", lang), t("roadmap.level", lang),
                     t("metric.share_of_change", lang))
            rows = [[Paragraph(e(h), cell_b) for h in heads]]
            # largest effect first
            chosen = sorted((lv for lv in model.levers if lv.id in active),
                            key=lambda lv: contrib.get(lv.id, 0.0))
            rest = chosen[max_rows:]
            for lever in chosen[:max_rows]:
                entry = lever.levels[active[lever.id]]
                rows.append([
                    Paragraph(e(lever.title_fr if lang == "fr" else lever.title_en), cell),
                    Paragraph(f"{active[lever.id]} — "
                              f"{e(entry.label_fr if lang == 'fr' else entry.label_en)}", cell),
                    Paragraph(e(format_co2(float(contrib.get(lever.id, 0.0)), lang=lang,
                                           signed=True)), cell),
                ])
            if rest:
                rows.append([
                    Paragraph(e(t("roadmap.others", lang, n=len(rest))), cell),
                    Paragraph("", cell),
                    Paragraph(e(format_co2(sum(contrib.get(lv.id, 0.0) for lv in rest), lang=lang,
                                           signed=True)), cell),
                ])
            table = Table(rows, colWidths=[6.2 * cm, 7.6 * cm, 3.2 * cm], repeatRows=1)
            table.setStyle(TableStyle([
                ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            story.append(table)
        if rounds is not None and rounds.rows:
            story += rounds_flowables(rounds, lang, h2, small, cell, cell_b)
        story += [
            Spacer(1, 8),
            Image(io.BytesIO(sectors_chart), width=17 * cm, height=17 * cm * 2.0 / 7.0),
            Spacer(1, 6),
            Paragraph(t("roadmap.code", lang, code=e(code)), body),
            Spacer(1, 6),
            Paragraph(e(t("roadmap.footer", lang, date=date.isoformat(),
                               share=t("metric.share_of_change", lang),
                               share_note=t("metric.share_of_change_note", lang))), small),
        ]
        if with_story:
            story += story_page()
        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                                topMargin=1.2 * cm, bottomMargin=1.2 * cm,
                                title=t("roadmap.title", lang), author="atelier-transition")
        doc.build(story)
        return buf.getvalue(), doc.page

    # long labels (a territory's own texts) may not fit: fewer rows until page 1 holds them
    for max_rows in range(MAX_ROWS, -1, -1):
        _pdf, pages = build(max_rows)
        if pages == 1:
            break
    pdf, _pages = build(max_rows, with_story=True)
    return pdf
