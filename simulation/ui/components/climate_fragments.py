"""HTML and SVG fragments of the climate screens, drawn by us (no library, nothing fetched).

Charts are inline SVG in a ``viewBox`` of 0–100 on both axes, stretched to their box
(``preserveAspectRatio="none"``, lines of constant width), with every text in HTML around
or over them: the type keeps the dashboard's size from a 390 px phone to a projector, and
the plot reflows with its column. Coordinates come ready from the view
(:mod:`simulation.ui.viewmodel_climate`); every text is escaped here.
"""

from __future__ import annotations

from simulation.texts import t
from simulation.ui.components.fragments import (
    SVG_LINE,
    e,
    heading,
    legend,
    paragraph,
    svg_points,
)
from simulation.ui.narrative import story_html


def _tick_x(tick) -> str:
    shift = "0" if tick.at <= 0 else ("-100%" if tick.at >= 100 else "-50%")
    return (f'<span class="atelier-tick-x" style="left:{tick.at:.2f}%;'
            f'transform:translateX({shift})">{e(tick.label)}</span>')


def _tick_y(tick) -> str:
    return (f'<span class="atelier-tick-y" style="top:{tick.at:.2f}%">{e(tick.label)}</span>')


def _svg(body: str) -> str:
    return (f'<svg class="atelier-svg" viewBox="0 0 100 100" preserveAspectRatio="none" '
            f'aria-hidden="true">{body}</svg>')


# --------------------------------------------------------------------------- acceleration
def acceleration_panel(panel, view) -> str:
    """One curve: its letter, its name once revealed, the line, the years, the numbers."""
    # the name goes under the curve, so the curves of a row stay aligned once revealed
    head = (f'<div class="atelier-accel-head"><span class="atelier-accel-letter">'
            f"{e(panel.letter)}</span>{'' if panel.title else ' <b>?</b>'}</div>")
    name = ""
    if panel.title:
        name = (f'<div class="atelier-accel-name"><b>{e(panel.title)}</b>'
                + (f' <span class="atelier-accel-unit">{e(panel.unit)}</span>' if panel.unit
                   else "") + "</div>")
    marker = view.marker
    lines = "".join(
        f'<polyline points="{svg_points(seg)}" fill="none" stroke="#0072B2" stroke-width="3" '
        f'stroke-linejoin="round" {SVG_LINE}/>' for seg in panel.lines)
    body = (f'<line x1="{marker.at:.2f}" y1="0" x2="{marker.at:.2f}" y2="100" '
            f'class="atelier-svg-marker" {SVG_LINE}/>'
            f'<line x1="0" y1="100" x2="100" y2="100" class="atelier-svg-axis" {SVG_LINE}/>{lines}')
    plot = (f'<div class="atelier-plot atelier-plot-small">{_svg(body)}'
            + "".join(_tick_x(tk) for tk in view.x_ticks) + "</div>")
    numbers = ""
    if panel.first:
        numbers = (f'<div class="atelier-accel-values">{e(panel.first)} → {e(panel.last)}</div>'
                   + (f'<div class="atelier-accel-change">{e(panel.change)}</div>'
                      if panel.change else ""))
    mark = ""
    if panel.mark:
        css = "atelier-card-ok" if panel.right else "atelier-card-rank"
        said = f" ({e(panel.guess_label)})" if panel.guess_label and not panel.right else ""
        mark = f'<div class="{css}">{e(panel.mark)}{said}</div>'
    return f'<div class="atelier-accel-card atelier-chart" data-testid="panel-{e(panel.letter)}">' \
           f"{head}{plot}{name}{numbers}{mark}</div>"


def acceleration_footer(view, lang: str = "fr") -> str:
    """Score and sources, once revealed."""
    if not view.revealed:
        return ""
    return (f'<div class="atelier-score" data-testid="acceleration-score">{e(view.score)}</div>'
            + sources_line(view.sources, lang))


def sources_line(sources, lang: str = "fr") -> str:
    """« Sources : a ; b » in small type (nothing when there is no source)."""
    if not sources:
        return ""
    label = t("climate.sources", lang)
    return f'<p class="atelier-sources">{e(label)} {e(" ; ".join(sources))}</p>'


# --------------------------------------------------------------------------- boundaries
def _track(a, zones) -> str:
    if a.status == "transgressed_unquantified":
        return (f'<div class="atelier-pb-track atelier-pb-unquantified" title="{e(a.value)}">'
                "</div>")
    stops = ", ".join(f"{c} {i * 100 / 3:.2f}% {(i + 1) * 100 / 3:.2f}%"
                      for i, (c, _l) in enumerate(zones))
    bar = ""
    if a.width is not None:
        arrow = '<span class="atelier-pb-more">▶</span>' if a.at_least else ""
        bar = (f'<div class="atelier-pb-bar" style="width:{a.width:.2f}%;background:'
               f'{e(a.colour)}"></div>{arrow}')
    return (f'<div class="atelier-pb-track" style="background:linear-gradient(to right, '
            f'{stops})">{bar}</div>')


def boundaries_head(view) -> str:
    """Title, what the boundaries are, the question (or how to read the bars), the count."""
    keys = legend([(c, "box", label) for c, label in view.legend]) if view.revealed else ""
    counts = (f'<div class="atelier-score" data-testid="boundaries-count">{e(view.counts)}</div>'
              if view.counts else "")
    return (f"{heading(view.title)}{paragraph(view.intro, 'atelier-public-p')}"
            f"{paragraph(view.hint, 'atelier-public-p')}{counts}{keys}")


def boundaries_html(view, lang: str = "fr") -> str:
    """The nine processes, each with its meaning and, once revealed, its bars."""
    cards = []
    for p in view.processes:
        dot = (f'<span class="atelier-pb-dot" style="background:{e(p.colour)}"></span>'
               if p.colour else "")
        status = (f' <span class="atelier-pb-status" style="color:{e(p.colour)}">'
                  f"{e(p.status_label)}</span>" if p.status_label else "")
        rows = []
        if view.revealed:
            for v in p.variables:
                rows.append(f'<div class="atelier-pb-var">{e(v.label)}'
                            f'<span class="atelier-pb-thresholds">{e(v.thresholds)}</span></div>')
                for a in v.assessments:
                    rows.append(
                        f'<div class="atelier-pb-row"><span class="atelier-pb-year">{a.year}'
                        f"</span>{_track(a, view.zones)}<span class=\"atelier-pb-value\">"
                        f"{e(a.value)}</span></div>")
                rows += [paragraph(n, "atelier-pb-note") for n in v.notes]
        cards.append(f'<div class="atelier-pb-card" data-testid="process-{e(p.id)}">'
                     f'<div class="atelier-pb-head">{dot}<b>{e(p.label)}</b>{status}</div>'
                     f'<div class="atelier-pb-meaning">{e(p.meaning)}</div>{"".join(rows)}'
                     "</div>")
    return (f'<div class="atelier-chart"><div class="atelier-pb-grid">{"".join(cards)}</div>'
            f'{paragraph(view.caveat, "atelier-caveat-text") if view.revealed else ""}'
            f"{sources_line(view.sources, lang)}</div>")


# --------------------------------------------------------------------------- scenarios
def scenarios_chart(view) -> str:
    """Warming by SSP: a band and a line each, the TRACC world levels as diamonds."""
    bands = "".join(
        f'<polygon points="{svg_points(ln.band)}" fill="{e(ln.colour)}" '
        f'fill-opacity="{0.28 if ln.highlighted else 0.10}" stroke="none"/>'
        for ln in view.lines)
    lines = "".join(
        f'<polyline points="{svg_points(ln.points)}" fill="none" stroke="{e(ln.colour)}" '
        f'stroke-width="{5 if ln.highlighted else 2.5}" stroke-linejoin="round" {SVG_LINE}/>'
        for ln in sorted(view.lines, key=lambda ln: ln.highlighted))
    grid = "".join(f'<line x1="0" y1="{tk.at:.2f}" x2="100" y2="{tk.at:.2f}" '
                   f'class="atelier-svg-grid" {SVG_LINE}/>' for tk in view.y_ticks)
    # centred on its point, except at the last year: drawn just inside the plot there
    markers = "".join(
        f'<span class="atelier-marker" style="left:{m.x:.2f}%;top:{m.y:.2f}%'
        + (';transform:translate(-100%,-50%)' if m.x >= 99.5 else "")
        + f'" title="{e(m.label)}">◆</span>' for m in view.tracc_world)
    plot = (f'<div class="atelier-plot atelier-plot-wide" data-testid="scenarios-chart">'
            f"{_svg(grid + bands + lines)}{markers}"
            + "".join(_tick_x(tk) for tk in view.x_ticks)
            + "".join(_tick_y(tk) for tk in view.y_ticks) + "</div>")
    keys = legend([(ln.colour, "line", f"{ln.name} ({ln.label})") for ln in view.lines]
                  + [("#000000", "diamond", view.tracc_label)])
    return f'<div class="atelier-chart">{heading(view.chart_title)}{plot}{keys}</div>'


def scenarios_detail(view, lang: str = "fr") -> str:
    """The highlighted scenario in words and numbers, then the TRACC levels of France."""
    rows = "".join(f'<tr><td class="atelier-nowrap">{e(r.name)}</td><td class="num">'
                   f'{e(r.value)}</td><td class="atelier-note">{e(r.meaning)}</td></tr>'
                   for r in view.detail_rows)
    france = "".join(f'<tr><td><b>{e(r.name)}</b></td><td class="num">{e(r.value)}</td>'
                     f"<td>{e(r.meaning)}</td></tr>" for r in view.tracc_france)
    return (f'<div data-testid="scenario-detail">{heading(view.detail_title)}'
            f'{paragraph(view.detail, "atelier-public-p")}'
            f'<table class="atelier-table">{rows}</table>'
            f"{heading(view.tracc_title)}<table class=\"atelier-table\">{france}</table>"
            f"{paragraph(view.note)}{sources_line(view.sources, lang)}</div>")


# --------------------------------------------------------------------------- everyone
def everyone_html(view, lang: str = "fr") -> str:
    """Each pathway as world warming on one scale; the caveat right under the group's number."""
    rows = []
    for r in view.rows:
        rows.append(
            f'<div class="atelier-everyone-row"><div class="atelier-bar-label"><b>{e(r.label)}'
            f'</b><span class="atelier-note">{e(r.footprint)}</span></div>'
            f'<div class="atelier-everyone-track">'
            f'<div class="atelier-everyone-base" style="width:{r.base:.2f}%"></div>'
            f'<div class="atelier-everyone-range" style="left:{r.low:.2f}%;width:'
            f'{max(r.high - r.low, 0.5):.2f}%;background:{e(r.colour)}"></div>'
            f'<div class="atelier-everyone-mark" style="left:{r.central:.2f}%;background:'
            f'{e(r.colour)}"></div></div>'
            f'<div class="atelier-everyone-total" data-testid="everyone-total">{e(r.total)}'
            f'</div><div class="atelier-note">{e(r.added)}</div></div>')
    caveat = f'<p class="atelier-caveat-text" data-testid="everyone-caveat">{e(view.caveat)}</p>'
    rows.insert(1, caveat)  # next to the group's number, before any other pathway
    scale = ('<div class="atelier-everyone-scale">'
             + "".join(_tick_x(tk) for tk in view.scale) + "</div>")
    assumptions = "".join(f"<li>{e(a)}</li>" for a in view.assumptions)
    return (f'<div class="atelier-chart">{heading(view.title)}'
            f'{paragraph(view.intro, "atelier-public-p")}'
            f'<div class="atelier-everyone">{scale}{"".join(rows)}'
            f'{paragraph(view.base_label)}</div>'
            f'<ul class="atelier-note">{assumptions}</ul>{sources_line(view.sources, lang)}</div>')


# --------------------------------------------------------------------------- Été 2050
def summer_rows(rows, lang: str) -> str:
    """Summer values as cards: value, period, context, reference period, source."""
    out = []
    for r in rows:
        badge = (f'<span class="atelier-badge atelier-badge-ok">{e(t("summer.this_level", lang))}'
                 "</span>" if r.matches else
                 f'<span class="atelier-badge">{e(t("summer.other_level", lang))}</span>')
        relay = (f' <span class="atelier-badge atelier-badge-warn">'
                 f'{e(t("summer.secondary", lang))}</span>' if r.secondary else "")
        out.append(
            f'<div class="atelier-summer-row" data-testid="summer-row">'
            f'<div class="atelier-bar-label"><b>{e(r.indicator)}</b>'
            f'<span>{e(r.place)}</span></div>'
            f'<div class="atelier-summer-value">{e(r.value)} '
            f'<span class="atelier-summer-period">{e(r.period)}</span></div>'
            + (f'<div class="atelier-note">{e(r.before)}</div>' if r.before else "")
            + f'<div class="atelier-note">{badge}{relay} {e(r.context)} · {e(r.range_kind)}'
            f'</div><div class="atelier-sources">{e(r.source)}</div></div>')
    return "".join(out)


def summer_values_html(view, lang: str) -> str:
    """The reference, then the local and national values, each with its note."""
    national = ""
    if view.national_rows or view.national_note:
        national = (heading(view.national_title) + paragraph(view.national_note)
                    + summer_rows(view.national_rows, lang))
    return (f'<div class="atelier-chart" data-testid="summer-values">'
            f'<div class="atelier-summer-ref"><b>{e(view.reference_title)}</b>'
            f'<div>{e(view.reference_text)}</div>'
            f'<div class="atelier-sources">{e(view.reference_source)}</div></div>'
            f"{heading(view.local_title)}"
            f'<p class="atelier-caveat-text" data-testid="summer-local-note">'
            f"{e(view.local_note)}</p>{summer_rows(view.local_rows, lang)}{national}</div>")


def summer_story_html(view) -> str:
    """« Une journée d'été 2050 à Montpellier », the levers note, the actions to discuss."""
    story = view.story
    actions = "".join(
        f'<li><b>{e(a.label)}</b> : {e(a.description)} <span class="atelier-note">'
        f'({e(a.where)})</span><div class="atelier-sources">{e(a.source)}</div></li>'
        for a in view.actions)
    return (f'<div data-testid="summer-story">{heading(story.title)}'
            f'{story_html(story, "atelier-narrative atelier-summer-story")}'
            f"{paragraph(view.levers_note)}{heading(view.actions_title)}"
            f'<ul class="atelier-actions">{actions}</ul></div>')


__all__ = ["acceleration_footer", "acceleration_panel", "boundaries_head", "boundaries_html",
           "everyone_html", "scenarios_chart", "scenarios_detail", "sources_line",
           "summer_story_html", "summer_values_html"]
