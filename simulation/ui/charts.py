"""The live charts (bqplot): created once, then only their data is updated.

bqplot draws in the browser, so a lever change sends a few arrays over the websocket instead
of a new image (measured in ``docs/performance.md``). Every chart here is a small class
that builds its figure in ``__init__`` and exposes an ``update(...)`` method taking plain
floats/arrays; nothing in this module computes emissions.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w
import numpy as np
from bqplot import Axis, Bars, Figure, LinearScale, Lines, OrdinalScale

from simulation.ui.theme import GREY, INCREASE, MARGIN, REDUCTION, TARGET

FONT = {"font-size": "18px"}


def _figure(marks, axes, width: int, height: int, title: str, margin=None) -> Figure:
    return Figure(
        marks=marks,
        axes=axes,
        title=title,
        title_style={"font-size": "20px", "font-weight": "bold"},
        fig_margin=margin or dict(MARGIN),
        layout=w.Layout(width=f"{width}px", height=f"{height}px"),
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


class _Chart:
    """Common part: title, value axis and its unit (t or kg, chosen from the data)."""

    units = ("t", "kg")

    def relabel(self, title: str, unit_t: str, unit_kg: str, series=None) -> None:
        """Change the texts (language switch); the unit follows the data's size."""
        self.figure.title = title
        self.units = (unit_t, unit_kg)
        self._relabel_series(series)
        self.value_axis.label = self.units[self._unit]

    def _relabel_series(self, series) -> None:
        return None

    def _scale(self, top_kg: float) -> float:
        divisor, self._unit = scale_to_unit(top_kg)
        self.value_axis.label = self.units[self._unit]
        return divisor

    _unit = 0


class TrajectoryChart(_Chart):
    """Total per inhabitant 2023–2050 with its uncertainty band and the target."""

    def __init__(self, width: int, height: int, color: str) -> None:
        self.x = LinearScale()
        self.y = LinearScale(min=0.0, max=1.0)
        sc = {"x": self.x, "y": self.y}
        self.band = Lines(
            x=[0.0, 1.0], y=[[0.0, 0.0], [0.0, 0.0]], scales=sc, fill="between",
            fill_colors=[color], fill_opacities=[0.25], colors=[color], opacities=[0.0, 0.0],
            stroke_width=0,
        )
        self.line = Lines(x=[0.0, 1.0], y=[0.0, 0.0], scales=sc, colors=[color], stroke_width=4)
        self.target = Lines(
            x=[0.0, 1.0], y=[0.0, 0.0], scales=sc, colors=[TARGET], stroke_width=3,
            line_style="dashed",
        )
        self.x_axis = _axis(self.x, tick_values=[2025, 2030, 2035, 2040, 2045, 2050])
        self.value_axis = _axis(self.y, orientation="vertical")
        self.figure = _figure(
            [self.band, self.line, self.target], [self.x_axis, self.value_axis], width, height,
            "", {"top": 40, "bottom": 40, "left": 80, "right": 25},
        )

    def update(self, years, total_kg, low_kg, high_kg, target_kg: float) -> None:
        """Show a trajectory [kgCO2e/person/yr] for ``years``."""
        years = np.asarray(years, dtype=float)
        top = max(float(np.max(high_kg)), float(np.max(total_kg)), target_kg)
        d = self._scale(top)
        with self.band.hold_sync(), self.line.hold_sync(), self.target.hold_sync():
            self.band.x = years
            self.band.y = np.vstack([np.asarray(low_kg) / d, np.asarray(high_kg) / d])
            self.line.x = years
            self.line.y = np.asarray(total_kg, dtype=float) / d
            self.target.x = [years[0], years[-1]]
            self.target.y = [target_kg / d, target_kg / d]
        _set_value_axis(self.y, self.value_axis, top / d)


class GroupedBars(_Chart):
    """Bars, one or several series (grouped or stacked), with category labels."""

    def __init__(
        self, width: int, height: int, colors: Sequence[str], stacked: bool = False,
        orientation: str = "vertical", margin=None,
    ) -> None:
        horizontal = orientation == "horizontal"
        self.x = OrdinalScale()
        self.y = LinearScale(min=0.0, max=1.0)
        self.bars = Bars(
            x=["-"], y=[[0.0]] * len(colors), scales={"x": self.x, "y": self.y},
            colors=list(colors), type="stacked" if stacked else "grouped",
            orientation=orientation, padding=0.25, stroke="white",
        )
        # the target spans the whole plot: its own 0..1 x scale, the bars' y scale
        self.target = Lines(
            x=[0.0, 1.0], y=[0.0, 0.0], scales={"x": LinearScale(min=0.0, max=1.0), "y": self.y},
            colors=[TARGET], stroke_width=3, line_style="dashed", visible=False,
        )
        self.x_axis = _axis(self.x, orientation="vertical" if horizontal else "horizontal")
        self.value_axis = _axis(self.y, orientation="horizontal" if horizontal else "vertical")
        marks = [self.bars] if horizontal else [self.bars, self.target]
        self.figure = _figure(marks, [self.x_axis, self.value_axis], width, height, "", margin)

    def update(self, labels: Sequence[str], values_kg, target_kg: float | None = None) -> None:
        """Show ``values_kg`` (series × categories) [kgCO2e/person/yr] over ``labels``."""
        values = np.atleast_2d(np.asarray(values_kg, dtype=float))
        stacked = self.bars.type == "stacked"
        top = float(values.sum(axis=0).max() if stacked else values.max())
        if target_kg is not None:
            top = max(top, target_kg)
        d = self._scale(top)
        # an explicit domain drops stale categories; a vertical ordinal axis draws its
        # first category at the bottom, so horizontal charts list them reversed
        self.x.domain = list(labels)[::-1] if self.bars.orientation == "horizontal" else list(
            labels)
        with self.bars.hold_sync():
            self.bars.x = list(labels)
            self.bars.y = values / d
        if target_kg is not None and self.target in self.figure.marks:
            with self.target.hold_sync():
                self.target.y = [target_kg / d, target_kg / d]
                self.target.visible = True
        _set_value_axis(self.y, self.value_axis, top / d)

    def _relabel_series(self, series) -> None:
        if series is not None:
            self.bars.labels = list(series)


class HorizontalBars(_Chart):
    """Horizontal bars with one colour per bar."""

    def __init__(self, width: int, height: int, margin=None) -> None:
        self.y = OrdinalScale()
        self.x = LinearScale(min=0.0, max=1.0)
        self.bars = Bars(
            x=["-"], y=[0.0], scales={"x": self.y, "y": self.x}, orientation="horizontal",
            colors=[GREY], padding=0.2,
        )
        self.label_axis = _axis(self.y, orientation="vertical")
        self.value_axis = _axis(self.x)
        self.figure = _figure(
            [self.bars], [self.value_axis, self.label_axis], width, height, "",
            margin or {"top": 40, "bottom": 50, "left": 300, "right": 30},
        )

    def update(self, labels: Sequence[str], values_kg, colors: Sequence[str]) -> None:
        """Show one bar per label [kgCO2e/person/yr], coloured with ``colors``."""
        values = np.asarray(values_kg, dtype=float)
        top = float(values.max()) if len(values) else 1.0
        d = self._scale(top)
        self.y.domain = list(labels)[::-1]
        with self.bars.hold_sync():
            self.bars.x = list(labels)
            self.bars.y = values / d
            self.bars.colors = list(colors)
        _set_value_axis(self.x, self.value_axis, top / d)


class Waterfall(_Chart):
    """Each lever's contribution from "no lever" to the chosen pathway in 2050.

    Drawn as stacked horizontal bars: an invisible offset, then the visible step,
    coloured as a reduction or an increase; first and last bars are totals.
    """

    def __init__(self, width: int, height: int) -> None:
        self.y = OrdinalScale()
        self.x = LinearScale(min=0.0, max=1.0)
        self.bars = Bars(
            x=["-"], y=[[0.0]] * 4, scales={"x": self.y, "y": self.x}, type="stacked",
            orientation="horizontal", colors=["white", GREY, REDUCTION, INCREASE],
            opacities=[0.0, 1.0, 1.0, 1.0], padding=0.2,
        )
        self.label_axis = _axis(self.y, orientation="vertical")
        self.value_axis = _axis(self.x)
        self.figure = _figure(
            [self.bars], [self.value_axis, self.label_axis], width, height, "",
            {"top": 40, "bottom": 50, "left": 215, "right": 15},
        )

    @staticmethod
    def rows(start: float, steps: Sequence[float]) -> np.ndarray:
        """Return the 4 stacked rows (offset, total, reduction, increase) for the bars
        "start", one per step, and "end"."""
        n = len(steps) + 2
        out = np.zeros((4, n))
        out[1, 0] = start
        level = start
        for i, step in enumerate(steps, start=1):
            new = level + step
            out[0, i] = min(level, new)
            out[2 if step < 0 else 3, i] = abs(step)
            level = new
        out[1, -1] = level
        return out

    def update(self, start_label: str, labels: Sequence[str], end_label: str,
               start_kg: float, steps_kg: Sequence[float]) -> None:
        """Show the steps [kgCO2e/person/yr] from ``start_kg`` (no lever) to the total."""
        rows = self.rows(start_kg, steps_kg)
        top = float(rows.sum(axis=0).max())
        d = self._scale(top)
        # start the axis near the lowest level so small steps stay visible; the first and
        # last bars are totals, their length from this start is still labelled by the axis
        levels = np.cumsum([start_kg, *steps_kg]) / d
        low = float(np.floor(levels.min() * 0.8)) if len(levels) else 0.0
        self.y.domain = [start_label, *labels, end_label][::-1]
        with self.bars.hold_sync():
            self.bars.x = [start_label, *labels, end_label]
            self.bars.y = rows / d
        _set_value_axis(self.x, self.value_axis, top / d, low)
