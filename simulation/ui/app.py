"""The facilitator's dashboard: a controller between the session, the view-model and the tabs.

:class:`AtelierApp` owns the workshop's state (:class:`~simulation.ui.state.Session`, the
card game), turns what people click into session changes, and asks the view-model
(:mod:`simulation.ui.viewmodel`) for what the header and the visible tab must show; the
components (:mod:`simulation.ui.components`) display it. It computes no number itself.
"""

from __future__ import annotations

import base64
import html

import ipywidgets as w

from simulation.exceptions import AtelierError
from simulation.texts import t
from simulation.ui import kernel_guard, theme, viewmodel
from simulation.ui.climate_tabs import TABS as CLIMATE_TABS
from simulation.ui.climate_tabs import ClimateTabs
from simulation.ui.components.fragments import paragraph
from simulation.ui.components.header import Header
from simulation.ui.components.levers import LeversTab
from simulation.ui.components.prospective import ProspectiveTab
from simulation.ui.components.sources import CARDS_PER_DRAW, CardGameTab, SourcesTab
from simulation.ui.components.teams import TeamsTab
from simulation.ui.saved_session import SavedSession
from simulation.ui.state import (
    CardGame,
)
from simulation.ui.throttle import Throttle
from simulation.ui.voila_request import query_string

TAB_SOURCES, TAB_LEVERS, TAB_PROSPECTIVE, TAB_TEAMS = range(4)
TAB_KEYS = ("ui.tab_sources", "ui.tab_levers", "ui.tab_prospective", "ui.tab_teams",
            # climate tabs, built and rendered by simulation/ui/climate_tabs.py
            "summer.tab", "awareness.tab")


class AtelierApp(SavedSession):
    """The whole dashboard; ``app.widget`` is what the notebook displays.

    Parameters
    ----------
    model : Model, optional
        Default: :func:`simulation.model.load_model` (cached).
    cards_loader : callable, optional
        ``cards_loader(territory) -> list[CardValue]``; default
        :func:`simulation.cards.load_ges_cards`.
    seed : int
        Seed of the card draws (reproducible workshops).
    store : SessionStore, optional
        Where the session is saved at every change (:mod:`simulation.store`); None keeps it
        in memory only (tests). :meth:`restore_from_url` opens the default store.
    """

    def __init__(self, model=None, cards_loader=None, seed: int = 0, store=None) -> None:
        self.calc, self.session = viewmodel.Calculator.open(model)
        self.model = model = self.calc.model
        self.cards = CardGame()
        self._cards_loader = cards_loader
        self._seed, self._draws = seed, 0
        self._deck_cards: dict[str, list] = {}
        self._cards_error = ""
        self.deck = ""
        self.sector = {TAB_SOURCES: model.sectors[0], TAB_LEVERS: model.sectors[0]}
        self.projection = False
        self.status_text = ""
        self.store = store
        self.session_id: str | None = None
        self._saved: dict | None = None
        self.base_url = ""
        self.last_pdf: bytes | None = None
        self.room = None  # the live room shown above the tabs (simulation.ui.room_link)
        self.header = Header(self._on_team, self._on_add_team, self._on_undo, self._on_lang,
                             self._on_projection)
        self.climate_tabs = ClimateTabs(self)
        self.tabs_content: list = [None] * len(TAB_KEYS)
        self._slots = [w.Box(layout=w.Layout(width="100%")) for _ in TAB_KEYS]
        self.tabs = w.Tab(children=self._slots)
        self.tabs.observe(self._on_tab, "selected_index")
        self.widget = w.VBox([w.HTML(theme.CSS), self.header.widget, self.tabs])
        self.widget.add_class("atelier")
        self.render_throttle = Throttle(self.render)
        self._ensure_tab(TAB_SOURCES)
        self.render()

    @property
    def lang(self) -> str:
        return self.session.lang

    # ------------------------------------------------------------------ tabs
    def _ensure_tab(self, index: int):
        """Build tab ``index`` the first time it is shown (fewer widgets at page load)."""
        if self.tabs_content[index] is None:
            if index == TAB_SOURCES:
                content = (SourcesTab(self._on_territory, self._on_item_sector),
                           CardGameTab(self._on_deck, self._on_draw, self._on_reveal,
                                       self._on_move))
                widget = w.HBox([c.widget for c in content])
                widget.add_class("atelier-row")
            elif index == TAB_LEVERS:
                content = LeversTab(self._on_level, self._on_lever_sector, self._on_reset)
                widget = content.widget
            elif index == TAB_PROSPECTIVE:
                content = ProspectiveTab(self._on_preset)
                widget = content.widget
            elif index in CLIMATE_TABS:
                content, widget = self.climate_tabs.build(index)
            else:
                content = TeamsTab(self._on_save_round, self._on_load_round, self.restore_code,
                                   self._on_rename, self._on_pdf)
                widget = content.widget
            self.tabs_content[index] = content
            self._slots[index].children = [widget]
        return self.tabs_content[index]

    def is_built(self, index: int) -> bool:
        """True once tab ``index`` has been shown."""
        return self.tabs_content[index] is not None

    @property
    def levers_tab(self) -> LeversTab:
        """The levers tab (built on first use)."""
        return self._ensure_tab(TAB_LEVERS)

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        """Show the header and the visible tab from the session."""
        lang = self.lang
        for i, key in enumerate(TAB_KEYS):
            self.tabs.set_title(i, t(key, lang))
        self.header.show(viewmodel.header_view(self.session, lang, self.status_text), lang,
                         self.projection, self.session_id)
        self._render_tab(self.tabs.selected_index or 0)
        self._persist()

    def request_render(self) -> None:
        """Redraw after a change (throttled: bursts of clicks fold into one redraw)."""
        self.render_throttle()

    def _render_tab(self, index: int) -> None:
        content = self._ensure_tab(index)
        s, lang, calc = self.session, self.lang, self.calc
        if index == TAB_SOURCES:
            sources, game = content
            sources.show(viewmodel.sources_view(calc, s, lang, self.sector[TAB_SOURCES]))
            game.show(viewmodel.card_game_view(calc, self.cards, self._decks(), self.deck,
                                               lang, self._cards_error))
        elif index == TAB_LEVERS:
            content.show(viewmodel.levers_view(calc, s, lang, self.sector[TAB_LEVERS]))
        elif index == TAB_PROSPECTIVE:
            content.show(viewmodel.prospective_view(calc, s, lang))
        elif index in CLIMATE_TABS:
            self.climate_tabs.render(index, content)
        else:
            content.show(viewmodel.teams_view(calc, s, lang),
                         viewmodel.session_view(self.session_id, self.base_url, lang))

    def _set_status(self, text: str) -> None:
        self.status_text = text

    # ------------------------------------------------------------------ cards
    def _decks(self) -> list[str]:
        cards = self._cards()
        return list(dict.fromkeys(c.deck for c in cards))

    def _cards(self) -> list:
        territory = self.session.territory
        if territory not in self._deck_cards:
            try:
                if self._cards_loader is not None:
                    cards = list(self._cards_loader(territory))
                else:
                    from simulation.cards import load_ges_cards

                    cards = list(load_ges_cards(territory=territory))
                self._cards_error = ""
            except (AtelierError, OSError) as exc:
                cards = []
                self._cards_error = t("ui.cards_missing", self.lang, error=str(exc))
            self._deck_cards[territory] = cards
        return self._deck_cards[territory]

    # ------------------------------------------------------------------ callbacks
    def _change(self, changed: bool, status: str = "") -> None:
        if changed:
            self._set_status(status)
            self.request_render()

    def _on_level(self, lever_id: str, level: int) -> None:
        self._change(self.session.set_level(lever_id, level))

    def _on_team(self, index: int) -> None:
        self.session.select_team(index)
        self.request_render()

    def _on_add_team(self) -> None:
        if self.session.can_add_team:
            self.session.add_team()
            self.request_render()

    def _on_undo(self) -> None:
        self._set_status("" if self.session.undo() else t("ui.nothing_to_undo", self.lang))
        self.render()

    def _on_lang(self) -> None:
        self.session.set_lang("en" if self.lang == "fr" else "fr")
        self.render()

    def _on_projection(self) -> None:
        self.projection = not self.projection
        (self.widget.add_class if self.projection else self.widget.remove_class)(
            "atelier-projection")
        self.render()

    def _on_tab(self, change) -> None:
        if change["new"] is not None:
            self._render_tab(change["new"])

    def _on_territory(self, territory: str) -> None:
        self._change(self.session.set_territory(territory))

    def _on_item_sector(self, sector: str) -> None:
        self.sector[TAB_SOURCES] = sector
        self._render_tab(TAB_SOURCES)

    def _on_lever_sector(self, sector: str) -> None:
        self.sector[TAB_LEVERS] = sector
        self._render_tab(TAB_LEVERS)

    def _on_reset(self) -> None:
        self._change(self.session.reset_team())

    def _on_preset(self, scenario: str) -> None:
        self._change(self.session.set_levels(dict(self.model.scenarios[scenario].levels)))

    def _on_deck(self, deck: str) -> None:
        self.deck = deck

    def _on_draw(self) -> None:
        deck = self.deck if self.deck in self._decks() else next(iter(self._decks()), "")
        self._draws += 1
        self.cards.draw([c for c in self._cards() if c.deck == deck], CARDS_PER_DRAW,
                        seed=self._seed * 1000 + self._draws)
        self._render_tab(TAB_SOURCES)

    def _on_move(self, index: int, delta: int) -> None:
        if self.cards.move(index, delta):
            self._render_tab(TAB_SOURCES)

    def _on_reveal(self) -> None:
        if self.cards.cards:
            self.cards.reveal()
            self._render_tab(TAB_SOURCES)

    def _on_save_round(self) -> None:
        saved = self.session.save_round()
        self._change(True, t("ui.round_saved", self.lang, n=saved.number))

    def _on_load_round(self, number: int) -> None:
        self.session.load_round(number)
        self.request_render()

    def _on_rename(self, name: str) -> None:
        self._change(self.session.rename_team(name))

    def _on_pdf(self) -> None:
        from simulation.cards.roadmap import roadmap_pdf

        names = self.session.team_names()
        rounds = self.room.roadmap_rounds(self.session.active, self.lang) if self.room else None
        pdf = roadmap_pdf(self.model, territory=self.session.territory,
                          levels=self.session.levels(), team=names[self.session.active],
                          code=self.session.code(), lang=self.lang, rounds=rounds)
        b64 = base64.b64encode(pdf).decode("ascii")
        filename = f"feuille-de-route-{self.session.active + 1}.pdf"
        self._ensure_tab(TAB_TEAMS).pdf_link.value = (
            f'<a download="{filename}" href="data:application/pdf;base64,{b64}" '
            f'class="atelier-download">{html.escape(t("ui.download", self.lang))}</a>')
        self.last_pdf = pdf



class ErrorPage:
    """What the room sees when the data cannot be loaded: the problems, in French.

    Voilà hides tracebacks (and should); without this page the facilitator would only read
    "There was an error when executing cell". Each problem names ``path:line: column``.
    """

    def __init__(self, error: AtelierError) -> None:
        self.error = error
        head, *problems = str(error).splitlines() or [""]
        items = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
        self.widget = w.VBox([
            w.HTML(theme.CSS),
            w.HTML(f'<div class="atelier-error"><h2>{html.escape(t("ui.error_title"))}</h2>'
                   f'{paragraph(t("ui.error_help"))}<p>{html.escape(head)}</p>'
                   f"<ul>{items}</ul></div>"),
        ])
        self.widget.add_class("atelier")

    def restore_from_url(self) -> None:
        """Nothing to restore (same interface as :class:`AtelierApp`)."""
        query_string()  # a preheated kernel still waits for its visitor


def open_page(factory, **kwargs):
    """Build a page (``factory(**kwargs)``), or a readable error page when the data is invalid.

    Every dashboard notebook starts here: inside a Voilà kernel, tracebacks and stderr go to
    the server log, never to the page (:mod:`simulation.ui.kernel_guard`).
    """
    kernel_guard.install()
    try:
        return factory(**kwargs)
    except AtelierError as exc:
        return ErrorPage(exc)


def load_app(**kwargs) -> AtelierApp | ErrorPage:
    """The facilitator's dashboard (keyword arguments go to :class:`AtelierApp`)."""
    return open_page(AtelierApp, **kwargs)


def show() -> w.Widget:
    """Build the dashboard and return its root widget (for a notebook cell)."""
    return load_app().widget


__all__ = ["AtelierApp", "ErrorPage", "load_app", "show"]
