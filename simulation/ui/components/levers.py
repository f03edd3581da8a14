"""Tab 2, « Leviers d'action »: the levers of one sector and what they do to 2050."""

from __future__ import annotations

import ipywidgets as w

from simulation.ui.charts import TrajectoryChart
from simulation.ui.components import Syncing, box, html, set_options
from simulation.ui.components.fragments import (
    big_number,
    details_list,
    e,
    legend,
    paired_bars,
    paragraph,
    waterfall,
)
from simulation.ui.viewmodel import FUTURE_COLOUR, NEUTRAL_COLOUR, TREND_COLOUR, LeversView

LEVELS = 5


class LeversTab:
    """Lever buttons (levels 0–4) by sector, the big number and the charts.

    Parameters
    ----------
    on_level : callable
        ``on_level(lever_id, level)``.
    on_sector : callable
        ``on_sector(sector_id)``.
    on_reset : callable
        Every lever of the team back to 0.
    """

    title_key = "ui.tab_levers"

    def __init__(self, on_level, on_sector, on_reset) -> None:
        self._sync = Syncing()
        self._on_level = on_level
        self.sector = w.ToggleButtons()
        self.sector.add_class("atelier-choices")
        self.sector.observe(lambda c: None if self._sync.on else on_sector(c["new"]), "value")
        self.reset = w.Button()
        self.reset.on_click(lambda _b: on_reset())
        #: lever id -> (title, buttons, label): built the first time its sector is shown
        self.lever_widgets: dict[str, tuple[w.HTML, w.ToggleButtons, w.HTML]] = {}
        #: lever id -> the folded list of the national values behind the lever
        self.national_widgets: dict[str, w.HTML] = {}
        self.lists: dict[str, w.Box] = {}
        self.list_slot = box([], "atelier-lever-list", vertical=True)
        self.mini_total = html("atelier-mini-total")
        self.big = html("atelier-big-box")
        self.trajectory = TrajectoryChart(FUTURE_COLOUR, trend_colour=TREND_COLOUR)
        self.trajectory_legend = html()
        self.sectors = html("atelier-chart-box")
        self.waterfall = html("atelier-chart-box")
        left = box([self.mini_total, self.sector, self.list_slot, self.reset],
                   "atelier-col atelier-levers-left", vertical=True)
        right = box([box([self.big, box([self.trajectory.figure, self.trajectory_legend],
                                        "atelier-col atelier-trajectory", vertical=True)],
                         "atelier-row"),
                     box([self.sectors, self.waterfall], "atelier-row")],
                    "atelier-col atelier-levers-right", vertical=True)
        self.widget = box([left, right], "atelier-row")

    def _lever_row(self, row) -> w.Box:
        title = html("atelier-lever-title")
        buttons = w.ToggleButtons(options=[(str(i), i) for i in range(LEVELS)], value=row.level)
        buttons.add_class("lever-buttons")
        buttons.add_class(f"lever-{row.id}")  # stable hook for browser tests
        buttons.observe(lambda c, lid=row.id: None if self._sync.on
                        else self._on_level(lid, int(c["new"])), "value")
        label = html("atelier-lever-level")
        national = html("atelier-lever-national")
        self.lever_widgets[row.id] = (title, buttons, label)
        self.national_widgets[row.id] = national
        return box([box([title, buttons], "atelier-lever-head"), label, national],
                   "atelier-lever", vertical=True)

    def show(self, view: LeversView) -> None:
        """Display ``view`` (lever rows are built the first time their sector is shown)."""
        with self._sync():
            set_options(self.sector, view.sectors, view.sector)
            if view.sector not in self.lists:
                self.lists[view.sector] = box(
                    [self._lever_row(r) for r in view.rows if r.sector == view.sector],
                    "atelier-lever-sector", vertical=True)
            self.list_slot.children = [self.lists[view.sector]]
            for row in view.rows:
                widgets = self.lever_widgets.get(row.id)
                if widgets is None:
                    continue
                title, buttons, label = widgets
                if buttons.value != row.level:
                    buttons.value = row.level
                buttons.tooltips = list(view.level_labels[row.id])
                title.value = e(row.title)
                label.value = e(row.level_label)
                self.national_widgets[row.id].value = details_list(row.national_summary,
                                                                   row.national)
        self.reset.description = view.reset_label
        self.big.value = big_number(view.big)
        self.mini_total.value = e(view.big.summary)
        tr = view.trajectory
        self.trajectory.update(tr.title, tr.years, tr.total, tr.low, tr.high, tr.no_lever,
                               tr.target_kg, view.units, tr.trend)
        ours, band, no_lever, target = tr.labels
        self.trajectory_legend.value = (
            legend([(FUTURE_COLOUR, "line", ours), (FUTURE_COLOUR, "band", band),
                    (NEUTRAL_COLOUR, "dots", no_lever), (TREND_COLOUR, "thin", tr.trend_label),
                    ("#000000", "dash", target)])
            + paragraph(tr.reference_note, "atelier-note atelier-reference")
            + paragraph(tr.band_text) + paragraph(view.band_note))
        self.sectors.value = paired_bars(view.sector_bars)
        self.waterfall.value = waterfall(view.waterfall)
