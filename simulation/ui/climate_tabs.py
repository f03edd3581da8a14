"""The climate tabs of the facilitator's dashboard: « Été 2050 » and the awareness game.

Kept apart from :mod:`simulation.ui.app` so the controller only routes to them:
:class:`ClimateTabs` builds a tab the first time it is shown and renders it from the
session (the active team's levers tell the summer story and « si tout le monde… »).
"""

from __future__ import annotations

#: Indexes of the climate tabs in :data:`simulation.ui.app.TAB_KEYS`.
TAB_SUMMER, TAB_AWARENESS = 4, 5
TABS = (TAB_SUMMER, TAB_AWARENESS)


class ClimateTabs:
    """« Été 2050 » and « Prise de conscience » for an :class:`~simulation.ui.app.AtelierApp`.

    Parameters
    ----------
    app : AtelierApp
        The facilitator's dashboard (its model, calculator, session and language).
    """

    def __init__(self, app) -> None:
        from simulation.ui.climate_state import ClimateChoices

        self.app = app
        self.choices = ClimateChoices()
        self._climate = None

    @property
    def climate(self):
        """The climate tables of the model's data folder (read once)."""
        if self._climate is None:
            from simulation.climate_data import load_climate

            self._climate = load_climate(self.app.model.data_path)
        return self._climate

    def build(self, index: int):
        """Build tab ``index``; return ``(content, widget)``."""
        app = self.app
        if index == TAB_SUMMER:
            from simulation.ui.components.summer import SummerTab

            content = SummerTab(self._on_reference)
        else:
            from simulation.ui.awareness import AwarenessGame

            s = app.session
            content = AwarenessGame(app.calc, self.climate,
                                    lambda: (s.territory, s.levels(), s.code()))
        return content, content.widget

    def render(self, index: int, content) -> None:
        """Show tab ``index`` from the session."""
        app = self.app
        if index == TAB_SUMMER:
            from simulation.ui.viewmodel_climate import summer_view

            content.show(summer_view(app.calc, self.climate, app.session.levels(),
                                     self.choices.summer_reference, app.lang), app.lang)
        else:
            content.render(app.lang)

    def _on_reference(self, reference: str) -> None:
        self.choices.summer_reference = reference
        self.app._render_tab(TAB_SUMMER)


__all__ = ["TABS", "TAB_AWARENESS", "TAB_SUMMER", "ClimateTabs"]
