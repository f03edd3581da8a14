"""Memory and time to interactive of the public dashboard on the Binder-like image (by hand).

    python benchmarks/binder_footprint.py [--opens 3] [--json out.json]

Builds the image as tests/deploy/ does (a fresh environment from binder/requirements.txt,
``binder/postBuild``; the wheel cache makes it quick once warm), starts the server as
Binder does (``jupyter-notebook`` with BinderHub's arguments and the installed
configuration), then opens the dashboard ``--opens`` times in Debian's Chromium, one page
after the other (a new kernel each time, as for each visitor), and reports:

1. **time to interactive** [s]: from navigation start until the public page's first step
   can be used (« Suivant »), or, for the facilitator's dashboard, until a lever click has
   changed the 2050 total (cold kernel: Binder has no preheated kernels);
2. **kernel memory** [MB]: RSS of the page's kernel once the lever has been clicked;
3. **server memory** [MB]: RSS of the Jupyter server process with one page open.

Not collected by pytest (no ``test_`` prefix). Run it on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.deploy.conftest import (
    BASE_ENVIRONMENT,
    BINDER_REQUIREMENTS,
    ROOT,
    ensure_build_wheels,
    free_port,
    image_env,
    in_chromium,
    pip_install,
    repository_files,
    running,
    wait_http,
)
from tests.deploy.test_binder import BASE_URL, binder_args, dashboard_urlpath

TOTAL = '[data-testid="total-2050"]'


def build(folder: Path) -> tuple[Path, Path, dict]:
    """Build the image in ``folder``; return (prefix, home, env)."""
    import shutil
    import subprocess

    prefix, home, log = folder / "srv" / "notebook", folder / "home" / "jovyan", folder / "log"
    env = image_env(prefix, home)
    subprocess.run([sys.executable, "-m", "venv", str(prefix)], check=True)
    pip_install(prefix / "bin" / "python", [BASE_ENVIRONMENT], log, env)
    pip_install(prefix / "bin" / "python", [BINDER_REQUIREMENTS], log, env)
    ensure_build_wheels(prefix / "bin" / "python", log, env)
    # pip on Binder compiles the bytecode of every package it installs; the test image skips
    # it (uv, pip --no-compile) for speed: compile here, or the first page measures that
    subprocess.run([str(prefix / "bin" / "python"), "-m", "compileall", "-q", "-j", "0",
                    str(prefix / "lib")], check=False, stdout=subprocess.DEVNULL)
    for name in repository_files():
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, home / name)
    from tests.deploy.conftest import wheelhouse

    with open(log, "ab") as out:
        subprocess.run(["./binder/postBuild"], cwd=home, check=True, stdout=out, stderr=out,
                       env={**env, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse())})
    return prefix, home, env


def kernels(server: psutil.Process) -> list[psutil.Process]:
    return [p for p in server.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opens", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="binder-footprint-") as tmp:
        t0 = time.monotonic()
        prefix, home, env = build(Path(tmp))
        build_s = time.monotonic() - t0
        port, token = free_port(), secrets.token_hex(16)
        argv = [prefix / "bin" / "jupyter-notebook", *binder_args(port, token)]
        if os.geteuid() == 0:
            argv.append("--allow-root")
        with running(argv, Path(tmp) / "server.log", cwd=home, env=env) as proc:
            origin = f"http://127.0.0.1:{port}"
            wait_http(f"{origin}{BASE_URL}api", proc, timeout_s=60, what="jupyter-notebook")
            server = psutil.Process(proc.pid)
            url = f"{origin}{BASE_URL}{dashboard_urlpath()}?token={token}"
            runs = []
            for _ in range(args.opens):
                earlier = {k.pid for k in kernels(server)}

                def work(browser, earlier=earlier):
                    page = browser.new_page(viewport={"width": 1280, "height": 720})
                    page.set_default_timeout(120_000)
                    start = time.monotonic()
                    page.goto(url)
                    if "decouverte" in url:  # the public page: interactive at its first step
                        step = page.locator(".atelier-public-nav button", has_text="Suivant")
                        step.wait_for()
                        tti = time.monotonic() - start
                        step.click()
                        step.click()  # step 3, the levers
                    else:
                        page.locator(".atelier .lm-TabBar-tab", has_text="Leviers d'action").click()
                    before = page.locator(TOTAL).inner_text()
                    page.locator(".lever-covoiturage button", has_text="4").click()
                    page.wait_for_function(
                        "([s, o]) => document.querySelector(s).innerText !== o",
                        arg=[TOTAL, before])
                    if "decouverte" not in url:
                        tti = time.monotonic() - start
                    rss = [k.memory_info().rss for k in kernels(server) if k.pid not in earlier]
                    server_rss = server.memory_info().rss
                    page.goto("about:blank")  # as a closed tab: Voilà stops the kernel
                    page.wait_for_timeout(2000)
                    page.close()
                    return tti, rss, server_rss

                tti, rss, server_rss = in_chromium(work)
                time.sleep(1)
                runs.append({"tti_s": round(tti, 2), "kernel_rss_mb": round(max(rss) / 1e6, 1),
                             "server_rss_mb": round(server_rss / 1e6, 1),
                             "kernels_left": len(kernels(server))})
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_1min": os.getloadavg()[0]},
        "image_build_s": round(build_s, 1),
        "runs": runs,
        "tti_median_s": statistics.median(r["tti_s"] for r in runs),
        "kernel_rss_median_mb": statistics.median(r["kernel_rss_mb"] for r in runs),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
