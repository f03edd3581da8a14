"""Screenshots of a live room for ``docs/tableau-de-bord.md`` (run by hand).

    python benchmarks/live_room_screenshots.py [--out docs/img]

Starts ``atelier serve --room --host 127.0.0.1`` in a temporary session folder, opens the
facilitator's page (1280×720) and three phones (390×844) in Debian's Chromium, plays a
« set » round, then a « vote » round, reveals it, and writes:

``salle-projection.png``          the projected dashboard with the « Salle en direct » panel
``salle-telephone-rejoindre.png`` a phone joining
``salle-telephone-manche.png``    a phone during a « set » round
``salle-telephone-vote.png``      a phone during a « vote » round
``salle-animation-votes.png``     the panel during the vote (votes per lever)
``salle-telephone-resultats.png`` a phone once the round is revealed

Loopback only; stops by itself. Look at the pictures before committing them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_log(log: Path, pattern: str, timeout_s: float = 180) -> re.Match:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = re.search(pattern, log.read_text(errors="replace"))
        if found:
            return found
        time.sleep(0.2)
    raise RuntimeError(f"{pattern!r} not in {log}")


def _phone(browser, url: str, pseudonym: str, team: int | None = None):
    page = browser.new_context(viewport=PHONE, locale="fr-FR", device_scale_factor=1).new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.fill('[data-testid="join-pseudonym"]', pseudonym)
    page.click('[data-testid="join"]')
    page.locator('[data-testid="status"]').wait_for()
    if team is not None:
        page.select_option('[data-testid="team-select"]', str(team))
        page.wait_for_function(
            "team => document.querySelector('[data-testid=\"team-select\"]').value === team "
            "&& document.querySelector('[data-testid=\"team-card\"]')", arg=str(team))
        time.sleep(0.5)
    return page


def _tap(page, nth_lever: int, level: int) -> None:
    page.locator("[data-lever]").nth(nth_lever).locator(f'button[data-level="{level}"]').click()
    time.sleep(0.4)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    state = Path(tempfile.mkdtemp(prefix="atelier-room-shots-"))
    log = state / "serve.log"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["PYTHONUNBUFFERED"] = "1"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "simulation", "serve", "--room", "--host", "127.0.0.1",
             "--port", str(port), "--no-browser", "--pool-size", "1", "--room-teams", "3",
             "--state-dir", str(state)], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        facilitator_url = _wait_log(log, r"Animation[^:]*: (\S+)").group(1)
        phone_url = _wait_log(log, r"Téléphones des participants : (\S+)").group(1)
        _wait_log(log, "is filled with")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            screen = browser.new_page(viewport={"width": 1280, "height": 720})
            screen.set_default_timeout(180_000)
            screen.goto(facilitator_url)
            screen.locator('[data-testid="room-status"]').wait_for()

            camille = browser.new_context(viewport=PHONE, locale="fr-FR").new_page()
            camille.goto(phone_url)
            camille.fill('[data-testid="join-pseudonym"]', "Camille")
            camille.screenshot(path=str(args.out / "salle-telephone-rejoindre.png"))
            camille.click('[data-testid="join"]')
            camille.locator('[data-testid="status"]').wait_for()
            camille.fill('[data-testid="team-name"]', "Les Gazelles")
            camille.get_by_role("button", name="Renommer").click()
            camille.locator('[data-testid="team-name-title"]', has_text="Les Gazelles").wait_for()
            sam = _phone(browser, phone_url, "Sam", team=0)
            ines = _phone(browser, phone_url, "Inès")
            _phone(browser, phone_url, "Hugo")

            screen.get_by_role("button", name="Ouvrir la manche 1").click()
            camille.locator('[data-status="open"]').wait_for()
            for page, lever, level in ((camille, 0, 2), (sam, 1, 3), (ines, 0, 4), (camille, 3, 1)):
                _tap(page, lever, level)
            camille.locator('[data-lever] button[data-level="3"][aria-pressed="true"]').wait_for()
            time.sleep(1.0)
            camille.evaluate("window.scrollTo(0, 0)")
            camille.screenshot(path=str(args.out / "salle-telephone-manche.png"))
            screen.locator('[data-testid="room-total-0"]').wait_for()
            time.sleep(1.0)
            screen.screenshot(path=str(args.out / "salle-projection.png"))

            screen.get_by_role("button", name="Voter").click()
            screen.get_by_role("button", name="Ouvrir la manche 2").click()
            camille.locator('[data-status="open"][data-mode="vote"]').wait_for()
            for page, lever, level in ((camille, 0, 3), (sam, 0, 3), (camille, 2, 2), (sam, 2, 1),
                                       (ines, 0, 1)):
                _tap(page, lever, level)
            time.sleep(1.0)
            camille.evaluate("document.querySelector('[data-testid=\"levers\"]')"
                             ".scrollIntoView()")
            camille.evaluate("window.scrollBy(0, -110)")  # the status under the sticky bar
            camille.screenshot(path=str(args.out / "salle-telephone-vote.png"))
            screen.locator('[data-testid="room-votes-0"]').wait_for()
            time.sleep(1.0)
            screen.locator('[data-testid="room-teams"]').scroll_into_view_if_needed()
            screen.screenshot(path=str(args.out / "salle-animation-votes.png"))

            screen.locator(".atelier-room-action", has_text="Révéler").click()
            camille.locator('[data-testid="results"]').wait_for()
            camille.evaluate("window.scrollTo(0, 0)")
            time.sleep(0.5)
            camille.screenshot(path=str(args.out / "salle-telephone-resultats.png"))
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(state, ignore_errors=True)
    for name in sorted(p.name for p in args.out.glob("salle-*.png")):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
