"""Every callback of the dashboard, driven headlessly with the real model."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

from simulation.formatting import format_co2
from simulation.pathway import encode_pathway
from simulation.ui.app import (
    ITEMS_MAX_BARS,
    TAB_LEVERS,
    TAB_PROSPECTIVE,
    TAB_SOURCES,
    TAB_TEAMS,
    AtelierApp,
)

from .conftest import total_text


def _click_level(app, lever_id, level):
    """Click as a facilitator would: levers tab, the lever's sector, the level; then back to
    the tab that was shown."""
    shown = app.tabs.selected_index
    app.tabs.selected_index = TAB_LEVERS
    app.lever_sector.value = app.model.lever(lever_id).sector
    app.lever_widgets[lever_id][1].value = level
    app.tabs.selected_index = shown


def _expected_total(model, levels, territory="france"):
    return format_co2(model.evaluate(levels, territory=territory).value(2050), digits=3)


def test_opens_on_the_first_tab_in_french(app):
    assert app.tabs.selected_index == TAB_SOURCES
    assert app.tabs.titles == ("D'où viennent nos émissions ?", "Leviers d'action",
                               "Prospective 2050", "Équipes et manches")
    assert app.team_buttons.options == (("Équipe 1", 0),)
    assert app.undo_button.disabled


def test_tabs_are_built_and_attached_when_first_shown(app, model):
    assert not app.is_built(TAB_LEVERS)
    assert app._tab_slots[TAB_LEVERS].children == ()
    app.tabs.selected_index = TAB_LEVERS
    assert app.is_built(TAB_LEVERS)
    assert app._tab_slots[TAB_LEVERS].children == (app._tab_contents[TAB_LEVERS],)
    # only the first sector's levers exist until another sector is shown
    first = app.lever_sector.value
    assert {model.lever(k).sector for k in app.lever_widgets} == {first}
    app.lever_sector.value = "alimentation"
    assert {model.lever(k).sector for k in app.lever_widgets} == {first, "alimentation"}


def test_sources_tab_shows_the_baseline_footprint(app, model):
    base = model.evaluate({}, territory="france")
    values = base.sector_values(int(base.years[0]))
    bars = app.footprint.bars
    d = 1000.0 if max(values.values()) >= 2000 else 1.0
    np.testing.assert_allclose(bars.y, [values[s] / d for s in app.sector_ids])
    app.item_sector.value = "alimentation"
    items = base.items["alimentation"]
    assert len(app.items_chart.bars.x) == len(items)
    assert "Alimentation" in app.items_chart.figure.title
    # A sector with more sub-items than fit: the smallest are folded into « Autres ».
    app.item_sector.value = "batiment"
    items = base.item_values(int(base.years[0]))["batiment"]
    assert len(items) > ITEMS_MAX_BARS
    shown = np.asarray(app.items_chart.bars.y, dtype=float)
    assert len(shown) == ITEMS_MAX_BARS
    assert str(app.items_chart.bars.x[-1]).startswith("Autres")
    d = 1000.0 if max(items.values()) >= 2000 else 1.0
    np.testing.assert_allclose(shown.sum() * d, sum(items.values()), rtol=1e-9)


def test_level_change_updates_total_charts_code_and_undo(app, model):
    app.tabs.selected_index = TAB_LEVERS
    before = total_text(app)
    assert before == _expected_total(model, {})
    _click_level(app, "velo_marche", 4)
    assert app.session.level("velo_marche") == 4
    assert total_text(app) == _expected_total(model, {"velo_marche": 4})
    assert total_text(app) != before
    # trajectory and waterfall follow
    result = model.evaluate({"velo_marche": 4}, territory="france")
    line = np.asarray(app.trajectory.line.y)
    np.testing.assert_allclose(line * (1000.0 if line.max() < 100 else 1.0), result.total,
                               rtol=1e-9)
    assert len(app.waterfall.bars.x) == 3  # no lever, vélo, 2050
    code = encode_pathway(model, "france", {"velo_marche": 4})
    assert html.escape(code) in app.code_html.value
    level_text = model.lever("velo_marche").levels[4].label_fr
    assert html.escape(level_text) in app.lever_widgets["velo_marche"][2].value
    assert not app.undo_button.disabled
    app.undo_button.click()
    assert app.session.level("velo_marche") == 0
    assert app.lever_widgets["velo_marche"][1].value == 0
    assert total_text(app) == before
    assert app.undo_button.disabled


def test_nothing_to_undo_says_so(app):
    app._on_undo()
    assert "Rien à annuler" in app.status.value


def test_waterfall_steps_are_the_shapley_contributions(app, model):
    app.tabs.selected_index = TAB_LEVERS
    levels = {"velo_marche": 4, "renovation": 3, "flexitarien": 2}
    for k, v in levels.items():
        _click_level(app, k, v)
    contrib = model.attribution(levels, territory="france")
    rows = np.asarray(app.waterfall.bars.y)
    d = 1000.0 if rows.sum(axis=0).max() < 100 else 1.0
    steps = (rows[3] - rows[2])[1:-1] * d  # increase minus reduction
    np.testing.assert_allclose(sorted(steps), sorted(contrib.values()), rtol=1e-9, atol=1e-6)
    end = rows[1][-1] * d
    assert end == pytest.approx(model.evaluate(levels, territory="france").value(2050))


def test_waterfall_folds_small_levers_into_others(app):
    app.tabs.selected_index = TAB_LEVERS
    for lever in app.model.levers:
        _click_level(app, lever.id, 2)
    labels = list(app.waterfall.bars.x)
    assert labels[-2] == "Autres"
    assert len(labels) == 2 + 7 + 1


def test_sector_switch_shows_that_sectors_levers(app, model):
    app.tabs.selected_index = TAB_LEVERS
    app.lever_sector.value = "batiment"
    shown = {id(box) for box in app.lever_list.children}
    expected = [lv.id for lv in model.levers if lv.sector == "batiment"]
    assert len(shown) == len(expected)
    assert all(id(box) in shown for box in app.lever_boxes["batiment"])


def test_team_switch_add_and_compare(app, model):
    app.tabs.selected_index = TAB_LEVERS
    _click_level(app, "moins_avion", 4)
    first = total_text(app)
    app.add_team_button.click()
    assert app.session.active == 1
    assert app.team_buttons.options == (("Équipe 1", 0), ("Équipe 2", 1))
    assert app.team_buttons.value == 1
    assert app.lever_widgets["moins_avion"][1].value == 0
    assert total_text(app) == _expected_total(model, {})
    _click_level(app, "renovation", 4)
    app.team_buttons.value = 0
    assert total_text(app) == first
    assert app.lever_widgets["moins_avion"][1].value == 4
    assert app.lever_widgets["renovation"][1].value == 0
    app.tabs.selected_index = TAB_TEAMS
    assert list(app.teams_chart.bars.x) == ["Équipe 1", "Équipe 2"]
    assert "Équipe 2" in app.teams_summary.value
    assert html.escape(app.session.code(1)) in app.teams_summary.value
    app.add_team_button.click()
    app.add_team_button.click()
    assert app.add_team_button.disabled
    app.add_team_button.click()  # a fifth click does nothing
    assert len(app.session.teams) == 4


def test_rounds_save_and_replay(app):
    app.tabs.selected_index = TAB_TEAMS
    _click_level(app, "covoiturage", 2)
    app.save_round_button.click()
    assert app.rounds_select.options == (("Manche 1", 1),)
    assert "Manche 1 enregistrée" in app.status.value
    _click_level(app, "covoiturage", 4)
    app.rounds_select.value = 1
    app.load_round_button.click()
    assert app.session.level("covoiturage") == 2
    assert app.lever_widgets["covoiturage"][1].value == 2
    app.undo_button.click()
    assert app.session.level("covoiturage") == 4


def test_load_round_without_selection_does_nothing(app):
    app.tabs.selected_index = TAB_TEAMS
    assert app.load_round_button.disabled
    app.load_round_button.click()
    assert app.session.history == []


def test_code_box_restores_and_rejects(app, model):
    code = encode_pathway(model, "montpellier-metropole", {"teletravail": 3})
    app.tabs.selected_index = TAB_TEAMS
    app.code_input.value = code
    app.code_button.click()
    assert app.session.territory == "montpellier-metropole"
    assert app.territory_dropdown.value == "montpellier-metropole"
    assert app.session.level("teletravail") == 3
    assert "restauré" in app.status.value
    app.code_input.value = "n'importe quoi"
    app.code_button.click()
    assert "Code invalide" in app.status.value
    assert app.session.level("teletravail") == 3


def test_query_string_restores_code_and_language(model):
    code = encode_pathway(model, "france", {"vegetarien": 4})
    app = AtelierApp(model=model)
    app.restore_from_query(f"code={code}&lang=en")
    assert app.lang == "en"
    assert app.session.level("vegetarien") == 4
    app.tabs.selected_index = TAB_LEVERS
    assert total_text(app) == format_co2(
        model.evaluate({"vegetarien": 4}).value(2050), lang="en", digits=3
    )
    app.restore_from_query(None)  # no query string (Jupyter, or Voilà without ?code=)
    assert app.session.level("vegetarien") == 4
    bad = AtelierApp(model=model)
    bad.restore_from_query("code=%3Cscript%3E")
    assert "Code invalide" in bad.status.value
    assert "<script>" not in bad.status.value


def test_language_toggle_changes_every_text(app, model):
    app.tabs.selected_index = TAB_LEVERS
    app.lang_button.click()
    assert app.tabs.titles[1] == "Levers for action"
    assert app.lang_button.description == "Français"
    assert app.team_buttons.options == (("Team 1", 0),)
    lever = model.levers[0]
    app.lever_sector.value = lever.sector
    assert html.escape(lever.title_en) in app.lever_widgets[lever.id][0].value
    assert "per inhabitant per year" in app.big.value
    assert app.trajectory.figure.title == "Pathway 2023–2050"
    assert total_text(app) == format_co2(model.evaluate({}).value(2050), lang="en",
                                             digits=3)
    app.lang_button.click()
    assert app.tabs.titles[1] == "Leviers d'action"
    assert "par habitant et par an" in app.big.value


def test_territory_switch_redraws(app, model):
    app.tabs.selected_index = TAB_LEVERS
    france = total_text(app)
    app.territory_dropdown.value = "montpellier-metropole"
    assert app.session.territory == "montpellier-metropole"
    assert total_text(app) == _expected_total(model, {}, "montpellier-metropole")
    assert "Montpellier" in app.big.value
    app.undo_button.click()
    assert app.territory_dropdown.value == "france"
    assert total_text(app) == france


def test_prospective_tab_compares_with_presets_and_tells_the_story(app, model):
    _click_level(app, "velo_marche", 4)
    app.tabs.selected_index = TAB_PROSPECTIVE
    labels = list(app.presets_chart.bars.x)
    assert labels[0] == "Nous"
    assert len(labels) == 1 + len(model.scenarios)
    text = app.narrative.value
    assert "En 2050, dans notre territoire" in text
    assert html.escape(model.lever("velo_marche").title_fr) in text
    assert html.escape(model.lever("velo_marche").levels[4].label_fr) in text
    app.preset_dropdown.value = "s1"
    app.preset_button.click()
    assert app.session.levels() == {
        lv.id: model.scenarios["s1"].levels.get(lv.id, 0) for lv in model.levers
    }


def test_narrative_without_lever(app):
    app.tabs.selected_index = TAB_PROSPECTIVE
    assert "aucun levier" in app.narrative.value


def test_reset_button(app):
    _click_level(app, "velo_marche", 2)
    app.reset_button.click()
    assert app.session.active_levels() == {}
    app.reset_button.click()  # nothing more to reset: no new undo step
    assert len(app.session.history) == 2


def test_card_game_draw_order_reveal(app):
    from simulation.cards import load_ges_cards

    printed = {c.id: c for c in load_ges_cards(territory="france")}
    assert app.deck_dropdown.options
    app.deck_dropdown.value = "alimentation"
    app.draw_button.click()
    drawn = list(app.cards.cards)
    assert len(drawn) == 5
    assert all(c.deck == "alimentation" for c in drawn)
    assert all(html.escape(c.display_fr) not in app.card_rows[0][2].value for c in drawn)
    app.card_rows[0][1].click()  # move the first card down
    assert app.cards.cards[1].id == drawn[0].id
    app.reveal_button.click()
    assert app.cards.revealed
    score = re.search(r"(\d) sur 5", app.cards_result.value)
    assert score and int(score.group(1)) == app.cards.score()
    for i, card in enumerate(app.cards.cards):
        # the very numbers of the printed cards
        assert html.escape(printed[card.id].display_fr) in app.card_rows[i][2].value
    assert app.card_rows[0][0].disabled and app.card_rows[0][1].disabled
    app.draw_button.click()
    assert not app.cards.revealed


def test_reveal_before_draw_does_nothing(app):
    app.reveal_button.click()
    assert not app.cards.revealed


def test_card_loader_failure_is_shown_not_raised(model):
    from simulation.exceptions import CardFileError, Problem

    def broken(_territory):
        raise CardFileError(Problem("data/cards/x.toml", 3, "value", "<b>cassé</b>"))

    app = AtelierApp(model=model, cards_loader=broken)
    assert "Cartes indisponibles" in app.cards_hint.value
    assert "<b>cassé</b>" not in app.cards_hint.value
    app.draw_button.click()
    assert app.cards.cards == []


def test_pdf_export_gives_a_download_link(app):
    _click_level(app, "velo_marche", 4)
    app.tabs.selected_index = TAB_TEAMS
    app.pdf_button.click()
    assert app.last_pdf.startswith(b"%PDF")
    assert 'download="feuille-de-route-1.pdf"' in app.pdf_link.value
    assert "data:application/pdf;base64," in app.pdf_link.value


def test_render_is_throttled_in_a_running_loop(model):
    import asyncio

    app = AtelierApp(model=model)
    app.tabs.selected_index = TAB_LEVERS

    async def burst():
        calls = app.render_throttle.calls
        for level in (1, 2, 3, 4, 1, 2, 3, 4):
            _click_level(app, "covoiturage", level)
        # the first click rendered at once, the others wait for one trailing render
        assert app.render_throttle.calls <= calls + 1
        assert app.render_throttle.pending
        await asyncio.sleep(app.render_throttle.interval_s * 3)
        return calls

    before = asyncio.run(burst())
    assert app.render_throttle.calls == before + 2
    assert total_text(app) == _expected_total(model, {"covoiturage": 4})


def test_labels_from_data_are_escaped(model, monkeypatch):
    from dataclasses import replace

    lever = model.levers[0]
    evil = replace(lever, title_fr="<img src=x onerror=alert(1)>")
    monkeypatch.setattr(model, "levers", (evil, *model.levers[1:]))
    monkeypatch.setattr(model, "lever", lambda lid: evil if lid == lever.id else
                        next(lv for lv in model.levers if lv.id == lid))
    app = AtelierApp(model=model)
    _click_level(app, lever.id, 2)
    assert "<img" not in app.lever_widgets[lever.id][0].value
    app.tabs.selected_index = TAB_PROSPECTIVE
    assert "<img" not in app.narrative.value
    assert "&lt;img" in app.narrative.value


def test_query_string_from_voila_environment(model, monkeypatch):
    code = encode_pathway(model, "france", {"teletravail": 2})
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", f"code={code}")
    app = AtelierApp(model=model)
    app.restore_from_url()
    assert app.session.level("teletravail") == 2


def test_invalid_data_gives_a_readable_page_not_a_traceback(monkeypatch):
    import simulation.model
    from simulation.exceptions import LeverFileError, Problem
    from simulation.ui.app import ErrorPage, load_app

    def broken(*_args, **_kwargs):
        raise LeverFileError(Problem("data/levers/mobilite.toml", 12, "levels",
                                     "5 niveaux attendus <0 à 4>"))

    monkeypatch.setattr(simulation.model, "load_model", broken)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    page = load_app()
    assert isinstance(page, ErrorPage)
    text = page.widget.children[1].value
    assert "data/levers/mobilite.toml:12: levels: 5 niveaux attendus &lt;0 à 4&gt;" in text
    page.restore_from_url()  # same interface as the app: the notebook's 2nd cell runs


def test_load_app_builds_the_dashboard(model):
    from simulation.ui.app import load_app

    assert isinstance(load_app(model=model), AtelierApp)
