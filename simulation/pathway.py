"""Pathway codes: a short code to read aloud or copy, for a territory and its lever levels.

Like the UK 2050 Calculator's codes, a code restores a pathway exactly (``?code=…`` in the
dashboard URL, ``--pathway`` in the CLI, the « code » box of the dashboard). It is written
with Crockford's base-32 alphabet — digits and capital letters without I, L, O and U — in
groups of four (``K7QD-3MZP-XA2F-9RT0-BC``), so nothing can be confused when it is read
from a projected screen or a sheet of paper: on input, case, spaces and dashes are ignored
and O, I and L are read as 0, 1 and 1.

Layout: two characters for the territory (a checksum of its id, matched against the known
territories), the levels packed in base 32 (one base-5 digit per lever in the model's lever
order), then two check characters computed from the lever ids, the levels and the
territory: a typo, a truncated code or a code made with another set of levers is rejected
with a clear error.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping

from simulation.exceptions import PathwayCodeError
from simulation.levers import LEVELS

#: Crockford's base 32: no I, L, O, U (https://www.crockford.com/base32.html).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
#: Characters read as another one on input.
ALIASES = {"O": "0", "I": "1", "L": "1"}
GROUP = 4


def normalise(code: str) -> str:
    """Upper case, no spaces or dashes, O/I/L read as 0/1/1."""
    text = "".join(ch for ch in str(code).upper() if not ch.isspace() and ch != "-")
    return "".join(ALIASES.get(ch, ch) for ch in text)


def group(code: str) -> str:
    """``"K7QD3MZP"`` → ``"K7QD-3MZP"`` (groups of four for reading)."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def _digits(number: int, length: int) -> str:
    out = []
    for _ in range(length):
        number, rem = divmod(number, BASE)
        out.append(ALPHABET[rem])
    return "".join(reversed(out))


def _payload_length(n_levers: int) -> int:
    length, capacity = 1, BASE
    while capacity < LEVELS**n_levers:
        length += 1
        capacity *= BASE
    return length


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _territory_tag(territory: str) -> str:
    return _digits(_crc(f"territory|{territory}") % BASE**2, 2)


def _check(lever_ids, body: str, territory: str) -> str:
    """Two check characters: a sum of the body's digits with odd weights 1, 3, 5… modulo
    32², offset by a checksum of the lever ids and the territory. Odd weights catch every
    single-character error and every swap of two neighbours; the offset rejects a code made
    with another list of levers."""
    total = _crc("|".join(lever_ids) + f"#{territory}")
    total += sum((2 * i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return _digits(total % BASE**2, 2)


def code_length(model) -> int:
    """Number of characters of a pathway code (without dashes) for this model."""
    return 2 + _payload_length(len(model.lever_ids)) + 2


def encode_pathway(model, territory: str, levels: Mapping[str, int]) -> str:
    """Encode ``territory`` and ``levels`` as a grouped code.

    Parameters
    ----------
    model : Model
        Gives the lever order and validates ids and levels.
    territory : str
        Territory id.
    levels : mapping
        ``{lever_id: level}``; missing levers are at 0.

    Returns
    -------
    str
        E.g. ``"K7QD-3MZP-XA2F-9RT0-BC"``.
    """
    if territory not in model.territories:
        raise PathwayCodeError(f"territoire inconnu « {territory} »")
    value = 0
    for level in model.levels_vector(levels):
        value = value * LEVELS + int(level)
    body = _territory_tag(territory) + _digits(value, _payload_length(len(model.lever_ids)))
    return group(body + _check(model.lever_ids, body, territory))


def decode_pathway(model, code: str) -> tuple[str, dict[str, int]]:
    """Decode a code made by :func:`encode_pathway`.

    Returns
    -------
    territory : str
    levels : dict
        ``{lever_id: level}`` for levers with a non-zero level.

    Raises
    ------
    PathwayCodeError
        With a French message saying what is wrong.
    """
    if not isinstance(code, str) or not code.strip():
        raise PathwayCodeError("code de parcours vide : collez le code affiché (ex. K7QD-3MZP-…)")
    body = normalise(code)
    expected = code_length(model)
    if len(body) != expected:
        raise PathwayCodeError(f"code de parcours « {code.strip()} » : {len(body)} caractères au "
                               f"lieu de {expected} (code tronqué ou mal recopié ?)")
    bad = [c for c in body if c not in ALPHABET]
    if bad:
        raise PathwayCodeError(f"code de parcours « {code.strip()} » : caractère invalide "
                               f"« {bad[0]} » (chiffres et lettres sauf I, L, O, U)")
    matches = [tid for tid in model.territories if _territory_tag(tid) == body[:2]]
    number = 0
    for c in body[2:-2]:
        number = number * BASE + ALPHABET.index(c)
    territory = next((tid for tid in matches
                      if _check(model.lever_ids, body[:-2], tid) == body[-2:]), None)
    if number >= LEVELS ** len(model.lever_ids) or territory is None:
        raise PathwayCodeError(f"code de parcours « {code.strip()} » : contrôle incorrect (faute "
                               "de frappe, ou code créé avec une autre liste de leviers ou de "
                               "territoires)")
    levels = []
    for _ in range(len(model.lever_ids)):
        number, rem = divmod(number, LEVELS)
        levels.append(rem)
    levels.reverse()
    return territory, model.levels_dict(levels)
