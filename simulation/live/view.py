"""What a phone and the facilitator see of a room, as plain data (JSON-safe dicts).

The numbers come from the model through the dashboard's :class:`Calculator` (the 2050
total of a team is :func:`simulation.ui.viewmodel.big_number`, the same text as the
dashboard's big number); texts come from the catalogue (``room.*`` in
``simulation/texts.toml``). Texts typed by participants (pseudonyms, team names) are
returned as they were stored (cleaned, length-limited): the participant page puts them in
the page with ``textContent``, the facilitator's panel escapes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from simulation.formatting import format_co2
from simulation.live.store import Participant, RoomSnapshot
from simulation.texts import t
from simulation.ui.state import team_name
from simulation.ui.viewmodel import Calculator, big_number

#: Texts the participant page needs, sent once by ``/salle/api/meta`` (the page fills the
#: ``{n}`` placeholders itself).
PARTICIPANT_TEXTS = (
    "room.page_title", "room.join_title", "room.join_help", "room.code_label",
    "room.pseudonym_label", "room.pseudonym_placeholder", "room.team_label",
    "room.team_auto", "room.join_button", "room.status_waiting", "room.status_open_set",
    "room.status_open_vote", "room.status_locked", "room.status_revealed",
    "room.status_ended", "room.status_expired", "room.round_label", "room.team_total",
    "room.vote_help", "room.set_help", "room.votes_one", "room.votes_many",
    "room.my_vote", "room.results_title", "room.results_mine", "room.change_team",
    "room.rename_label", "room.rename_button", "room.offline", "room.lang_switch",
    "room.leave", "room.members_one", "room.members_many", "room.level",
    "room.team_of", "room.sectors_hint", "room.error_code", "room.error_gone",
    "room.error_busy", "room.error_closed", "room.error_input",
)


@lru_cache(maxsize=4)
def _meta(model_id: int, model, lang: str) -> dict[str, Any]:
    sectors = []
    for sector in model.sectors:
        levers = [
            {"id": lv.id, "title": lv.title(lang), "text": lv.text(lang),
             "levels": [lvl.label_en if lang == "en" else lvl.label_fr for lvl in lv.levels]}
            for lv in model.levers if lv.sector == sector
        ]
        sectors.append({"id": sector, "label": model.sector_label(sector, lang),
                        "colour": model.vocabulary.sectors[sector].colour, "levers": levers})
    return {"lang": lang,
            "texts": {key.split(".", 1)[1]: t(key, lang) for key in PARTICIPANT_TEXTS},
            "sectors": sectors}


def meta(model, lang: str) -> dict[str, Any]:
    """The participant page's texts and the levers by sector (titles, level labels)."""
    return _meta(id(model), model, "en" if lang == "en" else "fr")


@dataclass(frozen=True)
class TeamTotal:
    """A team's 2050 total, as the dashboard's big number shows it."""

    total_kg: float
    total: str
    change: str
    gap: str
    reached: bool


def team_total(calc: Calculator, territory: str, levels: Mapping[str, int],
               lang: str) -> TeamTotal:
    """The 2050 total per inhabitant of a team's levels, formatted."""
    big = big_number(calc, territory, levels, lang)
    total = float(calc.result(territory, levels).value(2050))
    return TeamTotal(total, big.total, big.change, big.gap, big.reached)


def participant_state(calc: Calculator, snap: RoomSnapshot, who: Participant,
                      lang: str) -> dict[str, Any]:
    """Everything a phone shows, for participant ``who`` of room ``snap``."""
    current = snap.current
    team = snap.teams[who.team]
    total = team_total(calc, snap.territory, team.levels, lang)
    state: dict[str, Any] = {
        "version": snap.version,
        "room": {
            "code": snap.code, "status": snap.status,
            "round": current.number if current else 0,
            "mode": current.mode if current else None,
            "territory": calc.model.territories[snap.territory].name(lang),
        },
        "me": {"id": who.id, "pseudonym": who.pseudonym, "team": who.team},
        "teams": [{"index": x.index, "name": x.display_name(lang), "members": len(x.members)}
                  for x in snap.teams],
        "team": {
            "index": team.index, "name": team.display_name(lang),
            "levels": dict(team.levels),
            "members": [m.pseudonym for m in team.members],
            "total": total.total, "change": total.change, "gap": total.gap,
            "reached": total.reached,
        },
        "votes": {k: list(v) for k, v in team.votes.items()},
        "my_votes": dict(team.ballots.get(who.id, {})),
        "results": None,
    }
    if current is not None and current.status == "revealed":
        state["results"] = round_results(calc, snap, current.number, lang, mine=who.team)
    return state


def round_results(calc: Calculator, snap: RoomSnapshot, number: int, lang: str,
                  mine: int | None = None) -> list[dict[str, Any]]:
    """The frozen results of round ``number``: each team's name, 2050 total and levers,
    lowest total first."""
    played = next((r for r in snap.rounds if r.number == number), None)
    if played is None or not played.results:
        return []
    rows = []
    for entry in played.results["teams"]:
        levels = {k: int(v) for k, v in entry["levels"].items()}
        territory = played.results.get("territory", snap.territory)
        total_kg = entry.get("total_kg")
        if total_kg is None:
            total_kg = float(calc.result(territory, levels).value(2050))
        name = entry["name"] or team_name(entry["team"], lang)
        rows.append({
            "team": entry["team"], "name": name, "total_kg": total_kg,
            "total": format_co2(total_kg, lang=lang), "levers": len(levels),
            "reached": total_kg <= float(calc.model.target_2050_kg),
            "mine": entry["team"] == mine,
        })
    return sorted(rows, key=lambda r: (r["total_kg"], r["team"]))


@dataclass(frozen=True)
class VoteLine:
    """The votes of one team on one lever: its title and the count of each level."""

    lever: str
    title: str
    counts: tuple[int, ...]
    winner: int


@dataclass(frozen=True)
class TeamLine:
    """A team as the facilitator's panel lists it."""

    index: int
    name: str
    members: tuple[str, ...]
    n_levers: int
    total: str
    total_kg: float
    change: str
    reached: bool
    votes: tuple[VoteLine, ...]


def team_lines(calc: Calculator, snap: RoomSnapshot, lang: str) -> tuple[TeamLine, ...]:
    """Every team: members, levers chosen, live 2050 total, votes per lever."""
    from simulation.live.store import tally

    model = calc.model
    lines = []
    for team in snap.teams:
        total = team_total(calc, snap.territory, team.levels, lang)
        order = {lid: i for i, lid in enumerate(model.lever_ids)}
        votes = tuple(
            VoteLine(lever, model.lever(lever).title(lang), tuple(counts), tally(counts))
            for lever, counts in sorted(team.votes.items(), key=lambda kv: order.get(kv[0], 0))
            if lever in order)
        lines.append(TeamLine(team.index, team.display_name(lang),
                              tuple(m.pseudonym or t("room.participant", lang, n=m.id)
                                    for m in team.members),
                              len(team.levels), total.total, total.total_kg, total.change,
                              total.reached, votes))
    return tuple(lines)

