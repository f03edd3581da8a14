"""The public dashboard on a Binder-like image (see conftest.py for how the image is built).

The server is started as mybinder.org starts it in a repo2docker image: ``jupyter-notebook``
with BinderHub's arguments (base URL ``/user/<id>/``, a token, each ``--NotebookApp.``
argument repeated as ``--ServerApp.``), from the repository folder. The configuration it
runs with is the one postBuild installed, nothing else.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import time
from urllib.parse import unquote, urlsplit

import pytest

from simulation.formatting import format_co2
from simulation.model import load_model

from ..e2e.conftest import PAGE_TIMEOUT_MS, OfflineGuard
from .conftest import (
    ROOT,
    SERVER_CONFIG,
    config_constant,
    free_port,
    in_chromium,
    running,
    wait_http,
)

pytestmark = pytest.mark.e2e

BASE_URL = "/user/atelier-test/"
TOTAL = '[data-testid="total-2050"]'
ERROR_OUTPUT = '[data-mime-type*="stderr"], [data-mime-type*="error"], .jp-mod-error'
#: Text of a Python traceback (a page may carry a ``traceback`` CSS class without one).
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+")


def dashboard_urlpath() -> str:
    """The urlpath of the public dashboard: the one place it is named for Binder."""
    return f"voila/render/dashboards/{config_constant(SERVER_CONFIG, 'DASHBOARD')}.ipynb"


def binder_args(port: int, token: str) -> list[str]:
    """BinderHub's arguments to the server (BinderSpawner.get_args, unauthenticated)."""
    args = [
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--NotebookApp.base_url={BASE_URL}",
        f"--NotebookApp.token={token}",
        "--NotebookApp.trust_xheaders=True",
    ]
    args += [a.replace("--NotebookApp.", "--ServerApp.") for a in args if "NotebookApp" in a]
    return [*args, "--no-browser"]


@pytest.fixture(scope="module")
def binder_server(binder_image):
    """The image's server, started like Binder; yields (origin, token)."""
    port = free_port()
    token = secrets.token_hex(16)
    argv = [binder_image.bin("jupyter-notebook"), *binder_args(port, token)]
    if os.geteuid() == 0:
        argv.append("--allow-root")  # root in this container; Binder runs as jovyan
    log = binder_image.home.parent / "server.log"
    with running(argv, log, cwd=binder_image.home, env=binder_image.env) as proc:
        origin = f"http://127.0.0.1:{port}"
        wait_http(f"{origin}{BASE_URL}api", proc, timeout_s=60, what="jupyter-notebook")
        yield origin, token, log, proc


def test_readme_link_opens_the_public_dashboard():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"https://mybinder\.org/v2/gh/[^)\s]+", readme)
    assert links, "no Binder link in README.md"
    for link in links:
        query = urlsplit(link).query
        assert f"urlpath={dashboard_urlpath()}" in unquote(query), link


def _get(origin: str, path: str, token: str):
    """GET ``path`` exactly as written (no normalisation of ``..``), logged in with the token."""
    host, port = urlsplit(origin).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request("GET", path, headers={"Authorization": f"token {token}"})
        response = conn.getresponse()
        return response.status, response.getheader("Location") or "", response.read().decode(
            "utf-8", errors="replace")
    finally:
        conn.close()


def _post(origin: str, path: str, token: str):
    host, port = urlsplit(origin).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request("POST", path, body="{}", headers={
            "Authorization": f"token {token}", "Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        conn.close()


def _first(binder_image, pattern: str) -> str:
    """Path (relative to the repository) of the first file matching ``pattern``."""
    return sorted(binder_image.home.glob(pattern))[0].relative_to(binder_image.home).as_posix()


def test_only_the_dashboards_are_served(binder_image, binder_server):
    origin, token, _log, _proc = binder_server
    csv = _first(binder_image, "data/emission_factors/*.csv")
    notebook = _first(binder_image, "dashboards/*.ipynb")
    source = "simulation/paths.py"
    # a line of each file that must never appear in a response
    secrets_of = {
        csv: (binder_image.home / csv).read_text(encoding="utf-8").splitlines()[0],
        notebook: "load_app",
        source: "def data_dir(",
        "pyproject.toml": 'name = "atelier-transition"',
    }
    paths = [f"voila/files/{name}" for name in secrets_of]
    paths += [
        "voila/files/../pyproject.toml",
        f"voila/render/{source}",
        f"files/{csv}", f"files/{source}", "files/pyproject.toml",
        "api/contents", f"api/contents/{source}", f"api/contents/{notebook}",
        "view/pyproject.toml", f"nbconvert/script/{notebook}", f"nbconvert/html/{notebook}",
        "tree", "tree/data", "lab", f"lab/tree/{source}",
        f"notebooks/{notebook}", f"edit/{source}",
        "voila/tree", "voila/api/contents", "api/sessions", "terminals/1", "api/terminals",
    ]
    for path in paths:
        status, location, body = _get(origin, BASE_URL + path, token)
        assert status in (302, 403, 404), (path, status)
        if status == 302:  # to the login page: the visitor is not logged in there
            assert urlsplit(location).path == f"{BASE_URL}login", (path, location)
        assert not TRACEBACK.search(body), path
        for marker in secrets_of.values():
            assert marker not in body, (path, marker)
    # no new kernel (arbitrary code) through the API either
    status, body = _post(origin, BASE_URL + "api/kernels", token)
    assert status == 403, body


def test_dashboard_opens_and_a_lever_changes_the_total(binder_server):
    origin, token, log, proc = binder_server
    url = f"{origin}{BASE_URL}{dashboard_urlpath()}?token={token}"

    def work(browser):
        context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
        guard = OfflineGuard()
        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        failures, errors = [], []
        page.on("response", lambda r: failures.append((r.status, r.url)) if r.status >= 400
                else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        if "decouverte" in url:  # the public page: levers are step 3 (« Agir »)
            for _ in range(2):
                page.locator(".atelier-public-nav button", has_text="Suivant").click()
                page.wait_for_timeout(300)
        else:
            page.locator(".atelier .lm-TabBar-tab", has_text="Leviers d'action").click()
        total = page.locator(TOTAL)
        before = total.inner_text()
        page.locator(".lever-covoiturage button", has_text="4").click()
        page.wait_for_function(
            "([sel, old]) => document.querySelector(sel).innerText !== old", arg=[TOTAL, before])
        after = total.inner_text()
        html = page.content()
        error_outputs = page.locator(ERROR_OUTPUT).count()
        kernels_open = len(_kernels(proc))
        # what the session showed, before leaving (closing websockets may log or throw)
        seen_failures, seen_errors = list(failures), list(errors)
        server_log = log.read_text(errors="replace")
        # the tab leaves the dashboard, as when it is closed (without request interception:
        # the page's last request, a beacon, would not go through it)
        context.unroute("**/*")
        page.goto("about:blank")
        deadline = time.monotonic() + 30  # the browser stays open meanwhile, as in real life
        while _kernels(proc) and time.monotonic() < deadline:
            time.sleep(0.5)
        kernels_open = (kernels_open, len(_kernels(proc)))
        context.close()
        return (before, after, html, error_outputs, seen_failures, seen_errors, guard.blocked,
                server_log, kernels_open)

    (before, after, html, error_outputs, failures, errors, blocked, server_log,
     kernels_open) = in_chromium(work)
    model = load_model()
    assert before == format_co2(model.evaluate({}, territory="france").value(2050), digits=3)
    expected = model.evaluate({"covoiturage": 4}, territory="france").value(2050)
    assert after == format_co2(expected, digits=3)
    assert error_outputs == 0
    assert "load_app" not in html  # sources stripped
    assert not TRACEBACK.search(html)
    assert failures == [], failures  # no request refused: the configuration lets the page work
    assert errors == []
    assert blocked == [], f"requests left localhost: {blocked}"
    assert "Traceback" not in server_log
    # one kernel for the page, stopped once the tab has left it (none kept for nobody)
    assert kernels_open == (1, 0)


def _kernels(proc) -> list:
    """Kernel processes started by the server ``proc``."""
    import psutil

    return [p for p in psutil.Process(proc.pid).children(recursive=True)
            if "ipykernel" in " ".join(p.cmdline())]
