"""Dashboard latency measured in Debian's Chromium against a real Voilà (run by hand).

    python benchmarks/dashboard_latency.py [--clicks 30] [--json out.json]

Measures, with ``atelier serve`` itself (on loopback, sessions in a temporary folder):

1. **lever change → screen**: a click on a lever button, then the time until the next
   animation frame where the 2050 total, the trajectory line and the bars of the waterfall
   (HTML, ``[data-testid=waterfall]``) have all changed in the page (``performance.now()``
   in the page, so no Playwright overhead); the total text alone is reported too (the
   round-trip floor of a text update);
2. **time to interactive**: from navigation start until the tabs and the first chart's bars
   are in the page, with a cold kernel (no pool) and with a preheated kernel (pool of 1,
   measured once the pool is filled);
3. **kernel memory**: RSS of the kernel process serving the page, after the clicks.

Not collected by pytest (no ``test_`` prefix): it starts servers and a browser.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

#: JS run in the page: click, then wait for the frame where every watched thing changed.
CLICK_JS = """
async ([lever, level]) => {
  const q = (s) => document.querySelector(s);
  const total = () => q('[data-testid="total-2050"]').innerText;
  const line = () => [...document.querySelectorAll('.atelier-trajectory-line')]
      .map(p => p.getAttribute('points')).join('|');
  const bars = () => [...document.querySelectorAll('[data-testid="waterfall"] .atelier-bar')]
      .map(r => r.getAttribute('style')).join('|');
  const before = [total(), line(), bars()];
  const button = [...document.querySelectorAll('.lever-' + lever + ' button')]
      .find(b => b.innerText.trim() === String(level));
  const t0 = performance.now();
  button.click();
  let tTotal = null;
  return await new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('no update')), 5000);
    const tick = () => {
      const now = performance.now();
      if (tTotal === null && total() !== before[0]) tTotal = now - t0;
      if (total() !== before[0] && line() !== before[1] && bars() !== before[2]) {
        clearTimeout(timeout);
        resolve({all_ms: now - t0, total_ms: tTotal});
      } else {
        requestAnimationFrame(tick);
      }
    };
    requestAnimationFrame(tick);
  });
}
"""

#: JS: 8 clicks in one go on one lever (levels 1,2,3,4,1,2,3,4), then the time of the last
#: change of the 2050 total within 3 s: with the throttle, the screen settles on level 4.
BURST_JS = """
async (lever) => {
  const q = (s) => document.querySelector(s);
  const buttons = [...document.querySelectorAll('.lever-' + lever + ' button')];
  let last = null, changes = 0;
  // the HTML widget replaces its content: watch its container
  const box = q('.atelier-big-box');
  const obs = new MutationObserver(() => { last = performance.now(); changes += 1; });
  obs.observe(box, {childList: true, subtree: true, characterData: true});
  const t0 = performance.now();
  for (const level of [1, 2, 3, 4, 1, 2, 3, 4]) {
    buttons.find(b => b.innerText.trim() === String(level)).click();
  }
  await new Promise(r => setTimeout(r, 3000));
  obs.disconnect();
  return {settle_ms: last === null ? null : last - t0, total_changes: changes,
          final: q('[data-testid="total-2050"]').innerText};
}
"""

READY_JS = """
() => document.querySelectorAll('.atelier .lm-TabBar-tab').length >= 4 &&
      document.querySelectorAll('.atelier .atelier-chart .atelier-bar').length > 0
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``atelier serve`` on a free loopback port, sessions in a temporary folder."""

    def __init__(self, pool_size: int) -> None:
        self.port = _free_port()
        self.log = Path(tempfile.gettempdir()) / f"atelier-bench-voila-{self.port}.log"
        self.state = tempfile.TemporaryDirectory(prefix="atelier-bench-")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "simulation", "serve", "--no-browser", "--host",
             "127.0.0.1", "--port", str(self.port), "--pool-size", str(pool_size),
             "--state-dir", self.state.name],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}/"

    def wait_http(self, timeout_s: float = 120.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "atelier/api/status", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"no answer from {self.url}; see {self.log}")

    def wait_log(self, text: str, timeout_s: float = 120.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            time.sleep(0.1)
        raise RuntimeError(f"{text!r} not in {self.log}")

    def kernels(self) -> list[psutil.Process]:
        return [p for p in psutil.Process(self.proc.pid).children(recursive=True)
                if "ipykernel" in " ".join(p.cmdline())]

    def wait_pool_ready(self, timeout_s: float = 120.0) -> None:
        """Wait until every kernel is idle: the pooled one has run the notebook up to the
        query string (the "filled" log line comes when it starts, not when it is ready)."""
        self.wait_log("is filled with")
        deadline = time.monotonic() + timeout_s
        quiet = 0
        while quiet < 3 and time.monotonic() < deadline:
            kernels = self.kernels()
            busy = any(k.cpu_percent(interval=0.3) > 5 for k in kernels)
            quiet = 0 if busy or not kernels else quiet + 1

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.state.cleanup()


def time_to_interactive(browser, url: str) -> float:
    """Seconds from navigation start to tabs + first chart's bars in the page."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    start = time.perf_counter()
    page.goto(url, timeout=120_000)
    page.wait_for_function(READY_JS, timeout=120_000, polling=20)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    out: dict = {
        "machine": f"{platform.node()} {os.cpu_count()} cores {platform.processor() or ''}",
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        out["chromium"] = browser.version

        # cold: no pool, every page starts and runs a new kernel
        cold = Server(pool_size=0)
        try:
            cold.wait_http()
            out["tti_cold_s"] = [round(time_to_interactive(browser, cold.url), 2)
                                 for _ in range(3)]
        finally:
            cold.stop()

        warm = Server(pool_size=1)
        try:
            out["tti_preheated_s"] = []
            for _ in range(3):
                warm.wait_pool_ready()  # the pool refills in the background after each page
                out["tti_preheated_s"].append(round(time_to_interactive(browser, warm.url), 2))

            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(warm.url, timeout=120_000)
            page.wait_for_function(READY_JS, timeout=120_000)
            page.locator(".atelier .lm-TabBar-tab", has_text="Leviers d'action").click()
            page.locator('[data-testid="total-2050"]').wait_for()
            page.wait_for_timeout(1000)
            # levers with a large effect, toggled 4 <-> 0: every click changes the total
            # (3 significant figures), the trajectory and the waterfall
            levers = ["velo_marche", "covoiturage", "moins_avion", "voiture_electrique",
                      "transports_en_commun"]
            all_ms, total_ms = [], []
            for i in range(args.clicks + 3):
                lever = levers[i % len(levers)]
                level = 4 if (i // len(levers)) % 2 == 0 else 0
                r = page.evaluate(CLICK_JS, [lever, level])
                if i >= 3:  # warm-up clicks are not counted
                    all_ms.append(r["all_ms"])
                    total_ms.append(r["total_ms"])
                page.wait_for_timeout(250)  # a facilitator's pace: leading edge each time
            out["clicks"] = len(all_ms)
            for name, values in (("lever_to_screen_ms", all_ms), ("lever_to_total_ms",
                                                                  total_ms)):
                values = sorted(values)
                out[name] = {
                    "median": round(statistics.median(values), 1),
                    "p95": round(values[max(0, round(0.95 * len(values)) - 1)], 1),
                    "max": round(values[-1], 1),
                }
            bursts = [page.evaluate(BURST_JS, "teletravail") for _ in range(3)]
            out["burst_8_clicks"] = bursts
            rss = {p.pid: p.memory_info().rss for p in warm.kernels()}
            out["kernel_rss_mb"] = sorted(round(v / 2**20) for v in rss.values())
            page.close()
        finally:
            warm.stop()
        browser.close()
    text = json.dumps(out, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
