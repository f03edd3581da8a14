"""GES card definitions: values from the factor base, and one broken fixture per rule.

The properties (value = Σ quantity × factor, review date = the earliest of the factors) hold
for any valid data: they are checked on the shipped cards and on the fixture cards. The
numbers are checked by hand on the fixture data (``tests/data/mini``).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from simulation.cards import load_ges_cards
from simulation.data import load_data, read_data
from simulation.exceptions import DataFileError, UnknownIdError
from simulation.formatting import format_co2, format_co2_range
from simulation.paths import PROJECT_DIR
from simulation.units import ureg

DATA = PROJECT_DIR / "data"
MINI = PROJECT_DIR / "tests" / "data" / "mini"
FOLDERS = pytest.mark.parametrize("folder", [DATA, MINI], ids=["shipped", "mini"])


def _raw_cards(folder: Path):
    """Every [[card]] of the GES files, read with tomllib (not with the loader)."""
    sectors = load_data(folder).vocabulary.sectors
    for path in sorted((folder / "cards").glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        if doc["deck"]["id"] in sectors:
            for card in doc.get("card", []):
                yield doc["deck"]["id"], card


def _expected_kg(folder: Path, card: dict, which: str = "value") -> float:
    """Σ quantity × factor, computed here from the factor base's canonical floats."""
    fb = load_data(folder).factors
    total = 0.0
    for use in card["use"]:
        factor = fb[use["factor"]]
        activity_unit = ureg.kgCO2e / ureg.parse_units(factor.canonical_unit)
        amount = ureg.parse_expression(use["quantity"]).to(activity_unit).magnitude
        total += amount * getattr(fb, which)(use["factor"])
    return total


def test_every_shipped_deck_has_at_least_12_cards():
    """Quality of the shipped decks: four GES decks of at least 12 cards each."""
    counts = Counter(deck for deck, _ in _raw_cards(DATA))
    assert set(counts) <= set(load_data(DATA).vocabulary.sectors)
    assert len(counts) == 4
    assert all(n >= 12 for n in counts.values()), counts


@FOLDERS
def test_card_values_equal_quantity_times_factor(folder):
    raw = list(_raw_cards(folder))
    cards = {c.id: c for t in load_data(folder).territories
             for c in load_ges_cards(territory=t, data_dir=folder)}
    assert len(cards) == len(raw)
    for deck, card in raw:
        cv = cards[card["id"]]
        assert cv.deck == deck
        assert cv.value_kg == pytest.approx(_expected_kg(folder, card), rel=1e-12)
        assert cv.low_kg == pytest.approx(_expected_kg(folder, card, "low"), rel=1e-12)
        assert cv.high_kg == pytest.approx(_expected_kg(folder, card, "high"), rel=1e-12)
        assert cv.low_kg <= cv.value_kg <= cv.high_kg
        assert cv.display_fr == format_co2(_expected_kg(folder, card))
        assert cv.display_en == format_co2(_expected_kg(folder, card), lang="en")
        assert cv.range_fr == format_co2_range(cv.low_kg, cv.high_kg)


def test_golden_card_values():
    # By hand from tests/data/mini/emission_factors: 2 × 600 pkm × 0.2 kgCO2e/pkm = 240 kg;
    # 2 × 15 km × 220 days × 0.2 kgCO2e/vkm = 1 320 kg (driver alone: per vehicle-km).
    cards = {c.id: c for c in load_ges_cards(deck="mobilite", data_dir=MINI)}
    assert cards["mob_avion_aller_retour"].value_kg == pytest.approx(240, rel=1e-12)
    assert cards["mob_avion_aller_retour"].display_fr == "240\u202fkg\u00a0CO₂e"
    assert cards["mob_voiture_seul"].value_kg == pytest.approx(1320, rel=1e-12)
    assert cards["mob_voiture_seul"].display_fr == "1,3\u202ft\u00a0CO₂e"
    # car-pooling with three: one third of the same vehicle-km
    assert cards["mob_voiture_covoit"].value_kg == pytest.approx(440, rel=1e-12)
    # two uses add up: 20 vkm × 0.2 + 750 pkm × 0.004 (mob_ic_tgv) = 4 + 3 kg, range from
    # the low and high of each factor: 20 × 0.15 + 750 × 0.003 … 20 × 0.25 + 750 × 0.005
    both = cards["mob_voiture_puis_tgv"]
    assert (both.value_kg, both.low_kg, both.high_kg) == pytest.approx((7, 5.25, 8.75),
                                                                       rel=1e-12)
    # and the earliest review date of the two (mob_ic_tgv: 2098-06-30)
    assert both.review_by == dt.date(2098, 6, 30)


@FOLDERS
def test_review_date_is_the_earliest_of_the_factors_used(folder):
    fb = load_data(folder).factors
    for cv in load_ges_cards(data_dir=folder):
        dates = [fb[u.factor_id].review_by for u in cv.definition.uses]
        assert cv.review_by == min(dates)


def test_deck_filter_and_unknown_deck():
    assert {c.deck for c in load_ges_cards(deck="alimentation", data_dir=MINI)} == {
        "alimentation"}
    with pytest.raises(UnknownIdError, match="inconnu"):
        load_ges_cards(deck="voyage", data_dir=MINI)


def test_territory_of_a_card():
    """A card with ``territories = [...]`` is only in those territories' decks."""
    local = "mob_velo_local"  # territories = ["petite-ville"] in tests/data/mini
    assert local in {c.id for c in load_ges_cards(territory="petite-ville", data_dir=MINI)}
    assert local not in {c.id for c in load_ges_cards(territory="france", data_dir=MINI)}


def test_territory_restriction(cards_only, tmp_path):
    data = cards_only()
    (data / "cards" / "mobilite.toml").write_text(
        '[deck]\nid = "mobilite"\ncredits_fr = "test"\n\n'
        '[[card]]\nid = "local"\ntitle_fr = "Local"\ndetail_fr = "x"\n'
        'territories = ["petite-ville"]\n'
        '[[card.use]]\nfactor = "mob_ic_tgv"\nquantity = "1 pkm"\nsource = "test"\n',
        encoding="utf-8")
    assert [c.id for c in load_ges_cards(territory="petite-ville", data_dir=data)] == ["local"]
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
