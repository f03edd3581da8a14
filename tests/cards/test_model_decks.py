"""Lever and prospective cards print exactly what the model computes."""

from __future__ import annotations

import pytest

from simulation.cards.model_decks import all_print_cards
from simulation.formatting import format_co2, format_percent
from simulation.model import load_model

SECTORS = load_model().sectors


@pytest.fixture(scope="module")
def cards():
    return {c.id: c for c in all_print_cards()}


def test_one_lever_card_per_lever_with_model_effects(cards):
    m = load_model()
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
    m = load_model()
    sc = m.scenarios["s2"]  # default of data/cards/prospective.toml
    r = m.evaluate(levels=dict(sc.levels), scenario="s2")
    end, start = r.sector_values(2050), r.sector_values(int(r.years[0]))
    for sector in SECTORS:
        card = cards[f"prospective_{sector}"]
        assert card.value == format_co2(end[sector])
        assert card.value_kg == pytest.approx(end[sector])
        assert sc.title_fr in card.subtitle
        change = format_percent(end[sector] / start[sector] - 1, signed=True)
        assert any(change in line for line in card.details)
        assert card.low_kg <= card.value_kg <= card.high_kg


def test_prospective_scenario_option():
    m = load_model()
    cards = {c.id: c for c in all_print_cards(scenario="s4")}
    r = m.evaluate(levels=dict(m.scenarios["s4"].levels), scenario="s4")
    assert cards["prospective_mobilite"].value == format_co2(r.sector_values(2050)["mobilite"])
    assert m.scenarios["s4"].title_fr in cards["prospective_mobilite"].subtitle


def test_every_card_has_sources_review_date_and_credits(cards):
    for card in cards.values():
        assert card.sources, card.id
        assert card.credits, card.id
        assert card.review_by is not None, card.id
        assert card.value, card.id
