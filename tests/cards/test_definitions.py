"""GES card definitions: values from the factor base, and one broken fixture per rule."""

from __future__ import annotations

import tomllib
from collections import Counter

import pytest

from simulation.cards import load_ges_cards
from simulation.data import read_data
from simulation.exceptions import DataFileError, UnknownIdError
from simulation.factors import load_factors
from simulation.formatting import format_co2, format_co2_range
from simulation.paths import PROJECT_DIR
from simulation.units import ureg

DATA = PROJECT_DIR / "data"
SECTORS = ("mobilite", "alimentation", "batiment", "economie", "services_publics")


def _raw_cards():
    """Every [[card]] of the real GES files, read with tomllib (not with the loader)."""
    for path in sorted((DATA / "cards").glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        if doc["deck"]["id"] in SECTORS:
            for card in doc.get("card", []):
                yield doc["deck"]["id"], card


def _expected_kg(card: dict, which: str = "value") -> float:
    """Σ quantity × factor, computed here from the factor base's canonical floats."""
    fb = load_factors()
    total = 0.0
    for use in card["use"]:
        factor = fb[use["factor"]]
        activity_unit = ureg.kgCO2e / ureg.parse_units(factor.canonical_unit)
        amount = ureg.parse_expression(use["quantity"]).to(activity_unit).magnitude
        total += amount * getattr(fb, which)(use["factor"])
    return total


def test_every_deck_has_at_least_12_cards():
    counts = Counter(deck for deck, _ in _raw_cards())
    assert set(counts) <= set(SECTORS)
    assert len(counts) == 4
    assert all(n >= 12 for n in counts.values()), counts


def test_card_values_equal_quantity_times_factor():
    cards = {c.id: c for c in load_ges_cards()}
    raw = list(_raw_cards())
    assert len(cards) == len(raw)
    for deck, card in raw:
        cv = cards[card["id"]]
        assert cv.deck == deck
        assert cv.value_kg == pytest.approx(_expected_kg(card), rel=1e-12)
        assert cv.low_kg == pytest.approx(_expected_kg(card, "low"), rel=1e-12)
        assert cv.high_kg == pytest.approx(_expected_kg(card, "high"), rel=1e-12)
        assert cv.low_kg <= cv.value_kg <= cv.high_kg
        assert cv.display_fr == format_co2(_expected_kg(card))
        assert cv.display_en == format_co2(_expected_kg(card), lang="en")
        assert cv.range_fr == format_co2_range(cv.low_kg, cv.high_kg)


def test_golden_card_values():
    # Hand-checked against the factor CSVs: 2 × 600 pkm × 0.224572 kgCO2e/pkm = 269.49 kg;
    # 2 × 15 km × 220 days × 0.2715 kgCO2e/vkm = 1 791.9 kg (driver alone: per vehicle-km).
    cards = {c.id: c for c in load_ges_cards(deck="mobilite")}
    assert cards["mob_avion_mpl_paris"].value_kg == pytest.approx(269.4864, rel=1e-6)
    assert cards["mob_voiture_domicile_travail_seul"].value_kg == pytest.approx(1791.9,
                                                                                rel=1e-6)
    # car-pooling with three: one third of the same vehicle-km
    assert cards["mob_voiture_domicile_travail_covoit"].value_kg == pytest.approx(1791.9 / 3,
                                                                                  rel=1e-6)


def test_review_date_is_the_earliest_of_the_factors_used():
    fb = load_factors()
    for cv in load_ges_cards():
        dates = [fb[u.factor_id].review_by for u in cv.definition.uses]
        assert cv.review_by == min(dates)


def test_deck_filter_and_unknown_deck():
    assert {c.deck for c in load_ges_cards(deck="economie")} == {"economie"}
    with pytest.raises(UnknownIdError, match="inconnu"):
        load_ges_cards(deck="voyage")


def test_territory_restriction(cards_only, tmp_path):
    data = cards_only()
    (data / "cards" / "mobilite.toml").write_text(
        '[deck]\nid = "mobilite"\ncredits_fr = "test"\n\n'
        '[[card]]\nid = "local"\ntitle_fr = "Local"\ndetail_fr = "x"\n'
        'territories = ["montpellier-metropole"]\n'
        '[[card.use]]\nfactor = "mob_ic_tgv"\nquantity = "1 pkm"\nsource = "test"\n',
        encoding="utf-8")
    assert [c.id for c in load_ges_cards(territory="montpellier-metropole", data_dir=data)] == ["local"]
    assert load_ges_cards(territory="france", data_dir=data) == []


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("unknown_factor.toml", ["unknown_factor.toml:11: factor: facteur inconnu "
                                 "« mob_ic_plane_shrot »", "mob_ic_plane_short"]),
        ("incompatible_units.toml", ["incompatible_units.toml:12: quantity: unités "
                                     "incompatibles"]),
        ("missing_text.toml", ["missing_text.toml:6: title_fr: texte manquant"]),
        ("bad_quantity.toml", ["bad_quantity.toml:12: quantity: quantité illisible",
                               "bad_quantity.toml:10: source: source de la quantité manquante"]),
        ("duplicate_id.toml", ["duplicate_id.toml:16: id: identifiant « chauffage » déjà "
                               "utilisé"]),
        ("unknown_key.toml", ["unknown_key.toml:8: titre_fr: clé inconnue",
                              "unknown_key.toml:6: title_fr: texte manquant"]),
        ("unknown_deck.toml", ["unknown_deck.toml:3: id: jeu inconnu « transport »"]),
        ("unit_label_on_distance.toml", ["unit_label_on_distance.toml:14: unit_fr: unit_fr ne "
                                         "s'utilise qu'avec une quantité comptée"]),
    ],
)
def test_broken_definitions_name_path_and_line(cards_only, fixture, expected):
    data = cards_only(fixture)
    with pytest.raises(DataFileError) as err:
        read_data(data)
    text = str(err.value)
    for piece in expected:
        assert piece in text, text


def test_all_problems_of_all_files_reported_at_once(cards_only):
    data = cards_only("unknown_factor.toml", "missing_text.toml", "incompatible_units.toml")
    with pytest.raises(DataFileError) as err:
        read_data(data)
    assert len(err.value.problems) == 3
