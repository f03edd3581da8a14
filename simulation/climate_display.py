"""The awareness game's numbers as people read them, shared by screen and paper.

Pure functions on :class:`~simulation.climate_data.ClimateData`, with no widget and no
drawing: the dashboard (:mod:`simulation.ui.viewmodel_climate`) and the A3 posters
(:mod:`simulation.cards.climate_print`) both call them, so a poster and the screen always
print the same text for the same row.

- :func:`unit_text`, :func:`quantity_text`: a data unit (``"GtCO2/yr"``, ``"W/m2"``…) and a
  value in the reader's words and typography; values are printed exactly as in their row
  (:func:`simulation.formatting.format_value`).
- :func:`acceleration_panels`: « La grande accélération », one panel per curve (series of
  ``series_values.csv``) with its change since :data:`ACCELERATION_FROM`.
- :func:`boundary_rows`: the planetary boundaries, one row per control variable with its
  position on the wheel's scale (:func:`simulation.climate.boundary_scale`) and status for
  each assessed year.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from simulation.climate import boundary_scale
from simulation.climate_data import STATUSES, BoundaryValue, ClimateData
from simulation.formatting import NBSP, NNBSP, format_number, format_value
from simulation.texts import t

#: Display of the data's units: ``unit -> (French, English)``; others are shown as written.
UNITS = {
    "degC": ("°C", "°C"),
    "degC vs 1850-1900": ("°C de plus qu'en 1850–1900", "°C above 1850–1900"),
    "billion people": ("milliards d'habitants", "billion people"),
    "GtCO2/yr": ("Gt CO₂ par an", "Gt CO₂ per year"),
    "GtCO2": ("Gt CO₂", "Gt CO₂"),
    "trillion international-$ (2011)": ("milliers de milliards de dollars (2011)",
                                        "trillion international dollars (2011)"),
    "TWh/yr": ("TWh par an", "TWh per year"),
    "km3/yr": ("km³ par an", "km³ per year"),
    "W/m2": ("W/m²", "W/m²"),
    "E/MSY": ("extinctions par million d'espèces et par an",
              "extinctions per million species-years"),
    "% HANPP": ("% de la production végétale", "% of plant production"),
    "DU": ("unités Dobson", "Dobson units"),
    "Omega_arag": ("Ω aragonite", "Ω aragonite"),
    "Tg P/yr": ("Tg de phosphore par an", "Tg phosphorus per year"),
    "Tg N/yr": ("Tg d'azote par an", "Tg nitrogen per year"),
    "% remaining": ("% restant", "% remaining"),
    "% of land area": ("% des terres", "% of land area"),
    "AOD difference": ("d'écart (épaisseur optique)", "difference (optical depth)"),
    "% of synthetic chemicals released without adequate safety testing": (
        "% de substances non testées", "% of untested chemicals"),
}

#: « La grande accélération » : one panel per curve, several series drawn as segments of the
#: same curve (ice cores before 1959, Mauna Loa after). Panels missing from the data are
#: skipped.
ACCELERATION_PANELS = (
    ("population", ("world_population",)),
    ("gdp", ("world_gdp",)),
    ("energy", ("world_primary_energy",)),
    ("co2_emissions", ("world_fossil_co2",)),
    ("water", ("world_freshwater_withdrawals",)),
    ("co2_concentration", ("co2_concentration_law_dome", "co2_concentration_mauna_loa")),
    ("temperature", ("world_temperature_decadal",)),
)
#: Year from which the game counts how many times each curve grew.
ACCELERATION_FROM = 1950

#: Colours of the boundaries' states (Okabe–Ito): safe, increasing risk, high risk, beyond
#: the boundary without a value.
STATUS_COLOURS = {"safe": "#009E73", "increasing_risk": "#E69F00", "high_risk": "#D55E00",
                  "transgressed_unquantified": "#595959"}
#: The same zones, light, behind the bars.
ZONE_COLOURS = ("#D4F0E6", "#FBEBC8", "#F8D6C2")
#: Top of the scale of :func:`simulation.climate.boundary_scale`.
SCALE_MAX = 3.0

#: Keys of the states' names (``awareness.status_<state>``), in :data:`STATUSES` order.
STATUS_KEYS = ("awareness.status_safe", "awareness.status_increasing_risk",
               "awareness.status_high_risk", "awareness.status_transgressed_unquantified")


def unit_text(unit: str, lang: str = "fr") -> str:
    """A data unit in the reader's words (``"GtCO2/yr"`` → « Gt CO₂ par an »)."""
    fr, en = UNITS.get(unit, (unit, unit))
    return en if lang == "en" else fr


def quantity_text(value: float, unit: str, lang: str = "fr", sign: str | None = None) -> str:
    """A value and its unit, exactly as in the data (« 423 ppm », « plus de 100 E/MSY »).

    Parameters
    ----------
    value : float
        The value. [``unit``]
    unit : str
        The data's unit (see :data:`UNITS`).
    lang : {"fr", "en"}
    sign : {">", "<"}, optional
        The value is a bound (« plus de », « moins de »).
    """
    shown = unit_text(unit, lang)
    number = format_value(value, lang)
    if shown.startswith("%") and lang == "en":
        text = f"{number}{shown}"
    else:
        text = f"{number}{NNBSP if lang == 'fr' else NBSP}{shown}"
    if sign == ">":
        return t("awareness.more_than", lang, value=text)
    if sign == "<":
        return t("awareness.less_than", lang, value=text)
    return text


def status_labels(lang: str = "fr") -> dict[str, str]:
    """``{state: name}`` of the boundaries' states, in :data:`STATUSES` order."""
    out = {}
    for status_key in STATUS_KEYS:
        out[status_key.removeprefix("awareness.status_")] = t(status_key, lang)
    return {s: out[s] for s in STATUSES}


# ---------------------------------------------------------------------------------------
# La grande accélération
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Segment:
    """One series of a panel: its points [years, values in ``unit``]."""

    series: str
    years: tuple[int, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class Panel:
    """One curve of the great acceleration.

    Attributes
    ----------
    id : str
        Panel id (:data:`ACCELERATION_PANELS`).
    title : str
        What the curve is (the series' label; for several series, their common part).
    unit : str
        Its unit, in words.
    segments : tuple of Segment
        The series drawn, in order.
    first, last : str
        First and last points, « 0,753 milliards d'habitants en 1750 ».
    change : str
        « ×3,2 de 1950 à 2023 »; empty for a warming (its last value says it) or without a
        value in :data:`ACCELERATION_FROM`.
    sources : tuple of str
        Sources of the series (original publications).
    """

    id: str
    title: str
    unit: str
    segments: tuple[Segment, ...]
    first: str
    last: str
    change: str
    sources: tuple[str, ...]

    @property
    def year_range(self) -> tuple[int, int]:
        """First and last year drawn."""
        return (min(s.years[0] for s in self.segments), max(s.years[-1] for s in self.segments))

    @property
    def value_range(self) -> tuple[float, float]:
        """Lowest (0 or below) and highest value drawn [``unit``]."""
        values = [v for s in self.segments for v in s.values]
        return (min(0.0, *values), max(values))


def _year_text(point) -> str:
    return f"{point.year}\u2013{point.year_end}" if point.year_end else str(point.year)


def _panel(climate: ClimateData, pid: str, ids: tuple[str, ...], lang: str) -> Panel | None:
    series = [climate.series[s] for s in ids if s in climate.series and climate.series[s].points]
    if not series:
        return None
    title = series[0].label(lang)
    if len(series) > 1:
        title = title.split(" (")[0]
    unit = series[0].unit
    segments = tuple(Segment(s.id, tuple(int(y) for y in s.years),
                             tuple(float(v) for v in s.values)) for s in series)
    head, tail = series[0].points[0], series[-1].points[-1]
    first = t("awareness.value_in", lang, value=quantity_text(head.value, unit, lang),
              year=_year_text(head))
    last = t("awareness.value_in", lang, value=quantity_text(tail.value, unit, lang),
             year=_year_text(tail))
    if unit.startswith("degC"):
        change = ""  # a warming is not multiplied: its last value says it
    else:
        start = next((p for s in series for p in s.points if p.year == ACCELERATION_FROM), None)
        if start is None or start.value <= 0:
            change = ""
        else:
            change = t("awareness.multiplied", lang,
                       factor=format_number(tail.value / start.value, 2, lang),
                       start=str(ACCELERATION_FROM), end=_year_text(tail))
    sources = tuple(dict.fromkeys(s.provenance.source for s in series))
    return Panel(pid, title, unit_text(unit, lang), segments, first, last, change, sources)


def acceleration_panels(climate: ClimateData, lang: str = "fr") -> tuple[Panel, ...]:
    """Every curve of :data:`ACCELERATION_PANELS` that the data holds, in that order."""
    panels = (_panel(climate, pid, ids, lang) for pid, ids in ACCELERATION_PANELS)
    return tuple(p for p in panels if p is not None)


# ---------------------------------------------------------------------------------------
# Les limites planétaires
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Assessment:
    """A control variable in one year.

    Attributes
    ----------
    year : int
    status : str
        One of :data:`~simulation.climate_data.STATUSES`.
    position : float or None
        Place on the 0–3 scale (0–1 safe, 1–2 increasing risk, 2–3 high risk); for a bound
        (« more than 100 »), the bound's place; None when not quantified.
    at_least : bool
        The true position is beyond ``position`` (the value is a bound, or above the top
        of the scale).
    value : str
        The value with its unit (« 423 ppm », « plus de 100 … »), or « non quantifiée ».
    """

    year: int
    status: str
    position: float | None
    at_least: bool
    value: str


@dataclass(frozen=True)
class BoundaryRow:
    """A control variable of a planetary boundary, in every assessed year."""

    process: str
    process_label: str
    variable: str
    label: str
    boundary: str
    high_risk: str
    assessments: tuple[Assessment, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    secondary: bool


def _assessment(b: BoundaryValue, lang: str) -> Assessment:
    if b.current is None:
        return Assessment(b.year, b.status, None, True, t("awareness.unquantified", lang))
    value = quantity_text(b.current, b.unit, lang, b.current_sign)
    position = boundary_scale(b)
    at_least = b.current_sign is not None
    if position is None and at_least:  # a bound: place the bound itself
        position = boundary_scale(dataclasses.replace(b, current_sign=None))
    if position is not None and position >= SCALE_MAX:
        at_least = True
    return Assessment(b.year, b.status, position, at_least, value)


def boundary_rows(climate: ClimateData, lang: str = "fr") -> tuple[BoundaryRow, ...]:
    """One row per control variable, in the order of ``planetary_processes.csv``.

    Returns
    -------
    tuple of BoundaryRow
        Each with its assessments in increasing years, the boundary and high-risk threshold
        of the latest year, the rows' notes and sources.
    """
    by_variable: dict[str, list[BoundaryValue]] = {}
    for b in climate.boundaries.values():
        by_variable.setdefault(b.variable, []).append(b)
    order = {p: i for i, p in enumerate(climate.processes)}
    rows = []
    for variable, values in sorted(by_variable.items(),
                                   key=lambda kv: order.get(kv[1][0].process, len(order))):
        values.sort(key=lambda b: b.year)
        latest = values[-1]
        process = climate.processes[latest.process]
        rows.append(BoundaryRow(
            latest.process, process.label(lang), variable, latest.label(lang),
            quantity_text(latest.boundary, latest.unit, lang),
            "" if latest.high_risk is None else quantity_text(latest.high_risk, latest.unit,
                                                                lang),
            tuple(_assessment(b, lang) for b in values),
            tuple(dict.fromkeys(b.notes for b in values if b.notes)),
            tuple(dict.fromkeys(b.provenance.source for b in values)),
            any(b.provenance.secondary for b in values)))
    return tuple(rows)


def processes_beyond(climate: ClimateData, year: int) -> tuple[str, ...]:
    """Processes with a control variable outside the safe zone in ``year`` (data order)."""
    beyond = {b.process for b in climate.boundaries_in(year) if b.status != "safe"}
    return tuple(p for p in climate.processes if p in beyond)


def boundary_years(climate: ClimateData) -> tuple[int, ...]:
    """The assessed years, increasing."""
    return tuple(sorted({b.year for b in climate.boundaries.values()}))


__all__ = ["ACCELERATION_FROM", "ACCELERATION_PANELS", "SCALE_MAX", "STATUS_COLOURS",
           "STATUS_KEYS", "ZONE_COLOURS", "Assessment", "BoundaryRow", "Panel", "Segment",
           "acceleration_panels", "boundary_rows", "boundary_years", "processes_beyond",
           "quantity_text", "status_labels", "unit_text"]
