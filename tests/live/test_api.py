"""The participant page and JSON API on a real tornado server (loopback, a thread).

The routes are those ``atelier serve --room`` adds (:func:`simulation.live.api.live_handlers`)
on the fixture model; HTTP clients are plain ``urllib`` calls, several at once from threads.
The whole ``atelier serve --room`` (Voilà, kernels, Chromium) runs in
``tests/e2e/test_live_room.py``.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
import tornado.httpserver
import tornado.web

from simulation.live import api
from simulation.live.api import FAIL_BURST, MAX_API_BODY, STATIC_DIR, LiveService, live_handlers
from simulation.live.store import RoomStore
from simulation.ui.viewmodel import Calculator


class Clock:
    def __init__(self):
        self.offset = 0.0

    def __call__(self):
        return time.time() + self.offset


@pytest.fixture
def server(tmp_path, mini_model):
    clock = Clock()
    calc = Calculator(mini_model)
    store = RoomStore.in_folder(
        tmp_path, lever_ids=mini_model.lever_ids, clock=clock,
        total_kg=lambda territory, levels: float(calc.result(territory, levels).value(2050)))
    code, secret = store.create_room("france", n_teams=4)
    live = LiveService(store, calc, [code])
    ready = threading.Event()
    holder = {}

    def run():
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = tornado.web.Application(live_handlers("/", live))
        http = tornado.httpserver.HTTPServer(app, max_body_size=64 * 1024)
        http.listen(0, "127.0.0.1")
        holder["port"] = next(iter(http._sockets.values())).getsockname()[1]
        holder["loop"] = loop
        live.start_watch()
        ready.set()
        loop.run_forever()
        live.stop_watch()
        http.stop()
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10)
    yield SimpleNamespace(url=f"http://127.0.0.1:{holder['port']}/", code=code, secret=secret,
                          live=live, store=store, clock=clock, tmp=tmp_path, model=mini_model)
    holder["loop"].call_soon_threadsafe(holder["loop"].stop)
    thread.join(10)


def call(srv, method, path, body=None, token=None, key=None, raw=None, content_type=None,
         timeout=10):
    """One request; return ``(status, parsed JSON or text, headers)``."""
    headers = {}
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if content_type is not None:
        headers["Content-Type"] = content_type
    if token is not None:
        headers["X-Atelier-Token"] = token
    if key is not None:
        headers["X-Atelier-Key"] = key
    request = urllib.request.Request(srv.url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text, head = response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as err:
        status, text, head = err.code, err.read().decode(), err.headers
    try:
        return status, json.loads(text), head
    except ValueError:
        return status, text, head


def join(srv, pseudonym="", team=None, code=None):
    status, data, _ = call(srv, "POST", "salle/api/join",
                           {"code": code or srv.code, "pseudonym": pseudonym, "team": team})
    assert status == 201, data
    return data["token"], data["state"]


def admin(srv, action, **extra):
    status, data, _ = call(srv, "POST", "salle/api/admin/action",
                           {"code": srv.code, "action": action, **extra}, key=srv.secret)
    assert status == 200, data
    return data


# ------------------------------------------------------------------------------ the page
def test_the_page_and_its_files_come_from_the_package_with_a_strict_policy(server):
    status, text, head = call(server, "GET", "salle/")
    assert status == 200
    assert text == (STATIC_DIR / "salle.html").read_text(encoding="utf-8")
    assert head["Content-Type"].startswith("text/html")
    policy = head["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert "connect-src 'self'" in policy
    for name in ("salle.html", "salle.js", "salle.css"):
        content = (STATIC_DIR / name).read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9]", content.replace("://", "")), name
        assert "http://" not in content and "https://" not in content, name
    script = (STATIC_DIR / "salle.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "outerHTML" not in script
    assert "insertAdjacentHTML" not in script and "document.write" not in script
    status, _text, head = call(server, "GET", "salle/static/salle.js")
    assert status == 200 and head["Content-Type"].startswith("text/javascript")
    assert call(server, "GET", "salle/static/../store.py")[0] == 404
    assert call(server, "GET", "salle/static/other.js")[0] == 404


def test_salle_without_slash_redirects_keeping_the_code(server):
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as info:
        opener.open(server.url + "salle?code=K7Q-M3X", timeout=5)
    assert info.value.code == 302
    assert info.value.headers["Location"] == "/salle/?code=K7Q-M3X"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_meta_gives_texts_and_levers_in_french_and_english(server):
    _, fr, _ = call(server, "GET", "salle/api/meta")
    _, en, _ = call(server, "GET", "salle/api/meta?lang=en")
    assert fr["texts"]["join_button"] == "Rejoindre" and en["texts"]["join_button"] == "Join"
    levers = [lever["id"] for sector in fr["sectors"] for lever in sector["levers"]]
    assert sorted(levers) == sorted(server.model.lever_ids)
    assert all(len(lever["levels"]) == 5 for s in en["sectors"] for lever in s["levers"])


# ----------------------------------------------------------------------------- playing
def test_join_play_and_the_team_total_follows(server):
    token, state = join(server, "Camille", 2)
    assert state["me"] == {"id": 1, "pseudonym": "Camille", "team": 2}
    assert state["room"]["status"] == "waiting"
    status, data, _ = call(server, "POST", "salle/api/change",
                           {"lever": "covoiturage", "level": 3}, token=token)
    assert status == 409 and "pas encore ouverte" in data["error"]
    admin(server, "open", mode="set")
    status, data, _ = call(server, "POST", "salle/api/change",
                           {"lever": "covoiturage", "level": 3}, token=token)
    assert status == 200
    team = data["state"]["team"]
    assert team["levels"] == {"covoiturage": 3}
    expected = server.model.evaluate({"covoiturage": 3}, territory="france").value(2050)
    assert team["total"].replace("\u202f", " ").startswith(
        f"{expected / 1000:.2f}".replace(".", ",")[:3])
    _, state, _ = call(server, "GET", "salle/api/state", token=token)
    assert state["version"] == data["version"]


def test_a_reconnecting_phone_finds_its_team_and_the_current_state(server):
    token, _ = join(server, "Sam", 1)
    admin(server, "open", mode="vote")
    call(server, "POST", "salle/api/change", {"lever": "renovation", "level": 2}, token=token)
    # the phone slept, the page reloads with the token of its localStorage
    _, state, _ = call(server, "GET", "salle/api/state?since=-1", token=token)
    assert state["me"]["team"] == 1
    assert state["my_votes"] == {"renovation": 2}
    assert state["team"]["levels"] == {"renovation": 2}
    assert state["room"]["mode"] == "vote"


def test_a_change_wakes_a_waiting_phone_and_the_kernel_s_writes_too(server):
    token_a, _ = join(server, "A", 0)
    token_b, _ = join(server, "B", 0)
    admin(server, "open", mode="set")
    _, state, _ = call(server, "GET", "salle/api/state", token=token_a)
    since = state["version"]
    with ThreadPoolExecutor(1) as pool:
        start = time.monotonic()
        waiting = pool.submit(call, server, "GET", f"salle/api/state?since={since}",
                              None, token_a)
        time.sleep(0.3)
        call(server, "POST", "salle/api/change", {"lever": "flexitarien", "level": 4},
             token=token_b)
        _, woken, _ = waiting.result(timeout=5)
        assert time.monotonic() - start < 2
    assert woken["team"]["levels"] == {"flexitarien": 4}
    # a write from another process (the facilitator's kernel) is noticed by the watch
    other = RoomStore.in_folder(server.tmp, lever_ids=server.model.lever_ids)
    with ThreadPoolExecutor(1) as pool:
        start = time.monotonic()
        waiting = pool.submit(call, server, "GET", f"salle/api/state?since={woken['version']}",
                              None, token_a)
        time.sleep(0.3)
        other.lock_round(server.code)
        _, locked, _ = waiting.result(timeout=5)
        assert time.monotonic() - start < 2
    assert locked["room"]["status"] == "locked"


def test_a_phone_that_leaves_is_gone_from_its_team_and_its_token_stops(server):
    token, _ = join(server, "Parti", 2)
    stay, _ = join(server, "Reste", 2)
    admin(server, "open", mode="vote")
    call(server, "POST", "salle/api/change", {"lever": "covoiturage", "level": 4}, token=token)
    assert call(server, "POST", "salle/api/leave", {}, token=token)[0] == 200
    team = server.store.snapshot(server.code).teams[2]
    assert [m.pseudonym for m in team.members] == ["Reste"]
    assert team.votes == {}
    assert call(server, "GET", "salle/api/state", token=token)[0] == 401
    _, again = join(server, "Nouveau")
    assert again["me"]["id"] == 3  # never the number of someone who left
    assert call(server, "GET", "salle/api/state", token=stay)[0] == 200


def test_a_waiting_phone_gets_the_same_state_after_the_long_poll(server, monkeypatch):
    monkeypatch.setattr(api, "LONG_POLL_S", 0.5)
    token, state = join(server, "A")
    start = time.monotonic()
    status, again, _ = call(server, "GET", f"salle/api/state?since={state['version']}",
                            token=token)
    assert status == 200 and again["version"] == state["version"]
    assert 0.4 < time.monotonic() - start < 3


def test_reveal_shows_every_team_s_total_on_the_phones(server):
    tokens = [join(server, f"P{i}", i)[0] for i in range(4)]
    admin(server, "open", mode="set")
    for i, token in enumerate(tokens):
        call(server, "POST", "salle/api/change", {"lever": "covoiturage", "level": i}, token=token)
    _, state, _ = call(server, "GET", "salle/api/state", token=tokens[0])
    assert state["results"] is None
    admin(server, "reveal")
    _, state, _ = call(server, "GET", "salle/api/state", token=tokens[0])
    assert state["room"]["status"] == "revealed"
    assert len(state["results"]) == 4
    assert [r["mine"] for r in state["results"]].count(True) == 1
    totals = [r["total_kg"] for r in state["results"]]
    assert totals == sorted(totals)


# ------------------------------------------------------------------------- the facilitator
@pytest.mark.parametrize("key", [None, "", "faux", "x" * 3000])
def test_nothing_can_lock_reset_or_end_without_the_secret(server, key):
    token, _ = join(server, "A")
    for body in ({"action": "lock"}, {"action": "reset", "team": 0}, {"action": "end"},
                 {"action": "open", "mode": "set"}):
        status, data, _ = call(server, "POST", "salle/api/admin/action",
                               {"code": server.code, **body}, key=key)
        assert status == 403, data
        assert "clé d'animation" in data["error"]
    for what in ("overview", "export"):
        assert call(server, "GET", f"salle/api/admin/{what}?code={server.code}", key=key)[0] == 403
    assert server.store.snapshot(server.code).status == "waiting"
    # a participant's token is not a facilitator's secret
    assert call(server, "POST", "salle/api/admin/action",
                {"code": server.code, "action": "end"}, key=token)[0] == 403


def test_the_facilitator_s_routes_with_the_secret(server):
    token, _ = join(server, "<b>Al</b>", 3)
    admin(server, "open", mode="set")
    call(server, "POST", "salle/api/change", {"lever": "teletravail", "level": 2}, token=token)
    _, overview, _ = call(server, "GET", f"salle/api/admin/overview?code={server.code}",
                          key=server.secret)
    assert overview["teams"][3]["members"] == ["<b>Al</b>"]  # JSON: escaped where displayed
    assert overview["teams"][3]["levels"] == {"teletravail": 2}
    admin(server, "reset", team=3)
    assert server.store.snapshot(server.code).teams[3].levels == {}
    admin(server, "lock")
    status, text, head = call(server, "GET", f"salle/api/admin/export?code={server.code}&format=csv",
                              key=server.secret)
    assert status == 200 and head["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("salle,manche,mode")
    assert "attachment" in head["Content-Disposition"]
    admin(server, "end")
    status, data, _ = call(server, "POST", "salle/api/change",
                           {"lever": "teletravail", "level": 1}, token=token)
    assert status == 410 and "terminée" in data["error"]
    _, state, _ = call(server, "GET", "salle/api/state", token=token)
    assert state["room"]["status"] == "ended"


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(("body", "status", "message"), [
    ({}, 400, "levier inconnu"),
    ({"lever": "covoiturage"}, 400, "niveau invalide"),
    ({"level": 2}, 400, "levier inconnu"),
    ({"lever": "covoiturage", "level": "2"}, 400, "niveau invalide"),
    ({"lever": "covoiturage", "level": 2.5}, 400, "niveau invalide"),
    ({"lever": "covoiturage", "level": [2]}, 400, "niveau invalide"),
    ({"lever": 7, "level": 2}, 400, "levier inconnu"),
    ({"lever": "<script>alert(1)</script>", "level": 2}, 400, "levier inconnu"),
    ({"lever": "covoiturage", "level": 99}, 400, "niveau invalide"),
])
def test_malformed_changes_get_a_french_error_and_change_nothing(server, body, status, message):
    token, _ = join(server, "A")
    admin(server, "open", mode="set")
    version = server.store.version(server.code)
    got, data, _ = call(server, "POST", "salle/api/change", body, token=token)
    assert got == status and message in data["error"]
    assert set(data) == {"error"}
    assert server.store.version(server.code) == version


@pytest.mark.parametrize(("raw", "content_type", "status", "message"), [
    (b'{"lever": "covoiturage", "level": 2', "application/json", 400, "JSON invalide"),
    (b'[1, 2]', "application/json", 400, "objet JSON"),
    (b'"texte"', "application/json", 400, "objet JSON"),
    (b'\xff\xfe\x00', "application/json", 400, "JSON invalide"),
    (b"lever=covoiturage&level=2", "application/x-www-form-urlencoded", 415, "JSON"),
    (b'{"lever": "covoiturage", "level": 2}', "text/plain", 415, "JSON"),
    (b'{"name": "' + b"x" * MAX_API_BODY + b'"}', "application/json", 413, "trop grande"),
])
def test_malformed_bodies_are_refused(server, raw, content_type, status, message):
    token, _ = join(server, "A")
    admin(server, "open", mode="set")
    got, data, _ = call(server, "POST", "salle/api/change", raw=raw, content_type=content_type,
                        token=token)
    assert got == status, data
    assert message in data["error"]


def test_a_huge_body_is_cut_by_the_server_without_a_traceback(server):
    token, _ = join(server, "A")
    try:
        got, data, _ = call(server, "POST", "salle/api/change", raw=b"{" + b" " * 2_000_000 + b"}",
                            content_type="application/json", token=token)
    except (ConnectionError, urllib.error.URLError):
        return  # the server closed the connection before reading it: fine
    assert got in (400, 413)
    assert "Traceback" not in json.dumps(data)


@pytest.mark.parametrize(("name", "status", "kept"), [
    ("Les Gazelles 🌍", 200, "Les Gazelles 🌍"),
    ("<img src=x onerror=f()>", 200, "<img src=x onerror=f()>"),
    ("x" * 25, 400, None),
    ("é" * 200, 400, None),
    (["liste"], 400, None),
    (12, 400, None),
])
def test_team_names_are_limited_and_returned_as_text(server, name, status, kept):
    token, _ = join(server, "A", 0)
    got, data, _ = call(server, "POST", "salle/api/team-name", {"name": name}, token=token)
    assert got == status, data
    if kept is not None:
        assert data["state"]["team"]["name"] == kept
    else:
        assert "error" in data and len(data["error"]) < 120


@pytest.mark.parametrize("body", [{"team": "1"}, {"team": 9}, {"team": -1}, {"team": None}, {}])
def test_a_wrong_team_is_refused(server, body):
    token, _ = join(server, "A", 0)
    got, data, _ = call(server, "POST", "salle/api/team", body, token=token)
    assert got == 400 and "équipe invalide" in data["error"]


@pytest.mark.parametrize("pseudonym", ["x" * 25, 42, {"a": 1}])
def test_a_bad_pseudonym_is_refused_at_join(server, pseudonym):
    got, data, _ = call(server, "POST", "salle/api/join", {"code": server.code,
                                                           "pseudonym": pseudonym})
    assert got == 400 and "pseudonyme" in data["error"]


def test_a_wrong_room_code_is_refused_then_rate_limited(server):
    for _ in range(FAIL_BURST):
        got, data, _ = call(server, "POST", "salle/api/join", {"code": "ZZZ-ZZZ"})
        assert got == 404 and "code de salle inconnu" in data["error"]
    got, data, head = call(server, "POST", "salle/api/join", {"code": server.code})
    assert got == 429 and head["Retry-After"]
    assert "trop d'essais" in data["error"]


def test_unknown_tokens_are_refused_and_counted(server):
    for token in ("", "x" * 40):
        got, data, _ = call(server, "GET", "salle/api/state", token=token)
        assert got == 401 and "rejoignez la salle" in data["error"]
    got, data, _ = call(server, "GET", "salle/api/state")
    assert got == 401


def test_changes_are_rate_limited_per_participant(server):
    token, _ = join(server, "A")
    other, _ = join(server, "B")
    admin(server, "open", mode="set")
    statuses = [call(server, "POST", "salle/api/change", {"lever": "covoiturage", "level": i % 5},
                     token=token)[0] for i in range(40)]
    assert statuses.count(429) > 0
    assert statuses[:10] == [200] * 10
    # the other participant is not slowed down
    assert call(server, "POST", "salle/api/change", {"lever": "covoiturage", "level": 1},
                token=other)[0] == 200


def test_an_expired_room_answers_gone(server):
    token, _ = join(server, "A")
    server.clock.offset = 13 * 3600
    got, data, _ = call(server, "POST", "salle/api/change", {"lever": "covoiturage", "level": 1},
                        token=token)
    assert got == 410 and "expiré" in data["error"]
    got, data, _ = call(server, "POST", "salle/api/join", {"code": server.code})
    assert got == 410
    _, state, _ = call(server, "GET", "salle/api/state", token=token)
    assert state["room"]["status"] == "expired"


def test_a_room_this_server_does_not_serve_is_refused(server):
    code, _ = server.store.create_room("france")
    got, data, _ = call(server, "POST", "salle/api/join", {"code": code})
    assert got == 404
    _who, token = server.store.join(code, "elsewhere")
    got, data, _ = call(server, "GET", "salle/api/state", token=token)
    assert got == 410 and "pas ouverte sur ce serveur" in data["error"]


def test_an_internal_error_gives_no_traceback(server, monkeypatch):
    token, _ = join(server, "A")

    def broken(code):
        raise ValueError("secret internal detail /home/x/simulation/live/store.py")

    monkeypatch.setattr(server.live, "snapshot", broken)
    got, data, _ = call(server, "GET", "salle/api/state", token=token)
    assert got == 500
    assert data == {"error": "erreur interne du serveur"}
    got, data, _ = call(server, "DELETE", "salle/api/change", token=token)
    assert "Traceback" not in json.dumps(data)


# ----------------------------------------------------------------- 16 clients at once
def test_sixteen_http_clients_at_once_lose_no_change(server):
    """16 participants × 20 changes over HTTP at once (in the rate limits): every change
    acknowledged is in the final levels or overwritten by a later one of the same team."""
    players = [join(server, f"P{i}", i % 4) for i in range(16)]
    admin(server, "open", mode="set")
    acks, lock = [], threading.Lock()

    def play(i):
        token, state = players[i]
        rng = random.Random(i)
        for _ in range(20):
            lever, level = rng.choice(server.model.lever_ids), rng.randint(0, 4)
            got, data, _ = call(server, "POST", "salle/api/change",
                                {"lever": lever, "level": level}, token=token)
            assert got == 200, data
            with lock:
                acks.append((data["version"], state["me"]["team"], lever, level))
            time.sleep(0.05)

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(play, range(16)))
    assert len({a[0] for a in acks}) == 320
    expected = {t: {} for t in range(4)}
    for _version, team, lever, level in sorted(acks):
        expected[team][lever] = level
    _, overview, _ = call(server, "GET", f"salle/api/admin/overview?code={server.code}",
                          key=server.secret)
    for team in overview["teams"]:
        assert team["levels"] == {k: v for k, v in expected[team["index"]].items() if v}
