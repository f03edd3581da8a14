"""Golden trajectories per scenario (regression test of the whole model on the shipped data).

If the model or the data change *and we mean it*, regenerate the golden file with::

    ATELIER_REGEN_GOLDEN=1 python -m pytest tests/model/test_golden.py

then review the diff of ``tests/data/model/golden_trajectories.json`` before committing it.
"""

import json
import os
from pathlib import Path

import numpy as np
import pytest

GOLDEN = Path(__file__).parents[1] / "data" / "model" / "golden_trajectories.json"
TERRITORIES = ("france", "montpellier-metropole")


def _compute(model):
    out = {}
    for territory in TERRITORIES:
        for sid in sorted(model.scenarios):
            r = model.evaluate(None, territory, sid)
            out[f"{territory}/{sid}"] = {
                "total": r.total.round(6).tolist(),
                "sectors": {s: v.round(6).tolist() for s, v in r.sectors.items()},
            }
    return out


def test_golden_trajectories(model):
    current = _compute(model)
    if os.environ.get("ATELIER_REGEN_GOLDEN"):
        GOLDEN.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", "utf-8")
    golden = json.loads(GOLDEN.read_text("utf-8"))
    assert set(golden) == set(current)
    for key, ref in golden.items():
        np.testing.assert_allclose(current[key]["total"], ref["total"], rtol=1e-6,
                                   err_msg=f"{key}: see module docstring to regenerate")
        for s, values in ref["sectors"].items():
            np.testing.assert_allclose(current[key]["sectors"][s], values, rtol=1e-6,
                                       err_msg=f"{key} {s}")


@pytest.mark.parametrize("sid", ["s1", "s2"])
def test_frugal_scenarios_near_target_range(model, sid):
    """S1 and S2 roughly halve the footprint; neither reaches 2 t with a consumption scope."""
    total = model.evaluate(None, "france", sid).value()
    assert 3000 < total < 5000
