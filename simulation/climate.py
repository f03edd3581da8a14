"""Climate numbers for the workshop: look-ups, the « si tout le monde… » illustration, budgets.

Pure functions on a :class:`~simulation.climate_data.ClimateData` (the checked tables of
``data/climate/``) and plain numpy arrays. They return small frozen dataclasses with a
central value and a low–high range; they draw nothing and print nothing. The dashboards,
the « Été 2050 » deck and the awareness game read them.

- :func:`warming_projection`, :func:`projection_table`, :func:`tracc_levels`: IPCC AR6
  warming by scenario and horizon; the French reference trajectory (TRACC).
- :func:`everyone_like_us`: « si tout le monde vivait comme notre groupe », the warming the
  world would add if every person on Earth emitted like the group, through the TCRE. An
  **illustration**, not a projection: its assumptions are listed in its docstring and in
  :meth:`WarmingIllustration.caveat`.
- :func:`budget_years_world`, :func:`budget_years_group`: years of remaining carbon budget
  at today's world rate, and at the group's rate if everyone emitted like the group.
- :func:`growth_factor`, :func:`boundary_scale`: numbers of the awareness game (great
  acceleration multipliers, position of a control variable on the boundaries wheel).

Examples
--------
>>> import numpy as np
>>> from simulation.climate_data import load_climate
>>> from simulation.climate import everyone_like_us, warming_projection
>>> climate = load_climate()
>>> warming_projection(climate, "ssp2_45", 2100).central
2.7
>>> years = np.arange(2023, 2051)
>>> ill = everyone_like_us(climate, years, np.full(years.size, 2000.0))
>>> ill.total.low <= ill.total.central <= ill.total.high
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from simulation.climate_data import (
    BASE_WARMING_FACT,
    DEFAULT_BUDGET,
    HORIZONS,
    TCRE_FACT,
    WORLD_CO2_RATE_FACT,
    WORLD_POPULATION_SERIES,
    BoundaryValue,
    CarbonBudget,
    ClimateData,
    Projection,
    TraccLevel,
)

#: Persons per "billion people" (unit of the world population series).
PERSONS_PER_BILLION = 1e9
#: Kilograms per gigatonne.
KG_PER_GT = 1e12
#: The TCRE is given per this many GtCO2.
TCRE_PER_GT = 1000.0

#: Sentence shown with the illustration ({year}: population year; {after}: what follows the
#: trajectory), filled by :meth:`WarmingIllustration.caveat`.
ILLUSTRATION_CAVEAT_FR = (
    "Illustration, pas une prévision : si chaque habitant de la Terre émettait comme le groupe, "
    "avec la population mondiale de {year} constante, tous les gaz à effet de serre comptés comme "
    "du CO2 et {after}. La fourchette ne reflète que l'incertitude de la réponse du climat au CO2 "
    "(TCRE)."
)
ILLUSTRATION_CAVEAT_EN = (
    "An illustration, not a forecast: if every person on Earth emitted like the group, with the "
    "{year} world population held constant, all greenhouse gases counted as CO2 and {after}. The "
    "range only reflects the uncertainty of the climate response to CO2 (TCRE)."
)


@dataclass(frozen=True)
class Range:
    """A central value and its low–high range, in ``unit``.

    ``low == central == high`` when the source gives no range; ``math.inf`` stands for
    "never" (a budget that is never used up).
    """

    central: float
    low: float
    high: float
    unit: str

    def __post_init__(self):
        if not self.low <= self.central <= self.high:
            raise ValueError(f"plage incohérente : {self.low} ≤ {self.central} ≤ {self.high} "
                             "est faux")


@dataclass(frozen=True)
class WarmingIllustration:
    """Result of :func:`everyone_like_us` (an illustration; see its assumptions).

    Attributes
    ----------
    first_year, last_year : int
        Emissions of these years are counted (both included).
    trajectory_end : int
        Last year of the trajectory given (``last_year`` is later with ``hold_until``).
    population : float
        World population held constant [persons].
    population_year : int
        Year of that population value.
    world_emissions : numpy.ndarray
        World emissions if everyone emitted like the group, for each year of the trajectory
        [GtCO2e/yr].
    cumulative : float
        World emissions summed from ``first_year`` to ``last_year`` [GtCO2e].
    base_warming : float
        Human-induced warming already reached in ``base_year`` [degC vs 1850–1900].
    base_year : int
        Year of ``base_warming``.
    added : Range
        Warming added by ``cumulative`` through the TCRE [degC].
    total : Range
        ``base_warming + added`` [degC vs 1850–1900].
    """

    first_year: int
    last_year: int
    trajectory_end: int
    population: float
    population_year: int
    world_emissions: np.ndarray
    cumulative: float
    base_warming: float
    base_year: int
    added: Range
    total: Range

    def caveat(self, lang: str = "fr") -> str:
        """The sentence to show next to the number, in ``lang``."""
        end = int(self.trajectory_end)
        if lang == "en":
            after = (f"zero emissions after {end}" if self.last_year == end
                     else f"the {end} level held until {self.last_year}, zero afterwards")
            return ILLUSTRATION_CAVEAT_EN.format(year=self.population_year, after=after)
        after = (f"des émissions nulles après {end}" if self.last_year == end
                 else f"le niveau de {end} gardé jusqu'en {self.last_year}, nul ensuite")
        return ILLUSTRATION_CAVEAT_FR.format(year=self.population_year, after=after)


@dataclass(frozen=True)
class BudgetYears:
    """Years a carbon budget lasts at a constant rate.

    Attributes
    ----------
    budget : CarbonBudget
        The budget used (its source, probability and warming limit).
    rate : float
        Emissions per year [GtCO2/yr, CO2e counted as CO2 for a group].
    years : Range
        Years from the budget's start date until it is used up [yr]; ``low`` from the low
        budget, ``high`` from the high one.
    until : Range
        Calendar year when it is used up (start year + years) [yr].
    """

    budget: CarbonBudget
    rate: float
    years: Range
    until: Range


# ---------------------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------------------
def _as_range(p: Projection) -> Range:
    return Range(p.value, p.low, p.high, p.unit)


def horizon_of(climate: ClimateData, year: int) -> str:
    """The AR6 horizon whose period contains ``year`` (2030 → near, 2050 → mid, 2100 → long).

    Raises
    ------
    KeyError
        When no projection period contains ``year`` (2061–2080, or outside 2021–2100).
    """
    for p in climate.projections.values():
        if p.period_start <= year <= p.period_end:
            return p.horizon
    raise KeyError(f"aucune période de projection ne contient {year}")


def warming_projection(climate: ClimateData, scenario: str, horizon: str | int) -> Range:
    """Global warming of an AR6 scenario at a horizon.

    Parameters
    ----------
    climate : ClimateData
        The climate tables.
    scenario : str
        Scenario id (``"ssp1_19"`` … ``"ssp5_85"``).
    horizon : str or int
        ``"near"`` (2021–2040), ``"mid"`` (2041–2060), ``"long"`` (2081–2100), or a year
        inside one of those periods.

    Returns
    -------
    Range
        Best estimate and very likely range [degC vs 1850–1900].

    Raises
    ------
    KeyError
        Unknown scenario, or no period for that horizon.
    """
    if not isinstance(horizon, str):
        horizon = horizon_of(climate, int(horizon))
    return _as_range(climate.projection(scenario, horizon))


def projection_table(climate: ClimateData) -> dict[str, dict[str, Range]]:
    """Every projection as ``{scenario: {horizon: Range}}``, scenarios and horizons in order.

    Returns
    -------
    dict
        Warming [degC vs 1850–1900] for each scenario of ``scenarios.csv`` and each horizon
        it has.
    """
    table: dict[str, dict[str, Range]] = {}
    for scenario in climate.scenarios:
        row = {}
        for horizon in HORIZONS:
            try:
                row[horizon] = warming_projection(climate, scenario, horizon)
            except KeyError:
                continue
        table[scenario] = row
    return table


def tracc_levels(climate: ClimateData, place: str = "france_hexagonale") -> tuple[TraccLevel, ...]:
    """The TRACC levels of ``place``, in increasing years [degC vs pre-industrial]."""
    return tuple(sorted((t for t in climate.tracc.values() if t.place == place),
                        key=lambda t: t.year))


def world_population(climate: ClimateData, year: int) -> float:
    """World population in ``year`` from the data [persons].

    Raises
    ------
    KeyError
        When the series has no value for ``year``.
    """
    series = climate.series[WORLD_POPULATION_SERIES]
    return series.at(year).value * PERSONS_PER_BILLION


# ---------------------------------------------------------------------------------------
# « Si tout le monde vivait comme notre groupe »
# ---------------------------------------------------------------------------------------
def world_emissions_if_everyone(per_person_kg, population: float) -> np.ndarray:
    """World emissions if every person emitted ``per_person_kg``.

    Parameters
    ----------
    per_person_kg : array_like
        Emissions per person [kgCO2e/person/yr].
    population : float
        Number of people [persons].

    Returns
    -------
    numpy.ndarray
        World emissions [GtCO2e/yr], same shape as ``per_person_kg``.
    """
    return np.asarray(per_person_kg, dtype=float) * population / KG_PER_GT


def _check_trajectory(years, per_person_kg) -> tuple[np.ndarray, np.ndarray]:
    years = np.asarray(years)
    values = np.asarray(per_person_kg, dtype=float)
    if years.ndim != 1 or values.shape != years.shape or years.size == 0:
        raise ValueError("trajectoire invalide : years et per_person_kg doivent être deux "
                         f"tableaux 1-D de même longueur (lus {years.shape} et {values.shape})")
    if np.any(np.diff(years) != 1):
        raise ValueError("trajectoire invalide : les années doivent se suivre une à une")
    if not np.all(np.isfinite(values)):
        raise ValueError("trajectoire invalide : valeurs non finies")
    return years.astype(int), values


def everyone_like_us(climate: ClimateData, years, per_person_kg, *,
                     hold_until: int | None = None) -> WarmingIllustration:
    """« Si tout le monde vivait comme notre groupe » : the warming it would add (illustration).

    Every person on Earth is assumed to emit, each year, what one member of the group emits
    along its trajectory; the world's emissions are summed and turned into warming with the
    transient climate response to cumulative CO2 emissions (TCRE).

    Parameters
    ----------
    climate : ClimateData
        The climate tables (TCRE, base warming, world population).
    years : array_like of int
        Consecutive years of the trajectory, e.g. 2023…2050 (``Result.years``).
    per_person_kg : array_like of float
        The group's emissions per person for each year [kgCO2e/person/yr], e.g.
        ``Model.evaluate(...).total``.
    hold_until : int, optional
        Keep the last year's emissions until this year (included) instead of dropping to
        zero after the trajectory; default None (zero after the last year).

    Returns
    -------
    WarmingIllustration
        Cumulative world emissions [GtCO2e], added and total warming [degC] as
        :class:`Range` (low / high from the TCRE's likely range).

    Raises
    ------
    ValueError
        Trajectory with gaps, of the wrong shape, not covering the year after the base
        year, or ``hold_until`` before its last year.

    Notes
    -----
    Assumptions, chosen to keep the arithmetic visible to a group, and why:

    1. **Everyone like the group**: world emissions :math:`E_t = e_t P`, with :math:`e_t`
       the group's footprint per person (a French consumption footprint) and :math:`P` the
       world population.
    2. **Constant world population**: :math:`P` is the 2023 value of the data (Our World in
       Data, UN WPP), the year of the base warming. The data holds no sourced projection;
       the world population is expected to grow, so this *underestimates* the result.
    3. **CO2e counted as CO2**: the footprint sums all greenhouse gases in CO2e (GWP100),
       the TCRE is for CO2 alone. Methane does not accumulate like CO2, so the number is an
       order of magnitude, not a physical projection.
    4. **Years counted**: from the year after the base warming's year (the base warming
       already includes that year's emissions) to the last year of the trajectory (2050),
       then **zero** by default. The model stops in 2050 and the 2050 target goes with
       net zero; holding the 2050 level forever would make the warming grow without end and
       the number would depend on an arbitrary end year. With zero emissions afterwards,
       the TCRE gives roughly the level at which warming would stop. ``hold_until`` shows
       the other case (2050 level held to a stated year).
    5. **Base warming**: human-induced warming of the base year (IGCC), without range; low
       and high come from the TCRE's *likely* range (17–83 %) only. Changes in non-CO2
       forcing, the zero-emissions commitment and Earth-system feedbacks are ignored.

    The warming is

    .. math:: \\Delta T = T_0 + \\mathrm{TCRE} \\times \\frac{\\sum_t E_t}{1000\\,\\mathrm{GtCO_2}}

    References
    ----------
    IPCC AR6 WG1, Summary for Policymakers (2021), §D.1.1 (TCRE); Forster P. M. et al.
    (2024), Indicators of Global Climate Change 2023, ESSD 16 (base warming). The rows used
    are ``tcre`` and ``human_induced_warming_2023`` of ``key_facts.csv`` and the series
    ``world_population``.
    """
    years, values = _check_trajectory(years, per_person_kg)
    base = climate.facts[BASE_WARMING_FACT]
    tcre = climate.facts[TCRE_FACT]
    first = base.year + 1
    if not years[0] <= first <= years[-1]:
        raise ValueError(f"trajectoire invalide : elle doit couvrir {first}, l'année qui suit "
                         f"le réchauffement de départ ({base.year}) ; lue {years[0]}–{years[-1]}")
    last = int(years[-1])
    if hold_until is not None:
        if hold_until < last:
            raise ValueError(f"hold_until ({hold_until}) avant la fin de la trajectoire ({last})")
        last = int(hold_until)
    population = world_population(climate, base.year)
    world = world_emissions_if_everyone(values, population)
    counted = world[years >= first].sum() + world[-1] * (last - years[-1])
    cumulative = float(counted)
    per = cumulative / TCRE_PER_GT
    lo, hi = sorted((tcre.low * per, tcre.high * per))
    added = Range(tcre.value * per, lo, hi, "degC")
    total = Range(base.value + added.central, base.value + added.low, base.value + added.high,
                  "degC")
    return WarmingIllustration(first, last, int(years[-1]), population, base.year, world, cumulative,
                               base.value, base.year, added, total)


# ---------------------------------------------------------------------------------------
# Carbon budget in years
# ---------------------------------------------------------------------------------------
def budget_years(budget: CarbonBudget, rate: float) -> BudgetYears:
    """How long ``budget`` lasts at a constant ``rate``.

    Parameters
    ----------
    budget : CarbonBudget
        Remaining budget from its start date [GtCO2], with its range.
    rate : float
        Emissions per year [GtCO2/yr]; ≤ 0 means the budget is never used up.

    Returns
    -------
    BudgetYears
        Years from the start date [yr] and the year it is used up; ``math.inf`` when
        ``rate`` ≤ 0.
    """
    start = budget.start.year + (budget.start.timetuple().tm_yday - 1) / 365.25
    if rate <= 0:
        inf = Range(math.inf, math.inf, math.inf, "yr")
        return BudgetYears(budget, rate, inf, inf)
    years = Range(budget.value / rate, budget.low / rate, budget.high / rate, "yr")
    until = Range(start + years.central, start + years.low, start + years.high, "yr")
    return BudgetYears(budget, rate, years, until)


def budget_years_world(climate: ClimateData, budget_id: str = DEFAULT_BUDGET) -> BudgetYears:
    """Years of remaining budget at today's world CO2 emissions.

    Parameters
    ----------
    climate : ClimateData
        The climate tables.
    budget_id : str
        Row of ``carbon_budgets.csv``; default the IGCC 2024 budget for 1.5 °C at 50 %,
        counted from 1 January 2025.

    Returns
    -------
    BudgetYears
        At the world CO2 emissions of ``key_facts.csv`` row ``world_co2_2024`` [GtCO2/yr].
    """
    return budget_years(climate.budgets[budget_id], climate.facts[WORLD_CO2_RATE_FACT].value)


def budget_years_group(climate: ClimateData, per_person_kg: float,
                       budget_id: str = DEFAULT_BUDGET) -> BudgetYears:
    """Years of remaining budget if every person on Earth emitted like the group.

    Parameters
    ----------
    climate : ClimateData
        The climate tables.
    per_person_kg : float
        The group's emissions per person [kgCO2e/person/yr], e.g. ``Result.value(2023)``.
    budget_id : str
        Row of ``carbon_budgets.csv`` (default as :func:`budget_years_world`).

    Returns
    -------
    BudgetYears
        At ``per_person_kg`` × the world population of the base year (the assumptions of
        :func:`everyone_like_us`: constant population, CO2e counted as CO2) [GtCO2/yr].

    Raises
    ------
    ValueError
        When ``per_person_kg`` is negative or not finite.
    """
    if not math.isfinite(per_person_kg) or per_person_kg < 0:
        raise ValueError(f"émissions par personne invalides : {per_person_kg}")
    base_year = climate.facts[BASE_WARMING_FACT].year
    rate = float(world_emissions_if_everyone(per_person_kg, world_population(climate, base_year)))
    return budget_years(climate.budgets[budget_id], rate)


# ---------------------------------------------------------------------------------------
# Awareness game
# ---------------------------------------------------------------------------------------
def growth_factor(climate: ClimateData, series_id: str, from_year: int, to_year: int) -> float:
    """How many times a series grew between two of its years (e.g. population 1950 → 2023).

    Returns
    -------
    float
        ``value(to_year) / value(from_year)`` [dimensionless].

    Raises
    ------
    KeyError
        Unknown series, or no value for one of the years.
    """
    series = climate.series[series_id]
    return series.at(to_year).value / series.at(from_year).value


def boundary_scale(b: BoundaryValue) -> float | None:
    """Position of a control variable on the planetary-boundaries wheel.

    The scale is piecewise linear: the safe zone (Holocene baseline → boundary) maps to
    0 → 1, the zone of increasing risk (boundary → high-risk threshold) to 1 → 2, and the
    high-risk zone continues at the same rate as the previous zone, capped at 3. For ozone,
    aragonite and forest cover, lower values are worse and the axis is reversed.

    Parameters
    ----------
    b : BoundaryValue
        The control variable.

    Returns
    -------
    float or None
        Position [dimensionless, 0–3]; None when there is no precise current value (not
        quantified, or only a bound such as « more than 100 E/MSY »), or when the zone the
        value falls in has no other end to measure from (no baseline, no threshold).
    """
    if b.current is None or b.current_sign is not None:
        return None
    sign = -1.0 if b.lower_is_worse else 1.0
    v, bound = sign * b.current, sign * b.boundary
    if v <= bound:
        if b.baseline is None:
            return None
        base = sign * b.baseline
        return 1.0 if bound == base else max(0.0, (v - base) / (bound - base))
    if b.high_risk is None:
        return None
    hr = sign * b.high_risk
    if v <= hr:
        return 1.0 + (v - bound) / (hr - bound)
    return min(3.0, 2.0 + (v - hr) / (hr - bound))
