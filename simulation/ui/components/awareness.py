"""The awareness game's screens (« jeu prise de conscience »), one small component each.

Each builds its widgets once, shows a view of :mod:`simulation.ui.viewmodel_climate` with
:meth:`show`, and reports clicks through the callbacks it was given; the controller
(:class:`simulation.ui.awareness.AwarenessGame`) changes the state and asks for a new view.
"""

from __future__ import annotations

import ipywidgets as w

from simulation.ui.climate_state import LETTERS
from simulation.ui.components import Syncing, box, html, set_options
from simulation.ui.components.climate_fragments import (
    acceleration_footer,
    acceleration_panel,
    boundaries_head,
    boundaries_html,
    everyone_html,
    scenarios_chart,
    scenarios_detail,
)
from simulation.ui.components.fragments import e, heading, paragraph

#: Value of the guess selectors' « no answer » option.
NO_GUESS = ""


class AccelerationTab:
    """« La grande accélération »: curves under letters, one answer selector each, reveal.

    Parameters
    ----------
    on_guess : callable
        ``on_guess(letter, panel_id or None)``.
    on_reveal, on_hide, on_shuffle : callable
        No argument.
    """

    def __init__(self, on_guess, on_reveal, on_hide, on_shuffle) -> None:
        self._sync = Syncing()
        self._on_guess = on_guess
        self.hint = html()
        self.cards: list[tuple[w.HTML, w.Dropdown]] = []
        self.grid = box([], "atelier-accel-grid")
        self.reveal = w.Button(button_style="primary")
        self.reveal.add_class("atelier-reveal")
        self.reveal.on_click(lambda _b: on_reveal())
        self.hide = w.Button()
        self.hide.on_click(lambda _b: on_hide())
        self.shuffle = w.Button()
        self.shuffle.on_click(lambda _b: on_shuffle())
        self.footer = html()
        self.widget = box([self.hint, box([self.reveal, self.hide, self.shuffle],
                                          "atelier-inline"), self.grid, self.footer],
                          vertical=True, width="100%")

    def _card(self, letter_index: int) -> tuple[w.HTML, w.Dropdown]:
        chart = html("atelier-accel-html")
        choice = w.Dropdown()
        choice.add_class(f"atelier-guess-{letter_index}")
        choice.observe(lambda c, i=letter_index: None if self._sync.on
                       else self._on_guess(LETTERS[i], c["new"] or None), "value")
        return chart, choice

    def show(self, view, lang: str = "fr") -> None:
        """Display ``view`` (:class:`~simulation.ui.viewmodel_climate.AccelerationView`)."""
        self.hint.value = heading(view.title) + paragraph(view.hint, "atelier-public-p")
        while len(self.cards) < len(view.panels):
            self.cards.append(self._card(len(self.cards)))
        boxes = []
        with self._sync():
            for (chart, choice), panel in zip(self.cards, view.panels, strict=False):
                chart.value = acceleration_panel(panel, view)
                options = [(view.guess_label + " …", NO_GUESS)] + [
                    (c.label, c.value) for c in view.options]
                if list(choice.options) != options:
                    choice.options = options
                choice.value = panel.guess or NO_GUESS
                choice.disabled = view.revealed
                boxes.append(box([chart, choice], "atelier-accel-box", vertical=True))
        self.grid.children = boxes
        self.reveal.description = view.reveal_label
        self.reveal.layout.display = "none" if view.revealed else ""
        self.hide.description = view.hide_label
        self.hide.layout.display = "" if view.revealed else "none"
        self.shuffle.description = view.shuffle_label
        self.footer.value = acceleration_footer(view, lang)


class BoundariesTab:
    """« Les limites planétaires »: meanings first, states and values on reveal."""

    def __init__(self, on_reveal, on_hide) -> None:
        self.reveal = w.Button(button_style="primary")
        self.reveal.add_class("atelier-reveal")
        self.reveal.on_click(lambda _b: on_reveal())
        self.hide = w.Button()
        self.hide.on_click(lambda _b: on_hide())
        self.head = html()
        self.body = html("atelier-chart-box")
        self.widget = box([self.head, box([self.reveal, self.hide], "atelier-inline"), self.body],
                          vertical=True, width="100%")

    def show(self, view, lang: str = "fr") -> None:
        """Display ``view`` (:class:`~simulation.ui.viewmodel_climate.BoundariesView`)."""
        self.reveal.description = view.reveal_label
        self.reveal.layout.display = "none" if view.revealed else ""
        self.hide.description = view.hide_label
        self.hide.layout.display = "" if view.revealed else "none"
        self.head.value = boundaries_head(view)
        self.body.value = boundaries_html(view, lang)


class ScenariosTab:
    """« Scénarios climatiques »: the chart, a scenario to highlight, its detail and the TRACC.

    Parameters
    ----------
    on_select : callable
        ``on_select(scenario_id)``.
    """

    def __init__(self, on_select) -> None:
        self._sync = Syncing()
        self.intro = html()
        self.choice = w.ToggleButtons()
        self.choice.add_class("atelier-choices")
        self.choice.add_class("atelier-scenario-choice")
        self.choice.observe(lambda c: None if self._sync.on or c["new"] is None
                            else on_select(c["new"]), "value")
        self.chart = html("atelier-chart-box")
        self.detail = html("atelier-chart-box")
        self.widget = box([self.intro, self.choice,
                           box([box([self.chart], "atelier-col", vertical=True),
                                box([self.detail], "atelier-col", vertical=True)],
                               "atelier-row")], vertical=True, width="100%")

    def show(self, view, lang: str = "fr") -> None:
        """Display ``view`` (:class:`~simulation.ui.viewmodel_climate.ScenariosView`)."""
        self.intro.value = heading(view.title) + paragraph(view.intro, "atelier-public-p")
        with self._sync():
            set_options(self.choice, view.choices, view.selected)
        self.chart.value = scenarios_chart(view)
        self.detail.value = scenarios_detail(view, lang)


class EveryoneTab:
    """« Si tout le monde vivait comme notre groupe », with a code box when ``on_code`` is set.

    Parameters
    ----------
    on_code : callable or None
        ``on_code(text)``: apply a pathway code typed by the facilitator; None hides the box
        (the facilitator's dashboard uses its active team instead).
    """

    def __init__(self, on_code=None) -> None:
        self.code = w.Text()
        self.code.add_class("atelier-code-input")
        self.apply = w.Button(button_style="primary")
        self.code_box = box([self.code, self.apply], "atelier-inline")
        if on_code is None:
            self.code_box.layout.display = "none"
        else:
            self.apply.on_click(lambda _b: on_code(self.code.value))
        self.status = html()
        self.body = html("atelier-chart-box")
        self.widget = box([self.code_box, self.status, self.body], vertical=True, width="100%")

    def show(self, view, lang: str = "fr") -> None:
        """Display ``view`` (:class:`~simulation.ui.viewmodel_climate.EveryoneView`)."""
        self.code.placeholder = view.code_placeholder
        self.apply.description = view.apply_label
        self.status.value = (f'<span class="atelier-status">{e(view.error)}</span>'
                             if view.error else
                             f'<span class="atelier-code-box"><span class="atelier-code-label">'
                             f'{e(view.code_label)}</span> <span class="atelier-code">'
                             f"{e(view.code)}</span> · {e(view.territory)}</span>")
        self.body.value = everyone_html(view, lang)


__all__ = ["AccelerationTab", "BoundariesTab", "EveryoneTab", "ScenariosTab"]
