"""Tests of :mod:`simulation.formatting` (pedagogical rounding, French/English typography)."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulation.formatting import (
    CO2E,
    MINUS,
    NBSP,
    NNBSP,
    co2_unit,
    format_co2,
    format_co2_range,
    format_integer,
    format_number,
    format_percent,
    parse_number,
    round_significant,
)

UNIT_KG = {"g": 1e-3, "kg": 1.0, "t": 1e3}


@pytest.mark.parametrize(
    ("kg", "fr", "en"),
    [
        (0.0123, f"12{NNBSP}g{NBSP}{CO2E}", f"12{NBSP}g{NBSP}{CO2E}"),
        (1234, f"1,2{NNBSP}t{NBSP}{CO2E}", f"1.2{NBSP}t{NBSP}{CO2E}"),
        (28.04, f"28{NNBSP}kg{NBSP}{CO2E}", f"28{NBSP}kg{NBSP}{CO2E}"),
        (4.97, f"5,0{NNBSP}kg{NBSP}{CO2E}", f"5.0{NBSP}kg{NBSP}{CO2E}"),
        (0.00017, f"0,17{NNBSP}g{NBSP}{CO2E}", f"0.17{NBSP}g{NBSP}{CO2E}"),
        # rounding decides the unit: 999.7 kg is 1.0 t, not "1 000 kg"
        (999.7, f"1,0{NNBSP}t{NBSP}{CO2E}", f"1.0{NBSP}t{NBSP}{CO2E}"),
        (0.99996, f"1,0{NNBSP}kg{NBSP}{CO2E}", f"1.0{NBSP}kg{NBSP}{CO2E}"),
        (12_345_678, f"12{NNBSP}000{NNBSP}t{NBSP}{CO2E}", f"12,000{NBSP}t{NBSP}{CO2E}"),
        (-0.4, f"{MINUS}400{NNBSP}g{NBSP}{CO2E}", f"{MINUS}400{NBSP}g{NBSP}{CO2E}"),
        (0.0, f"0{NNBSP}kg{NBSP}{CO2E}", f"0{NBSP}kg{NBSP}{CO2E}"),
    ],
)
def test_format_co2_examples(kg, fr, en):
    assert format_co2(kg) == fr
    assert format_co2(kg, lang="en") == en


def test_half_rounds_away_from_zero_in_decimal():
    # 0.0125 kg is 12.499999… g in binary after a division; decimal rounding gives 13 g.
    assert format_co2(0.0125) == f"13{NNBSP}g{NBSP}{CO2E}"
    assert format_number(0.125) == "0,13"
    assert format_number(-2.5, digits=1) == f"{MINUS}3"


def test_format_number_typography():
    assert format_number(1234.5) == f"1{NNBSP}200"
    assert format_number(1234.5, digits=5) == f"1{NNBSP}234,5"
    assert format_number(1234.5, digits=5, lang="en") == "1,234.5"
    assert format_number(0.04567, lang="en") == "0.046"
    assert format_number(9.96) == "10"
    assert format_number(0.3, signed=True) == "+0,30"
    assert format_number(-0.0001, digits=2) == f"{MINUS}0,00010"


def test_format_integer_keeps_every_digit():
    assert format_integer(465070) == f"465{NNBSP}070"
    assert format_integer(465070, lang="en") == "465,070"
    assert format_integer(999) == "999"


def test_format_percent():
    assert format_percent(-0.42) == f"{MINUS}42{NNBSP}%"
    assert format_percent(0.051, lang="en") == "5.1%"
    assert format_percent(0.12, signed=True) == f"+12{NNBSP}%"
    assert format_percent(0.0) == f"0{NNBSP}%"


def test_format_co2_range_uses_one_unit():
    assert format_co2_range(900, 1500) == f"de{NBSP}0,90 à{NBSP}1,5{NNBSP}t{NBSP}{CO2E}"
    assert format_co2_range(0.5, 1.2, lang="en") == f"0.50 to{NBSP}1.2{NBSP}kg{NBSP}{CO2E}"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_is_refused(bad):
    with pytest.raises(ValueError, match="non-finite"):
        format_co2(bad)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        format_number(1.0, lang="de")


def test_no_plain_spaces_or_line_breaks():
    # A card or a projected label must never break between a number and its unit.
    for x in (0.0123, 1234, 12_345_678, -5.5):
        for lang in ("fr", "en"):
            text = format_co2(x, lang=lang)
            assert " " not in text
            assert "\n" not in text


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


def _parse_co2(text: str, lang: str) -> float:
    m = re.fullmatch(rf"(.+?)[{NNBSP}{NBSP}](g|kg|t){NBSP}{CO2E}", text)
    assert m, text
    return parse_number(m.group(1), lang) * UNIT_KG[m.group(2)]


@given(kg=finite, lang=st.sampled_from(["fr", "en"]), digits=st.integers(1, 4))
def test_displayed_co2_parses_back_within_rounding(kg, lang, digits):
    text = format_co2(kg, lang=lang, digits=digits)
    back = _parse_co2(text, lang)
    if kg == 0:
        assert back == 0
        return
    # half a unit in the last significant place of the rounded value
    half_ulp = 0.5 * 10 ** (math.floor(math.log10(abs(kg))) - digits + 1)
    assert abs(back - kg) <= half_ulp * (1 + 1e-9) + 1e-12 * abs(kg)
    # and the number shown has `digits` significant figures
    number = re.split(r"[\u202f\u00a0](?:g|kg|t)", text)[0]
    point = "," if lang == "fr" else "."
    figures = re.sub(r"[^0-9]", "", number).lstrip("0")
    if point in number:  # every figure after the leading zeros is significant
        assert len(figures) == digits, text
    else:  # trailing zeros of an integer ("12 000 t") may be placeholders
        assert len(figures.rstrip("0")) <= digits <= len(figures), text


@given(kg=finite.filter(lambda v: v != 0), digits=st.integers(1, 4))
def test_chosen_unit_reads_well(kg, digits):
    symbol, _ = co2_unit(kg, digits)
    shown = abs(round_significant(kg, digits)) / Decimal(repr(UNIT_KG[symbol]))
    if symbol == "g":
        assert shown < 1000
    elif symbol == "kg":
        assert 1 <= shown < 1000
    else:
        assert shown >= 1


@given(x=finite, lang=st.sampled_from(["fr", "en"]))
def test_percent_parses_back(x, lang):
    x = x / 1e6
    text = format_percent(x, lang=lang)
    assert text.endswith("%")
    back = parse_number(text.rstrip("%").rstrip(NNBSP), lang) / 100
    if x == 0:
        assert back == 0
    else:
        assert abs(back - x) <= 0.05 * abs(x) * (1 + 1e-9)
