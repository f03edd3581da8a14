"""State of one workshop session, in plain Python (no widgets, no model numbers).

The dashboard's widgets only *display* a :class:`Session` and call its methods; every rule
(teams, rounds, undo, language, pathway code) lives here so it is unit-testable without a
browser or a kernel.

Vocabulary
----------
- A **team** (équipe) is a group of participants with its own lever levels.
- A **round** (manche) is a saved copy of every team's levers, so the facilitator can come
  back to it ("rejouer l'atelier").
- **Undo** (annuler) restores the state before the last change (a level, a team added, a
  round saved, a code restored…). Switching team or language is navigation, not a change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from simulation.exceptions import AtelierError, UnknownIdError

MAX_TEAMS = 4
MIN_LEVEL = 0
MAX_LEVEL = 4
LANGS = ("fr", "en")
#: Undo depth; a workshop of 2 hours makes a few hundred clicks at most.
MAX_HISTORY = 500
#: Longest team name [characters]: it must fit a team button and a table cell.
MAX_NAME = 24
#: Version of the dict written by :meth:`Session.to_dict` (read back by ``from_dict``).
STATE_VERSION = 1

Levels = tuple[tuple[str, int], ...]


def team_name(index: int, lang: str = "fr") -> str:
    """Return the default display name of team ``index`` (0-based)."""
    return f"Équipe {index + 1}" if lang == "fr" else f"Team {index + 1}"


def clean_name(text: str) -> str:
    """A team name as typed, made safe to keep: no control characters, single spaces,
    at most :data:`MAX_NAME` characters (HTML escaping happens where it is displayed)."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return " ".join(text.split())[:MAX_NAME].strip()


@dataclass(frozen=True)
class Team:
    """One team: its lever levels, stored for every lever (0 = not activated), and the
    name the room gave it (empty: « Équipe n »)."""

    levels: Levels
    name: str = ""

    def as_dict(self) -> dict[str, int]:
        """Return the levels as a ``{lever_id: level}`` dict."""
        return dict(self.levels)


@dataclass(frozen=True)
class Round:
    """A saved round: every team's levels at the time it was saved."""

    number: int
    territory: str
    teams: tuple[Team, ...]


@dataclass(frozen=True)
class Snapshot:
    """Everything undo restores (immutable, cheap to keep)."""

    territory: str
    teams: tuple[Team, ...]
    active: int
    rounds: tuple[Round, ...]


@dataclass
class Session:
    """The state of a workshop session.

    Parameters
    ----------
    lever_ids : iterable of str
        Every lever of the model, in display order.
    territories : iterable of str
        Valid territory ids; the first is the default.
    encode : callable, optional
        ``encode(territory, levels) -> str`` (the model's pathway code), used by :meth:`code`.
    decode : callable, optional
        ``decode(code) -> (territory, levels)``; raises an :class:`AtelierError` on a bad code.
    """

    lever_ids: tuple[str, ...]
    territories: tuple[str, ...]
    encode: Callable[[str, dict[str, int]], str] | None = None
    decode: Callable[[str], tuple[str, Mapping[str, int]]] | None = None
    lang: str = "fr"
    territory: str = ""
    teams: tuple[Team, ...] = ()
    active: int = 0
    rounds: tuple[Round, ...] = ()
    history: list[Snapshot] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lever_ids = tuple(self.lever_ids)
        self.territories = tuple(self.territories)
        if not self.territories:
            raise ValueError("at least one territory is needed")
        if not self.territory:
            self.territory = self.territories[0]
        if not self.teams:
            self.teams = (self._blank_team(),)

    # -- reading ---------------------------------------------------------------------
    @property
    def team(self) -> Team:
        """The active team."""
        return self.teams[self.active]

    def levels(self, team: int | None = None) -> dict[str, int]:
        """Return ``{lever_id: level}`` of a team (default: the active one)."""
        return self.teams[self.active if team is None else team].as_dict()

    def level(self, lever_id: str) -> int:
        """Return the active team's level for ``lever_id``."""
        return self.levels()[lever_id]

    def active_levels(self, team: int | None = None) -> dict[str, int]:
        """Return only the levers above 0 of a team, in display order."""
        return {k: v for k, v in self.levels(team).items() if v > MIN_LEVEL}

    @property
    def can_undo(self) -> bool:
        """True when there is a change to undo."""
        return bool(self.history)

    @property
    def can_add_team(self) -> bool:
        """True while fewer than :data:`MAX_TEAMS` teams exist."""
        return len(self.teams) < MAX_TEAMS

    def team_names(self) -> list[str]:
        """Return the display names of the teams (given names, else « Équipe n »)."""
        return [team.name or team_name(i, self.lang) for i, team in enumerate(self.teams)]

    def code(self, team: int | None = None) -> str:
        """Return the pathway code of a team (territory + levels) for the URL."""
        if self.encode is None:
            raise RuntimeError("Session has no encoder")
        return self.encode(self.territory, self.levels(team))

    # -- changes (undoable) ------------------------------------------------------------
    def set_level(self, lever_id: str, level: int) -> bool:
        """Set the active team's level of a lever; return True when it changed."""
        self._check_lever(lever_id)
        level = _check_level(lever_id, level)
        if self.level(lever_id) == level:
            return False
        self._push()
        self._replace_team(self.active, {**self.levels(), lever_id: level})
        return True

    def set_levels(self, levels: Mapping[str, int]) -> bool:
        """Replace the active team's levels (missing levers go to 0), e.g. a preset."""
        new = self._full_levels(levels)
        if new == self.levels():
            return False
        self._push()
        self._replace_team(self.active, new)
        return True

    def reset_team(self) -> bool:
        """Put every lever of the active team back to 0."""
        return self.set_levels({})

    def set_territory(self, territory: str) -> bool:
        """Change the territory of the session (all teams)."""
        if territory not in self.territories:
            raise UnknownIdError(f"territoire inconnu : {territory!r}")
        if territory == self.territory:
            return False
        self._push()
        self.territory = territory
        return True

    def add_team(self) -> int:
        """Add a team with every lever at 0, make it active and return its index."""
        if not self.can_add_team:
            raise AtelierError(f"au plus {MAX_TEAMS} équipes")
        self._push()
        self.teams = (*self.teams, self._blank_team())
        self.active = len(self.teams) - 1
        return self.active

    def rename_team(self, name: str, team: int | None = None) -> bool:
        """Give a team (default: the active one) a name; empty restores « Équipe n »."""
        index = self.active if team is None else team
        if not 0 <= index < len(self.teams):
            raise UnknownIdError(f"équipe inconnue : {index + 1}")
        name = clean_name(name)
        if name in (team_name(index, lang) for lang in LANGS):
            name = ""  # the default name stays translatable
        if name == self.teams[index].name:
            return False
        self._push()
        self.teams = (*self.teams[:index], replace(self.teams[index], name=name),
                      *self.teams[index + 1:])
        return True

    def save_round(self) -> Round:
        """Save every team's levers as a new round and return it."""
        self._push()
        saved = Round(number=len(self.rounds) + 1, territory=self.territory, teams=self.teams)
        self.rounds = (*self.rounds, saved)
        return saved

    def load_round(self, number: int) -> None:
        """Restore the teams of round ``number`` (1-based), to replay from there."""
        matches = [r for r in self.rounds if r.number == number]
        if not matches:
            raise UnknownIdError(f"manche inconnue : {number}")
        saved = matches[0]
        self._push()
        self.territory = saved.territory
        self.teams = saved.teams
        self.active = min(self.active, len(self.teams) - 1)

    def restore_code(self, code: str) -> None:
        """Apply a pathway code to the active team (and the session's territory).

        Raises
        ------
        AtelierError
            The code is invalid (the state is left unchanged).
        """
        if self.decode is None:
            raise RuntimeError("Session has no decoder")
        territory, levels = self.decode(code.strip())
        if territory not in self.territories:
            raise UnknownIdError(f"territoire inconnu : {territory!r}")
        new = self._full_levels(levels)
        self._push()
        self.territory = territory
        self._replace_team(self.active, new)

    def undo(self) -> bool:
        """Undo the last change; return False when there is nothing to undo."""
        if not self.history:
            return False
        snap = self.history.pop()
        self.territory = snap.territory
        self.teams = snap.teams
        self.active = snap.active
        self.rounds = snap.rounds
        return True

    def replace_teams(self, teams: Sequence[tuple[str, Mapping[str, int]]],
                      territory: str | None = None) -> bool:
        """Take the teams (``(name, levels)`` each) and territory of a live room; return True
        when something changed.

        Not undoable, and it empties the undo history when something changed: undoing past
        a change made on a phone would silently cancel it. Unknown levers and levels out
        of 0–4 are ignored.
        """
        new = []
        for name, levels in list(teams)[:MAX_TEAMS]:
            known = {k: v for k, v in levels.items() if k in self.lever_ids
                     and isinstance(v, int) and not isinstance(v, bool)
                     and MIN_LEVEL <= v <= MAX_LEVEL}
            new.append(Team(levels=tuple((lever, int(known.get(lever, MIN_LEVEL)))
                                         for lever in self.lever_ids), name=clean_name(name)))
        new_territory = territory if territory in self.territories else self.territory
        if not new or (tuple(new) == self.teams and new_territory == self.territory):
            return False
        self.teams = tuple(new)
        self.territory = new_territory
        self.active = min(self.active, len(self.teams) - 1)
        self.history.clear()
        return True

    # -- navigation (not undoable) -------------------------------------------------------
    def select_team(self, index: int) -> None:
        """Make team ``index`` (0-based) the active one."""
        if not 0 <= index < len(self.teams):
            raise UnknownIdError(f"équipe inconnue : {index + 1}")
        self.active = index

    def set_lang(self, lang: str) -> None:
        """Switch the display language (``"fr"`` or ``"en"``)."""
        if lang not in LANGS:
            raise UnknownIdError(f"langue inconnue : {lang!r} (fr ou en)")
        self.lang = lang

    # -- saving and restoring (simulation.store) -------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return the session as a JSON-safe dict (every team, round, the active team,
        the language and the territory; not the undo history).

        >>> s = Session(lever_ids=("a",), territories=("france",))
        >>> s.to_dict()["teams"]
        [{'name': '', 'levels': {'a': 0}}]
        """
        return {
            "version": STATE_VERSION,
            "lang": self.lang,
            "territory": self.territory,
            "active": self.active,
            "teams": [_team_to_dict(t) for t in self.teams],
            "rounds": [
                {
                    "number": r.number,
                    "territory": r.territory,
                    "teams": [_team_to_dict(t) for t in r.teams],
                }
                for r in self.rounds
            ],
        }

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        lever_ids: tuple[str, ...] | list[str],
        territories: tuple[str, ...] | list[str],
        encode: Callable[[str, dict[str, int]], str] | None = None,
        decode: Callable[[str], tuple[str, Mapping[str, int]]] | None = None,
    ) -> tuple[Session, list[str]]:
        """Rebuild a session saved by :meth:`to_dict` for the model of today.

        What no longer fits is dropped and reported, never fatal: an unknown lever or
        territory (the data changed since the save), a level out of 0–4, a fifth team…

        Returns
        -------
        session : Session
            The restored session, with an empty undo history.
        notes : list of str
            One French sentence per thing ignored (empty when everything was restored).

        Raises
        ------
        AtelierError
            ``data`` is not a saved session at all (not a dict, no team list).
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("teams"), list):
            raise AtelierError("session enregistrée illisible : ce n'est pas une session de l'atelier")
        lever_ids = tuple(lever_ids)
        territories = tuple(territories)
        notes: list[str] = []
        territory = data.get("territory", territories[0])
        if territory not in territories:
            notes.append(f"territoire inconnu ignoré : {territory!r}")
            territory = territories[0]
        lang = data.get("lang", LANGS[0])
        if lang not in LANGS:
            notes.append(f"langue inconnue ignorée : {lang!r}")
            lang = LANGS[0]
        reader = _TeamReader(lever_ids, notes)
        teams = reader.teams(data["teams"], "équipes")
        rounds: list[Round] = []
        for item in data.get("rounds") or []:
            if not isinstance(item, Mapping) or not isinstance(item.get("teams"), list):
                notes.append("manche illisible ignorée")
                continue
            if item.get("territory") not in territories:
                notes.append(f"manche sur un territoire inconnu ignorée : {item.get('territory')!r}")
                continue
            round_teams = reader.teams(item["teams"], f"manche {len(rounds) + 1}")
            if round_teams:
                rounds.append(Round(len(rounds) + 1, item["territory"], round_teams))
        active = data.get("active", 0)
        if isinstance(active, bool) or not isinstance(active, int) or not 0 <= active < max(len(teams), 1):
            active = 0
        session = cls(
            lever_ids=lever_ids, territories=territories, encode=encode, decode=decode,
            lang=lang, territory=territory, teams=teams, active=active, rounds=tuple(rounds),
        )
        return session, _unique(notes)

    # -- helpers ---------------------------------------------------------------------------
    def _blank_team(self) -> Team:
        return Team(levels=tuple((lever, MIN_LEVEL) for lever in self.lever_ids))

    def _check_lever(self, lever_id: str) -> None:
        if lever_id not in self.lever_ids:
            raise UnknownIdError(f"levier inconnu : {lever_id!r}")

    def _full_levels(self, levels: Mapping[str, int]) -> dict[str, int]:
        for lever_id, level in levels.items():
            self._check_lever(lever_id)
            _check_level(lever_id, level)
        return {lever: int(levels.get(lever, MIN_LEVEL)) for lever in self.lever_ids}

    def _replace_team(self, index: int, levels: Mapping[str, int]) -> None:
        team = replace(self.teams[index], levels=tuple((k, int(levels[k])) for k in self.lever_ids))
        self.teams = (*self.teams[:index], team, *self.teams[index + 1 :])

    def _push(self) -> None:
        self.history.append(
            Snapshot(
                territory=self.territory, teams=self.teams, active=self.active, rounds=self.rounds
            )
        )
        if len(self.history) > MAX_HISTORY:
            del self.history[0]


def _check_level(lever_id: str, level: int) -> int:
    if isinstance(level, bool) or not isinstance(level, int):
        raise AtelierError(f"niveau invalide pour {lever_id} : {level!r} (entier de 0 à 4)")
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise AtelierError(f"niveau invalide pour {lever_id} : {level} (de 0 à 4)")
    return level


def parse_query_code(query_string: str | None) -> str | None:
    """Return the ``code`` parameter of a URL query string, or None.

    >>> parse_query_code("code=abc&lang=en")
    'abc'
    """
    from urllib.parse import parse_qs

    if not query_string:
        return None
    values = parse_qs(query_string.lstrip("?")).get("code")
    return values[0] if values else None


def parse_query_session(query_string: str | None) -> str | None:
    """Return the ``session`` parameter of a URL query string as a canonical session id,
    or None when it is missing or not a valid id (see :func:`simulation.store.normalize_session_id`).

    >>> parse_query_session("code=abc&session=k7qm-3xpa")
    'K7QM-3XPA'
    """
    from urllib.parse import parse_qs

    from simulation.store import normalize_session_id

    if not query_string:
        return None
    values = parse_qs(query_string.lstrip("?")).get("session")
    return normalize_session_id(values[0]) if values else None


def parse_query_lang(query_string: str | None) -> str | None:
    """Return the ``lang`` parameter of a URL query string when it is a known language."""
    from urllib.parse import parse_qs

    if not query_string:
        return None
    values = parse_qs(query_string.lstrip("?")).get("lang")
    return values[0] if values and values[0] in LANGS else None


def _team_to_dict(team: Team) -> dict[str, Any]:
    return {"name": team.name, "levels": dict(team.levels)}


class _TeamReader:
    """Read saved teams for today's levers, noting what had to be dropped."""

    def __init__(self, lever_ids: tuple[str, ...], notes: list[str]):
        self.lever_ids = lever_ids
        self.notes = notes

    def teams(self, items: list, where: str) -> tuple[Team, ...]:
        teams = [t for t in (self.team(item) for item in items) if t is not None]
        if len(teams) > MAX_TEAMS:
            self.notes.append(f"{where} : au plus {MAX_TEAMS} équipes, les suivantes sont ignorées")
        return tuple(teams[:MAX_TEAMS])

    def team(self, item: Any) -> Team | None:
        if not isinstance(item, Mapping) or not isinstance(item.get("levels"), Mapping):
            self.notes.append("équipe illisible ignorée")
            return None
        saved = item["levels"]
        for lever_id in saved:
            if lever_id not in self.lever_ids:
                self.notes.append(f"levier inconnu ignoré : {lever_id!r}")
        levels = []
        for lever_id in self.lever_ids:
            level = saved.get(lever_id, MIN_LEVEL)
            if isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
                self.notes.append(f"niveau invalide ignoré pour {lever_id} : {level!r}")
                level = MIN_LEVEL
            levels.append((lever_id, level))
        name = item.get("name") or ""
        if not isinstance(name, str):
            self.notes.append("nom d'équipe illisible ignoré")
            name = ""
        return Team(levels=tuple(levels), name=clean_name(name))


def _unique(notes: list[str]) -> list[str]:
    return list(dict.fromkeys(notes))



@dataclass
class CardGame:
    """The GES card game: draw cards from a deck, the group orders them, then reveal.

    Cards are any objects with ``id`` and ``value_kg`` (the printed cards'
    :class:`~simulation.cards.CardValue`); the right order is from most to least emitting.
    """

    cards: list = field(default_factory=list)
    revealed: bool = False
    #: Card ids in the order the group chose, kept at the reveal.
    guess: list = field(default_factory=list)

    def draw(self, deck_cards: list, n: int, seed: int) -> None:
        """Draw ``n`` distinct cards at random (seeded) from ``deck_cards``."""
        import random

        rng = random.Random(seed)
        self.cards = rng.sample(list(deck_cards), min(n, len(deck_cards)))
        self.revealed = False
        self.guess = []

    def move(self, index: int, delta: int) -> bool:
        """Move card ``index`` up (``delta=-1``) or down (``+1``); False at the ends."""
        target = index + delta
        if self.revealed or not (0 <= index < len(self.cards) and 0 <= target < len(self.cards)):
            return False
        self.cards[index], self.cards[target] = self.cards[target], self.cards[index]
        return True

    def reveal(self) -> int:
        """Reveal the values; return how many cards the group put at the right place."""
        self.revealed = True
        self.guess = [c.id for c in self.cards]
        return self.score()

    def guess_rank(self, card_id: str) -> int:
        """The place (1-based) the group gave ``card_id`` before the reveal."""
        order = self.guess or [c.id for c in self.cards]
        return order.index(card_id) + 1

    def is_right(self, card_id: str) -> bool:
        """True when the group put ``card_id`` at its right rank (ties count as right)."""
        by_id = {c.id: c for c in self.cards}
        rank = self.guess_rank(card_id)
        return self.right_order()[rank - 1].value_kg == by_id[card_id].value_kg

    def right_order(self) -> list:
        """Return the cards from most to least emitting."""
        return sorted(self.cards, key=lambda c: c.value_kg, reverse=True)

    def score(self) -> int:
        """Number of cards at their right rank (ties count as right)."""
        right = self.right_order()
        return sum(
            1
            for mine, ref in zip(self.cards, right, strict=True)
            if mine.value_kg == ref.value_kg
        )
