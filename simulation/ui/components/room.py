"""The « Salle en direct » panel, above the tabs when the dashboard shows a live room.

Left: the room code and the QR code of the participant page. Right: the round's status,
the mode of the next round, open / lock / reveal, reset a team, end the room, the exports.
Below: every team live (members, levers, 2050 total) and the votes per lever. Every text
typed by participants is escaped here (:func:`html.escape`).
"""

from __future__ import annotations

import ipywidgets as w

from simulation.ui.components import Syncing, box, html, set_options
from simulation.ui.components.fragments import e, qr_svg
from simulation.ui.room_view import RoomPanelView

#: Styles of the panel (the dashboard's theme holds the rest).
CSS = """<style>
.atelier-room { border: 2px solid #005f73; border-radius: 6px; padding: 0.4em 0.8em;
  margin: 0.4em 0; background: #f4f9fa; }
.atelier-room-join { text-align: center; min-width: 12em; }
.atelier-room-code { font: 700 2.2em/1.1 ui-monospace, monospace; letter-spacing: 0.08em;
  color: #005f73; }
.atelier-room-join .atelier-qr svg { width: 11em; height: 11em; }
.atelier-room-address { font-size: 0.95em; word-break: break-all; }
.atelier-room-status { font-size: 1.25em; font-weight: bold; margin: 0.2em 0; }
.atelier-room-status[data-room-status="open"] { color: #007A5A; }
.atelier-room-status[data-room-status="locked"] { color: #C44E00; }
.atelier-room-votes { font-size: 0.9em; margin: 0.2em 0 0.4em 1em; }
.atelier-room-votes li { list-style: none; }
.atelier-room .atelier-table td.members { font-size: 0.85em; color: #444; max-width: 18em;
  overflow-wrap: anywhere; }
.atelier-room-bar .widget-button { font-weight: bold; }
</style>"""


class RoomPanel:
    """The panel's widgets; callbacks receive what was clicked.

    Parameters
    ----------
    on_open : callable
        ``on_open(mode)`` with ``"set"`` or ``"vote"``.
    on_lock, on_reveal, on_end, on_toggle : callable
        Called without argument.
    on_reset : callable
        ``on_reset(team_index)``.
    on_export : callable
        ``on_export(kind)`` with ``"csv"`` or ``"json"``.
    """

    def __init__(self, on_open, on_lock, on_reveal, on_reset, on_end, on_export,
                 on_toggle) -> None:
        self._sync = Syncing()
        self.join = html("atelier-room-join")
        self.status = html()
        self.mode = w.ToggleButtons(options=[("set", "set")], value="set")
        self.open = w.Button(button_style="primary")
        self.open.on_click(lambda _b: on_open(self.mode.value))
        self.lock = w.Button(button_style="warning")
        self.lock.on_click(lambda _b: on_lock())
        self.reveal = w.Button(button_style="success")
        self.reveal.on_click(lambda _b: on_reveal())
        self.team = w.Dropdown(options=[], layout=w.Layout(width="12em"))
        self.reset = w.Button()
        self.reset.on_click(lambda _b: None if self.team.value is None
                            else on_reset(int(self.team.value)))
        self.end = w.Button(button_style="danger")
        self.end.on_click(lambda _b: on_end())
        self.csv = w.Button()
        self.csv.on_click(lambda _b: on_export("csv"))
        self.json = w.Button()
        self.json.on_click(lambda _b: on_export("json"))
        self.download = html()
        self.teams = html("atelier-table-box")
        self.toggle = w.Button()
        self.toggle.add_class("atelier-header-button")
        self.toggle.on_click(lambda _b: on_toggle())
        for b in (self.open, self.lock, self.reveal):
            b.add_class("atelier-room-action")
        controls = box(
            [self.status,
             box([self.mode, self.open, self.lock, self.reveal], "atelier-inline atelier-room-bar"),
             box([self.team, self.reset, self.end], "atelier-inline"),
             box([self.csv, self.json, self.download], "atelier-inline"),
             self.teams],
            "atelier-col", vertical=True)
        self.body = box([self.join, controls], "atelier-row")
        self.widget = box([w.HTML(CSS), self.toggle, self.body], "atelier-room", vertical=True)

    def show(self, view: RoomPanelView, hidden: bool = False) -> None:
        """Display ``view`` (``hidden``: only the button that shows the panel again)."""
        self.toggle.description = view.show_label if hidden else view.hide_label
        self.body.layout.display = "none" if hidden else None
        self.join.value = (
            f'<div class="atelier-h">{e(view.title)}</div>'
            f'<div>{e(view.code_label)}</div>'
            f'<div class="atelier-room-code" data-testid="room-code">{e(view.code)}</div>'
            + (qr_svg(view.link, scale=5) if view.link else "")
            + f'<div class="atelier-room-scan">{e(view.scan)}</div>'
            f'<div class="atelier-room-address" data-testid="room-link">{e(view.address)}</div>')
        self.status.value = (
            f'<div class="atelier-room-status" data-testid="room-status" '
            f'data-room-status="{e(view.status)}" data-room-version="{view.version}">'
            f"{e(view.status_text)}</div><div>{e(view.participants)}</div>")
        with self._sync():
            set_options(self.mode, view.modes, self.mode.value)
            set_options(self.team, view.team_choices,
                        self.team.value if self.team.value is not None
                        else next((c.value for c in view.team_choices), None))
        self.mode.description = ""
        self.mode.tooltip = view.mode_label
        self.open.description = view.open_label
        self.lock.description = view.lock_label
        self.reveal.description = view.reveal_label
        self.reset.description = view.reset_label
        self.end.description = view.end_label
        self.csv.description, self.json.description = view.export_labels
        self.open.disabled = not view.can_open
        self.mode.disabled = not view.can_open
        self.lock.disabled = not view.can_lock
        self.reveal.disabled = not view.can_reveal
        self.reset.disabled = self.end.disabled = not view.live
        self.teams.value = teams_table(view)


def teams_table(view: RoomPanelView) -> str:
    """Every team: members, levers, 2050 total; then the votes per lever (vote rounds)."""
    head = "".join(f"<th>{e(h)}</th>" for h in view.headers)
    rows = []
    for team in view.teams:
        rows.append(
            f'<tr data-team="{team.index}"><td><b>{e(team.name)}</b></td>'
            f'<td class="members">{e(", ".join(team.members))}</td>'
            f'<td class="num">{team.n_levers}</td>'
            f'<td class="num" data-testid="room-total-{team.index}">{e(team.total)}</td></tr>')
        if view.voting:
            votes = "".join(
                f"<li>{e(v.title)} : {' · '.join(str(c) for c in v.counts)} → {v.winner}</li>"
                for v in team.votes) or f"<li>{e(view.no_votes)}</li>"
            rows.append(f'<tr class="atelier-room-votes-row"><td colspan="4">'
                        f'<ul class="atelier-room-votes" data-testid="room-votes-{team.index}">'
                        f"{votes}</ul></td></tr>")
    note = f'<div class="atelier-note">{e(view.votes_title)}</div>' if view.voting else ""
    return (f'<table class="atelier-table" data-testid="room-teams"><tr>{head}</tr>'
            f'{"".join(rows)}</table>{note}')
