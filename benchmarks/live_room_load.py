"""Load test of the live room: 16 phones × 50 changes against a real ``atelier serve --room``.

    python benchmarks/live_room_load.py [--participants 16] [--changes 50] [--json out.json]

Bounded and self-stopping, loopback only (127.0.0.1): it starts ``atelier serve --room
--host 127.0.0.1`` (no traceback, one preheated kernel) in a temporary session folder,
opens the facilitator's page in Debian's Chromium (headless, 1280×720), then runs the
participants as concurrent Python HTTP clients (a thread each for its changes and one
for its long-poll of the state, as a phone does). Half of each participant's changes go to
a « set » round, half to a « vote » round (each round opened and locked through the
facilitator's API).

Measured:

1. **no change lost**: in the « set » round, each team's frozen levels are exactly, lever by
   lever, its last acknowledged change (changes are ordered by the version the server
   answered); in the « vote » round, every participant's ballot is exactly its last vote of
   each lever; every change has its own version and its event;
2. **change → facilitator's screen**: in the facilitator's page a ``MutationObserver``
   records when each room version is first displayed (``data-room-version`` of the panel,
   wall clock ``Date.now()``); the latency of a change is that moment for the first version
   at or above the change's version, minus the moment the phone sent it (same machine,
   same clock); p50, p95, max and the number of changes shown later than 2 s;
3. **memory**: RSS of the server process and of its kernels (the facilitator's and the
   preheated one), summed (psutil), and the same as PSS (shared pages counted once),
   sampled every 0.5 s; the peak and the value at the end.

Not collected by pytest (no ``test_`` prefix). About 40 s on an idle 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: Hard limit of the whole run [s]: everything stops after it.
DEADLINE_S = 600
#: Pause of a phone between two changes [s] (uniform): a person taps about every 0.3 s at
#: most, and the API allows 5 changes per second per phone.
PAUSE_S = (0.1, 0.5)

#: Installed in the facilitator's page: the wall-clock time each room version is shown.
OBSERVE_JS = """
() => {
  window.__seen = {};
  const record = () => {
    const el = document.querySelector('[data-room-version]');
    if (!el) return;
    const v = el.getAttribute('data-room-version');
    if (!(v in window.__seen)) window.__seen[v] = Date.now();
  };
  new MutationObserver(record).observe(document.body,
      {subtree: true, childList: true, attributes: true, characterData: true});
  record();
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``atelier serve --room`` on loopback, in a temporary session folder."""

    def __init__(self) -> None:
        self.port = free_port()
        self.state = Path(tempfile.mkdtemp(prefix="atelier-bench-room-"))
        self.log = self.state / "serve.log"
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
        env["PYTHONUNBUFFERED"] = "1"
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "simulation", "serve", "--room", "--host", "127.0.0.1",
                 "--port", str(self.port), "--no-browser", "--pool-size", "1",
                 "--state-dir", str(self.state)],
                env=env, stdout=out, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}/"

    def wait_text(self, pattern: str, timeout_s: float = 120) -> re.Match:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"atelier serve stopped: {self.log.read_text()[-2000:]}")
            found = re.search(pattern, self.log.read_text(errors="replace"))
            if found:
                return found
            time.sleep(0.2)
        raise RuntimeError(f"{pattern!r} not in {self.log}")

    def processes(self) -> list[psutil.Process]:
        root = psutil.Process(self.proc.pid)
        return [root, *[p for p in root.children(recursive=True)
                        if "ipykernel" in " ".join(p.cmdline())]]

    def memory(self) -> tuple[float, float, int]:
        """(RSS summed, PSS summed [MB], number of kernels)."""
        rss = pss = 0.0
        procs = self.processes()
        for p in procs:
            try:
                info = p.memory_full_info()
            except psutil.Error:
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        return rss / 1e6, pss / 1e6, len(procs) - 1

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.state, ignore_errors=True)


class Client:
    """One HTTP/1.1 connection to the server (keep-alive), JSON in and out."""

    def __init__(self, port: int, token: str = "", key: str = "") -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.token, self.key = token, key

    def call(self, method: str, path: str, body=None) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["X-Atelier-Token"] = self.token
        if self.key:
            headers["X-Atelier-Key"] = self.key
        data = None if body is None else json.dumps(body)
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                return response.status, json.loads(response.read() or b"{}")
            except (http.client.HTTPException, ConnectionError):
                if attempt:
                    raise
                self.conn.close()  # a keep-alive connection the server closed: once more
        raise AssertionError("unreachable")


#: The server of the current run, stopped by :func:`abort` when the deadline passes.
RUNNING: list[Server] = []


def abort() -> None:
    """The run took longer than :data:`DEADLINE_S`: stop the server, then exit (status 3)."""
    for server in RUNNING:
        server.stop()
    print(f"arrêté : plus de {DEADLINE_S} s", file=sys.stderr)
    os._exit(3)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def run(participants: int, changes: int, seed: int) -> dict:
    from playwright.sync_api import sync_playwright

    from simulation.live.store import RoomStore
    from simulation.model import load_model

    start_all = time.monotonic()
    lever_ids = load_model().lever_ids
    server = Server()
    RUNNING.append(server)
    out: dict = {
        "participants": participants, "changes_per_participant": changes,
        "machine": f"{platform.node()} {os.cpu_count()} cores", "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    samples: list[tuple[float, float, int]] = []
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.wait(0.5):
            with contextlib.suppress(psutil.Error):
                samples.append(server.memory())

    try:
        code = server.wait_text(r"Salle en direct ouverte : code (\S+)").group(1)
        facilitator_url = server.wait_text(r"Animation[^:]*: (\S+)").group(1).replace(
            "localhost", "127.0.0.1")
        secret = re.search(r"cle=([^&\s]+)", facilitator_url).group(1)
        server.wait_text("is filled with")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(facilitator_url, timeout=180_000)
            page.wait_for_selector("[data-room-version]", timeout=180_000)
            page.evaluate(OBSERVE_JS)
            memory_idle = server.memory()
            admin = Client(server.port, key=secret)

            # phones join
            tokens, teams = [], []
            for i in range(participants):
                status, data = Client(server.port).call(
                    "POST", "/salle/api/join", {"code": code, "pseudonym": f"P{i + 1}",
                                                "team": i % 4})
                assert status == 201, data
                tokens.append(data["token"])
                teams.append(data["state"]["me"]["team"])

            acks: list[tuple[int, float, int, int, str, int, str]] = []
            lock = threading.Lock()
            refused: list[tuple[int, dict]] = []
            stop_polls = threading.Event()

            def poll(i: int) -> None:
                client, since = Client(server.port, tokens[i]), -1
                while not stop_polls.is_set():
                    try:
                        status, data = client.call("GET", f"/salle/api/state?since={since}")
                    except (OSError, http.client.HTTPException):
                        return  # the server stopped at the end of the run
                    if status == 200:
                        since = data["version"]
                    else:
                        time.sleep(0.5)

            def play(i: int, mode: str, n: int) -> None:
                client = Client(server.port, tokens[i])
                rng = random.Random(f"{seed}-{mode}-{i}")
                for _ in range(n):
                    time.sleep(rng.uniform(*PAUSE_S))
                    lever, level = rng.choice(lever_ids), rng.randint(0, 4)
                    sent = time.time()
                    status, data = client.call("POST", "/salle/api/change",
                                               {"lever": lever, "level": level})
                    if status != 200:
                        refused.append((status, data))
                        continue
                    with lock:
                        acks.append((data["version"], sent, i, teams[i], lever, level, mode))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            pollers = [threading.Thread(target=poll, args=(i,), daemon=True)
                       for i in range(participants)]
            for thread in pollers:
                thread.start()
            rounds = {}
            for mode, n in (("set", changes // 2), ("vote", changes - changes // 2)):
                status, data = admin.call("POST", "/salle/api/admin/action",
                                          {"code": code, "action": "open", "mode": mode})
                assert status == 200, data
                rounds[mode] = data["overview"]["round"]
                players = [threading.Thread(target=play, args=(i, mode, n))
                           for i in range(participants)]
                for thread in players:
                    thread.start()
                for thread in players:
                    thread.join(timeout=DEADLINE_S - (time.monotonic() - start_all))
                time.sleep(2.5)  # let the facilitator's page show the last changes
                status, data = admin.call("POST", "/salle/api/admin/action",
                                          {"code": code, "action": "lock"})
                assert status == 200, data
            stop_polls.set()
            sampling.set()
            memory_end = server.memory()
            seen = {int(v): t / 1000.0 for v, t in page.evaluate("window.__seen").items()}
            browser.close()

        # -- no change lost -------------------------------------------------------------
        store = RoomStore.in_folder(server.state)
        snap = store.snapshot(code)
        results = {r.number: r.results for r in snap.rounds}
        expected_set: dict[int, dict[str, int]] = {t: {} for t in range(4)}
        expected_votes: dict[int, dict[str, int]] = {}
        for _version, _sent, i, team, lever, level, mode in sorted(acks):
            if mode == "set":
                expected_set[team][lever] = level
            else:
                expected_votes.setdefault(i + 1, {})[lever] = level
        lost = []
        for entry in results[rounds["set"]]["teams"]:
            want = {k: v for k, v in expected_set[entry["team"]].items() if v}
            if entry["levels"] != want:
                lost.append(f"set round, team {entry['team'] + 1}: {entry['levels']} != {want}")
        # each participant's last vote of each lever, from the votes table
        import sqlite3

        with sqlite3.connect(store.path) as db:
            rows = db.execute("SELECT participant, lever, level FROM room_votes WHERE room = ? "
                              "AND round = ?", (code, rounds["vote"])).fetchall()
        found_votes: dict[int, dict[str, int]] = {}
        for pid, lever, level in rows:
            found_votes.setdefault(pid, {})[lever] = level
        if found_votes != expected_votes:
            lost.append("vote round: ballots differ from the last votes sent")
        events = [e for e in store.events(code) if e["kind"] in ("set", "vote")]
        versions = [a[0] for a in acks]
        out["changes_acknowledged"] = len(acks)
        out["changes_refused"] = len(refused)
        out["refused_examples"] = refused[:3]
        out["distinct_versions"] = len(set(versions))
        out["events_recorded"] = len(events)
        out["lost"] = lost

        # -- change → facilitator's screen ----------------------------------------------------
        shown = sorted(seen.items())
        latencies, late = [], 0
        for version, sent, *_ in acks:
            first = next((t for v, t in shown if v >= version), None)
            if first is None:
                late += 1
                continue
            latencies.append(first - sent)
            late += first - sent > 2.0
        out["versions_shown_by_the_facilitator"] = len(shown)
        out["latency_s"] = {
            "p50": round(statistics.median(latencies), 3),
            "p95": round(percentile(latencies, 95), 3),
            "max": round(max(latencies), 3), "n": len(latencies),
        }
        out["changes_shown_after_2s_or_never"] = late

        # -- memory ------------------------------------------------------------------------
        peak = max(samples or [memory_end], key=lambda s: s[0])
        out["memory_mb"] = {
            "idle_rss": round(memory_idle[0]), "idle_pss": round(memory_idle[1]),
            "peak_rss": round(peak[0]), "peak_pss": round(max(s[1] for s in samples or [peak])),
            "end_rss": round(memory_end[0]), "end_pss": round(memory_end[1]),
            "kernels": memory_end[2],
            "server_rss_end": round(psutil.Process(server.proc.pid).memory_info().rss / 1e6),
        }
        out["duration_s"] = round(time.monotonic() - start_all, 1)
    finally:
        sampling.set()
        server.stop()
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=16)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not 1 <= args.participants <= 64 or not 2 <= args.changes <= 500:
        parser.error("--participants 1..64, --changes 2..500")
    timer = threading.Timer(DEADLINE_S, abort)  # the whole run is bounded
    timer.daemon = True
    timer.start()
    out = run(args.participants, args.changes, args.seed)
    timer.cancel()
    print(json.dumps(out, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if out["lost"] or out["changes_refused"] else 0


if __name__ == "__main__":
    sys.exit(main())
