"""Headless widget tests: ipywidgets fall back to a DummyComm outside a kernel."""

from __future__ import annotations

import re

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


@pytest.fixture(scope="session")
def calc(model):
    """One calculator for the session (its caches only hold results of the same model)."""
    from simulation.ui.viewmodel import Calculator

    return Calculator(model)


def new_session(model):
    """A session wired to the model's pathway codes, as :class:`AtelierApp` builds it."""
    from simulation.pathway import decode_pathway, encode_pathway
    from simulation.ui.state import Session

    return Session(lever_ids=model.lever_ids, territories=tuple(model.territories),
                   encode=lambda territory, levels: encode_pathway(model, territory, levels),
                   decode=lambda code: decode_pathway(model, code))


@pytest.fixture
def session(model):
    return new_session(model)


def total_text(app) -> str:
    """The big 2050 number as displayed (inside its HTML), unescaped."""
    import html

    from simulation.ui.app import TAB_LEVERS

    assert app.is_built(TAB_LEVERS), "the levers tab was never shown"
    big = app.tabs_content[TAB_LEVERS].big.value
    match = re.search(r'data-testid="total-2050">([^<]*)<', big)
    assert match, big
    return html.unescape(match.group(1))
