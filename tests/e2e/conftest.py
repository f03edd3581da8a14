"""End-to-end harness: a real ``voila`` process and Debian's Chromium driven by Playwright.

The server is started once per session with the very command line of ``atelier serve``
(:func:`simulation.ui.serve.voila_argv`), except that tracebacks are shown (as in Voilà's
own UI tests) so a failure explains itself, and the pool holds one preheated kernel (two
cores in CI). Every request that does not go to localhost is aborted and recorded; tests
assert that none was attempted (the dashboard must work offline).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest

from simulation.ui.serve import ServeOptions, voila_argv, voila_env

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Time for a cold kernel to import numpy/bqplot/the model and render, on a busy 2-core box.
PAGE_TIMEOUT_MS = 90_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_http_ok(url: str, proc: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "voila/api/shutdown/none", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # the server answers (any HTTP status): it is up
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"voila did not answer on {url} within {timeout_s} s")


@contextlib.contextmanager
def _voila(tmp_path_factory, pool_size: int, show_tracebacks: bool = True, data=None,
           dashboard: str = ServeOptions.dashboard):
    """Run ``voila`` like ``atelier serve`` (tracebacks shown); yield (url, log, process)."""
    port = _free_port()
    options = ServeOptions(
        host="127.0.0.1", port=port, open_browser=False, show_tracebacks=show_tracebacks,
        pool_size=pool_size, dashboard=dashboard,
    )
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    env = voila_env(data=data)
    env["PYTHONUNBUFFERED"] = "1"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "voila", *voila_argv(options)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_http_ok(url, proc, timeout_s=60)
        yield url, log, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if os.environ.get("ATELIER_E2E_LOG"):
            sys.stderr.write(log.read_text(errors="replace"))


def _wait_pool_ready(proc: subprocess.Popen, log, timeout_s: float = 90) -> None:
    """Wait until the pool's kernel has run the notebook up to the query string (idle)."""
    import psutil

    deadline = time.monotonic() + timeout_s
    while "is filled with" not in log.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise RuntimeError("the kernel pool was not filled")
        time.sleep(0.2)
    quiet = 0
    while quiet < 3:
        kernels = [p for p in psutil.Process(proc.pid).children(recursive=True)
                   if "ipykernel" in " ".join(p.cmdline())]
        busy = any(k.cpu_percent(interval=0.3) > 5 for k in kernels)
        quiet = 0 if busy or not kernels else quiet + 1
        if time.monotonic() > deadline:
            raise RuntimeError("the preheated kernel never became idle")


@pytest.fixture(scope="session")
def voila_url(tmp_path_factory):
    """A Voilà server with a pool of one preheated kernel (later pages may get new ones)."""
    with _voila(tmp_path_factory, pool_size=1) as (url, _log, _proc):
        yield url


@pytest.fixture(scope="session")
def awareness_url(tmp_path_factory):
    """A Voilà server of the awareness game (``atelier serve --dashboard prise-de-conscience``)."""
    with _voila(tmp_path_factory, pool_size=0, dashboard="prise-de-conscience") as (url, *_):
        yield url


@pytest.fixture
def preheated_voila(tmp_path_factory):
    """A fresh server whose single pooled kernel is ready: the next page gets it."""
    with _voila(tmp_path_factory, pool_size=1) as (url, log, proc):
        _wait_pool_ready(proc, log)
        yield url, log


@pytest.fixture
def broken_data_voila(tmp_path_factory):
    """Production settings (no traceback, no pool) on a copy of data/ with a broken lever."""
    import shutil

    from simulation.paths import data_dir

    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(data_dir(), data)
    lever = sorted((data / "levers").glob("*.toml"))[0]
    lever.write_text("ceci n'est pas du TOML = = =\n" + lever.read_text(encoding="utf-8"),
                     encoding="utf-8")
    with _voila(tmp_path_factory, pool_size=0, show_tracebacks=False, data=data) as (url, *_):
        yield url, lever


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless (Playwright cannot download its own browser here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OfflineGuard:
    """Abort and record every request leaving localhost."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def __call__(self, route) -> None:
        host = urlparse(route.request.url).hostname or ""
        scheme = urlparse(route.request.url).scheme
        if scheme in ("data", "blob") or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@pytest.fixture
def page(browser):
    """A 1280×720 page with every non-localhost request aborted; checks none was tried."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    guard = OfflineGuard()
    context.route("**/*", guard)
    pg = context.new_page()
    pg.page_errors = []
    pg.on("pageerror", lambda exc: pg.page_errors.append(str(exc)))
    pg.set_default_timeout(PAGE_TIMEOUT_MS)
    yield pg
    context.close()
    assert guard.blocked == [], f"requests left localhost: {guard.blocked}"
