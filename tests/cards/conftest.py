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
    """Factory: a data folder with the real factors and only the given card files."""

    def make(*names: str) -> Path:
        dst = tmp_path / "data"
        (dst / "cards").mkdir(parents=True)
        shutil.copytree(DATA / "emission_factors", dst / "emission_factors")
        for name in names:
            shutil.copy(FIXTURES / name, dst / "cards" / name)
        return dst

    return make
