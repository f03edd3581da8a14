"""The page side of a room that survives faults (template ``atelier/index.html.j2``).

- ``?session=<id>`` follows the element ``[data-atelier-session]`` (the dashboard renders
  it; here the test adds it), with ``history.replaceState`` and the other parameters kept;
- a banner with a « Recharger la page » button when the kernel restarts or the connection
  to the server is lost; English with ``?lang=en``.
"""

from __future__ import annotations

import psutil
import pytest

from .conftest import kernel_processes

pytestmark = pytest.mark.e2e

TABS = ".atelier .lm-TabBar-tab"
BANNER = "#atelier-connection-banner"
KERNEL_ID_JS = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
SET_SESSION_JS = """(value) => {
  let el = document.querySelector('[data-atelier-session]');
  if (!el) { el = document.createElement('span'); document.body.appendChild(el); }
  el.setAttribute('data-atelier-session', value);
}"""


def _session_param(page):
    return page.evaluate("new URL(window.location.href).searchParams.get('session')")


def test_the_session_id_goes_into_the_url_and_survives_a_reload(page, voila_url):
    page.goto(voila_url + "?lang=en&foo=bar")
    page.locator(TABS).first.wait_for()
    history = page.evaluate("history.length")
    # the dashboard puts its own session in the URL (at once, or once a preheated kernel
    # has its visitor); the test then moves the marker to ids of its own
    page.wait_for_function("new URL(location.href).searchParams.get('session') !== null")
    assert page.evaluate("history.length") == history

    page.evaluate(SET_SESSION_JS, "K7QM-3XPA")
    page.wait_for_function("new URL(location.href).searchParams.get('session') === 'K7QM-3XPA'")
    params = page.evaluate("Object.fromEntries(new URL(location.href).searchParams)")
    assert params == {"lang": "en", "foo": "bar", "session": "K7QM-3XPA"}
    assert page.evaluate("history.length") == history  # replaced, not pushed

    # values that are not session ids never reach the URL
    for bad in ("K7QM-3XP0", "k7qm-3xpa", '"><img src=x onerror=alert(1)>', ""):
        page.evaluate(SET_SESSION_JS, bad)
        page.wait_for_timeout(200)
        assert _session_param(page) == "K7QM-3XPA", bad

    page.evaluate(SET_SESSION_JS, "ABCD-EFGH")  # a new session replaces the old id
    page.wait_for_function("new URL(location.href).searchParams.get('session') === 'ABCD-EFGH'")
    response = page.reload()
    assert "session=ABCD-EFGH" in response.request.url
    assert "lang=en" in response.request.url
    page.locator(TABS).first.wait_for()
    assert page.locator(BANNER).count() == 0  # a reload is not a lost connection


def test_a_restarted_kernel_shows_a_french_banner_with_a_reload_button(page, atelier_server):
    url, _log, proc = atelier_server(pool_size=1)
    page.goto(url)
    page.locator(TABS).first.wait_for()
    page.wait_for_timeout(500)
    assert page.locator(BANNER).count() == 0
    kernel_id = page.evaluate(KERNEL_ID_JS)
    (kernel,) = [k for k in kernel_processes(proc) if kernel_id in " ".join(k.cmdline())]
    kernel.kill()  # the kernel dies; jupyter_server restarts it, empty
    psutil.wait_procs([kernel], timeout=10)

    banner = page.locator(BANNER)
    banner.wait_for(timeout=30_000)
    assert banner.get_attribute("data-atelier-banner") == "restarted"
    assert banner.get_attribute("role") == "alert"
    assert banner.locator("span").inner_text() == "Le calcul a redémarré."
    button = banner.get_by_role("button", name="Recharger la page")
    assert float(button.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")) >= 18
    button.click()
    page.locator(TABS).first.wait_for(timeout=120_000)
    assert page.locator(BANNER).count() == 0
    assert page.evaluate(KERNEL_ID_JS) != kernel_id


def test_a_lost_server_shows_the_banner_in_english_with_lang_en(page, atelier_server):
    url, _log, proc = atelier_server(pool_size=1)
    page.goto(url + "?lang=en")
    page.locator(TABS).first.wait_for()
    page.wait_for_timeout(500)
    assert page.locator(BANNER).count() == 0
    proc.terminate()
    proc.wait(timeout=30)
    banner = page.locator(BANNER)
    banner.wait_for(timeout=30_000)
    assert banner.get_attribute("data-atelier-banner") == "lost"
    assert banner.locator("span").inner_text() == "The connection to the server is lost."
    assert banner.get_by_role("button").inner_text() == "Reload the page"


def test_a_lost_server_shows_the_french_banner(page, atelier_server):
    url, _log, proc = atelier_server(pool_size=1)
    page.goto(url)
    page.locator(TABS).first.wait_for()
    proc.terminate()
    proc.wait(timeout=30)
    banner = page.locator(BANNER)
    banner.wait_for(timeout=30_000)
    assert banner.locator("span").inner_text() == "La connexion au serveur est perdue."
    assert banner.get_by_role("button").inner_text() == "Recharger la page"
