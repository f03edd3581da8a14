"""Model benchmarks (issue 3). Run: ``pytest benchmarks/test_bench_model.py --benchmark-only``.

Targets: one pathway 2023–2050 < 1 ms; 10,000 pathways batched < 100 ms; Shapley for 10
active levers < 50 ms; 1,000-sample Monte Carlo < 100 ms (medians, see docs/performance.md).
"""

import pytest

from simulation.bench import random_levels, ten_active_levels
from simulation.model import load_model


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.mark.benchmark(group="model")
def test_single_pathway(benchmark, model):
    levels = ten_active_levels(model)
    benchmark(model.evaluate, levels)


@pytest.mark.benchmark(group="model")
def test_batch_10000(benchmark, model):
    batch = random_levels(model, 10_000)
    benchmark(model.evaluate_batch, batch)


@pytest.mark.benchmark(group="model")
def test_shapley_10(benchmark, model):
    benchmark(model.attribution, ten_active_levels(model))


@pytest.mark.benchmark(group="model")
def test_montecarlo_1000(benchmark, model):
    benchmark(model.uncertainty, ten_active_levels(model), n=1000)
