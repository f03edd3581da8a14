"""An organisation's JupyterHub on the loopback: three people log in and use the dashboard.

The hub runs ``deploy/jupyterhub/jupyterhub_config.py`` as shipped, loaded by a test file
that adds only what a test on one machine needs: a shared-password login (JupyterHub's
``SharedPasswordAuthenticator``, the supported successor of ``DummyAuthenticator`` with a
password), a spawner that needs no system user (``SimpleLocalProcessSpawner``: every user's
server runs as the hub's user) and, as root in a container, ``--allow-root``. The users'
servers run in the Binder image (conftest.py), as they would on Kubernetes.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time

import pytest

from simulation.formatting import format_co2
from simulation.model import load_model

from ..e2e.conftest import OfflineGuard
from .conftest import (
    HUB_CONFIG,
    HUB_REQUIREMENTS,
    config_constant,
    free_port,
    in_chromium,
    pip_install,
    running,
    wait_http,
)

pytestmark = pytest.mark.e2e

USERS = ("alice", "bastien", "chloe")
TOTAL = '[data-testid="total-2050"]'
#: Three servers and three kernels start at once on two cores: bound of one page wait [ms].
PAGE_TIMEOUT_MS = 180_000
LEVELS = {"alice": 1, "bastien": 2, "chloe": 4}  # a different lever level for each person

TEST_CONFIG = """\
c = get_config()  # noqa: F821
load_subconfig({hub_config!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{folder}/home/{{username}}"
c.Spawner.args = [*c.Spawner.args, {extra_args}]
"""


@pytest.fixture(scope="module")
def hub(binder_image):
    """A running hub; yields (url, password, log)."""
    pip_install(binder_image.bin("python"), [HUB_REQUIREMENTS], binder_image.log,
                binder_image.env)
    proxy = shutil.which("configurable-http-proxy", path=binder_image.env["PATH"])
    assert proxy, "configurable-http-proxy is missing: npm install -g configurable-http-proxy"
    folder = binder_image.home.parent.parent / "hub"
    folder.mkdir()
    port, password = free_port(), secrets.token_urlsafe(12)
    config = folder / "jupyterhub_test_config.py"
    config.write_text(TEST_CONFIG.format(
        hub_config=str(HUB_CONFIG), port=port, hub_port=free_port(), proxy_port=free_port(),
        folder=folder, password=password, users=set(USERS),
        extra_args='"--allow-root"' if os.geteuid() == 0 else "",
    ), encoding="utf-8")
    env = {**binder_image.env, "HOME": str(folder), "ATELIER_REPO_DIR": str(binder_image.home)}
    log = folder / "hub.log"
    argv = [binder_image.bin("jupyterhub"), "-f", config]
    with running(argv, log, cwd=folder, env=env) as proc:
        url = f"http://127.0.0.1:{port}"
        wait_http(f"{url}/hub/api", proc, timeout_s=60, what="jupyterhub")
        yield url, password, log


def _bytes(size: str) -> int:
    """``"1G"`` → bytes, as JupyterHub reads ``Spawner.mem_limit`` (binary units)."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
    return int(float(size[:-1]) * units[size[-1]]) if size[-1] in units else int(size)


def _servers_environ(user: str) -> dict:
    """Environment of the running single-user server of ``user``."""
    import psutil

    for proc in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if "jupyterhub-singleuser" in cmdline:
            try:
                environ = proc.environ()
            except psutil.Error:
                continue
            if environ.get("JUPYTERHUB_USER") == user:
                return environ
    raise LookupError(f"no single-user server for {user}")


def test_three_users_each_get_the_dashboard_and_can_play(hub):
    url, password, log = hub
    dashboard = config_constant(HUB_CONFIG, "DASHBOARD")
    model = load_model()
    expected = {
        user: format_co2(model.evaluate({"covoiturage": level}).value(2050), digits=3)
        for user, level in LEVELS.items()
    }

    def work(browser):
        guard = OfflineGuard()
        pages = {}
        for user in USERS:  # log in and start the three servers at once
            context = browser.new_context(viewport={"width": 1280, "height": 720},
                                          locale="fr-FR")
            context.route("**/*", guard)
            page = context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.goto(f"{url}/hub/login")
            page.fill("#username_input", user)
            page.fill("#password_input", password)
            page.click("#login_submit")
            pages[user] = page
        seen = {}
        for user, page in pages.items():
            page.locator(".atelier .lm-TabBar-tab", has_text="Leviers d'action").click()
            total = page.locator(TOTAL)
            before = total.inner_text()
            page.locator(".lever-covoiturage button", has_text=str(LEVELS[user])).click()
            page.wait_for_function(
                "([sel, old]) => document.querySelector(sel).innerText !== old",
                arg=[TOTAL, before])
            seen[user] = (page.url, before, total.inner_text())
        # the hardening of the Binder image holds on every user's server
        api = pages[USERS[0]].context.request
        refused = {path: api.get(f"{url}/user/{USERS[0]}/{path}").status
                   for path in ("api/contents", "files/pyproject.toml", "lab", "tree")}
        # and nobody opens somebody else's server (redirects followed to the end)
        other = api.get(f"{url}/user/{USERS[1]}/voila/render/dashboards/{dashboard}.ipynb")
        other = (other.status, other.text())
        for page in pages.values():
            page.context.close()
        return seen, refused, other, guard.blocked

    seen, refused, other, blocked = in_chromium(work)
    for user in USERS:
        address, before, after = seen[user]
        assert address.startswith(f"{url}/user/{user}/voila/render/dashboards/{dashboard}.ipynb")
        assert before != after
        assert after == expected[user]
    assert all(status in (403, 404) for status in refused.values()), refused
    assert other[0] == 403, other[0]
    assert "lm-TabBar" not in other[1] and "jupyter-config-data" not in other[1]
    assert blocked == [], f"requests left localhost: {blocked}"

    # per-user memory limit handed to each server (enforced by spawners that can)
    limit = _bytes(config_constant(HUB_CONFIG, "MEMORY_LIMIT"))
    for user in USERS:
        assert _servers_environ(user)["MEM_LIMIT"] == str(limit)
    # the idle culler runs as a hub service, with the permissions it needs
    deadline = time.monotonic() + 30
    while "(idle-culler@" not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, "the idle culler never called the hub"
        time.sleep(0.5)
    culler_calls = [line for line in log.read_text(errors="replace").splitlines()
                    if "(idle-culler@" in line]
    assert all(" 200 GET /hub/api" in line for line in culler_calls), culler_calls
    assert any(" 200 GET /hub/api/users" in line for line in culler_calls), culler_calls
