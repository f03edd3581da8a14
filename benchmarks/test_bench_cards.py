"""Benchmarks of the card build (issue 4). Run:
``python -m pytest benchmarks/test_bench_cards.py --benchmark-only``.

Target: the whole build (all decks and posters) < 10 s. Figures in docs/performance.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulation.cards.build import build
from simulation.cards.layout import render_cards_pdf
from simulation.cards.model_decks import all_print_cards
from simulation.cards.posters import render_posters_pdf
from simulation.factors import load_factors
from simulation.model import load_model

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cards():
    return all_print_cards()


def test_full_build_warm(benchmark, tmp_path):
    """Every output (CSV, JSON, cards PDF, A3 posters), data and model already loaded."""
    report = benchmark.pedantic(build, args=(tmp_path / "out",), rounds=5, iterations=1)
    assert report.cards >= 80


def test_all_cards_computed(benchmark):
    """Card values and texts: GES definitions + 29 lever effects + prospective (model)."""
    cards = benchmark.pedantic(all_print_cards, rounds=5, iterations=1)
    assert len(cards) >= 80


def test_cards_pdf(benchmark, cards, tmp_path):
    """reportlab: A4 sheets with bleed, crop marks and mirrored backs."""
    pages = benchmark.pedantic(render_cards_pdf, args=(cards, tmp_path / "c.pdf", "b"),
                               rounds=5, iterations=1)
    assert pages >= 20


def test_posters_pdf(benchmark, tmp_path):
    """matplotlib charts (vector) stamped onto reportlab A3 pages with pypdf."""
    m, fb = load_model(), load_factors()
    pages = benchmark.pedantic(render_posters_pdf,
                               args=(m, fb, tmp_path / "p.pdf", "france", "s2", "x"),
                               rounds=3, iterations=1)
    assert pages == 5


def test_cli_build_cold(benchmark, tmp_path):
    """``atelier cards build`` in a fresh interpreter: imports, data, model, every output."""
    cmd = [sys.executable, "-m", "simulation", "cards", "build", "--out", str(tmp_path / "o")]

    def run():
        subprocess.run(cmd, check=True, cwd=PROJECT, capture_output=True)

    benchmark.pedantic(run, rounds=3, iterations=1)
