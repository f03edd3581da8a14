"""Benchmarks of the factor base (run: pytest benchmarks/test_bench_factors.py --benchmark-only).

Figures and the machine they were measured on are in docs/performance.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from simulation.factors import load_factors, read_factors

PROJECT = Path(__file__).resolve().parent.parent

COLD = (
    "import simulation.factors as f; fb = f.load_factors(); "
    "assert len(fb) > 80; fb.value('mob_ic_tgv', 'gCO2e/pkm')"
)


def test_read_all_factors_warm(benchmark):
    """Read and validate the 8 CSVs (registry already built, parse caches warm)."""
    fb = benchmark(read_factors)
    assert len(fb) >= 80


def test_load_factors_cached(benchmark):
    """Second and later calls: the cached FactorBase."""
    load_factors()
    fb = benchmark(load_factors)
    assert len(fb) >= 80


def test_value_lookup(benchmark):
    """One factor value in the canonical unit (what the model does in loops)."""
    fb = load_factors()
    assert benchmark(fb.value, "mob_ic_tgv") == fb["mob_ic_tgv"].value


def test_value_lookup_converted(benchmark):
    """One factor value converted to another unit (conversion factor cached)."""
    fb = load_factors()
    benchmark(fb.value, "mob_ic_tgv", "gCO2e/pkm")


def test_cold_start_fresh_interpreter(benchmark):
    """Fresh interpreter: import pint, build the registry, read and validate every file."""
    env = {**os.environ}
    env.pop("ATELIER_DATA", None)

    def run():
        subprocess.run([sys.executable, "-c", COLD], check=True, cwd=PROJECT, env=env)

    benchmark.pedantic(run, rounds=5, iterations=1, warmup_rounds=1)
