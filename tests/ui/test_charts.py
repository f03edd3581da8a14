"""The charts: the bqplot pathway (whole-number axes, unit choice) and the HTML fragments
(bars proportional to the values, texts escaped, the sectors' colours)."""

from __future__ import annotations

import numpy as np
import pytest

from simulation.ui.charts import TrajectoryChart, integer_ticks, scale_to_unit
from simulation.ui.components import fragments as f
from simulation.ui.viewmodel import (
    Bar,
    BigNumberView,
    Units,
    WaterfallView,
    grouped_bars,
)

from .conftest import bar_rows, columns, parse_html

UNITS = Units("t/hab", "kg/hab")


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


def test_trajectory_chart_draws_the_pathway_in_the_right_unit():
    chart = TrajectoryChart("#0072B2")
    years = np.arange(2023, 2051)
    total = np.linspace(8300.0, 4100.0, len(years))
    chart.update("Trajectoire", years, total, total * 0.9, total * 1.1,
                 np.full(len(years), 8300.0), 2000.0, UNITS)
    assert chart.figure.title == "Trajectoire"
    assert chart.value_axis.label == "t/hab"
    np.testing.assert_allclose(chart.line.y, total / 1000.0)
    np.testing.assert_allclose(np.asarray(chart.band.y), [total * 0.9 / 1000, total * 1.1 / 1000])
    np.testing.assert_allclose(chart.no_lever.y, 8.3)
    assert list(chart.target.x) == [2023, 2050]
    np.testing.assert_allclose(chart.target.y, [2.0, 2.0])
    assert chart.value_axis.tick_values.tolist() == [0, 2, 4, 6, 8, 10]
    assert (chart.y.min, chart.y.max) == (0.0, 10.0)
    # a small pathway switches to kilograms, whole numbers again
    small = np.linspace(900.0, 300.0, len(years))
    chart.update("T", years, small, small, small, small, 200.0, UNITS)
    assert chart.value_axis.label == "kg/hab"
    np.testing.assert_allclose(chart.line.y, small)
    assert all(float(v).is_integer() for v in chart.value_axis.tick_values)
    assert chart.value_axis.tick_values[-1] >= 900


# ---------------------------------------------------------------------------------------
# HTML fragments
# ---------------------------------------------------------------------------------------
def test_hbars_are_proportional_coloured_and_escaped():
    bars = [Bar("Mobilité <b>", 2000.0, "#1C5E9E", "2,0 t"), Bar("Autres & co", 500.0,
                                                                   "#337A2E", "500 kg")]
    fragment = f.hbars(bars, "Titre <i>", "footprint")
    rows = bar_rows(fragment)
    assert [(r["label"], r["value"], r["colour"]) for r in rows] == [
        ("Mobilité <b>", "2,0 t", "#1C5E9E"), ("Autres & co", "500 kg", "#337A2E")]
    assert [r["width"] for r in rows] == [100.0, 25.0]
    root = parse_html(fragment)
    assert root.find(tag="h3").text() == "Titre <i>"
    assert root.find("atelier-chart").attrs["data-testid"] == "footprint"
    assert not root.find_all(tag="i")
    assert len(root.find_all(tag="b")) == len(bars)  # only the value tags, no label markup
    assert bar_rows(f.hbars([])) == []


def test_paired_bars_share_one_scale_and_give_a_legend():
    view = grouped_bars("Par secteur", ["A", "B"], ["Aujourd'hui", "2050"],
                        ["#999999", "#0072B2"], [[1000.0, 400.0], [500.0, 200.0]], "fr")
    rows = parse_html(f.paired_bars(view)).find_all("atelier-bar-row")
    assert [r.find("atelier-bar-label").text() for r in rows] == ["A", "B"]
    widths = [[float(b.style["width"].rstrip("%")) for b in r.find_all("atelier-bar")]
              for r in rows]
    assert widths == [[100.0, 50.0], [40.0, 20.0]]
    inline = [[s.text() for s in r.find_all("atelier-bar-inline")] for r in rows]
    assert inline == [list(view.value_texts[i][j] for i in range(2)) for j in range(2)]
    legend = parse_html(f.paired_bars(view)).find("atelier-legend").text()
    assert "Aujourd'hui" in legend and "2050" in legend


def test_stacked_columns_stack_the_series_and_mark_the_target():
    view = grouped_bars("Équipes", ["É1", "É2"], ["mob", "alim"], ["#111111", "#222222"],
                        [[3000.0, 1000.0], [1000.0, 1000.0]], "fr", target_kg=2000.0)
    fragment = f.stacked_columns(view, notes=("S1 : Génération frugale",))
    cols = columns(fragment)
    assert [c["label"] for c in cols] == ["É1", "É2"]
    assert [c["total"] for c in cols] == list(view.total_texts)
    # a column's height is its total in % of the tallest; its segments (top to bottom: last
    # series first) share that column in proportion to their values
    assert [c["height"] for c in cols] == [100.0, 50.0]
    assert cols[0]["segments"] == [("alim", "#222222", 25.0), ("mob", "#111111", 75.0)]
    assert cols[1]["segments"] == [("alim", "#222222", 50.0), ("mob", "#111111", 50.0)]
    root = parse_html(fragment)
    assert root.find("atelier-target").style["--at"] == "0.5000"
    assert "S1 : Génération frugale" in root.text()


def test_waterfall_walks_from_start_to_end():
    view = WaterfallView(title="Leviers", start_label="Sans levier", start_kg=10.0,
                         labels=("a", "b", "c"), steps_kg=(-3.0, 1.0, -2.0), end_label="2050",
                         note="Part", start_text="10", step_texts=("−3", "+1", "−2"),
                         end_text="6")
    rows = bar_rows(f.waterfall(view))
    assert [r["label"] for r in rows] == ["Sans levier", "a", "b", "c", "2050"]
    assert [r["value"] for r in rows] == ["10", "−3", "+1", "−2", "6"]
    assert [r["offset"] for r in rows] == [0.0, 70.0, 70.0, 60.0, 0.0]
    assert [r["width"] for r in rows] == [100.0, 30.0, 10.0, 20.0, 60.0]
    assert rows[1]["colour"] == f.REDUCTION_COLOUR and rows[2]["colour"] == f.INCREASE_COLOUR


def test_big_number_and_code_box_escape_their_texts():
    view = BigNumberView(place="En 2050 · <Ville>", total="8,3 t", per_person="par hab.",
                         change="−1 %", versus="par rapport à 2023", target="Objectif : 2 t",
                         gap="encore 6 t", reached=False)
    root = parse_html(f.big_number(view))
    assert root.find("big").attrs["data-testid"] == "total-2050"
    assert root.find("big").text() == "8,3 t"
    assert root.find("place").text() == "En 2050 · <Ville>"
    assert f.INCREASE_COLOUR in root.find("gap").attrs["style"]
    box = parse_html(f.code_box("Code", 'a"b<c>', "Copier", "Copié"))
    assert box.find("atelier-code").text() == 'a"b<c>'
    assert box.find("atelier-copy").attrs["data-atelier-copy"] == 'a"b<c>'


def test_qr_code_is_inline_svg():
    one, two = f.qr_svg("france.00Hk"), f.qr_svg("france.00Hl")
    import segno

    assert one != two
    svg = parse_html(one).find(tag="svg")
    size = segno.make("france.00Hk", error="m").symbol_size(scale=4, border=2)
    assert (int(svg.attrs["width"]), int(svg.attrs["height"])) == size
    assert "<script" not in one and "href" not in one  # drawn here, nothing fetched


def test_a_stacked_chart_names_the_width_under_which_it_turns_into_rows():
    from simulation.ui.theme import CSS

    def fit(labels):
        view = grouped_bars("t", labels, ["a"], ["#111111"], [[1.0] * len(labels)], "fr")
        classes = parse_html(f.stacked_columns(view)).find("atelier-stacked").classes
        (name,) = [c for c in classes if c.startswith("atelier-fit-")]
        return int(name.removeprefix("atelier-fit-"))

    six = ["Nous", "Tendanciel", "S1", "S2", "S3", "S4"]
    assert fit(six) == 36  # 6 columns of 6 em
    assert fit(six[:2]) == 12
    assert fit(["Équipe 1", "Anticonstitutionnellement"]) > fit(["Équipe 1", "Équipe 2"])
    assert fit(["x"] * 40) == f.FIT_MAX_EM
    # every class the fragment can give has its rules in the stylesheet
    for width in range(f.FIT_STEP_EM, f.FIT_MAX_EM + 1, f.FIT_STEP_EM):
        assert f"@container (max-width: {width}em)" in CSS
        assert f".atelier-fit-{width} .atelier-col-bar" in CSS
