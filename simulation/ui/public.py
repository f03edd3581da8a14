"""The public's self-guided page (``dashboards/decouverte.ipynb``), for one person alone.

Five steps in plain French (English on request): understand what a footprint is and what
2 t means; guess where our emissions come from; try the levers and see 2050; compare with
the scenarios; share the pathway with a code, a link and a QR code. No teams, no rounds.
It reuses the facilitator's parts: the session, the view-model, the footprint, levers and
foresight components, and the text catalogue.
"""

from __future__ import annotations

import ipywidgets as w

from simulation.exceptions import AtelierError
from simulation.texts import t
from simulation.ui import theme, viewmodel
from simulation.ui.components import Syncing, box, set_options
from simulation.ui.components import html as html_widget
from simulation.ui.components.fragments import code_box, e, hbars, heading, paragraph, qr_svg
from simulation.ui.components.levers import LeversTab
from simulation.ui.components.prospective import ProspectiveTab
from simulation.ui.state import parse_query_code, parse_query_lang
from simulation.ui.throttle import Throttle
from simulation.ui.voila_request import page_base_url, query_string

INTRO, GUESS, LEVERS, COMPARE, SHARE = range(5)


class PublicApp:
    """The self-guided page; ``app.widget`` is what the notebook displays.

    Parameters
    ----------
    model : Model, optional
        Default: :func:`simulation.model.load_model`.
    """

    def __init__(self, model=None) -> None:
        self.calc, self.session = viewmodel.Calculator.open(model)
        self.model = model = self.calc.model
        self.step = INTRO
        self.guess: str | None = None
        self.sector = model.sectors[0]
        self.base_url = ""
        self.status = ""
        self._sync = Syncing()
        # navigation
        self.progress = html_widget("atelier-progress")
        self.previous = w.Button()
        self.previous.on_click(lambda _b: self.go(self.step - 1))
        self.next = w.Button(button_style="primary")
        self.next.on_click(lambda _b: self.go(self.step + 1))
        self.lang = w.Button()
        self.lang.add_class("atelier-lang")
        self.lang.on_click(lambda _b: self._toggle_lang())
        self.territory = w.Dropdown()
        self.territory.observe(lambda c: None if self._sync.on else self._on_territory(c["new"]),
                               "value")
        # steps
        self.intro = html_widget("atelier-public-text")
        self.guess_question = html_widget()
        self.guess_buttons = w.ToggleButtons(value=None)
        self.guess_buttons.add_class("atelier-choices")
        self.guess_buttons.observe(lambda c: None if self._sync.on or c["new"] is None
                                   else self._on_guess(c["new"]), "value")
        self.guess_answer = html_widget()
        self.footprint = html_widget("atelier-chart-box")
        self.levers_help = html_widget()
        self.levers = LeversTab(self._on_level, self._on_sector, self._on_reset)
        self.compare_help = html_widget()
        self.compare = ProspectiveTab(self._on_preset)
        self.share = html_widget("atelier-public-text")
        self.pages = [
            box([self.intro], "atelier-col", vertical=True),
            box([self.guess_question, self.guess_buttons, self.guess_answer, self.footprint],
                "atelier-col", vertical=True),
            box([self.levers_help, self.levers.widget], vertical=True),
            box([self.compare_help, self.compare.widget], vertical=True),
            box([self.share], "atelier-col", vertical=True),
        ]
        self.body = box([], vertical=True, width="100%")
        nav = box([self.previous, self.progress, self.next], "atelier-public-nav")
        top = box([self.territory, self.lang], "atelier-inline atelier-header-end")
        self.status_line = html_widget("atelier-status-box")
        self.widget = w.VBox([w.HTML(theme.CSS), box([nav, top], "atelier-header"),
                              self.status_line, self.body])
        self.widget.add_class("atelier")
        self.widget.add_class("atelier-public")
        self.render_throttle = Throttle(self.render)
        self.render()

    @property
    def lang_code(self) -> str:
        return self.session.lang

    # ------------------------------------------------------------------ actions
    def go(self, step: int) -> None:
        """Show step ``step`` (0–4)."""
        self.step = max(INTRO, min(step, SHARE))
        self.render()

    def _toggle_lang(self) -> None:
        self.session.set_lang("en" if self.lang_code == "fr" else "fr")
        self.render()

    def _on_territory(self, territory: str) -> None:
        if self.session.set_territory(territory):
            self.render()

    def _on_guess(self, sector: str) -> None:
        self.guess = sector
        self.render()

    def _on_level(self, lever_id: str, level: int) -> None:
        if self.session.set_level(lever_id, level):
            self.render_throttle()

    def _on_sector(self, sector: str) -> None:
        self.sector = sector
        self.render()

    def _on_reset(self) -> None:
        if self.session.reset_team():
            self.render()

    def _on_preset(self, scenario: str) -> None:
        if self.session.set_levels(dict(self.model.scenarios[scenario].levels)):
            self.render()

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        """Show the navigation and the current step."""
        lang, calc, s = self.lang_code, self.calc, self.session
        steps = viewmodel.steps_view(self.step, lang)
        self.progress.value = (f"<b>{e(steps.progress)}</b> · {e(steps.titles[steps.current])}")
        self.previous.description = steps.previous_label
        self.previous.disabled = self.step == INTRO
        self.next.description = steps.next_label
        self.next.disabled = self.step == SHARE
        self.lang.description = t("ui.lang_button", lang)
        with self._sync():
            set_options(self.territory, [viewmodel.Choice(tt.name(lang), tid)
                                         for tid, tt in self.model.territories.items()],
                        s.territory)
        self.status_line.value = (f'<span class="atelier-status">{e(self.status)}</span>'
                                  if self.status else "")
        if self.step == INTRO:
            view = viewmodel.intro_view(calc, s.territory, lang)
            self.intro.value = (heading(view.title, 2)
                                + "".join(paragraph(p, "atelier-public-p") for p in view.paragraphs)
                                + "".join(paragraph(g) for g in view.glossary))
        elif self.step == GUESS:
            view = viewmodel.guess_view(calc, s.territory, self.guess, lang)
            self.guess_question.value = heading(view.question)
            with self._sync():
                set_options(self.guess_buttons, view.sectors, view.guess or None)
            self.guess_answer.value = paragraph(view.answer, "atelier-public-p")
            footprint = viewmodel.sources_view(calc, s, lang)
            self.footprint.value = (hbars(footprint.footprint, footprint.footprint_title,
                                          "footprint") if view.revealed else "")
        elif self.step == LEVERS:
            self.levers_help.value = (paragraph(t("public.levers_help", lang), "atelier-public-p")
                                      + paragraph(t("glossary.band", lang))
                                      + paragraph(t("glossary.no_lever", lang))
                                      + paragraph(t("glossary.bbc", lang)))
            self.levers.show(viewmodel.levers_view(calc, s, lang, self.sector))
        elif self.step == COMPARE:
            self.compare_help.value = paragraph(t("public.compare_help", lang),
                                                "atelier-public-p")
            self.compare.show(viewmodel.prospective_view(calc, s, lang))
        else:
            view = viewmodel.share_view(s, self.base_url, lang)
            link = (f'<p><a href="{e(view.link)}" class="atelier-share-link">'
                    f"{e(view.link_label)}</a></p>{qr_svg(view.link)}" if view.link else "")
            self.share.value = (paragraph(view.help, "atelier-public-p")
                                + code_box(view.code_label, view.code, t("ui.copy", lang),
                                           t("ui.copied", lang)) + link)
        self.body.children = [self.pages[self.step]]

    # ------------------------------------------------------------------ URL
    def restore_from_url(self) -> None:
        """Apply ``?lang=`` and ``?code=`` of the page (Voilà), and remember its address."""
        import os

        self.restore_from_query(query_string(), page_base_url(os.environ))

    def restore_from_query(self, query: str | None, base_url: str = "") -> None:
        """Apply ``?lang=`` and ``?code=`` from a query string."""
        self.base_url = base_url
        lang = parse_query_lang(query)
        if lang:
            self.session.set_lang(lang)
        code = parse_query_code(query)
        if code:
            try:
                self.session.restore_code(code)
            except AtelierError as exc:
                self.status = t("ui.bad_code", self.lang_code, error=str(exc))
            else:
                self.step = LEVERS
        self.render()


def load_public_app(**kwargs):
    """Build the public page, or the readable error page when the data is invalid."""
    from simulation.ui.app import open_page

    return open_page(PublicApp, **kwargs)


__all__ = ["PublicApp", "load_public_app"]
