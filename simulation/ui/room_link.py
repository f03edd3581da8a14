"""The facilitator's dashboard linked to a live room (in the dashboard's Voilà kernel).

``atelier serve --room`` opens the dashboard at ``?salle=<code>&cle=<secret>``;
:func:`attach_room` checks the secret against the room store and adds the « Salle en
direct » panel above the tabs (:class:`~simulation.ui.components.room.RoomPanel`).

Every :data:`POLL_S` the kernel (:meth:`RoomLink.tick`):

1. sends to the room what the facilitator changed on the dashboard since the last look
   (a lever of a team, a team's name, the territory): one short transaction each;
2. reads the room's version counter (one indexed row); when it moved, reads the room
   once, makes the dashboard's teams the room's teams (names and levels: every tab then
   shows the phones' choices) and redraws the panel and the visible tab.

The room's rounds (open, lock, reveal), resets and its end are written by the panel's
buttons in the same store; the facilitator's secret is checked once, when the page opens.
"""

from __future__ import annotations

import base64
import html
import json
import os
from collections.abc import Mapping
from urllib.parse import parse_qs

from simulation.live.store import RoomError, RoomSnapshot, RoomStore
from simulation.store import StoreError
from simulation.texts import t

#: Seconds between two looks at the room (the facilitator sees a phone's change within
#: this plus one redraw).
POLL_S = 0.4
#: Environment variable with the participants' address (set by ``atelier serve --room``).
ROOM_URL_ENV = "ATELIER_ROOM_URL"


def room_query(query: str | None) -> tuple[str, str] | None:
    """``(room code, secret)`` from a page's query string (``salle`` and ``cle``), or None.

    >>> room_query("salle=K7Q-M3X&cle=abc")
    ('K7Q-M3X', 'abc')
    """
    if not query:
        return None
    params = parse_qs(query.lstrip("?"))
    code = (params.get("salle") or [""])[0]
    if not code:
        return None
    return code, (params.get("cle") or [""])[0]


def attach_room(app, query: str | None, store: RoomStore | None = None):
    """Link ``app`` (the dashboard) to the room of its URL; return the :class:`RoomLink`, or
    None when the URL names no room or a wrong secret (then the header says why)."""
    found = room_query(query)
    if found is None:
        return None
    code, secret = found
    calc = app.calc
    try:
        if store is None:
            store = RoomStore.in_folder(
                lever_ids=app.model.lever_ids,
                total_kg=lambda territory, levels: float(calc.result(territory, levels).value(2050)))
        key = store.check_secret(code, secret)
    except (RoomError, StoreError) as exc:
        app._set_status(t("room.bad_key", app.lang, error=str(exc)))
        app.render()
        return None
    link = RoomLink(app, store, key, participant_link(key))
    link.start(linked_session="session=" in (query or ""))
    return link


def participant_link(code: str, env: Mapping[str, str] | None = None) -> str:
    """The address a phone opens (``…/salle/?code=…``), for the QR code."""
    from urllib.parse import urlencode

    from simulation.ui.voila_request import page_base_url

    env = os.environ if env is None else env
    base = env.get(ROOM_URL_ENV) or (page_base_url(env) + "salle/" if page_base_url(env) else "")
    return f"{base}?{urlencode({'code': code})}" if base else ""


class RoomLink:
    """The dashboard ``app`` and the live room ``code`` kept in step (see the module).

    Parameters
    ----------
    app : AtelierApp
        The facilitator's dashboard.
    store : RoomStore
        The room store (opened with the model's levers and totals).
    code : str
        The room's code (its secret already checked).
    link : str
        The participants' address (QR code).
    """

    def __init__(self, app, store: RoomStore, code: str, link: str) -> None:
        from simulation.ui.components.room import RoomPanel

        self.app = app
        self.store = store
        self.code = code
        self.link = link
        self.snapshot: RoomSnapshot | None = None
        self.hidden = False
        self.confirm_end = False
        self.error = ""
        self._synced: list[tuple[str, dict[str, int]]] = []
        self._synced_territory = ""
        self._timer = None
        self._shown_lang = ""
        self.renders = 0
        self.panel = RoomPanel(self.open_round, self.lock_round, self.reveal_round,
                               self.reset_team, self.end_room, self.export, self.toggle)

    # -- starting ------------------------------------------------------------------------
    def start(self, linked_session: bool = False) -> None:
        """Show the panel above the tabs, take the room's teams, start looking at it."""
        app = self.app
        snap = self.store.snapshot(self.code)
        if not linked_session and snap.session_id and snap.session_id != app.session_id:
            app.open_session(snap.session_id)  # a reload without ?session= finds its session
        if app.session_id:
            self.store.link_session(self.code, app.session_id)
        children = list(app.widget.children)
        if self.panel.widget not in children:
            children.insert(2, self.panel.widget)  # after the theme and the header
            app.widget.children = tuple(children)
        self.refresh(push_territory=True)
        self._start_timer()

    def _start_timer(self) -> None:
        try:
            import asyncio

            asyncio.get_running_loop()
        except RuntimeError:
            return  # outside a kernel (tests): tick() is called by hand
        from tornado.ioloop import PeriodicCallback

        self._timer = PeriodicCallback(self.tick, POLL_S * 1000)
        self._timer.start()

    def stop(self) -> None:
        """Stop looking at the room."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    # -- keeping in step -------------------------------------------------------------------------
    def tick(self) -> None:
        """Send the dashboard's changes, then take the room's when its version moved."""
        try:
            self.push()
            if self.store.version(self.code) != (self.snapshot.version if self.snapshot else None):
                self.refresh()
            elif self.app.lang != self._shown_lang:
                self.show()  # the facilitator switched the language
        except (RoomError, StoreError) as exc:
            self._fail(exc)

    def push(self) -> None:
        """Send to the room what the facilitator changed on the dashboard since the last
        look: levers and names of the room's teams, the territory."""
        if self.snapshot is None or self.snapshot.status in ("ended", "expired"):
            return
        session = self.app.session
        if session.territory != self._synced_territory:
            self.store.set_territory(self.code, session.territory)
            self._synced_territory = session.territory
        for index, (name, levels) in enumerate(self._synced):
            if index >= len(session.teams):
                break
            team = session.teams[index]
            now = {k: v for k, v in team.levels if v}
            changed = {k: now.get(k, 0) for k in set(levels) | set(now) if levels.get(k, 0) != now.get(k, 0)}
            if changed:
                self.store.facilitator_set(self.code, index, changed)
            if team.name != name:
                self.store.facilitator_rename(self.code, index, team.name)
            self._synced[index] = (team.name, now)

    def refresh(self, push_territory: bool = False) -> None:
        """Read the room once and show it: the teams become the dashboard's, the panel and
        the visible tab are redrawn."""
        try:
            snap = self.store.snapshot(self.code)
            if push_territory and snap.status not in ("ended", "expired") \
                    and snap.territory != self.app.session.territory:
                self.store.set_territory(self.code, self.app.session.territory)
                snap = self.store.snapshot(self.code)
        except (RoomError, StoreError) as exc:
            self._fail(exc)
            return
        self.snapshot = snap
        teams = [(team.name, dict(team.levels)) for team in snap.teams]
        self._synced = [(name, {k: v for k, v in levels.items() if v}) for name, levels in teams]
        self._synced_territory = snap.territory
        if snap.status in ("ended", "expired"):
            self.stop()
        if self.app.session.replace_teams(teams, snap.territory):
            # names as the session cleaned them, so the next push sees no difference
            self._synced = [(team.name, {k: v for k, v in team.levels if v})
                            for team in self.app.session.teams]
            self.app.request_render()
        self.show()

    def show(self) -> None:
        """Redraw the panel from the last snapshot."""
        from simulation.ui.room_view import room_panel_view

        if self.snapshot is None:
            return
        view = room_panel_view(self.app.calc, self.snapshot, self.link, self.app.lang,
                               self.confirm_end)
        self.panel.show(view, self.hidden)
        self._shown_lang = self.app.lang
        self.renders += 1

    def _fail(self, exc: Exception) -> None:
        self.error = str(exc)
        self.app._set_status(self.error)
        self.app.request_render()

    # -- the panel's buttons ---------------------------------------------------------------------
    def _act(self, action) -> None:
        self.confirm_end = False
        try:
            self.push()
            action()
        except (RoomError, StoreError) as exc:
            self._fail(exc)
        self.refresh()

    def open_round(self, mode: str) -> None:
        """Open the next round in ``mode`` (``set`` or ``vote``)."""
        self._act(lambda: self.store.open_round(self.code, mode))

    def lock_round(self) -> None:
        """Lock the open round (its results are frozen)."""
        self._act(lambda: self.store.lock_round(self.code))

    def reveal_round(self) -> None:
        """Show the round's results on the phones."""
        self._act(lambda: self.store.reveal_round(self.code))

    def reset_team(self, team: int) -> None:
        """Put a team's levers back to 0."""
        self._act(lambda: self.store.reset_team(self.code, team))

    def end_room(self) -> None:
        """End the room; the first click asks for a second one."""
        if not self.confirm_end:
            self.confirm_end = True
            self.show()
            return
        self._act(lambda: self.store.end_room(self.code))

    def toggle(self) -> None:
        """Fold or unfold the panel (the room goes on)."""
        self.hidden = not self.hidden
        self.show()

    def export(self, kind: str) -> None:
        """Put a download link of the rounds (CSV or JSON) next to the buttons."""
        from simulation.live.export import export_csv, export_json

        try:
            if kind == "csv":
                data, mime = export_csv(self.store, self.code).encode("utf-8"), "text/csv"
            else:
                data = json.dumps(export_json(self.store, self.code), ensure_ascii=False,
                                  indent=1).encode("utf-8")
                mime = "application/json"
        except (RoomError, StoreError) as exc:
            self._fail(exc)
            return
        name = f"salle-{self.code}.{kind}"
        b64 = base64.b64encode(data).decode("ascii")
        self.panel.download.value = (
            f'<a download="{html.escape(name)}" href="data:{mime};base64,{b64}" '
            f'class="atelier-download" data-testid="room-export">{html.escape(name)}</a>')

    # -- the take-home roadmap --------------------------------------------------------------------
    def roadmap_rounds(self, team: int, lang: str):
        """The room's locked rounds for the roadmap PDF of team ``team`` (None if none)."""
        from simulation.cards.roadmap import RoomRounds
        from simulation.formatting import format_co2
        from simulation.live.view import round_results

        try:
            snap = self.store.snapshot(self.code)
        except (RoomError, StoreError):
            return None  # the roadmap is still printed, without the rounds
        rows = []
        for played in snap.rounds:
            results = {r["team"]: r for r in round_results(self.app.calc, snap, played.number, lang)}
            if not results:
                continue
            label = t("room.round_label", lang, n=played.number)
            rows.append((label, tuple(format_co2(results[i]["total_kg"], lang=lang)
                                      if i in results else "" for i in range(len(snap.teams)))))
        if not rows:
            return None
        names = tuple(team_.display_name(lang) for team_ in snap.teams)
        return RoomRounds(teams=names, rows=tuple(rows), mine=team)
