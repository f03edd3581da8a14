"""Deployment harness: the Binder image and a JupyterHub, rebuilt from the repository's files.

The Binder image is built the way repo2docker builds it, without Docker:

1. a fresh virtual environment stands for ``${NB_PYTHON_PREFIX}``; it receives a stand-in
   for repo2docker's base environment (``repo2docker-base.txt``), then
   ``binder/requirements.txt``, in two steps as repo2docker does;
2. the repository's files are copied into a temporary ``$HOME`` (repo2docker's
   ``REPO_DIR`` is the home folder), and ``binder/postBuild`` runs there with repo2docker's
   variables (``NB_PYTHON_PREFIX``, ``HOME``, ``REPO_DIR``, ``NB_USER``…).

The same environment serves the JupyterHub test (its users' servers are this image, as on
Kubernetes), with ``deploy/jupyterhub/requirements.txt`` added.

Packages are installed with uv (a test dependency: it resolves the same pinned files and
downloads in parallel, about ten seconds on a new machine instead of several minutes with
pip, and it keeps its own cache); without uv, from a wheel cache
(``~/.cache/atelier-transition/wheelhouse``, or ``$ATELIER_WHEELHOUSE``) filled by pip from
the package index on first use. ``binder/postBuild`` itself runs with pip, as on Binder.

Chromium runs in a worker thread with its own Playwright: the end-to-end tests keep a
session-wide Playwright in the main thread, and Playwright refuses a second one there.
"""

from __future__ import annotations

import ast
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..e2e.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BASE_ENVIRONMENT = HERE / "repo2docker-base.txt"
BINDER_REQUIREMENTS = ROOT / "binder" / "requirements.txt"
HUB_REQUIREMENTS = ROOT / "deploy" / "jupyterhub" / "requirements.txt"
SERVER_CONFIG = ROOT / "deploy" / "jupyter_server_config.py"
HUB_CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
#: Build requirements of pyproject.toml, for postBuild's ``pip install -e .`` offline.
BUILD_REQUIREMENTS = ("setuptools>=68", "wheel")
#: Bound on one pip command [s] (a cold cache downloads about 200 MB).
PIP_TIMEOUT_S = 900


def config_constant(path: Path, name: str):
    """Return the literal value assigned to ``name`` at the top level of a config file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise LookupError(f"{path}: no top-level assignment to {name}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wheelhouse() -> Path:
    """Folder of cached wheels shared by every run on this machine."""
    folder = os.environ.get("ATELIER_WHEELHOUSE")
    if folder:
        return Path(folder)
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "atelier-transition" / "wheelhouse"


def _run(argv, log: Path, **kwargs) -> subprocess.CompletedProcess:
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(map(str, argv))}\n".encode())
        out.flush()
        return subprocess.run(
            [str(a) for a in argv], stdout=out, stderr=subprocess.STDOUT,
            timeout=PIP_TIMEOUT_S, check=False, **kwargs,
        )


def pip_install(python: Path, requirements: list, log: Path, env: dict) -> None:
    """Install requirement files into the environment of ``python`` (uv, else pip).

    Raises
    ------
    RuntimeError
        The install failed (the log file says why).
    """
    uv = shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))
    if uv:
        uv_env = {**env, "UV_CACHE_DIR": os.environ.get(
            "UV_CACHE_DIR", str(Path.home() / ".cache" / "uv"))}
        reqs = [arg for path in requirements for arg in ("-r", path)]
        argv = [uv, "pip", "install", "--python", python, "--no-progress", *reqs]
        if _run(argv, log, env=uv_env).returncode == 0:
            return
    cache = wheelhouse()
    cache.mkdir(parents=True, exist_ok=True)
    reqs = [arg for path in requirements for arg in ("-r", path)]
    # --no-compile: Python compiles what it imports anyway; compiling every file of
    # JupyterLab, matplotlib… up front would double the install time
    install = [python, "-m", "pip", "install", "--no-input", "--no-compile", "--no-index",
               "--find-links", cache]
    if _run([*install, *reqs], log, env=env).returncode == 0:
        return
    fill = [python, "-m", "pip", "wheel", "--no-input", "--find-links", cache, "--wheel-dir", cache]
    if _run([*fill, *reqs], log, env=env).returncode != 0:
        raise RuntimeError(f"pip could not fetch {requirements}; see {log}")
    if _run([*install, *reqs], log, env=env).returncode != 0:
        raise RuntimeError(f"pip could not install {requirements}; see {log}")


def ensure_build_wheels(python: Path, log: Path, env: dict) -> None:
    """Put setuptools and wheel in the cache (postBuild builds the project offline)."""
    cache = wheelhouse()
    if any(cache.glob("setuptools-*.whl")) and any(cache.glob("wheel-*.whl")):
        return
    argv = [python, "-m", "pip", "wheel", "--no-input", "--wheel-dir", cache, *BUILD_REQUIREMENTS]
    if _run(argv, log, env=env).returncode != 0:
        raise RuntimeError(f"pip could not fetch {BUILD_REQUIREMENTS}; see {log}")


def repository_files(root: Path = ROOT) -> list[Path]:
    """Files a clone of the repository would hold (tracked and new, not ignored), relative."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root, capture_output=True, check=True, timeout=60,
    ).stdout.decode()
    return [Path(name) for name in out.split("\0") if name and (root / name).is_file()]


@dataclass(frozen=True)
class BinderImage:
    """A Binder-like image: ``prefix`` is ``${NB_PYTHON_PREFIX}``, ``home`` the repository."""

    prefix: Path
    home: Path
    env: dict
    log: Path

    def bin(self, name: str) -> Path:
        """Path of a program of the image's environment."""
        return self.prefix / "bin" / name


def image_env(prefix: Path, home: Path) -> dict:
    """repo2docker's environment for the notebook user (pip settings of this machine kept)."""
    kept = {k: v for k, v in os.environ.items()
            if k.startswith(("PIP_", "LC_")) or k in ("LANG", "TZ", "SSL_CERT_FILE")}
    return {
        **kept,
        "PATH": os.pathsep.join([str(prefix / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home),
        "REPO_DIR": str(home),
        "NB_USER": "jovyan",
        "USER": "jovyan",
        "NB_PYTHON_PREFIX": str(prefix),
        "KERNEL_PYTHON_PREFIX": str(prefix),
        "SHELL": "/bin/bash",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture(scope="session")
def binder_image(tmp_path_factory) -> BinderImage:
    """Build the Binder image (see the module docstring); the log is kept with the files."""
    root = tmp_path_factory.mktemp("binder")
    prefix = root / "srv" / "notebook"
    home = root / "home" / "jovyan"
    log = root / "build.log"
    env = image_env(prefix, home)
    subprocess.run([sys.executable, "-m", "venv", str(prefix)], check=True, timeout=120)
    python = prefix / "bin" / "python"
    pip_install(python, [BASE_ENVIRONMENT], log, env)
    pip_install(python, [BINDER_REQUIREMENTS], log, env)
    ensure_build_wheels(python, log, env)

    for name in repository_files():
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, home / name)
    post_build = home / "binder" / "postBuild"
    post_build.chmod(0o755)  # as repo2docker does before running it
    build_env = {**env, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse())}
    done = _run(["./binder/postBuild"], log, cwd=home, env=build_env)
    assert done.returncode == 0, f"postBuild failed; see {log}"
    return BinderImage(prefix=prefix, home=home, env=env, log=log)


def wait_http(url: str, proc: subprocess.Popen, timeout_s: float, what: str) -> None:
    """Wait until ``url`` answers with any HTTP status (the server is up)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"{what} did not answer on {url} within {timeout_s} s")


@contextlib.contextmanager
def running(argv, log: Path, **kwargs):
    """Run a server process; on exit stop it and every process it started, even on failure."""
    import psutil

    with open(log, "ab") as out:
        proc = subprocess.Popen([str(a) for a in argv], stdout=out, stderr=subprocess.STDOUT,
                                **kwargs)
    try:
        yield proc
    finally:
        try:
            family = psutil.Process(proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            family = []
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        for child in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.terminate()
        _gone, alive = psutil.wait_procs(family, timeout=10)
        for child in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
        if os.environ.get("ATELIER_E2E_LOG"):
            sys.stderr.write(log.read_text(errors="replace"))


def in_chromium(work):
    """Run ``work(browser)`` with Debian's Chromium in a worker thread; return its result.

    Every Playwright wait inside ``work`` must be bounded (set a default timeout on its
    pages): the thread is joined.
    """

    def task():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return work(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium") as pool:
        return pool.submit(task).result()
