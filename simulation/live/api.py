"""The participant page and its JSON API, in the tornado process of ``atelier serve``.

A phone costs no kernel: it loads one static page (``static/salle.html``, its script and
style, all in the package, nothing remote) and talks to a few JSON routes below. The model
is loaded once in the server process; a team's total is one cached evaluation.

Routes (under Voilà's ``server_url``, placed before Voilà's catch-all route by
:meth:`simulation.ui.room_server.AtelierVoila.room_handlers`):

``GET /salle/``, ``GET /salle/static/salle.js|salle.css``
    The participant page (``?code=K7Q-M3X`` fills the room code; ``?lang=en``);
    ``/salle`` redirects there.
``GET /salle/api/meta?lang=fr``
    Texts of the page and the levers by sector.
``POST /salle/api/join`` ``{"code", "pseudonym", "team"}``
    Join a room; answers ``{"token", "state"}``. The phone keeps the token
    (``localStorage``) and sends it as the ``X-Atelier-Token`` header from then on.
``GET /salle/api/state?since=N&lang=fr``
    The participant's view of the room; waits up to :data:`LONG_POLL_S` for a version
    above ``N`` (long-poll).
``POST /salle/api/change`` ``{"lever", "level"}``; ``/salle/api/team`` ``{"team"}``;
``/salle/api/team-name`` ``{"name"}``; ``/salle/api/leave`` ``{}``
    Set or vote a level, change team, name the team (each answers the new state); leave
    the room (the token stops working).
``GET /salle/api/admin/overview?code=``, ``POST /salle/api/admin/action``
``{"code", "action": "open|lock|reveal|reset|end", "mode", "team"}``,
``GET /salle/api/admin/export?code=&format=csv|json``
    The facilitator's routes: the ``X-Atelier-Key`` header must hold the room's secret.

Guards: POST bodies are JSON objects of at most :data:`MAX_API_BODY` bytes (``Content-Type:
application/json``, which no cross-site form can send); texts are length-limited by the
store; per participant, changes and polls are rate-limited; per address, joins and every
failed attempt (wrong room code, unknown token, wrong secret) are rate-limited; errors are
``{"error": "<French sentence>"}``, never a traceback (those go to the server's log).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

import tornado.web
from tornado.ioloop import IOLoop, PeriodicCallback

from simulation.live.store import RoomError, RoomSnapshot, RoomStore, normalize_room_code
from simulation.live.view import meta, participant_state, team_lines

STATIC_DIR = Path(__file__).resolve().parent / "static"
#: The only files the participant page is made of (name → content type).
STATIC_FILES = {
    "salle.js": "text/javascript; charset=utf-8",
    "salle.css": "text/css; charset=utf-8",
}
#: Largest JSON body of an API request [bytes] (a change is about 40 bytes).
MAX_API_BODY = 2048
#: Seconds a state request waits for a change before answering the same state.
LONG_POLL_S = 20.0
#: State requests waiting at once, all rooms together (then they answer at once).
MAX_WAITERS = 256
#: Seconds between two reads of the rooms' versions (changes made by the kernel).
WATCH_INTERVAL_S = 0.25
#: Waiting phones are woken at most once per this many seconds (a burst of changes
#: folds into one answer each).
NOTIFY_INTERVAL_S = 0.2
#: Per participant: changes (burst, then per second) and state requests.
CHANGE_BURST, CHANGE_RATE_PER_S = 20, 5.0
POLL_BURST, POLL_RATE_PER_S = 30, 10.0
#: Per address: joins and page texts; failed attempts (wrong code, token or secret).
JOIN_BURST, JOIN_RATE_PER_S = 40, 1.0
FAIL_BURST, FAIL_RATE_PER_S = 10, 0.1
#: Rate-limit buckets kept at most (the oldest are forgotten first).
MAX_BUCKETS = 4096
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

log = logging.getLogger("atelier.salle")


class Bucket:
    """``burst`` tokens refilled at ``rate`` per second (see :class:`room_server.TokenBucket`)."""

    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, burst: int, rate: float, now: float):
        self.capacity = float(burst)
        self.tokens = float(burst)
        self.rate = rate
        self.stamp = now

    def take(self, now: float) -> bool:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def empty(self, now: float) -> bool:
        return min(self.capacity, self.tokens + (now - self.stamp) * self.rate) < 1


class Limits:
    """Rate-limit buckets by key (an address or a participant), bounded in number."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._buckets: OrderedDict[tuple[str, str], Bucket] = OrderedDict()

    def _bucket(self, kind: str, key: str, burst: int, rate: float) -> Bucket:
        bucket = self._buckets.get((kind, key))
        if bucket is None:
            bucket = self._buckets[(kind, key)] = Bucket(burst, rate, self.clock())
            while len(self._buckets) > MAX_BUCKETS:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end((kind, key))
        return bucket

    def take(self, kind: str, key: str, burst: int, rate: float) -> bool:
        """Spend one token of ``(kind, key)``; False when none is left."""
        return self._bucket(kind, key, burst, rate).take(self.clock())

    def exhausted(self, kind: str, key: str, burst: int, rate: float) -> bool:
        """True when ``(kind, key)`` has no token left (without spending one)."""
        return self._bucket(kind, key, burst, rate).empty(self.clock())


class LiveService:
    """The server's side of the live room: the store, the model, waiting phones, limits.

    Parameters
    ----------
    store : RoomStore
        Opened with the model's levers and totals.
    calc : Calculator
        The model (loaded once in this process) and its cache.
    codes : iterable of str
        The rooms this server serves (``atelier serve --room`` opens one); the API
        refuses the others.
    """

    def __init__(self, store: RoomStore, calc, codes: Iterable[str]):
        self.store = store
        self.calc = calc
        self.codes = set(codes)
        self.limits = Limits()
        self._snapshots: dict[str, RoomSnapshot] = {}
        self._events: dict[str, asyncio.Event] = {}
        self._seen: dict[str, int] = {}
        self._last_notify: dict[str, float] = {}
        self._scheduled: set[str] = set()
        self.waiting = 0
        self._watch: PeriodicCallback | None = None

    @classmethod
    def open(cls, folder: str | Path, codes: Iterable[str], model=None) -> LiveService:
        """Load the model (once), open the store of ``folder`` and serve ``codes``."""
        from simulation.ui.viewmodel import Calculator

        if model is None:
            from simulation.model import load_model

            model = load_model()
        calc = Calculator(model)

        def total_kg(territory: str, levels) -> float:
            return float(calc.result(territory, levels).value(2050))

        store = RoomStore.in_folder(folder, lever_ids=model.lever_ids, total_kg=total_kg)
        return cls(store, calc, codes)

    # -- reading, with one snapshot per version -------------------------------------------
    def snapshot(self, code: str) -> RoomSnapshot:
        """The room at its current version (read once per version)."""
        cached = self._snapshots.get(code)
        version = self.store.version(code)
        if version is None:
            raise RoomError("salle inconnue : vérifiez le code", 404)
        if cached is None or cached.version != version or cached.now + 5.0 < self.store.clock():
            cached = self._snapshots[code] = self.store.snapshot(code)
            self._changed(code, cached.version)
        return cached

    def served(self, code: str) -> str:
        """``code`` when this server serves it."""
        if code not in self.codes:
            raise RoomError("cette salle n'est pas ouverte sur ce serveur : demandez le code "
                            "de la salle à l'animation", 410)
        return code

    # -- waking the phones that wait -----------------------------------------------------------
    async def wait_change(self, code: str, since: int, timeout: float | None = None) -> None:
        """Return when the room's version passes ``since`` or after ``timeout`` [s]
        (default :data:`LONG_POLL_S`)."""
        deadline = time.monotonic() + (LONG_POLL_S if timeout is None else timeout)
        while self.waiting < MAX_WAITERS and self.snapshot(code).version <= since:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            event = self._events.setdefault(code, asyncio.Event())
            self.waiting += 1
            try:
                await asyncio.wait_for(event.wait(), left)
            except TimeoutError:
                return
            finally:
                self.waiting -= 1

    def _changed(self, code: str, version: int) -> None:
        if self._seen.get(code) == version:
            return
        self._seen[code] = version
        self.notify(code)

    def notify(self, code: str) -> None:
        """Wake the phones waiting on ``code`` (at most every :data:`NOTIFY_INTERVAL_S`)."""
        if code in self._scheduled:
            return
        wait = self._last_notify.get(code, -1e9) + NOTIFY_INTERVAL_S - time.monotonic()
        if wait <= 0:
            self._fire(code)
            return
        self._scheduled.add(code)
        IOLoop.current().call_later(wait, self._fire, code)

    def _fire(self, code: str) -> None:
        self._scheduled.discard(code)
        self._last_notify[code] = time.monotonic()
        event = self._events.pop(code, None)
        if event is not None:
            event.set()

    def check_versions(self) -> None:
        """Notice the changes made by another process (the facilitator's kernel)."""
        try:
            for code, version in self.store.versions(self.codes).items():
                self._changed(code, version)
        except RoomError as exc:  # pragma: no cover - the file vanished under the server
            log.warning("Salle : %s", exc)
        except Exception:
            log.exception("Salle : lecture des versions impossible")

    def start_watch(self) -> None:
        if self._watch is None:
            self._watch = PeriodicCallback(self.check_versions, 1000 * WATCH_INTERVAL_S)
            self._watch.start()

    def stop_watch(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None

    # -- what the API answers ---------------------------------------------------------------------
    def state_for(self, token: str, lang: str) -> dict[str, Any]:
        who = self.store.participant(token)
        self.served(who.room)
        return participant_state(self.calc, self.snapshot(who.room), who, lang)

    def overview(self, code: str, lang: str) -> dict[str, Any]:
        """The facilitator's view of a room as JSON (teams, totals, votes)."""
        snap = self.snapshot(code)
        current = snap.current
        return {
            "version": snap.version, "code": snap.code, "status": snap.status,
            "round": current.number if current else 0,
            "mode": current.mode if current else None,
            "participants": snap.participants,
            "teams": [
                {"index": line.index, "name": line.name, "members": list(line.members),
                 "levers": line.n_levers, "total": line.total, "total_kg": line.total_kg,
                 "levels": dict(snap.teams[line.index].levels),
                 "votes": {v.lever: list(v.counts) for v in line.votes}}
                for line in team_lines(self.calc, snap, lang)
            ],
        }


# ------------------------------------------------------------------------------ handlers
class _Base(tornado.web.RequestHandler):
    """JSON in, JSON out, French errors, no traceback."""

    def initialize(self, live: LiveService) -> None:
        self.live = live

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Frame-Options", "DENY")

    def check_xsrf_cookie(self) -> None:
        """The API checks its JSON content type instead (no cross-site form sends it)."""

    @property
    def lang(self) -> str:
        return "en" if self.get_query_argument("lang", "fr") == "en" else "fr"

    @property
    def ip(self) -> str:
        return self.request.remote_ip or "?"

    def reply(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.finish(json.dumps(data, ensure_ascii=False, allow_nan=False))

    def refuse(self, status: int, message: str) -> None:
        if status in (401, 403, 404):
            # wrong code, token or secret: the attempts of this address are counted
            self.live.limits.take("fail", self.ip, FAIL_BURST, FAIL_RATE_PER_S)
        if status == 429:
            self.set_header("Retry-After", "2")
        self.reply({"error": message}, status)

    def guard_failures(self) -> bool:
        """Refuse (429) an address that made too many failed attempts; True if refused."""
        if self.live.limits.exhausted("fail", self.ip, FAIL_BURST, FAIL_RATE_PER_S):
            self.refuse(429, "trop d'essais infructueux : attendez une minute")
            return True
        return False

    def body(self) -> dict[str, Any]:
        """The request's JSON object.

        Raises
        ------
        RoomError
            Wrong content type (415), too large (413), not a JSON object (400).
        """
        kind = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise RoomError("requête refusée : le corps doit être du JSON (application/json)", 415)
        if len(self.request.body) > MAX_API_BODY:
            raise RoomError(f"requête trop grande : {MAX_API_BODY} octets au plus", 413)
        try:
            data = json.loads(self.request.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise RoomError("requête illisible : JSON invalide") from None
        if not isinstance(data, dict):
            raise RoomError("requête illisible : un objet JSON est attendu")
        return data

    def token(self) -> str:
        return self.request.headers.get("X-Atelier-Token", "")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # tornado's own errors (405, a body over the server's limit…) and any bug: a short
        # French sentence, never the traceback (which the server's log keeps)
        messages = {400: "requête invalide", 404: "adresse inconnue", 405: "méthode refusée",
                    413: "requête trop grande"}
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"error": messages.get(status_code, "erreur interne du serveur")},
                               ensure_ascii=False))


def api(method: Callable) -> Callable:
    """Run a handler method; a :class:`RoomError` becomes its status and French message."""

    @functools.wraps(method)
    async def run(self: _Base, *args: Any) -> None:
        try:
            result = method(self, *args)
            if asyncio.iscoroutine(result):
                await result
        except RoomError as exc:
            self.refuse(exc.status, str(exc))

    return run


class MetaHandler(_Base):
    @api
    def get(self) -> None:
        if not self.live.limits.take("join", self.ip, JOIN_BURST, JOIN_RATE_PER_S):
            raise RoomError("trop de demandes : attendez quelques secondes", 429)
        self.reply(meta(self.live.calc.model, self.lang))


class JoinHandler(_Base):
    @api
    def post(self) -> None:
        if self.guard_failures():
            return
        if not self.live.limits.take("join", self.ip, JOIN_BURST, JOIN_RATE_PER_S):
            raise RoomError("trop de demandes : attendez quelques secondes", 429)
        data = self.body()
        code = normalize_room_code(data.get("code"))
        if code is None or code not in self.live.codes:
            raise RoomError("code de salle inconnu : vérifiez-le sur l'écran projeté", 404)
        who, token = self.live.store.join(code, data.get("pseudonym"), data.get("team"))
        self.live.notify(code)
        state = participant_state(self.live.calc, self.live.snapshot(code), who, self.lang)
        self.reply({"token": token, "state": state}, 201)


class _Participant(_Base):
    def take(self, kind: str, burst: int, rate: float) -> None:
        if not self.live.limits.take(kind, self.token()[:64], burst, rate):
            raise RoomError("trop de demandes : attendez une seconde", 429)

    def answer(self, version: int) -> None:
        who = self.live.store.participant(self.token())
        self.live.notify(who.room)
        state = participant_state(self.live.calc, self.live.snapshot(who.room), who, self.lang)
        self.reply({"version": version, "state": state})

    def prepare(self) -> None:
        if self.guard_failures():
            return
        if not self.token():
            self.refuse(401, "participant inconnu : rejoignez la salle avec son code")


class StateHandler(_Participant):
    @api
    async def get(self) -> None:
        self.take("poll", POLL_BURST, POLL_RATE_PER_S)
        who = self.live.store.participant(self.token())
        self.live.served(who.room)
        try:
            since = int(self.get_query_argument("since", "-1"))
        except ValueError:
            raise RoomError("paramètre since invalide : un entier") from None
        await self.live.wait_change(who.room, since)
        if self.request.connection.stream is None or self.request.connection.stream.closed():
            return  # the phone went away while waiting
        self.reply(self.live.state_for(self.token(), self.lang))


class ChangeHandler(_Participant):
    @api
    def post(self) -> None:
        self.take("change", CHANGE_BURST, CHANGE_RATE_PER_S)
        data = self.body()
        self.live.served(self.live.store.participant(self.token()).room)
        self.answer(self.live.store.change(self.token(), data.get("lever"), data.get("level")))


class TeamHandler(_Participant):
    @api
    def post(self) -> None:
        self.take("change", CHANGE_BURST, CHANGE_RATE_PER_S)
        data = self.body()
        self.live.served(self.live.store.participant(self.token()).room)
        self.answer(self.live.store.switch_team(self.token(), data.get("team")))


class TeamNameHandler(_Participant):
    @api
    def post(self) -> None:
        self.take("change", CHANGE_BURST, CHANGE_RATE_PER_S)
        data = self.body()
        self.live.served(self.live.store.participant(self.token()).room)
        self.answer(self.live.store.rename_team(self.token(), data.get("name")))


class LeaveHandler(_Participant):
    @api
    def post(self) -> None:
        self.body()
        version = self.live.store.leave(self.token())
        for code in self.live.codes:
            self.live.notify(code)
        self.reply({"version": version})


class AdminHandler(_Base):
    """The facilitator's routes: the room's secret in the ``X-Atelier-Key`` header."""

    def room(self, code: Any) -> str:
        key = self.live.store.check_secret(code, self.request.headers.get("X-Atelier-Key"))
        return self.live.served(key)

    @api
    def get(self, what: str) -> None:
        if self.guard_failures():
            return
        code = self.room(self.get_query_argument("code", ""))
        if what == "overview":
            self.reply(self.live.overview(code, self.lang))
            return
        if what != "export":
            raise RoomError("adresse inconnue", 404)
        from simulation.live.export import export_csv, export_json

        kind = self.get_query_argument("format", "json")
        if kind not in ("json", "csv"):
            raise RoomError("format d'export invalide : json ou csv")
        if kind == "csv":
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", f'attachment; filename="salle-{code}.csv"')
            self.finish(export_csv(self.live.store, code))
        else:
            self.set_header("Content-Disposition", f'attachment; filename="salle-{code}.json"')
            self.reply(export_json(self.live.store, code))

    @api
    def post(self, what: str) -> None:
        if self.guard_failures():
            return
        if what != "action":
            raise RoomError("adresse inconnue", 404)
        data = self.body()
        code = self.room(data.get("code"))
        store = self.live.store
        action = data.get("action")
        actions = {
            "open": lambda: store.open_round(code, data.get("mode")),
            "lock": lambda: store.lock_round(code),
            "reveal": lambda: store.reveal_round(code),
            "reset": lambda: store.reset_team(code, data.get("team")),
            "end": lambda: store.end_room(code),
        }
        if action not in actions:
            raise RoomError("action inconnue : open, lock, reveal, reset ou end")
        version = actions[action]()
        self.live.notify(code)
        self.reply({"version": version, "overview": self.live.overview(code, self.lang)})


class PageHandler(tornado.web.RequestHandler):
    """The participant page and its two files, from the package (read once)."""

    _cache: ClassVar[dict[str, bytes]] = {}

    def initialize(self, live: LiveService) -> None:
        self.live = live

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", CSP)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Cache-Control", "no-cache")

    def get(self, name: str = "salle.html") -> None:
        if name == "salle.html":
            kind = "text/html; charset=utf-8"
        elif name in STATIC_FILES:
            kind = STATIC_FILES[name]
        else:
            raise tornado.web.HTTPError(404)
        if name not in self._cache:
            self._cache[name] = (STATIC_DIR / name).read_bytes()
        self.set_header("Content-Type", kind)
        self.finish(self._cache[name])

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("Page introuvable." if status_code == 404 else "Erreur du serveur.")


def live_handlers(server_url: str, live: LiveService) -> list[tuple]:
    """The routes of the participant page and API (see the module docstring)."""
    from jupyter_server.utils import url_path_join

    def path(p: str) -> str:
        return url_path_join(server_url, p)

    args = {"live": live}
    return [
        (path(r"/salle"), tornado.web.RedirectHandler,
         {"url": path("/salle/"), "permanent": False}),
        (path(r"/salle/"), PageHandler, args),
        (path(r"/salle/static/(salle\.js|salle\.css)"), PageHandler, args),
        (path(r"/salle/api/meta"), MetaHandler, args),
        (path(r"/salle/api/join"), JoinHandler, args),
        (path(r"/salle/api/state"), StateHandler, args),
        (path(r"/salle/api/change"), ChangeHandler, args),
        (path(r"/salle/api/team"), TeamHandler, args),
        (path(r"/salle/api/team-name"), TeamNameHandler, args),
        (path(r"/salle/api/leave"), LeaveHandler, args),
        (path(r"/salle/api/admin/(overview|export|action)"), AdminHandler, args),
    ]

