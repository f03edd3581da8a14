"""Chart helpers: whole-number axes, unit choice, waterfall rows."""

from __future__ import annotations

import numpy as np
import pytest

from simulation.ui.charts import GroupedBars, Waterfall, integer_ticks, scale_to_unit


@pytest.mark.parametrize(
    ("top", "ticks"),
    [(8.3, [0, 2, 4, 6, 8, 10]), (2.0, [0, 1, 2]), (0.4, [0, 1]), (870.0,
     [0, 200, 400, 600, 800, 1000]), (0.0, [0, 1]), (float("nan"), [0, 1])],
)
def test_integer_ticks_cover_the_top(top, ticks):
    assert integer_ticks(top) == ticks


def test_ticks_are_whole_and_few_for_many_sizes():
    for top in np.geomspace(0.5, 50_000, 200):
        ticks = integer_ticks(float(top))
        assert ticks[-1] >= top
        assert len(ticks) <= 6
        assert all(isinstance(t, int) for t in ticks)


def test_unit_is_tonnes_from_two_tonnes():
    assert scale_to_unit(8300.0) == (1000.0, 0)
    assert scale_to_unit(1999.0) == (1.0, 1)


def test_waterfall_rows_walk_from_start_to_end():
    rows = Waterfall.rows(10.0, [-3.0, 1.0, -2.0])
    offset, total, reduction, increase = rows
    assert total.tolist() == [10.0, 0, 0, 0, 6.0]
    assert reduction.tolist() == [0, 3.0, 0, 2.0, 0]
    assert increase.tolist() == [0, 0, 1.0, 0, 0]
    assert offset.tolist() == [0, 7.0, 7.0, 6.0, 0]


def test_grouped_bars_pick_the_unit_and_keep_the_labels():
    chart = GroupedBars(400, 300, ["#000", "#111"])
    chart.relabel("titre", "t/hab", "kg/hab")
    chart.update(["a", "b"], [[3000.0, 1000.0], [500.0, 2500.0]], target_kg=2000.0)
    assert chart.value_axis.label == "t/hab"
    np.testing.assert_allclose(chart.bars.y, [[3.0, 1.0], [0.5, 2.5]])
    assert chart.target.y.tolist() == [2.0, 2.0]
    assert list(chart.x.domain) == ["a", "b"]
    chart.update(["c"], [[300.0], [200.0]])
    assert chart.value_axis.label == "kg/hab"
    assert list(chart.x.domain) == ["c"]
