"""The URL query string of the page a Voilà kernel serves, without importing ``voila``.

A preheated kernel runs the notebook before anyone connects; Voilà hands the page's request
over a websocket (``/voila/query/<kernel id>``) once the kernel is given to a visitor.
:func:`voila.utils.wait_for_request` does this, but importing ``voila`` in the kernel costs
about 5 s on a 2-core machine (it pulls in jupyter_server, jupyterlab_server, nbconvert), and
a visitor arriving while the pool refills would wait for it. This module speaks the same
small protocol (Voilà 0.5.x, ``voila/utils.py`` and ``voila/request_info_handler.py``) with
the ``websockets`` package Voilà already depends on. The end-to-end tests exercise it.
"""

from __future__ import annotations

import json
import os

#: Seconds to wait for Voilà to answer on the query websocket.
TIMEOUT_S = 5.0


def query_url(env: dict[str, str] | None = None) -> str:
    """Return the websocket URL where Voilà sends this kernel's request info."""
    env = os.environ if env is None else env
    protocol = env.get("VOILA_WS_PROTOCOL", "ws")
    ip = env.get("VOILA_APP_IP", "127.0.0.1")
    port = env.get("VOILA_APP_PORT", "8866")
    server_url = env.get("VOILA_SERVER_URL", "/")
    base = env.get("VOILA_WS_BASE_URL", server_url)
    return f"{protocol}://{ip}:{port}{base}voila/query/{env.get('VOILA_KERNEL_ID', '')}"


def query_string() -> str | None:
    """Return the page's query string (``"code=…&lang=en"``), or None outside Voilà.

    In a preheated kernel this blocks until the kernel is handed to a visitor, then copies
    the request info (``QUERY_STRING``, ``SERVER_NAME``…) into ``os.environ`` as Voilà does.
    """
    if os.environ.get("VOILA_PREHEAT") == "True":
        from websockets.sync.client import connect

        try:
            with connect(query_url(), open_timeout=TIMEOUT_S) as ws:
                info = json.loads(ws.recv())
        except (OSError, TimeoutError, ValueError):
            return None
        for key, value in info.items():
            os.environ[key] = str(value)
    return os.environ.get("QUERY_STRING")


def page_base_url(environ=None) -> str:
    """The page's address without query, from the request Voilà passed to the kernel."""
    import os

    env = os.environ if environ is None else environ
    host = env.get("SERVER_NAME", "")
    if not host:
        return ""
    port = env.get("SERVER_PORT", "")
    default = port in ("", "80", "443")
    scheme = "https" if port == "443" else "http"
    return f"{scheme}://{host}{'' if default else ':' + port}{env.get('SCRIPT_NAME', '/')}"
