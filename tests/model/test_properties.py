"""Property-based tests over random lever levels (hypothesis).

The model's properties are checked on the fixture data (``tests/data/mini``); the lever
monotonicity is also checked on the shipped levers, as a quality check of ``data/levers``.
"""

import itertools
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.model import load_model
from simulation.pathway import decode_pathway, encode_pathway

MODEL = load_model(Path(__file__).parents[1] / "data" / "mini")
N_LEVERS = len(MODEL.lever_ids)
levels_strategy = st.lists(st.integers(0, 4), min_size=N_LEVERS, max_size=N_LEVERS)

#: Levers whose effect can reverse sign, documented in docs/methodologie.md: insulation works
#: (counted in "travaux") can outweigh the heating saved once heating is decarbonised.
REBOUND = {"renovation"}


@settings(max_examples=200, deadline=None)
@given(levels=levels_strategy,
       territory=st.sampled_from(sorted(MODEL.territories)),
       scenario=st.sampled_from(sorted(MODEL.scenarios)))
def test_totals_finite_and_non_negative(levels, territory, scenario):
    r = MODEL.evaluate(MODEL.levels_dict(levels), territory, scenario)
    assert np.all(np.isfinite(r.total)) and np.all(r.total > 0)
    for items in r.items.values():
        for values in items.values():
            assert np.all(values >= 0)


def _assert_monotone(model, levels, lever, level):
    """Raising one lever's level never raises any year's total (except documented rebounds)."""
    lower = np.array(levels)
    lower[lever] = level
    higher = lower.copy()
    higher[lever] = level + 1
    totals = model.evaluate_batch(np.vstack([lower, higher]))
    if model.lever_ids[lever] in REBOUND:
        return
    assert np.all(totals[1] <= totals[0] + 1e-9), model.lever_ids[lever]


@settings(max_examples=60, deadline=None)
@given(levels=levels_strategy, lever=st.integers(0, N_LEVERS - 1), level=st.integers(0, 3))
def test_each_lever_monotone_in_its_level(levels, lever, level):
    _assert_monotone(MODEL, levels, lever, level)


SHIPPED = load_model()
N_SHIPPED = len(SHIPPED.lever_ids)


@settings(max_examples=60, deadline=None)
@given(levels=st.lists(st.integers(0, 4), min_size=N_SHIPPED, max_size=N_SHIPPED),
       lever=st.integers(0, N_SHIPPED - 1), level=st.integers(0, 3))
def test_shipped_levers_monotone_in_their_level(levels, lever, level):
    """Quality of data/levers: every shipped lever reduces more at a higher level."""
    _assert_monotone(SHIPPED, levels, lever, level)


def test_rebound_lever_reduces_from_todays_mix():
    """The renovation lever reduces emissions with today's heating mix."""
    effects = [MODEL.lever_effect("renovation", k) for k in range(5)]
    assert effects[0] == 0 and all(b < a for a, b in itertools.pairwise(effects))


@settings(max_examples=200, deadline=None)
@given(levels=levels_strategy, territory=st.sampled_from(sorted(MODEL.territories)))
def test_pathway_code_round_trip(levels, territory):
    wanted = MODEL.levels_dict(levels)
    code = encode_pathway(MODEL, territory, wanted)
    assert code.replace(".", "").replace("-", "").isalnum()
    assert decode_pathway(MODEL, code) == (territory, wanted)


@settings(max_examples=100, deadline=None)
@given(levels=st.dictionaries(st.sampled_from(MODEL.lever_ids), st.integers(1, 4), max_size=10))
def test_shapley_efficiency(levels):
    contrib = MODEL.attribution(levels)
    change = MODEL.evaluate(levels).value() - MODEL.evaluate({}).value()
    assert abs(sum(contrib.values()) - change) < 1e-8
