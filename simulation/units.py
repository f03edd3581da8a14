"""The project's single pint registry, and the canonical units of emission factors.

Every unit string in the project (factor CSVs, card definitions, user input) is read with
the registry built here, once, at import time. pint's default definitions are extended by
``units.txt`` (next to this module) with a CO2-equivalent dimension ``[co2e]`` (``gCO2e``,
``kgCO2e``, ``tCO2e``, ``ktCO2e`` = kilotonnes, ``MtCO2e``) and activity units
(``passenger``, ``vehicle``, ``pkm``, ``vkm``, ``meal``, ``item``, ``person``, ``night``,
``email``, ``search``, ``parcel``, ``GB``…).

pint is for the boundaries (reading files, printing cards). Inside the model, factors are
plain floats in a *canonical unit*: kilograms of CO2e per canonical activity unit, chosen
by the dimension of the activity (see :data:`CANONICAL_ACTIVITY_UNITS`).

Examples
--------
>>> from simulation.units import ureg, Q_
>>> Q_(1, "kgCO2e/pkm") == Q_(1000, "g CO2e / (passenger * km)")
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pint

from simulation.exceptions import UnitParseError

DEFINITIONS_FILE = Path(__file__).with_name("units.txt")

#: The project's unit registry (build it nowhere else: pint units from two registries
#: cannot be combined).
ureg = pint.UnitRegistry(cache_folder=None, autoconvert_offset_to_baseunit=True)
ureg.load_definitions(str(DEFINITIONS_FILE))
Q_ = ureg.Quantity

#: The CO2e dimension, as pint names it.
CO2E_DIMENSION = "[co2e]"

#: The unit every factor numerator is converted to.
CO2E_CANONICAL = "kgCO2e"

#: Canonical activity units, one per activity dimension: (unit read by pint, display form).
#: A factor whose activity has one of these dimensions is stored per this unit, e.g. a
#: factor written ``g CO2e / (passenger * km)`` is stored in ``kgCO2e / passenger / km``.
#: An activity dimension missing from this list is refused by the loader (add it here).
CANONICAL_ACTIVITY_UNITS: tuple[tuple[str, str], ...] = (
    ("passenger * km", "passenger / km"),
    ("vehicle * km", "vehicle / km"),
    ("km", "km"),
    ("meal", "meal"),
    ("item", "item"),
    ("person * year", "person / year"),
    ("person", "person"),
    ("night", "night"),
    ("parcel", "parcel"),
    ("email", "email"),
    ("search", "search"),
    ("hour", "hour"),
    ("kWh", "kWh"),
    ("kg", "kg"),
    ("L", "L"),
    ("m**2", "m²"),
    ("m**2 * year", "m² / year"),
    ("GB", "GB"),
    ("GB * year", "GB / year"),
)


@dataclass(frozen=True)
class CanonicalForm:
    """How a factor unit maps to its canonical unit.

    Attributes
    ----------
    unit : str
        Canonical unit, e.g. ``"kgCO2e / passenger / km"`` (pint-readable).
    scale : float
        Multiply a value in the original unit by ``scale`` to get the canonical value.
    """

    unit: str
    scale: float


def _activity_table() -> dict[object, str]:
    table: dict[object, str] = {}
    for activity, display in CANONICAL_ACTIVITY_UNITS:
        dim = ureg.parse_units(activity).dimensionality
        if dim in table:  # pragma: no cover - guards the table above against edits
            raise RuntimeError(f"two canonical activity units for {dim}")
        table[dim] = f"{CO2E_CANONICAL} / {display}"
    return table


_ACTIVITY_TABLE = _activity_table()


@lru_cache(maxsize=1024)
def parse_unit(text: str) -> pint.Unit:
    """Read a unit string with the project registry.

    Parameters
    ----------
    text : str
        Unit as written by a person, e.g. ``"kgCO2e/pkm"``.

    Returns
    -------
    pint.Unit

    Raises
    ------
    UnitParseError
        When pint cannot read the string.
    """
    stripped = text.strip()
    if not stripped:
        raise UnitParseError("unité vide")
    try:
        unit = ureg.parse_units(stripped)
    except pint.errors.UndefinedUnitError as exc:
        names = ", ".join(f"« {n} »" for n in exc.unit_names) or "?"
        raise UnitParseError(
            f"unité inconnue « {text} » : {names} n'est pas défini dans le registre "
            "(simulation/units.txt ; voir data/emission_factors/SCHEMA.md)"
        ) from None
    except Exception as exc:  # pint raises assorted errors on malformed expressions
        raise UnitParseError(f"unité illisible « {text} » ({type(exc).__name__})") from None
    return unit


def co2e_exponent(unit: pint.Unit) -> float:
    """Return the exponent of the ``[co2e]`` dimension in ``unit`` (1 for a factor)."""
    return float(unit.dimensionality.get(CO2E_DIMENSION, 0))


@lru_cache(maxsize=1024)
def canonical_form(text: str) -> CanonicalForm:
    """Return the canonical unit of an emission-factor unit and the scale to reach it.

    Parameters
    ----------
    text : str
        Factor unit, e.g. ``"gCO2e/pkm"``; must be CO2e per one activity unit whose
        dimension is listed in :data:`CANONICAL_ACTIVITY_UNITS`.

    Returns
    -------
    CanonicalForm
        e.g. ``CanonicalForm("kgCO2e / passenger / km", 0.001)`` for ``"gCO2e/pkm"``.

    Raises
    ------
    UnitParseError
        Unknown unit, no CO2e dimension, or an activity with no canonical unit.
    """
    unit = parse_unit(text)
    if co2e_exponent(unit) != 1:
        raise UnitParseError(
            f"l'unité « {text} » n'a pas la dimension CO2e : écrivez une masse de CO2e "
            "par unité d'activité, par exemple kgCO2e/pkm"
        )
    activity = (ureg.kgCO2e / unit).dimensionality
    canonical = _ACTIVITY_TABLE.get(activity)
    if canonical is None:
        known = ", ".join(a for a, _ in CANONICAL_ACTIVITY_UNITS)
        raise UnitParseError(
            f"unité d'activité non prise en charge dans « {text} » (dimension {activity}) : "
            f"utilisez l'une de {known}"
        )
    scale = float(Q_(1.0, unit).to(canonical).magnitude)
    return CanonicalForm(canonical, scale)


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Return the factor turning a value in ``from_unit`` into ``to_unit``.

    Parameters
    ----------
    from_unit, to_unit : str
        pint-readable unit strings of the same dimension.

    Returns
    -------
    float
        ``x [from_unit] == x * factor [to_unit]``. Cached: call it freely.

    Raises
    ------
    UnitParseError
        Unreadable unit or incompatible dimensions.
    """
    src, dst = parse_unit(from_unit), parse_unit(to_unit)
    try:
        return float(Q_(1.0, src).to(dst).magnitude)
    except pint.errors.DimensionalityError:
        raise UnitParseError(
            f"impossible de convertir « {from_unit} » en « {to_unit} » : dimensions différentes"
        ) from None
