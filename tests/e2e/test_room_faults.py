"""A room that survives its faults, end to end: a killed kernel, then a restarted server;
a page that loads its widgets one by one on a busy server.

One facilitator's page on a real ``atelier serve`` holds two named teams with several
levers each and one saved round. The kernel under the page is killed (psutil): the page
says so in French and offers a reload, which brings the whole room back from the session
store. Then the server is stopped and started again with the same ``--state-dir`` and port:
the open page says the connection is lost, and its reload brings back every team (names
included), the round and every level.
"""

from __future__ import annotations

import time

import psutil
import pytest
from websockets.sync.client import connect

from simulation.model import load_model
from simulation.pathway import encode_pathway
from simulation.store import SqliteSessionStore
from simulation.texts import t

from .conftest import _free_port, _voila, kernel_processes
from .test_room_hostile import V1, Attacker, _bare_visit, _closed_with, _message, _ws_url

pytestmark = pytest.mark.e2e

TABS = ".atelier .lm-TabBar-tab"
BANNER = "#atelier-connection-banner"
KERNEL_ID_JS = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
TEAMS = ".atelier-teams button"

#: The room: two teams, several levers each (mobility levers: the tab's first sector).
CASTORS = ("Les Castors", {"covoiturage": 4, "moins_avion": 2})
HERONS = ("Les Hérons", {"velo_marche": 3, "teletravail": 2})
#: Played by « Les Hérons » after round 1 was saved.
AFTER_ROUND = {"transports_en_commun": 1}


def _tab(page, key):
    page.locator(TABS, has_text=t(key)).click()


def _play(page, levels):
    _tab(page, "ui.tab_levers")
    for lever, level in levels.items():
        page.locator(f".lever-{lever} button", has_text=str(level)).click()
        page.locator(f".lever-{lever} button.mod-active", has_text=str(level)).wait_for()


def _rename(page, index, name):
    _tab(page, "ui.tab_teams")
    page.locator(".atelier-name input").fill(name)
    page.get_by_role("button", name=t("ui.rename")).click()
    page.locator(TEAMS).nth(index).filter(has_text=name).wait_for()


def _levels(*changes):
    merged = {}
    for change in changes:
        merged.update(change)
    return merged


def _expected():
    herons_now = _levels(HERONS[1], AFTER_ROUND)
    return {"teams": [(CASTORS[0], CASTORS[1]), (HERONS[0], herons_now)],
            "round": [(CASTORS[0], CASTORS[1]), (HERONS[0], HERONS[1])]}


def _saved(state_dir, session_id):
    """The session as saved by the kernel, reduced to what the room must get back."""
    saved = SqliteSessionStore.in_folder(state_dir).load(session_id)
    if saved is None:
        return None

    def teams(items):
        return [(team["name"], {k: v for k, v in team["levels"].items() if v})
                for team in items]

    return {"teams": teams(saved["teams"]),
            "round": teams(saved["rounds"][0]["teams"]) if saved["rounds"] else None,
            "rounds": len(saved["rounds"]), "active": saved["active"]}


def _assert_the_room_is_back(page, codes, load_round=False):
    """Both teams, their names, their levels (the active team's buttons and every team's
    pathway code) and the round are on screen; ``load_round``: going back to the round
    gives its levels (this changes the teams)."""
    page.locator(TEAMS).nth(1).wait_for()
    assert page.locator(TEAMS).all_inner_texts() == [CASTORS[0], HERONS[0]]
    assert page.locator(f"{TEAMS}.mod-active").inner_text() == HERONS[0]
    _tab(page, "ui.tab_levers")
    for lever, level in _levels(HERONS[1], AFTER_ROUND).items():
        page.locator(f".lever-{lever} button.mod-active", has_text=str(level)).wait_for()
    assert page.locator(".lever-covoiturage button.mod-active").inner_text() == "0"
    _tab(page, "ui.tab_teams")
    table = page.locator('[data-testid="teams-table"]')
    table.wait_for()
    rows = table.locator("tr")
    assert rows.count() == 3
    for i, (name, code) in enumerate(codes["teams"]):
        cells = rows.nth(i + 1).locator("td")
        assert cells.nth(0).inner_text() == name
        assert cells.nth(3).inner_text() == code
    rounds = page.locator(".atelier .widget-select select")
    # (ipywidgets shows the spaces of an option as no-break spaces)
    options = [o.replace("\xa0", " ") for o in rounds.locator("option").all_inner_texts()]
    assert options == [t("ui.round_label", n=1)]
    if not load_round:
        return
    rounds.select_option(index=0)
    page.get_by_role("button", name=t("ui.load_round")).click()
    herons_code = codes["round"][1][1]
    table.locator(".atelier-code", has_text=herons_code).wait_for()
    assert table.locator(".atelier-code").all_inner_texts() == [c for _, c in codes["round"]]


def test_a_killed_kernel_and_a_restarted_server_lose_nothing(browser, tmp_path_factory):
    model = load_model()
    expected = _expected()
    codes = {key: [(name, encode_pathway(model, "france", levels)) for name, levels in teams]
             for key, teams in expected.items()}
    port, state = _free_port(), tmp_path_factory.mktemp("state")
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        with _voila(tmp_path_factory, pool_size=1, show_tracebacks=False, port=port,
                    state=state) as (url, _log, proc):
            page.goto(url)
            page.locator(TABS).first.wait_for()
            # two named teams, several levers each, one round saved, then one more lever
            _play(page, CASTORS[1])
            _rename(page, 0, CASTORS[0])
            page.get_by_role("button", name=t("ui.add_team")).click()
            page.locator(f"{TEAMS}.mod-active", has_text="2").wait_for()
            _rename(page, 1, HERONS[0])
            _play(page, HERONS[1])
            _tab(page, "ui.tab_teams")
            page.get_by_role("button", name=t("ui.save_round")).click()
            page.locator(".atelier .widget-select select option").first.wait_for()
            _play(page, AFTER_ROUND)
            page.wait_for_function("new URL(location.href).searchParams.get('session')")
            session_id = page.evaluate("new URL(location.href).searchParams.get('session')")
            deadline = time.monotonic() + 30
            want = {**expected, "rounds": 1, "active": 1}
            while _saved(state, session_id) != want:
                assert time.monotonic() < deadline, _saved(state, session_id)
                time.sleep(0.3)

            # 1. the kernel under the page dies
            kernel_id = page.evaluate(KERNEL_ID_JS)
            (kernel,) = [k for k in kernel_processes(proc) if kernel_id in " ".join(k.cmdline())]
            kernel.kill()
            psutil.wait_procs([kernel], timeout=10)
            banner = page.locator(BANNER)
            banner.wait_for(timeout=30_000)
            assert banner.get_attribute("data-atelier-banner") == "restarted"
            assert banner.locator("span").inner_text() == "Le calcul a redémarré."
            banner.get_by_role("button", name="Recharger la page").click()
            page.locator(TABS).first.wait_for()
            assert page.locator(BANNER).count() == 0
            assert page.evaluate(KERNEL_ID_JS) != kernel_id
            assert f"session={session_id}" in page.url
            _assert_the_room_is_back(page, codes)

            # 2. the server stops (the page stays open)
            proc.terminate()
            proc.wait(timeout=30)
            banner.wait_for(timeout=30_000)
            assert banner.get_attribute("data-atelier-banner") == "lost"
            assert banner.locator("span").inner_text() == "La connexion au serveur est perdue."
        assert _saved(state, session_id) == want  # nothing lost when the server stopped

        # 3. the server starts again on the same port with the same sessions; reload
        with _voila(tmp_path_factory, pool_size=1, show_tracebacks=False, port=port,
                    state=state) as (url2, _log2, _proc2):
            assert url2 == url
            banner.get_by_role("button", name="Recharger la page").click()
            page.locator(TABS).first.wait_for(timeout=120_000)
            assert page.locator(BANNER).count() == 0
            assert f"session={session_id}" in page.url
            _assert_the_room_is_back(page, codes, load_round=True)
            assert "Traceback" not in page.content()
    finally:
        context.close()


def test_a_page_that_asks_its_widgets_one_by_one_is_not_cut_off(atelier_server):
    """When the kernel does not answer ``request_states`` within 4 s (a whole room opening
    its pages at once on a busy server), Voilà's page asks every widget's state one by one
    (``request_state``, about 200): the guard lets each widget through once. Asking again
    and again for the same widget still closes the socket."""
    url, _log, _proc = atelier_server(pool_size=1)
    kernel_id = _bare_visit(url)
    with connect(_ws_url(url, kernel_id), subprotocols=[V1], open_timeout=30,
                 max_size=None) as ws:
        page = Attacker(ws)
        page.send("comm_info_request", {"target_name": "jupyter.widget"})
        reply = page.receive_until(lambda m: m["header"]["msg_type"] == "comm_info_reply")
        widgets = list(reply[-1]["content"]["comms"])
        assert len(widgets) > 100
        for widget in widgets:
            page.send("comm_msg", {"comm_id": widget, "data": {"method": "request_state"}})
        updated: set[str] = set()

        def every_state(message) -> bool:
            if (message["header"]["msg_type"] == "comm_msg"
                    and message["content"]["data"].get("method") == "update"):
                updated.add(message["content"]["comm_id"])
            return updated == set(widgets)

        page.receive_until(every_state, timeout_s=90)
    again = _message("comm_msg", {"comm_id": widgets[0], "data": {"method": "request_state"}})
    assert _closed_with(url, kernel_id, [again[1]] * 30) == 1008
