"""The live room's shared state, in the session store's SQLite file (WAL mode).

Two processes write here: the server (participants' changes, through
:mod:`simulation.live.api`) and the facilitator's Voilà kernel (rounds, resets, the end of
the room, the facilitator's own lever changes, through :mod:`simulation.ui.room_link`).

One writer discipline, in every method that changes something: a single short
``BEGIN IMMEDIATE`` transaction takes SQLite's write lock *before* reading, checks the
room (open, not expired, round open…), writes, adds one row to ``room_events`` and bumps
``rooms.version``. Two changes never interleave their read and write, so none is lost; the
version counter tells every reader (the server's long-poll, the kernel's poll) that
something changed, and numbers the events in the order they happened.

Tables (next to ``sessions``, in ``sessions.sqlite3``):

``rooms``
    One row per room: its code, the facilitator's secret, the dashboard session it is
    linked to, territory, number of teams, times (created, expires, ended), the version
    counter and the current round number (0: none opened yet).
``room_teams``
    One row per team: name (empty: « Équipe n »), lever levels as JSON (levers above 0).
``room_rounds``
    One row per round: mode (``set``: members set the team's levels; ``vote``: each member
    votes, the most voted level wins, a tie goes to the lower level), status (``open``,
    ``locked``, ``revealed``), times, and at lock the frozen results (every team's levels
    and 2050 total, and the votes).
``room_participants``
    One row per phone: a number in the room, the SHA-256 of its token (the token itself is
    only in the phone's ``localStorage``), pseudonym, team.
``room_votes``
    A participant's vote for one lever in one round (the last one counts).
``room_events``
    Every change, numbered by the room's version: who (``P3``, ``animation``), what, and
    on which team, lever and level. The export for the organisers is built from here and
    from the rounds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulation.exceptions import AtelierError
from simulation.store import (
    BUSY_TIMEOUT_S,
    DB_NAME,
    ID_ALPHABET,
    SqliteSessionStore,
    default_state_dir,
)
from simulation.ui.state import MAX_LEVEL, MAX_NAME, MAX_TEAMS, MIN_LEVEL

#: Characters of a room code (shown as ``K7Q-M3X``): 30**6 ≈ 7.3e8 codes, and the API
#: answers at most a few wrong codes per minute and per address.
ROOM_CODE_LENGTH = 6
ROOM_CODE_PATTERN = re.compile(rf"[{ID_ALPHABET}]{{3}}-[{ID_ALPHABET}]{{3}}")
#: Hours a room stays open after it is created (then it refuses every change, but can
#: still be exported).
DEFAULT_ROOM_HOURS = 12.0
MAX_ROOM_HOURS = 72.0
#: Phones in one room at most (a workshop has about 16 people).
MAX_PARTICIPANTS = 64
#: Rounds in one room at most.
MAX_ROUNDS = 50
#: Longest text typed by a participant (pseudonym, team name) [characters].
MAX_TEXT = MAX_NAME
MODES = ("set", "vote")
ROUND_STATUSES = ("open", "locked", "revealed")
#: Who changed something from the dashboard, in the events.
FACILITATOR = "animation"
LEVELS = range(MIN_LEVEL, MAX_LEVEL + 1)

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS rooms (
        code TEXT PRIMARY KEY,
        secret TEXT NOT NULL,
        session_id TEXT,
        territory TEXT NOT NULL,
        n_teams INTEGER NOT NULL,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        ended_at REAL,
        version INTEGER NOT NULL,
        round INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS room_teams (
        room TEXT NOT NULL,
        team INTEGER NOT NULL,
        name TEXT NOT NULL,
        levels TEXT NOT NULL,
        PRIMARY KEY (room, team)
    )""",
    """CREATE TABLE IF NOT EXISTS room_rounds (
        room TEXT NOT NULL,
        number INTEGER NOT NULL,
        mode TEXT NOT NULL,
        status TEXT NOT NULL,
        territory TEXT NOT NULL,
        opened_at REAL NOT NULL,
        locked_at REAL,
        revealed_at REAL,
        results TEXT,
        PRIMARY KEY (room, number)
    )""",
    """CREATE TABLE IF NOT EXISTS room_participants (
        room TEXT NOT NULL,
        id INTEGER NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        pseudonym TEXT NOT NULL,
        team INTEGER NOT NULL,
        joined_at REAL NOT NULL,
        PRIMARY KEY (room, id)
    )""",
    """CREATE TABLE IF NOT EXISTS room_votes (
        room TEXT NOT NULL,
        round INTEGER NOT NULL,
        participant INTEGER NOT NULL,
        team INTEGER NOT NULL,
        lever TEXT NOT NULL,
        level INTEGER NOT NULL,
        at REAL NOT NULL,
        PRIMARY KEY (room, round, participant, lever)
    )""",
    """CREATE TABLE IF NOT EXISTS room_events (
        room TEXT NOT NULL,
        version INTEGER NOT NULL,
        at REAL NOT NULL,
        round INTEGER NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        team INTEGER,
        lever TEXT,
        level INTEGER,
        detail TEXT,
        PRIMARY KEY (room, version)
    )""",
)


class RoomError(AtelierError):
    """A room action refused; the message is French and safe to show to anyone.

    ``status`` is the HTTP status the API answers with (400 bad input, 401 unknown
    participant, 403 wrong secret, 404 unknown room, 409 not now, 410 room over,
    413 too large, 429 too many).
    """

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# --------------------------------------------------------------------------------- codes
def new_room_code() -> str:
    """Return a fresh random room code, ``XXX-XXX`` (``secrets``)."""
    chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(ROOM_CODE_LENGTH))
    return f"{chars[:3]}-{chars[3:]}"


def normalize_room_code(text: Any) -> str | None:
    """Return ``text`` as a canonical room code, or None when it is not one.

    Case, spaces and dashes are forgiven.

    >>> normalize_room_code(" k7q m3x ")
    'K7Q-M3X'
    >>> normalize_room_code("K7Q-M30") is None
    True
    """
    if not isinstance(text, str) or len(text) > 4 * ROOM_CODE_LENGTH:
        return None
    chars = re.sub(r"[\s-]", "", text).upper()
    if len(chars) != ROOM_CODE_LENGTH or any(c not in ID_ALPHABET for c in chars):
        return None
    return f"{chars[:3]}-{chars[3:]}"


def token_hash(token: str) -> str:
    """SHA-256 of a participant's token (the only form the database keeps)."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def clean_text(value: Any, what: str) -> str:
    """A pseudonym or team name as typed, checked: a string of at most :data:`MAX_TEXT`
    characters once control characters are blanked and spaces folded.

    Raises
    ------
    RoomError
        Not a string, or too long (status 400).
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RoomError(f"{what} invalide : du texte est attendu")
    if len(value) > 4 * MAX_TEXT:
        raise RoomError(f"{what} trop long : {MAX_TEXT} caractères au plus")
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    if len(text) > MAX_TEXT:
        raise RoomError(f"{what} trop long : {MAX_TEXT} caractères au plus")
    return text


def tally(counts: Iterable[int]) -> int:
    """The level a vote gives: the most voted one, the lower one on a tie.

    >>> tally([0, 2, 0, 2, 1])
    1
    """
    counts = list(counts)
    best = max(counts)
    return counts.index(best)


# ----------------------------------------------------------------------------- snapshots
@dataclass(frozen=True)
class Member:
    """A participant as the facilitator sees them."""

    id: int
    pseudonym: str
    team: int


@dataclass(frozen=True)
class TeamState:
    """A team of the room.

    ``levels`` are the levels that count now (in a vote round: ``base`` overridden by the
    levers the members voted on); ``votes`` is ``{lever: (count of level 0, …, 4)}`` for
    the current round.
    """

    index: int
    name: str
    base: Mapping[str, int]
    levels: Mapping[str, int]
    members: tuple[Member, ...]
    votes: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    ballots: Mapping[int, Mapping[str, int]] = field(default_factory=dict)

    def display_name(self, lang: str = "fr") -> str:
        """The team's name, or « Équipe n »."""
        from simulation.ui.state import team_name

        return self.name or team_name(self.index, lang)


@dataclass(frozen=True)
class RoundState:
    """A round: its number, mode, status, territory, times and frozen results."""

    number: int
    mode: str
    status: str
    territory: str
    opened_at: float
    locked_at: float | None
    revealed_at: float | None
    results: Mapping[str, Any] | None


@dataclass(frozen=True)
class RoomSnapshot:
    """Everything about a room at one version (one consistent read)."""

    code: str
    version: int
    session_id: str | None
    territory: str
    created_at: float
    expires_at: float
    ended_at: float | None
    teams: tuple[TeamState, ...]
    rounds: tuple[RoundState, ...]
    participants: int
    now: float

    @property
    def current(self) -> RoundState | None:
        """The last round opened (None before the first)."""
        return self.rounds[-1] if self.rounds else None

    @property
    def expired(self) -> bool:
        return self.ended_at is None and self.now >= self.expires_at

    @property
    def status(self) -> str:
        """``ended``, ``expired``, ``waiting`` (no round yet), or the current round's
        status (``open``, ``locked``, ``revealed``)."""
        if self.ended_at is not None:
            return "ended"
        if self.expired:
            return "expired"
        return self.current.status if self.current else "waiting"


@dataclass(frozen=True)
class Participant:
    """A phone that joined a room."""

    room: str
    id: int
    pseudonym: str
    team: int


@dataclass(frozen=True)
class RoomInfo:
    """One line of ``atelier room list``."""

    code: str
    created_at: float
    expires_at: float
    ended_at: float | None
    participants: int
    rounds: int
    version: int


# --------------------------------------------------------------------------------- store
class _RoomBase(SqliteSessionStore):
    """The room tables: opening, transactions, reads (see :class:`RoomStore`)."""

    def __init__(self, path: str | os.PathLike[str], lever_ids: Iterable[str] = (),
                 total_kg: Callable[[str, Mapping[str, int]], float] | None = None,
                 clock: Callable[[], float] = time.time):
        super().__init__(path)
        self.lever_ids = tuple(lever_ids)
        self._lever_set = frozenset(self.lever_ids)
        self.total_kg = total_kg
        self.clock = clock
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        with self._connect() as db:
            self._run(db, lambda: [db.execute(sql) for sql in _SCHEMA], "préparer")
            self._run(db, lambda: db.execute(
                "CREATE INDEX IF NOT EXISTS room_events_kind ON room_events (room, kind)"),
                "préparer")

    @classmethod
    def in_folder(cls, folder: str | os.PathLike[str] | None = None, **kwargs: Any) -> RoomStore:
        """Open the room store of ``folder`` (default: :func:`simulation.store.default_state_dir`)."""
        folder = default_state_dir() if folder is None else Path(folder)
        return cls(folder / DB_NAME, **kwargs)

    # -- connection --------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            db = self._connect().db  # a connection kept open: one per store object
            self._run(db, lambda: (
                db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}"),
                db.execute("PRAGMA journal_mode = WAL"),
                db.execute("PRAGMA synchronous = NORMAL"),
            ), "ouvrir")
            self._db = db
        return self._db

    def close(self) -> None:
        """Close the kept connection (a later call opens a new one)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _write(self, action: Callable[[sqlite3.Connection, float], Any]) -> Any:
        """Run ``action(db, now)`` in one ``BEGIN IMMEDIATE`` transaction."""
        with self._lock:
            db = self._conn()

            def run():
                db.execute("BEGIN IMMEDIATE")
                try:
                    out = action(db, self.clock())
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
                return out

            return self._run(db, run, "écrire")

    def _read(self, action: Callable[[sqlite3.Connection, float], Any]) -> Any:
        """Run ``action(db, now)`` in one read transaction (a consistent snapshot)."""
        with self._lock:
            db = self._conn()

            def run():
                db.execute("BEGIN")
                try:
                    return action(db, self.clock())
                finally:
                    if db.in_transaction:
                        db.execute("COMMIT")

            return self._run(db, run, "lire")

    # -- creating and finding rooms -------------------------------------------------------
    def create_room(self, territory: str, n_teams: int = MAX_TEAMS,
                    hours: float = DEFAULT_ROOM_HOURS,
                    session_id: str | None = None) -> tuple[str, str]:
        """Create a room; return ``(room code, facilitator secret)``.

        Raises
        ------
        RoomError
            ``n_teams`` not in 1–4 or ``hours`` not in (0, 72].
        """
        if isinstance(n_teams, bool) or not isinstance(n_teams, int) or not 1 <= n_teams <= MAX_TEAMS:
            raise RoomError(f"nombre d'équipes invalide : {n_teams!r} (de 1 à {MAX_TEAMS})")
        if not 0 < hours <= MAX_ROOM_HOURS:
            raise RoomError(f"durée de la salle invalide : {hours:g} h (au plus {MAX_ROOM_HOURS:g} h)")
        secret = secrets.token_urlsafe(18)

        def create(db, now):
            for _attempt in range(20):
                code = new_room_code()
                if db.execute("SELECT 1 FROM rooms WHERE code = ?", (code,)).fetchone() is None:
                    break
            else:  # 7e8 codes: reached only with a broken random generator
                raise RoomError("impossible de tirer un code de salle libre", 500)
            db.execute(
                "INSERT INTO rooms (code, secret, session_id, territory, n_teams, created_at, "
                "expires_at, ended_at, version, round) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 0, 0)",
                (code, secret, session_id, territory, n_teams, now, now + hours * 3600.0))
            db.executemany("INSERT INTO room_teams (room, team, name, levels) VALUES (?, ?, '', '{}')",
                           [(code, i) for i in range(n_teams)])
            _event(db, code, now, FACILITATOR, "create", detail=territory)
            return code

        return self._write(create), secret

    def resumable(self) -> tuple[str, str] | None:
        """The most recent room neither ended nor expired, as ``(code, secret)``, or None."""
        def find(db, now):
            row = db.execute(
                "SELECT code, secret FROM rooms WHERE ended_at IS NULL AND expires_at > ? "
                "ORDER BY created_at DESC LIMIT 1", (now,)).fetchone()
            return None if row is None else (row[0], row[1])

        return self._read(find)

    def check_secret(self, code: Any, secret: Any) -> str:
        """Return the room's canonical code when ``secret`` is its facilitator secret.

        Raises
        ------
        RoomError
            Unknown room (404), missing or wrong secret (403).
        """
        key = _room_key(code)
        row = self._read(lambda db, _now: db.execute(
            "SELECT secret FROM rooms WHERE code = ?", (key,)).fetchone())
        if row is None:
            raise RoomError("salle inconnue : vérifiez le code", 404)
        if not isinstance(secret, str) or not hmac.compare_digest(
                row[0].encode(), secret.encode("utf-8", "replace")):
            raise RoomError("clé d'animation absente ou fausse : seule l'animation peut faire cela", 403)
        return key

    def facilitator_secret(self, code: str) -> str:
        """The facilitator's secret of room ``code`` (for ``atelier serve`` to print it)."""
        row = self._read(lambda db, _now: db.execute(
            "SELECT secret FROM rooms WHERE code = ?", (_room_key(code),)).fetchone())
        if row is None:
            raise RoomError("salle inconnue : vérifiez le code", 404)
        return row[0]

    def version(self, code: str) -> int | None:
        """The room's version counter (None for an unknown room)."""
        row = self._read(lambda db, _now: db.execute(
            "SELECT version FROM rooms WHERE code = ?", (code,)).fetchone())
        return None if row is None else int(row[0])

    def versions(self, codes: Iterable[str]) -> dict[str, int]:
        """``{code: version}`` of the given rooms (unknown ones are left out)."""
        codes = list(codes)
        if not codes:
            return {}
        marks = ",".join("?" * len(codes))
        rows = self._read(lambda db, _now: db.execute(
            f"SELECT code, version FROM rooms WHERE code IN ({marks})", codes).fetchall())
        return {code: int(version) for code, version in rows}

    # -- reading ----------------------------------------------------------------------------
    def snapshot(self, code: Any) -> RoomSnapshot:
        """Everything about room ``code`` at its current version.

        Raises
        ------
        RoomError
            Unknown room (404).
        """
        key = _room_key(code)
        return self._read(lambda db, now: _snapshot(db, key, now))

    def participant(self, token: Any) -> Participant:
        """The participant whose token is ``token``.

        Raises
        ------
        RoomError
            No such participant (401): the phone must join again.
        """
        return self._read(lambda db, _now: _participant(db, token))

    def rooms(self) -> list[RoomInfo]:
        """Every room, newest first."""
        def read(db, _now):
            rows = db.execute(
                "SELECT code, created_at, expires_at, ended_at, version, "
                "(SELECT count(*) FROM room_participants p WHERE p.room = r.code), "
                "(SELECT count(*) FROM room_rounds o WHERE o.room = r.code) "
                "FROM rooms r ORDER BY created_at DESC").fetchall()
            return [RoomInfo(code=c, created_at=ca, expires_at=ea, ended_at=en, version=v,
                             participants=p, rounds=n) for c, ca, ea, en, v, p, n in rows]

        return self._read(read)

    def events(self, code: Any) -> list[dict[str, Any]]:
        """Every event of a room, in version order."""
        key = _room_key(code)

        def read(db, _now):
            _room_row(db, key)
            rows = db.execute(
                "SELECT version, at, round, actor, kind, team, lever, level, detail "
                "FROM room_events WHERE room = ? ORDER BY version", (key,)).fetchall()
            names = ("version", "at", "round", "actor", "kind", "team", "lever", "level", "detail")
            return [dict(zip(names, row, strict=True)) for row in rows]

        return self._read(read)

    # -- participants ---------------------------------------------------------------------------
    def purge(self, older_than_days: float) -> list[str]:
        """Delete the rooms ended or expired more than ``older_than_days`` ago; return
        their codes."""
        if not older_than_days >= 0:
            raise RoomError(f"nombre de jours invalide : {older_than_days!r}")

        def purge(db, now):
            limit = now - older_than_days * 86400.0
            codes = [row[0] for row in db.execute(
                "SELECT code FROM rooms WHERE coalesce(ended_at, expires_at) <= ?", (limit,))]
            for table, column in (("room_events", "room"), ("room_votes", "room"),
                                  ("room_participants", "room"), ("room_rounds", "room"),
                                  ("room_teams", "room"), ("rooms", "code")):
                db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(c,) for c in codes])
            return codes

        return self._write(purge)

    # -- helpers ----------------------------------------------------------------------------------
    def _lever(self, lever: Any) -> str:
        if not isinstance(lever, str) or lever not in self._lever_set:
            shown = str(lever)[:40] if isinstance(lever, str | int | float) else type(lever).__name__
            raise RoomError(f"levier inconnu : {shown!r}")
        return lever

    def _freeze(self, db: sqlite3.Connection, room: Mapping[str, Any], now: float) -> int:
        """Lock the open round of ``room``: vote results become the teams' levels, every
        team's levels (and 2050 total) are frozen in the round's results."""
        code, number = room["code"], room["round"]
        current = _round_row(db, code, number)
        teams = _teams(db, code, room["n_teams"], number, current)
        results = {"territory": room["territory"], "teams": []}
        for team in teams:
            if current["mode"] == "vote":
                db.execute("UPDATE room_teams SET levels = ? WHERE room = ? AND team = ?",
                           (_dump_levels(team.levels), code, team.index))
            entry = {"team": team.index, "name": team.name, "levels": dict(team.levels),
                     "members": len(team.members),
                     "votes": {k: list(v) for k, v in team.votes.items()}}
            if self.total_kg is not None:
                entry["total_kg"] = float(self.total_kg(room["territory"], team.levels))
            results["teams"].append(entry)
        db.execute("UPDATE room_rounds SET status = 'locked', locked_at = ?, results = ? "
                   "WHERE room = ? AND number = ?",
                   (now, json.dumps(results, ensure_ascii=False, sort_keys=True), code, number))
        return _event(db, code, now, FACILITATOR, "lock", round_=number)


# ------------------------------------------------------------------------ transaction parts


class _ParticipantActions:
    """What a participant's phone may change (through the JSON API)."""

    def join(self, code: Any, pseudonym: Any = "", team: Any = None) -> tuple[Participant, str]:
        """Add a participant to a room; return it and its token (kept by the phone only).

        ``team`` is a team index, or None for the team with the fewest members.

        Raises
        ------
        RoomError
            Unknown room (404), room over (410), room full (409), bad input (400).
        """
        key = normalize_room_code(code)
        if key is None:
            raise RoomError("code de salle invalide : six caractères, par exemple K7Q-M3X", 404)
        name = clean_text(pseudonym, "pseudonyme")
        token = secrets.token_urlsafe(24)

        def join(db, now):
            room = _live_room(db, key, now)
            index = _team_index(team, room["n_teams"], allow_none=True)
            count = db.execute("SELECT count(*) FROM room_participants WHERE room = ?",
                               (key,)).fetchone()[0]
            if count >= MAX_PARTICIPANTS:
                raise RoomError(f"la salle est complète ({MAX_PARTICIPANTS} participants)", 409)
            if index is None:
                sizes = dict(db.execute("SELECT team, count(*) FROM room_participants "
                                        "WHERE room = ? GROUP BY team", (key,)).fetchall())
                index = min(range(room["n_teams"]), key=lambda i: (sizes.get(i, 0), i))
            # numbered by joins (not by rows: a participant may have left)
            number = db.execute("SELECT count(*) FROM room_events WHERE room = ? AND kind = 'join'",
                                (key,)).fetchone()[0] + 1
            db.execute("INSERT INTO room_participants (room, id, token_hash, pseudonym, team, "
                       "joined_at) VALUES (?, ?, ?, ?, ?, ?)",
                       (key, number, token_hash(token), name, index, now))
            _event(db, key, now, f"P{number}", "join", team=index, round_=room["round"])
            return Participant(key, number, name, index)

        return self._write(join), token

    def change(self, token: Any, lever: Any, level: Any) -> int:
        """A participant sets (``set`` round) or votes (``vote`` round) a lever's level for
        their team; return the room's new version.

        Raises
        ------
        RoomError
            Unknown participant (401), room over (410), no open round (409), bad input (400).
        """
        lever_id = self._lever(lever)
        value = _level(level)

        def change(db, now):
            who = _participant(db, token)
            room = _live_room(db, who.room, now)
            current = _open_round(db, room)
            actor = f"P{who.id}"
            if current["mode"] == "vote":
                db.execute(
                    "INSERT INTO room_votes (room, round, participant, team, lever, level, at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(room, round, participant, lever) "
                    "DO UPDATE SET level = excluded.level, team = excluded.team, at = excluded.at",
                    (who.room, room["round"], who.id, who.team, lever_id, value, now))
                return _event(db, who.room, now, actor, "vote", team=who.team, lever=lever_id,
                              level=value, round_=room["round"])
            _set_team_levels(db, who.room, who.team, {lever_id: value})
            return _event(db, who.room, now, actor, "set", team=who.team, lever=lever_id,
                          level=value, round_=room["round"])

        return self._write(change)

    def switch_team(self, token: Any, team: Any) -> int:
        """Move a participant to another team (their votes of this round are withdrawn)."""
        def switch(db, now):
            who = _participant(db, token)
            room = _live_room(db, who.room, now)
            index = _team_index(team, room["n_teams"])
            if index == who.team:
                return room["version"]
            db.execute("UPDATE room_participants SET team = ? WHERE room = ? AND id = ?",
                       (index, who.room, who.id))
            db.execute("DELETE FROM room_votes WHERE room = ? AND round = ? AND participant = ?",
                       (who.room, room["round"], who.id))
            return _event(db, who.room, now, f"P{who.id}", "team", team=index,
                          round_=room["round"])

        return self._write(switch)

    def leave(self, token: Any) -> int:
        """A participant leaves the room (« Quitter la salle »): its token no longer works and
        its votes of this round are withdrawn; the changes it made stay."""
        def leave(db, now):
            who = _participant(db, token)
            room = _room_row(db, who.room)
            db.execute("DELETE FROM room_participants WHERE room = ? AND id = ?", (who.room, who.id))
            db.execute("DELETE FROM room_votes WHERE room = ? AND round = ? AND participant = ?",
                       (who.room, room["round"], who.id))
            return _event(db, who.room, now, f"P{who.id}", "leave", team=who.team,
                          round_=room["round"])

        return self._write(leave)

    def rename_team(self, token: Any, name: Any) -> int:
        """A participant names their team (empty: back to « Équipe n »)."""
        text = clean_text(name, "nom d'équipe")

        def rename(db, now):
            who = _participant(db, token)
            room = _live_room(db, who.room, now)
            return _rename(db, room, who.team, text, now, f"P{who.id}")

        return self._write(rename)

    # -- the facilitator ------------------------------------------------------------------------


class _FacilitatorActions:
    """What only the facilitator (with the room's secret) may change."""

    def open_round(self, code: str, mode: Any) -> int:
        """Open the next round in ``mode`` (``set`` or ``vote``); an open round is locked
        first. Return the new version."""
        if mode not in MODES:
            raise RoomError(f"mode de manche invalide : {str(mode)[:20]!r} (set ou vote)")

        def open_(db, now):
            room = _live_room(db, code, now)
            if room["round"] >= MAX_ROUNDS:
                raise RoomError(f"au plus {MAX_ROUNDS} manches par salle", 409)
            current = _round_row(db, code, room["round"])
            if current is not None and current["status"] == "open":
                self._freeze(db, room, now)
            number = room["round"] + 1
            db.execute("INSERT INTO room_rounds (room, number, mode, status, territory, opened_at) "
                       "VALUES (?, ?, ?, 'open', ?, ?)", (code, number, mode, room["territory"], now))
            db.execute("UPDATE rooms SET round = ? WHERE code = ?", (number, code))
            return _event(db, code, now, FACILITATOR, "open", detail=mode, round_=number)

        return self._write(open_)

    def lock_round(self, code: str) -> int:
        """Lock the open round: no more change; its results are frozen."""
        def lock(db, now):
            room = _live_room(db, code, now)
            _open_round(db, room)
            return self._freeze(db, room, now)

        return self._write(lock)

    def reveal_round(self, code: str) -> int:
        """Reveal the current round's results to the participants (locking it first)."""
        def reveal(db, now):
            room = _live_room(db, code, now)
            current = _round_row(db, code, room["round"])
            if current is None:
                raise RoomError("aucune manche à révéler : ouvrez d'abord une manche", 409)
            if current["status"] == "revealed":
                return room["version"]
            if current["status"] == "open":
                self._freeze(db, room, now)
            db.execute("UPDATE room_rounds SET status = 'revealed', revealed_at = ? "
                       "WHERE room = ? AND number = ?", (now, code, room["round"]))
            return _event(db, code, now, FACILITATOR, "reveal", round_=room["round"])

        return self._write(reveal)

    def reset_team(self, code: str, team: Any) -> int:
        """Put every lever of a team back to 0 and withdraw its votes of this round."""
        def reset(db, now):
            room = _live_room(db, code, now)
            index = _team_index(team, room["n_teams"])
            db.execute("UPDATE room_teams SET levels = '{}' WHERE room = ? AND team = ?",
                       (code, index))
            db.execute("DELETE FROM room_votes WHERE room = ? AND round = ? AND team = ?",
                       (code, room["round"], index))
            return _event(db, code, now, FACILITATOR, "reset", team=index, round_=room["round"])

        return self._write(reset)

    def end_room(self, code: str) -> int:
        """End the room: every phone shows the end; nothing can change any more."""
        def end(db, now):
            room = _room_row(db, code)
            if room["ended_at"] is not None:
                return room["version"]
            current = _round_row(db, code, room["round"])
            if current is not None and current["status"] == "open":
                self._freeze(db, room, now)
            db.execute("UPDATE rooms SET ended_at = ? WHERE code = ?", (now, code))
            return _event(db, code, now, FACILITATOR, "end", round_=room["round"])

        return self._write(end)

    def facilitator_set(self, code: str, team: Any, levels: Mapping[str, Any]) -> int:
        """The facilitator changes some levers of a team from the dashboard (any round
        status); return the new version (unchanged when nothing differs)."""
        checked = {self._lever(k): _level(v) for k, v in levels.items()}

        def set_(db, now):
            room = _live_room(db, code, now)
            index = _team_index(team, room["n_teams"])
            before = _team_levels(db, code, index)
            changed = {k: v for k, v in checked.items() if before.get(k, 0) != v}
            if not changed:
                return room["version"]
            _set_team_levels(db, code, index, changed)
            version = room["version"]
            for lever_id, value in changed.items():
                version = _event(db, code, now, FACILITATOR, "set", team=index, lever=lever_id,
                                 level=value, round_=room["round"])
            return version

        return self._write(set_)

    def facilitator_rename(self, code: str, team: Any, name: Any) -> int:
        """The facilitator names a team from the dashboard."""
        text = clean_text(name, "nom d'équipe")

        def rename(db, now):
            room = _live_room(db, code, now)
            return _rename(db, room, _team_index(team, room["n_teams"]), text, now, FACILITATOR)

        return self._write(rename)

    def set_territory(self, code: str, territory: str) -> int:
        """Change the room's territory (the dashboard's); totals follow."""
        def set_(db, now):
            room = _live_room(db, code, now)
            if room["territory"] == territory:
                return room["version"]
            db.execute("UPDATE rooms SET territory = ? WHERE code = ?", (territory, code))
            return _event(db, code, now, FACILITATOR, "territory", detail=territory,
                          round_=room["round"])

        return self._write(set_)

    def link_session(self, code: str, session_id: str) -> None:
        """Remember the dashboard session that shows this room (a reload reopens it)."""
        self._write(lambda db, _now: db.execute(
            "UPDATE rooms SET session_id = ? WHERE code = ?", (session_id, code)))


class RoomStore(_ParticipantActions, _FacilitatorActions, _RoomBase):
    """Rooms in the session store's SQLite file, safe for several processes at once.

    Parameters
    ----------
    path : path-like
        The database file (``sessions.sqlite3`` of the state folder).
    lever_ids : sequence of str, optional
        The model's levers (needed to accept a change).
    total_kg : callable, optional
        ``total_kg(territory, levels) -> float`` [kgCO2e/person/yr in 2050]; the totals
        frozen in a round's results when it is locked (without it, only levels are kept).
    clock : callable
        Wall clock [s since the epoch]; injectable for tests of expiry.
    """


def _room_key(code: Any) -> str:
    key = normalize_room_code(code)
    if key is None:
        raise RoomError("code de salle invalide : six caractères, par exemple K7Q-M3X", 404)
    return key


def _room_row(db: sqlite3.Connection, code: str) -> dict[str, Any]:
    db.row_factory = sqlite3.Row
    try:
        row = db.execute("SELECT * FROM rooms WHERE code = ?", (code,)).fetchone()
    finally:
        db.row_factory = None
    if row is None:
        raise RoomError("salle inconnue : vérifiez le code", 404)
    return dict(row)


def _live_room(db: sqlite3.Connection, code: str, now: float) -> dict[str, Any]:
    room = _room_row(db, code)
    if room["ended_at"] is not None:
        raise RoomError("cette salle est terminée : merci d'avoir participé", 410)
    if now >= room["expires_at"]:
        raise RoomError("cette salle a expiré : demandez le nouveau code à l'animation", 410)
    return room


def _round_row(db: sqlite3.Connection, code: str, number: int) -> dict[str, Any] | None:
    if number <= 0:
        return None
    db.row_factory = sqlite3.Row
    try:
        row = db.execute("SELECT * FROM room_rounds WHERE room = ? AND number = ?",
                         (code, number)).fetchone()
    finally:
        db.row_factory = None
    return None if row is None else dict(row)


def _open_round(db: sqlite3.Connection, room: Mapping[str, Any]) -> dict[str, Any]:
    current = _round_row(db, room["code"], room["round"])
    if current is None:
        raise RoomError("la manche n'est pas encore ouverte : attendez l'animation", 409)
    if current["status"] != "open":
        raise RoomError("la manche est verrouillée : attendez la suivante", 409)
    return current


def _participant(db: sqlite3.Connection, token: Any) -> Participant:
    if not isinstance(token, str) or not 10 <= len(token) <= 200:
        raise RoomError("participant inconnu : rejoignez la salle avec son code", 401)
    row = db.execute("SELECT room, id, pseudonym, team FROM room_participants "
                     "WHERE token_hash = ?", (token_hash(token),)).fetchone()
    if row is None:
        raise RoomError("participant inconnu : rejoignez la salle avec son code", 401)
    return Participant(*row)


def _team_index(team: Any, n_teams: int, allow_none: bool = False) -> int | None:
    if team is None and allow_none:
        return None
    if isinstance(team, bool) or not isinstance(team, int) or not 0 <= team < n_teams:
        raise RoomError(f"équipe invalide : de 1 à {n_teams}")
    return team


def _level(level: Any) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise RoomError(f"niveau invalide : un entier de {MIN_LEVEL} à {MAX_LEVEL}")
    return level


def _dump_levels(levels: Mapping[str, int]) -> str:
    return json.dumps({k: int(v) for k, v in sorted(levels.items()) if v}, sort_keys=True)


def _team_levels(db: sqlite3.Connection, code: str, team: int) -> dict[str, int]:
    row = db.execute("SELECT levels FROM room_teams WHERE room = ? AND team = ?",
                     (code, team)).fetchone()
    return json.loads(row[0]) if row else {}


def _set_team_levels(db: sqlite3.Connection, code: str, team: int,
                     changes: Mapping[str, int]) -> None:
    levels = {**_team_levels(db, code, team), **changes}
    db.execute("UPDATE room_teams SET levels = ? WHERE room = ? AND team = ?",
               (_dump_levels(levels), code, team))


def _rename(db, room, team: int, text: str, now: float, actor: str) -> int:
    row = db.execute("SELECT name FROM room_teams WHERE room = ? AND team = ?",
                     (room["code"], team)).fetchone()
    if row is not None and row[0] == text:
        return room["version"]
    db.execute("UPDATE room_teams SET name = ? WHERE room = ? AND team = ?",
               (text, room["code"], team))
    return _event(db, room["code"], now, actor, "name", team=team, detail=text,
                  round_=room["round"])


def _event(db: sqlite3.Connection, code: str, now: float, actor: str, kind: str,
           team: int | None = None, lever: str | None = None, level: int | None = None,
           detail: str | None = None, round_: int | None = None) -> int:
    """Bump the room's version and record the change under it; return the new version."""
    version, number = db.execute("UPDATE rooms SET version = version + 1 WHERE code = ? "
                                 "RETURNING version, round", (code,)).fetchone()
    db.execute("INSERT INTO room_events (room, version, at, round, actor, kind, team, lever, "
               "level, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (code, version, now, number if round_ is None else round_, actor, kind, team,
                lever, level, detail))
    return int(version)


def _teams(db: sqlite3.Connection, code: str, n_teams: int, number: int,
           current: Mapping[str, Any] | None) -> tuple[TeamState, ...]:
    teams = {i: ("", {}) for i in range(n_teams)}
    for index, name, levels in db.execute(
            "SELECT team, name, levels FROM room_teams WHERE room = ?", (code,)):
        teams[index] = (name, json.loads(levels))
    members: dict[int, list[Member]] = {i: [] for i in range(n_teams)}
    for pid, pseudonym, team in db.execute(
            "SELECT id, pseudonym, team FROM room_participants WHERE room = ? ORDER BY id", (code,)):
        members.setdefault(team, []).append(Member(pid, pseudonym, team))
    votes: dict[int, dict[str, list[int]]] = {i: {} for i in range(n_teams)}
    ballots: dict[int, dict[int, dict[str, int]]] = {i: {} for i in range(n_teams)}
    voting = current is not None and current["mode"] == "vote"
    if voting:
        for team, participant, lever, level in db.execute(
                "SELECT team, participant, lever, level FROM room_votes "
                "WHERE room = ? AND round = ?", (code, number)):
            votes.setdefault(team, {}).setdefault(lever, [0] * len(LEVELS))[level] += 1
            ballots.setdefault(team, {}).setdefault(participant, {})[lever] = level
    out = []
    for index in range(n_teams):
        name, base = teams[index]
        levels = dict(base)
        if voting and current["status"] == "open":
            for lever, counts in votes[index].items():
                levels[lever] = tally(counts)
        levels = {k: v for k, v in levels.items() if v}
        out.append(TeamState(index, name, base, levels, tuple(members[index]),
                             {k: tuple(v) for k, v in votes[index].items()}, ballots[index]))
    return tuple(out)


def _snapshot(db: sqlite3.Connection, code: str, now: float) -> RoomSnapshot:
    room = _room_row(db, code)
    rounds = []
    db.row_factory = sqlite3.Row
    try:
        rows = db.execute("SELECT * FROM room_rounds WHERE room = ? ORDER BY number",
                          (code,)).fetchall()
    finally:
        db.row_factory = None
    for row in rows:
        rounds.append(RoundState(row["number"], row["mode"], row["status"], row["territory"],
                                 row["opened_at"], row["locked_at"], row["revealed_at"],
                                 json.loads(row["results"]) if row["results"] else None))
    current = _round_row(db, code, room["round"])
    teams = _teams(db, code, room["n_teams"], room["round"], current)
    return RoomSnapshot(
        code=code, version=int(room["version"]), session_id=room["session_id"],
        territory=room["territory"], created_at=room["created_at"],
        expires_at=room["expires_at"], ended_at=room["ended_at"], teams=teams,
        rounds=tuple(rounds), participants=sum(len(t.members) for t in teams), now=now)
