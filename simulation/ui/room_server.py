"""Voilà, run in-process with the guards a workshop room needs (``atelier serve``).

:class:`AtelierVoila` is Voilà's own application (``voila.app.Voila``, 0.5.x) with a few
handlers and the kernel manager replaced:

Kernels are freed
    A page that closes or reloads sends Voilà's shutdown beacon; Voilà's page never sets the
    ``_xsrf`` cookie the beacon must carry (voila-dashboards/voila#1458), so every beacon was
    refused with 403 and the kernel lived on. :class:`AtelierPageHandler` sets the cookie
    (``SameSite=Strict``) and the beacon now frees the kernel at once. A kernel whose last
    websocket closed is freed after ``grace_s`` (a tab killed without a beacon, a phone
    gone); one whose page never connected (``curl /``, a closed tab before the page ran its
    scripts) after ``unconnected_s``. Preheated kernels (the pool) are never culled and the
    pool is refilled when one of its kernels dies.
A cap
    At most ``max_kernels`` kernels (pool included) are alive or promised; the next page gets
    :func:`room_full_page` (HTTP 503), a short French page saying what to do. The pool is
    refilled within the cap only: with ``--pool-size 17 --max-kernels 19`` a room of 17
    finds 17 warm kernels and only two refills compete with its pages for the processor
    (Voilà alone refills every kernel a page takes, 17 cold starts while the room opens).
Kernel websockets
    Only Jupyter's v1 binary protocol is accepted (``v1.kernel.websocket.jupyter.org``): with
    the legacy JSON protocol one ``request_state`` message sent Voilà's process to 100 % CPU.
    Frames are checked before they reach the kernel (size, framing, JSON parts, channel,
    message type) and rate-limited; a client that does not read its messages is cut off
    when its backlog passes :data:`MAX_BACKLOG_BYTES`. A bad frame closes the socket.
The rest of Voilà's protections stay: only the dashboard is served, no static file
(``file_allowlist`` matches nothing), sources stripped, no traceback (see also
:mod:`simulation.ui.kernel_guard`, installed inside each kernel).

Adding handlers (the live room)
    The tornado application is Voilà's; :meth:`AtelierVoila.room_handlers` returns the routes
    placed *before* Voilà's catch-all page route. A subclass (or a later version of this
    method) adds a participant page and a JSON API there, e.g.
    ``(url_path_join(self.server_url, r"/salle/api/(.*)"), RoomApiHandler, {"room": room})``;
    handlers reach the application as ``self.settings["voila"]``, the kernel manager as
    ``self.settings["kernel_manager"]`` (the room's counts: ``room_status()``), and the
    sessions through :mod:`simulation.store`, which the kernels write too. The live room
    (``atelier serve --room``, trait ``live_room``) adds its participant page and JSON API
    this way (:mod:`simulation.live.api`).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import html
import ipaddress
import json
import time
from dataclasses import dataclass
from typing import Any

import tornado.web
from jupyter_server.utils import url_path_join
from tornado.ioloop import IOLoop, PeriodicCallback
from traitlets import Float, Integer, Unicode
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

#: The only kernel websocket protocol accepted (Jupyter's binary framing, jupyter_server 2).
V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
#: Largest websocket message a client may send [bytes]. The dashboard's page sends
#: messages of 100-400 bytes (lever clicks, widget state requests).
MAX_MESSAGE_BYTES = 64 * 1024
#: Largest HTTP request body [bytes] (the shutdown beacon is ~200 bytes).
MAX_BODY_BYTES = 64 * 1024
#: Messages a kernel websocket may send in a burst, and per second after it. The page
#: sends 4 at start-up and one per click.
MESSAGE_BURST = 60
MESSAGE_RATE_PER_S = 20.0
#: Widget state requests (each makes the kernel send every widget's state, ~170 kB for
#: the dashboard): burst, then per second. The page sends one per connection.
STATE_REQUEST_BURST = 10
STATE_REQUEST_RATE_PER_S = 0.5
#: Widgets whose state a page may ask for one by one, once each, outside the limits above:
#: Voilà's page does so (``request_state`` per widget, about 200 for the dashboard) when
#: the kernel did not answer its ``request_states`` within 4 s, as on a busy server when a
#: whole room opens its pages at once. Asking again for the same widget counts as above.
MAX_WIDGET_STATES = 4096
#: Data queued for a client that does not read [bytes] before its socket is closed.
MAX_BACKLOG_BYTES = 32 * 1024 * 1024
#: Websockets open at once on one kernel (one page has one; a reconnection may overlap).
MAX_SOCKETS_PER_KERNEL = 4
#: Seconds between two checks of the room's kernels.
CHECK_INTERVAL_S = 5.0
#: Extra seconds a page may take to render before its kernel counts as never connected.
RENDER_LIMIT_S = 300.0
#: Message types a page may send (Voilà's own list; no code execution).
ALLOWED_MESSAGE_TYPES = frozenset(
    {"comm_open", "comm_close", "comm_msg", "comm_info_request", "kernel_info_request",
     "shutdown_request"}
)
CLIENT_CHANNELS = frozenset({"shell", "control", "stdin"})
#: Largest number of binary buffers in one client message.
MAX_BUFFERS = 16

_ticket: contextvars.ContextVar[Ticket | None] = contextvars.ContextVar("atelier_ticket",
                                                                        default=None)


# --------------------------------------------------------------------------- the room's book
@dataclass
class Visitor:
    """A kernel given to a page, and what is known of its websockets.

    Times are ``time.monotonic()`` [s].
    """

    registered_at: float
    served_at: float | None = None
    connected_once: bool = False
    idle_since: float | None = None


@dataclass(eq=False)
class Ticket:
    """A page admitted under the cap, until its kernel is known (then it is a visitor).

    ``from_pool``: the page took a preheated kernel (its own is not counted in the pool any
    more, nor yet among the visitors).
    """

    kernel_id: str | None = None
    from_pool: bool = False


@dataclass(frozen=True)
class RoomStatus:
    """Counts of the room (``/atelier/api/status``)."""

    kernels: int
    pages: int
    admitting: int
    pool_ready: int
    pool_size: int
    max_kernels: int

    def as_dict(self) -> dict[str, int]:
        """Return the counts as a JSON-safe dict."""
        return dict(self.__dict__)


def room_kernel_manager(base: type) -> type:
    """Return a subclass of Voilà's kernel manager class ``base`` that keeps the room's book.

    ``base`` is what ``voila_kernel_manager_factory`` builds (with or without the preheated
    pool). The subclass registers every kernel handed to a page, admits pages under the cap,
    frees the kernels of closed or never-connected pages and repairs the pool.
    """

    class RoomKernelManager(base):
        def __init__(self, **kwargs: Any):
            self.visitors: dict[str, Visitor] = {}
            self.tickets: set[Ticket] = set()
            self._watch: PeriodicCallback | None = None
            self._freeing: set[str] = set()
            self._pool_pids: dict[str, int | None] = {}
            super().__init__(**kwargs)

        # -- limits (from the application) -------------------------------------------------
        @property
        def limits(self) -> AtelierVoila:
            return self.parent

        def pool_target(self) -> int:
            """Kernels the preheated pool holds when full (0 without preheating)."""
            return self.limits.pool_size_value()

        # -- admission -----------------------------------------------------------------------
        def committed(self, extra_pages: int = 0) -> int:
            """Kernels alive or promised once every admitted page has its kernel.

            Pages still waiting take a pool kernel when there is one, else start their own:
            visitors + pages that took a pool kernel + max(pool, pages waiting).
            """
            waiting = extra_pages + sum(1 for t in self.tickets
                                        if t.kernel_id is None and not t.from_pool)
            taken = sum(1 for t in self.tickets if t.kernel_id is None and t.from_pool)
            pool = sum(len(p) for p in (getattr(self, "_pools", None) or {}).values())
            return len(self.visitors) + taken + max(pool, waiting)

        def admit(self) -> Ticket | None:
            """Return a ticket for one more page, or None when the room is full."""
            if self.committed(extra_pages=1) > self.limits.max_kernels:
                return None
            ticket = Ticket()
            self.tickets.add(ticket)
            return ticket

        def release(self, ticket: Ticket) -> None:
            """The page's response is over: start the clock of its kernel's first connection."""
            self.tickets.discard(ticket)
            visitor = self.visitors.get(ticket.kernel_id or "")
            if visitor is not None and visitor.served_at is None:
                visitor.served_at = time.monotonic()

        def _register(self, kernel_id: str) -> None:
            self.visitors.setdefault(kernel_id, Visitor(registered_at=time.monotonic()))
            ticket = _ticket.get()
            if ticket is not None:
                ticket.kernel_id = kernel_id

        # -- the pool, refilled within the cap -----------------------------------------------
        def fill_if_needed(self, delay: float | None = None, notebook_name: str | None = None,
                           **kwargs: Any) -> None:
            """Voilà's refill, limited to the kernels the cap leaves (never above the
            pool size asked for)."""
            if notebook_name is None or not hasattr(self, "visitors"):
                super().fill_if_needed(delay=delay, notebook_name=notebook_name, **kwargs)
                return
            pool = self._pools.get(notebook_name, [])
            room = max(self.limits.max_kernels - self.committed(), 0)
            size = min(self.pool_target(), len(pool) + room)
            default = self.kernel_pools_config.get("default", {})
            self.kernel_pools_config[notebook_name] = {**default, "pool_size": size}
            if size > len(pool):
                super().fill_if_needed(delay=delay, notebook_name=notebook_name, **kwargs)

        # -- where kernels are handed to pages -----------------------------------------------
        async def get_rendered_notebook(self, *args: Any, **kwargs: Any):
            await self.repair_pool()  # never hand a dead or emptied kernel to a page
            ticket = _ticket.get()
            if ticket is not None:  # Voilà pops a pool kernel for it just below
                ticket.from_pool = True
            result = await super().get_rendered_notebook(*args, **kwargs)
            self._pool_pids.pop(result[2], None)
            self._register(result[2])
            return result

        async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
            # only pages call this method; the pool starts kernels through the base class
            kernel_id = await super().start_kernel(*args, **kwargs)
            self._register(kernel_id)
            return kernel_id

        # -- websockets ----------------------------------------------------------------------
        def notify_connect(self, kernel_id: str) -> None:
            super().notify_connect(kernel_id)
            visitor = self.visitors.get(kernel_id)
            if visitor is not None:
                visitor.connected_once = True
                visitor.idle_since = None

        def notify_disconnect(self, kernel_id: str) -> None:
            super().notify_disconnect(kernel_id)
            visitor = self.visitors.get(kernel_id)
            if visitor is not None and self._kernel_connections.get(kernel_id, 0) <= 0:
                visitor.idle_since = time.monotonic()

        def connections(self, kernel_id: str) -> int:
            return self._kernel_connections.get(kernel_id, 0)

        # -- freeing -------------------------------------------------------------------------
        async def free_page(self, kernel_id: str, reason: str) -> bool:
            """Shut down the kernel of a page; return False when it is not a page's kernel."""
            if kernel_id not in self.visitors or kernel_id in self._freeing:
                return False
            self._freeing.add(kernel_id)
            try:
                self.log.info("Noyau %s libéré : %s.", kernel_id, reason)
                await self.shutdown_kernel(kernel_id, now=True)
            except Exception as exc:  # already gone: nothing left to free
                self.log.debug("kernel %s already gone (%s)", kernel_id, exc)
            finally:
                self._freeing.discard(kernel_id)
                self.visitors.pop(kernel_id, None)
            return True

        async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any):
            self.visitors.pop(kernel_id, None)
            RequestInfoSocketHandler._cache.pop(kernel_id, None)
            try:
                return await super().shutdown_kernel(kernel_id, *args, **kwargs)
            finally:
                self.drop_buffer(kernel_id)

        def drop_buffer(self, kernel_id: str) -> None:
            """Close the message buffer of a kernel that is gone.

            A page's websocket that closes while its kernel shuts down (the unload beacon
            and the socket's close arrive together) starts buffering the kernel's messages
            after jupyter_server cleared the buffer; nothing clears it again, and its ZMQ
            sockets would stay open.
            """
            buffer_info = self._kernel_buffers.pop(kernel_id, None)
            for stream in (buffer_info or {}).get("channels", {}).values():
                if not stream.closed():
                    stream.on_recv(None)
                    stream.close()

        # -- the periodic check --------------------------------------------------------------
        def start_watch(self) -> None:
            if self._watch is None:
                self._watch = PeriodicCallback(self.check_room, 1000 * CHECK_INTERVAL_S)
                self._watch.start()

        def stop_watch(self) -> None:
            if self._watch is not None:
                self._watch.stop()
                self._watch = None

        async def check_room(self) -> None:
            """Free the kernels of closed or never-connected pages; repair the pool."""
            now = time.monotonic()
            grace, unconnected = self.limits.grace_s, self.limits.unconnected_s
            for kernel_id in [k for k in self._kernel_buffers if k not in self]:
                self.drop_buffer(kernel_id)
            for kernel_id, visitor in list(self.visitors.items()):
                if kernel_id not in self:
                    self.visitors.pop(kernel_id, None)
                    RequestInfoSocketHandler._cache.pop(kernel_id, None)
                    continue
                if self.connections(kernel_id) > 0:
                    continue
                if visitor.connected_once:
                    idle = now - (visitor.idle_since or now)
                    if idle >= grace:
                        await self.free_page(kernel_id, f"page déconnectée depuis {idle:.0f} s")
                elif visitor.served_at is not None:
                    if now - visitor.served_at >= unconnected:
                        await self.free_page(kernel_id, "page jamais connectée")
                elif now - visitor.registered_at >= unconnected + RENDER_LIMIT_S:
                    await self.free_page(kernel_id, "page jamais terminée")
            await self.repair_pool()

        async def repair_pool(self) -> None:
            """Replace pool kernels that died, restarted (empty) or failed to start, and
            refill a pool left short at the cap once pages have closed (within the cap)."""
            for notebook, pool in list((getattr(self, "_pools", None) or {}).items()):
                broken = [task for task in pool if task.done() and not self._pool_task_ok(task)]
                for task in broken:
                    pool.remove(task)
                    kernel_id = self._pool_kernel_id(task)
                    self._pool_pids.pop(kernel_id, None)
                    if kernel_id in self:  # restarted without the notebook: useless
                        with contextlib.suppress(Exception):
                            await self.shutdown_kernel(kernel_id, now=True)
                if broken:
                    self.log.warning("Noyau préchauffé perdu : la réserve est complétée.")
                if len(pool) < self.pool_target():  # lost, or left empty at the cap
                    self.fill_if_needed(delay=0, notebook_name=notebook)

        def _pool_kernel_id(self, task: asyncio.Future) -> str | None:
            if task.cancelled() or task.exception() is not None:
                return None
            return task.result().get("kernel_id")

        def _pool_task_ok(self, task: asyncio.Future) -> bool:
            kernel_id = self._pool_kernel_id(task)
            if kernel_id is None or kernel_id not in self:
                return False
            # a kernel that died is restarted by jupyter_client under the same id, in a
            # new process that never ran the notebook
            pid = getattr(getattr(self.get_kernel(kernel_id), "provisioner", None), "pid", None)
            return self._pool_pids.setdefault(kernel_id, pid) == pid

        # -- counts --------------------------------------------------------------------------
        def pool_ready(self) -> int:
            return sum(
                1
                for pool in (getattr(self, "_pools", None) or {}).values()
                for task in pool
                if task.done() and self._pool_task_ok(task)
            )

        def room_status(self) -> RoomStatus:
            return RoomStatus(
                kernels=len(self.list_kernel_ids()),
                pages=len(self.visitors),
                admitting=sum(1 for t in self.tickets if t.kernel_id is None),
                pool_ready=self.pool_ready(),
                pool_size=self.pool_target(),
                max_kernels=self.limits.max_kernels,
            )

    RoomKernelManager.__name__ = RoomKernelManager.__qualname__ = f"Room{base.__name__}"
    return RoomKernelManager


# --------------------------------------------------------------------------------- handlers
class AtelierPageHandler(TornadoVoilaHandler):
    """The dashboard page: admission under the cap, and the ``_xsrf`` cookie of the beacon."""

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        if path:  # Voilà redirects other paths to /voila/files/, which serves nothing
            await super().get(path=path)
            return
        ticket = self.kernel_manager.admit()
        if ticket is None:
            status = self.kernel_manager.room_status()
            self.log.warning("Salle pleine : %s noyaux sur %s, page refusée.",
                             status.kernels, status.max_kernels)
            self.set_status(503)
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Retry-After", "30")
            self.set_header("Cache-Control", "no-store")
            self.finish(room_full_page(status.max_kernels, lang=self.get_argument("lang", "fr")))
            return
        token = _ticket.set(ticket)
        try:
            # The beacon Voilà sends on unload carries this cookie's value as _xsrf.
            self.xsrf_token  # noqa: B018 (the property sets the cookie)
            await super().get(path=path)
        finally:
            _ticket.reset(token)
            self.kernel_manager.release(ticket)


class AtelierShutdownHandler(VoilaShutdownKernelHandler):
    """Voilà's beacon on page unload: free the page's kernel (XSRF-checked, 204 always)."""

    @tornado.web.authenticated
    async def post(self, kernel_id: str) -> None:
        await self.kernel_manager.free_page(kernel_id, "page fermée ou rechargée")
        self.set_status(204)
        self.finish()


class GuardedKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """A page's kernel websocket: v1 protocol only, checked and rate-limited frames."""

    _backlog = 0
    _messages: TokenBucket | None = None
    _state_requests: TokenBucket | None = None

    async def get(self, kernel_id: str, *args: Any, **kwargs: Any) -> None:
        offered = [p.strip() for p in self.request.headers.get("Sec-WebSocket-Protocol", "").split(",")]
        if V1_PROTOCOL not in offered:
            self.log.warning("Websocket refusé (protocole %s exigé) : %s", V1_PROTOCOL,
                             self.request.remote_ip)
            self.set_status(400)
            self.finish(f"Use the {V1_PROTOCOL} websocket protocol.")
            return
        km = self.kernel_manager
        if kernel_id not in km:
            self.set_status(404)
            self.finish()
            return
        if km.connections(kernel_id) >= MAX_SOCKETS_PER_KERNEL:
            self.log.warning("Websocket refusé : déjà %s connexions au noyau %s",
                             MAX_SOCKETS_PER_KERNEL, kernel_id)
            self.set_status(429)
            self.finish()
            return
        self._messages = TokenBucket(MESSAGE_BURST, MESSAGE_RATE_PER_S)
        self._state_requests = TokenBucket(STATE_REQUEST_BURST, STATE_REQUEST_RATE_PER_S)
        self._widgets_asked: set[str] = set()
        await super().get(kernel_id, *args, **kwargs)

    def select_subprotocol(self, subprotocols: list[str]) -> str | None:
        return V1_PROTOCOL if V1_PROTOCOL in subprotocols else None

    @property
    def selected_subprotocol(self) -> str:
        # Every accepted socket speaks v1 (see get). jupyter_server asks this property for
        # each message and falls back to the legacy parser when the socket is closing:
        # that parser reads a v1 frame's first bytes as a part count and builds a format
        # string of that many characters (hundreds of MB, seconds of blocked server).
        return V1_PROTOCOL

    def on_message(self, message: str | bytes) -> None:
        if self.ws_connection is None or self.ws_connection.is_closing():
            return  # frames still arriving after a guard closed the socket
        try:
            _channel, parts = parse_v1_frame(message)
            header = json.loads(parts[0])
            msg_type = header.get("msg_type")
            if msg_type not in ALLOWED_MESSAGE_TYPES:
                raise FrameError(1008, f"type de message refusé : {str(msg_type)[:40]!r}")
            state_request = msg_type == "comm_msg" and _is_state_request(parts[3])
            widget = _single_state_widget(parts[3]) if state_request else None
            if (widget is not None and widget not in self._widgets_asked
                    and len(self._widgets_asked) < MAX_WIDGET_STATES):
                self._widgets_asked.add(widget)  # a page loading its widgets one by one
            else:
                if not self._messages.take():
                    raise FrameError(1008, "trop de messages")
                if state_request and not self._state_requests.take():
                    raise FrameError(1008, "trop de demandes d'état")
        except FrameError as exc:
            self.log.warning("Websocket fermé (%s) : %s", exc.reason, self.request.remote_ip)
            self.close(exc.code, exc.reason_ascii)
            return
        super().on_message(message)

    def write_message(self, message: bytes | str | dict, binary: bool = False):
        if self.ws_connection is None or self.ws_connection.is_closing():
            return None  # closed by a guard: drop what the kernel still sends
        future = super().write_message(message, binary)
        if future is None or isinstance(message, dict):
            return future
        size = len(message)
        self._backlog += size
        if self._backlog > MAX_BACKLOG_BYTES:
            self.log.warning("Websocket fermé (le client ne lit plus ses messages) : %s",
                             self.request.remote_ip)
            self.close(1008, "client too slow")
            return future
        future.add_done_callback(functools.partial(self._drained, size))
        return future

    def _drained(self, size: int, _future: Any) -> None:
        self._backlog -= size


class LocalRequestInfoSocketHandler(RequestInfoSocketHandler):
    """Voilà's ``/voila/query/<kernel id>`` (the page's URL for a preheated kernel), open to
    this computer's kernels only."""

    def prepare(self) -> None:
        if not _is_local(self.request.remote_ip, self.settings.get("atelier_host", "")):
            raise tornado.web.HTTPError(403)
        return super().prepare()

    def on_close(self) -> None:
        waiters = RequestInfoSocketHandler._waiters
        for kernel_id, waiter in list(waiters.items()):
            if waiter is self:
                del waiters[kernel_id]


class RoomStatusHandler(tornado.web.RequestHandler):
    """``GET /atelier/api/status``: the room's counts as JSON, for this computer only."""

    def get(self) -> None:
        if not _is_local(self.request.remote_ip, self.settings.get("atelier_host", "")):
            raise tornado.web.HTTPError(403)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(self.settings["kernel_manager"].room_status().as_dict()))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish({"status": status_code})


# ------------------------------------------------------------------------------ application
class AtelierVoila(Voila):
    """Voilà with the room's guards (see the module docstring)."""

    max_kernels = Integer(24, config=True, help="Kernels alive at once, pool included.")
    grace_s = Float(60.0, config=True,
                    help="Seconds before freeing a kernel whose last websocket closed.")
    unconnected_s = Float(60.0, config=True,
                          help="Seconds before freeing a kernel whose page never connected.")
    listen_host = Unicode("", config=True, help="The address given to atelier serve.")
    live_room = Unicode("", config=True,
                        help="Code of the live room served to phones (atelier serve --room).")
    live = None  #: the live room's service (simulation.live.api.LiveService), when served

    def pool_size_value(self) -> int:
        conf = self.voila_configuration
        return conf.default_pool_size if conf.preheat_kernel else 0

    def init_settings(self) -> dict:
        import voila.app as voila_app

        original = voila_app.voila_kernel_manager_factory

        def factory(*args: Any, **kwargs: Any) -> type:
            return room_kernel_manager(original(*args, **kwargs))

        voila_app.voila_kernel_manager_factory = factory
        try:
            settings = super().init_settings()
        finally:
            voila_app.voila_kernel_manager_factory = original
        return {
            **settings,
            "websocket_max_message_size": MAX_MESSAGE_BYTES,
            "websocket_compression_options": None,
            "xsrf_cookie_kwargs": {"samesite": "Strict"},
            "atelier_host": self.listen_host,
        }

    def init_handlers(self) -> list:
        replace = {
            VoilaKernelWebsocketHandler: GuardedKernelWebsocketHandler,
            TornadoVoilaHandler: AtelierPageHandler,
            VoilaShutdownKernelHandler: AtelierShutdownHandler,
            RequestInfoSocketHandler: LocalRequestInfoSocketHandler,
        }
        handlers = []
        for route in super().init_handlers():
            pattern, handler, *rest = route
            handlers.append((pattern, replace.get(handler, handler), *rest))
        return [*self.room_handlers(), *handlers]

    def room_handlers(self) -> list:
        """Routes of the room, matched before Voilà's (whose last one catches every path);
        with a live room, the participant page and its API (:mod:`simulation.live.api`)."""
        handlers = [(url_path_join(self.server_url, r"/atelier/api/status"), RoomStatusHandler)]
        if self.live_room:
            from simulation.live.api import LiveService, live_handlers
            from simulation.store import default_state_dir

            self.live = LiveService.open(default_state_dir(), [self.live_room])
            handlers += live_handlers(self.server_url, self.live)
        return handlers

    def launch_browser(self) -> None:
        """Open the dashboard; with a live room, the facilitator's address (with its secret,
        through a temporary file as Voilà does, so it is not on a command line)."""
        if not self.live_room or self.live is None:
            super().launch_browser()
            return
        import tempfile
        import threading
        import webbrowser
        from pathlib import Path
        from urllib.parse import urlencode

        url = url_path_join(self.connection_url, self.base_url) + "?" + urlencode(
            {"salle": self.live_room, "cle": self.live.store.facilitator_secret(self.live_room)})
        fd, name = tempfile.mkstemp(suffix=".html")
        with open(fd, "w", encoding="utf-8") as out:
            out.write(f'<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="refresh" '
                      f'content="0;url={html.escape(url)}"><a href="{html.escape(url)}">Atelier</a>')
        target = Path(name).as_uri()
        threading.Thread(target=lambda: webbrowser.open(target), daemon=True).start()

    def listen(self) -> None:
        # Voilà calls app.listen(port, ip): bound the request bodies and idle connections
        self.app.listen = functools.partial(
            self.app.listen, max_body_size=MAX_BODY_BYTES, idle_connection_timeout=120,
            body_timeout=30,
        )
        IOLoop.current().add_callback(self.kernel_manager.start_watch)
        if self.live is not None:
            IOLoop.current().add_callback(self.live.start_watch)
        super().listen()

    def stop(self) -> None:
        self.kernel_manager.stop_watch()
        if self.live is not None:
            self.live.stop_watch()
        super().stop()


# ----------------------------------------------------------------------------------- helpers
class FrameError(Exception):
    """A client frame that closes its websocket (``code`` is the websocket close code)."""

    def __init__(self, code: int, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason

    @property
    def reason_ascii(self) -> str:
        return self.reason.encode("ascii", "replace").decode()[:100]


class TokenBucket:
    """``burst`` tokens, refilled at ``rate`` per second; :meth:`take` spends one."""

    def __init__(self, burst: int, rate: float):
        self.capacity = float(burst)
        self.tokens = float(burst)
        self.rate = rate
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def parse_v1_frame(frame: str | bytes) -> tuple[str, list[bytes]]:
    """Check a client frame of Jupyter's v1 websocket protocol; return (channel, parts).

    The frame is: the number of offsets ``n`` (8 bytes, little-endian), ``n`` offsets
    (8 bytes each), the channel name, then the parts (header, parent header, metadata,
    content, buffers) between consecutive offsets. The four JSON parts must be JSON
    objects.

    Raises
    ------
    FrameError
        Anything else (close code 1003 for a text frame, 1007 for bad framing or JSON).
    """
    if not isinstance(frame, bytes):
        raise FrameError(1003, "trame texte (protocole v1 : trames binaires)")
    size = len(frame)
    if size < 8:
        raise FrameError(1007, "trame trop courte")
    count = int.from_bytes(frame[:8], "little")
    if not 6 <= count <= 6 + MAX_BUFFERS or size < 8 * (count + 1):
        raise FrameError(1007, "nombre de parties invalide")
    offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    if offsets[0] != 8 * (count + 1) or offsets[-1] != size or offsets != sorted(offsets):
        raise FrameError(1007, "décalages invalides")
    try:
        channel = frame[offsets[0] : offsets[1]].decode("ascii")
    except UnicodeDecodeError as exc:
        raise FrameError(1007, "canal illisible") from exc
    if channel not in CLIENT_CHANNELS:
        raise FrameError(1007, f"canal invalide : {channel[:20]!r}")
    parts = [frame[offsets[i] : offsets[i + 1]] for i in range(1, count - 1)]
    for part in parts[:4]:
        try:
            value = json.loads(part)
        except (ValueError, UnicodeDecodeError) as exc:
            raise FrameError(1007, "JSON invalide") from exc
        if not isinstance(value, dict):
            raise FrameError(1007, "partie JSON qui n'est pas un objet")
    header = json.loads(parts[0])
    if not isinstance(header.get("msg_type"), str) or not isinstance(header.get("msg_id"), str):
        raise FrameError(1007, "en-tête incomplet")
    return channel, parts


def _is_state_request(content: bytes) -> bool:
    data = json.loads(content).get("data")
    return isinstance(data, dict) and data.get("method") in ("request_state", "request_states")


def _single_state_widget(content: bytes) -> str | None:
    """The widget (comm id) of a ``request_state`` for one widget, else None."""
    message = json.loads(content)
    data = message.get("data")
    comm_id = message.get("comm_id")
    if (isinstance(data, dict) and data.get("method") == "request_state"
            and isinstance(comm_id, str) and 0 < len(comm_id) <= 64):
        return comm_id
    return None


def _is_local(remote_ip: str | None, host: str) -> bool:
    """True for a loopback address or the address the server listens on."""
    if not remote_ip:
        return False
    try:
        address = ipaddress.ip_address(remote_ip)
    except ValueError:
        return False
    if address.is_loopback:
        return True
    return bool(host) and remote_ip == host


ROOM_FULL_TEXT = {
    "fr": {
        "title": "La salle est pleine",
        "lead": "Le tableau de bord accueille déjà autant de pages que cet ordinateur peut "
                "en faire tourner ({n} calculs ouverts au plus).",
        "todo": "Que faire ?",
        "steps": [
            "Fermez les onglets du tableau de bord que vous n'utilisez plus, sur cet "
            "appareil ou un autre.",
            "Attendez une minute : une page fermée libère sa place, puis rechargez cette page.",
            "Animatrice, animateur : si l'ordinateur a assez de mémoire (environ 120 Mo par "
            "page), relancez le serveur avec une limite plus haute, par exemple "
            "« atelier serve --max-kernels {more} ».",
        ],
        "retry": "Réessayer",
    },
    "en": {
        "title": "The room is full",
        "lead": "The dashboard already serves as many pages as this computer can run "
                "({n} computations open at most).",
        "todo": "What to do?",
        "steps": [
            "Close the dashboard tabs you no longer use, on this device or another.",
            "Wait a minute: a closed page frees its place; then reload this page.",
            "Facilitator: if the computer has enough memory (about 120 MB per page), restart "
            "the server with a higher limit, e.g. “atelier serve --max-kernels {more}”.",
        ],
        "retry": "Try again",
    },
}


def room_full_page(max_kernels: int, lang: str = "fr") -> str:
    """Return the HTML page shown (HTTP 503) when the room is full; nothing remote."""
    text = ROOM_FULL_TEXT["en" if lang == "en" else "fr"]
    more = max_kernels + 8
    steps = "".join(
        f"<li>{html.escape(step.format(more=more))}</li>" for step in text["steps"]
    )
    return f"""<!DOCTYPE html>
<html lang="{'en' if lang == 'en' else 'fr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(text["title"])}</title>
<style>
  body {{ font-family: system-ui, sans-serif; font-size: 20px; line-height: 1.5;
         max-width: 40em; margin: 3em auto; padding: 0 1em; color: #1b1b1b; }}
  h1 {{ font-size: 1.6em; }}
  a.retry {{ display: inline-block; margin-top: 1em; padding: .6em 1.4em; font-size: 1.1em;
            background: #005f73; color: #fff; border-radius: .3em; text-decoration: none; }}
</style>
</head>
<body>
<main data-atelier-room-full>
<h1>{html.escape(text["title"])}</h1>
<p>{html.escape(text["lead"].format(n=max_kernels))}</p>
<h2>{html.escape(text["todo"])}</h2>
<ol>{steps}</ol>
<a class="retry" href="">{html.escape(text["retry"])}</a>
</main>
</body>
</html>
"""


def run(argv: list[str]) -> int:
    """Run :class:`AtelierVoila` with Voilà's command-line ``argv`` until it stops."""
    app = AtelierVoila()
    app.initialize(argv)
    app.start()
    return 0
