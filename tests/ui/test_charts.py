"""The charts: the SVG pathway (whole-number axes, unit choice, the reader's digits) and the
HTML fragments (bars proportional to the values, texts escaped, the sectors' colours)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from simulation.ui.charts import (
    TrajectoryChart,
    integer_ticks,
    scale_to_unit,
    tick_label,
    trajectory_html,
)
from simulation.ui.components import fragments as f
from simulation.ui.viewmodel import (
    Bar,
    BigNumberView,
    Units,
    WaterfallView,
    grouped_bars,
)

from .conftest import bar_rows, columns, parse_html, trajectory

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


YEARS = np.arange(2023, 2051)
#: 8.3 t falling to 4.1 t, a band of ±10 %, « Sans levier » flat at 8.3 t, target 2 t.
TOTAL = np.linspace(8300.0, 4100.0, len(YEARS))


def _chart(title="Trajectoire", total=TOTAL, units=UNITS, trend=None, target=2000.0):
    return trajectory(trajectory_html(title, YEARS, total, total * 0.9, total * 1.1,
                                      np.full(len(YEARS), 8300.0), target, units, trend))


def test_trajectory_draws_the_pathway_band_and_target_in_tonnes():
    chart = _chart()
    assert chart["title"] == "Trajectoire"
    assert chart["unit"] == "t/hab"
    # the band's top (9.13 t) sets the axis: 0–10 t in steps of 2, 10 at the top
    assert chart["y_ticks"] == [("0", 100.0), ("2", 80.0), ("4", 60.0), ("6", 40.0),
                                ("8", 20.0), ("10", 0.0)]
    assert chart["x_ticks"] == [("2025", 7.41), ("2030", 25.93), ("2035", 44.44),
                                ("2040", 62.96), ("2045", 81.48), ("2050", 100.0)]
    (line,) = chart["line"]
    assert len(line) == 28
    assert line[0] == (0.0, 17.0) and line[-1] == (100.0, 59.0)  # 8.3 t and 4.1 t of 10 t
    xs = (YEARS - 2023) / 27 * 100
    np.testing.assert_allclose(line, np.c_[xs, 100 - TOTAL / 100], atol=0.005)
    # band: the low side forward, then the high side back
    (band,) = chart["band"]
    np.testing.assert_allclose(band, np.r_[np.c_[xs, 100 - TOTAL * 0.9 / 100],
                                           np.c_[xs, 100 - TOTAL * 1.1 / 100][::-1]],
                               atol=0.005)
    assert chart["band_fill"]["fill"] == "#0072B2"
    assert float(chart["band_fill"]["fill-opacity"]) == pytest.approx(0.25)
    assert chart["no_lever"] == [[(x, 17.0) for x in np.round(xs, 2)]]
    assert chart["target"] == (80.0, 80.0)
    assert chart["trend"] == []  # no trend given: no trend line


def test_trajectory_draws_the_trend_when_given():
    trend = np.linspace(8300.0, 5000.0, len(YEARS))
    (line,) = _chart(trend=trend)["trend"]
    assert line[0] == (0.0, 17.0) and line[-1] == (100.0, 50.0)
    assert _chart(trend=np.array([]))["trend"] == []


@pytest.mark.parametrize(("lang", "thousand"), [("fr", "1\u202f000"), ("en", "1,000")])
def test_a_small_pathway_is_drawn_in_kilograms_with_the_readers_digits(lang, thousand):
    small = np.linspace(1200.0, 300.0, len(YEARS))  # band top 1 320 kg, target 200 kg
    chart = trajectory(trajectory_html("T", YEARS, small, small * 0.9, small * 1.1,
                                       np.full(len(YEARS), 1200.0), 200.0,
                                       Units("t/hab", "kg/hab", lang)))
    assert chart["unit"] == "kg/hab"
    assert [label for label, _at in chart["y_ticks"]] == ["0", "500", thousand, "1" + (
        "\u202f" if lang == "fr" else ",") + "500"]
    (line,) = chart["line"]
    assert line[0] == (0.0, 20.0)  # 1 200 kg of 1 500
    assert chart["target"][0] == pytest.approx(100 - 200 / 15, abs=0.005)


@pytest.mark.parametrize(("value", "lang", "text"), [
    (2.5, "fr", "2,5"), (2.5, "en", "2.5"), (10.0, "fr", "10"), (1000.0, "fr", "1\u202f000"),
    (12000.0, "en", "12,000")])
def test_value_ticks_use_the_readers_decimal_and_thousands_separators(value, lang, text):
    assert tick_label(value, lang) == text


def test_trajectory_escapes_its_texts():
    raw = '<script>alert("x")</script> & co'
    html = trajectory_html(raw, YEARS, TOTAL, TOTAL, TOTAL, TOTAL, 2000.0,
                           Units("<b>t</b>", "kg"))
    assert "<script>" not in html and "<b>" not in html
    chart = trajectory(html)
    assert chart["title"] == raw
    assert chart["unit"] == "<b>t</b>"


def test_trajectory_chart_sends_its_value_only_when_the_drawing_changes():
    chart = TrajectoryChart("#0072B2", trend_colour="#E69F00")
    sent = []
    chart.figure.observe(lambda change: sent.append(change["new"]), "value")
    args = ("Trajectoire", YEARS, TOTAL, TOTAL * 0.9, TOTAL * 1.1, np.full(len(YEARS), 8300.0),
            2000.0, UNITS)
    chart.update(*args)
    chart.update(*args)
    assert len(sent) == 1
    assert sent[0] == chart.html
    assert chart.html == trajectory_html(*args, colour="#0072B2", trend_colour="#E69F00",
                                         height_em=13.0)
    chart.update(*args, trend_kg=TOTAL)
    assert len(sent) == 2
    assert len(trajectory(chart.html)["trend"]) == 1


def test_the_dashboard_kernel_imports_neither_pandas_nor_bqplot():
    """In a fresh interpreter, as a kernel would: build the dashboard, show the levers."""
    code = ("import sys\n"
            "from simulation.ui.app import TAB_LEVERS, load_app\n"
            "app = load_app()\n"
            "app.tabs.selected_index = TAB_LEVERS\n"
            "assert app.tabs_content[TAB_LEVERS].trajectory.html\n"
            "print(sorted(m for m in ('pandas', 'bqplot') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


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
