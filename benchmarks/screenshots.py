"""Screenshots of the dashboards at the four screen sizes of a workshop (run by hand).

    python benchmarks/screenshots.py [--out screenshots-tmp] [--dashboard atelier]
                                     [--sizes phone,laptop] [--projection]

Starts the dashboard like ``atelier serve`` (real Voilà, tracebacks off), opens it in
Debian's Chromium at 390×844 (phone), 1024×768 (old projector), 1280×720 and 1920×1080,
clicks through the tabs (with a few levers played and a card game revealed, so charts have
something to show) and writes one full-page PNG per tab and size. The awareness game
(``--dashboard prise-de-conscience``) is shot screen by screen, before and after each
reveal. Look at them before shipping a screen change. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulation.ui.serve import ServeOptions, voila_argv, voila_env

SIZES = {"phone": (390, 844), "projector": (1024, 768), "laptop": (1280, 720),
         "fullhd": (1920, 1080)}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url}")


CONTENT_HEIGHT_JS = """() => Math.max(document.documentElement.scrollHeight,
  ...Array.from(document.querySelectorAll('*'))
    .filter(el => el.scrollHeight > el.clientHeight + 1
                  && ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))
    .map(el => el.scrollHeight + el.getBoundingClientRect().top))"""


def screenshot(page, path: Path) -> None:
    """A PNG of the whole content, even when it scrolls inside a box (Voilà's page):
    the window is made as tall as the content for the shot, then put back."""
    size = page.viewport_size
    height = int(page.evaluate(CONTENT_HEIGHT_JS))
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height + 8})
        page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def shoot_awareness(page, out: Path, prefix: str, name: str) -> list[Path]:
    """The awareness game: each screen, and the first two again after their reveal."""
    files = []
    steps = page.locator(".atelier-awareness-steps button")
    for i in range(steps.count()):
        steps.nth(i).click()
        page.wait_for_timeout(1200)
        shots = [""]
        if page.locator(".atelier-reveal:visible").count():
            shots.append("-revealed")
        for suffix in shots:
            if suffix:
                if i == 0:  # the room's answers for the first two curves
                    for k in range(2):
                        page.locator(f".atelier-guess-{k} select").select_option(index=k + 1)
                        page.wait_for_timeout(400)
                page.locator(".atelier-reveal:visible").first.click()
                page.wait_for_timeout(1200)
            path = out / f"{prefix}-{name}-screen{i + 1}{suffix}.png"
            screenshot(page, path)
            files.append(path)
    return files


def shoot(url: str, out: Path, prefix: str, query: str = "", sizes=None,
          projection: bool = False) -> list[Path]:
    """Open ``url`` at every size and save one PNG per tab; return the files.

    ``sizes``: names of :data:`SIZES` (default: all); ``projection``: click « Grand écran »
    first (the facilitator's dashboard).
    """
    from playwright.sync_api import sync_playwright

    files = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, (width, height) in SIZES.items():
            if sizes and name not in sizes:
                continue
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(url + query, timeout=120_000)
            page.wait_for_selector(".atelier", timeout=120_000)
            page.wait_for_timeout(1500)
            if page.locator(".atelier-awareness-steps").count():
                files += shoot_awareness(page, out, prefix, name)
                page.close()
                continue
            if projection:
                page.locator("button:has-text('Grand écran')").click()
                page.wait_for_timeout(800)
                name = f"{name}-grand-ecran"
            tabs = page.locator(".lm-TabBar-tab")
            if not tabs.count():  # the public page: steps with a « Suivant » button
                for i in range(5):
                    if i == 1:
                        page.locator(".atelier-choices button").nth(1).click()
                        page.wait_for_timeout(800)
                    path = out / f"{prefix}-{name}-step{i + 1}.png"
                    screenshot(page, path)
                    files.append(path)
                    if i < 4:
                        page.locator("button:has-text('Suivant')").click()
                    page.wait_for_timeout(1200)
                page.close()
                continue
            for i in range(tabs.count()):
                tabs.nth(i).click()
                page.locator(".atelier .atelier-chart >> visible=true").first.wait_for(
                    timeout=60_000)
                page.wait_for_timeout(1200)
                if i == 0 and page.locator("button:has-text('Tirer')").count():
                    page.locator("button:has-text('Tirer')").first.click()
                    page.wait_for_timeout(600)
                    page.locator("button:has-text('Révéler')").first.click()
                    page.wait_for_timeout(800)
                path = out / f"{prefix}-{name}-tab{i + 1}.png"
                screenshot(page, path)
                files.append(path)
            page.close()
        browser.close()
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots-tmp")
    parser.add_argument("--dashboard", default="atelier")
    parser.add_argument("--query", default="", help="query string, e.g. ?code=…")
    parser.add_argument("--sizes", default="", help="comma-separated names of SIZES "
                        f"({', '.join(SIZES)}); default: all")
    parser.add_argument("--projection", action="store_true",
                        help="« Grand écran » mode (the facilitator's dashboard)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    options = ServeOptions(host="127.0.0.1", port=port, open_browser=False, pool_size=0,
                           dashboard=args.dashboard)
    proc = subprocess.Popen([sys.executable, "-m", "voila", *voila_argv(options)],
                            env={**voila_env(), "PYTHONUNBUFFERED": "1"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait(url)
        sizes = [n for n in args.sizes.split(",") if n]
        for path in shoot(url, out, args.dashboard, args.query, sizes, args.projection):
            print(path)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
