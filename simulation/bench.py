"""Timings of the model's hot paths, shared by ``atelier bench`` and ``benchmarks/``.

Each figure is the median of several runs in milliseconds, on whatever machine runs it; the
figures and the machine are recorded in ``docs/performance.md``.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from simulation.metrics import uncertainty_band


def median_ms(func, repeat: int = 20, warmup: int = 2) -> float:
    """Median wall time of ``func()`` [ms] over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def ten_active_levels(model) -> dict[str, int]:
    """A fixed pathway with 10 active levers (levels 1–4), for the Shapley benchmark."""
    return {lid: 1 + i % 4 for i, lid in enumerate(model.lever_ids[:10])}


def random_levels(model, n: int, seed: int = 0) -> np.ndarray:
    """``n`` seeded random pathways, shape (n, L)."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 5, size=(n, len(model.lever_ids)))


def run_benchmarks(model, repeat: int = 20) -> dict[str, float]:
    """Run the four model benchmarks of issue 3.

    Returns
    -------
    dict
        ``single_pathway_ms`` (one pathway, 2023–2050, all sectors), ``batch_10000_ms``
        (10,000 pathways, every year), ``shapley_10_ms`` (exact Shapley, 10 active levers),
        ``montecarlo_1000_ms`` (1,000-sample band), each a median [ms].
    """
    levels = ten_active_levels(model)
    batch = random_levels(model, 10_000)
    return {
        "single_pathway_ms": median_ms(lambda: model.evaluate(levels), repeat * 5),
        "batch_10000_ms": median_ms(lambda: model.evaluate_batch(batch), max(5, repeat // 2)),
        "shapley_10_ms": median_ms(lambda: model.attribution(levels), repeat),
        "montecarlo_1000_ms": median_ms(lambda: uncertainty_band(model, levels), repeat),
    }
