"""Shared fixtures of the model tests."""

import pytest

from simulation.model import load_model


@pytest.fixture(scope="session")
def model():
    """The model on the shipped data (cached)."""
    return load_model()
