"""Start the workshop's dashboard server with the settings a room needs.

The facilitator runs ``atelier serve``; this module checks the options, opens the session
store, prints the addresses and limits, then runs Voilà in this process
(:class:`simulation.ui.room_server.AtelierVoila`, which frees kernels, caps them and guards
the kernel websockets). Voilà's settings, as a Voilà command line (:func:`voila_argv`):
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
#: Kernels alive at once, pool included: a room of 16, the facilitator, the pool and a few
#: reloads; about 120 MB each (measured, docs/tableau-de-bord.md).
DEFAULT_MAX_KERNELS = 24
#: Seconds a page's kernel lives on after its last websocket closed (a tab killed without
#: the unload beacon, a phone gone to sleep).
DEFAULT_GRACE_S = 60.0
#: Seconds a page has to connect to its kernel once served (``curl /``, a tab closed
#: before the page started).
DEFAULT_CONNECT_TIMEOUT_S = 60.0
#: Hours a live room stays open (``atelier serve --room``).
DEFAULT_ROOM_HOURS = 12.0
#: Environment variable giving the kernels the participants' address of the live room.
ROOM_URL_ENV = "ATELIER_ROOM_URL"
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
    max_kernels : int
        Kernels alive at once, the pool included; the next page gets a "room full" page.
    grace_s : float
        Seconds before freeing the kernel of a page whose websocket closed [s].
    connect_timeout_s : float
        Seconds before freeing the kernel of a page that never connected [s].
    state_dir : str or None
        Folder of the session store (None: :func:`simulation.store.default_state_dir`).
    room : bool
        Open a live room: phones join at ``/salle/`` (:mod:`simulation.live`).
    room_hours : float
        Hours the live room stays open [h].
    room_teams : int
        Teams of the live room (1–4).
    new_room : bool
        Always open a new room (default: resume the last room still open).
    """

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    open_browser: bool = True
    dashboard: str = DEFAULT_DASHBOARD
    show_tracebacks: bool = False
    pool_size: int = DEFAULT_POOL_SIZE
    max_kernels: int = DEFAULT_MAX_KERNELS
    grace_s: float = DEFAULT_GRACE_S
    connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S
    state_dir: str | None = None
    room: bool = False
    room_hours: float = DEFAULT_ROOM_HOURS
    room_teams: int = 4
    new_room: bool = False

    def check(self) -> None:
        """Raise an :class:`AtelierError` (in French) when a limit makes no sense."""
        if self.pool_size < 0:
            raise AtelierError(f"--pool-size invalide : {self.pool_size} (0 ou plus)")
        if self.max_kernels <= self.pool_size:
            raise AtelierError(
                f"--max-kernels ({self.max_kernels}) doit dépasser --pool-size "
                f"({self.pool_size}) : sinon aucune page ne peut s'ouvrir"
            )
        for option, value in (("--grace", self.grace_s),
                              ("--connect-timeout", self.connect_timeout_s)):
            if not value >= 5:
                raise AtelierError(f"{option} invalide : {value} (au moins 5 secondes)")
        if not 0 < self.room_hours <= 72:
            raise AtelierError(f"--room-hours invalide : {self.room_hours:g} (de 0 à 72 heures)")
        if not 1 <= self.room_teams <= 4:
            raise AtelierError(f"--room-teams invalide : {self.room_teams} (de 1 à 4 équipes)")


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


def voila_argv(options: ServeOptions, directory: Path = DASHBOARDS_DIR,
               live_room: str | None = None) -> list[str]:
    """Return the ``voila`` command line (without the program) for ``options``
    (``live_room``: the code of the live room to serve to phones)."""
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
        # the room server frees closed pages' kernels within a minute; Voilà's own culler
        # stays as a backstop for any other kernel (open tabs are never culled)
        "--MappingKernelManager.cull_interval=300",
        "--MappingKernelManager.cull_idle_timeout=3600",
        f"--AtelierVoila.max_kernels={options.max_kernels}",
        f"--AtelierVoila.grace_s={options.grace_s}",
        f"--AtelierVoila.unconnected_s={options.connect_timeout_s}",
        f"--AtelierVoila.listen_host={options.host}",
    ]
    if live_room:
        argv.append(f"--AtelierVoila.live_room={live_room}")
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


def state_folder(options: ServeOptions) -> Path:
    """Return the session store's folder for ``options``, absolute."""
    from simulation.store import default_state_dir

    folder = Path(options.state_dir).expanduser() if options.state_dir else default_state_dir()
    return folder.resolve()


def limits_text(options: ServeOptions) -> str:
    """Return the one-line French summary of the room's limits printed at start."""
    pool = (f"dont {options.pool_size} préchauffé{'s' if options.pool_size > 1 else ''}"
            if options.pool_size else "sans préchauffage")
    return (
        f"{options.max_kernels} calculs au plus ({pool}) ; une page fermée libère le sien "
        f"aussitôt, une page déconnectée après {options.grace_s:g} s, une page jamais "
        f"connectée après {options.connect_timeout_s:g} s"
    )


@dataclass(frozen=True)
class LiveRoomInfo:
    """The live room ``atelier serve --room`` serves, and its two addresses."""

    code: str
    secret: str
    resumed: bool
    expires_at: float
    participant_url: str
    facilitator_url: str


def room_base_url(options: ServeOptions) -> str:
    """The address phones use to reach the participant page (``…/salle/``): the local
    network's when listening on every interface, else the listening address."""
    host = options.host
    if host in ("0.0.0.0", "", "::"):
        host = lan_address() or "localhost"
    elif host == "127.0.0.1":
        host = "localhost"
    return f"http://{host}:{options.port}/salle/"


def open_live_room(options: ServeOptions, folder: Path) -> LiveRoomInfo:
    """Resume the last room still open in ``folder`` (unless ``new_room``) or create one.

    Raises
    ------
    AtelierError
        The data or the session folder cannot be used (French message).
    """
    from urllib.parse import urlencode

    from simulation.live.store import RoomStore
    from simulation.model import load_model

    model = load_model()
    store = RoomStore.in_folder(folder, lever_ids=model.lever_ids)
    try:
        found = None if options.new_room else store.resumable()
        if found is None:
            code, secret = store.create_room(next(iter(model.territories)),
                                             n_teams=options.room_teams,
                                             hours=options.room_hours)
        else:
            code, secret = found
        snap = store.snapshot(code)
    finally:
        store.close()
    local = "localhost" if options.host in ("0.0.0.0", "127.0.0.1", "", "::") else options.host
    return LiveRoomInfo(
        code=code, secret=secret, resumed=found is not None, expires_at=snap.expires_at,
        participant_url=f"{room_base_url(options)}?{urlencode({'code': code})}",
        facilitator_url=f"http://{local}:{options.port}/?{urlencode({'salle': code, 'cle': secret})}",
    )


def room_text(room: LiveRoomInfo, options: ServeOptions) -> list[str]:
    """The French lines printed at start about the live room."""
    import datetime as dt

    until = dt.datetime.fromtimestamp(room.expires_at).strftime("%d/%m/%Y à %H:%M")
    lines = [
        f"Salle en direct {'reprise' if room.resumed else 'ouverte'} : code {room.code} "
        f"(jusqu'au {until})",
        f"  Téléphones des participants : {room.participant_url}",
        f"  Animation (adresse secrète, ne pas projeter) : {room.facilitator_url}",
    ]
    if options.host not in ("0.0.0.0", "", "::") or "localhost" in room.participant_url:
        lines.append("  Attention : les téléphones ne joindront ce serveur que s'il écoute sur "
                     "le réseau de la salle (--host 0.0.0.0) et qu'un réseau local existe.")
    return lines


def serve(options: ServeOptions, data: str | None = None) -> int:
    """Check the options, open the session store, print the addresses, then run the room's
    Voilà server in this process until Ctrl+C or SIGTERM; return its exit status.

    Raises
    ------
    AtelierError
        An invalid option, a busy port, an unusable session folder (nothing started).
    """
    from simulation.store import STATE_DIR_ENV, SqliteSessionStore

    options.check()
    voila_argv(options)  # checks the dashboard's name
    if not port_is_free(options.host, options.port):
        raise AtelierError(
            f"le port {options.port} est déjà utilisé sur {options.host} : "
            "fermez l'autre serveur ou choisissez-en un autre avec --port"
        )
    folder = state_folder(options)
    store = SqliteSessionStore.in_folder(folder)
    os.environ.update(voila_env(data=data, host=options.host))
    os.environ[STATE_DIR_ENV] = str(folder)  # the kernels open the same store
    room = open_live_room(options, folder) if options.room else None
    print(f"Tableau de bord « {options.dashboard} » (Ctrl+C pour arrêter)")
    for label, url in urls(options):
        print(f"  {label} : {url}")
    print(f"  Limites : {limits_text(options)}")
    print(f"  Sessions enregistrées dans : {store.path.parent}")
    if room is not None:
        print("\n".join(room_text(room, options)))
        os.environ[ROOM_URL_ENV] = room_base_url(options)  # for the QR code of the dashboard
    sys.stdout.flush()
    sys.stderr.flush()
    from simulation.ui.room_server import run

    return run(voila_argv(options, live_room=room.code if room else None))
