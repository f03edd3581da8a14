"""Lever and prospective cards print exactly what the model computes (fixture data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulation.cards.model_decks import all_print_cards
from simulation.formatting import format_co2, format_percent
from simulation.model import load_model

MINI = Path(__file__).parents[1] / "data" / "mini"


@pytest.fixture(scope="module")
def cards():
    return {c.id: c for c in all_print_cards(MINI)}


def test_one_lever_card_per_lever_with_model_effects(cards):
    m = load_model(MINI)
    lever_cards = [c for c in cards.values() if c.deck == "leviers"]
    assert len(lever_cards) == len(m.levers)
    for lever in m.levers:
        card = cards[f"levier_{lever.id}"]
        e2 = m.lever_effect(lever.id, 2)
        e4 = m.lever_effect(lever.id, 4)
        assert card.title == lever.title_fr
        assert card.value_kg == pytest.approx(e4)
        assert card.value == format_co2(e4, signed=True)
        assert any(format_co2(e2, signed=True) in line for line in card.details)
        # what the lever changes: the labels of levels 2 and 4
        assert any(lever.levels[2].label_fr in line for line in card.front_lines)
        assert any(lever.levels[4].label_fr in line for line in card.front_lines)


def test_prospective_cards_describe_2050_of_the_scenario(cards):
    m = load_model(MINI)
    sc = m.scenarios["sobriete"]  # default of tests/data/mini/cards/prospective.toml
    r = m.evaluate(levels=dict(sc.levels), scenario="sobriete")
    end, start = r.sector_values(2050), r.sector_values(int(r.years[0]))
    for sector in m.sectors:
        card = cards[f"prospective_{sector}"]
        assert card.value == format_co2(end[sector])
        assert card.value_kg == pytest.approx(end[sector])
        assert sc.title_fr in card.subtitle
        change = format_percent(end[sector] / start[sector] - 1, signed=True)
        assert any(change in line for line in card.details)
        assert card.low_kg <= card.value_kg <= card.high_kg


def test_prospective_scenario_option():
    m = load_model(MINI)
    cards = {c.id: c for c in all_print_cards(MINI, scenario="tendanciel")}
    r = m.evaluate(levels=dict(m.scenarios["tendanciel"].levels), scenario="tendanciel")
    assert cards["prospective_mobilite"].value == format_co2(r.sector_values(2050)["mobilite"])
    assert m.scenarios["tendanciel"].title_fr in cards["prospective_mobilite"].subtitle


def test_model_cards_review_date_is_the_earliest_of_their_sector_factors(cards):
    """A lever or prospective card prints the earliest review date of the factors the
    model's equations use for its sector."""
    m = load_model(MINI)
    by_sector = {s: min(m.factors[r.factor].review_by for r in m.vocabulary.roles.values()
                        if m.factors[r.factor].sector == s) for s in m.sectors}
    for lever in m.levers:
        assert cards[f"levier_{lever.id}"].review_by == by_sector[lever.sector], lever.id
    for sector in m.sectors:
        assert cards[f"prospective_{sector}"].review_by == by_sector[sector], sector


def test_every_card_has_sources_review_date_and_credits(cards):
    for card in cards.values():
        assert card.sources, card.id
        assert card.credits, card.id
        assert card.review_by is not None, card.id
        assert card.value, card.id
