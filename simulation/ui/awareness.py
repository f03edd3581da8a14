"""The awareness game (« jeu prise de conscience »): four screens for a facilitator.

1. « La grande accélération » — curves since 1750 under letters; the room says which is
   which, the facilitator records the answers, then reveals names, units and multipliers.
2. « Les limites planétaires » — nine processes in plain words; the room guesses how many
   are crossed, the facilitator reveals 2023 and 2025.
3. « Scénarios climatiques » — warming by SSP with ranges to 2100, the TRACC levels.
4. « Si tout le monde vivait comme notre groupe » — the group's pathway (a code typed, or
   ``?code=`` in the address) as world warming, with its caveat next to the number.

:class:`AwarenessGame` is the part shared by two pages: the dedicated dashboard
(:class:`AwarenessApp`, ``dashboards/prise-de-conscience.ipynb``, served by
``atelier serve --dashboard prise-de-conscience``) and the facilitator's dashboard, where it
is one tab and reads the active team's pathway. It holds the game's state, turns clicks into
state changes and asks :mod:`simulation.ui.viewmodel_climate` for what to show.
"""

from __future__ import annotations

import ipywidgets as w

from simulation.climate_display import ACCELERATION_PANELS
from simulation.exceptions import AtelierError
from simulation.texts import t
from simulation.ui import theme, viewmodel, viewmodel_climate
from simulation.ui.climate_state import AccelerationGame, ClimateChoices
from simulation.ui.components import Syncing, box, html, set_options
from simulation.ui.components.awareness import (
    AccelerationTab,
    BoundariesTab,
    EveryoneTab,
    ScenariosTab,
)
from simulation.ui.components.fragments import e
from simulation.ui.state import parse_query_code, parse_query_lang
from simulation.ui.voila_request import query_string

ACCELERATION, BOUNDARIES, SCENARIOS, EVERYONE = range(4)


class AwarenessGame:
    """The four screens, their state and a step selector; ``game.widget`` shows them.

    Parameters
    ----------
    calc : Calculator
        The model and its cache (:class:`simulation.ui.viewmodel.Calculator`).
    climate : ClimateData
        The climate tables.
    pathway : callable
        ``pathway() -> (territory, levels, code)``: the pathway of « si tout le monde… ».
    on_code : callable, optional
        ``on_code(text)``: shows a code box on the last screen (the dedicated page).
    seed : int
        Seed of the curves' shuffle.
    """

    def __init__(self, calc, climate, pathway, on_code=None, seed: int = 0) -> None:
        self.calc = calc
        self.climate = climate
        self.pathway = pathway
        self.lang = "fr"
        self.step = ACCELERATION
        self.code_error = ""
        self.acceleration = AccelerationGame([pid for pid, _ids in ACCELERATION_PANELS
                                              if any(s in climate.series for s in _ids)],
                                             seed=seed)
        self._shuffles = 0
        self.choices = ClimateChoices()
        self._sync = Syncing()
        self.steps = w.ToggleButtons()
        self.steps.add_class("atelier-choices")
        self.steps.add_class("atelier-awareness-steps")
        self.steps.observe(lambda c: None if self._sync.on or c["new"] is None
                           else self.go(int(c["new"])), "value")
        self.screens: list = [None] * 4
        self._on_code = on_code
        self.slot = box([], vertical=True, width="100%")
        self.widget = box([self.steps, self.slot], vertical=True, width="100%")

    # ------------------------------------------------------------------ screens
    def _screen(self, index: int):
        """Build screen ``index`` the first time it is shown."""
        if self.screens[index] is None:
            if index == ACCELERATION:
                screen = AccelerationTab(self._on_guess, self._on_reveal_curves,
                                         self._on_hide_curves, self._on_shuffle)
            elif index == BOUNDARIES:
                screen = BoundariesTab(self._on_reveal_boundaries, self._on_hide_boundaries)
            elif index == SCENARIOS:
                screen = ScenariosTab(self._on_scenario)
            else:
                screen = EveryoneTab(self._on_code)
            self.screens[index] = screen
        return self.screens[index]

    def go(self, step: int) -> None:
        """Show screen ``step`` (0–3)."""
        self.step = max(ACCELERATION, min(step, EVERYONE))
        self.render()

    def render(self, lang: str | None = None) -> None:
        """Show the step selector and the current screen."""
        if lang is not None:
            self.lang = lang
        lang = self.lang
        with self._sync():
            set_options(self.steps, viewmodel_climate.awareness_steps(lang), str(self.step))
        screen = self._screen(self.step)
        if self.step == ACCELERATION:
            screen.show(viewmodel_climate.acceleration_view(self.climate, self.acceleration,
                                                            lang), lang)
        elif self.step == BOUNDARIES:
            screen.show(viewmodel_climate.boundaries_view(
                self.climate, self.choices.boundaries_revealed, lang), lang)
        elif self.step == SCENARIOS:
            screen.show(viewmodel_climate.scenarios_view(self.climate, self.choices.scenario,
                                                         lang), lang)
        else:
            territory, levels, code = self.pathway()
            screen.show(viewmodel_climate.everyone_view(self.calc, self.climate, territory,
                                                        levels, code, lang,
                                                        self.code_error), lang)
        self.slot.children = [screen.widget]

    # ------------------------------------------------------------------ callbacks
    def _on_guess(self, letter: str, panel: str | None) -> None:
        if self.acceleration.guess(letter, panel):
            self.render()

    def _on_reveal_curves(self) -> None:
        self.acceleration.reveal()
        self.render()

    def _on_hide_curves(self) -> None:
        self.acceleration.hide()
        self.render()

    def _on_shuffle(self) -> None:
        self._shuffles += 1
        self.acceleration.shuffle(self.acceleration.seed + self._shuffles)
        self.render()

    def _on_reveal_boundaries(self) -> None:
        self.choices.boundaries_revealed = True
        self.render()

    def _on_hide_boundaries(self) -> None:
        self.choices.boundaries_revealed = False
        self.render()

    def _on_scenario(self, scenario: str) -> None:
        self.choices.scenario = scenario
        self.render()


class AwarenessApp:
    """The dedicated page of the awareness game; ``app.widget`` is what the notebook shows.

    Parameters
    ----------
    model : Model, optional
        Default: :func:`simulation.model.load_model`.
    climate : ClimateData, optional
        Default: :func:`simulation.climate_data.load_climate` of the model's data folder.
    """

    def __init__(self, model=None, climate=None) -> None:
        from simulation.climate_data import load_climate

        if model is None:
            from simulation.model import load_model

            model = load_model()
        self.model = model
        self.calc = viewmodel.Calculator(model)
        self.climate = climate if climate is not None else load_climate(model.data_path)
        self.territory = next(iter(model.territories))
        self.levels: dict[str, int] = {}
        self.code = ""
        self.lang = "fr"
        self.projection = False
        self.game = AwarenessGame(self.calc, self.climate, self._pathway, self.apply_code)
        self.title = html("atelier-awareness-title")
        self.lang_button = w.Button()
        self.lang_button.add_class("atelier-lang")
        self.lang_button.on_click(lambda _b: self.set_lang("en" if self.lang == "fr" else "fr"))
        self.projection_button = w.Button()
        self.projection_button.on_click(lambda _b: self._toggle_projection())
        header = box([self.title, box([self.projection_button, self.lang_button],
                                      "atelier-inline atelier-header-end")], "atelier-header")
        self.widget = w.VBox([w.HTML(theme.CSS), header, self.game.widget])
        self.widget.add_class("atelier")
        self.widget.add_class("atelier-awareness")
        self.render()

    def _pathway(self):
        return self.territory, self.levels, self.code or self._default_code()

    def _default_code(self) -> str:
        from simulation.pathway import encode_pathway

        return encode_pathway(self.model, self.territory, self.levels)

    def render(self) -> None:
        """Show the header and the current screen."""
        lang = self.lang
        self.title.value = f"<b>{e(t('awareness.title', lang))}</b>"
        self.lang_button.description = t("ui.lang_button", lang)
        self.projection_button.description = t("ui.projection_off" if self.projection
                                               else "ui.projection_on", lang)
        self.game.render(lang)

    def set_lang(self, lang: str) -> None:
        """Switch the page to ``lang`` (``fr`` or ``en``)."""
        self.lang = "en" if lang == "en" else "fr"
        self.render()

    def _toggle_projection(self) -> None:
        self.projection = not self.projection
        (self.widget.add_class if self.projection else self.widget.remove_class)(
            "atelier-projection")
        self.render()

    def apply_code(self, code: str) -> bool:
        """Use the pathway of ``code`` for « si tout le monde… »; False (and a message) if invalid."""
        from simulation.pathway import decode_pathway

        try:
            territory, levels = decode_pathway(self.model, code)
        except AtelierError as exc:
            self.game.code_error = t("ui.bad_code", self.lang, error=str(exc))
            self.game.go(EVERYONE)
            return False
        self.territory, self.levels = territory, dict(levels)
        self.code = self._default_code()
        self.game.code_error = ""
        self.game.go(EVERYONE)
        return True

    def restore_from_url(self) -> None:
        """Apply ``?lang=`` and ``?code=`` of the page (Voilà)."""
        self.restore_from_query(query_string())

    def restore_from_query(self, query: str | None) -> None:
        """Apply ``?lang=`` and ``?code=`` from a query string (a code opens screen 4)."""
        lang = parse_query_lang(query)
        if lang:
            self.lang = lang
        code = parse_query_code(query)
        if code:
            self.apply_code(code)
        self.render()


def load_awareness_app(**kwargs):
    """Build the awareness page, or the readable error page when the data is invalid."""
    from simulation.ui.app import open_page

    return open_page(AwarenessApp, **kwargs)


__all__ = ["AwarenessApp", "AwarenessGame", "load_awareness_app"]
