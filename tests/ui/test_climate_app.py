"""The climate tabs of the facilitator's dashboard and the awareness page, headless widgets."""

from __future__ import annotations

import html

import pytest

from simulation.climate_data import load_climate
from simulation.pathway import encode_pathway
from simulation.summer import value_text
from simulation.texts import t
from simulation.ui.app import TAB_KEYS, AtelierApp
from simulation.ui.awareness import ACCELERATION, BOUNDARIES, EVERYONE, SCENARIOS, AwarenessApp
from simulation.ui.climate_tabs import TAB_AWARENESS, TAB_SUMMER
from simulation.ui.components.awareness import NO_GUESS


@pytest.fixture(scope="module")
def climate():
    return load_climate()


def _text(widget) -> str:
    return html.unescape(widget.value)


def test_facilitator_app_has_the_summer_and_awareness_tabs(model):
    app = AtelierApp(model=model)
    assert TAB_KEYS[TAB_SUMMER] == "summer.tab" and TAB_KEYS[TAB_AWARENESS] == "awareness.tab"
    assert app.tabs.get_title(TAB_SUMMER) == t("summer.tab")
    assert not app.is_built(TAB_SUMMER) and not app.is_built(TAB_AWARENESS)


def test_summer_tab_follows_the_reference_and_the_active_team(model, climate):
    app = AtelierApp(model=model)
    app.tabs.selected_index = TAB_SUMMER
    tab = app.tabs_content[TAB_SUMMER]
    assert t("summer.story_title", year="2050", place="Montpellier") in _text(tab.story)
    assert t("summer.streets_cars") in _text(tab.story)
    tab.reference.value = "tracc_fr_2100"
    story, values = _text(tab.story), _text(tab.values)
    assert t("summer.story_title", year="2100", place="Montpellier") in story
    row = climate.local["fr_days_above_35_tracc4"]
    assert value_text(row, climate.indicators[row.indicator]) in values
    app.session.set_level("velo_marche", 4)
    app._render_tab(TAB_SUMMER)
    assert t("summer.streets_fewer_cars") in _text(tab.story)
    app._on_lang()
    assert t("summer.story_title", "en", year="2100", place="Montpellier") in _text(tab.story)


def test_awareness_tab_tells_the_active_teams_pathway(model):
    app = AtelierApp(model=model)
    app.session.set_level("moins_avion", 4)
    app.tabs.selected_index = TAB_AWARENESS
    game = app.tabs_content[TAB_AWARENESS]
    game.go(EVERYONE)
    screen = game.screens[EVERYONE]
    assert app.session.code() in _text(screen.status)
    assert screen.code_box.layout.display == "none"  # the team's pathway, no code to type
    assert t("ui.no_lever") in _text(screen.body)  # our pathway next to the no-lever one


def test_awareness_page_guess_reveal_and_shuffle(model):
    page = AwarenessApp(model=model)
    game = page.game
    screen = game.screens[ACCELERATION]
    chart, choice = screen.cards[0]
    choice.value = game.acceleration.order[0]
    assert game.acceleration.guesses == {"A": game.acceleration.order[0]}
    screen.reveal.click()
    assert game.acceleration.revealed and choice.disabled
    assert t("awareness.guess_right") in _text(chart)
    assert screen.reveal.layout.display == "none" and screen.hide.layout.display == ""
    screen.shuffle.click()
    assert not game.acceleration.revealed and game.acceleration.guesses == {}
    assert screen.cards[0][1].value == NO_GUESS


def test_awareness_page_boundaries_and_scenarios(model, climate):
    page = AwarenessApp(model=model)
    page.game.go(BOUNDARIES)
    boundaries = page.game.screens[BOUNDARIES]
    assert "atelier-pb-bar" not in boundaries.body.value
    boundaries.reveal.click()
    assert "atelier-pb-bar" in boundaries.body.value
    page.game.go(SCENARIOS)
    scenarios = page.game.screens[SCENARIOS]
    scenarios.choice.value = "ssp3_70"
    assert t("awareness.scenario_detail", name="SSP3-7.0") in _text(scenarios.detail)
    assert climate.scenarios["ssp3_70"].description_fr in _text(scenarios.detail)


def test_awareness_page_code_from_the_url_and_a_wrong_code(model):
    levels = {"velo_marche": 4, "vegetarien": 3}
    code = encode_pathway(model, "montpellier-metropole", levels)
    page = AwarenessApp(model=model)
    page.restore_from_query(f"code={code}&lang=en")
    assert page.game.step == EVERYONE and page.lang == "en"
    screen = page.game.screens[EVERYONE]
    assert code in _text(screen.status) and "Montpellier" in _text(screen.status)
    assert t("ui.our_pathway", "en") in _text(screen.body)
    assert page.apply_code("PAS-UN-CODE") is False
    assert t("ui.bad_code", "en", error="")[:10] in _text(screen.status)
    assert page.levels == levels  # the last good pathway is kept
    screen.code.value = code.lower()
    screen.apply.click()
    assert page.game.code_error == ""
