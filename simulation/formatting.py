"""Numbers as participants read them: pedagogical rounding and French typography.

One module formats every number shown to a participant, on screen (dashboards) and on paper
(cards, posters), so both always print the same text for the same value.

Rules
-----
* Pedagogical rounding: ``digits`` significant figures (2 by default), half away from zero,
  computed in decimal so ``0.125`` rounds to ``0,13`` and not to the binary neighbour.
  Significant trailing zeros are kept (``1,0 t``): they say how precise the number is.
* Mass unit chosen so the number reads well: grams below 1 kg, tonnes from 1 000 kg,
  kilograms in between. The choice is made on the *rounded* value, so 999.7 kg reads
  ``1,0 t`` and never ``1 000 kg``.
* French (``lang="fr"``): decimal comma, U+202F NARROW NO-BREAK SPACE as thousands separator
  and before units and ``%`` ("1 234,5 kg", "−42 %"), U+2212 MINUS SIGN.
* English (``lang="en"``): decimal point, comma thousands separator, U+00A0 NO-BREAK SPACE
  before units, no space before ``%``, U+2212 MINUS SIGN.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

NNBSP = "\u202f"  #: narrow no-break space (French thousands separator, before units)
NBSP = "\u00a0"  #: no-break space (English, between number and unit)
MINUS = "\u2212"  #: typographic minus sign
CO2E = "CO\u2082e"  #: "CO₂e" with a subscript two

_LANGS = ("fr", "en")


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise ValueError(f"lang must be one of {_LANGS}, not {lang!r}")


def round_significant(x: float, digits: int = 2) -> Decimal:
    """Round ``x`` to ``digits`` significant figures, half away from zero.

    Parameters
    ----------
    x : float
        Any finite number. [any unit]
    digits : int
        Significant figures kept (>= 1).

    Returns
    -------
    decimal.Decimal
        The rounded value; its exponent records the precision (``Decimal("1.0")`` for
        ``x=0.9996, digits=2``), so trailing significant zeros can be printed.

    Raises
    ------
    ValueError
        If ``x`` is not finite or ``digits`` < 1.
    """
    if digits < 1:
        raise ValueError(f"digits must be >= 1, not {digits}")
    if not math.isfinite(x):
        raise ValueError(f"cannot format a non-finite number ({x!r})")
    d = Decimal(repr(float(x)))
    if d == 0:
        return Decimal(0)  # printed "0": zero has no significant figures to show
    exponent = d.adjusted()
    r = d.quantize(Decimal(1).scaleb(exponent - digits + 1), rounding=ROUND_HALF_UP)
    if r.adjusted() > exponent:  # 9.96 -> 10.0: one figure too many, drop it
        r = r.quantize(Decimal(1).scaleb(r.adjusted() - digits + 1), rounding=ROUND_HALF_UP)
    return r


def _group(int_digits: str, sep: str) -> str:
    """Insert ``sep`` every three digits from the right ("1234567" -> "1 234 567")."""
    head = len(int_digits) % 3 or 3
    parts = [int_digits[:head]]
    parts += [int_digits[i:i + 3] for i in range(head, len(int_digits), 3)]
    return sep.join(parts)


def _decimal_text(d: Decimal, lang: str, signed: bool = False) -> str:
    """Typeset a rounded :class:`~decimal.Decimal` in the language's typography."""
    sign, digits_tuple, _exponent = d.as_tuple()
    # Fixed-point text without exponent, e.g. Decimal("1.2E+3") -> "1200".
    text = format(abs(d), "f")
    if "." in text:
        int_part, frac_part = text.split(".")
    else:
        int_part, frac_part = text, ""
    thousands = NNBSP if lang == "fr" else ","
    point = "," if lang == "fr" else "."
    out = _group(int_part, thousands)
    if frac_part:
        out += point + frac_part
    is_zero = not any(digits_tuple)
    if sign and not is_zero:
        out = MINUS + out
    elif signed and not is_zero:
        out = "+" + out
    return out


def format_number(x: float, digits: int = 2, lang: str = "fr", signed: bool = False) -> str:
    """Format a number with ``digits`` significant figures in French or English typography.

    Parameters
    ----------
    x : float
        The number. [any unit]
    digits : int
        Significant figures (pedagogical rounding: 2).
    lang : {"fr", "en"}
        Typography: ``"fr"`` gives ``"1 200"`` and ``"0,45"``; ``"en"`` gives ``"1,200"``
        and ``"0.45"``.
    signed : bool
        Prefix positive values with ``+`` (for changes).

    Returns
    -------
    str

    Examples
    --------
    >>> format_number(1234.5)
    '1\u202f200'
    >>> format_number(0.04567, lang="en")
    '0.046'
    """
    _check_lang(lang)
    return _decimal_text(round_significant(x, digits), lang, signed=signed)


def format_integer(n: float, lang: str = "fr") -> str:
    """Format a count exactly (no significant-figure rounding), with thousands separators.

    Parameters
    ----------
    n : float
        A count, e.g. a population; rounded to the nearest integer. [-]
    lang : {"fr", "en"}

    Returns
    -------
    str
        ``"465 070"`` (French) or ``"465,070"`` (English).
    """
    _check_lang(lang)
    if not math.isfinite(n):
        raise ValueError(f"cannot format a non-finite number ({n!r})")
    d = Decimal(repr(float(n))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return _decimal_text(d, lang)


#: Mass units for CO₂e: symbol -> power of ten of their size in kilograms.
_MASS_UNITS = {"g": -3, "kg": 0, "t": 3}


def co2_unit(kg: float, digits: int = 2) -> tuple[str, float]:
    """Choose the mass unit in which ``kg`` reads best, after rounding.

    Parameters
    ----------
    kg : float
        Mass of CO₂e. [kgCO2e]
    digits : int
        Significant figures used for display.

    Returns
    -------
    symbol : str
        ``"g"``, ``"kg"`` or ``"t"``.
    kg_per_unit : float
        Size of that unit. [kg]
    """
    magnitude = abs(round_significant(kg, digits))
    if magnitude == 0:
        return "kg", 1.0
    if magnitude < 1:
        return "g", 1e-3
    if magnitude >= 1000:
        return "t", 1e3
    return "kg", 1.0


def _unit_space(lang: str) -> str:
    return NNBSP if lang == "fr" else NBSP


def format_co2(kg: float, lang: str = "fr", digits: int = 2, signed: bool = False) -> str:
    """Format a mass of CO₂e with pedagogical rounding and a readable unit.

    Parameters
    ----------
    kg : float
        Mass of CO₂-equivalent. [kgCO2e]
    lang : {"fr", "en"}
        Typography (see module docstring).
    digits : int
        Significant figures (2 for participants).
    signed : bool
        Prefix positive values with ``+`` (for changes, e.g. a lever's effect).

    Returns
    -------
    str
        E.g. ``"12 g CO₂e"`` for 0.0123, ``"1,2 t CO₂e"`` for 1234 (French, with U+202F
        before the unit and U+00A0 between the unit and ``CO₂e``).

    Examples
    --------
    >>> format_co2(0.0123)
    '12\u202fg\xa0CO₂e'
    >>> format_co2(1234, lang="en")
    '1.2\xa0t\xa0CO₂e'
    """
    _check_lang(lang)
    symbol, _ = co2_unit(kg, digits)
    number = _in_unit(kg, symbol, digits, lang, signed)
    return f"{number}{_unit_space(lang)}{symbol}{NBSP}{CO2E}"


def _in_unit(kg: float, symbol: str, digits: int, lang: str, signed: bool = False) -> str:
    """Round in kilograms, then shift the decimal point exactly (no float division)."""
    rounded = round_significant(kg, digits).scaleb(-_MASS_UNITS[symbol])
    return _decimal_text(rounded, lang, signed=signed)


def format_co2_range(low_kg: float, high_kg: float, lang: str = "fr", digits: int = 2) -> str:
    """Format a low–high range of CO₂e masses in one unit (that of the larger bound).

    Parameters
    ----------
    low_kg, high_kg : float
        Bounds of the range. [kgCO2e]
    lang : {"fr", "en"}
    digits : int
        Significant figures of each bound.

    Returns
    -------
    str
        E.g. ``"de 0,90 à 1,5 t CO₂e"`` (French) or ``"0.90 to 1.5 t CO₂e"`` (English).
    """
    _check_lang(lang)
    big = high_kg if abs(high_kg) >= abs(low_kg) else low_kg
    symbol, _ = co2_unit(big, digits)
    lo = _in_unit(low_kg, symbol, digits, lang)
    hi = _in_unit(high_kg, symbol, digits, lang)
    unit = f"{_unit_space(lang)}{symbol}{NBSP}{CO2E}"
    if lang == "fr":
        return f"de{NBSP}{lo} à{NBSP}{hi}{unit}"
    return f"{lo} to{NBSP}{hi}{unit}"


def format_percent(x: float, lang: str = "fr", digits: int = 2, signed: bool = False) -> str:
    """Format a fraction as a percentage with ``digits`` significant figures.

    Parameters
    ----------
    x : float
        Fraction (``-0.42`` means −42 %). [-]
    lang : {"fr", "en"}
        French puts U+202F before ``%``; English puts nothing.
    digits : int
        Significant figures.
    signed : bool
        Prefix positive values with ``+``.

    Returns
    -------
    str

    Examples
    --------
    >>> format_percent(-0.42)
    '−42\u202f%'
    >>> format_percent(0.051, lang="en")
    '5.1%'
    """
    _check_lang(lang)
    number = format_number(x * 100, digits=digits, lang=lang, signed=signed)
    return f"{number}{NNBSP}%" if lang == "fr" else f"{number}%"


def parse_number(text: str, lang: str = "fr") -> float:
    """Read back a number written by :func:`format_number` (for tests and imports).

    Parameters
    ----------
    text : str
        E.g. ``"−1 234,5"`` (French) or ``"-1,234.5"`` (English).
    lang : {"fr", "en"}

    Returns
    -------
    float
    """
    _check_lang(lang)
    t = text.strip().replace(MINUS, "-").replace(NNBSP, "").replace(NBSP, "").replace(" ", "")
    t = t.replace(",", ".") if lang == "fr" else t.replace(",", "")
    return float(t)


def format_value(x: float, lang: str = "fr", signed: bool = False) -> str:
    """Format a sourced value exactly as the data gives it, in the reader's typography.

    No rounding: the value keeps the figures of its data row (``25.1`` → ``"25,1"``,
    ``1812.4`` → ``"1 812,4"``), and a float's ``.0`` is dropped (``4.0`` → ``"4"``), so what
    is shown on screen and on paper matches the row it comes from.

    Parameters
    ----------
    x : float
        A value read from a data file. [any unit]
    lang : {"fr", "en"}
    signed : bool
        Prefix positive values with ``+`` (warming levels, changes).

    Returns
    -------
    str

    Examples
    --------
    >>> format_value(2.7)
    '2,7'
    >>> format_value(4.0, signed=True)
    '+4'
    """
    _check_lang(lang)
    if not math.isfinite(x):
        raise ValueError(f"cannot format a non-finite number ({x!r})")
    d = Decimal(repr(float(x)))
    if d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    return _decimal_text(d, lang, signed=signed)
