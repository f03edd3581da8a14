"""Pathway codes: exact round trip and clear errors (fixture data)."""

import pytest

from simulation.exceptions import PathwayCodeError
from simulation.pathway import decode_pathway, encode_pathway


def test_round_trip_and_shape(model):
    levels = {"covoiturage": 2, "teletravail": 4, "renovation": 1}
    code = encode_pathway(model, "petite-ville", levels)
    assert code.startswith("petite-ville.")
    assert len(code.split(".")[1]) <= 16
    assert decode_pathway(model, code) == ("petite-ville", levels)


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda c: c[:-1], "tronqué"),
    (lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"), "contrôle incorrect"),
    (lambda c: c.replace("france.", "atlantis."), "territoire inconnu"),
    (lambda c: c[:-2] + "!!", "caractère invalide"),
    (lambda c: c.replace(".", ""), "attendu"),
])
def test_invalid_codes(model, mutate, message):
    code = encode_pathway(model, "france", {"flexitarien": 3, "renovation": 2})
    with pytest.raises(PathwayCodeError, match=message):
        decode_pathway(model, mutate(code))


def test_single_digit_typo_detected(model):
    code = encode_pathway(model, "france", {"flexitarien": 3})
    territory, body = code.split(".")
    for i in range(len(body)):  # a typo anywhere in the code
        typo = body[:i] + ("1" if body[i] != "1" else "2") + body[i + 1:]
        with pytest.raises(PathwayCodeError):
            decode_pathway(model, f"{territory}.{typo}")
