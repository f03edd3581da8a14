"""Tab « Été 2050 »: a warming reference, Montpellier's summer values, the day's story."""

from __future__ import annotations

import ipywidgets as w

from simulation.ui.components import Syncing, box, html, set_options
from simulation.ui.components.climate_fragments import summer_story_html, summer_values_html
from simulation.ui.components.fragments import e, heading, paragraph


class SummerTab:
    """Reference selector, the values (with what is missing), the story and the actions.

    Parameters
    ----------
    on_reference : callable
        ``on_reference(reference_id)``: a TRACC level or an SSP.
    """

    title_key = "summer.tab"

    def __init__(self, on_reference) -> None:
        self._sync = Syncing()
        self.intro = html()
        self.label = html("atelier-label")
        self.reference = w.ToggleButtons()
        self.reference.add_class("atelier-choices")
        self.reference.add_class("atelier-summer-reference")
        self.reference.observe(lambda c: None if self._sync.on or c["new"] is None
                               else on_reference(c["new"]), "value")
        self.values = html("atelier-chart-box")
        self.story = html("atelier-narrative-box")
        self.widget = box(
            [self.intro, box([self.label, self.reference], "atelier-inline"),
             box([box([self.values], "atelier-col", vertical=True),
                  box([self.story], "atelier-col", vertical=True)], "atelier-row")],
            vertical=True, width="100%")

    def show(self, view, lang: str = "fr") -> None:
        """Display ``view`` (:class:`~simulation.ui.viewmodel_climate.SummerView`)."""
        self.intro.value = heading(view.title) + paragraph(view.intro, "atelier-public-p")
        self.label.value = f"<b>{e(view.reference_label)}</b>"
        with self._sync():
            set_options(self.reference, view.references, view.reference)
        self.values.value = summer_values_html(view, lang)
        self.story.value = summer_story_html(view)


__all__ = ["SummerTab"]
