"""Kernels of a real ``atelier serve``: freed when pages close, capped when the room is full.

The kernel count is read twice: from the server (``/atelier/api/status``, its own book of
Voilà's kernel manager) and from the process tree (``ipykernel`` processes under the
server, psutil). Default limits: a page closed with its unload beacon frees its kernel at
once, a page killed without it after ``--grace`` (60 s), a page-less ``GET /`` after
``--connect-timeout`` (60 s).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from .conftest import kernel_processes, room_status

pytestmark = pytest.mark.e2e

TABS = ".atelier .lm-TabBar-tab"


def _wait_kernels(url, proc, want, timeout_s, pages=None):
    """Wait until the server and the process tree both count ``want`` kernels."""
    deadline = time.monotonic() + timeout_s
    while True:
        status = room_status(url)
        processes = len(kernel_processes(proc))
        if status["kernels"] == want and processes == want and (
            pages is None or status["pages"] == pages
        ):
            return status
        if time.monotonic() > deadline:
            raise AssertionError(
                f"after {timeout_s} s: server {status}, {processes} kernel processes; "
                f"want {want} kernels"
            )
        time.sleep(1)


def _open(context, url):
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.locator(TABS).first.wait_for()
    return page


def test_closing_or_reloading_a_page_frees_its_kernel_at_once(browser, atelier_server):
    url, _log, proc = atelier_server(pool_size=1)
    context = browser.new_context()
    page = _open(context, url)
    _wait_kernels(url, proc, want=2, timeout_s=60, pages=1)  # the page's + the refilled pool
    kernel = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    page.reload()
    page.locator(TABS).first.wait_for()
    # the reloaded page has a new kernel, the old one is gone (well before the 60 s grace)
    _wait_kernels(url, proc, want=2, timeout_s=15, pages=1)
    assert kernel not in urllib.request.urlopen(url + "atelier/api/status").read().decode()
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{url}api/kernels/{kernel}")
    assert info.value.code == 404
    page.close(run_before_unload=True)
    _wait_kernels(url, proc, want=1, timeout_s=15, pages=0)
    context.close()


def test_thirty_pages_and_ten_bare_gets_leave_only_the_pool(browser, atelier_server):
    url, _log, proc = atelier_server(pool_size=1)
    server = psutil.Process(proc.pid)
    fds_before = server.num_fds()
    context = browser.new_context()
    opened = 0
    # 20 pages closed normally (unload beacon), 5 reloaded then closed, 5 killed without
    # their beacon (a crashed tab: freed after the grace period); 3 at a time
    plans = ["close"] * 20 + ["reload"] * 5 + ["kill"] * 5
    for start in range(0, len(plans), 3):
        batch = plans[start : start + 3]
        pages = [_open(context, url) for _ in batch]
        opened += len(pages)
        for plan, page in zip(batch, pages, strict=True):
            if plan == "reload":
                page.reload()
                page.locator(TABS).first.wait_for()
                opened += 1
            page.close(run_before_unload=plan != "kill")
    assert opened == 35

    def bare_get(_):
        with urllib.request.urlopen(url, timeout=300) as response:
            return response.status, len(response.read())

    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(bare_get, range(10)))
    assert all(status == 200 and size > 10_000 for status, size in answers), answers
    done = time.monotonic()
    busy = room_status(url)
    assert busy["pages"] >= 10  # the bare GETs' kernels are alive, never connected

    status = _wait_kernels(url, proc, want=1, timeout_s=120, pages=0)
    elapsed = time.monotonic() - done
    assert status["pool_ready"] == 1
    print(f"kernels back to the pool size {elapsed:.0f} s after the last request; {status}")
    context.close()
    # the ZMQ sockets of the freed kernels are closed too, and their processes reaped
    assert server.num_fds() <= fds_before + 10
    zombies = [c for c in server.children() if c.status() == psutil.STATUS_ZOMBIE]
    assert len(zombies) <= 1, zombies


def test_a_full_room_gets_a_french_page_that_says_what_to_do(browser, atelier_server, page):
    url, _log, proc = atelier_server(pool_size=1, extra=("--max-kernels", "3"))
    context = browser.new_context()
    held = [_open(context, url), _open(context, url)]  # 2 pages + the refilled pool
    _wait_kernels(url, proc, want=3, timeout_s=60, pages=2)
    held.append(_open(context, url))  # the third takes the pool kernel, not replaced
    status = _wait_kernels(url, proc, want=3, timeout_s=60, pages=3)
    assert status["pool_ready"] == 0

    response = page.goto(url)
    assert response.status == 503
    assert response.headers["retry-after"] == "30"
    heading = page.locator("h1").inner_text()
    assert heading == "La salle est pleine"
    text = page.locator("main").inner_text()
    assert "Que faire ?" in text
    assert "Fermez les onglets" in text
    assert "atelier serve --max-kernels 11" in text
    assert "Traceback" not in page.content()
    assert room_status(url)["kernels"] == 3  # the refused page started nothing

    response = page.goto(url + "?lang=en")
    assert response.status == 503
    assert page.locator("h1").inner_text() == "The room is full"

    held[0].close(run_before_unload=True)  # a place frees up: the pool is refilled
    _wait_kernels(url, proc, want=3, timeout_s=90, pages=2)
    response = page.goto(url)
    assert response.status == 200
    page.locator(TABS).first.wait_for(timeout=120_000)
    context.close()


def test_a_dead_preheated_kernel_is_replaced(page, atelier_server):
    url, log, proc = atelier_server(pool_size=1)
    (pooled,) = kernel_processes(proc)
    pooled.kill()  # jupyter_client restarts it, in a process that never ran the notebook
    deadline = time.monotonic() + 120
    while True:
        processes = kernel_processes(proc)
        status = room_status(url)
        if ([p.pid for p in processes] != [pooled.pid] and len(processes) == 1
                and status["pool_ready"] == 1 and status["kernels"] == 1):
            break
        assert time.monotonic() < deadline, (status, processes)
        time.sleep(1)
    assert "Noyau préchauffé perdu : la réserve est complétée." in log.read_text(errors="replace")
    page.goto(url)
    page.locator(".atelier .lm-TabBar-tab", has_text="Leviers d'action").click(timeout=120_000)
    total = page.locator('[data-testid="total-2050"]')
    before = total.inner_text()
    page.locator(".lever-covoiturage button", has_text="4").click()
    page.wait_for_function("([sel, old]) => document.querySelector(sel).innerText !== old",
                           arg=['[data-testid="total-2050"]', before])
