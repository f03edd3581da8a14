"""Suite-wide test configuration and the fixture data folders.

Code tests run on ``tests/data/mini/``: a small but complete data folder (the whole model
vocabulary, the factors the equations and a few cards need, with round values of their own,
two territories, four levers, two scenarios, two GES decks). Nothing a code test asserts
depends on the numbers shipped in ``data/``, which authors change; the shipped data is only
checked for its quality (sources, ranges, calibration, validity) and, once, for the
staleness of its snapshot (``tests/test_snapshot.py``).

Broken data is ``tests/data/broken/<case>/``: only the files that differ from the mini
folder, copied over a copy of it by :func:`overlay`.
"""

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "data" / "mini"
BROKEN = TESTS / "data" / "broken"

# Reproducible property tests in CI (the same examples on every run); random locally, where
# new examples are welcome.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_collection_modifyitems(config, items):
    """Run the end-to-end tests last.

    Playwright's sync API keeps an asyncio event loop running in the main thread while its
    session-scoped browser lives; widget tests that drive their own event loop must not run
    in between. Moving the ``e2e`` tests to the end keeps every other test isolated from it.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session")
def mini() -> Path:
    """The fixture data folder ``tests/data/mini`` (read it, never write into it)."""
    return MINI


@pytest.fixture(scope="session")
def mini_model():
    """The model on the fixture data folder (cached)."""
    from simulation.model import load_model

    return load_model(MINI)


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    """A writable copy of the fixture data folder (edit it freely)."""
    dst = tmp_path / "data"
    shutil.copytree(MINI, dst)
    return dst


@pytest.fixture
def overlay(tmp_path):
    """Factory: a copy of the mini folder with ``tests/data/broken/<case>/`` copied over it."""

    def make(case: str) -> Path:
        src = BROKEN / case
        assert src.is_dir(), f"no broken fixture {src}"
        dst = tmp_path / case / "data"
        shutil.copytree(MINI, dst)
        shutil.copytree(src, dst, dirs_exist_ok=True)
        return dst

    return make


@pytest.fixture(scope="session")
def mini_snapshot(tmp_path_factory) -> Path:
    """A copy of the mini folder with its snapshot written (lock, trajectories, pages).

    Shared by the session: copy it (``shutil.copytree``) before editing it.
    """
    from simulation import snapshot

    dst = tmp_path_factory.mktemp("snapshot") / "data"
    shutil.copytree(MINI, dst)
    snapshot.write(dst)
    return dst
