"""Headless widget tests: ipywidgets fall back to a DummyComm outside a kernel."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def model():
    from simulation.model import load_model

    return load_model()


@pytest.fixture
def app(model):
    from simulation.ui.app import AtelierApp

    return AtelierApp(model=model)


def total_text(app) -> str:
    """The big 2050 number as displayed (inside its HTML)."""
    import re

    match = re.search(r'data-testid="total-2050">([^<]*)<', app.big.value)
    assert match, app.big.value
    return match.group(1)
