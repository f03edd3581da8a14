"""What the facilitator's « Salle en direct » panel shows, as plain data (view-model).

Like :mod:`simulation.ui.viewmodel`: a pure function of the room (a
:class:`~simulation.live.store.RoomSnapshot`), the model's :class:`Calculator` and the
language, returning frozen dataclasses of finished texts. Texts typed by participants are
plain here; the component escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulation.live.store import MODES, RoomSnapshot
from simulation.live.view import TeamLine, team_lines
from simulation.texts import t
from simulation.ui.viewmodel import Calculator, Choice


@dataclass(frozen=True)
class RoomPanelView:
    """The panel: how to join, the round's status and controls, every team live."""

    title: str
    code_label: str
    code: str
    link: str
    scan: str
    address: str
    status: str
    status_text: str
    version: int
    participants: str
    mode_label: str
    modes: tuple[Choice, ...]
    open_label: str
    lock_label: str
    reveal_label: str
    end_label: str
    reset_label: str
    can_open: bool
    can_lock: bool
    can_reveal: bool
    live: bool
    headers: tuple[str, ...]
    teams: tuple[TeamLine, ...]
    team_choices: tuple[Choice, ...]
    votes_title: str
    no_votes: str
    voting: bool
    export_labels: tuple[str, str]
    hide_label: str
    show_label: str


def room_panel_view(calc: Calculator, snap: RoomSnapshot, link: str, lang: str,
                    confirm_end: bool = False) -> RoomPanelView:
    """The panel of room ``snap``; ``link`` is the participants' address (QR code)."""
    current = snap.current
    status = snap.status
    round_text = t("room.round_label", lang, n=current.number) if current else ""
    if status == "open":
        mode = t("room.mode_vote_long" if current.mode == "vote" else "room.mode_set_long", lang)
        status_text = t("room.panel_open", lang, round=round_text, mode=mode)
    elif status == "locked":
        status_text = t("room.panel_locked", lang, round=round_text)
    elif status == "revealed":
        status_text = t("room.panel_revealed", lang, round=round_text)
    elif status == "ended":
        status_text = t("room.panel_ended", lang)
    elif status == "expired":
        status_text = t("room.panel_expired", lang)
    else:
        status_text = t("room.panel_waiting", lang)
    live = status not in ("ended", "expired")
    lines = team_lines(calc, snap, lang)
    number = (current.number if current else 0) + 1
    return RoomPanelView(
        title=t("room.panel_title", lang), code_label=t("room.code_label", lang),
        code=snap.code, link=link, scan=t("room.panel_scan", lang),
        address=t("room.panel_address", lang, url=link) if link else "",
        status=status, status_text=status_text, version=snap.version,
        participants=t("room.participants", lang, n=snap.participants),
        mode_label=t("room.panel_mode", lang),
        modes=tuple(Choice(t("room.mode_vote" if m == "vote" else "room.mode_set", lang), m)
                    for m in MODES),
        open_label=t("room.open_round", lang, n=number),
        lock_label=t("room.lock", lang), reveal_label=t("room.reveal", lang),
        end_label=t("room.end_confirm" if confirm_end else "room.end", lang),
        reset_label=t("room.reset_team", lang),
        can_open=live, can_lock=live and status == "open",
        can_reveal=live and status in ("open", "locked"), live=live,
        headers=(t("ui.teams_col_team", lang), t("room.col_members", lang),
                 t("ui.teams_col_levers", lang), "2050"),
        teams=lines,
        team_choices=tuple(Choice(line.name, str(line.index)) for line in lines),
        votes_title=t("room.votes_title", lang), no_votes=t("room.no_votes", lang),
        voting=current is not None and current.mode == "vote",
        export_labels=(t("room.export_csv", lang), t("room.export_json", lang)),
        hide_label=t("room.panel_hide", lang), show_label=t("room.panel_show", lang),
    )
