"""Pathway codes: exact round trip, an unambiguous alphabet, clear errors (fixture data)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.exceptions import PathwayCodeError
from simulation.pathway import ALPHABET, code_length, decode_pathway, encode_pathway, normalise


def test_round_trip_and_shape(model):
    levels = {"covoiturage": 2, "teletravail": 4, "renovation": 1}
    code = encode_pathway(model, "petite-ville", levels)
    assert len(normalise(code)) == code_length(model) <= 22
    assert all(len(g) <= 4 for g in code.split("-"))
    assert decode_pathway(model, code) == ("petite-ville", levels)


def test_alphabet_has_no_confusable_characters():
    assert not set("ILOU") & set(ALPHABET)
    assert len(ALPHABET) == len(set(ALPHABET)) == 32


def test_reading_variants_decode_to_the_same_pathway(model):
    levels = {"flexitarien": 3, "renovation": 2}
    code = encode_pathway(model, "france", levels)
    variants = [code.lower(), code.replace("-", " "), code.replace("0", "O").replace("1", "l"),
                f"  {code}  ", code.replace("-", "")]
    for variant in variants:
        assert decode_pathway(model, variant) == ("france", levels), variant


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_pathway_round_trips(model, data):
    territory = data.draw(st.sampled_from(sorted(model.territories)))
    levels = {lid: data.draw(st.integers(0, 4)) for lid in model.lever_ids}
    code = encode_pathway(model, territory, levels)
    assert decode_pathway(model, code) == (territory, {k: v for k, v in levels.items() if v})


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda c: c[:-1], "tronqué"),
    (lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"), "contrôle incorrect"),
    (lambda c: c[:-2] + "!!", "caractère invalide"),
    (lambda c: "", "vide"),
])
def test_invalid_codes(model, mutate, message):
    code = encode_pathway(model, "france", {"flexitarien": 3, "renovation": 2})
    with pytest.raises(PathwayCodeError, match=message):
        decode_pathway(model, mutate(code))


def test_every_single_character_typo_is_detected(model):
    code = normalise(encode_pathway(model, "france", {"flexitarien": 3}))
    missed = []
    for i, ch in enumerate(code):
        for shift in range(1, len(ALPHABET)):
            other = ALPHABET[(ALPHABET.index(ch) + shift) % len(ALPHABET)]
            typo = code[:i] + other + code[i + 1:]
            try:
                decode_pathway(model, typo)
            except PathwayCodeError:
                continue
            missed.append((i, other))
    assert not missed


def test_territories_have_distinct_tags(model):
    codes = {normalise(encode_pathway(model, tid, {}))[:2] for tid in model.territories}
    assert len(codes) == len(model.territories)


def test_every_swap_of_neighbours_is_detected(model):
    code = normalise(encode_pathway(model, "petite-ville", {"flexitarien": 3,
                                                                    "covoiturage": 1}))
    for i in range(len(code) - 1):
        if code[i] == code[i + 1]:
            continue
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
        with pytest.raises(PathwayCodeError):
            decode_pathway(model, swapped)
