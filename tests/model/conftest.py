"""Shared fixtures of the model tests: the model on the fixture data, and on the shipped data.

Code tests use ``model`` (``tests/data/mini``); only the quality checks of the shipped data
(calibration) use ``shipped_model``.
"""

import pytest

from simulation.model import load_model


@pytest.fixture(scope="session")
def model(mini_model):
    """The model on the fixture data folder (cached)."""
    return mini_model


@pytest.fixture(scope="session")
def shipped_model():
    """The model on the shipped data (cached): for quality checks of ``data/`` only."""
    return load_model()
