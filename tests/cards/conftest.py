"""Shared fixtures of the card tests: temporary copies of the fixture data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
MINI = TESTS / "data" / "mini"
FIXTURES = TESTS / "data" / "cards"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A full, writable copy of the fixture data folder ``tests/data/mini`` (edit it freely)."""
    dst = tmp_path / "data"
    shutil.copytree(MINI, dst)
    return dst


@pytest.fixture
def cards_only(tmp_path):
    """Factory: a copy of the fixture data folder whose only GES card files are the given
    ones (from ``tests/data/cards``)."""

    def make(*names: str) -> Path:
        dst = tmp_path / "data"
        shutil.copytree(MINI, dst)
        for path in (dst / "cards").glob("*.toml"):
            if path.stem not in ("leviers", "prospective"):
                path.unlink()
        for name in names:
            shutil.copy(FIXTURES / name, dst / "cards" / name)
        return dst

    return make
