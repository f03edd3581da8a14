"""The sources printed on card backs: plain French, no tool jargon, full text kept in exports."""

from __future__ import annotations

import pytest

from simulation.cards.model_decks import all_print_cards
from simulation.cards.sources import (
    JARGON,
    citations,
    factor_source,
    join_within,
    quantity_source,
)
from simulation.model import load_model


@pytest.fixture(scope="module", params=sorted(load_model().territories))
def cards(request):
    return all_print_cards(territory=request.param)


def test_every_card_prints_sources_without_jargon(cards):
    for card in cards:
        assert card.printed_sources, card.id
        lowered = card.printed_sources.lower()
        found = [word for word in JARGON if word.lower() in lowered]
        assert not found, (card.id, found, card.printed_sources)


def test_exports_keep_the_full_sources(cards):
    """CSV and JSON keep the citation with the tool it was read in; paper gets the short one."""
    ges = [c for c in cards if c.kind == "ges"]
    assert any("lu dans" in c.sources for c in ges)
    assert all(len(c.printed_sources) <= len(c.sources) + 40 for c in ges)
    levers = [c for c in cards if c.kind == "levier"]
    assert sum(len(c.sources) for c in levers) > 2 * sum(len(c.printed_sources) for c in levers)


@pytest.mark.parametrize(("raw", "printed"), [
    ("Base Empreinte ; lu dans Impact CO2 (repo incubateur-ademe/impactco2, commit 8076a48, "
     "2026-07-01)", "Base Empreinte, via Impact CO2"),
    ("NGC 4.10.2 (elec FE 0.0519) ; lu dans Nos Gestes Climat model npm "
     "@incubateur-ademe/nosgestesclimat 4.10.2 - evaluated with publicodes 1.10 "
     "(default answers)", "Nos Gestes Climat"),
    ("Base Empreinte / ADEME 2018 consumer goods study ; lu dans Impact CO2",
     "Base Empreinte et étude ADEME 2018 sur les biens de consommation, via Impact CO2"),
    ("Agribalyse 3.2 (2025-01-15) ; lu dans Impact CO2", "Agribalyse 3.2, via Impact CO2"),
    ("CEREN 2023 x FE (elec 0.0519) ; lu dans Impact CO2",
     "SDES-CEREN 2023 et Base Empreinte, via Impact CO2"),
    ("Base Empreinte Electricité/2025 - mix moyen/consommation ; lu dans publicodes-commun "
     "v2.1.6", "Base Empreinte électricité 2025, mix moyen de consommation, via Nos Gestes "
     "Climat"),
])
def test_factor_sources_are_rewritten_in_plain_french(raw, printed):
    assert factor_source(raw) == printed


def test_a_quantity_given_by_the_card_is_not_repeated():
    assert quantity_source("quantité de la carte : un repas") == ""
    assert quantity_source("hypothèse : 6 journées de ski") == "6 journées de ski"


@pytest.mark.parametrize(("source", "expected"), [
    ("calcul : ADEME, Transition(s) 2050, rapport (2021) : construction neuve −60 % (S2) × "
     "maisons neuves −30 % de surface (S1) = 0,4 × 0,7", ["ADEME, Transition(s) 2050, rapport "
                                                          "(2021)"]),
    ("palier : interpolation linéaire (2/3) entre aujourd'hui et le niveau 3 (ADEME S1) ; le "
     "rythme n'est pas publié", []),
    ("hypothèse : électricité sans fossile (projet de SNBC-3, déc. 2025)",
     ["hypothèse du projet"]),
    ("calcul : part de 16 % en France (Insee Focus n° 143, 2019) portée à 22,5 %",
     ["Insee Focus n° 143, 2019"]),
    ("ADEME/GRDF/GRTgaz, « Un mix de gaz 100 % renouvelable en 2050 ? » (2018)",
     ["ADEME, GRDF, GRTgaz, « Un mix de gaz 100 % renouvelable en 2050 ? » (2018)"]),
])
def test_lever_sources_keep_the_publications_not_the_calculation(source, expected):
    assert citations(source) == expected


def test_long_source_lists_are_cut_and_point_to_the_documentation():
    text = join_within(["a" * 60, "b" * 60, "c" * 60], 130, "la suite ailleurs")
    assert text == f"{'a' * 60} ; {'b' * 60} ; la suite ailleurs"
    assert join_within(["x", "x", "y"], 100, "…") == "x ; y"
