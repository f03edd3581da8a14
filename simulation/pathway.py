"""Pathway codes: a short, URL-safe string for a territory and its lever levels.

Like the UK 2050 Calculator's codes, a code restores a pathway exactly (``?code=…`` in the
dashboard URL, ``--pathway`` in the CLI). Format: ``<territory>.<payload>`` where the payload
packs the levels (base 5, one digit per lever in the model's lever order) into base-62
characters, followed by two check characters computed from the lever ids and the levels, so a
typo, a truncated code or a code made with another set of levers is rejected with a clear error.
"""

from __future__ import annotations

import string
import zlib
from collections.abc import Mapping

from simulation.exceptions import PathwayCodeError
from simulation.levers import LEVELS

ALPHABET = string.digits + string.ascii_letters  # base 62, URL-safe
BASE = len(ALPHABET)


def _payload_length(n_levers: int) -> int:
    length, capacity = 1, BASE
    while capacity < LEVELS**n_levers:
        length += 1
        capacity *= BASE
    return length


def _check(lever_ids, number: int) -> str:
    crc = zlib.crc32(("|".join(lever_ids) + f"#{number}").encode("utf-8"))
    return ALPHABET[crc % BASE] + ALPHABET[(crc // BASE) % BASE]


def encode_pathway(model, territory: str, levels: Mapping[str, int]) -> str:
    """Encode ``territory`` and ``levels`` as a short URL-safe code.

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
        E.g. ``"france.00000k3F2Zq"``.
    """
    if territory not in model.territories:
        raise PathwayCodeError(f"territoire inconnu « {territory} »")
    vector = model.levels_vector(levels)
    value = 0
    for level in vector:
        value = value * LEVELS + int(level)
    number = value
    digits = []
    for _ in range(_payload_length(len(vector))):
        number, rem = divmod(number, BASE)
        digits.append(ALPHABET[rem])
    payload = "".join(reversed(digits))
    return f"{territory}.{payload}{_check(model.lever_ids, value)}"


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
    if not isinstance(code, str) or "." not in code:
        raise PathwayCodeError(f"code de parcours invalide {code!r} : attendu « territoire.code »")
    territory, _, body = code.strip().rpartition(".")
    if territory not in model.territories:
        raise PathwayCodeError(f"code de parcours : territoire inconnu « {territory} »")
    n = len(model.lever_ids)
    expected = _payload_length(n) + 2
    if len(body) != expected:
        raise PathwayCodeError(f"code de parcours {code!r} : {len(body)} caractères après le "
                               f"point au lieu de {expected} (code tronqué ou mal recopié ?)")
    bad = [c for c in body if c not in ALPHABET]
    if bad:
        raise PathwayCodeError(f"code de parcours {code!r} : caractère invalide « {bad[0]} »")
    payload, check = body[:-2], body[-2:]
    number = 0
    for c in payload:
        number = number * BASE + ALPHABET.index(c)
    if number >= LEVELS**n or _check(model.lever_ids, number) != check:
        raise PathwayCodeError(f"code de parcours {code!r} : contrôle incorrect (faute de frappe,"
                               " ou code créé avec une autre liste de leviers)")
    levels = []
    for _ in range(n):
        number, rem = divmod(number, LEVELS)
        levels.append(rem)
    levels.reverse()
    return territory, model.levels_dict(levels)
