"""The controller and its components, driven headlessly with the real model.

Clicks go through the components' widgets (their callbacks reach the controller); what the
widgets show is read back from their values and HTML, and compared with the model and with
the view-model's views (:func:`assert_shows_view`).
"""

from __future__ import annotations

import base64
import re
import shutil

import numpy as np
import pytest
from pypdf import PdfReader

from simulation import metrics
from simulation.formatting import format_co2, parse_number
from simulation.pathway import encode_pathway
from simulation.texts import t
from simulation.ui import viewmodel as vm
from simulation.ui.app import (
    TAB_KEYS,
    TAB_LEVERS,
    TAB_PROSPECTIVE,
    TAB_SOURCES,
    TAB_TEAMS,
    AtelierApp,
)
from simulation.ui.components.fragments import display_text
from simulation.ui.components.sources import CARDS_PER_DRAW
from simulation.ui.state import MAX_NAME

from .conftest import assert_shows_view, bar_rows, columns, parse_html, total_text, trajectory


def show(app, index):
    """Show tab ``index`` as a click on its title would; return its component."""
    app.tabs.selected_index = index
    return app.tabs_content[index]


def click_level(app, lever_id, level):
    """Click as a facilitator would: levers tab, the lever's sector, the level; then back to
    the tab that was shown."""
    shown = app.tabs.selected_index
    levers = show(app, TAB_LEVERS)
    levers.sector.value = app.model.lever(lever_id).sector
    levers.lever_widgets[lever_id][1].value = level
    app.tabs.selected_index = shown


def expected_total(model, levels, territory="france", lang="fr"):
    return format_co2(model.evaluate(levels, territory=territory).value(2050), lang=lang,
                      digits=metrics.LIVE_DIGITS)


def status(app) -> str:
    return parse_html(app.header.status.value).text()


def header_code(app) -> str:
    return parse_html(app.header.code.value).find("atelier-code").text()


def levers_by_sector(model):
    out = {}
    for lv in model.levers:
        out.setdefault(lv.sector, []).append(lv.id)
    return out


def html_values(widget):
    """Every HTML string of a widget tree (what reaches the browser as markup)."""
    import ipywidgets as w

    if isinstance(widget, w.HTML):
        yield widget.value
    for child in getattr(widget, "children", ()):
        yield from html_values(child)


# ---------------------------------------------------------------------------------------
# Opening, tabs, header
# ---------------------------------------------------------------------------------------
def test_opens_on_the_first_tab_in_french(app):
    assert app.tabs.selected_index == TAB_SOURCES
    assert app.tabs.titles == tuple(t(key) for key in TAB_KEYS)
    assert app.tabs.titles[1] == "Leviers d'action"
    assert app.header.teams.options == (("Équipe 1", 0),)
    assert app.header.undo.disabled
    assert not app.header.add_team.disabled
    assert header_code(app) == app.session.code()
    assert_shows_view(app)


def test_tabs_are_built_and_attached_when_first_shown(app, model):
    assert app.is_built(TAB_SOURCES)
    for index in (TAB_LEVERS, TAB_PROSPECTIVE, TAB_TEAMS):
        assert not app.is_built(index)
        assert app._slots[index].children == ()
    levers = show(app, TAB_LEVERS)
    assert app.is_built(TAB_LEVERS) and not app.is_built(TAB_TEAMS)
    assert app._slots[TAB_LEVERS].children == (levers.widget,)
    # only the first sector's levers exist until another sector is shown
    first = levers.sector.value
    by_sector = levers_by_sector(model)
    assert set(levers.lever_widgets) == set(by_sector[first])
    other = next(s for s in model.sectors if s != first and s in by_sector)
    levers.sector.value = other
    assert set(levers.lever_widgets) == set(by_sector[first]) | set(by_sector[other])
    assert levers.list_slot.children == (levers.lists[other],)
    assert len(levers.lists[other].children) == len(by_sector[other])
    assert_shows_view(app)
    for index in (TAB_PROSPECTIVE, TAB_TEAMS):
        show(app, index)
        assert app.is_built(index)
        assert_shows_view(app)


def test_a_hidden_tab_is_redrawn_when_shown_again(app, model):
    show(app, TAB_TEAMS)
    lever = model.levers[0].id
    click_level(app, lever, 4)  # changed from the levers tab, the teams tab is hidden
    teams = show(app, TAB_TEAMS)
    assert_shows_view(app)
    assert encode_pathway(model, "france", {lever: 4}) in parse_html(teams.table.value).text()


def test_nothing_to_undo_says_so(app):
    app.header.undo.click()
    assert status(app) == t("ui.nothing_to_undo")


def test_projection_mode_toggles_a_class_and_its_label(app):
    assert app.header.projection.description == t("ui.projection_on")
    app.header.projection.value = True
    assert "atelier-projection" in app.widget._dom_classes
    assert app.header.projection.description == t("ui.projection_off")
    app.header.projection.value = False
    assert "atelier-projection" not in app.widget._dom_classes


# ---------------------------------------------------------------------------------------
# Tab 1: sources
# ---------------------------------------------------------------------------------------
def test_sources_tab_shows_the_baseline_footprint(app, model):
    sources, _game = app.tabs_content[TAB_SOURCES]
    base = model.evaluate({}, territory="france")
    values = base.sector_values(int(base.years[0]))
    rows = bar_rows(sources.footprint.value)
    assert [r["label"] for r in rows] == [model.sector_label(s) for s in model.sectors]
    assert [r["value"] for r in rows] == [format_co2(values[s]) for s in model.sectors]
    top = max(values.values())
    np.testing.assert_allclose([r["width"] for r in rows],
                               [100 * values[s] / top for s in model.sectors], atol=0.01)
    assert str(int(base.years[0])) in parse_html(sources.footprint.value).find(tag="h3").text()
    # the detail of another sector, largest item first
    sector = model.sectors[1]
    sources.sector.value = sector
    items = base.item_values(int(base.years[0]))[sector]
    rows = bar_rows(sources.items.value)
    largest = max(items, key=items.get)
    assert rows[0]["label"] == model.item_label(largest)
    assert rows[0]["value"] == format_co2(items[largest])
    assert rows[0]["width"] == pytest.approx(100.0)
    assert model.sector_label(sector) in parse_html(sources.items.value).find(tag="h3").text()
    assert_shows_view(app)


def test_territory_switch_redraws_everywhere_and_undo_restores(app, model):
    other = next(tid for tid in model.territories if tid != "france")
    sources, _game = app.tabs_content[TAB_SOURCES]
    sources.territory.value = other
    assert app.session.territory == other
    assert_shows_view(app)
    base = model.evaluate({}, territory=other)
    first = bar_rows(sources.footprint.value)[0]
    assert first["value"] == format_co2(base.sector_values(int(base.years[0]))[model.sectors[0]])
    show(app, TAB_LEVERS)
    assert total_text(app) == expected_total(model, {}, other)
    assert model.territories[other].name_fr in parse_html(app.levers_tab.big.value).text()
    app.header.undo.click()
    assert app.session.territory == "france"
    assert total_text(app) == expected_total(model, {})
    show(app, TAB_SOURCES)
    assert sources.territory.value == "france"
    assert_shows_view(app)


def test_national_note_shows_for_a_territory_that_inherits(app, model):
    sources, _game = app.tabs_content[TAB_SOURCES]
    for tid, terr in model.territories.items():
        sources.territory.value = tid
        inherited = sum(1 for p in terr.parameters.values() if p.inherited_from)
        text = parse_html(sources.national.value).text()
        assert text == (t("ui.national_note", n=inherited, total=len(terr.parameters))
                        if inherited else "")


# ---------------------------------------------------------------------------------------
# Tab 1: the card game
# ---------------------------------------------------------------------------------------
def card_texts(game):
    return [parse_html(text.value) for _u, _d, text, row in game.rows
            if row.layout.display != "none"]


def test_card_game_draw_order_reveal(app, model):
    from simulation.cards import load_ges_cards

    printed = {c.id: c for c in load_ges_cards(territory="france")}
    _sources, game = app.tabs_content[TAB_SOURCES]
    decks = [v for _label, v in game.deck.options]
    assert decks == list(dict.fromkeys(c.deck for c in printed.values()))
    assert [label for label, _v in game.deck.options] == [
        model.vocabulary.sectors[d].title("fr") for d in decks]
    assert game.reveal.disabled  # nothing drawn yet
    game.deck.value = decks[1]
    game.draw.click()
    drawn = list(app.cards.cards)
    assert len(drawn) == CARDS_PER_DRAW
    assert all(c.deck == decks[1] for c in drawn)
    texts = card_texts(game)
    assert [n.find_all(tag="b")[1].text() for n in texts] == [c.title_fr for c in drawn]
    assert all(not n.find_all("atelier-card-value") for n in texts)  # values hidden
    assert game.rows[0][0].disabled and not game.rows[0][1].disabled  # first: ▼ only
    assert game.rows[CARDS_PER_DRAW - 1][1].disabled
    game.rows[0][1].click()  # move the first card down
    assert app.cards.cards[1].id == drawn[0].id
    assert_shows_view(app)
    guess = [c.id for c in app.cards.cards]
    game.reveal.click()
    assert app.cards.revealed and game.reveal.disabled
    texts = card_texts(game)
    right = sorted(app.cards.cards, key=lambda c: -c.value_kg)
    assert [n.find_all(tag="b")[1].text() for n in texts] == [c.title_fr for c in right]
    top = right[0].value_kg
    for node, card in zip(texts, right, strict=True):
        # the very numbers of the printed cards, and a bar proportional to them
        assert node.find("atelier-card-value").text() == printed[card.id].display_fr
        width = float(node.find("atelier-bar").style["width"].rstrip("%"))
        assert width == pytest.approx(100 * card.value_kg / top, abs=0.05)
        was = guess.index(card.id) + 1
        mark = node.find_all("atelier-card-rank") or node.find_all("atelier-card-ok")
        assert mark[0].text() in (t("ui.card_right"), t("ui.card_was", rank=was))
        assert (mark[0].text() == t("ui.card_right")) == app.cards.is_right(card.id)
    score = parse_html(game.result.value).find("atelier-score").text()
    assert score == t("ui.cards_score", ok=app.cards.score(), n=CARDS_PER_DRAW)
    assert all(up.layout.display == down.layout.display == "none"
               for up, down, *_rest in game.rows)
    assert_shows_view(app)
    game.draw.click()
    assert not app.cards.revealed
    assert game.result.value == ""
    assert_shows_view(app)


def test_reveal_before_draw_does_nothing(app):
    _sources, game = app.tabs_content[TAB_SOURCES]
    game.reveal.click()
    assert not app.cards.revealed
    assert card_texts(game) == []


def test_card_loader_failure_is_shown_not_raised(model):
    from simulation.exceptions import CardFileError, Problem

    def broken(_territory):
        raise CardFileError(Problem("data/cards/x.toml", 3, "value", "<b>cassé</b>"))

    app = AtelierApp(model=model, cards_loader=broken)
    _sources, game = app.tabs_content[TAB_SOURCES]
    hint = parse_html(game.hint.value)
    assert hint.text().startswith("Cartes indisponibles")
    assert "<b>cassé</b>" in hint.text()  # shown as text…
    assert not hint.find_all(tag="b")  # …never as markup
    game.draw.click()
    assert app.cards.cards == []


# ---------------------------------------------------------------------------------------
# Tab 2: levers
# ---------------------------------------------------------------------------------------
def test_level_change_updates_total_charts_code_and_undo(app, model):
    lever = model.levers[0]
    levers = show(app, TAB_LEVERS)
    before = total_text(app)
    assert before == expected_total(model, {})
    click_level(app, lever.id, 4)
    assert app.session.level(lever.id) == 4
    assert total_text(app) == expected_total(model, {lever.id: 4})
    # trajectory: the SVG line, read back in the axis' unit (y down, 0 at the top tick)
    result = model.evaluate({lever.id: 4}, territory="france")
    chart = trajectory(levers.trajectory.html)
    unit = 1000.0 if chart["unit"] == t("ui.unit_t") else 1.0
    top = float(parse_number(chart["y_ticks"][-1][0])) * unit
    (line,) = chart["line"]
    np.testing.assert_allclose([(100 - y) / 100 * top for _x, y in line], result.total,
                               atol=top * 1e-4)
    band = metrics.uncertainty_band(model, {lever.id: 4}, "france")
    (polygon,) = chart["band"]
    high = [(100 - y) / 100 * top for _x, y in polygon[len(line):]][::-1]
    np.testing.assert_allclose(high, band.total_high, atol=top * 1e-4)
    legend = parse_html(levers.trajectory_legend.value).text()
    assert display_text(t("metric.band", low=format_co2(float(band.total_low[-1])),
                          high=format_co2(float(band.total_high[-1])))) in legend
    # waterfall: no lever, this lever, 2050
    rows = bar_rows(levers.waterfall.value)
    assert [r["label"] for r in rows] == [t("ui.no_lever"), lever.title_fr, "2050"]
    assert header_code(app) == encode_pathway(model, "france", {lever.id: 4})
    assert parse_html(levers.lever_widgets[lever.id][2].value).text() == display_text(
        lever.levels[4].label_fr)
    assert_shows_view(app)
    assert not app.header.undo.disabled
    app.header.undo.click()
    assert app.session.level(lever.id) == 0
    assert levers.lever_widgets[lever.id][1].value == 0
    assert total_text(app) == before
    assert app.header.undo.disabled
    assert_shows_view(app)


def test_waterfall_steps_are_the_shares_of_the_groups_change(app, model):
    ids = [ids[0] for ids in levers_by_sector(model).values()][:3]
    levels = dict(zip(ids, (4, 3, 2), strict=True))
    for k, v in levels.items():
        click_level(app, k, v)
    levers = show(app, TAB_LEVERS)
    shares = metrics.shares_of_change(model, levels, "france")
    ranked = sorted(shares.items(), key=lambda kv: -abs(kv[1]))
    rows = bar_rows(levers.waterfall.value)
    assert [r["label"] for r in rows[1:-1]] == [model.lever(k).title_fr for k, _v in ranked]
    assert [r["value"] for r in rows[1:-1]] == [format_co2(v, signed=True) for _k, v in ranked]
    end = model.evaluate(levels, territory="france").value(2050)
    assert rows[-1]["value"] == format_co2(end)
    # each step starts where the previous one ended (widths in % of the tallest level)
    start = model.evaluate({}, territory="france").value(2050)
    walk = np.cumsum([start, *(v for _k, v in ranked)])
    top = walk.max()
    for row, (_k, v), before in zip(rows[1:-1], ranked, walk[:-1], strict=True):
        assert row["offset"] == pytest.approx(100 * min(before, before + v) / top, abs=0.01)
    note = parse_html(levers.waterfall.value).find(tag="p").text()
    assert note.startswith(t("metric.share_of_change"))


def test_waterfall_folds_small_levers_into_others(app, model):
    levers = show(app, TAB_LEVERS)
    app.session.set_levels({lv.id: 2 for lv in model.levers})
    app.request_render()
    labels = [r["label"] for r in bar_rows(levers.waterfall.value)]
    assert labels[-2] == t("ui.others")
    assert len(labels) == 1 + vm.WATERFALL_MAX_BARS + 1 + 1


def test_sector_switch_shows_that_sectors_levers(app, model):
    levers = show(app, TAB_LEVERS)
    for sector, ids in levers_by_sector(model).items():
        levers.sector.value = sector
        boxes = levers.list_slot.children[0].children
        assert len(boxes) == len(ids)
        titles = [parse_html(levers.lever_widgets[i][0].value).text() for i in ids]
        assert titles == [model.lever(i).title_fr for i in ids]
        assert all(f"lever-{i}" in levers.lever_widgets[i][1]._dom_classes for i in ids)


def test_reset_button(app, model):
    levers = show(app, TAB_LEVERS)
    click_level(app, model.levers[0].id, 2)
    levers.reset.click()
    assert app.session.active_levels() == {}
    levers.reset.click()  # nothing more to reset: no new undo step
    assert len(app.session.history) == 2
    assert levers.reset.description == t("ui.reset")


def test_team_switch_add_and_compare(app, model):
    a, b = [ids[0] for ids in levers_by_sector(model).values()][:2]
    levers = show(app, TAB_LEVERS)
    click_level(app, a, 4)
    first = total_text(app)
    app.header.add_team.click()
    assert app.session.active == 1
    assert app.header.teams.options == (("Équipe 1", 0), ("Équipe 2", 1))
    assert app.header.teams.value == 1
    assert levers.lever_widgets[a][1].value == 0
    assert total_text(app) == expected_total(model, {})
    click_level(app, b, 4)
    app.header.teams.value = 0
    assert total_text(app) == first
    assert levers.lever_widgets[a][1].value == 4
    assert_shows_view(app)
    teams = show(app, TAB_TEAMS)
    assert [c["label"] for c in columns(teams.chart.value)] == ["Équipe 1", "Équipe 2"]
    assert_shows_view(app)
    app.header.add_team.click()
    app.header.add_team.click()
    assert app.header.add_team.disabled
    app.header.add_team.click()  # a fifth click does nothing
    assert len(app.session.teams) == 4


# ---------------------------------------------------------------------------------------
# Tab 3: foresight
# ---------------------------------------------------------------------------------------
def test_prospective_tab_compares_with_scenarios_and_tells_the_story(app, model):
    lever = model.levers[0]
    click_level(app, lever.id, 4)
    tab = show(app, TAB_PROSPECTIVE)
    cols = columns(tab.chart.value)
    assert cols[0]["label"] == t("ui.ours")
    assert len(cols) == 1 + len(model.scenarios)
    mine = model.evaluate({lever.id: 4}, territory="france")
    assert cols[0]["total"] == format_co2(mine.value(2050))
    assert [colour for _s, colour, _h in cols[0]["segments"]] == [
        model.vocabulary.sectors[s].colour for s in reversed(model.sectors)]
    story = parse_html(tab.narrative.value).text()
    assert t("narrative.intro") in story
    assert lever.title_fr in story and lever.levels[4].label_fr in story
    assert_shows_view(app)
    sid = next(s for s in model.scenarios if s != metrics.TREND)
    tab.preset.value = sid
    tab.apply.click()
    assert app.session.levels() == {
        lv.id: model.scenarios[sid].levels.get(lv.id, 0) for lv in model.levers}
    assert_shows_view(app)


def test_narrative_without_lever(app):
    tab = show(app, TAB_PROSPECTIVE)
    assert t("narrative.none") in parse_html(tab.narrative.value).text()


# ---------------------------------------------------------------------------------------
# Tab 4: teams, rounds, codes, names, the PDF
# ---------------------------------------------------------------------------------------
def test_rounds_save_and_replay(app, model):
    lever = model.levers[0].id
    teams = show(app, TAB_TEAMS)
    click_level(app, lever, 2)
    teams.save.click()
    assert teams.rounds.options == (("Manche 1", "1"),)
    assert status(app) == t("ui.round_saved", n=1)
    click_level(app, lever, 4)
    teams.rounds.value = "1"
    teams.load.click()
    assert app.session.level(lever) == 2
    levers = show(app, TAB_LEVERS)  # a hidden tab is redrawn when shown
    assert levers.lever_widgets[lever][1].value == 2
    app.header.undo.click()
    assert app.session.level(lever) == 4
    assert_shows_view(app)


def test_load_round_without_selection_does_nothing(app):
    teams = show(app, TAB_TEAMS)
    assert teams.load.disabled
    teams.load.click()
    assert app.session.history == []


def test_code_box_restores_and_rejects(app, model):
    other = next(tid for tid in model.territories if tid != "france")
    lever = model.levers[-1].id
    code = encode_pathway(model, other, {lever: 3})
    teams = show(app, TAB_TEAMS)
    teams.code.value = code
    teams.apply_code.click()
    assert app.session.territory == other
    assert app.session.level(lever) == 3
    assert status(app) == t("ui.code_restored")
    assert header_code(app) == code
    assert_shows_view(app)
    teams.code.value = "n'importe quoi <b>"
    teams.apply_code.click()
    assert status(app).startswith("Code invalide")
    assert not parse_html(app.header.status.value).find_all(tag="b")
    assert app.session.level(lever) == 3
    show(app, TAB_SOURCES)
    assert app.tabs_content[TAB_SOURCES][0].territory.value == other


def test_team_names_are_kept_cleaned_and_escaped(app, model):
    teams = show(app, TAB_TEAMS)
    assert teams.name.value == "Équipe 1"
    teams.name.value = "  Les\t<script>alert(1)</script>  Verts  "
    teams.rename.click()
    name = app.session.team_names()[0]
    # control characters out, spaces folded, at most MAX_NAME characters
    assert name == "Les <script>alert(1)</script> Verts"[:MAX_NAME]
    assert app.header.teams.options == ((name, 0),)  # a toggle label is text, not HTML
    table = parse_html(teams.table.value)
    assert table.find_all(tag="td")[0].text() == name
    assert not table.find_all(tag="script")
    assert "<script" not in teams.table.value
    assert_shows_view(app)
    app.header.undo.click()
    assert app.session.team_names() == ["Équipe 1"]


def test_name_box_shows_the_active_team(app):
    teams = show(app, TAB_TEAMS)
    teams.name.value = "Bleus"
    teams.rename.click()
    app.header.add_team.click()
    assert teams.name.value == "Équipe 2"
    depth = len(app.session.history)
    teams.rename.click()  # renaming without typing keeps the team's own name
    assert app.session.team_names() == ["Bleus", "Équipe 2"]
    assert len(app.session.history) == depth  # and records nothing
    app.header.lang.click()
    assert app.session.team_names() == ["Bleus", "Team 2"]
    app.header.lang.click()
    app.header.teams.value = 0
    assert teams.name.value == "Bleus"


def test_pdf_export_gives_a_download_link(app, model):
    lever = model.levers[0]
    click_level(app, lever.id, 4)
    app.header.add_team.click()
    app.header.teams.value = 0
    teams = show(app, TAB_TEAMS)
    teams.pdf.click()
    assert app.last_pdf.startswith(b"%PDF")
    link = parse_html(teams.pdf_link.value).find(tag="a")
    assert link.attrs["download"] == "feuille-de-route-1.pdf"
    assert link.text() == t("ui.download")
    prefix = "data:application/pdf;base64,"
    assert link.attrs["href"].startswith(prefix)
    pdf = base64.b64decode(link.attrs["href"][len(prefix):])
    assert pdf == app.last_pdf
    import io

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Équipe 1" in text and lever.title_fr in text
    assert app.session.code() in text.replace("\n", "")


# ---------------------------------------------------------------------------------------
# Language, URL
# ---------------------------------------------------------------------------------------
def test_language_toggle_changes_every_text(app, model):
    levers = show(app, TAB_LEVERS)
    app.header.lang.click()
    assert app.tabs.titles == tuple(t(key, "en") for key in TAB_KEYS)
    assert app.header.lang.description == "Français"
    assert app.header.teams.options == (("Team 1", 0),)
    lever = model.levers[0]
    levers.sector.value = lever.sector
    assert parse_html(levers.lever_widgets[lever.id][0].value).text() == lever.title_en
    assert t("ui.per_person", "en") in parse_html(levers.big.value).text()
    base = model.evaluate({})
    chart = trajectory(levers.trajectory.html)
    assert chart["title"] == t("ui.chart_trajectory", "en", first=int(base.years[0]), last=2050)
    assert chart["unit"] == t("ui.unit_t", "en")
    assert total_text(app) == expected_total(model, {}, lang="en")
    assert [label for label, _v in levers.sector.options] == [
        model.sector_label(s, "en") for s in model.sectors]
    assert_shows_view(app)
    for index in (TAB_SOURCES, TAB_PROSPECTIVE, TAB_TEAMS):
        show(app, index)
        assert_shows_view(app)
    app.header.lang.click()
    assert app.tabs.titles[1] == "Leviers d'action"
    show(app, TAB_LEVERS)
    assert t("ui.per_person") in parse_html(levers.big.value).text()
    assert_shows_view(app)


def test_query_string_restores_code_and_language(model):
    lever = model.levers[1].id
    code = encode_pathway(model, "france", {lever: 4})
    app = AtelierApp(model=model)
    app.restore_from_query(f"code={code}&lang=en")
    assert app.lang == "en"
    assert app.session.level(lever) == 4
    show(app, TAB_LEVERS)
    assert total_text(app) == expected_total(model, {lever: 4}, lang="en")
    app.restore_from_query(None)  # no query string (Jupyter, or Voilà without ?code=)
    assert app.session.level(lever) == 4
    bad = AtelierApp(model=model)
    bad.restore_from_query("code=%3Cscript%3E")
    assert status(bad).startswith("Code invalide")
    assert "<script" not in bad.header.status.value


def test_query_string_from_voila_environment(model, monkeypatch):
    lever = model.levers[2].id
    code = encode_pathway(model, "france", {lever: 2})
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", f"code={code}")
    app = AtelierApp(model=model)
    app.restore_from_url()
    assert app.session.level(lever) == 2


# ---------------------------------------------------------------------------------------
# Rendering: throttled
# ---------------------------------------------------------------------------------------
def test_render_is_throttled_in_a_running_loop(model):
    import asyncio

    lever = model.levers[0].id
    app = AtelierApp(model=model)
    show(app, TAB_LEVERS).sector.value = model.lever(lever).sector

    async def burst():
        calls = app.render_throttle.calls
        for level in (1, 2, 3, 4, 1, 2, 3, 4):
            app.levers_tab.lever_widgets[lever][1].value = level
        # the first click rendered at once, the others wait for one trailing render
        assert app.render_throttle.calls <= calls + 1
        assert app.render_throttle.pending
        await asyncio.sleep(app.render_throttle.interval_s * 3)
        return calls

    before = asyncio.run(burst())
    assert app.render_throttle.calls == before + 2
    assert total_text(app) == expected_total(model, {lever: 4})
    assert_shows_view(app)


# ---------------------------------------------------------------------------------------
# Texts from data reach HTML escaped
# ---------------------------------------------------------------------------------------
EVIL_TITLE = "<script>alert(1)</script> Vélo"
EVIL_LEVEL = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def evil_model(tmp_path_factory):
    """A copy of data/ whose first lever has markup in its title and its level 4 label."""
    import tomllib

    from simulation.model import load_model
    from simulation.paths import data_dir

    folder = tmp_path_factory.mktemp("evil") / "data"
    shutil.copytree(data_dir(), folder)
    path = sorted((folder / "levers").glob("*.toml"))[0]
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    text = text.replace(f'title_fr = "{data["title_fr"]}"', f'title_fr = "{EVIL_TITLE}"', 1)
    text = text.replace(f'label_fr = "{data["levels"][4]["label_fr"]}"',
                        f'label_fr = "{EVIL_LEVEL}"', 1)
    path.write_text(text, encoding="utf-8")
    model = load_model(folder)
    assert model.lever(path.stem).title_fr == EVIL_TITLE
    assert model.lever(path.stem).levels[4].label_fr == EVIL_LEVEL
    return model, path.stem


def test_texts_from_data_are_escaped_everywhere(evil_model):
    model, lever_id = evil_model
    app = AtelierApp(model=model)
    click_level(app, lever_id, 4)
    app.header.add_team.click()
    app.header.teams.value = 0
    for index in (TAB_SOURCES, TAB_PROSPECTIVE, TAB_TEAMS, TAB_LEVERS):
        show(app, index)
    levers = app.levers_tab
    assert parse_html(levers.lever_widgets[lever_id][0].value).text() == EVIL_TITLE
    assert EVIL_TITLE in [r["label"] for r in bar_rows(levers.waterfall.value)]
    assert EVIL_TITLE in parse_html(app.tabs_content[TAB_PROSPECTIVE].narrative.value).text()
    assert parse_html(levers.lever_widgets[lever_id][2].value).text() == EVIL_LEVEL
    markup = list(html_values(app.widget))
    assert markup
    for fragment in markup:
        assert "<script" not in fragment and "<img" not in fragment
        tags = {n.tag for n in parse_html(fragment).iter()}
        assert not tags & {"script", "img", "iframe"}, tags
    app.tabs_content[TAB_TEAMS].pdf.click()  # the roadmap prints the title as text
    assert app.last_pdf.startswith(b"%PDF")


# ---------------------------------------------------------------------------------------
# Invalid data
# ---------------------------------------------------------------------------------------
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
    box = parse_html(page.widget.children[1].value).find("atelier-error")
    assert box.find(tag="h2").text() == t("ui.error_title")
    items = [li.text() for li in box.find_all(tag="li")]
    assert items == ["data/levers/mobilite.toml:12: levels: 5 niveaux attendus <0 à 4>"]
    assert "&lt;0 à 4&gt;" in page.widget.children[1].value
    assert "Traceback" not in page.widget.children[1].value
    page.restore_from_url()  # same interface as the app: the notebook's 2nd cell runs


def test_invalid_data_folder_gives_the_error_page(tmp_path, monkeypatch):
    from simulation.model import load_model
    from simulation.paths import data_dir
    from simulation.ui.app import ErrorPage, load_app

    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    lever = sorted((folder / "levers").glob("*.toml"))[0]
    lever.write_text("ceci n'est pas du TOML = = =\n" + lever.read_text(encoding="utf-8"),
                     encoding="utf-8")
    monkeypatch.setenv("ATELIER_DATA", str(folder))
    load_model.cache_clear()
    try:
        page = load_app()
    finally:
        load_model.cache_clear()
    assert isinstance(page, ErrorPage)
    text = parse_html(page.widget.children[1].value).text()
    assert lever.name in text
    assert re.search(rf"{re.escape(lever.name)}:\d+", text)


def test_load_app_builds_the_dashboard(model):
    from simulation.ui.app import load_app

    assert isinstance(load_app(model=model), AtelierApp)
