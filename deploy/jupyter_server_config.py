"""Jupyter Server configuration: the server serves the dashboards and nothing else.

Used wherever the dashboard runs as a Voilà *server extension* (``/voila/render/…``):
Binder (``binder/postBuild`` installs this file) and the single-user servers of a
JupyterHub (``deploy/jupyterhub/``; the same image on Kubernetes). ``atelier serve`` (a
room) does not use it: it starts Voilà standalone with the same settings on its command
line (``simulation/ui/serve.py``).

Where this file must be: ``${NB_PYTHON_PREFIX}/etc/jupyter/jupyter_server_config.py``, the
configuration folder of the Python environment that runs the server (``jupyter --paths``
lists the folders). Jupyter Server stopped reading configuration from the working directory
in jupyter_core 4.11.2 (advisory GHSA-m678-f26j-3hrp), so a ``jupyter_config.json`` at the
root of the repository has no effect. The environment folder is used rather than
``~/.jupyter`` because JupyterHub's ``Spawner.disable_user_config`` ignores the home folder,
and Kubernetes deployments often mount an empty volume over it.

What it does:

- Voilà: sources stripped, no traceback, no static file served (``/voila/files/`` refuses
  everything, notebooks and ``.py`` included), the project's ``atelier`` template whose
  pages load nothing from a CDN;
- every other Jupyter extension of the environment is switched off (JupyterLab, Notebook,
  terminals, language servers…): no ``/lab``, ``/terminals``;
- the Jupyter Server APIs answer 403 except what the Voilà page needs (its kernel's
  status and websocket): no ``/files/``, ``/api/contents``, ``/api/sessions``,
  ``/nbconvert`` and no new kernel through ``/api/kernels``;
- a closed tab stops its kernel (Voilà's request for it is accepted);
- pages that need a login are refused outside the dashboards, even those of the application
  that started the server (Binder starts ``jupyter notebook``: its ``/tree`` sends the
  visitor to the login page).

Kernel culling is left to the platform (Binder culls idle servers itself; the JupyterHub
configuration sets it on the command line of each user's server).

A server that cannot apply this configuration stops (``SystemExit``) instead of starting
without it: Jupyter only logs an error for a broken configuration file and starts unguarded.
"""

from __future__ import annotations

import os
import re
import sys

# The dashboard a bare server address (no ``urlpath``) opens, as ``dashboards/<name>.ipynb``.
# A JupyterHub chooses its own with ``c.Spawner.default_url`` (deploy/jupyterhub/), which
# takes precedence: this one is used only when ``JUPYTERHUB_DEFAULT_URL`` is not set.
DASHBOARD = "decouverte"

#: (resource, action) pairs of the Jupyter Server API a Voilà page uses: the status and the
#: websocket of the kernel Voilà started for the page.
ALLOWED_API = frozenset({("kernels", "read"), ("kernels", "execute")})

#: Addresses, below the server's base URL, whose handlers may see the logged-in user: the
#: dashboards, the assets of Voilà's page and the page's kernel. Any other page or API that
#: requires a login (``/tree``, ``/lab``, ``/voila/tree``…) treats the visitor as logged out.
USER_PATHS = re.compile(
    r"(voila/(render/dashboards/|static/|templates/|labextensions/|api/themes/|api/shutdown/)"
    r"|api/kernels/)"
)

#: Front-end (JupyterLab) extensions a dashboard page loads: the widget libraries it uses.
PAGE_EXTENSIONS = (
    "@jupyter-widgets/jupyterlab-manager",
    "@voila-dashboards/widgets-manager8",
    "jupyter-matplotlib",
    "jupyterlab_pygments",
)

#: Server extensions kept: Voilà itself (JupyterHub's single-user extension is the app that
#: starts the server and cannot be switched off here).
KEPT_EXTENSIONS = ("voila",)

c = get_config()  # noqa: F821 (given by Jupyter when it runs this file)

try:
    from jupyter_core.paths import jupyter_config_path
    from jupyter_server.auth import Authorizer
    from jupyter_server.auth.identity import PasswordIdentityProvider
    from jupyter_server.extension.config import ExtensionConfigManager

    from simulation.ui.serve import JUPYTER_DATA_DIR
except ImportError as exc:  # pragma: no cover - exercised by a broken environment only
    sys.exit(f"atelier-transition: cannot apply {__file__}: {exc}")


class DashboardOnlyAuthorizer(Authorizer):
    """Refuse every Jupyter Server API call a Voilà page does not make.

    Authentication (the token on Binder, the hub's login on JupyterHub) is unchanged; this
    only narrows what an authenticated user may do. Voilà's own pages (``/voila/…``) do not
    go through the authorizer.
    """

    def is_authorized(self, handler, user, action, resource):
        """Return True for the (resource, action) pairs of :data:`ALLOWED_API` only."""
        return (resource, action) in ALLOWED_API


class DashboardOnlyIdentityProvider(PasswordIdentityProvider):
    """Jupyter Server's token/password login, recognised only on :data:`USER_PATHS`.

    Pages that check the login without going through the authorizer (the user interfaces of
    Notebook 7 or JupyterLab when the server is started as ``jupyter notebook``, as Binder
    does) see nobody logged in and redirect to the login page. On JupyterHub the hub's own
    identity provider replaces this one; the extensions those pages belong to are switched
    off below.
    """

    def get_user(self, handler):
        """Return the logged-in user on :data:`USER_PATHS`, None (logged out) elsewhere."""
        base_url = handler.settings.get("base_url", "/")
        path = handler.request.path
        relative = path[len(base_url):] if path.startswith(base_url) else path.lstrip("/")
        if not USER_PATHS.match(relative):
            return None
        return super().get_user(handler)


def _give_the_page_its_xsrf_cookie(request_handler, notebook, cwd):
    """Voilà hook run before a dashboard's kernel starts: set the ``_xsrf`` cookie.

    When its tab closes, the page asks Voilà to stop its kernel with a POST that must carry
    this cookie's value; as a server extension Voilà never sets it, so the request was
    refused and the kernel kept (voila-dashboards/voila issue #1458).
    """
    request_handler.xsrf_token  # noqa: B018 (reading the token sets the cookie)


def _other_extensions() -> dict[str, bool]:
    """Return ``{name: False}`` for every server extension enabled in this environment's
    configuration folders, except :data:`KEPT_EXTENSIONS` (``{name: True}``)."""
    found = ExtensionConfigManager(read_config_path=jupyter_config_path())
    names = set(found.get_jpserver_extensions()) | set(KEPT_EXTENSIONS)
    return {name: name in KEPT_EXTENSIONS for name in sorted(names)}


# Jupyter Server: dashboards only
try:
    c.ServerApp.jpserver_extensions = _other_extensions()
except Exception as exc:  # a broken extension file: fail closed
    sys.exit(f"atelier-transition: cannot apply {__file__}: {exc}")
c.ServerApp.authorizer_class = DashboardOnlyAuthorizer
c.ServerApp.identity_provider_class = DashboardOnlyIdentityProvider
c.ServerApp.terminals_enabled = False
# Voilà's page takes MathJax from a CDN unless the server says "none" (null): it then uses
# the copy bundled with Voilà, as ``atelier serve`` does.
c.ServerApp.tornado_settings = {"mathjax_url": None, "mathjax_config": None}
if not os.environ.get("JUPYTERHUB_DEFAULT_URL"):
    # the server's, and Notebook's when ``jupyter notebook`` starts the server
    c.ServerApp.default_url = f"/voila/render/dashboards/{DASHBOARD}.ipynb"
    c.JupyterNotebookApp.default_url = c.ServerApp.default_url

# Voilà as a server extension
c.VoilaConfiguration.template = "atelier"
c.VoilaConfiguration.theme = "light"
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.show_tracebacks = False
c.VoilaConfiguration.file_allowlist = ["(?!)"]  # a regular expression matching nothing
c.VoilaConfiguration.file_denylist = [".*"]
# front-end extensions loaded in the page: the widgets of the dashboard, nothing of
# JupyterLab's or Notebook's user interface (they call APIs refused above)
c.VoilaConfiguration.extension_allowlist = list(PAGE_EXTENSIONS)
c.VoilaConfiguration.prelaunch_hook = _give_the_page_its_xsrf_cookie

# The ``atelier`` template and the copy of Voilà's base page without CDN links live in the
# package (simulation/ui/jupyter/voila/templates); Voilà looks for templates on the Jupyter
# data path, read when the extension loads, after this file.
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    filter(None, [str(JUPYTER_DATA_DIR), os.environ.get("JUPYTER_PATH")])
)
