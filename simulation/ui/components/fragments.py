"""HTML fragments the components show: bar charts, legends, the big number, QR codes.

Bar charts are plain HTML (a ``div`` per bar, its width a percentage): they reflow from a
390 px phone to a 1920 px projector, their labels wrap instead of being cut, and their
numbers keep French typography. Every text from data or from people is escaped here with
:func:`html.escape`; nothing else in the package builds HTML from such text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from simulation.formatting import NNBSP
from simulation.ui.viewmodel import Bar, BigNumberView, GroupedBarsView, WaterfallView


def display_text(text: object) -> str:
    """``text`` as shown: a space before « % » (« 5–95 % », typed so in data files and
    the catalogue) becomes a narrow no-break space, so the sign never starts a line."""
    return str(text).replace(" %", NNBSP + "%")


def e(text: object, quote: bool = True) -> str:
    """``text`` as shown (:func:`display_text`), escaped for HTML."""
    return html.escape(display_text(text), quote=quote)


#: SVG attribute that keeps a line's width whatever the stretch of its ``viewBox``.
SVG_LINE = 'vector-effect="non-scaling-stroke"'


def svg_points(points) -> str:
    """``[(x, y), …]`` as the ``points`` attribute of an SVG polyline or polygon."""
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in points)


REDUCTION_COLOUR = "#007A5A"
INCREASE_COLOUR = "#C44E00"


def heading(text: str, level: int = 3) -> str:
    """A section title."""
    return f'<h{level} class="atelier-h">{e(text)}</h{level}>'


def paragraph(text: str, css: str = "atelier-note") -> str:
    """A paragraph of plain text (escaped)."""
    return f'<p class="{css}">{e(text)}</p>' if text else ""


def swatch(colour: str, kind: str = "box") -> str:
    """A colour sample for a legend (``box``, ``line``, ``thin``, ``dash``, ``dots``, ``band``)."""
    return f'<span class="atelier-swatch atelier-swatch-{kind}" style="--c:{e(colour)}"></span>'


def details_list(summary: str, items: Sequence[str]) -> str:
    """A folded list: ``summary`` shown, ``items`` on a tap (readable on a phone), or ``""``."""
    if not summary:
        return ""
    rows = "".join(f"<li>{e(i)}</li>" for i in items)
    return (f'<details class="atelier-details"><summary>{e(summary)}</summary>'
            f"<ul>{rows}</ul></details>")


def figures(title: str, note: str, groups) -> str:
    """The territory's own figures: groups of label, value, year and source, then the note."""
    if not groups:
        return ""
    body = []
    for group in groups:
        rows = "".join(
            f'<li><span class="atelier-figure-label">{e(r.label)}</span> '
            f'<b class="atelier-figure-value">{e(r.value)}</b>'
            f'<div class="atelier-figure-source">{e(r.year)} · {e(r.source)}</div></li>'
            for r in group.rows)
        body.append(f'<div class="atelier-figure-group">{heading(group.title, 4)}'
                    f'<ul class="atelier-figures">{rows}</ul></div>')
    return (f'<div class="atelier-chart" data-testid="territory-figures">{heading(title)}'
            f'{paragraph(note)}{"".join(body)}</div>')


def legend(entries: Sequence[tuple[str, str, str]]) -> str:
    """A wrapping legend: ``(colour, kind, label)`` per entry (see :func:`swatch`)."""
    items = "".join(f'<span class="atelier-legend-item">{swatch(c, k)}{e(label)}</span>'
                    for c, k, label in entries)
    return f'<div class="atelier-legend">{items}</div>'


def _pct(value: float, top: float) -> float:
    return 0.0 if top <= 0 else max(0.0, min(100.0, 100.0 * value / top))


def hbars(bars: Sequence[Bar], title: str = "", testid: str = "") -> str:
    """Horizontal bars, one per :class:`Bar`: label and value above a proportional bar."""
    top = max((b.value_kg for b in bars), default=0.0)
    rows = "".join(
        f'<div class="atelier-bar-row"><div class="atelier-bar-label">{e(b.label)}'
        f'<b class="atelier-bar-value">{e(b.text)}</b></div>'
        f'<div class="atelier-bar-track"><div class="atelier-bar" '
        f'style="width:{_pct(b.value_kg, top):.2f}%;background:{e(b.colour)}"></div></div></div>'
        for b in bars)
    attr = f' data-testid="{e(testid)}"' if testid else ""
    return f'<div class="atelier-chart"{attr}>{heading(title) if title else ""}{rows}</div>'


def paired_bars(view: GroupedBarsView) -> str:
    """One group of bars per label, one bar per series (e.g. today and 2050 by sector)."""
    top = max((v for series in view.values_kg for v in series), default=0.0)
    groups = []
    for j, label in enumerate(view.labels):
        # the value beside its bar, never over it (black on a dark bar cannot be read)
        bars = "".join(
            f'<div class="atelier-bar-pair"><div class="atelier-bar-track"><div class="atelier-bar" '
            f'style="width:{_pct(view.values_kg[i][j], top):.2f}%;background:{e(colour)}"></div>'
            f'</div><span class="atelier-bar-inline">{e(view.value_texts[i][j])}</span></div>'
            for i, colour in enumerate(view.colours))
        groups.append(f'<div class="atelier-bar-row"><div class="atelier-bar-label">{e(label)}'
                      f"</div>{bars}</div>")
    keys = legend([(c, "box", s) for c, s in zip(view.colours, view.series, strict=True)])
    return (f'<div class="atelier-chart">{heading(view.title)}{"".join(groups)}{keys}</div>')


#: Width a column of a stacked chart needs [em of the chart's text]: its label (« Tendanciel »
#: at 0.9 em) and the gap. A chart narrower than its columns need draws them as rows.
COLUMN_EM = 6.0
#: Steps of the width [em] under which a stacked chart turns into rows (see theme.CSS).
FIT_STEP_EM, FIT_MAX_EM = 6, 72


def _fit_class(labels: Sequence[str]) -> str:
    """``atelier-fit-<em>``: the chart draws rows below that width (``theme.CSS``)."""
    need = 0.0
    for label in labels:
        longest = max((len(word) for word in label.split()), default=0)
        # a label at 0.9 em in DejaVu Sans: about 0.53 em of the chart a letter; the gap
        need += max(COLUMN_EM, 0.54 * longest + 0.4)
    step = FIT_STEP_EM * -(-need // FIT_STEP_EM)
    return f"atelier-fit-{int(min(max(step, FIT_STEP_EM), FIT_MAX_EM))}"


def stacked_columns(view: GroupedBarsView, notes: Sequence[str] = ()) -> str:
    """Stacked columns (one per label, one segment per series), with the target.

    The tallest column or the target fills the plot height; each column carries its total.
    Sizes are CSS variables (``--size`` of a column or a segment, ``--at`` the target's
    fraction): on a screen too narrow for the columns and their labels, the stylesheet
    draws the same chart as horizontal rows (label, bar, total) so no label is cut.
    """
    totals = [sum(series[j] for series in view.values_kg) for j in range(len(view.labels))]
    top = max([*totals, view.target_kg or 0.0, 1.0])
    columns = []
    for j, label in enumerate(view.labels):
        segments = "".join(
            f'<div class="atelier-seg" style="--size:{_pct(view.values_kg[i][j], totals[j]):.2f}%;'
            f'background:{e(colour)}" title="{e(view.series[i])}"></div>'
            for i, colour in reversed(list(enumerate(view.colours))))
        total = breakable_unit(view.total_texts[j])
        columns.append(
            f'<div class="atelier-col-bar"><div class="atelier-col-total">{total}</div>'
            f'<div class="atelier-col-stack" style="--size:{_pct(totals[j], top):.2f}%">'
            f'{segments}</div><div class="atelier-col-label">{e(label)}</div></div>')
    target = ""
    if view.target_kg is not None:
        target = (f'<div class="atelier-target" style="--at:{_pct(view.target_kg, top) / 100:.4f}">'
                  f"<span>{e(view.target_label)}</span></div>")
    keys = legend([(c, "box", s) for c, s in zip(view.colours, view.series, strict=True)]
                  + [("#000000", "dash", view.target_label)])
    note = "".join(paragraph(n) for n in notes)
    return (f'<div class="atelier-chart atelier-stacked {_fit_class(view.labels)}">'
            f'{heading(view.title)}<div class="atelier-columns">'
            f'{target}{"".join(columns)}</div>{keys}{note}</div>')


def waterfall(view: WaterfallView) -> str:
    """From « sans levier » to the 2050 total: one row per lever's share of the change."""
    levels = [view.start_kg]
    for step in view.steps_kg:
        levels.append(levels[-1] + step)
    top = max(levels) if levels else 1.0
    rows = [(view.start_label, 0.0, view.start_kg, "#595959", view.start_text)]
    for label, step, before, text in zip(view.labels, view.steps_kg, levels, view.step_texts,
                                         strict=False):
        low = min(before, before + step)
        colour = REDUCTION_COLOUR if step < 0 else INCREASE_COLOUR
        rows.append((label, low, abs(step), colour, text))
    rows.append((view.end_label, 0.0, levels[-1], "#0072B2", view.end_text))
    body = "".join(
        f'<div class="atelier-bar-row"><div class="atelier-bar-label">{e(label)}'
        f'<b class="atelier-bar-value">{e(text)}</b></div><div class="atelier-bar-track">'
        f'<div class="atelier-bar" style="margin-left:{_pct(offset, top):.2f}%;width:'
        f'{max(_pct(length, top), 0.4):.2f}%;background:{e(colour)}"></div></div></div>'
        for label, offset, length, colour, text in rows)
    return (f'<div class="atelier-chart" data-testid="waterfall">{heading(view.title)}{body}'
            f"{paragraph(view.note)}</div>")


def breakable_unit(text: str) -> str:
    """``text`` escaped, free to go to a new line before its last word (« CO₂e ») when its
    box is too narrow; the text itself (``innerText``) is unchanged."""
    head, space, last = text.rpartition("\xa0")
    return f"{e(head)}\xa0<wbr>{e(last)}" if space else e(text)


def big_number(view: BigNumberView) -> str:
    """The big 2050 number block."""
    colour = REDUCTION_COLOUR if view.reached else INCREASE_COLOUR
    return (
        f'<div class="atelier-big"><div class="place">{e(view.place)}</div>'
        f'<div class="big" data-testid="total-2050">{breakable_unit(view.total)}</div>'
        f'<div class="sub">{e(view.per_person)}</div>'
        f'<div class="pct">{e(view.change)}</div><div class="sub">{e(view.versus)}</div>'
        f'<div class="sub">{e(view.target)}</div>'
        f'<div class="sub gap" style="color:{colour}">{e(view.gap)}</div></div>'
    )


def code_box(label: str, code: str, copy_label: str, copied_label: str) -> str:
    """A code with a copy button (the page template copies ``data-atelier-copy`` on click)."""
    return (f'<span class="atelier-code-box"><span class="atelier-code-label">{e(label)}'
            f'</span> <span class="atelier-code">{e(code)}</span> '
            f'<button class="atelier-copy" type="button" data-atelier-copy="{e(code)}" '
            f'data-copied="{e(copied_label)}">{e(copy_label)}</button></span>')


def qr_svg(text: str, scale: int = 4) -> str:
    """A QR code of ``text`` as inline SVG (drawn here, nothing fetched)."""
    import segno

    svg = segno.make(text, error="m").svg_inline(scale=scale, border=2)
    return f'<div class="atelier-qr">{svg}</div>'
