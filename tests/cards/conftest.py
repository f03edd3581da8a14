"""Shared fixtures of the card tests: temporary copies of the data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulation.paths import PROJECT_DIR

DATA = PROJECT_DIR / "data"
FIXTURES = PROJECT_DIR / "tests" / "data" / "cards"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A full, writable copy of ``data/`` (edit it freely)."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


@pytest.fixture
def cards_only(tmp_path):
    """Factory: a copy of the data folder whose only GES card files are the given ones."""

    def make(*names: str) -> Path:
        dst = tmp_path / "data"
        shutil.copytree(DATA, dst)
        for path in (dst / "cards").glob("*.toml"):
            if path.stem not in ("leviers", "prospective"):
                path.unlink()
        for name in names:
            shutil.copy(FIXTURES / name, dst / "cards" / name)
        return dst

    return make
