"""The live room end to end: a real ``atelier serve --room``, two phones and the projector.

Two participant pages (390×844, as a phone) join the room printed by the server; the
facilitator's page is the dashboard at the facilitator's address. A participant's change
appears on the facilitator's screen; the facilitator locks the round and the phones show it
locked; a phone that reloads finds its team again; texts typed on a phone reach both screens
as text. No request leaves the machine (every page has the offline guard of conftest).
The server's own guards still apply with ``--room``: a huge request body is refused, and a
kernel websocket without Jupyter's v1 protocol too.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from .conftest import PAGE_TIMEOUT_MS, OfflineGuard, _voila, _wait_pool_ready

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
STATUS = '[data-testid="room-status"]'


@pytest.fixture(scope="module")
def live_room(tmp_path_factory):
    """``atelier serve --room`` on loopback; yields (url, facilitator url, phone url, log)."""
    with _voila(tmp_path_factory, pool_size=1, show_tracebacks=False,
                extra=("--room", "--host", "127.0.0.1")) as (url, log, proc):
        _wait_pool_ready(proc, log)
        text = log.read_text(encoding="utf-8")
        facilitator = re.search(r"Animation \(adresse secrète[^:]*: (\S+)", text).group(1)
        phone = re.search(r"Téléphones des participants : (\S+)", text).group(1)
        yield url, facilitator, phone, log


def _context(browser, viewport, guards):
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    guard = OfflineGuard()
    context.route("**/*", guard)
    guards.append(guard)
    return context


def _phone(browser, url, pseudonym, guards):
    context = _context(browser, PHONE, guards)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(url)
    page.fill('[data-testid="join-pseudonym"]', pseudonym)
    page.click('[data-testid="join"]')
    page.locator('[data-testid="status"][data-status="waiting"]').wait_for()
    return page


def test_a_phone_s_change_reaches_the_projector_and_the_lock_reaches_the_phones(
        browser, live_room):
    _url, facilitator_url, phone_url, _log = live_room
    guards: list[OfflineGuard] = []
    facilitator = _context(browser, {"width": 1280, "height": 720}, guards).new_page()
    facilitator.set_default_timeout(PAGE_TIMEOUT_MS)
    facilitator.goto(facilitator_url)
    facilitator.locator(f'{STATUS}[data-room-status="waiting"]').wait_for()
    assert "cle=" not in facilitator.url  # the secret left the projected address bar
    code = facilitator.locator('[data-testid="room-code"]').inner_text()
    assert code in phone_url

    camille = _phone(browser, phone_url, "Camille", guards)
    sam = _phone(browser, phone_url, "<b>Sam</b> & 🌍", guards)
    assert camille.locator('[data-testid="room-code"]').inner_text() == code
    # both in the first team: Sam moves there from the team the room gave him
    sam.select_option('[data-testid="team-select"]', "0")
    sam.locator('[data-testid="team-name-title"]', has_text="Équipe 1").wait_for()

    facilitator.get_by_role("button", name="Ouvrir la manche 1").click()
    for phone in (camille, sam):
        phone.locator('[data-testid="status"][data-status="open"]').wait_for()

    total = facilitator.locator('[data-testid="room-total-0"]')
    before = total.inner_text()
    lever = camille.locator("[data-lever]").first
    lever.locator('button[data-level="3"]').click()
    start = time.monotonic()
    facilitator.wait_for_function(
        "before => document.querySelector('[data-testid=\"room-total-0\"]').innerText !== before",
        arg=before, timeout=10_000)
    print(f"phone change → projector: {time.monotonic() - start:.2f} s")
    row = facilitator.locator('[data-team="0"]')
    assert row.locator("td").nth(2).inner_text() == "1"  # one lever chosen
    # the pseudonym typed on a phone is text on the projector and on the other phone
    members = row.locator("td.members")
    assert "<b>Sam</b> & 🌍" in members.inner_text()
    assert members.locator("b").count() == 0
    camille.locator(".members", has_text="<b>Sam</b>").wait_for()
    assert camille.locator(".members b").count() == 0
    # the team's total on Sam's phone followed Camille's change
    sam.locator('[data-lever] button[data-level="3"][aria-pressed="true"]').first.wait_for()

    facilitator.get_by_role("button", name="Verrouiller").click()
    for phone in (camille, sam):
        phone.locator('[data-testid="status"][data-status="locked"]').wait_for(timeout=10_000)
        assert phone.locator("[data-lever] button:not([disabled])").count() == 0
    facilitator.locator(f'{STATUS}[data-room-status="locked"]').wait_for()
    # English on request
    sam.click('[data-testid="lang"]')
    sam.locator('[data-testid="status"]', has_text="Round 1 locked").wait_for()
    assert sam.locator('[data-testid="lang"]').inner_text() == "Français"

    # a phone that reloads (or slept) finds its team and the current state
    camille.reload()
    camille.locator('[data-testid="status"][data-status="locked"]').wait_for()
    assert "Équipe 1" in camille.locator('[data-testid="team-name-title"]').inner_text()
    assert camille.locator('[data-lever] button[data-level="3"][aria-pressed="true"]').count() == 1

    for page in (camille, sam):
        assert page.errors == []
    for page in (camille, sam, facilitator):
        page.context.close()
    assert [g.blocked for g in guards] == [[]] * len(guards)


def test_the_server_s_guards_still_apply_with_a_room(live_room):
    url, _facilitator, _phone, _log = live_room
    request = urllib.request.Request(
        url + "salle/api/change", data=b"{" + b" " * 300_000 + b"}", method="POST",
        headers={"Content-Type": "application/json", "X-Atelier-Token": "x" * 32})
    try:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as err:
            status, body = err.code, err.read()
    except (ConnectionError, urllib.error.URLError):
        status, body = 413, b""  # the server closed the connection: refused too
    assert status in (400, 413)
    assert b"Traceback" not in body
    # a kernel websocket without the v1 protocol is still refused
    with pytest.raises(InvalidStatus) as info:
        connect(f"ws{url[4:]}api/kernels/00000000-0000-0000-0000-000000000000/channels",
                open_timeout=10)
    assert info.value.response.status_code == 400
