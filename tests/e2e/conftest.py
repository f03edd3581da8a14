"""End-to-end harness: the real ``atelier serve`` server and Debian's Chromium (Playwright).

The server is the command itself (``python -m simulation serve``, Voilà run in-process by
:mod:`simulation.ui.room_server`), started once per session, except that tracebacks of the
notebook's cells are shown (as in Voilà's own UI tests) so a failure explains itself, the
pool holds one preheated kernel (two cores in CI) and sessions go to a temporary folder.
``PYTEST_CURRENT_TEST`` is removed from its environment so that its kernels redirect their
output as in production. Every request that does not go to localhost is aborted and
recorded; tests assert that none was attempted (the dashboard must work offline).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest

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
#: Time for a cold kernel to import numpy/ipywidgets/the model and render, on a busy 2-core box.
PAGE_TIMEOUT_MS = 90_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def room_status(url: str) -> dict:
    """The server's own count of its kernels (``/atelier/api/status``, localhost only)."""
    with urllib.request.urlopen(url + "atelier/api/status", timeout=5) as response:
        return json.load(response)


def kernel_processes(proc: subprocess.Popen) -> list:
    """The live ipykernel processes under the server process (psutil; a zombie, gone but
    not yet reaped, holds no memory and is not counted)."""
    import psutil

    found = []
    for child in psutil.Process(proc.pid).children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def _wait_http_ok(url: str, proc: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"atelier serve exited with status {proc.returncode}")
        try:
            room_status(url)
            return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"atelier serve did not answer on {url} within {timeout_s} s")


@contextlib.contextmanager
def _voila(tmp_path_factory, pool_size: int, show_tracebacks: bool = True, data=None,
           extra: tuple[str, ...] = (), port: int | None = None, state=None):
    """Run ``atelier serve`` (tracebacks shown); yield (url, log, process).

    ``extra`` are more options of ``atelier serve`` (``--max-kernels 3``…); ``port`` and
    ``state`` (the ``--state-dir``) default to a free port and a new folder (a restarted
    server passes those of the first).
    """
    port = port or _free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    state = state or tmp_path_factory.mktemp("state")
    argv = [sys.executable, "-m", "simulation", *(["--data", str(data)] if data else []),
            "serve", "--no-browser", "--port", str(port), "--pool-size", str(pool_size),
            "--state-dir", str(state), *(["--show-tracebacks"] if show_tracebacks else []),
            *extra]
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["PYTHONUNBUFFERED"] = "1"
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
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
    deadline = time.monotonic() + timeout_s
    while "is filled with" not in log.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise RuntimeError("the kernel pool was not filled")
        time.sleep(0.2)
    quiet = 0
    while quiet < 3:
        kernels = kernel_processes(proc)
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
    with _voila(tmp_path_factory, pool_size=0,
                extra=("--dashboard", "prise-de-conscience")) as (url, *_):
        yield url


@pytest.fixture
def preheated_voila(tmp_path_factory):
    """A fresh server whose single pooled kernel is ready: the next page gets it."""
    with _voila(tmp_path_factory, pool_size=1) as (url, log, proc):
        _wait_pool_ready(proc, log)
        yield url, log


@pytest.fixture
def atelier_server(tmp_path_factory):
    """Start ``atelier serve`` with more options; the servers stop at the test's end.

    ``atelier_server(pool_size=1, extra=("--max-kernels", "3"))`` returns
    ``(url, log, process)`` once the pool is ready (production settings: no traceback).
    """
    with contextlib.ExitStack() as stack:

        def start(pool_size: int = 1, extra: tuple[str, ...] = ()):
            url, log, proc = stack.enter_context(
                _voila(tmp_path_factory, pool_size=pool_size, show_tracebacks=False,
                       extra=extra)
            )
            if pool_size:
                _wait_pool_ready(proc, log)
            return url, log, proc

        yield start


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
