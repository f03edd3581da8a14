"""Tab 1, « D'où viennent nos émissions ? »: the footprint by sector and the card game."""

from __future__ import annotations

import ipywidgets as w

from simulation.ui.components import Syncing, box, html, set_options
from simulation.ui.components.fragments import e, figures, hbars, heading, paragraph
from simulation.ui.viewmodel import CardGameView, SourcesView

#: Rows of the card game (cards drawn at once).
CARDS_PER_DRAW = 5


class SourcesTab:
    """Footprint and sub-items of one sector.

    Parameters
    ----------
    on_territory, on_sector : callable
        ``on_territory(territory_id)``, ``on_sector(sector_id)``.
    """

    title_key = "ui.tab_sources"

    def __init__(self, on_territory, on_sector) -> None:
        self._sync = Syncing()
        self.territory_label = html("atelier-label")
        self.territory = w.Dropdown()
        self.territory.add_class("atelier-territory")
        self.territory.observe(lambda c: None if self._sync.on else on_territory(c["new"]),
                               "value")
        self.national = html("atelier-caveat")
        self.footprint = html("atelier-chart-box")
        self.sector = w.ToggleButtons()
        self.sector.add_class("atelier-choices")
        self.sector.observe(lambda c: None if self._sync.on else on_sector(c["new"]), "value")
        self.items = html("atelier-chart-box")
        self.figures = html("atelier-chart-box")
        self.widget = box([box([self.territory_label, self.territory], "atelier-inline"),
                           self.national, self.footprint, self.sector, self.items,
                           self.figures],
                          "atelier-col", vertical=True)

    def show(self, view: SourcesView) -> None:
        """Display ``view``."""
        with self._sync():
            set_options(self.territory, view.territories, view.territory)
            set_options(self.sector, view.sectors, view.sector)
        self.territory_label.value = f"<b>{e(view.territory_label)}</b>"
        self.national.value = paragraph(view.national_note, "atelier-caveat-text")
        self.footprint.value = hbars(view.footprint, view.footprint_title, "footprint")
        self.items.value = hbars(view.items, view.items_title, "items")
        self.figures.value = figures(view.figures_title, view.figures_note, view.figure_groups)
        self.figures.layout.display = None if view.figure_groups else "none"


class CardGameTab:
    """The GES card game (draw, rank, reveal).

    Parameters
    ----------
    on_deck, on_draw, on_reveal, on_move : callable
        ``on_deck(deck_id)``, ``on_draw()``, ``on_reveal()``, ``on_move(index, delta)``.
    """

    def __init__(self, on_deck, on_draw, on_reveal, on_move) -> None:
        self._sync = Syncing()
        self.title = html()
        self.deck_label = html("atelier-label")
        self.deck = w.Dropdown()
        self.deck.observe(lambda c: None if self._sync.on else on_deck(c["new"]), "value")
        self.draw = w.Button(button_style="primary")
        self.draw.on_click(lambda _b: on_draw())
        self.reveal = w.Button(button_style="warning")
        self.reveal.on_click(lambda _b: on_reveal())
        self.hint = html("atelier-note")
        self.rows = []
        for i in range(CARDS_PER_DRAW):
            up = w.Button(description="▲", tooltip="▲")
            down = w.Button(description="▼", tooltip="▼")
            for b in (up, down):
                b.add_class("atelier-move")
            up.on_click(lambda _b, i=i: on_move(i, -1))
            down.on_click(lambda _b, i=i: on_move(i, +1))
            text = html("atelier-card")
            self.rows.append((up, down, text, box([up, down, text], "atelier-card-row")))
        self.result = html()
        self.widget = box(
            [self.title, box([self.deck_label, self.deck, self.draw, self.reveal],
                             "atelier-inline"),
             self.hint, *[r[3] for r in self.rows], self.result],
            "atelier-col atelier-game", vertical=True)

    def show(self, view: CardGameView) -> None:
        """Display ``view``."""
        with self._sync():
            set_options(self.deck, view.decks, view.deck)
        self.title.value = heading(view.title)
        self.deck_label.value = f"<b>{e(view.deck_label)}</b>"
        self.draw.description = view.draw_label
        self.reveal.description = view.reveal_label
        self.reveal.disabled = view.revealed or not view.rows
        self.hint.value = paragraph(view.error or view.hint)
        for i, (up, down, text, row) in enumerate(self.rows):
            if i >= len(view.rows):
                row.layout.display = "none"
                continue
            card = view.rows[i]
            row.layout.display = None
            up.disabled, down.disabled = not card.can_up, not card.can_down
            up.layout.display = down.layout.display = "none" if view.revealed else None
            value = ""
            if view.revealed:
                css = "atelier-card-ok" if card.right_place else "atelier-card-rank"
                value = (f'<div class="atelier-card-reveal"><b class="atelier-card-value">'
                         f'{e(card.value)}</b> <span class="{css}">{e(card.mark)}</span></div>'
                         f'<div class="atelier-bar-track"><div class="atelier-bar" '
                         f'style="width:{100 * card.bar:.1f}%"></div></div>')
            text.value = (f'<div><b>{card.position}.</b> <b>{e(card.title)}</b></div>'
                          f'<div class="atelier-card-detail">{e(card.detail)}</div>{value}')
        self.result.value = (f'<div class="atelier-score">{e(view.score)}</div>'
                             f'{paragraph(view.score_note)}' if view.score else "")
