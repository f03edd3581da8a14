"""Tab 4, « Équipes et manches »: every team side by side, rounds, codes, the roadmap PDF."""

from __future__ import annotations

import ipywidgets as w

from simulation.ui.components import Syncing, box, html, set_options
from simulation.ui.components.fragments import (
    breakable_unit,
    code_box,
    e,
    paragraph,
    qr_svg,
    stacked_columns,
)
from simulation.ui.viewmodel import TeamsView


class TeamsTab:
    """Teams chart and table; save and reload rounds; restore a code; name a team; PDF.

    Parameters
    ----------
    on_save_round, on_pdf : callable
        Called without argument.
    on_load_round : callable
        ``on_load_round(number)``.
    on_code : callable
        ``on_code(text)``: a pathway or session code typed or pasted.
    on_rename : callable
        ``on_rename(name)``: the active team's new name.
    """

    title_key = "ui.tab_teams"

    def __init__(self, on_save_round, on_load_round, on_code, on_rename, on_pdf) -> None:
        self._sync = Syncing()
        self.chart = html("atelier-chart-box")
        self.table = html("atelier-table-box")
        self.name = w.Text()
        self.name.add_class("atelier-name")
        self.rename = w.Button()
        self.rename.on_click(lambda _b: on_rename(self.name.value))
        self.save = w.Button(button_style="primary")
        self.save.on_click(lambda _b: on_save_round())
        self.pdf = w.Button()
        self.pdf.on_click(lambda _b: on_pdf())
        self.pdf_link = html()
        self.session = html("atelier-session-box")
        self.rounds_title = html()
        self.rounds = w.Select(options=[], rows=4)
        self.load = w.Button()
        self.load.on_click(lambda _b: None if self.rounds.value is None
                           else on_load_round(int(self.rounds.value)))
        self.code = w.Text()
        self.code.add_class("atelier-code-input")
        self.apply_code = w.Button()
        self.apply_code.on_click(lambda _b: on_code(self.code.value))
        self.widget = box(
            [box([self.chart], "atelier-col", vertical=True),
             box([self.table, box([self.name, self.rename], "atelier-inline"),
                  box([self.save, self.pdf], "atelier-inline"), self.pdf_link,
                  self.rounds_title, box([self.rounds, self.load], "atelier-inline"),
                  box([self.code, self.apply_code], "atelier-inline"), self.session],
                 "atelier-col", vertical=True)],
            "atelier-row")

    def show(self, view: TeamsView, session=None) -> None:
        """Display ``view`` and the session's code (``session``: a SessionView or None)."""
        self.chart.value = stacked_columns(view.chart)
        self.session.value = "" if session is None else (
            code_box(session.label, session.code, view.copy_label, view.copied_label)
            + paragraph(session.help) + (qr_svg(session.link) if session.link else ""))
        head = "".join(f"<th>{e(h)}</th>" for h in view.headers)
        rows = "".join(
            f'<tr class="{"atelier-active" if r.active else ""}"><td><b>{e(r.name)}</b></td>'
            f'<td class="num">{breakable_unit(r.total)}</td><td class="num">{r.n_levers}</td>'
            f'<td><span class="atelier-code">{e(r.code)}</span></td></tr>'
            for r in view.rows)
        self.table.value = (f'<table class="atelier-table" data-testid="teams-table">'
                            f"<tr>{head}</tr>{rows}</table>")
        with self._sync():
            set_options(self.rounds, view.rounds, self.rounds.value)
        self.load.disabled = not view.rounds
        self.rounds.layout.display = None if view.rounds else "none"  # no empty list box
        self.rounds_title.value = f"<b>{e(view.rounds_title)}</b>"
        self.name.placeholder = view.name_label
        self.name.description = ""
        self.name.value = view.active_name  # the active team's, or « Renommer » copies another's
        self.rename.description = view.rename_label
        self.save.description = view.save_label
        self.pdf.description = view.pdf_label
        self.load.description = view.load_label
        self.apply_code.description = view.code_label
        self.code.placeholder = view.code_placeholder
