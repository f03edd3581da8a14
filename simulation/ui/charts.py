"""The live pathway chart (bqplot): created once, then only its data is updated.

bqplot draws in the browser, so a lever change sends a few arrays over the websocket instead
of a new image (measured in ``docs/performance.md``). Bar charts are plain HTML (see
:mod:`simulation.ui.components.html`): they reflow on any screen and keep French
typography. Nothing in this module computes emissions.
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np
from bqplot import Axis, Figure, LinearScale, Lines

from simulation.ui.theme import GREY, MARGIN, TARGET

FONT = {"font-size": "18px"}


def _figure(marks, axes, height: int, title: str, margin=None) -> Figure:
    return Figure(
        marks=marks,
        axes=axes,
        title=title,
        title_style={"font-size": "20px", "font-weight": "bold"},
        fig_margin=margin or dict(MARGIN),
        layout=w.Layout(width="100%", min_width="260px", height=f"{height}px"),
        background_style={"fill": "white"},
        animation_duration=0,
        padding_y=0.05,
    )


def _axis(scale, label: str = "", orientation: str = "horizontal", **kw) -> Axis:
    if isinstance(scale, LinearScale):
        kw.setdefault("tick_format", "d")
    return Axis(
        scale=scale,
        label=label,
        side="left" if orientation == "vertical" else "bottom",
        tick_style=FONT,
        grid_color="#DDDDDD",
        label_offset="45px" if orientation == "vertical" else "36px",
        **kw,
    )


def scale_to_unit(top_kg: float) -> tuple[float, int]:
    """Return ``(divisor, unit_index)``: tonnes (1000, 0) from 2 t up, else kg (1, 1).

    Axes then always carry whole numbers, so no decimal separator is shown (bqplot's d3
    formats know only the decimal point; French text uses the comma).
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


def _set_value_axis(scale, axis, top: float, low: float = 0.0) -> None:
    ticks = integer_ticks(top)
    start = max(t for t in ticks if t <= max(low, 0.0))
    ticks = [t for t in ticks if t >= start]
    scale.min = float(ticks[0])
    scale.max = float(ticks[-1])
    axis.tick_values = ticks


class TrajectoryChart:
    """Total per inhabitant 2023–2050: our pathway, its band, the two reference pathways
    (« Sans levier » dotted, « Tendanciel » thin), the target.

    The figure takes the width of its column (from a phone to a projector); its height is
    fixed. The legend is HTML under the chart (see the levers component), so it wraps.

    Parameters
    ----------
    colour : str
        Colour of our pathway and its band.
    """

    def __init__(self, colour: str, height: int = 280, trend_colour: str = GREY) -> None:
        self.x = LinearScale()
        self.y = LinearScale(min=0.0, max=1.0)
        sc = {"x": self.x, "y": self.y}
        self.band = Lines(
            x=[0.0, 1.0], y=[[0.0, 0.0], [0.0, 0.0]], scales=sc, fill="between",
            fill_colors=[colour], fill_opacities=[0.25], colors=[colour], opacities=[0.0, 0.0],
            stroke_width=0,
        )
        self.no_lever = Lines(x=[0.0, 1.0], y=[0.0, 0.0], scales=sc, colors=[GREY],
                              stroke_width=3, line_style="dotted")
        self.trend = Lines(x=[0.0, 1.0], y=[0.0, 0.0], scales=sc, colors=[trend_colour],
                           stroke_width=2)
        self.line = Lines(x=[0.0, 1.0], y=[0.0, 0.0], scales=sc, colors=[colour],
                          stroke_width=4)
        self.target = Lines(
            x=[0.0, 1.0], y=[0.0, 0.0], scales=sc, colors=[TARGET], stroke_width=3,
            line_style="dashed",
        )
        self.x_axis = _axis(self.x, tick_values=[2025, 2030, 2035, 2040, 2045, 2050])
        self.value_axis = _axis(self.y, orientation="vertical")
        self.figure = _figure(
            [self.band, self.no_lever, self.trend, self.line, self.target],
            [self.x_axis, self.value_axis],
            height, "", {"top": 40, "bottom": 40, "left": 70, "right": 20},
        )
        self.figure.add_class("atelier-trajectory")

    def update(self, title: str, years, total_kg, low_kg, high_kg, no_lever_kg,
               target_kg: float, units, trend_kg=None) -> None:
        """Show a pathway [kgCO2e/person/yr] for ``years`` (``units``: tonnes, kilograms).

        ``no_lever_kg`` and ``trend_kg`` are the two reference pathways (« Sans levier »,
        « Tendanciel »); without ``trend_kg`` the trend line is hidden.
        """
        years = np.asarray(years, dtype=float)
        trend_kg = np.asarray(trend_kg if trend_kg is not None else [], dtype=float)
        top = max(float(np.max(high_kg)), float(np.max(total_kg)), float(np.max(no_lever_kg)),
                  float(np.max(trend_kg)) if trend_kg.size else 0.0, target_kg)
        d, unit = scale_to_unit(top)
        with self.band.hold_sync(), self.line.hold_sync(), self.target.hold_sync(), \
                self.no_lever.hold_sync(), self.trend.hold_sync():
            self.band.x = years
            self.band.y = np.vstack([np.asarray(low_kg) / d, np.asarray(high_kg) / d])
            self.line.x = years
            self.line.y = np.asarray(total_kg, dtype=float) / d
            self.no_lever.x = years
            self.no_lever.y = np.asarray(no_lever_kg, dtype=float) / d
            shown = trend_kg if trend_kg.size else np.asarray(no_lever_kg, dtype=float)
            self.trend.x = years
            self.trend.y = shown / d
            self.trend.visible = bool(trend_kg.size)
            self.target.x = [years[0], years[-1]]
            self.target.y = [target_kg / d, target_kg / d]
        if self.figure.title != title:
            self.figure.title = title
        label = units.tonnes if unit == 0 else units.kilograms
        if self.value_axis.label != label:
            self.value_axis.label = label
        _set_value_axis(self.y, self.value_axis, top / d)
