"""A room's rounds for the organisers' evaluation of their workshops (CSV and JSON).

What is exported: the room (code, territory, times), each round (mode, status, times) and,
for each team, its name, number of members, levers and levels, 2050 total frozen at the
lock and the votes per lever; the JSON adds every event (who did what, when, numbered by
the room's version). What is not: pseudonyms and tokens (participants are ``P1``, ``P2``…)
and the facilitator's secret.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from simulation.live.store import RoomStore, tally
from simulation.ui.state import team_name

#: Columns of the CSV export, one row per round and team.
CSV_COLUMNS = (
    "salle", "manche", "mode", "statut", "territoire", "ouverte_a", "verrouillee_a",
    "equipe", "nom_equipe", "membres", "total_2050_kgco2e_hab", "nb_leviers", "niveaux",
    "votes",
)


def iso(timestamp: float | None) -> str:
    """A time as ISO 8601 in UTC (``""`` for None)."""
    if timestamp is None:
        return ""
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="seconds")


def export_json(store: RoomStore, code: str) -> dict[str, Any]:
    """The room, its rounds and events as a JSON-safe dict (see the module docstring)."""
    snap = store.snapshot(code)
    rounds = []
    for played in snap.rounds:
        results = played.results or {}
        rounds.append({
            "number": played.number, "mode": played.mode, "status": played.status,
            "territory": results.get("territory", played.territory),
            "opened_at": iso(played.opened_at), "locked_at": iso(played.locked_at),
            "revealed_at": iso(played.revealed_at),
            "teams": [
                {"team": entry["team"] + 1,
                 "name": entry["name"] or team_name(entry["team"]),
                 "members": entry.get("members", 0),
                 "total_2050_kgco2e_per_person": entry.get("total_kg"),
                 "levels": entry["levels"], "votes": entry.get("votes", {})}
                for entry in results.get("teams", [])
            ],
        })
    events = [
        {"version": e["version"], "at": iso(e["at"]), "round": e["round"], "actor": e["actor"],
         "kind": e["kind"], "team": None if e["team"] is None else e["team"] + 1,
         "lever": e["lever"], "level": e["level"],
         "detail": e["detail"] if e["kind"] in ("open", "territory", "name") else None}
        for e in store.events(code)
    ]
    return {
        "room": snap.code, "territory": snap.territory, "created_at": iso(snap.created_at),
        "expires_at": iso(snap.expires_at), "ended_at": iso(snap.ended_at),
        "status": snap.status, "teams": len(snap.teams), "participants": snap.participants,
        "rounds": rounds, "events": events,
    }


def export_csv(store: RoomStore, code: str) -> str:
    """One CSV row per round and team (columns :data:`CSV_COLUMNS`), rounds locked or
    revealed only (an open round has no results yet)."""
    data = export_json(store, code)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for played in data["rounds"]:
        for team in played["teams"]:
            total = team["total_2050_kgco2e_per_person"]
            levels = ";".join(f"{k}={v}" for k, v in sorted(team["levels"].items()))
            votes = ";".join(
                f"{k}={'/'.join(str(c) for c in counts)}>{tally(counts)}"
                for k, counts in sorted(team["votes"].items()))
            writer.writerow([
                data["room"], played["number"], played["mode"], played["status"],
                played["territory"], played["opened_at"], played["locked_at"], team["team"],
                _safe_cell(team["name"]), team["members"],
                "" if total is None else f"{total:.1f}", len(team["levels"]), levels, votes,
            ])
    return out.getvalue()


def _safe_cell(text: str) -> str:
    """A team name typed by participants, harmless in a spreadsheet (no formula)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
