"""Start Voilà on a dashboard with the settings a workshop room needs.

The facilitator runs ``atelier serve``; this module builds the Voilà command line:
sources stripped, no tracebacks shown to participants, only the ``dashboards/`` folder
served (no static file allowed), a small pool of preheated kernels so the page opens fast,
and a copy of Voilà's base page template without its CDN stylesheet so nothing is fetched
from the internet (see ``simulation/ui/jupyter/voila/templates/base/page.html``).
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from simulation.exceptions import AtelierError
from simulation.paths import PROJECT_DIR

#: Folder holding the dashboards (one notebook each, a few lines that import simulation.ui).
DASHBOARDS_DIR = PROJECT_DIR / "dashboards"
#: Extra Jupyter data folder put first on ``JUPYTER_PATH``: overrides Voilà's base page.
JUPYTER_DATA_DIR = Path(__file__).resolve().parent / "jupyter"
DEFAULT_DASHBOARD = "atelier"
DEFAULT_PORT = 8866
#: Preheated kernels kept ready; each holds ~100-200 MB, 2 covers a facilitator + a spare.
DEFAULT_POOL_SIZE = 2
#: Jupyter config folder put first on ``JUPYTER_CONFIG_PATH``: its ``voila.json`` sets
#: ``file_allowlist`` to a regex matching no file, so nothing but the rendered notebook is
#: served (no image, csv or notebook under /voila/files/). A list trait, hence a file.
JUPYTER_CONFIG_DIR = JUPYTER_DATA_DIR / "config"


@dataclass(frozen=True)
class ServeOptions:
    """What ``atelier serve`` was asked for.

    Parameters
    ----------
    host : str
        Interface to listen on (``127.0.0.1`` for this computer only, ``0.0.0.0`` for
        the room's network).
    port : int
        TCP port.
    open_browser : bool
        Open the dashboard in the default browser.
    dashboard : str
        Name of a notebook in ``dashboards/`` without ``.ipynb``.
    show_tracebacks : bool
        Only for tests: show Python tracebacks in the page.
    pool_size : int
        Number of preheated kernels (0 disables preheating).
    """

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    open_browser: bool = True
    dashboard: str = DEFAULT_DASHBOARD
    show_tracebacks: bool = False
    pool_size: int = DEFAULT_POOL_SIZE


def available_dashboards(directory: Path = DASHBOARDS_DIR) -> list[str]:
    """Return the names of the dashboards (notebooks) in ``directory``, sorted."""
    return sorted(p.stem for p in directory.glob("*.ipynb"))


def dashboard_path(name: str, directory: Path = DASHBOARDS_DIR) -> Path:
    """Return the notebook of dashboard ``name``.

    Raises
    ------
    AtelierError
        The name is not a dashboard of ``directory`` (the message lists the valid ones).
    """
    names = available_dashboards(directory)
    if name not in names:
        valid = ", ".join(names) or "aucun"
        raise AtelierError(
            f"tableau de bord inconnu : {name!r} (disponibles dans {directory} : {valid})"
        )
    return directory / f"{name}.ipynb"


def voila_argv(options: ServeOptions, directory: Path = DASHBOARDS_DIR) -> list[str]:
    """Return the ``voila`` command line (without the program) for ``options``."""
    notebook = dashboard_path(options.dashboard, directory)
    argv = [
        str(notebook),
        f"--Voila.ip={options.host}",
        f"--port={options.port}",
        "--Voila.port_retries=0",
        f"--Voila.root_dir={directory}",
        "--template=atelier",
        "--theme=light",
        "--strip_sources=True",
        f"--show_tracebacks={options.show_tracebacks}",
        # a closed tab frees its kernel after an hour; open tabs are never culled
        "--MappingKernelManager.cull_interval=300",
        "--MappingKernelManager.cull_idle_timeout=3600",
    ]
    if options.pool_size > 0:
        argv += ["--preheat_kernel=True", f"--pool_size={options.pool_size}"]
    if not options.open_browser:
        argv.append("--no-browser")
    return argv


def voila_env(
    base: dict[str, str] | None = None, data: str | None = None, host: str = "127.0.0.1"
) -> dict[str, str]:
    """Return the environment for the Voilà process.

    ``JUPYTER_PATH`` starts with :data:`JUPYTER_DATA_DIR` (offline page templates) and
    ``JUPYTER_CONFIG_PATH`` with :data:`JUPYTER_CONFIG_DIR` (no static file served);
    ``ATELIER_DATA`` is set when ``data`` is given so kernels load that data folder;
    ``VOILA_APP_IP`` is the address Voilà listens on, for preheated kernels.
    """
    env = dict(os.environ if base is None else base)
    for var, folder in (("JUPYTER_PATH", JUPYTER_DATA_DIR),
                        ("JUPYTER_CONFIG_PATH", JUPYTER_CONFIG_DIR)):
        previous = env.get(var)
        env[var] = os.pathsep.join(filter(None, [str(folder), previous]))
    if data is not None:
        env["ATELIER_DATA"] = str(Path(data).resolve())
    if host not in ("0.0.0.0", "", "::"):
        # a preheated kernel asks Voilà for the page's URL at VOILA_APP_IP (default
        # 127.0.0.1): when Voilà listens on one address only, that address
        env["VOILA_APP_IP"] = host
    return env


def lan_address() -> str | None:
    """Return this computer's address on the local network, or None when offline.

    A UDP socket "connected" to a private address makes the system choose the outgoing
    interface; no packet is sent.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))
            address = sock.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def port_is_free(host: str, port: int) -> bool:
    """Return True when ``host:port`` can be bound (nobody listens there).

    Raises
    ------
    AtelierError
        The port is out of range or the host is not an address of this computer.
    """
    if not 1 <= port <= 65535:
        raise AtelierError(f"port invalide : {port} (de 1 à 65535, par exemple 8866)")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except socket.gaierror as exc:
            raise AtelierError(
                f"adresse inconnue : {host!r} (127.0.0.1 pour cet ordinateur, 0.0.0.0 pour "
                "la salle)"
            ) from exc
        except OSError as exc:
            if exc.errno == errno.EADDRNOTAVAIL:
                raise AtelierError(
                    f"{host} n'est pas une adresse de cet ordinateur (0.0.0.0 pour la salle)"
                ) from exc
            return False
    return True


def urls(options: ServeOptions) -> list[tuple[str, str]]:
    """Return ``(label, url)`` pairs to print: this computer, and the room when listening
    on every interface."""
    local_host = "localhost" if options.host in ("0.0.0.0", "127.0.0.1", "") else options.host
    out = [("Sur cet ordinateur", f"http://{local_host}:{options.port}/")]
    if options.host == "0.0.0.0":
        lan = lan_address()
        if lan is None:
            out.append(("Dans la salle", "aucun réseau local détecté"))
        else:
            out.append(("Dans la salle", f"http://{lan}:{options.port}/"))
    return out


def serve(options: ServeOptions, data: str | None = None) -> int:
    """Print the addresses, then replace this process by Voilà (signals go straight to it).

    Does not return in real use (tests replace ``os.execve``).
    """
    argv = voila_argv(options)
    if not port_is_free(options.host, options.port):
        raise AtelierError(
            f"le port {options.port} est déjà utilisé sur {options.host} : "
            "fermez l'autre serveur ou choisissez-en un autre avec --port"
        )
    print(f"Tableau de bord « {options.dashboard} » (Ctrl+C pour arrêter)")
    for label, url in urls(options):
        print(f"  {label} : {url}")
    sys.stdout.flush()
    sys.stderr.flush()
    env = voila_env(data=data, host=options.host)
    os.execve(sys.executable, [sys.executable, "-m", "voila", *argv], env)
    return 0
