"""Every screen state as plain data: the view-model, without widgets or a browser.

Expected values are computed here from the model and :mod:`simulation.metrics`, never typed:
the shipped data may change, the rules must hold.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from types import SimpleNamespace

import numpy as np
import pytest

from simulation import metrics
from simulation.formatting import format_co2, format_percent
from simulation.pathway import encode_pathway
from simulation.territories import ParameterValue
from simulation.texts import colon, t
from simulation.ui import viewmodel as vm
from simulation.ui.state import MAX_TEAMS, CardGame

from .conftest import new_session


def _first_lever_of_each_sector(model, n):
    """``n`` lever ids from different sectors first (so several sectors move)."""
    by_sector = {}
    for lv in model.levers:
        by_sector.setdefault(lv.sector, []).append(lv.id)
    out = []
    while len(out) < n:
        for ids in by_sector.values():
            if ids and len(out) < n:
                out.append(ids.pop(0))
    return out


# ---------------------------------------------------------------------------------------
# Calculator
# ---------------------------------------------------------------------------------------
def test_calculator_gives_the_model_results_and_caches_them(model):
    calc = vm.Calculator(model)
    lever = model.levers[0].id
    a = calc.result("france", {lever: 2, model.levers[1].id: 0})
    b = calc.result("france", {lever: 2})
    assert a is b  # levers at 0 do not change the key
    np.testing.assert_allclose(a.total, model.evaluate({lever: 2}, territory="france").total)
    assert calc.result("france", {lever: 3}) is not a
    assert vm.Calculator.key({"b": 1, "a": 2, "c": 0}) == (("a", 2), ("b", 1))
    sid = vm.scenario_order(model)[-1]
    np.testing.assert_allclose(
        calc.scenario_result("france", sid).total,
        model.evaluate(dict(model.scenarios[sid].levels), territory="france",
                       scenario=sid).total)


# ---------------------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------------------
def test_header_of_a_new_session(model, session):
    view = vm.header_view(session, "fr")
    assert view.teams == ("Équipe 1",)
    assert view.active == 0
    assert view.can_add_team and not view.can_undo
    assert view.code == encode_pathway(model, session.territory, {})
    assert (view.add_team_label, view.undo_label, view.lang_label, view.code_label) == (
        t("ui.add_team"), t("ui.undo"), t("ui.lang_button"), t("ui.code_short"))
    assert view.status == ""
    assert vm.header_view(session, "fr", "Manche 1 enregistrée.").status == (
        "Manche 1 enregistrée.")


def test_header_with_several_teams_names_undo_and_english(model, session):
    lever = model.levers[0].id
    session.set_level(lever, 3)
    for _ in range(MAX_TEAMS - 1):
        session.add_team()
    session.rename_team("Les <Pionniers>", team=0)
    view = vm.header_view(session, "fr")
    assert view.teams == ("Les <Pionniers>", "Équipe 2", "Équipe 3", "Équipe 4")
    assert view.active == MAX_TEAMS - 1
    assert not view.can_add_team and view.can_undo
    assert view.code == encode_pathway(model, session.territory, {})  # the active team's
    session.select_team(0)
    assert vm.header_view(session, "fr").code == encode_pathway(model, session.territory,
                                                                {lever: 3})
    session.set_lang("en")
    english = vm.header_view(session, "en")
    assert english.teams == ("Les <Pionniers>", "Team 2", "Team 3", "Team 4")
    assert english.undo_label == t("ui.undo", "en") != t("ui.undo", "fr")
    assert english.lang_label == "Français"
    session.set_lang("fr")
    while session.undo():
        pass
    view = vm.header_view(session, "fr")
    assert view.teams == ("Équipe 1",) and not view.can_undo and view.can_add_team


# ---------------------------------------------------------------------------------------
# Tab 1: sources
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sources_footprint_is_the_baseline_by_sector(model, calc, session, lang):
    view = vm.sources_view(calc, session, lang)
    base = model.evaluate({}, territory=session.territory)
    year0 = int(base.years[0])
    values = base.sector_values(year0)
    assert [b.label for b in view.footprint] == [model.sector_label(s, lang)
                                                  for s in model.sectors]
    np.testing.assert_allclose([b.value_kg for b in view.footprint],
                               [values[s] for s in model.sectors], rtol=1e-12)
    assert [b.text for b in view.footprint] == [format_co2(values[s], lang=lang)
                                                 for s in model.sectors]
    assert [b.colour for b in view.footprint] == [model.vocabulary.sectors[s].colour
                                                   for s in model.sectors]
    assert view.footprint_title == t("ui.chart_footprint", lang, year=year0)
    assert str(year0) in view.footprint_title
    assert view.territories == tuple(vm.Choice(tt.name(lang), tid)
                                     for tid, tt in model.territories.items())
    assert view.territory == session.territory
    assert view.territory_label.startswith(t("ui.territory", lang))
    assert [c.value for c in view.sectors] == list(model.sectors)
    assert view.units == vm.Units(t("ui.unit_t", lang), t("ui.unit_kg", lang), lang)
    # an unknown or missing sector shows the first one
    assert view.sector == model.sectors[0]
    assert vm.sources_view(calc, session, lang, "nowhere").sector == model.sectors[0]


@pytest.mark.parametrize("max_bars", [vm.ITEMS_MAX_BARS, 3])
def test_sector_detail_lists_items_largest_first_and_folds_the_rest(model, calc, session,
                                                                    monkeypatch, max_bars):
    monkeypatch.setattr(vm, "ITEMS_MAX_BARS", max_bars)
    base = model.evaluate({}, territory=session.territory)
    items = base.item_values(int(base.years[0]))
    folded = 0
    for sector in model.sectors:
        view = vm.sources_view(calc, session, "fr", sector)
        assert view.sector == sector
        assert view.items_title == t("ui.chart_items", "fr", sector=model.sector_label(sector))
        expected = sorted(items[sector].items(), key=lambda kv: -kv[1])
        shown = [b.value_kg for b in view.items]
        assert all(b.colour == model.vocabulary.sectors[sector].colour for b in view.items)
        assert sum(shown) == pytest.approx(sum(items[sector].values()), rel=1e-12)
        if len(expected) <= max_bars:
            assert [b.label for b in view.items] == [model.item_label(k) for k, _v in expected]
            np.testing.assert_allclose(shown, [v for _k, v in expected], rtol=1e-12)
        else:
            folded += 1
            assert len(view.items) == max_bars
            assert view.items[-1].label == t("ui.others", "fr")
            assert [b.label for b in view.items[:-1]] == [
                model.item_label(k) for k, _v in expected[:max_bars - 1]]
            assert view.items[-1].value_kg == pytest.approx(
                sum(v for _k, v in expected[max_bars - 1:]), rel=1e-12)
        assert [b.text for b in view.items] == [format_co2(v) for v in shown]
    assert folded, "no sector has enough sub-items to fold: lower max_bars"


def test_national_note_counts_inherited_parameters():
    def param(inherited):
        return ParameterValue(1.0, "source", "data/territories/x.toml", 1, inherited)

    territories = {
        "local": SimpleNamespace(parameters={"a": param(""), "b": param("")}),
        "copie": SimpleNamespace(parameters={"a": param("france"), "b": param(""),
                                             "c": param("france")}),
    }
    fake = SimpleNamespace(territories=territories)
    assert vm.national_note(fake, "local", "fr") == ""
    assert vm.national_note(fake, "copie", "fr") == t("ui.national_note", "fr", n=2, total=3)
    assert "2" in vm.national_note(fake, "copie", "en")
    assert vm.national_note(fake, "copie", "en") != vm.national_note(fake, "copie", "fr")


def test_sources_show_the_national_note_only_for_a_territory_that_inherits(model, calc):
    kinds = set()
    for tid, terr in model.territories.items():
        session = new_session(model)
        session.set_territory(tid)
        view = vm.sources_view(calc, session, "fr")
        inherited = sum(1 for p in terr.parameters.values() if p.inherited_from)
        kinds.add(inherited > 0)
        if inherited:
            assert view.national_note == t("ui.national_note", "fr", n=inherited,
                                           total=len(terr.parameters))
        else:
            assert view.national_note == ""
        base = model.evaluate({}, territory=tid)
        assert view.footprint[0].value_kg == pytest.approx(
            base.sector_values(int(base.years[0]))[model.sectors[0]])
    assert kinds == {True, False}, "the data needs a territory of each kind for this test"


# ---------------------------------------------------------------------------------------
# Tab 1: the card game
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FakeCard:
    """The attributes of :class:`simulation.cards.CardValue` the game shows."""

    id: str
    value_kg: float
    deck: str = "mobilite"

    @property
    def title_fr(self):
        return f"carte {self.id}"

    @property
    def title_en(self):
        return f"card {self.id}"

    detail_fr = "détail"
    detail_en = "detail"

    @property
    def display_fr(self):
        return format_co2(self.value_kg)

    @property
    def display_en(self):
        return format_co2(self.value_kg, lang="en")


@pytest.fixture(scope="module")
def ges_cards():
    from simulation.cards import load_ges_cards

    return load_ges_cards(territory="france")


def _decks(cards):
    return list(dict.fromkeys(c.deck for c in cards))


def test_card_game_before_the_draw(model, calc, ges_cards):
    decks = _decks(ges_cards)
    view = vm.card_game_view(calc, CardGame(), decks, None, "fr")
    assert view.rows == () and not view.revealed
    assert view.score == view.score_note == view.error == ""
    assert view.deck == decks[0]
    assert view.decks == tuple(vm.Choice(model.vocabulary.sectors[d].title("fr"), d)
                               for d in decks)
    assert (view.title, view.hint, view.draw_label, view.reveal_label) == (
        t("ui.cards_title"), t("ui.cards_hint"), t("ui.draw"), t("ui.reveal"))
    assert vm.card_game_view(calc, CardGame(), decks, decks[-1], "fr").deck == decks[-1]
    assert vm.card_game_view(calc, CardGame(), decks, "nowhere", "fr").deck == decks[0]
    empty = vm.card_game_view(calc, CardGame(), [], None, "fr", error="Cartes indisponibles")
    assert empty.deck == "" and empty.decks == ()
    assert empty.error == "Cartes indisponibles"


def test_card_game_after_the_draw_and_moves_hides_values(calc, ges_cards):
    deck = _decks(ges_cards)[0]
    game = CardGame()
    game.draw([c for c in ges_cards if c.deck == deck], 5, seed=1)
    drawn = list(game.cards)
    view = vm.card_game_view(calc, game, _decks(ges_cards), deck, "fr")
    assert [r.title for r in view.rows] == [c.title_fr for c in drawn]
    assert [r.detail for r in view.rows] == [c.detail_fr for c in drawn]
    assert [r.position for r in view.rows] == [1, 2, 3, 4, 5]
    assert all(r.value == "" and r.mark == "" and r.bar == 0.0 for r in view.rows)
    assert [(r.can_up, r.can_down) for r in view.rows] == (
        [(False, True)] + [(True, True)] * 3 + [(True, False)])
    assert game.move(0, +1) and game.move(4, -1)
    moved = vm.card_game_view(calc, game, _decks(ges_cards), deck, "fr")
    assert [r.title for r in moved.rows] == [c.title_fr for c in
                                             (drawn[1], drawn[0], drawn[2], drawn[4], drawn[3])]
    english = vm.card_game_view(calc, game, _decks(ges_cards), deck, "en")
    assert english.rows[0].title == drawn[1].title_en


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_card_game_reveal_sorts_compares_and_scores(calc, ges_cards, lang):
    deck = _decks(ges_cards)[1]
    game = CardGame()
    game.draw([c for c in ges_cards if c.deck == deck], 5, seed=4)
    game.move(3, -1)
    guess = [c.id for c in game.cards]
    game.reveal()
    view = vm.card_game_view(calc, game, _decks(ges_cards), deck, lang)
    assert view.revealed
    right = sorted(game.cards, key=lambda c: -c.value_kg)
    by_title = {(c.title_en if lang == "en" else c.title_fr): c for c in right}
    shown = [by_title[r.title] for r in view.rows]
    values = [c.value_kg for c in shown]
    assert values == sorted(values, reverse=True)  # the right order: most emitting first
    top = max(values)
    for row, card in zip(view.rows, shown, strict=True):
        assert row.value == (card.display_en if lang == "en" else card.display_fr)
        assert row.bar == pytest.approx(card.value_kg / top)  # bars proportional
        was = guess.index(card.id) + 1
        ok = right[was - 1].value_kg == card.value_kg
        assert row.right_place == ok
        assert row.mark == (t("ui.card_right", lang) if ok else t("ui.card_was", lang, rank=was))
        assert not row.can_up and not row.can_down
    assert view.rows[0].bar == pytest.approx(1.0)
    n_ok = sum(r.right_place for r in view.rows)
    assert view.score == t("ui.cards_score", lang, ok=n_ok, n=5)
    wrong = [guess.index(c.id) + 1 for c in shown if right[guess.index(c.id)].value_kg
             != c.value_kg]
    assert view.score_note == t("ui.cards_score_note", lang, rank=wrong[0] if wrong else 1)


def test_card_game_reveal_marks_with_known_ranks(calc):
    cards = [FakeCard("a", 10.0), FakeCard("b", 400.0), FakeCard("c", 40.0),
             FakeCard("d", 40.0)]
    c, d = cards[2], cards[3]
    game = CardGame(cards=[c, d, cards[1], cards[0]])
    game.reveal()  # guessed c, d, b, a; right order b, c|d, a (c and d are tied)
    view = vm.card_game_view(calc, game, ["mobilite"], "mobilite", "fr")
    assert [r.title for r in view.rows] == ["carte b", "carte c", "carte d", "carte a"]
    # d was 2nd, where a 40 kg card belongs: a tie counts as the right place
    assert [r.mark for r in view.rows] == ["était n° 3", "était n° 1", "bien placée",
                                            "bien placée"]
    assert [r.bar for r in view.rows] == pytest.approx([1.0, 0.1, 0.1, 0.025])
    assert view.score == "2 sur 4 à la bonne place"
    assert "« était n° 3 »" in view.score_note
    english = vm.card_game_view(calc, game, ["mobilite"], "mobilite", "en")
    assert [r.mark for r in english.rows] == ["was no. 3", "was no. 1", "right place",
                                              "right place"]
    assert english.score == "2 of 4 in the right place"
    perfect = CardGame(cards=[cards[1], cards[3], cards[2], cards[0]])  # tie swapped: right
    perfect.reveal()
    view = vm.card_game_view(calc, perfect, ["mobilite"], "mobilite", "fr")
    assert all(r.right_place for r in view.rows)
    assert view.score == "4 sur 4 à la bonne place"


# ---------------------------------------------------------------------------------------
# Tab 2: levers
# ---------------------------------------------------------------------------------------
def _check_levers_view(model, view, territory, levels, lang):
    result = model.evaluate(levels, territory=territory)
    base = model.evaluate({}, territory=territory)
    total, today = result.value(2050), float(result.total[0])
    target = float(model.target_2050_kg)
    # lever rows
    assert [r.id for r in view.rows] == list(model.lever_ids)
    for row in view.rows:
        lever = model.lever(row.id)
        level = levels.get(row.id, 0)
        assert row.level == level
        assert row.sector == lever.sector
        assert row.title == lever.title(lang)
        entry = lever.levels[level]
        assert row.level_label == (entry.label_en if lang == "en" else entry.label_fr)
        assert len(view.level_labels[row.id]) == len(lever.levels)
    # big number
    big = view.big
    assert big.total == format_co2(total, lang=lang, digits=metrics.LIVE_DIGITS)
    assert big.change == format_percent(total / today - 1.0, lang=lang, signed=True)
    assert big.versus == t("ui.vs_today", lang, year=int(result.years[0]))
    assert big.target == t("ui.target", lang) + colon(lang) + format_co2(target, lang=lang)
    assert big.reached == (total <= target)
    assert big.gap == (t("ui.target_reached", lang) if total <= target else
                       t("ui.target_gap", lang, gap=format_co2(total - target, lang=lang)))
    assert model.territories[territory].name(lang) in big.place
    # trajectory and its band (the one definition: metrics.uncertainty_band)
    band = metrics.uncertainty_band(model, levels, territory)
    tr = view.trajectory
    np.testing.assert_allclose(tr.years, result.years)
    np.testing.assert_allclose(tr.total, result.total, rtol=1e-12)
    np.testing.assert_allclose(tr.no_lever, base.total, rtol=1e-12)
    np.testing.assert_allclose(tr.low, band.total_low, rtol=1e-12)
    np.testing.assert_allclose(tr.high, band.total_high, rtol=1e-12)
    assert tr.target_kg == target
    assert tr.band_text == t("metric.band", lang,
                             low=format_co2(float(band.total_low[-1]), lang=lang),
                             high=format_co2(float(band.total_high[-1]), lang=lang))
    assert view.band_note == t("metric.band_note", lang, n=metrics.BAND_SAMPLES)
    # today and 2050 by sector
    year0 = int(result.years[0])
    bars = view.sector_bars
    assert bars.labels == tuple(model.sector_label(s, lang) for s in model.sectors)
    np.testing.assert_allclose(bars.values_kg[0],
                               [result.sector_values(year0)[s] for s in model.sectors])
    np.testing.assert_allclose(bars.values_kg[1],
                               [result.sector_values(2050)[s] for s in model.sectors])
    assert bars.value_texts[1] == tuple(format_co2(result.sector_values(2050)[s], lang=lang)
                                        for s in model.sectors)
    # waterfall: each lever's share of the group's change (the one definition)
    shares = metrics.shares_of_change(model, levels, territory)
    wf = view.waterfall
    assert wf.start_kg == pytest.approx(base.value(2050))
    assert wf.start_text == format_co2(base.value(2050), lang=lang)
    assert sum(wf.steps_kg) == pytest.approx(total - base.value(2050), abs=1e-6)
    assert wf.end_text == format_co2(total, lang=lang)
    assert wf.note.startswith(t("metric.share_of_change", lang))
    return shares


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_levers_view_with_no_lever(model, calc, session, lang):
    view = vm.levers_view(calc, session, lang)
    shares = _check_levers_view(model, view, session.territory, {}, lang)
    assert shares == {}
    assert view.waterfall.labels == () and view.waterfall.steps_kg == ()
    assert view.sector == model.sectors[0]
    assert view.reset_label == t("ui.reset", lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_levers_view_with_levers(model, calc, session, lang):
    levels = dict.fromkeys(_first_lever_of_each_sector(model, 3), 4)
    for lever_id, level in levels.items():
        session.set_level(lever_id, level)
    view = vm.levers_view(calc, session, lang, model.sectors[-1])
    assert view.sector == model.sectors[-1]
    shares = _check_levers_view(model, view, session.territory, levels, lang)
    ranked = sorted(shares.items(), key=lambda kv: -abs(kv[1]))
    assert view.waterfall.labels == tuple(model.lever(k).title(lang) for k, _v in ranked)
    np.testing.assert_allclose(view.waterfall.steps_kg, [v for _k, v in ranked], rtol=1e-12)
    assert view.waterfall.step_texts == tuple(format_co2(v, lang=lang, signed=True)
                                              for _k, v in ranked)


def test_levers_view_on_a_territory_and_for_the_active_team(model, calc, session):
    other = next(tid for tid in model.territories if tid != session.territory)
    first, second = _first_lever_of_each_sector(model, 2)
    session.set_level(first, 2)
    session.set_territory(other)
    session.add_team()
    session.set_level(second, 3)
    _check_levers_view(model, vm.levers_view(calc, session, "fr"), other, {second: 3}, "fr")
    session.select_team(0)
    _check_levers_view(model, vm.levers_view(calc, session, "fr"), other, {first: 2}, "fr")


def test_levers_view_after_undo_is_the_view_before(model, calc, session):
    before = vm.levers_view(calc, session, "fr")
    session.set_level(model.levers[0].id, 4)
    changed = vm.levers_view(calc, session, "fr")
    assert changed.big.total != before.big.total or changed.rows != before.rows
    session.undo()
    after = vm.levers_view(calc, session, "fr")
    assert after.rows == before.rows
    assert after.big == before.big
    assert after.waterfall == before.waterfall


def test_target_gap_and_target_reached(model, calc, session, monkeypatch):
    total = model.evaluate({}, territory=session.territory).value(2050)
    monkeypatch.setattr(model, "target_2050_kg", total * 2)
    big = vm.levers_view(calc, session, "fr").big
    assert big.reached and big.gap == t("ui.target_reached")
    monkeypatch.setattr(model, "target_2050_kg", total / 2)
    big = vm.levers_view(calc, session, "fr").big
    assert not big.reached
    assert big.gap == t("ui.target_gap", gap=format_co2(total / 2))


def test_waterfall_folds_levers_beyond_seven_into_others(model, calc, session):
    assert len(model.levers) > vm.WATERFALL_MAX_BARS + 1
    levels = {lv.id: 2 for lv in model.levers}
    session.set_levels(levels)
    for lang in ("fr", "en"):
        wf = vm.levers_view(calc, session, lang).waterfall
        shares = metrics.shares_of_change(model, levels, session.territory)
        ranked = sorted(shares.items(), key=lambda kv: -abs(kv[1]))
        assert len(wf.labels) == vm.WATERFALL_MAX_BARS + 1
        assert wf.labels[-1] == t("ui.others", lang)
        assert wf.labels[:-1] == tuple(model.lever(k).title(lang)
                                       for k, _v in ranked[:vm.WATERFALL_MAX_BARS])
        assert wf.steps_kg[-1] == pytest.approx(
            sum(v for _k, v in ranked[vm.WATERFALL_MAX_BARS:]), abs=1e-9)
        assert wf.end_text == format_co2(
            model.evaluate(levels, territory=session.territory).value(2050), lang=lang)


def test_exactly_seven_levers_are_not_folded(model, calc, session):
    ids = _first_lever_of_each_sector(model, vm.WATERFALL_MAX_BARS)
    session.set_levels(dict.fromkeys(ids, 3))
    wf = vm.levers_view(calc, session, "fr").waterfall
    assert len(wf.labels) == vm.WATERFALL_MAX_BARS
    assert t("ui.others") not in wf.labels


# ---------------------------------------------------------------------------------------
# Tab 3: foresight
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_prospective_compares_our_pathway_with_every_scenario(model, calc, session, lang):
    lever = model.levers[0]
    session.set_level(lever.id, 4)
    view = vm.prospective_view(calc, session, lang)
    order = vm.scenario_order(model)
    assert order[0] == metrics.TREND and sorted(order) == sorted(model.scenarios)
    assert view.chart.labels == (t("ui.ours", lang),
                                 *(vm.scenario_short(model, s, lang) for s in order))
    mine = model.evaluate({lever.id: 4}, territory=session.territory).sector_values(2050)
    scen = [model.evaluate(dict(model.scenarios[s].levels), territory=session.territory,
                           scenario=s).sector_values(2050) for s in order]
    for i, sector in enumerate(model.sectors):
        np.testing.assert_allclose(view.chart.values_kg[i],
                                   [mine[sector], *(r[sector] for r in scen)], rtol=1e-12)
    assert view.chart.series == tuple(model.sector_label(s, lang) for s in model.sectors)
    assert view.chart.colours == tuple(model.vocabulary.sectors[s].colour
                                       for s in model.sectors)
    assert view.chart.total_texts[0] == format_co2(sum(mine.values()), lang=lang)
    assert view.chart.target_kg == float(model.target_2050_kg)
    assert [b.colour for b in view.legend] == list(view.chart.colours)
    assert view.narrative_title == t("ui.narrative_title", lang)
    assert lever.title(lang) in html.unescape(view.narrative)
    assert view.presets == tuple(vm.Choice(model.scenarios[s].title(lang), s)
                                 for s in model.scenarios)
    # each scenario shortened under its column is spelled out once under the chart
    shortened = [model.scenarios[s].title(lang) for s in order
                 if vm.scenario_short(model, s, lang) != model.scenarios[s].title(lang)]
    assert list(view.notes) == shortened
    assert len(view.notes) == sum(vm.scenario_short(model, s, lang)
                                  != model.scenarios[s].title(lang) for s in order)


def test_prospective_narrative_without_lever(calc, session):
    view = vm.prospective_view(calc, session, "fr")
    assert t("narrative.none") in html.unescape(view.narrative)
    assert t("narrative.intro") in html.unescape(view.narrative)


def test_scenario_short_keeps_short_titles():
    fake = SimpleNamespace(scenarios={
        "long": SimpleNamespace(title=lambda lang: "S1 Génération frugale"),
        "short": SimpleNamespace(title=lambda lang: "Tendanciel")})
    assert vm.scenario_short(fake, "long", "fr") == "S1"
    assert vm.scenario_short(fake, "short", "fr") == "Tendanciel"


# ---------------------------------------------------------------------------------------
# Tab 4: teams, rounds, codes
# ---------------------------------------------------------------------------------------
def test_teams_view_with_several_teams_rounds_and_codes(model, calc, session):
    a, b = _first_lever_of_each_sector(model, 2)
    session.set_level(a, 4)
    session.add_team()
    session.set_level(a, 1)
    session.set_level(b, 2)
    session.add_team()
    session.rename_team("Rouges")
    session.select_team(1)
    session.save_round()
    view = vm.teams_view(calc, session, "fr")
    teams = [{a: 4}, {a: 1, b: 2}, {}]
    names = ["Équipe 1", "Équipe 2", "Rouges"]
    assert view.chart.labels == tuple(names)
    assert [r.name for r in view.rows] == names
    for i, levels in enumerate(teams):
        result = model.evaluate(levels, territory=session.territory)
        row = view.rows[i]
        assert row.total == format_co2(result.value(2050))
        assert row.n_levers == len(levels)
        assert row.code == encode_pathway(model, session.territory, levels)
        assert row.active == (i == 1)
        for k, sector in enumerate(model.sectors):
            assert view.chart.values_kg[k][i] == pytest.approx(result.sector_values(2050)[sector])
    assert view.active_name == "Équipe 2"
    assert view.rounds == (vm.Choice("Manche 1", "1"),)
    assert view.headers[1] == "2050"
    assert view.chart.target_kg == float(model.target_2050_kg)
    session.save_round()
    assert vm.teams_view(calc, session, "en").rounds == (vm.Choice("Round 1", "1"),
                                                         vm.Choice("Round 2", "2"))
    session.set_lang("en")
    english = vm.teams_view(calc, session, "en")
    assert [r.name for r in english.rows] == ["Team 1", "Team 2", "Rouges"]
    assert english.pdf_label == t("ui.export_pdf", "en")


def test_a_restored_code_shows_everywhere(model, calc, session):
    other = next(tid for tid in model.territories if tid != session.territory)
    levels = dict.fromkeys(_first_lever_of_each_sector(model, 2), 3)
    code = encode_pathway(model, other, levels)
    session.restore_code(code)
    assert vm.header_view(session, "fr").code == code
    assert vm.teams_view(calc, session, "fr").rows[0].code == code
    assert vm.sources_view(calc, session, "fr").territory == other
    _check_levers_view(model, vm.levers_view(calc, session, "fr"), other, levels, "fr")


def test_views_are_frozen(calc, session):
    view = vm.header_view(session, "fr")
    with pytest.raises(AttributeError):
        view.code = "x"  # type: ignore[misc]
    assert replace(view, code="x").code == "x"
