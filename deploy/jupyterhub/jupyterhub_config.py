"""JupyterHub for an organisation: every user lands on the dashboard, in Voilà.

Several rooms, a training centre: each person logs in to the hub and gets a Jupyter server
of their own that opens the dashboard (``c.Spawner.default_url``) and serves nothing else
(``deploy/jupyter_server_config.py``, installed in the users' environment by
``binder/postBuild``). A server left idle is stopped by ``jupyterhub-idle-culler``.

Run from the environment described in docs/deploiement.md (the Binder environment plus
``deploy/jupyterhub/requirements.txt``, and ``configurable-http-proxy`` from npm)::

    jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Left to the organisation, on purpose: who may log in (``c.JupyterHub.authenticator_class``:
its single sign-on, or ``"shared-password"`` for a one-day workshop, see the docs), how
servers are started (``c.JupyterHub.spawner_class``: the default starts one process per
system user; The Littlest JupyterHub and Kubernetes bring their own), HTTPS and the public
address. tests/deploy/test_jupyterhub.py loads this file and adds a test login and a
spawner that needs no system user.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The dashboard every user's server opens, dashboards/<name>.ipynb ("atelier": the
# facilitator's dashboard projected in the room).
DASHBOARD = "atelier"

#: The repository on the server (its dashboards/ and data/); users' servers start there.
REPO_DIR = Path(os.environ.get("ATELIER_REPO_DIR") or Path(__file__).resolve().parents[2])

#: Memory of one user's server: the Jupyter server, one Voilà kernel per open tab, margin.
#: Enforced by the spawners that can (SystemdSpawner of The Littlest JupyterHub, KubeSpawner,
#: DockerSpawner); the default local-process spawner only passes it to the server as
#: MEM_LIMIT (shown by jupyter-resource-usage).
MEMORY_LIMIT = "1G"
MEMORY_GUARANTEE = "512M"

#: A server with no activity for this long is stopped [s]; the user's next visit starts a
#: fresh one (a few seconds).
IDLE_TIMEOUT = 3600

c = get_config()  # noqa: F821 (given by JupyterHub when it runs this file)

c.Spawner.default_url = f"/voila/render/dashboards/{DASHBOARD}.ipynb"
c.Spawner.notebook_dir = str(REPO_DIR)
c.Spawner.mem_limit = MEMORY_LIMIT
c.Spawner.mem_guarantee = MEMORY_GUARANTEE
# A whole room logs in at once: servers start together and may take longer than JupyterHub's
# defaults (30 s to answer, 60 s to start) on a small server.
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
c.Spawner.args = [
    # a kernel whose tab was closed without Voilà being told is stopped after an hour
    "--MappingKernelManager.cull_interval=300",
    "--MappingKernelManager.cull_idle_timeout=3600",
]

# Idle servers are stopped by jupyterhub-idle-culler, run by the hub as a service with just
# the permissions it needs.
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable, "-m", "jupyterhub_idle_culler",
            f"--timeout={IDLE_TIMEOUT}", "--cull-every=300",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
