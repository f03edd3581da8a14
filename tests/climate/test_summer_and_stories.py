"""« Été 2050 » (references, values, story) and the group's 2050 story, as plain functions."""

from __future__ import annotations

import dataclasses
import re

import pytest

from simulation import metrics
from simulation.climate_data import load_climate
from simulation.formatting import format_co2, format_value
from simulation.model import load_model
from simulation.story import level_story, lever_story
from simulation.summer import (
    LOCAL_PLACES,
    baseline_of,
    is_baseline,
    summer_references,
    summer_story,
    summer_values,
    value_text,
    warming_text,
)
from simulation.texts import t

LANGS = ("fr", "en")
PLACEHOLDER = re.compile(r"[{}]")


@pytest.fixture(scope="module")
def climate():
    return load_climate()


@pytest.fixture(scope="module")
def model():
    return load_model()


def _all_at(model, level):
    return {lv.id: level for lv in model.levers}


def _check_sentences(story):
    """No empty text, no placeholder left, every sentence ends like a sentence."""
    for text in story.sentences():
        assert text.strip(), story.title
        assert not PLACEHOLDER.search(text), text
    for p in story.paragraphs:
        assert p.lines
        for line in p.lines:
            assert line.text.rstrip()[-1] in ".!?»)", line.text


# --------------------------------------------------------------------------- references
def test_references_are_the_french_tracc_levels_then_every_ssp(climate):
    refs = summer_references(climate)
    tracc = sorted((lv for lv in climate.tracc.values() if lv.place == "france_hexagonale"),
                   key=lambda lv: lv.year)
    assert [r.id for r in refs] == [lv.id for lv in tracc] + list(climate.scenarios)
    for r, lv in zip(refs, tracc, strict=False):
        assert (r.kind, r.year, r.warming.central) == ("tracc", lv.year, lv.warming)
        world = next(w for w in climate.tracc.values() if w.place == "monde" and w.year == lv.year)
        assert r.world.central == world.warming
    for r in refs[len(tracc):]:
        p = climate.projection(r.id, "mid")  # the AR6 period holding 2050
        assert (r.warming.central, r.warming.low, r.warming.high) == (p.value, p.low, p.high)
        assert r.period == f"{p.period_start}\u2013{p.period_end}"


def test_warming_text_prints_the_data_values(climate):
    p = climate.projection("ssp2_45", "mid")
    text = warming_text(summer_references(climate)[-3].warming)
    for v in (p.value, p.low, p.high):
        assert format_value(v, signed=True) in text


# --------------------------------------------------------------------------- values
def test_every_value_shown_matches_its_row(climate):
    for row in climate.local.values():
        indicator = climate.indicators[row.indicator]
        for lang in LANGS:
            text = value_text(row, indicator, lang)
            for v in (row.low, row.median, row.high):
                if v is not None:
                    assert format_value(v, lang) in text, (row.id, text)


def test_local_values_are_the_projections_around_montpellier(climate):
    for ref in summer_references(climate):
        values = summer_values(climate, ref.id)
        expected = [r.id for r in climate.local.values()
                    if r.place in LOCAL_PLACES and not is_baseline(climate, r)]
        assert sorted(v.row.id for v in values.local) == sorted(expected)
        assert all(v.matches == (v.row.warming_level == ref.id) for v in values.local)
        # national values: only those tied to this very level
        assert {v.row.id for v in values.national} == {
            r.id for r in climate.local.values()
            if r.warming_level == ref.id and r.place not in LOCAL_PLACES}


def test_the_data_has_no_montpellier_value_tied_to_a_tracc_level(climate):
    """What « Été 2050 » must say plainly: Montpellier's values are of other periods."""
    for ref in summer_references(climate):
        assert not summer_values(climate, ref.id).local_matches


def test_baseline_is_the_reference_climate_of_the_same_indicator_and_place(climate):
    row = climate.local["mtp_summer_temperature_2041_2070"]
    assert baseline_of(climate, row).id == "mtp_summer_temperature_ref"
    assert is_baseline(climate, climate.local["mtp_summer_temperature_ref"])
    assert baseline_of(climate, climate.local["herault_tropical_nights_2021_2050"]) is None


# --------------------------------------------------------------------------- summer story
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("level", [0, 4])
def test_summer_story_for_every_reference_has_no_empty_sentence_nor_placeholder(
        climate, model, lang, level):
    for ref in summer_references(climate, lang):
        story = summer_story(climate, ref.id, _all_at(model, level), lang)
        _check_sentences(story)
        assert str(ref.year) in story.title
        text = story.plain()
        assert warming_text(ref.warming, lang, signed=False) in text
        if level == 4:
            assert t("summer.streets_fewer_cars", lang) in text
            assert t("summer.home_cool", lang) in text
            assert t("summer.heat_pump", lang) in text
            assert t("summer.renovated", lang) in text
        else:
            assert t("summer.streets_cars", lang) in text
            assert t("summer.home_air_conditioning", lang) in text
            assert t("summer.heat_pump", lang) not in text
        for action in climate.actions.values():
            assert action.label(lang) in text


def test_summer_story_tells_the_national_values_of_its_level_and_says_what_is_missing(climate):
    with_values = summer_story(climate, "tracc_fr_2100", {}).plain()
    for v in summer_values(climate, "tracc_fr_2100").national:
        assert value_text(v.row, v.indicator, "fr") in with_values
    assert t("summer.no_level_values", "fr", name="TRACC 2100") not in with_values
    without = summer_story(climate, "tracc_fr_2050", {}).plain()
    assert t("summer.no_level_values", "fr", name="TRACC 2050") in without
    # Montpellier's summer temperature is told with its own period and flagged as another
    # assumption than the chosen level
    row = climate.local["mtp_summer_temperature_2041_2070"]
    assert value_text(row, climate.indicators[row.indicator], "fr") in without
    assert "2041\u20132070" in without
    assert t("summer.other_reference", "fr", context=row.context_fr) in without


def test_summer_story_says_when_montpellier_has_a_value_for_the_level(climate):
    """Once Climadiag's TRACC values are added, the story says it is the chosen level's."""
    row = climate.local["mtp_summer_temperature_2041_2070"]
    tied = dataclasses.replace(row, warming_level="tracc_fr_2050")
    data = dataclasses.replace(climate, local={**climate.local, row.id: tied})
    text = summer_story(data, "tracc_fr_2050", {}).plain()
    assert t("summer.same_reference", "fr", context=row.context_fr) in text
    assert t("summer.no_level_values", "fr", name="TRACC 2050") not in text
    assert summer_values(data, "tracc_fr_2050").local_matches


def test_unknown_reference_is_a_clear_error(climate):
    with pytest.raises(KeyError, match="référence de réchauffement inconnue"):
        summer_story(climate, "tracc_fr_2040", {})


# --------------------------------------------------------------------------- lever story
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("level", [0, 4])
def test_lever_story_at_all_0_and_all_4(model, lang, level):
    for territory in model.territories:
        levels = _all_at(model, level)
        r = model.evaluate(levels, territory=territory)
        effects = metrics.shares_of_change(model, levels, territory) if level else {}
        story = lever_story(model.levers, levels, r.value(2050), float(r.total[0]),
                            int(r.years[0]), lang, effects=effects,
                            sector_label=lambda s, lang=lang: model.sector_label(s, lang),
                            sector_order=model.sectors)
        _check_sentences(story)
        text = story.plain()
        assert format_co2(r.value(2050), lang=lang) in text
        if level == 0:
            assert t("narrative.none", lang) in text and not story.paragraphs
        else:
            lines = [line for p in story.paragraphs for line in p.lines]
            assert len(lines) == len(model.levers)
            for lever in model.levers:
                assert level_story(lever, 4, lang) in text
            assert [p.heading for p in story.paragraphs] == [
                model.sector_label(s, lang) for s in model.sectors]


def test_lever_story_orders_a_theme_by_share_and_keeps_quiet_themes(model):
    levels = {"velo_marche": 4, "voiture_electrique": 4}
    r = model.evaluate(levels)
    effects = metrics.shares_of_change(model, levels)
    story = lever_story(model.levers, levels, r.value(2050), float(r.total[0]), 2023, "fr",
                        effects=effects, sector_label=model.sector_label,
                        sector_order=model.sectors)
    mobility = story.paragraphs[0]
    ranked = sorted(levels, key=lambda lid: effects[lid])
    assert [line.text for line in mobility.lines] == [
        level_story(model.lever(lid), 4, "fr") for lid in ranked]
    assert all(format_co2(effects[lid], signed=True) in line.tag
               for lid, line in zip(ranked, mobility.lines, strict=True))
    quiet = story.paragraphs[1]
    assert [line.text for line in quiet.lines] == [t("story.unchanged", "fr", year="2023")]
