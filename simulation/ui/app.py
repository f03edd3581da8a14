"""The facilitator's dashboard: tabs in the order of the workshop.

:class:`AtelierApp` builds every widget once, wires the callbacks to a
:class:`~simulation.ui.state.Session` and redraws from the model. It holds no model logic:
every number comes from :mod:`simulation.model` (and the card values from
:func:`simulation.cards.load_ges_cards`), formatted by :mod:`simulation.formatting`.
"""

from __future__ import annotations

import base64
import html
from functools import lru_cache

import ipywidgets as w
import numpy as np

from simulation.exceptions import AtelierError
from simulation.formatting import format_co2, format_percent
from simulation.ui import kernel_guard, theme
from simulation.ui.charts import GroupedBars, HorizontalBars, TrajectoryChart, Waterfall
from simulation.ui.i18n import tr
from simulation.ui.narrative import level_label, lever_title, narrative_html
from simulation.ui.state import (
    MAX_LEVEL,
    MAX_TEAMS,
    CardGame,
    Session,
    parse_query_code,
    parse_query_lang,
)
from simulation.ui.throttle import Throttle
from simulation.ui.voila_request import query_string

TAB_SOURCES, TAB_LEVERS, TAB_PROSPECTIVE, TAB_TEAMS = range(4)
#: Monte-Carlo draws for the live uncertainty band (the 5-95 % band is stable at this size).
BAND_DRAWS = 200
#: Waterfall shows the largest contributions; the rest is summed in "Autres".
WATERFALL_MAX_BARS = 7
#: Sub-items shown in the detail chart; beyond, the smallest are summed as « Autres ».
ITEMS_MAX_BARS = 7
CARDS_PER_DRAW = 5
#: Significant figures of the big 2050 number: 3, so that every lever played visibly moves
#: it (the cards and the narrative keep the pedagogical 2).
BIG_DIGITS = 3


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _scenario_short(title: str) -> str:
    """"S1 Génération frugale" -> "S1"; short titles ("Tendanciel") are kept."""
    first = title.split()[0] if title.split() else title
    return title if len(title) <= 12 else first


def _hbox(children, **layout) -> w.HBox:
    return w.HBox(children, layout=w.Layout(**layout))


def _vbox(children, **layout) -> w.VBox:
    return w.VBox(children, layout=w.Layout(**layout))


class AtelierApp:
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
    sectors : sequence of str, optional
        Sector ids in display order; default :data:`simulation.model.SECTORS`.
    codec : (encode, decode), optional
        Pathway-code functions taking the model first; default those of
        :mod:`simulation.pathway`.
    """

    def __init__(self, model=None, cards_loader=None, seed: int = 0, sectors=None,
                 codec=None) -> None:
        if model is None:
            from simulation.model import load_model

            model = load_model()
        if sectors is None:
            from simulation.model import SECTORS as sectors
        if codec is None:
            from simulation.pathway import decode_pathway, encode_pathway

            codec = (encode_pathway, decode_pathway)
        encode, decode = codec
        self.model = model
        self.sector_ids = tuple(sectors)
        self._cards_loader = cards_loader
        self._seed = seed
        self._draws = 0
        self.session = Session(
            lever_ids=tuple(lv.id for lv in model.levers),
            territories=tuple(model.territories),
            encode=lambda territory, levels: encode(model, territory, levels),
            decode=lambda code: decode(model, code),
        )
        self.cards = CardGame()
        self._cards_territory: str | None = None
        #: lever id -> (title, level buttons, level label), built sector by sector
        self.lever_widgets: dict[str, tuple[w.HTML, w.ToggleButtons, w.HTML]] = {}
        self.lever_boxes: dict[str, list[w.Widget]] = {}
        self._syncing = False
        self._dirty = set(range(4))
        self.status_text = ""
        self.years = np.asarray(model.evaluate({}, territory=self.session.territory).years)
        self.render_throttle = Throttle(self.render)
        self._build()
        self.apply_lang()
        self.render()

    # ------------------------------------------------------------------ model access
    @property
    def lang(self) -> str:
        return self.session.lang

    def _evaluate(self, levels: dict[str, int]):
        return self.model.evaluate(levels, territory=self.session.territory)

    @lru_cache(maxsize=16)  # noqa: B019 - one app per kernel, a handful of territories
    def _baseline(self, territory: str):
        return self.model.evaluate({}, territory=territory)

    @lru_cache(maxsize=16)  # noqa: B019
    def _scenario_results(self, territory: str) -> dict:
        return {
            sid: self.model.evaluate(None, territory=territory, scenario=sid)
            for sid in self.model.scenarios
        }

    def _load_cards(self, territory: str) -> list:
        if self._cards_loader is not None:
            return list(self._cards_loader(territory))
        from simulation.cards import load_ges_cards

        return list(load_ges_cards(territory=territory))

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.css = w.HTML(theme.CSS)
        # header
        self.team_buttons = w.ToggleButtons(options=[("1", 0)], value=0,
                                            layout=w.Layout(flex="0 0 auto", width="auto"))
        self.team_buttons.style.button_width = "100px"
        self.team_buttons.add_class("atelier-teams")
        self.team_buttons.observe(self._on_team, "value")
        self.add_team_button = w.Button(layout=w.Layout(width="100px", flex="0 0 auto"))
        self.add_team_button.on_click(self._on_add_team)
        self.undo_button = w.Button(layout=w.Layout(width="118px", flex="0 0 auto"))
        self.undo_button.on_click(self._on_undo)
        self.lang_button = w.Button(layout=w.Layout(width="100px", flex="0 0 auto"))
        self.lang_button.on_click(self._on_lang)
        self.code_html = w.HTML(layout=w.Layout(flex="0 0 auto"))
        self.code_html.add_class("atelier-code-box")
        self.status = w.HTML(layout=w.Layout(flex="1 1 auto", width="0px", overflow="hidden"))
        self.status.add_class("atelier-status-box")
        self.header = _hbox(
            [self.team_buttons, self.add_team_button, self.undo_button, self.code_html,
             self.status, self.lang_button],
            align_items="center", justify_content="flex-start", width="100%", height="44px",
            flex_flow="row nowrap",
        )
        self.header.add_class("atelier-header")

        # A tab is built, then attached, the first time it is shown: the page loads fewer
        # widget models, and bqplot figures created inside a hidden tab would get a zero
        # size and not redraw their marks.
        self._builders = (self._build_sources, self._build_levers, self._build_prospective,
                          self._build_teams)
        self._lang_setters = (self._lang_sources, self._lang_levers, self._lang_prospective,
                              self._lang_teams)
        self._build_charts()
        self._tab_contents: list[w.Widget | None] = [None] * len(self._builders)
        self._tab_slots = [w.Box(layout=w.Layout(width="100%")) for _ in self._builders]
        self._tab_slots[0].children = [self._ensure_tab(0)]
        self.tabs = w.Tab(children=self._tab_slots)
        self.tabs.observe(self._on_tab, "selected_index")
        self.widget = w.VBox([self.css, self.header, self.tabs])
        self.widget.add_class("atelier")

    def _build_charts(self) -> None:
        """Create every figure once, up front: callbacks only update their data (a tab
        shown for the first time only places its figures)."""
        self.footprint = HorizontalBars(620, 250)
        self.items_chart = HorizontalBars(620, 260)
        self.trajectory = TrajectoryChart(520, 280, theme.BLUE)
        self.trajectory.figure.add_class("atelier-trajectory")
        self.sector_bars = GroupedBars(
            370, 300, [theme.TODAY, theme.BLUE], orientation="horizontal",
            margin={"top": 40, "bottom": 50, "left": 160, "right": 15},
        )
        self.waterfall = Waterfall(450, 330)
        self.waterfall.figure.add_class("atelier-waterfall")
        self.presets_chart = GroupedBars(
            720, 540, [theme.SECTOR_COLORS.get(s, theme.GREY) for s in self._sectors()],
            stacked=True,
        )
        self.teams_chart = GroupedBars(
            530, 520, [theme.SECTOR_COLORS.get(s, theme.GREY) for s in self._sectors()],
            stacked=True, margin={"top": 40, "bottom": 40, "left": 70, "right": 20},
        )

    def _ensure_tab(self, index: int) -> w.Widget:
        """Build tab ``index`` if needed (with its texts) and return its content."""
        content = self._tab_contents[index]
        if content is None:
            content = self._tab_contents[index] = self._builders[index]()
            self._lang_setters[index]()
        return content

    def is_built(self, index: int) -> bool:
        """True once tab ``index`` has been shown (its widgets exist)."""
        return self._tab_contents[index] is not None

    def _build_sources(self) -> w.Widget:
        m = self.model
        self.territory_dropdown = w.Dropdown(
            options=[(t.name_fr, tid) for tid, t in m.territories.items()],
            value=self.session.territory, layout=w.Layout(width="300px"),
        )
        self.territory_dropdown.observe(self._on_territory, "value")
        self.territory_label = w.HTML()
        self.item_sector = w.ToggleButtons(options=[(s, s) for s in self._sectors()])
        self.item_sector.style.button_width = "auto"
        self.item_sector.observe(lambda _c: self._render_sources(), "value")
        left = _vbox(
            [_hbox([self.territory_label, self.territory_dropdown], align_items="center"),
             self.footprint.figure, self.item_sector, self.items_chart.figure],
            width="630px",
        )
        # card game
        self.cards_title = w.HTML()
        self.deck_dropdown = w.Dropdown(layout=w.Layout(width="220px"))
        self.deck_label = w.HTML()
        self.draw_button = w.Button()
        self.draw_button.on_click(self._on_draw)
        self.reveal_button = w.Button(button_style="warning")
        self.reveal_button.on_click(self._on_reveal)
        self.cards_hint = w.HTML()
        self.card_rows = []
        for i in range(CARDS_PER_DRAW):
            up = w.Button(description="▲", layout=w.Layout(width="44px"))
            down = w.Button(description="▼", layout=w.Layout(width="44px"))
            up.on_click(lambda _b, i=i: self._on_move(i, -1))
            down.on_click(lambda _b, i=i: self._on_move(i, +1))
            text = w.HTML(layout=w.Layout(width="500px"))
            text.add_class("atelier-card")
            self.card_rows.append((up, down, text))
        self.cards_result = w.HTML()
        right = _vbox(
            [self.cards_title,
             _hbox([self.deck_label, self.deck_dropdown, self.draw_button, self.reveal_button],
                   align_items="center"),
             self.cards_hint,
             *[_hbox([u, d, t], align_items="center", margin="2px 0") for u, d, t in
               self.card_rows],
             self.cards_result],
            width="620px", margin="0 0 0 10px",
        )
        return _hbox([left, right])

    def _build_levers(self) -> w.Widget:
        self.lever_sector = w.ToggleButtons(options=[(s, s) for s in self._sectors()])
        self.lever_sector.style.button_width = "auto"
        self.lever_sector.observe(self._on_lever_sector, "value")
        self.reset_button = w.Button()
        self.reset_button.on_click(self._on_reset)
        # one scrolling list per sector, so each keeps its own scroll position
        self.lever_panel = _vbox([], width="100%")
        self.lever_lists: dict[str, w.VBox] = {}
        left = _vbox([self.lever_sector, self.lever_panel, self.reset_button], width="440px")

        self.big = w.HTML(layout=w.Layout(width="300px", height="270px"))
        self.big.add_class("atelier-big")
        self.sector_legend = w.HTML()
        right = _vbox(
            [_hbox([self.big, self.trajectory.figure]),
             _hbox([_vbox([self.sector_bars.figure, self.sector_legend]),
                   self.waterfall.figure])],
            width="825px",
        )
        return _hbox([left, right])

    def _build_prospective(self) -> w.Widget:
        m = self.model
        self.presets_legend = w.HTML()
        self.narrative = w.HTML(layout=w.Layout(width="500px", height="470px",
                                                overflow="hidden auto"))
        self.narrative.add_class("atelier-narrative-box")
        self.preset_dropdown = w.Dropdown(
            options=[(sid, sid) for sid in m.scenarios], layout=w.Layout(width="220px")
        )
        self.preset_button = w.Button(layout=w.Layout(width="260px"))
        self.preset_button.on_click(self._on_preset)
        self.narrative_title = w.HTML()
        right = _vbox([self.narrative_title, self.narrative,
                       _hbox([self.preset_dropdown, self.preset_button])],
                      width="530px", margin="0 0 0 10px")
        return _hbox([_vbox([self.presets_chart.figure, self.presets_legend]), right])

    def _build_teams(self) -> w.Widget:
        self.teams_legend = w.HTML()
        self.teams_summary = w.HTML()
        self.save_round_button = w.Button(button_style="primary", layout=w.Layout(width="280px"))
        self.save_round_button.on_click(self._on_save_round)
        self.rounds_title = w.HTML()
        self.rounds_select = w.Select(options=[], rows=4, layout=w.Layout(width="280px"))
        self.load_round_button = w.Button(layout=w.Layout(width="280px"))
        self.load_round_button.on_click(self._on_load_round)
        self.code_input = w.Text(layout=w.Layout(width="330px"))
        self.code_button = w.Button(layout=w.Layout(width="220px"))
        self.code_button.on_click(self._on_code)
        self.pdf_button = w.Button(layout=w.Layout(width="280px"))
        self.pdf_button.on_click(self._on_pdf)
        self.pdf_link = w.HTML()
        right = _vbox(
            [self.teams_summary,
             _hbox([self.save_round_button, self.pdf_button]),
             self.pdf_link,
             self.rounds_title,
             _hbox([self.rounds_select, self.load_round_button], align_items="flex-start"),
             _hbox([self.code_input, self.code_button])],
            width="720px", margin="0 0 0 6px",
        )
        return _hbox([_vbox([self.teams_chart.figure, self.teams_legend], width="540px"),
                      right])

    def _sector_rows(self, sector: str) -> list[w.Widget]:
        """The lever rows of ``sector``, built the first time the sector is shown."""
        if sector in self.lever_boxes:
            return self.lever_boxes[sector]
        rows = []
        for lever in self.model.levers:
            if lever.sector != sector:
                continue
            title = w.HTML(layout=w.Layout(width="205px"))
            title.add_class("atelier-lever-title")
            buttons = w.ToggleButtons(
                options=[(str(i), i) for i in range(MAX_LEVEL + 1)],
                value=self.session.level(lever.id),
            )
            buttons.style.button_width = "38px"
            buttons.add_class("lever-buttons")
            buttons.add_class(f"lever-{lever.id}")  # stable hook for browser tests
            buttons.observe(lambda c, lid=lever.id: self._on_level(lid, c), "value")
            label = w.HTML(layout=w.Layout(width="420px"))
            label.add_class("atelier-lever-level")
            self.lever_widgets[lever.id] = (title, buttons, label)
            title.value = html.escape(lever_title(lever, self.lang))
            self._update_lever_label(lever.id)
            rows.append(_vbox([_hbox([title, buttons], align_items="center"), label],
                              margin="0 0 8px 0", flex="0 0 auto"))
        self.lever_boxes[sector] = rows
        return rows

    # ------------------------------------------------------------------ helpers
    def _sectors(self) -> tuple[str, ...]:
        return self.sector_ids

    def _sector_label(self, sector: str) -> str:
        return self.model.sector_label(sector, lang=self.lang)

    def _legend(self) -> str:
        parts = [
            f'<span style="white-space:nowrap"><span style="display:inline-block;width:18px;'
            f'height:18px;background:{theme.SECTOR_COLORS.get(s, theme.GREY)};'
            f'vertical-align:middle"></span>&nbsp;{html.escape(self._sector_label(s))}</span>'
            for s in self._sectors()
        ]
        return '<div style="font-size:18px">' + " &nbsp; ".join(parts) + "</div>"

    def _today_2050_legend(self) -> str:
        swatch = ('<span style="display:inline-block;width:18px;height:18px;background:{};'
                  'vertical-align:middle"></span>&nbsp;{}')
        return ('<div style="font-size:18px;text-align:center">'
                + swatch.format(theme.TODAY, html.escape(tr("today", self.lang)))
                + " &nbsp; " + swatch.format(theme.BLUE, "2050") + "</div>")

    def _set_status(self, text: str) -> None:
        self.status_text = text
        text = html.escape(text)
        self.status.value = f'<span class="atelier-status" title="{text}">{text}</span>'

    def _territory_name(self) -> str:
        t = self.model.territories[self.session.territory]
        return t.name_fr if self.lang == "fr" else t.name_en

    # ------------------------------------------------------------------ callbacks
    def _on_level(self, lever_id: str, change) -> None:
        if self._syncing:
            return
        if self.session.set_level(lever_id, int(change["new"])):
            self._update_lever_label(lever_id)
            self.request_render()

    def _on_team(self, change) -> None:
        if self._syncing or change["new"] is None:
            return
        self.session.select_team(int(change["new"]))
        self.request_render()

    def _on_add_team(self, _button=None) -> None:
        if not self.session.can_add_team:
            return
        self.session.add_team()
        self.request_render()

    def _on_undo(self, _button=None) -> None:
        if not self.session.undo():
            self._set_status(tr("nothing_to_undo", self.lang))
            return
        self._set_status("")
        self.request_render()

    def _on_lang(self, _button=None) -> None:
        self.session.set_lang("en" if self.lang == "fr" else "fr")
        self.apply_lang()
        self._dirty = set(range(4))
        self.render()

    def _on_territory(self, change) -> None:
        if self._syncing:
            return
        if self.session.set_territory(change["new"]):
            self._dirty = set(range(4))
            self.request_render()

    def _on_tab(self, change) -> None:
        index = change["new"]
        if index is None:
            return
        content = self._ensure_tab(index)
        if not self._tab_slots[index].children:
            self._tab_slots[index].children = [content]
        if index in self._dirty:
            self._render_tab(index)

    def _on_lever_sector(self, _change=None) -> None:
        sector = self.lever_sector.value
        if sector not in self.lever_lists:
            self.lever_lists[sector] = _vbox(self._sector_rows(sector), overflow="hidden auto",
                                             height="480px", width="100%")
        self.lever_panel.children = [self.lever_lists[sector]]

    @property
    def lever_list(self) -> w.VBox:
        """The list of lever rows shown now (the selected sector's)."""
        return self.lever_panel.children[0]

    def _on_reset(self, _button=None) -> None:
        if self.session.reset_team():
            self.request_render()

    def _on_preset(self, _button=None) -> None:
        scenario = self.model.scenarios[self.preset_dropdown.value]
        if self.session.set_levels(dict(scenario.levels)):
            self.request_render()

    def _on_save_round(self, _button=None) -> None:
        saved = self.session.save_round()
        self._set_status(tr("round_saved", self.lang, n=str(saved.number)))
        self.request_render()

    def _on_load_round(self, _button=None) -> None:
        if self.rounds_select.value is None:
            return
        self.session.load_round(int(self.rounds_select.value))
        self.request_render()

    def _on_code(self, _button=None) -> None:
        self.restore_code(self.code_input.value)

    def _on_draw(self, _button=None) -> None:
        deck = self.deck_dropdown.value
        deck_cards = [c for c in self._cards_cache if c.deck == deck]
        self._draws += 1
        self.cards.draw(deck_cards, CARDS_PER_DRAW, seed=self._seed * 1000 + self._draws)
        self.cards_result.value = ""
        self._render_cards()

    def _on_move(self, index: int, delta: int) -> None:
        if self.cards.move(index, delta):
            self._render_cards()

    def _on_reveal(self, _button=None) -> None:
        if not self.cards.cards:
            return
        ok = self.cards.reveal()
        self.cards_result.value = (
            f'<span style="font-size:22px;font-weight:bold">'
            f"{html.escape(tr('cards_score', self.lang, ok=str(ok), n=str(len(self.cards.cards))))}"
            "</span>"
        )
        self._render_cards()

    def _on_pdf(self, _button=None) -> None:
        from simulation.cards.roadmap import roadmap_pdf

        names = self.session.team_names()
        pdf = roadmap_pdf(
            self.model, territory=self.session.territory, levels=self.session.levels(),
            team=names[self.session.active], code=self.session.code(), lang=self.lang,
        )
        b64 = base64.b64encode(pdf).decode("ascii")
        filename = f"feuille-de-route-{self.session.active + 1}.pdf"
        self.pdf_link.value = (
            f'<a download="{filename}" href="data:application/pdf;base64,{b64}" '
            f'style="font-size:20px;font-weight:bold">{html.escape(tr("download", self.lang))}'
            "</a>"
        )
        self.last_pdf = pdf

    # ------------------------------------------------------------------ public actions
    def request_render(self) -> None:
        """Redraw after a change (throttled: bursts of clicks fold into one redraw)."""
        self._dirty = set(range(4))
        self.render_throttle()

    def restore_code(self, code: str) -> bool:
        """Apply a pathway code to the active team; show an error message if invalid."""
        try:
            self.session.restore_code(code)
        except AtelierError as exc:
            self._set_status(tr("bad_code", self.lang, error=str(exc)))
            return False
        self._set_status(tr("code_restored", self.lang))
        self._dirty = set(range(4))
        self.render()
        return True

    def restore_from_url(self) -> None:
        """Apply ``?lang=`` and ``?code=`` of the page that opened this kernel (Voilà)."""
        self.restore_from_query(query_string())

    def restore_from_query(self, query_string: str | None) -> None:
        """Apply ``?lang=`` and ``?code=`` from the page's URL query string."""
        lang = parse_query_lang(query_string)
        if lang and lang != self.lang:
            self.session.set_lang(lang)
            self.apply_lang()
            self._dirty = set(range(4))
            self.render()
        code = parse_query_code(query_string)
        if code:
            self.restore_code(code)

    # ------------------------------------------------------------------ language
    def apply_lang(self) -> None:
        """Set every static text in the session's language (built tabs only)."""
        lang = self.lang
        for i, key in enumerate(("tab_sources", "tab_levers", "tab_prospective", "tab_teams")):
            self.tabs.set_title(i, tr(key, lang))
        self.add_team_button.description = tr("add_team", lang)
        self.undo_button.description = tr("undo", lang)
        self.lang_button.description = tr("lang_button", lang)
        for index, setter in enumerate(self._lang_setters):
            if self.is_built(index):
                setter()

    def _units(self) -> tuple[str, str]:
        return tr("unit_t", self.lang), tr("unit_kg", self.lang)

    def _sector_options(self) -> list[tuple[str, str]]:
        return [(_short(self._sector_label(s), 18), s) for s in self._sectors()]

    def _set_toggle_options(self, toggle: w.ToggleButtons) -> None:
        self._syncing = True
        try:
            value = toggle.value
            toggle.options = self._sector_options()
            toggle.value = value if value in self._sectors() else self._sectors()[0]
        finally:
            self._syncing = False

    def _heading(self, key: str) -> str:
        return (f'<div style="font-size:22px;font-weight:bold">'
                f"{html.escape(tr(key, self.lang))}</div>")

    def _lang_sources(self) -> None:
        lang = self.lang
        self.territory_label.value = f"<b>{html.escape(tr('territory', lang))}</b>&nbsp;"
        self._syncing = True
        try:
            self.territory_dropdown.options = [
                (t.name_fr if lang == "fr" else t.name_en, tid)
                for tid, t in self.model.territories.items()
            ]
            self.territory_dropdown.value = self.session.territory
        finally:
            self._syncing = False
        self._set_toggle_options(self.item_sector)
        self.footprint.relabel(
            tr("chart_footprint", lang, year=str(int(self.years[0]))), *self._units()
        )
        self.cards_title.value = self._heading("cards_title")
        self.deck_label.value = f"<b>{html.escape(tr('deck', lang))}</b>&nbsp;"
        self.draw_button.description = tr("draw", lang)
        self.reveal_button.description = tr("reveal", lang)
        self.cards_hint.value = html.escape(tr("cards_hint", lang))
        self._refresh_decks()

    def _lang_levers(self) -> None:
        lang = self.lang
        self._set_toggle_options(self.lever_sector)
        self._on_lever_sector()
        for lever_id, (title, _buttons, _label) in self.lever_widgets.items():
            title.value = html.escape(lever_title(self.model.lever(lever_id), lang))
            self._update_lever_label(lever_id)
        self.reset_button.description = tr("reset", lang)
        self.trajectory.relabel(tr("chart_trajectory", lang), *self._units())
        self.sector_bars.relabel(tr("chart_sectors", lang), *self._units())
        self.sector_legend.value = self._today_2050_legend()
        self.waterfall.relabel(tr("chart_waterfall", lang), *self._units())

    def _lang_prospective(self) -> None:
        lang = self.lang
        self.presets_chart.relabel(tr("chart_presets", lang), *self._units())
        self.presets_legend.value = self._legend()
        self.narrative_title.value = self._heading("narrative_title")
        self.preset_button.description = tr("apply_preset", lang)
        value = self.preset_dropdown.value
        self.preset_dropdown.options = [
            (sc.title_fr if lang == "fr" else sc.title_en, sid)
            for sid, sc in self.model.scenarios.items()
        ]
        self.preset_dropdown.value = value if value in self.model.scenarios else next(
            iter(self.model.scenarios))

    def _lang_teams(self) -> None:
        lang = self.lang
        self.teams_chart.relabel(tr("chart_teams", lang), *self._units())
        self.teams_legend.value = self._legend()
        self.save_round_button.description = tr("save_round", lang)
        self.load_round_button.description = tr("load_round", lang)
        self.rounds_title.value = f"<b>{html.escape(tr('rounds', lang))}</b>"
        self.code_button.description = tr("restore_code", lang)
        self.code_input.placeholder = tr("code_placeholder", lang)
        self.pdf_button.description = tr("export_pdf", lang)

    def _refresh_decks(self) -> None:
        self._cards_territory = self.session.territory
        try:
            self._cards_cache = self._load_cards(self.session.territory)
        except (AtelierError, ImportError, OSError) as exc:
            self._cards_cache = []
            self.cards_hint.value = html.escape(tr("cards_missing", self.lang, error=str(exc)))
        decks = list(dict.fromkeys(c.deck for c in self._cards_cache))
        value = self.deck_dropdown.value
        self.deck_dropdown.options = [(self._sector_label(d), d) for d in decks]
        if decks:
            self.deck_dropdown.value = value if value in decks else decks[0]
        self._render_cards()

    def _update_lever_label(self, lever_id: str) -> None:
        lever = self.model.lever(lever_id)
        _title, _buttons, label = self.lever_widgets[lever_id]
        level = self.session.level(lever_id)
        text = html.escape(level_label(lever, level, self.lang))
        label.value = f'<span title="{text}">{text}</span>'

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        """Redraw the header, the lever buttons and the visible tab from the session."""
        s = self.session
        self._syncing = True
        try:
            names = s.team_names()
            self.team_buttons.options = list(zip(names, range(len(names)), strict=True))
            self.team_buttons.value = s.active
            self.territory_dropdown.value = s.territory
            levels = s.levels()
            for lever_id, (_title, buttons, _label) in self.lever_widgets.items():
                if buttons.value != levels[lever_id]:
                    buttons.value = levels[lever_id]
                    self._update_lever_label(lever_id)
        finally:
            self._syncing = False
        self.add_team_button.disabled = not s.can_add_team
        self.undo_button.disabled = not s.can_undo
        colon = "&nbsp;: " if self.lang == "fr" else ": "
        self.code_html.value = (
            f"&nbsp;{html.escape(tr('code_short', self.lang))}{colon}"
            f'<span class="atelier-code">{html.escape(s.code())}</span>&nbsp;'
        )
        self._render_tab(self.tabs.selected_index or 0)

    def _render_tab(self, index: int) -> None:
        if not self.is_built(index):
            return
        (self._render_sources, self._render_levers, self._render_prospective,
         self._render_teams)[index]()
        self._dirty.discard(index)

    def _render_sources(self) -> None:
        if self._cards_territory != self.session.territory:
            self._refresh_decks()
        base = self._baseline(self.session.territory)
        sectors = self._sectors()
        values = base.sector_values(int(base.years[0]))
        sep = "\u00a0: " if self.lang == "fr" else ": "
        self.footprint.update(
            [f"{self._sector_label(s)}{sep}{format_co2(values[s], lang=self.lang)}"
             for s in sectors],
            [values[s] for s in sectors],
            [theme.SECTOR_COLORS.get(s, theme.GREY) for s in sectors],
        )
        sector = self.item_sector.value or sectors[0]
        items = base.items.get(sector, {})
        pairs = sorted(((float(v[0]), k) for k, v in items.items()), reverse=True)
        labels = [self.model.item_label(k, lang=self.lang) for _v, k in pairs]
        values = [v for v, _k in pairs]
        if len(pairs) > ITEMS_MAX_BARS:  # fold the smallest items so the bars stay readable
            keep = ITEMS_MAX_BARS - 1
            labels = [*labels[:keep], tr("others", self.lang)]
            values = [*values[:keep], sum(values[keep:])]
        if pairs:
            self.items_chart.update(
                [f"{_short(label, 22)}{sep}{format_co2(v, lang=self.lang)}"
                 for label, v in zip(labels, values, strict=True)],
                values,
                [theme.SECTOR_COLORS.get(sector, theme.GREY)] * len(values),
            )
        self.items_chart.relabel(
            tr("chart_items", self.lang, sector=self._sector_label(sector)),
            tr("unit_t", self.lang), tr("unit_kg", self.lang),
        )

    def _render_levers(self) -> None:
        s = self.session
        levels = s.levels()
        result = self._evaluate(levels)
        total_2050 = float(result.value(2050))
        today = float(result.total[0])
        target = float(self.model.target_2050_kg)
        self.big.value = self._big_number_html(total_2050, today, target, int(result.years[0]))
        band = self.model.uncertainty(levels, territory=s.territory, n=BAND_DRAWS, seed=0)
        self.trajectory.update(
            result.years, result.total, band.total_low,
            band.total_high, target,
        )
        sectors = self._sectors()
        now = result.sector_values(int(result.years[0]))
        then = result.sector_values(2050)
        self.sector_bars.update(
            [self._sector_label(x) for x in sectors],
            [[now[x] for x in sectors], [then[x] for x in sectors]],
        )
        self._render_waterfall(levels, total_2050)

    def _render_waterfall(self, levels: dict[str, int], total_2050: float) -> None:
        base_2050 = float(self._baseline(self.session.territory).value(2050))
        contrib = self.model.attribution(levels, territory=self.session.territory) if any(
            v > 0 for v in levels.values()) else {}
        ranked = sorted(contrib.items(), key=lambda kv: -abs(kv[1]))
        shown = ranked[:WATERFALL_MAX_BARS]
        rest = sum(v for _k, v in ranked[WATERFALL_MAX_BARS:])
        labels = [_short(lever_title(self.model.lever(k), self.lang), 22) for k, _v in shown]
        steps = [v for _k, v in shown]
        if len(ranked) > WATERFALL_MAX_BARS:
            labels.append(tr("others", self.lang))
            steps.append(rest)
        self.waterfall.update(
            tr("no_lever", self.lang), labels, "2050", base_2050, steps
        )

    def _big_number_html(self, total_kg: float, today_kg: float, target_kg: float,
                         year0: int) -> str:
        lang = self.lang
        change = total_kg / today_kg - 1.0 if today_kg else 0.0
        gap = total_kg - target_kg
        gap_text = (
            tr("target_reached", lang) if gap <= 0
            else tr("target_gap", lang, gap=format_co2(gap, lang=lang))
        )
        color = theme.BLUISH_GREEN if gap <= 0 else theme.VERMILLION
        e = html.escape
        big = format_co2(total_kg, lang=lang, digits=BIG_DIGITS)
        return (
            f'<div class="place">{e(tr("in_2050", lang))} · {e(self._territory_name())}</div>'
            f'<div class="big" data-testid="total-2050">{e(big)}</div>'
            f'<div class="sub">{e(tr("per_person", lang))}</div>'
            f'<div class="pct">{e(format_percent(change, lang=lang, signed=True))}</div>'
            f'<div class="sub">{e(tr("vs_today", lang, year=str(year0)))}</div>'
            f'<div class="sub">{e(tr("target", lang))}{"&nbsp;: " if lang == "fr" else ": "}'
            f"{e(format_co2(target_kg, lang=lang))}</div>"
            f'<div class="sub" style="color:{color};font-weight:bold">{e(gap_text)}</div>'
        )

    def _render_prospective(self) -> None:
        s = self.session
        sectors = self._sectors()
        mine = self._evaluate(s.levels())
        results = [(tr("ours", self.lang), mine)]
        scenarios = self._scenario_results(s.territory)
        # the trend first, next to the group's pathway, then S1..S4 in data order
        order = sorted(scenarios, key=lambda sid: sid != "tendanciel")
        for sid, res in ((sid, scenarios[sid]) for sid in order):
            sc = self.model.scenarios[sid]
            title = sc.title_fr if self.lang == "fr" else sc.title_en
            results.append((_scenario_short(title), res))
        labels = [name for name, _r in results]
        values = [[r.sector_values(2050)[x] for _n, r in results] for x in sectors]
        self.presets_chart.update(labels, values, self.model.target_2050_kg)
        levels = s.levels()
        effects = (self.model.attribution(levels, territory=s.territory)
                   if any(v > 0 for v in levels.values()) else {})
        self.narrative.value = narrative_html(
            self.model.levers, levels, float(mine.value(2050)), float(mine.total[0]),
            int(mine.years[0]), self.lang, effects=effects, sector_label=self._sector_label,
            sector_order=self.sector_ids,
        )

    def _render_teams(self) -> None:
        s = self.session
        self._syncing = True
        try:
            self.rounds_select.options = [
                (tr("round_label", self.lang, n=str(r.number)), r.number) for r in s.rounds
            ]
        finally:
            self._syncing = False
        self.load_round_button.disabled = not s.rounds
        sectors = self._sectors()
        names = s.team_names()
        results = [self._evaluate(s.levels(i)) for i in range(len(s.teams))]
        values = [[r.sector_values(2050)[x] for r in results] for x in sectors]
        self.teams_chart.update(names, values, self.model.target_2050_kg)
        rows = "".join(
            f"<tr><td style='white-space:nowrap'><b>{html.escape(name)}</b></td>"
            "<td style='text-align:right;white-space:nowrap'>"
            f"{html.escape(format_co2(float(r.value(2050)), lang=self.lang))}</td>"
            f"<td style='text-align:right'>{len(s.active_levels(i))}</td>"
            f"<td style='white-space:nowrap'><span class='atelier-code'>"
            f"{html.escape(s.code(i))}</span></td></tr>"
            for i, (name, r) in enumerate(zip(names, results, strict=True))
        )
        head = ("<tr><th></th><th>2050</th><th>leviers</th><th>code</th></tr>" if self.lang == "fr"
                else "<tr><th></th><th>2050</th><th>levers</th><th>code</th></tr>")
        self.teams_summary.value = (
            f'<table style="font-size:18px;border-spacing:8px 2px">{head}{rows}</table>'
        )

    def _render_cards(self) -> None:
        lang = self.lang
        cards = self.cards.cards
        for i, (up, down, text) in enumerate(self.card_rows):
            visible = i < len(cards)
            for widget in (up, down, text):
                widget.layout.visibility = "visible" if visible else "hidden"
            if not visible:
                continue
            card = cards[i]
            up.disabled = self.cards.revealed or i == 0
            down.disabled = self.cards.revealed or i == len(cards) - 1
            title = card.title_fr if lang == "fr" else card.title_en
            value = ""
            if self.cards.revealed:
                shown = card.display_fr if lang == "fr" else card.display_en
                rank = [c.id for c in self.cards.right_order()].index(card.id) + 1
                right = self.cards.right_order()[i].value_kg == card.value_kg
                mark, css = ("✓", "atelier-card-ok") if right else (f"→ {rank}",
                                                                    "atelier-card-rank")
                value = (f' — <span class="atelier-card-value">{html.escape(shown)}</span>'
                         f' <span class="{css}">{html.escape(mark)}</span>')
            text.value = f"<b>{i + 1}.</b> {html.escape(title)}{value}"


class ErrorPage:
    """What the room sees when the data cannot be loaded: the problems, in French.

    Voilà hides tracebacks (and should); without this page the facilitator would only read
    "There was an error when executing cell". Each problem names ``path:line: column``.
    """

    def __init__(self, error: AtelierError) -> None:
        self.error = error
        head, *problems = str(error).splitlines() or [""]
        lines = f"<p>{html.escape(head)}</p><ul>" + "".join(
            f"<li>{html.escape(line)}</li>" for line in problems) + "</ul>"
        self.widget = w.VBox([
            w.HTML(theme.CSS),
            w.HTML(
                '<div class="atelier-error"><h2>Le tableau de bord ne peut pas démarrer</h2>'
                "<p>Les données du projet contiennent des erreurs ; corrigez-les (la commande "
                "<code>atelier model summary</code> les liste aussi), puis rechargez la "
                f"page.</p>{lines}</div>"
            ),
        ])
        self.widget.add_class("atelier")

    def restore_from_url(self) -> None:
        """Nothing to restore (same interface as :class:`AtelierApp`)."""
        query_string()  # a preheated kernel still waits for its visitor


def load_app(**kwargs) -> AtelierApp | ErrorPage:
    """Build the dashboard, or a readable error page when the data is invalid.

    Keyword arguments go to :class:`AtelierApp`.
    """
    kernel_guard.install()  # tracebacks and stderr to the server log, never to the page
    try:
        return AtelierApp(**kwargs)
    except AtelierError as exc:
        return ErrorPage(exc)


def show() -> w.Widget:
    """Build the dashboard and return its root widget (for a notebook cell)."""
    return load_app().widget


__all__ = ["MAX_TEAMS", "AtelierApp", "ErrorPage", "load_app", "show"]
