"""The room server's parts that need no server: frame checks, limits, the room's book.

The kernel manager's bookkeeping is tested on a stand-in for Voilà's kernel manager (the
methods the room overrides) with a controlled clock; the real thing runs in
``tests/e2e/test_room_lifecycle.py`` and ``tests/e2e/test_room_hostile.py``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import re
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

from simulation.ui import room_server
from simulation.ui.room_server import (
    MAX_MESSAGE_BYTES,
    RENDER_LIMIT_S,
    FrameError,
    TokenBucket,
    parse_v1_frame,
    room_full_page,
    room_kernel_manager,
)


def _frame(channel="shell", header=None, content=None, extra=()):
    header = header or {"msg_id": "m1", "msg_type": "comm_msg", "session": "s",
                        "username": "u", "date": "", "version": "5.4"}
    parts = [json.dumps(header).encode(), b"{}", b"{}",
             json.dumps(content or {"comm_id": "c", "data": {"method": "update"}}).encode(),
             *extra]
    return serialize_msg_to_ws_v1(parts, channel)


def test_a_frame_of_jupyter_server_is_accepted():
    channel, parts = parse_v1_frame(_frame(extra=(b"\x00\x01binary",)))
    assert channel == "shell"
    assert json.loads(parts[0])["msg_type"] == "comm_msg"
    assert parts[4] == b"\x00\x01binary"


@pytest.mark.parametrize(
    ("frame", "code", "reason"),
    [
        ('{"channel": "shell"}', 1003, "trame texte"),
        (b"\x01\x02", 1007, "trop courte"),
        ((10**6).to_bytes(8, "little") + b"\x00" * 64, 1007, "nombre de parties"),
        (_frame()[:-3], 1007, "décalages"),
        (_frame(channel="iopub"), 1007, "canal invalide"),
        (_frame(channel="sh\xe9ll"), 1007, "canal illisible"),
        (_frame(header={"msg_type": "comm_msg"}), 1007, "en-tête incomplet"),
        (serialize_msg_to_ws_v1([b"[1]", b"{}", b"{}", b"{}"], "shell"), 1007, "pas un objet"),
        (serialize_msg_to_ws_v1([b"{", b"{}", b"{}", b"{}"], "shell"), 1007, "JSON invalide"),
        (serialize_msg_to_ws_v1([b"{}", b"{}", b"{}"], "shell"), 1007, "nombre de parties"),
    ],
)
def test_bad_frames_are_refused_with_a_close_code(frame, code, reason):
    with pytest.raises(FrameError, match=reason) as info:
        parse_v1_frame(frame)
    assert info.value.code == code
    assert info.value.reason_ascii.isascii()


def test_offsets_out_of_order_are_refused():
    frame = bytearray(_frame())
    # swap the 3rd and 4th offsets (parent header and metadata boundaries)
    frame[24:32], frame[32:40] = frame[32:40], frame[24:32]
    with pytest.raises(FrameError, match="décalages"):
        parse_v1_frame(bytes(frame))


@given(st.binary(max_size=300))
def test_random_bytes_give_a_frame_error_or_a_frame(data):
    codes = []
    try:
        channel, parts = parse_v1_frame(data)
    except FrameError as exc:
        codes.append(exc.code)
    else:
        assert channel in room_server.CLIENT_CHANNELS
        assert len(parts) >= 4
    assert set(codes) <= {1003, 1007}


@given(st.data())
def test_a_damaged_valid_frame_never_raises_anything_else(data):
    frame = bytearray(_frame())
    for _ in range(data.draw(st.integers(1, 6))):
        index = data.draw(st.integers(0, len(frame) - 1))
        frame[index] = data.draw(st.integers(0, 255))
    with contextlib.suppress(FrameError):
        parse_v1_frame(bytes(frame))


def test_token_bucket_allows_a_burst_then_its_rate(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(room_server.time, "monotonic", lambda: now[0])
    bucket = TokenBucket(burst=3, rate=2.0)
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.5  # one token back
    assert [bucket.take(), bucket.take()] == [True, False]
    now[0] += 100  # never more than the burst
    assert sum(bucket.take() for _ in range(10)) == 3


def test_message_limit_is_far_above_what_the_page_sends():
    # the dashboard's page sends messages of 100-400 bytes (measured in Chromium)
    assert MAX_MESSAGE_BYTES >= 100 * 400


@pytest.mark.parametrize(
    ("lang", "title", "todo"),
    [("fr", "La salle est pleine", "Que faire ?"),
     ("en", "The room is full", "What to do?"),
     ("<script>", "La salle est pleine", "Que faire ?")],
)
def test_room_full_page_says_what_to_do(lang, title, todo):
    page = room_full_page(12, lang=lang)
    assert f"<title>{title}</title>" in page
    assert todo in page
    assert "--max-kernels 20" in page
    assert "12" in page
    assert "<script" not in page
    assert not re.search(r"""(href|src)\s*=\s*["']?(https?:)?//""", page)
    assert "http" not in page


def test_local_addresses():
    assert room_server._is_local("127.0.0.1", "")
    assert room_server._is_local("::1", "0.0.0.0")
    assert room_server._is_local("192.168.1.20", "192.168.1.20")
    assert not room_server._is_local("192.168.1.21", "192.168.1.20")
    assert not room_server._is_local("192.168.1.21", "")
    assert not room_server._is_local("pas une ip", "")
    assert not room_server._is_local(None, "")


# ------------------------------------------------------------------------- the room's book
class StandIn:
    """What Voilà's kernel manager offers the room: kernels, connections, buffers, a pool."""

    def __init__(self, parent=None, **kwargs):
        self.parent = parent
        self.kernels: list[str] = []
        self._kernel_connections: dict[str, int] = {}
        self._kernel_buffers: dict = {}
        self._pools: dict = {"atelier.ipynb": []}
        self.kernel_pools_config: dict = {"default": {"pool_size": 0}}
        self.log = logging.getLogger("test-room")
        self.shut: list[str] = []
        self.refills: list[str] = []
        self.pids: dict[str, int] = {}

    def __contains__(self, kernel_id):
        return kernel_id in self.kernels

    def list_kernel_ids(self):
        return list(self.kernels)

    def _new(self):
        kernel_id = f"k{len(self.kernels) + len(self.shut)}"
        self.kernels.append(kernel_id)
        self._kernel_connections[kernel_id] = 0
        self.pids[kernel_id] = 1000 + len(self.pids)
        return kernel_id

    def get_kernel(self, kernel_id):
        return SimpleNamespace(provisioner=SimpleNamespace(pid=self.pids[kernel_id]))

    async def start_kernel(self, **kwargs):
        return self._new()

    def ready(self, kernel_id):
        """A pool entry whose kernel has run the notebook."""
        task = concurrent.futures.Future()
        task.set_result({"kernel_id": kernel_id})
        return task

    async def get_rendered_notebook(self, notebook_name="atelier.ipynb", **kwargs):
        # like Voilà: hand the first pool kernel to the page, then refill the pool
        task = self._pools[notebook_name].pop(0)
        self.fill_if_needed(notebook_name=notebook_name)
        return None, [], task.result()["kernel_id"]

    def notify_connect(self, kernel_id):
        self._kernel_connections[kernel_id] += 1

    def notify_disconnect(self, kernel_id):
        self._kernel_connections[kernel_id] -= 1

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self.kernels.remove(kernel_id)
        self._kernel_connections.pop(kernel_id)
        self.shut.append(kernel_id)

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
        # like Voilà: start kernels until the pool has its configured size
        self.refills.append(notebook_name)
        config = self.kernel_pools_config.get(notebook_name, self.kernel_pools_config["default"])
        pool = self._pools.setdefault(notebook_name, [])
        while len(pool) < config["pool_size"]:
            pool.append(self.ready(self._new()))


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(room_server.time, "monotonic", lambda: now[0])
    return now


def _room(max_kernels: int, pool_size: int):
    """The room's kernel manager on the stand-in, its pool full (as Voilà starts it)."""
    limits = SimpleNamespace(max_kernels=max_kernels, grace_s=60.0, unconnected_s=30.0,
                             pool_size_value=lambda: pool_size)
    room = room_kernel_manager(StandIn)(parent=limits)
    room._pools["atelier.ipynb"] = [room.ready(room._new()) for _ in range(pool_size)]
    return room


@pytest.fixture
def room(clock):
    return _room(max_kernels=5, pool_size=1)


def _open_page(room):
    """What AtelierPageHandler does: a ticket, a kernel under it (a preheated one when the
    pool has one, as Voilà's handler chooses), then the response ends."""
    ticket = room.admit()
    assert ticket is not None
    token = room_server._ticket.set(ticket)
    try:
        if room._pools["atelier.ipynb"]:
            kernel_id = asyncio.run(room.get_rendered_notebook(notebook_name="atelier.ipynb"))[2]
        else:
            kernel_id = asyncio.run(room.start_kernel())
    finally:
        room_server._ticket.reset(token)
        room.release(ticket)
    return kernel_id


def test_pages_are_admitted_under_the_cap_pool_included(room):
    # max 5 kernels with a pool of 1: the pool is refilled while there is room, and the
    # fifth page takes the last pool kernel, which is not replaced at the cap
    pages = [_open_page(room) for _ in range(5)]
    assert room.admit() is None
    assert len(room.kernels) == 5 and room._pools["atelier.ipynb"] == []
    status = room.room_status()
    assert (status.pages, status.admitting, status.pool_size, status.max_kernels) == (5, 0, 1, 5)
    asyncio.run(room.free_page(pages[0], "test"))
    assert room.admit() is not None


def test_pages_being_rendered_count_against_the_cap(room):
    tickets = [room.admit() for _ in range(5)]  # one takes the pool kernel, four start theirs
    assert all(tickets)
    assert room.admit() is None
    assert room.room_status().admitting == 5
    room.release(tickets[0])  # a page whose request failed before it got a kernel
    assert room.admit() is not None


def test_a_room_finds_its_kernels_warm_and_the_pool_is_refilled_within_the_cap(clock):
    # atelier serve --pool-size 17 --max-kernels 19: 17 warm kernels before the room
    # arrives; while 17 pages open, only 2 refills start (Voilà alone would start 17)
    room = _room(max_kernels=19, pool_size=17)
    started = len(room.kernels)
    pages = [_open_page(room) for _ in range(17)]
    assert len(room.kernels) - started == 2
    assert len(room._pools["atelier.ipynb"]) == 2
    pages += [_open_page(room) for _ in range(2)]  # two late comers take the last two
    assert len(set(pages)) == 19 and len(room.kernels) == 19
    assert room.admit() is None
    asyncio.run(room.check_room())
    assert room._pools["atelier.ipynb"] == []  # no room to refill
    asyncio.run(room.free_page(pages[0], "test"))  # a page closes: the pool gets a kernel
    asyncio.run(room.check_room())
    [task] = room._pools["atelier.ipynb"]
    assert _open_page(room) == task.result()["kernel_id"]
    assert len(room.kernels) == 19


def test_a_page_that_never_connects_is_freed_after_the_connect_timeout(room, clock):
    page = _open_page(room)
    clock[0] += 29
    asyncio.run(room.check_room())
    assert page in room.kernels
    clock[0] += 2
    asyncio.run(room.check_room())
    assert room.shut == [page]
    assert room.room_status().pages == 0


def test_a_connected_page_is_never_freed_and_a_closed_one_after_the_grace(room, clock):
    page = _open_page(room)
    room.notify_connect(page)
    clock[0] += 10_000
    asyncio.run(room.check_room())
    assert page in room.kernels
    room.notify_disconnect(page)
    clock[0] += 59
    asyncio.run(room.check_room())
    assert page in room.kernels
    room.notify_connect(page)  # the page came back (network hiccup): the clock restarts
    room.notify_disconnect(page)
    clock[0] += 59
    asyncio.run(room.check_room())
    assert page in room.kernels
    clock[0] += 2
    asyncio.run(room.check_room())
    assert room.shut == [page]


def test_a_page_still_rendering_is_left_alone_then_freed(room, clock):
    ticket = room.admit()
    token = room_server._ticket.set(ticket)
    kernel_id = asyncio.run(room.start_kernel())
    room_server._ticket.reset(token)
    clock[0] += 30 + RENDER_LIMIT_S - 1
    asyncio.run(room.check_room())
    assert kernel_id in room.kernels
    clock[0] += 2
    asyncio.run(room.check_room())
    assert room.shut == [kernel_id]


def test_only_pages_kernels_can_be_freed(room):
    pool_kernel = room._new()  # started by the pool, never handed to a page
    assert asyncio.run(room.free_page(pool_kernel, "test")) is False
    assert asyncio.run(room.free_page("inconnu", "test")) is False
    page = _open_page(room)
    assert asyncio.run(room.free_page(page, "test")) is True
    assert asyncio.run(room.free_page(page, "test")) is False
    assert room.shut == [page]


def test_a_dead_pool_kernel_is_replaced(room):
    async def scenario():
        loop = asyncio.get_running_loop()
        alive, dead, failed = loop.create_future(), loop.create_future(), loop.create_future()
        kernel_id = room._new()
        alive.set_result({"kernel_id": kernel_id})
        dead.set_result({"kernel_id": "gone"})
        failed.set_exception(RuntimeError("kernel failed to start"))
        room._pools["atelier.ipynb"] = [alive, dead, failed]
        room.limits.pool_size_value = lambda: 3
        await room.check_room()
        return alive

    alive = asyncio.run(scenario())
    pool = room._pools["atelier.ipynb"]
    assert room.refills == ["atelier.ipynb"]
    assert pool[0] is alive and len(pool) == 3  # the dead and the failed are replaced
    assert room.pool_ready() == 3


def test_a_restarted_pool_kernel_is_shut_down_and_replaced(room):
    async def scenario():
        task = asyncio.get_running_loop().create_future()
        kernel_id = room._new()
        task.set_result({"kernel_id": kernel_id})
        room._pools["atelier.ipynb"] = [task]
        await room.check_room()
        assert room.refills == []  # alive, same process
        room.pids[kernel_id] += 1  # died and restarted by jupyter_client: a new process
        await room.check_room()
        return kernel_id

    kernel_id = asyncio.run(scenario())
    assert room.shut == [kernel_id]
    assert room.refills == ["atelier.ipynb"]
    [task] = room._pools["atelier.ipynb"]
    assert task.result()["kernel_id"] != kernel_id


def test_buffers_of_gone_kernels_are_closed(room):
    class Stream:
        closed_ = False

        def closed(self):
            return self.closed_

        def on_recv(self, callback):
            pass

        def close(self):
            self.closed_ = True

    stream = Stream()
    room._kernel_buffers["gone"] = {"channels": {"iopub": stream}}
    asyncio.run(room.check_room())
    assert stream.closed_
    assert room._kernel_buffers == {}
