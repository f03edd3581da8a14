"""The live pathway chart: inline SVG drawn by us, its texts in HTML.

The chart is drawn like the climate screens' charts
(:mod:`simulation.ui.components.climate_fragments`): an SVG in a ``viewBox`` of 0–100 on
both axes, stretched to its box (``preserveAspectRatio="none"``, lines of constant width),
with the title, the unit and the ticks in HTML around it, so the type keeps the dashboard's
size from a phone to a projector and the numbers keep French typography (« 1 000 », « 2,5 »).
A lever change sends one HTML string of about 4 KB over the websocket, and only when it
changed. No plotting library is imported by the dashboard's kernel (bqplot pulled in
pandas: near 40 MB per kernel). Nothing in this module computes emissions.
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np

from simulation.formatting import format_value
from simulation.ui.components.fragments import SVG_LINE, e, svg_points
from simulation.ui.theme import GREY, TARGET

#: Years labelled on the time axis.
X_TICKS = (2025, 2030, 2035, 2040, 2045, 2050)
#: Width of one character of a value tick [em of the chart's type], for the left margin.
TICK_CHAR_EM = 0.6
#: Room right of the plot for half of the last year's label, centred on its tick [em].
RIGHT_EM = 1.4


def scale_to_unit(top_kg: float) -> tuple[float, int]:
    """Return ``(divisor, unit_index)``: tonnes (1000, 0) from 2 t up, else kg (1, 1).

    Axes then always carry a few whole numbers (« 0 2 4 6 8 10 » t, « 0 200 … 1 000 » kg).
    """
    return (1000.0, 0) if top_kg >= 2000.0 else (1.0, 1)


def integer_ticks(top: float, max_ticks: int = 6) -> list[int]:
    """Return whole-number ticks from 0 covering ``top`` (at most ``max_ticks``)."""
    if not np.isfinite(top) or top <= 0:
        return [0, 1]
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        n = int(np.ceil(top / step))
        if n + 1 <= max_ticks:
            return [step * i for i in range(n + 1)]
    step = 10 ** int(np.ceil(np.log10(top)))
    return [0, step]


def tick_label(value: float, lang: str = "fr") -> str:
    """A value tick in the reader's typography: ``1000`` → « 1 000 », ``2.5`` → « 2,5 »."""
    return format_value(float(value), lang)


def _pct(value, low: float, high: float) -> np.ndarray:
    """Positions of ``value`` between ``low`` and ``high`` [0–100], clipped to the box."""
    value = np.asarray(value, dtype=float)
    if high == low:
        return np.zeros_like(value)
    return np.clip(100.0 * (value - low) / (high - low), 0.0, 100.0)


def _points(xs, ys) -> str:
    return svg_points(zip(xs, ys, strict=True))


def _polyline(css: str, xs, ys, colour: str) -> str:
    return (f'<polyline class="{css}" points="{_points(xs, ys)}" fill="none" '
            f'stroke="{e(colour)}" stroke-linejoin="round" {SVG_LINE}/>')


def trajectory_html(title: str, years, total_kg, low_kg, high_kg, no_lever_kg,
                    target_kg: float, units, trend_kg=None, colour: str = "#0072B2",
                    trend_colour: str = GREY, height_em: float = 13.0) -> str:
    """The pathway chart as one HTML string (SVG plot, HTML title, unit and ticks).

    Parameters
    ----------
    title : str
        Shown above the chart (escaped here).
    years : array_like
        Years of the pathways. [yr]
    total_kg, low_kg, high_kg : array_like
        Our pathway and its uncertainty band, per year. [kgCO2e/person/yr]
    no_lever_kg : array_like
        « Sans levier », drawn dotted grey. [kgCO2e/person/yr]
    target_kg : float
        The 2050 target, a dashed line across the chart. [kgCO2e/person/yr]
    units : Units
        Axis units (:class:`simulation.ui.viewmodel.Units`): tonnes or kilograms are
        chosen here (:func:`scale_to_unit`); its ``lang`` gives the ticks' typography.
    trend_kg : array_like, optional
        « Tendanciel », a thin line; not drawn when ``None`` or empty. [kgCO2e/person/yr]
    colour, trend_colour : str
        Colours of our pathway (and its band) and of the trend.
    height_em : float
        Height of the plot area [em of the dashboard's type: it grows on a projector].

    Returns
    -------
    str
        ``<div class="atelier-trajectory-chart" data-testid="trajectory">…</div>``; the
        pathway is the ``polyline.atelier-trajectory-line``.
    """
    years = np.asarray(years, dtype=float)
    series = {name: np.asarray(v, dtype=float) for name, v in (
        ("total", total_kg), ("low", low_kg), ("high", high_kg), ("no_lever", no_lever_kg))}
    trend = np.asarray(trend_kg if trend_kg is not None else [], dtype=float)
    top_kg = max(float(np.max(series["high"])), float(np.max(series["total"])),
                 float(np.max(series["no_lever"])),
                 float(np.max(trend)) if trend.size else 0.0, float(target_kg))
    divisor, unit = scale_to_unit(top_kg)
    ticks = integer_ticks(top_kg / divisor)
    y_max = float(ticks[-1]) * divisor
    first, last = float(years[0]), float(years[-1])
    xs = _pct(years, first, last)

    def ys(values_kg) -> np.ndarray:
        return 100.0 - _pct(values_kg, 0.0, y_max)

    lang = units.lang
    grid = "".join(f'<line x1="0" y1="{y:.2f}" x2="100" y2="{y:.2f}" class="atelier-svg-grid" '
                   f'{SVG_LINE}/>' for y in ys(np.asarray(ticks, dtype=float) * divisor)[1:])
    band = (f'<polygon class="atelier-trajectory-band" points="'
            f'{_points(np.r_[xs, xs[::-1]], np.r_[ys(series["low"]), ys(series["high"])[::-1]])}'
            f'" fill="{e(colour)}" fill-opacity="0.25" stroke="none"/>')
    no_lever = _polyline("atelier-trajectory-nolever", xs, ys(series["no_lever"]), GREY)
    shown_trend = (_polyline("atelier-trajectory-trend", xs, ys(trend), trend_colour)
                   if trend.size else "")
    target_y = float(ys([target_kg])[0])
    target = (f'<line class="atelier-trajectory-target" x1="0" y1="{target_y:.2f}" x2="100" '
              f'y2="{target_y:.2f}" stroke="{TARGET}" {SVG_LINE}/>')
    line = _polyline("atelier-trajectory-line", xs, ys(series["total"]), colour)
    axis = f'<line x1="0" y1="100" x2="100" y2="100" class="atelier-svg-axis" {SVG_LINE}/>'
    svg = (f'<svg class="atelier-svg" viewBox="0 0 100 100" preserveAspectRatio="none" '
           f'aria-hidden="true">{grid}{band}{no_lever}{shown_trend}{line}{target}{axis}</svg>')

    # the years sit in their own row, as wide as the plot plus the room on its right, so the
    # last label (centred on 2050) stays inside a box: nothing sticks out of the column
    x_ticks = []
    for year in X_TICKS:
        if first <= year <= last:
            at = float(_pct(year, first, last))
            shift = "0" if at <= 0 else "-50%"
            x_ticks.append(f'<span class="atelier-tick-x" style="left:calc((100% - '
                           f'{RIGHT_EM}em) * {at / 100:.4f});transform:translateX({shift})">'
                           f"{year}</span>")
    labels = [tick_label(tk, lang) for tk in ticks]
    y_ticks = "".join(f'<span class="atelier-tick-y" style="top:{y:.2f}%">{e(label)}</span>'
                      for y, label in zip(ys(np.asarray(ticks, dtype=float) * divisor), labels,
                                          strict=True))
    margin = TICK_CHAR_EM * max(len(label) for label in labels) + 0.5
    unit_text = units.tonnes if unit == 0 else units.kilograms
    return (f'<div class="atelier-trajectory-chart" data-testid="trajectory">'
            f'<h3 class="atelier-h">{e(title)}</h3>'
            f'<div class="atelier-trajectory-unit" style="margin-left:{margin:.1f}em">'
            f"{e(unit_text)}</div>"
            f'<div class="atelier-plot atelier-trajectory-plot" style="height:{height_em:.1f}em;'
            f'margin-left:{margin:.1f}em;width:calc(100% - {margin + RIGHT_EM:.1f}em)">'
            f"{svg}{y_ticks}</div>"
            f'<div class="atelier-trajectory-years" style="margin-left:{margin:.1f}em;'
            f'width:calc(100% - {margin:.1f}em)">{"".join(x_ticks)}</div></div>')


class TrajectoryChart:
    """Total per inhabitant 2023–2050: our pathway, its band, the two reference pathways
    (« Sans levier » dotted, « Tendanciel » thin), the target.

    The chart takes the width of its column (from a phone to a projector); its height is
    in em, so it grows with the type. The legend is HTML under the chart (see the levers
    component), so it wraps.

    Parameters
    ----------
    colour : str
        Colour of our pathway and its band.
    height : int
        Height of the plot area [px] with the phone's 16 px type; it grows with the type.
    trend_colour : str
        Colour of « Tendanciel ».
    """

    def __init__(self, colour: str, height: int = 208, trend_colour: str = GREY) -> None:
        self.colour = colour
        self.trend_colour = trend_colour
        self.height_em = height / 16.0
        #: The widget placed in the layout.
        self.figure = w.HTML()
        self.figure.add_class("atelier-trajectory-box")

    @property
    def html(self) -> str:
        """The chart's current HTML (see :func:`trajectory_html`)."""
        return self.figure.value

    def update(self, title: str, years, total_kg, low_kg, high_kg, no_lever_kg,
               target_kg: float, units, trend_kg=None) -> None:
        """Show a pathway [kgCO2e/person/yr] for ``years`` (``units``: tonnes, kilograms).

        ``no_lever_kg`` and ``trend_kg`` are the two reference pathways (« Sans levier »,
        « Tendanciel »); without ``trend_kg`` the trend line is hidden. The widget's value
        is only sent when the drawing changed.
        """
        value = trajectory_html(title, years, total_kg, low_kg, high_kg, no_lever_kg,
                                target_kg, units, trend_kg, colour=self.colour,
                                trend_colour=self.trend_colour, height_em=self.height_em)
        if self.figure.value != value:
            self.figure.value = value
