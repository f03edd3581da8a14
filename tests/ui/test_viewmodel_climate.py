"""The climate screens' view functions and state, with plain pytest (no widget, no browser)."""

from __future__ import annotations

import html

import pytest

from simulation.climate import boundary_scale, everyone_like_us, growth_factor
from simulation.climate_data import load_climate
from simulation.climate_display import (
    ACCELERATION_FROM,
    ACCELERATION_PANELS,
    SCALE_MAX,
    acceleration_panels,
    processes_beyond,
    quantity_text,
)
from simulation.formatting import format_number, format_value
from simulation.summer import is_baseline, period_text, value_text
from simulation.texts import t
from simulation.ui import viewmodel_climate as vc
from simulation.ui.climate_state import LETTERS, AccelerationGame
from simulation.ui.components.climate_fragments import (
    acceleration_panel,
    boundaries_html,
    everyone_html,
    scenarios_chart,
    summer_story_html,
    summer_values_html,
)
from simulation.ui.viewmodel import Calculator

LANGS = ("fr", "en")


@pytest.fixture(scope="module")
def climate():
    return load_climate()


@pytest.fixture(scope="module")
def calc(model):
    return Calculator(model)


def _game(climate):
    return AccelerationGame([pid for pid, ids in ACCELERATION_PANELS
                             if any(s in climate.series for s in ids)])


# --------------------------------------------------------------------------- state
def test_acceleration_game_shuffles_records_guesses_and_reveals():
    game = AccelerationGame(["a", "b", "c"], seed=1)
    assert sorted(game.order) == ["a", "b", "c"] and game.order != ["a", "b", "c"]
    first = game.order[0]
    assert game.guess("A", first) and not game.guess("A", first)  # no change the 2nd time
    assert not game.guess("Z", "a") and not game.guess("A", "nope")
    assert game.guess("B", first)
    assert game.reveal() == 1 and game.is_right("A") and not game.is_right("B")
    assert not game.guess("C", "c")  # revealed: the answers are frozen
    game.hide()
    assert game.guesses == {"A": first, "B": first} and not game.revealed
    assert game.guess("B", None) and "B" not in game.guesses
    game.shuffle(7)
    assert game.guesses == {} and not game.revealed


# --------------------------------------------------------------------------- acceleration
def test_acceleration_hides_names_and_numbers_before_the_reveal(climate):
    game = _game(climate)
    view = vc.acceleration_view(climate, game, "fr")
    assert [p.letter for p in view.panels] == list(LETTERS[:len(game.order)])
    assert [p.id for p in view.panels] == game.order
    for p in view.panels:
        assert (p.title, p.unit, p.first, p.last, p.change, p.mark) == ("",) * 6
        assert "?" in acceleration_panel(p, view)
        for line in p.lines:
            assert all(0 <= x <= 100 and 0 <= y <= 100 for x, y in line)
    assert view.score == "" and view.sources == ()
    # the guess options do not give the order away
    assert [c.label for c in view.options] == sorted(c.label for c in view.options)


@pytest.mark.parametrize("lang", LANGS)
def test_acceleration_reveal_shows_the_data(climate, lang):
    game = _game(climate)
    game.guess("A", game.order[0])
    game.guess("B", game.order[0])
    game.reveal()
    view = vc.acceleration_view(climate, game, lang)
    panels = {p.id: p for p in acceleration_panels(climate, lang)}
    for p in view.panels:
        assert p.title == panels[p.id].title and p.change == panels[p.id].change
    a, b = view.panels[0], view.panels[1]
    assert a.right and a.mark == t("awareness.guess_right", lang)
    assert not b.right and b.mark == t("awareness.guess_wrong", lang)
    assert view.panels[2].mark == t("awareness.no_guess", lang)
    assert view.score == t("awareness.score", lang, ok="1", n=str(len(view.panels)))
    # population: its first and last points and its multiplier since 1950, from the rows
    pop = next(p for p in view.panels if p.id == "population")
    series = climate.series["world_population"]
    assert format_value(series.points[0].value, lang) in pop.first
    assert format_value(series.points[-1].value, lang) in pop.last
    factor = growth_factor(climate, "world_population", ACCELERATION_FROM, series.points[-1].year)
    assert format_number(factor, 2, lang) in pop.change
    # the curve starts at the left edge (1750) and rises to the top
    assert pop.lines[0][0][0] == 0.0 and min(y for _x, y in pop.lines[0]) == 0.0
    assert series.provenance.source in view.sources


def test_acceleration_co2_is_one_curve_from_two_series(climate):
    panel = next(p for p in acceleration_panels(climate) if p.id == "co2_concentration")
    assert [s.series for s in panel.segments] == ["co2_concentration_law_dome",
                                                   "co2_concentration_mauna_loa"]
    start = climate.series["co2_concentration_law_dome"].at(ACCELERATION_FROM).value
    end = climate.series["co2_concentration_mauna_loa"].points[-1].value
    assert format_number(end / start, 2) in panel.change


# --------------------------------------------------------------------------- boundaries
def test_boundaries_before_the_reveal_only_say_what_each_process_is(climate):
    view = vc.boundaries_view(climate, False, "fr")
    assert [p.id for p in view.processes] == list(climate.processes)
    for p in view.processes:
        assert p.meaning and not p.status and not p.status_label
        assert all(a.value == "" and a.width is None for v in p.variables
                   for a in v.assessments)
    assert view.counts == "" and view.sources == ()
    assert "atelier-pb-bar" not in boundaries_html(view)


@pytest.mark.parametrize("lang", LANGS)
def test_boundaries_revealed_match_their_rows(climate, lang):
    view = vc.boundaries_view(climate, True, lang)
    for year in (2023, 2025):
        n = len(processes_beyond(climate, year))
        assert n == climate.facts[f"pb_transgressed_{year}"].value
        assert t("awareness.count_in", lang, n=str(n), total=str(len(climate.processes)),
                 year=str(year)) in view.counts
    rows = {(b.label(lang), b.year): b for b in climate.boundaries.values()}
    for p in view.processes:
        for v in p.variables:
            for a in v.assessments:
                b = rows[(v.label, a.year)]
                assert a.status == b.status
                if b.current is None:
                    assert a.width is None
                    continue
                assert a.value == quantity_text(b.current, b.unit, lang, b.current_sign)
                position = boundary_scale(b)
                if position is not None:
                    assert a.width == pytest.approx(100 * min(position, SCALE_MAX) / SCALE_MAX,
                                                    abs=0.01)
    assert view.caveat  # some values were read in relays
    assert "atelier-pb-bar" in boundaries_html(view, lang)


# --------------------------------------------------------------------------- scenarios
def test_scenarios_draw_every_projection_and_detail_the_selected_one(climate):
    view = vc.scenarios_view(climate, "ssp5_85", "fr")
    assert [ln.id for ln in view.lines] == list(climate.scenarios)
    assert [ln.highlighted for ln in view.lines].count(True) == 1
    top = max(p.high for p in climate.projections.values())
    y_max = int(top) + 1
    ssp = next(ln for ln in view.lines if ln.id == "ssp5_85")
    long = climate.projection("ssp5_85", "long")
    assert ssp.points[-1][1] == pytest.approx(100 - 100 * long.value / y_max, abs=0.01)
    assert len(ssp.band) == 2 * len(ssp.points)
    assert view.detail == climate.scenarios["ssp5_85"].description_fr
    for row, h in zip(view.detail_rows, ("near", "mid", "long"), strict=True):
        p = climate.projection("ssp5_85", h)
        for v in (p.value, p.low, p.high):
            assert format_value(v, signed=True) in row.value
    tracc_world = [lv for lv in climate.tracc.values() if lv.place == "monde"]
    assert len(view.tracc_world) == len(tracc_world)
    assert [r.value for r in view.tracc_france] == [
        f"{format_value(lv.warming, signed=True)}\u202f°C"
        for lv in sorted((lv for lv in climate.tracc.values()
                          if lv.place == "france_hexagonale"), key=lambda lv: lv.year)]
    assert "◆" in scenarios_chart(view)
    assert vc.scenarios_view(climate, "nope", "fr").selected == next(iter(climate.scenarios))


# --------------------------------------------------------------------------- everyone
@pytest.mark.parametrize("lang", LANGS)
def test_everyone_like_us_shows_the_number_with_its_caveat(calc, climate, lang):
    levels = {"velo_marche": 4, "flexitarien": 3}
    view = vc.everyone_view(calc, climate, "france", levels, "CODE", lang)
    r = calc.result("france", levels)
    ill = everyone_like_us(climate, r.years, r.total)
    assert view.rows[0].total == vc.computed_warming(ill.total, lang, digits=3)
    assert len(view.rows) == 2  # our pathway and the no-lever one
    assert view.caveat == ill.caveat(lang)
    assert 0 <= view.rows[0].low <= view.rows[0].central <= view.rows[0].high <= 100
    page = html.unescape(everyone_html(view, lang))
    # the caveat comes right after the group's number, before the other pathway
    assert page.index(view.rows[0].total) < page.index(view.caveat) < page.index(
        view.rows[1].label)


def test_everyone_without_lever_shows_one_pathway(calc, climate):
    view = vc.everyone_view(calc, climate, "france", {}, "", "fr", error="Code invalide : x")
    assert len(view.rows) == 1 and view.error == "Code invalide : x"


# --------------------------------------------------------------------------- Été 2050
@pytest.mark.parametrize("lang", LANGS)
def test_summer_view_shows_each_value_of_its_row_and_what_is_missing(calc, climate, lang):
    view = vc.summer_view(calc, climate, {}, None, lang)
    assert view.reference == "tracc_fr_2050"
    assert [c.value for c in view.references][:3] == ["tracc_fr_2030", "tracc_fr_2050",
                                                       "tracc_fr_2100"]
    assert view.local_note == t("summer.local_missing", lang, name="TRACC 2050")
    assert view.national_rows == ()
    rows = {(r.indicator, r.place, r.period): r for r in view.local_rows}
    for data in climate.local.values():
        if data.place == "france_hexagonale":
            continue
        indicator = climate.indicators[data.indicator]
        key = (indicator.label(lang), climate.places[data.place].label(lang),
               period_text(data.period))
        if is_baseline(climate, data):  # shown on the row it is the reference climate of
            assert key not in rows
            assert any(value_text(data, indicator, lang) in r.before for r in view.local_rows)
            continue
        shown = rows[key]
        assert shown.value == value_text(data, indicator, lang)
        assert shown.source == data.provenance.source
        assert shown.secondary == data.provenance.secondary
        assert not shown.matches
    assert [a.source for a in view.actions] == [a.provenance.source
                                                for a in climate.actions.values()]
    assert view.story.title == t("summer.story_title", lang, year="2050", place="Montpellier")
    page = html.unescape(summer_values_html(view, lang) + summer_story_html(view))
    assert view.local_note in page and view.story.title in page


def test_summer_view_at_4_degrees_lists_the_national_values(calc, climate):
    view = vc.summer_view(calc, climate, {"velo_marche": 4}, "tracc_fr_2100", "fr")
    tied = [r for r in climate.local.values() if r.warming_level == "tracc_fr_2100"]
    assert len(view.national_rows) == len(tied)
    for shown, data in zip(view.national_rows, tied, strict=True):
        assert shown.value == value_text(data, climate.indicators[data.indicator], "fr")
        assert shown.matches
    assert t("summer.streets_fewer_cars", "fr") in view.story.plain()


def test_summer_view_of_an_ssp(calc, climate):
    view = vc.summer_view(calc, climate, {}, "ssp3_70", "en")
    p = climate.projection("ssp3_70", "mid")
    assert format_value(p.value, "en", signed=True) in view.reference_text
    assert climate.scenarios["ssp3_70"].description_en in view.reference_text
    assert view.national_note == t("summer.national_missing", "en", name="SSP3-7.0")
