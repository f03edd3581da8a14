"""A room's load on one ``atelier serve``, measured in Debian's Chromium (run by hand).

    python benchmarks/room_load.py [--participants 16] [--within 10] [--clicks 10]
        [--serve-args "--pool-size 2"] [--json out.json]

Starts ``atelier serve`` itself (the real command, on loopback, a temporary ``--state-dir``),
then opens 1 facilitator page (1280×720) and 16 participant pages (390×844, each in its
own browser context, as on its own phone) with their starts spread evenly over ``--within``
seconds, and
measures:

1. **time to interactive** of each page: from its navigation start until its tabs and a
   chart are in the page (``--ready``), and when the last of them got there;
2. **memory**: RSS of the server and of its kernels (psutil; the sum counts the libraries
   shared between kernels once per kernel, so PSS is given too), sampled every 0.5 s; and
   the CPU time used by the server and its kernels, and by the browser, in each phase;
3. **click → screen** while every page clicks: each page plays ``--clicks`` lever clicks,
   one every 0.7–1.3 s; a click's time runs in the page (``performance.now()``) from the
   click until the first animation frame after the 2050 total changed;
4. **nothing lost**: every page opened, every click reached the screen, each page's final
   total is the model's for the levers it played, and each page's session was saved with
   those levers.

Bounded: ``--max-seconds`` (default 300) stops everything; the server and the browser are
always stopped. Traffic goes to 127.0.0.1 only. Not collected by pytest (no ``test_``
prefix). The pages render in the same 2-core machine as the server: in a real room each
phone renders its own page, so these times are an upper bound for the server's share.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
READY_JS = """
() => document.querySelectorAll('.atelier .lm-TabBar-tab').length > 0 &&
      document.querySelectorAll('.atelier .atelier-chart').length > 0
"""
#: Click a lever's level, resolve at the first animation frame after the total changed.
CLICK_JS = """
async ([lever, level]) => {
  const total = () => document.querySelector('[data-testid="total-2050"]').innerText;
  const before = total();
  const button = [...document.querySelectorAll('.lever-' + lever + ' button')]
      .find(b => b.innerText.trim() === String(level));
  const box = document.querySelector('.atelier-big-box') || document.body;
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const timeout = setTimeout(() => { obs.disconnect(); resolve(null); }, 10000);
    const obs = new MutationObserver(() => {
      if (total() !== before) {
        obs.disconnect();
        clearTimeout(timeout);
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    obs.observe(box, {childList: true, subtree: true, characterData: true});
    button.click();
  });
}
"""
#: Levers of the first sector shown (mobility), toggled 4 <-> 0: every click changes the
#: total (three significant figures on screen).
LEVERS = ["velo_marche", "covoiturage", "moins_avion", "voiture_electrique",
          "transports_en_commun", "teletravail"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(q * len(ordered)) - 1)]


def _summary(values: list[float]) -> dict:
    if not values:
        return {}
    return {"n": len(values), "median": round(statistics.median(values), 1),
            "p95": round(_percentile(values, 0.95), 1), "max": round(max(values), 1)}


class Server:
    """``atelier serve`` on a free loopback port with a temporary session folder."""

    def __init__(self, extra: list[str], state_dir: Path) -> None:
        self.port = _free_port()
        self.state_dir = state_dir
        self.log = Path(tempfile.gettempdir()) / f"atelier-room-load-{self.port}.log"
        argv = [sys.executable, "-m", "simulation", "serve", "--no-browser", "--host",
                "127.0.0.1", "--port", str(self.port), "--state-dir", str(state_dir), *extra]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(argv, env=env, stdout=self.log.open("wb"),
                                     stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}/"

    def status(self) -> dict:
        with urllib.request.urlopen(self.url + "atelier/api/status", timeout=5) as response:
            return json.load(response)

    def wait_ready(self, timeout_s: float) -> None:
        """Wait for the server, then for its pool to be filled and every kernel idle."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                status = self.status()
                if status["pool_ready"] >= status["pool_size"]:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"atelier serve not ready; see {self.log}")
            time.sleep(0.3)
        quiet = 0
        while quiet < 3 and time.monotonic() < deadline:
            busy = any(k.cpu_percent(interval=0.3) > 5 for k in self.kernels())
            quiet = 0 if busy else quiet + 1

    def kernels(self) -> list[psutil.Process]:
        found = []
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if "ipykernel" in " ".join(child.cmdline()):
                    found.append(child)
            except psutil.NoSuchProcess:
                continue
        return found

    def memory(self) -> dict:
        """RSS and PSS [MB] of the server process and of its kernels."""
        rss = pss = 0
        processes = [psutil.Process(self.proc.pid), *self.kernels()]
        for p in processes:
            try:
                info = p.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        return {"rss_mb": round(rss / 2**20), "pss_mb": round(pss / 2**20),
                "kernels": len(processes) - 1}

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def cpu_seconds(server: Server) -> dict:
    """CPU time [s] used so far by the server and its kernels, and by this script's own
    children (the browser: Playwright's driver and Chromium's processes)."""

    def total(processes) -> float:
        used = 0.0
        for p in processes:
            try:
                times = p.cpu_times()
                used += times.user + times.system
            except psutil.Error:
                continue
        return used

    root = psutil.Process(server.proc.pid)
    server_side = [root, *root.children(recursive=True)]
    pids = {p.pid for p in server_side}
    browser = [p for p in psutil.Process().children(recursive=True) if p.pid not in pids]
    return {"server_and_kernels": total(server_side), "browser": total(browser)}


def _cpu_used(before: dict, after: dict, seconds: float) -> dict:
    used = {k: round(after[k] - before[k], 1) for k in before}
    used["wall_s"] = round(seconds, 1)
    return used


class MemorySampler(threading.Thread):
    """Samples the server's memory every ``every_s`` until stopped; keeps the peak."""

    def __init__(self, server: Server, every_s: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.server, self.every_s = server, every_s
        self.peak = {"rss_mb": 0, "pss_mb": 0, "kernels": 0}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every_s):
            try:
                sample = self.server.memory()
            except psutil.Error:
                continue
            for key, value in sample.items():
                self.peak[key] = max(self.peak[key], value)


async def _open_page(context, url: str, start_at: float, ready_js: str, levers_tab: str,
                     record: dict) -> object:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    page = await context.new_page()
    record["started"] = time.monotonic()
    try:
        response = await page.goto(url, timeout=120_000, wait_until="commit")
        record["status"] = response.status if response else None
        record["first_byte_s"] = round(time.monotonic() - record["started"], 2)
        await page.wait_for_load_state("load", timeout=120_000)
        record["html_loaded_s"] = round(time.monotonic() - record["started"], 2)
        await page.wait_for_function(ready_js, timeout=120_000, polling=20)
        record["tti_s"] = round(time.monotonic() - record["started"], 2)
        record["ready_at"] = time.monotonic()
        await page.locator(".atelier .lm-TabBar-tab", has_text=levers_tab).click()
        await page.locator('[data-testid="total-2050"]').wait_for(timeout=60_000)
    except PlaywrightTimeout as exc:
        record["error"] = f"not interactive: {exc}".splitlines()[0]
        shot = Path(tempfile.gettempdir()) / f"atelier-room-load-page-{id(page)}.png"
        await page.screenshot(path=str(shot))
        record["error"] += f" (screenshot {shot})"
    return page


async def _click_loop(page, clicks: int, seed: int, record: dict, until: float) -> None:
    rng = random.Random(seed)
    levels: dict[str, int] = {}
    record["click_ms"], record["lost_clicks"] = [], 0
    order = rng.sample(LEVERS, len(LEVERS))
    for i in range(clicks):
        if time.monotonic() > until:
            record["error"] = "stopped by --max-seconds"
            break
        await asyncio.sleep(rng.uniform(0.7, 1.3))
        lever = order[i % len(order)]
        level = 0 if levels.get(lever, 0) else 4
        ms = await page.evaluate(CLICK_JS, [lever, level])
        levels[lever] = level
        if ms is None:
            record["lost_clicks"] += 1
        else:
            record["click_ms"].append(ms)
    record["levels"] = {k: v for k, v in levels.items() if v}
    await asyncio.sleep(1.0)  # the throttle's last render and the session's save
    record["final_total"] = await page.locator('[data-testid="total-2050"]').inner_text()
    record["session"] = await page.evaluate(
        "new URL(location.href).searchParams.get('session')")


async def run(args, server: Server) -> dict:
    from playwright.async_api import async_playwright

    from simulation.texts import t

    levers_tab = t("ui.tab_levers")
    until = time.monotonic() + args.max_seconds
    n = 1 + args.participants
    # one thread per protocol phone (the default pool has min(32, cores + 4) threads)
    from concurrent.futures import ThreadPoolExecutor

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=n + 4))
    records = [{"role": "facilitator" if i == 0 else "participant"} for i in range(n)]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium",
                                           args=CHROMIUM_ARGS)
        try:
            facilitator = await browser.new_context(viewport={"width": 1280, "height": 720},
                                                    locale="fr-FR")
            phones = [await browser.new_context(viewport={"width": 390, "height": 844},
                                                locale="fr-FR")
                      for _ in range(args.contexts or args.participants)
                      if args.phones == "chromium"] or [facilitator]
            cpu_start = cpu_seconds(server)
            t0 = time.monotonic() + 0.5
            step = args.within / max(1, n - 1)
            urls = [server.url] + [server.url + args.participant_query] * args.participants
            contexts = [facilitator] + [phones[i % len(phones)] for i in range(args.participants)]
            protocol_phones: list = []
            if args.phones == "protocol":
                # the phones open and play in threads; only the facilitator is drawn
                opened_pages = await asyncio.gather(
                    _open_page(contexts[0], urls[0], t0, args.ready, levers_tab, records[0]),
                    *[asyncio.to_thread(open_protocol_phone, urls[i], t0 + i * step,
                                        records[i]) for i in range(1, n)])
                pages, protocol_phones = opened_pages[:1], opened_pages[1:]
            else:
                pages = await asyncio.gather(*[
                    _open_page(contexts[i], urls[i], t0 + i * step, args.ready, levers_tab,
                               records[i]) for i in range(n)])
            opened = [r for r in records if "tti_s" in r]
            result = {"pages": n, "opened": len(opened),
                      "opened_within_s": round(max(r["started"] for r in records) - t0, 2),
                      "tti_s": sorted(r["tti_s"] for r in opened),
                      "all_interactive_after_s": round(
                          max(r["ready_at"] for r in opened) - t0, 2) if opened else None,
                      "memory_after_open": server.memory()}
            cpu_open, t_open = cpu_seconds(server), time.monotonic()
            result["cpu_s_while_opening"] = _cpu_used(cpu_start, cpu_open, t_open - t0)
            await asyncio.gather(*[
                _click_loop(pages[i], args.clicks, i, records[i], until)
                for i in range(len(pages)) if "error" not in records[i]], *[
                asyncio.to_thread(play_protocol_phone, phone, args.clicks, i + 1, until,
                                  records[i + 1])
                for i, phone in enumerate(protocol_phones) if phone is not None])
            result["memory_after_clicks"] = server.memory()
            result["cpu_s_while_clicking"] = _cpu_used(cpu_open, cpu_seconds(server),
                                                       time.monotonic() - t_open)
        finally:
            await browser.close()
    clicks = [ms for r in records for ms in r.get("click_ms", [])]
    result["click_to_screen_ms"] = _summary(clicks)
    result["click_to_screen_facilitator_ms"] = _summary(records[0].get("click_ms", []))
    # with --phones protocol: until the kernel's update arrives (no drawing)
    result["click_to_screen_phones_ms"] = _summary(
        [ms for r in records[1:] for ms in r.get("click_ms", [])])
    result["lost_clicks"] = sum(r.get("lost_clicks", 0) for r in records)
    result["errors"] = [r["error"] for r in records if "error" in r]
    result["records"] = records
    return result


class ProtocolPhone:
    """A participant's phone reduced to what the server sees (``--phones protocol``).

    It does what Voilà's page does over the network, without drawing anything: ``GET /``
    (the kernel runs or resumes the notebook), the kernel's websocket (Jupyter's v1
    protocol), the widgets' states (``request_states``), then the « Leviers d'action » tab
    and lever clicks (widget updates); a click's time runs until the kernel's update of the
    2050 total arrives. Time to interactive is then the server's share only: in a room,
    each phone draws its own page.
    """

    V1 = "v1.kernel.websocket.jupyter.org"

    def __init__(self, url: str) -> None:
        self.url = url
        self.models: dict[str, dict] = {}  # comm id -> widget state (updates applied)
        self.ws = None

    def _send(self, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        import uuid
        from datetime import UTC, datetime

        from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "phone",
                  "username": "phone", "date": datetime.now(UTC).isoformat(),
                  "version": "5.4"}
        parts = [json.dumps(header).encode(), b"{}", json.dumps(metadata or {}).encode(),
                 json.dumps(content).encode()]
        self.ws.send(serialize_msg_to_ws_v1(parts, "shell"))

    def _receive_until(self, done, timeout_s: float):
        from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                frame = self.ws.recv(timeout=max(0.01, deadline - time.monotonic()))
            except TimeoutError:
                break
            _channel, parts = deserialize_msg_from_ws_v1(frame)
            header, content = json.loads(parts[0]), json.loads(parts[3])
            kind = header["msg_type"]
            if kind == "comm_open" and isinstance(content.get("data"), dict):
                self.models[content["comm_id"]] = dict(content["data"].get("state", {}))
            elif kind == "comm_msg" and content.get("data", {}).get("method") in (
                    "update", "echo_update"):
                self.models.setdefault(content["comm_id"], {}).update(
                    content["data"].get("state", {}))
            if done(kind, content):
                return content
        return None

    def _find(self, test) -> str | None:
        return next((cid for cid, state in self.models.items() if test(state)), None)

    def total(self) -> str | None:
        import html
        import re

        big = self._find(lambda st: 'data-testid="total-2050"' in str(st.get("value", "")))
        if big is None:
            return None
        found = re.search(r'data-testid="total-2050">((?:[^<]|<wbr>)*)<',
                          self.models[big]["value"])
        return html.unescape(found.group(1).replace("<wbr>", "")) if found else None

    def open(self, record: dict) -> None:
        import re
        import uuid

        from websockets.sync.client import connect

        started = time.monotonic()
        with urllib.request.urlopen(self.url, timeout=120) as response:
            record["status"] = response.status
            record["first_byte_s"] = round(time.monotonic() - started, 2)
            page = response.read().decode()
        record["html_loaded_s"] = round(time.monotonic() - started, 2)
        config = re.search(r'<script id="jupyter-config-data" type="application/json">'
                           r"(.*?)</script>", page, re.S)
        kernel = json.loads(config.group(1))["kernelId"]
        ws_url = (f"ws{self.url[4:]}api/kernels/{kernel}/channels?session_id="
                  f"{uuid.uuid4()}")
        self.ws = connect(ws_url, subprotocols=[self.V1], open_timeout=120, max_size=None)
        control = uuid.uuid4().hex
        self._send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                 "data": {}}, {"version": "1.0.0"})
        self._send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        reply = self._receive_until(
            lambda kind, c: kind == "comm_msg" and c["data"].get("method") == "update_states",
            timeout_s=120)
        if reply is None:
            raise TimeoutError("no widget states within 120 s")
        for model_id, model in reply["data"]["states"].items():
            self.models[model_id] = dict(model["state"])
        record["tti_s"] = round(time.monotonic() - started, 2)
        record["ready_at"] = time.monotonic()
        tab = self._find(lambda st: st.get("_model_name") == "TabModel")
        self._send("comm_msg", {"comm_id": tab, "data": {
            "method": "update", "state": {"selected_index": 1}, "buffer_paths": []}})
        self._receive_until(lambda kind, c: self.total() is not None
                            and self._find(self._lever_test(LEVERS[0])) is not None, 60)

    @staticmethod
    def _lever_test(lever: str):
        return lambda st: f"lever-{lever}" in st.get("_dom_classes", ())

    def click(self, lever: str, level: int) -> float | None:
        """Set ``lever`` to ``level``; return the time [ms] until the total changed."""
        toggle = self._find(self._lever_test(lever))
        before = self.total()
        start = time.perf_counter()
        self._send("comm_msg", {"comm_id": toggle, "data": {
            "method": "update", "state": {"index": level}, "buffer_paths": []}})
        done = self._receive_until(lambda kind, c: self.total() != before, timeout_s=10)
        return None if done is None else (time.perf_counter() - start) * 1000

    def session(self) -> str | None:
        import re

        for state in self.models.values():
            found = re.search(r'data-atelier-session="([^"]+)"', str(state.get("value", "")))
            if found:
                return found.group(1)
        return None


def open_protocol_phone(url: str, start_at: float, record: dict) -> ProtocolPhone | None:
    """Open one :class:`ProtocolPhone` at ``start_at`` (in a thread)."""
    time.sleep(max(0.0, start_at - time.monotonic()))
    record["started"] = time.monotonic()
    phone = ProtocolPhone(url)
    try:
        phone.open(record)
    except Exception as exc:  # reported in the results, never hidden
        record["error"] = f"not interactive: {exc!r}"[:200]
        return None
    return phone


def play_protocol_phone(phone: ProtocolPhone, clicks: int, seed: int, until: float,
                        record: dict) -> None:
    """Play ``clicks`` lever clicks, one every 0.7–1.3 s (in a thread)."""
    rng = random.Random(seed)
    levels: dict[str, int] = {}
    record["click_ms"], record["lost_clicks"] = [], 0
    order = rng.sample(LEVERS, len(LEVERS))
    try:
        for i in range(clicks):
            if time.monotonic() > until:
                record["error"] = "stopped by --max-seconds"
                break
            time.sleep(rng.uniform(0.7, 1.3))
            lever = order[i % len(order)]
            level = 0 if levels.get(lever, 0) else 4
            ms = phone.click(lever, level)
            levels[lever] = level
            if ms is None:
                record["lost_clicks"] += 1
            else:
                record["click_ms"].append(ms)
        record["levels"] = {k: v for k, v in levels.items() if v}
        phone._receive_until(lambda kind, c: False, timeout_s=1.0)  # last render, save
        record["final_total"] = phone.total()
        record["session"] = phone.session()
    finally:
        phone.ws.close()


def check_nothing_lost(result: dict, server: Server) -> list[str]:
    """Each page's final total is the model's for its levers; its session holds them."""
    from simulation.formatting import format_co2
    from simulation.metrics import LIVE_DIGITS
    from simulation.model import load_model
    from simulation.store import SqliteSessionStore

    model = load_model()
    store = SqliteSessionStore.in_folder(server.state_dir)
    problems = []
    for i, record in enumerate(result["records"]):
        if "final_total" not in record:
            problems.append(f"page {i}: never played")
            continue
        want = format_co2(model.evaluate(record["levels"]).value(2050), digits=LIVE_DIGITS)
        if record["final_total"] != want:
            problems.append(f"page {i}: total {record['final_total']!r}, model {want!r}")
        saved = store.load(record["session"]) if record["session"] else None
        if saved is None:
            problems.append(f"page {i}: session {record['session']} not saved")
            continue
        team = saved["teams"][saved["active"]]["levels"]
        if {k: v for k, v in team.items() if v} != record["levels"]:
            problems.append(f"page {i}: saved levels differ from the levers played")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=16)
    parser.add_argument("--within", type=float, default=10.0,
                        help="seconds over which the pages' starts are spread")
    parser.add_argument("--clicks", type=int, default=10, help="lever clicks per page")
    parser.add_argument("--contexts", type=int, default=0,
                        help="browser contexts the participants' pages share (default: one "
                        "each; pages sharing a context are background tabs, whose animation "
                        "frames Chromium delays by up to a second)")
    parser.add_argument("--phones", choices=("chromium", "protocol"), default="chromium",
                        help="participants as Chromium pages, or as clients that speak the "
                        "page's protocol without drawing (the server's share alone)")
    parser.add_argument("--serve-args", default="",
                        help='more options of atelier serve, e.g. "--pool-size 17 '
                        '--max-kernels 40"')
    parser.add_argument("--participant-query", default="",
                        help="path and query of the participants' page after the server's "
                        "address (default: the facilitator's dashboard)")
    parser.add_argument("--ready", default=READY_JS, help="JS: true once a page is usable")
    parser.add_argument("--max-seconds", type=float, default=300.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    out: dict = {
        "machine": f"{platform.node()} {os.cpu_count()} cores {platform.processor() or ''}",
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "serve_args": args.serve_args,
        "phones": args.phones,
    }
    with tempfile.TemporaryDirectory(prefix="atelier-room-load-") as folder:
        server = Server(shlex.split(args.serve_args), Path(folder))
        sampler = MemorySampler(server)
        try:
            start = time.monotonic()
            server.wait_ready(timeout_s=min(180.0, args.max_seconds))
            out["server_ready_s"] = round(time.monotonic() - start, 1)
            out["memory_idle"] = server.memory()
            sampler.start()
            result = asyncio.run(run(args, server))
            sampler.done.set()
            sampler.join(timeout=5)
            result["memory_peak"] = sampler.peak
            result["nothing_lost_problems"] = check_nothing_lost(result, server)
            result["room_status_after"] = server.status()
        finally:
            sampler.done.set()
            server.stop()
    records = result.pop("records")
    out.update(result)
    out["tti_by_page_s"] = [r.get("tti_s") for r in records]
    out["first_byte_by_page_s"] = [r.get("first_byte_s") for r in records]
    out["html_loaded_by_page_s"] = [r.get("html_loaded_s") for r in records]
    out["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    out["server_log"] = str(server.log)
    text = json.dumps(out, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0 if not result["nothing_lost_problems"] and not result["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
