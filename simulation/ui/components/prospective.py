"""Tab 3, « Prospective 2050 »: our pathway next to the scenarios, and the 2050 story."""

from __future__ import annotations

import ipywidgets as w

from simulation.ui.components import Syncing, box, html, set_options
from simulation.ui.components.fragments import heading, stacked_columns
from simulation.ui.viewmodel import ProspectiveView


class ProspectiveTab:
    """Stacked sectors in 2050 for us and each scenario; the story; apply a scenario.

    Parameters
    ----------
    on_apply : callable
        ``on_apply(scenario_id)``: give the active team the scenario's lever levels.
    """

    title_key = "ui.tab_prospective"

    def __init__(self, on_apply) -> None:
        self._sync = Syncing()
        self.chart = html("atelier-chart-box")
        self.title = html()
        self.narrative = html("atelier-narrative-box")
        self.preset = w.Dropdown()
        self.apply = w.Button()
        self.apply.on_click(lambda _b: on_apply(self.preset.value))
        self.widget = box(
            [box([self.chart], "atelier-col atelier-prospective-chart", vertical=True),
             box([self.title, self.narrative, box([self.preset, self.apply], "atelier-inline")],
                 "atelier-col", vertical=True)],
            "atelier-row")

    def show(self, view: ProspectiveView) -> None:
        """Display ``view``."""
        with self._sync():
            set_options(self.preset, view.presets, self.preset.value or view.presets[0].value)
        self.chart.value = stacked_columns(view.chart, view.notes)
        self.title.value = heading(view.narrative_title)
        self.narrative.value = view.narrative
        self.apply.description = view.apply_label
