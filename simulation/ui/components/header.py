"""The bar above the tabs: teams, undo, the pathway code, language and big-screen mode."""

from __future__ import annotations

import ipywidgets as w

from simulation.texts import t
from simulation.ui.components import Syncing, box, html
from simulation.ui.components.fragments import code_box, e
from simulation.ui.viewmodel import HeaderView


class Header:
    """Header widgets; callbacks receive what was clicked.

    Parameters
    ----------
    on_team : callable
        ``on_team(index)``.
    on_add_team, on_undo, on_lang, on_projection : callable
        Called without argument.
    """

    def __init__(self, on_team, on_add_team, on_undo, on_lang, on_projection) -> None:
        self._sync = Syncing()
        self.teams = w.ToggleButtons(options=[("1", 0)], value=0)
        self.teams.add_class("atelier-teams")
        self.teams.observe(lambda c: None if self._sync.on or c["new"] is None
                           else on_team(int(c["new"])), "value")
        self.add_team = w.Button()
        self.add_team.on_click(lambda _b: on_add_team())
        self.undo = w.Button()
        self.undo.on_click(lambda _b: on_undo())
        self.lang = w.Button()
        self.lang.add_class("atelier-lang")
        self.lang.on_click(lambda _b: on_lang())
        self.projection = w.ToggleButton(value=False)
        self.projection.observe(lambda c: None if self._sync.on else on_projection(), "value")
        self.code = html("atelier-code-holder")
        self.status = html("atelier-status-box")
        for b in (self.add_team, self.undo, self.lang, self.projection):
            b.add_class("atelier-header-button")
        self.widget = box(
            [box([self.teams, self.add_team, self.undo], "atelier-header-group"),
             self.code,
             box([self.projection, self.lang], "atelier-header-group atelier-header-end"),
             self.status],
            "atelier-header",
        )

    def show(self, view: HeaderView, lang: str, projection: bool,
             session_id: str | None = None) -> None:
        """Display ``view``; ``session_id`` goes in the page's URL (see the page template)."""
        with self._sync():
            options = list(zip(view.teams, range(len(view.teams)), strict=True))
            if list(self.teams.options) != options:
                self.teams.options = options
            self.teams.value = view.active
            self.projection.value = projection
        self.add_team.description = view.add_team_label
        self.add_team.disabled = not view.can_add_team
        self.undo.description = view.undo_label
        self.undo.disabled = not view.can_undo
        self.lang.description = view.lang_label
        self.projection.description = t("ui.projection_off" if projection else
                                        "ui.projection_on", lang)
        marker = (f'<span hidden data-atelier-session="{e(session_id)}"></span>'
                  if session_id else "")
        self.code.value = marker + code_box(view.code_label, view.code, t("ui.copy", lang),
                                            t("ui.copied", lang))
        self.status.value = (f'<span class="atelier-status" role="status">{e(view.status)}</span>'
                             if view.status else "")
