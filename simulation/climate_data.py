"""Climate data as data: read and cross-check the CSV tables of ``data/climate/``.

The workshop's climate half (warming levels, SSP scenarios, carbon budgets, « Été 2050 » for
Montpellier, the awareness game) reads thirteen small tables, described column by column in
``data/climate/SCHEMA.md``:

- ``places.csv``, ``scenarios.csv``, ``indicators.csv``, ``planetary_processes.csv``: the
  vocabulary (ids and labels in French and English);
- ``warming_projections.csv`` (IPCC AR6 warming by scenario and horizon), ``tracc_levels.csv``
  (the French reference warming trajectory), ``carbon_budgets.csv``, ``key_facts.csv``;
- ``local_indicators.csv`` (summer indicators for Montpellier, the Hérault and France, with
  their low / median / high values) and ``adaptation_actions.csv``;
- ``planetary_boundaries.csv`` (control variables, boundaries, high-risk thresholds, current
  values and status for 2023 and 2025);
- ``series.csv`` and ``series_values.csv`` (the great-acceleration series since 1750).

Every table is read through :func:`simulation.tables.read_table`. Every sourced row carries
its source (original publication), how it was read (``primary``, ``secondary`` relay or
``derived`` by arithmetic), its licence and a review date. :func:`read_climate` then checks
the rows against each other (low ≤ central ≤ high, known scenario, place, indicator and
warming level, years increasing in a series, a boundary status consistent with its value,
the rows :mod:`simulation.climate` reads) and appends every problem, as
``path:line: column: problem``, to the caller's list.

Examples
--------
>>> from simulation.climate_data import load_climate
>>> climate = load_climate()
>>> climate.tracc["tracc_fr_2050"].warming
2.7
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulation.exceptions import DataFileError, Problem, rel
from simulation.paths import data_dir
from simulation.tables import Column, Row, Schema, read_table
from simulation.texts import HasLabel, HasMeaning, HasUnit

CLIMATE_SUBDIR = "climate"

#: How a value was read: in the issuing body's own text, in a relay (press, transcription),
#: or computed by us from source values (the notes say how).
READINGS = ("primary", "secondary", "derived")
#: AR6 horizons: near term (2021–2040), mid-term (2041–2060), long term (2081–2100).
HORIZONS = ("near", "mid", "long")
#: Planetary-boundary status; ``transgressed_unquantified``: beyond the boundary, no value.
STATUSES = ("safe", "increasing_risk", "high_risk", "transgressed_unquantified")
DIRECTIONS = ("higher_is_worse", "lower_is_worse")
SERIES_KINDS = ("human_activity", "earth_system", "france")
THEMES = ("espace_public", "batiment", "eau", "sante")

#: Rows :mod:`simulation.climate` reads, with the unit it expects them in.
TCRE_FACT = "tcre"
BASE_WARMING_FACT = "human_induced_warming_2023"
WORLD_CO2_RATE_FACT = "world_co2_2024"
WORLD_POPULATION_SERIES = "world_population"
DEFAULT_BUDGET = "igcc2024_1p5_50"
REQUIRED_FACTS = {TCRE_FACT: "degC/1000GtCO2", BASE_WARMING_FACT: "degC",
                  WORLD_CO2_RATE_FACT: "GtCO2/yr"}
REQUIRED_SERIES = {WORLD_POPULATION_SERIES: "billion people"}
REQUIRED_BUDGETS = {DEFAULT_BUDGET: "GtCO2"}

FILES = ("places", "scenarios", "warming_projections", "tracc_levels", "carbon_budgets",
         "key_facts", "indicators", "local_indicators", "adaptation_actions",
         "planetary_processes", "planetary_boundaries", "series", "series_values")


class ClimateFileError(DataFileError):
    """Invalid climate table(s) in ``data/climate``."""

    kind = "fichier de climat"


# ---------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------
def _provenance() -> tuple[Column, ...]:
    return (
        Column("source", doc="publication d'origine : auteur, titre, année, tableau ou page"),
        Column("source_ref", required=False,
               doc="adresse, DOI, et où la valeur a été lue quand c'est un relais"),
        Column("reading", "choice", choices=READINGS,
               doc="primary (texte de l'organisme), secondary (relais : presse, transcription), "
                   "derived (calcul de notre part, expliqué dans notes)"),
        Column("licence", doc="conditions de réutilisation de la source"),
        Column("review_by", "date", doc="date avant laquelle revérifier la ligne"),
    )


def _labels() -> tuple[Column, ...]:
    return (Column("label_fr", doc="libellé en français"), Column("label_en", doc="libellé en anglais"))


NOTES = Column("notes", required=False, doc="remarques, pièges, calculs")

PLACES_SCHEMA = Schema("lieux", (Column("id", "id", doc="identifiant du lieu"), *_labels()))
SCENARIOS_SCHEMA = Schema("scénarios SSP", (
    Column("id", "id", doc="identifiant (ssp2_45…)"),
    Column("name", doc="nom du GIEC (SSP2-4.5…)"),
    *_labels(),
    Column("description_fr", doc="ce que suppose le scénario, en français"),
    Column("description_en", doc="ce que suppose le scénario, en anglais"),
    *_provenance(),
))
PROJECTIONS_SCHEMA = Schema("projections de réchauffement", (
    Column("id", "id", doc="identifiant de la ligne"),
    Column("scenario", "id", doc="scénario (scenarios.csv)"),
    Column("horizon", "choice", choices=HORIZONS,
           doc="near (2021–2040), mid (2041–2060) ou long (2081–2100)"),
    Column("period_start", "year", doc="première année de la période"),
    Column("period_end", "year", doc="dernière année de la période"),
    Column("value", "number", doc="meilleure estimation"),
    Column("low", "number", doc="bas de la fourchette"),
    Column("high", "number", doc="haut de la fourchette"),
    Column("unit", doc="unité (degC)"),
    Column("reference_period", doc="période de référence du réchauffement"),
    Column("range_kind", doc="ce que couvre la fourchette (très probable 5–95 %…)"),
    *_provenance(), NOTES,
))
TRACC_SCHEMA = Schema("niveaux de la TRACC", (
    Column("id", "id", doc="identifiant du niveau (tracc_fr_2050…)"),
    Column("place", "id", doc="lieu (places.csv)"),
    Column("year", "year", doc="horizon"),
    Column("warming", "number", doc="réchauffement"),
    Column("unit", doc="unité (degC)"),
    Column("reference_period", doc="référence du réchauffement"),
    Column("meaning_fr", doc="ce que signifie ce niveau, en français"),
    Column("meaning_en", doc="ce que signifie ce niveau, en anglais"),
    *_provenance(), NOTES,
))
BUDGETS_SCHEMA = Schema("budgets carbone", (
    Column("id", "id", doc="identifiant du budget"),
    Column("warming_limit", "positive", doc="réchauffement à ne pas dépasser (°C)"),
    Column("probability", "positive", doc="probabilité de ne pas le dépasser (%)"),
    Column("start", "date", doc="date à partir de laquelle le budget est compté"),
    Column("value", "number", doc="budget (valeur centrale)"),
    Column("low", "number", required=False, doc="bas de la fourchette (vide : aucune)"),
    Column("high", "number", required=False, doc="haut de la fourchette (vide : aucune)"),
    Column("unit", doc="unité (GtCO2)"),
    Column("range_kind", doc="ce que couvre la fourchette, ou « aucune fourchette »"),
    *_provenance(), NOTES,
))
FACTS_SCHEMA = Schema("faits chiffrés", (
    Column("id", "id", doc="identifiant du fait"),
    Column("place", "id", doc="lieu (places.csv)"),
    *_labels(),
    Column("value", "number", required=False, doc="valeur centrale (vide : fourchette seule)"),
    Column("low", "number", required=False, doc="bas de la fourchette"),
    Column("high", "number", required=False, doc="haut de la fourchette"),
    Column("unit", doc="unité"),
    Column("year", "year", required=False, doc="année à laquelle la valeur se rapporte"),
    Column("period", required=False, doc="période ou date, en texte (1850-2019, 2019-06-28…)"),
    Column("range_kind", doc="ce que couvre la fourchette, ou pourquoi il n'y en a pas"),
    *_provenance(), NOTES,
))
INDICATORS_SCHEMA = Schema("indicateurs", (
    Column("id", "id", doc="identifiant de l'indicateur"),
    *_labels(),
    Column("unit_fr", doc="unité affichée en français"),
    Column("unit_en", doc="unité affichée en anglais"),
    Column("definition_fr", doc="définition, en français"),
    Column("definition_en", doc="définition, en anglais"),
    Column("source", doc="source de la définition"),
    Column("review_by", "date", doc="date avant laquelle revérifier"),
))
LOCAL_SCHEMA = Schema("indicateurs locaux", (
    Column("id", "id", doc="identifiant de la ligne"),
    Column("indicator", "id", doc="indicateur (indicators.csv)"),
    Column("place", "id", doc="lieu (places.csv)"),
    Column("period", doc="période (1976-2005, 2041-2070) ou année"),
    Column("warming_level", "id", required=False,
           doc="niveau de la TRACC (tracc_levels.csv) quand la valeur s'y rapporte"),
    Column("context_fr", doc="d'où vient la projection (outil, scénario), en français"),
    Column("context_en", doc="d'où vient la projection, en anglais"),
    Column("low", "number", required=False, doc="valeur basse"),
    Column("median", "number", required=False, doc="valeur médiane"),
    Column("high", "number", required=False, doc="valeur haute"),
    Column("range_kind", doc="ce que sont les valeurs basse / médiane / haute"),
    *_provenance(), NOTES,
))
ACTIONS_SCHEMA = Schema("actions d'adaptation", (
    Column("id", "id", doc="identifiant de l'action"),
    Column("theme", "choice", choices=THEMES, doc="thème"),
    *_labels(),
    Column("description_fr", doc="description, en français"),
    Column("description_en", doc="description, en anglais"),
    Column("where_fr", doc="où l'on peut la mettre en œuvre"),
    *_provenance(),
))
PROCESSES_SCHEMA = Schema("processus des limites planétaires", (
    Column("id", "id", doc="identifiant du processus"),
    *_labels(),
    Column("source", doc="source de la liste des processus"),
    Column("review_by", "date", doc="date avant laquelle revérifier"),
))
BOUNDARIES_SCHEMA = Schema("limites planétaires", (
    Column("id", "id", doc="identifiant de la ligne (variable_année)"),
    Column("process", "id", doc="processus (planetary_processes.csv)"),
    Column("variable", "id", doc="variable de contrôle"),
    *_labels(),
    Column("unit", doc="unité de la variable"),
    Column("direction", "choice", choices=DIRECTIONS,
           doc="higher_is_worse ou lower_is_worse (ozone, aragonite, forêt)"),
    Column("year", "year", doc="année de l'évaluation (2023 ou 2025)"),
    Column("baseline", "number", required=False, doc="valeur de l'Holocène (centre de la roue)"),
    Column("boundary", "number", doc="limite (bord de la zone sûre)"),
    Column("high_risk", "number", required=False, doc="seuil de risque élevé"),
    Column("current", "number", required=False, doc="valeur actuelle (vide : non quantifiée)"),
    Column("current_sign", "choice", required=False, choices=(">", "<"),
           doc="> ou < quand la valeur actuelle est une borne (« plus de 100 »)"),
    Column("status", "choice", choices=STATUSES, doc="état : " + ", ".join(STATUSES)),
    *_provenance(), NOTES,
))
SERIES_SCHEMA = Schema("séries", (
    Column("id", "id", doc="identifiant de la série"),
    Column("kind", "choice", choices=SERIES_KINDS, doc="famille : " + ", ".join(SERIES_KINDS)),
    Column("place", "id", doc="lieu (places.csv)"),
    *_labels(),
    Column("unit", doc="unité des valeurs"),
    *_provenance(), NOTES,
))
VALUES_SCHEMA = Schema("valeurs de séries", (
    Column("series", "id", doc="série (series.csv)"),
    Column("year", "year", doc="année, ou première année d'une période"),
    Column("year_end", "year", required=False, doc="dernière année d'une période (moyenne)"),
    Column("value", "number", doc="valeur"),
    Column("low", "number", required=False, doc="bas de la fourchette"),
    Column("high", "number", required=False, doc="haut de la fourchette"),
    Column("source", required=False, doc="source de ce point quand elle diffère de la série"),
    NOTES,
), key=None)

SCHEMAS = {
    "places": PLACES_SCHEMA, "scenarios": SCENARIOS_SCHEMA,
    "warming_projections": PROJECTIONS_SCHEMA, "tracc_levels": TRACC_SCHEMA,
    "carbon_budgets": BUDGETS_SCHEMA, "key_facts": FACTS_SCHEMA, "indicators": INDICATORS_SCHEMA,
    "local_indicators": LOCAL_SCHEMA, "adaptation_actions": ACTIONS_SCHEMA,
    "planetary_processes": PROCESSES_SCHEMA, "planetary_boundaries": BOUNDARIES_SCHEMA,
    "series": SERIES_SCHEMA, "series_values": VALUES_SCHEMA,
}


# ---------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Provenance:
    """Where a row comes from and when to check it again."""

    source: str
    source_ref: str
    reading: str
    licence: str
    review_by: dt.date
    path: str = ""
    line: int = 0

    @property
    def secondary(self) -> bool:
        """True when the value was read in a relay, not in the issuing body's text."""
        return self.reading == "secondary"


@dataclass(frozen=True)
class Place(HasLabel):
    """A place named by the climate tables."""

    id: str
    label_fr: str
    label_en: str



@dataclass(frozen=True)
class Scenario(HasLabel):
    """An IPCC AR6 illustrative scenario (SSP1-1.9 … SSP5-8.5)."""

    id: str
    name: str
    label_fr: str
    label_en: str
    description_fr: str
    description_en: str
    provenance: Provenance



@dataclass(frozen=True)
class Projection:
    """Global warming for a scenario over a period [degC vs ``reference_period``]."""

    id: str
    scenario: str
    horizon: str
    period_start: int
    period_end: int
    value: float
    low: float
    high: float
    unit: str
    reference_period: str
    range_kind: str
    provenance: Provenance
    notes: str


@dataclass(frozen=True)
class TraccLevel(HasMeaning):
    """A warming level of the TRACC for a place and a year [degC vs pre-industrial]."""

    id: str
    place: str
    year: int
    warming: float
    unit: str
    reference_period: str
    meaning_fr: str
    meaning_en: str
    provenance: Provenance
    notes: str



@dataclass(frozen=True)
class CarbonBudget:
    """Remaining (or total) CO2 budget from ``start`` [``unit``, GtCO2].

    ``low`` and ``high`` equal ``value`` when the source gives no range (``range_kind``
    says so).
    """

    id: str
    warming_limit: float
    probability: float
    start: dt.date
    value: float
    low: float
    high: float
    unit: str
    range_kind: str
    provenance: Provenance
    notes: str


@dataclass(frozen=True)
class Fact(HasLabel):
    """One sourced number; ``value`` is None for a range-only fact."""

    id: str
    place: str
    label_fr: str
    label_en: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    year: int | None
    period: str
    range_kind: str
    provenance: Provenance
    notes: str



@dataclass(frozen=True)
class Indicator(HasLabel, HasUnit):
    """A climate indicator: labels, display units and definition, in French and English."""

    id: str
    label_fr: str
    label_en: str
    unit_fr: str
    unit_en: str
    definition_fr: str
    definition_en: str
    source: str
    review_by: dt.date




@dataclass(frozen=True)
class LocalValue:
    """An indicator's low / median / high value for a place and a period (any may be None)."""

    id: str
    indicator: str
    place: str
    period: str
    warming_level: str | None
    context_fr: str
    context_en: str
    low: float | None
    median: float | None
    high: float | None
    range_kind: str
    provenance: Provenance
    notes: str


@dataclass(frozen=True)
class AdaptationAction(HasLabel):
    """An adaptation action for the « Été 2050 » deck, with its source."""

    id: str
    theme: str
    label_fr: str
    label_en: str
    description_fr: str
    description_en: str
    where_fr: str
    provenance: Provenance



@dataclass(frozen=True)
class Process(HasLabel):
    """One of the nine Earth-system processes of the planetary boundaries."""

    id: str
    label_fr: str
    label_en: str
    source: str
    review_by: dt.date



@dataclass(frozen=True)
class BoundaryValue(HasLabel):
    """A control variable of a planetary boundary, assessed in ``year`` [``unit``].

    ``current`` is None when not quantified; with ``current_sign`` ``">"`` (``"<"``), the
    true value is beyond ``current`` in the worse direction.
    """

    id: str
    process: str
    variable: str
    label_fr: str
    label_en: str
    unit: str
    direction: str
    year: int
    baseline: float | None
    boundary: float
    high_risk: float | None
    current: float | None
    current_sign: str | None
    status: str
    provenance: Provenance
    notes: str

    @property
    def lower_is_worse(self) -> bool:
        """True for ozone, aragonite and forest cover."""
        return self.direction == "lower_is_worse"



@dataclass(frozen=True)
class SeriesPoint:
    """One point of a series; a period mean when ``year_end`` is set."""

    year: int
    year_end: int | None
    value: float
    low: float | None
    high: float | None
    source: str
    notes: str
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Series(HasLabel):
    """A long series (great acceleration, France), points in increasing years."""

    id: str
    kind: str
    place: str
    label_fr: str
    label_en: str
    unit: str
    provenance: Provenance
    notes: str
    points: tuple[SeriesPoint, ...] = ()

    @property
    def years(self) -> np.ndarray:
        """Years of the points (first year of a period)."""
        return np.array([p.year for p in self.points], dtype=int)

    @property
    def values(self) -> np.ndarray:
        """Values of the points [``unit``]."""
        return np.array([p.value for p in self.points], dtype=float)

    def at(self, year: int) -> SeriesPoint:
        """The point of ``year`` (KeyError when the series has none)."""
        for p in self.points:
            if p.year == year:
                return p
        raise KeyError(f"la série « {self.id} » n'a pas de valeur en {year}")

    def source_of(self, point: SeriesPoint) -> str:
        """Source of ``point``: its own when given, else the series'."""
        return point.source or self.provenance.source



@dataclass(frozen=True)
class ClimateData:
    """Every climate table of a data folder, checked (see module docstring)."""

    directory: Path
    places: dict[str, Place]
    scenarios: dict[str, Scenario]
    projections: dict[str, Projection]
    tracc: dict[str, TraccLevel]
    budgets: dict[str, CarbonBudget]
    facts: dict[str, Fact]
    indicators: dict[str, Indicator]
    local: dict[str, LocalValue]
    actions: dict[str, AdaptationAction]
    processes: dict[str, Process]
    boundaries: dict[str, BoundaryValue]
    series: dict[str, Series]

    def projection(self, scenario: str, horizon: str) -> Projection:
        """The warming projection of ``scenario`` at ``horizon`` (KeyError when absent)."""
        for p in self.projections.values():
            if p.scenario == scenario and p.horizon == horizon:
                return p
        raise KeyError(f"aucune projection pour {scenario} à l'horizon {horizon}")

    def tracc_level(self, place: str, year: int) -> TraccLevel:
        """The TRACC level of ``place`` in ``year`` (KeyError when absent)."""
        for t in self.tracc.values():
            if t.place == place and t.year == year:
                return t
        raise KeyError(f"aucun niveau de la TRACC pour {place} en {year}")

    def boundaries_in(self, year: int) -> tuple[BoundaryValue, ...]:
        """Control variables assessed in ``year``, in file order."""
        return tuple(b for b in self.boundaries.values() if b.year == year)

    def local_values(self, indicator: str | None = None,
                     place: str | None = None) -> tuple[LocalValue, ...]:
        """Local indicator values, filtered by indicator and place, in file order."""
        return tuple(v for v in self.local.values()
                     if (indicator is None or v.indicator == indicator)
                     and (place is None or v.place == place))

    def provenances(self) -> tuple[tuple[str, Provenance], ...]:
        """``(table, provenance)`` of every sourced row, in table order."""
        out = []
        for table, records in (("scenarios", self.scenarios), ("warming_projections", self.projections),
                               ("tracc_levels", self.tracc), ("carbon_budgets", self.budgets),
                               ("key_facts", self.facts), ("local_indicators", self.local),
                               ("adaptation_actions", self.actions),
                               ("planetary_boundaries", self.boundaries), ("series", self.series)):
            out.extend((table, r.provenance) for r in records.values())
        return tuple(out)

    def due(self, on: dt.date | None = None) -> tuple[tuple[str, Provenance], ...]:
        """Sourced rows whose review date is on or before ``on`` (default: today)."""
        on = on or dt.date.today()
        return tuple((t, p) for t, p in self.provenances() if p.review_by <= on)


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------
def _prov(r: Row) -> Provenance:
    return Provenance(r["source"], r["source_ref"] or "", r["reading"], r["licence"],
                      r["review_by"], r.path, r.line)


def _add(problems: list[Problem], r: Row, column: str, message: str) -> None:
    problems.append(Problem(r.path, r.line, column, message))


def _order(problems: list[Problem], r: Row, cols: tuple[str, str, str]) -> bool:
    """Check low ≤ central ≤ high on the columns ``cols`` (any may be empty); True when ok."""
    lo, mid, hi = (r.get(c) for c in cols)
    ok = True
    if lo is not None and mid is not None and lo > mid:
        _add(problems, r, cols[0], f"{cols[0]} ({r.text[cols[0]]}) > {cols[1]} ({r.text[cols[1]]}) :"
             f" il faut {cols[0]} ≤ {cols[1]}")
        ok = False
    if mid is not None and hi is not None and mid > hi:
        _add(problems, r, cols[2], f"{cols[1]} ({r.text[cols[1]]}) > {cols[2]} ({r.text[cols[2]]}) :"
             f" il faut {cols[1]} ≤ {cols[2]}")
        ok = False
    if mid is None and lo is not None and hi is not None and lo > hi:
        _add(problems, r, cols[0], f"{cols[0]} ({r.text[cols[0]]}) > {cols[2]} ({r.text[cols[2]]}) :"
             f" il faut {cols[0]} ≤ {cols[2]}")
        ok = False
    return ok


def _known(problems, r: Row, column: str, known, what: str, file: str) -> bool:
    """Check that ``r[column]`` is an id of ``known``; report otherwise."""
    if r[column] in known:
        return True
    choices = ", ".join(sorted(k for k in known if k)) or "(aucun)"
    _add(problems, r, column, f"{what} « {r[column]} » : choisissez parmi {choices} ({file})")
    return False


def boundary_status(value: float, boundary: float, high_risk: float | None,
                    lower_is_worse: bool) -> str:
    """Status of a control variable from its value, boundary and high-risk threshold.

    Parameters
    ----------
    value : float
        Current value [unit of the control variable].
    boundary : float
        Planetary boundary (edge of the safe zone) [same unit].
    high_risk : float or None
        Far end of the zone of increasing risk [same unit]; None: no high-risk zone.
    lower_is_worse : bool
        True when lower values are worse (ozone, aragonite saturation, forest cover).

    Returns
    -------
    str
        ``"safe"`` up to the boundary, ``"increasing_risk"`` beyond it up to the threshold,
        ``"high_risk"`` beyond the threshold.
    """
    sign = -1.0 if lower_is_worse else 1.0
    if sign * value <= sign * boundary:
        return "safe"
    if high_risk is None or sign * value <= sign * high_risk:
        return "increasing_risk"
    return "high_risk"


def read_climate(directory: str | os.PathLike[str], problems: list[Problem]) -> ClimateData:
    """Read and cross-check the climate tables of ``directory``.

    Parameters
    ----------
    directory : path-like
        Folder holding the CSV files of :data:`FILES` (``data/climate``).
    problems : list of Problem
        Receives every problem found (nothing is raised).

    Returns
    -------
    ClimateData
        What could be read (partial when ``problems`` grew).
    """
    directory = Path(directory)
    rows: dict[str, list[Row]] = {}
    for name in FILES:
        path = directory / f"{name}.csv"
        if not path.is_file():
            problems.append(Problem(rel(path), 0, "", f"fichier manquant : les tableaux du climat "
                                    f"ont besoin de {name}.csv dans {rel(directory)}"))
            rows[name] = []
        else:
            rows[name] = read_table(path, SCHEMAS[name], problems)

    places = {r["id"]: Place(r["id"], r["label_fr"], r["label_en"]) for r in rows["places"]}
    scenarios = {r["id"]: Scenario(r["id"], r["name"], r["label_fr"], r["label_en"],
                                   r["description_fr"], r["description_en"], _prov(r))
                 for r in rows["scenarios"]}
    projections = _projections(rows["warming_projections"], scenarios, problems)
    tracc = _tracc(rows["tracc_levels"], places, problems)
    budgets = _budgets(rows["carbon_budgets"], problems)
    facts = _facts(rows["key_facts"], places, problems)
    indicators = {r["id"]: Indicator(r["id"], r["label_fr"], r["label_en"], r["unit_fr"],
                                     r["unit_en"], r["definition_fr"], r["definition_en"],
                                     r["source"], r["review_by"]) for r in rows["indicators"]}
    local = _local(rows["local_indicators"], indicators, places, tracc, problems)
    actions = {r["id"]: AdaptationAction(r["id"], r["theme"], r["label_fr"], r["label_en"],
                                         r["description_fr"], r["description_en"], r["where_fr"],
                                         _prov(r)) for r in rows["adaptation_actions"]}
    processes = {r["id"]: Process(r["id"], r["label_fr"], r["label_en"], r["source"],
                                  r["review_by"]) for r in rows["planetary_processes"]}
    boundaries = _boundaries(rows["planetary_boundaries"], processes, problems)
    _check_processes_assessed(rows["planetary_processes"], boundaries, problems)
    series = _series(rows["series"], rows["series_values"], places, problems)
    data = ClimateData(directory, places, scenarios, projections, tracc, budgets, facts,
                       indicators, local, actions, processes, boundaries, series)
    _check_transgressed_counts(data, problems)
    _check_required_rows(data, directory, problems)
    return data


def _projections(rows, scenarios, problems) -> dict[str, Projection]:
    out, seen = {}, {}
    for r in rows:
        n = len(problems)
        _known(problems, r, "scenario", scenarios, "scénario inconnu", "scenarios.csv")
        if r["period_start"] > r["period_end"]:
            _add(problems, r, "period_end", f"période à l'envers : {r['period_start']} > "
                 f"{r['period_end']}")
        _order(problems, r, ("low", "value", "high"))
        key = (r["scenario"], r["horizon"])
        if key in seen:
            _add(problems, r, "horizon", f"{r['scenario']} a déjà une projection à l'horizon "
                 f"{r['horizon']} (ligne {seen[key]})")
        seen.setdefault(key, r.line)
        if len(problems) == n:
            out[r["id"]] = Projection(r["id"], r["scenario"], r["horizon"], r["period_start"],
                                      r["period_end"], r["value"], r["low"], r["high"], r["unit"],
                                      r["reference_period"], r["range_kind"], _prov(r),
                                      r["notes"] or "")
    return out


def _tracc(rows, places, problems) -> dict[str, TraccLevel]:
    out, seen = {}, {}
    for r in rows:
        n = len(problems)
        _known(problems, r, "place", places, "lieu inconnu", "places.csv")
        key = (r["place"], r["year"])
        if key in seen:
            _add(problems, r, "year", f"{r['place']} a déjà un niveau en {r['year']} "
                 f"(ligne {seen[key]})")
        seen.setdefault(key, r.line)
        if len(problems) == n:
            out[r["id"]] = TraccLevel(r["id"], r["place"], r["year"], r["warming"], r["unit"],
                                      r["reference_period"], r["meaning_fr"], r["meaning_en"],
                                      _prov(r), r["notes"] or "")
    return out


def _budgets(rows, problems) -> dict[str, CarbonBudget]:
    out = {}
    for r in rows:
        n = len(problems)
        if not r["probability"] < 100:
            _add(problems, r, "probability", f"probabilité {r.text['probability']} : un "
                 "pourcentage strictement entre 0 et 100")
        if (r["low"] is None) != (r["high"] is None):
            _add(problems, r, "low" if r["low"] is None else "high",
                 "fourchette incomplète : remplissez low et high, ou aucun des deux")
        _order(problems, r, ("low", "value", "high"))
        if len(problems) == n:
            lo = r["value"] if r["low"] is None else r["low"]
            hi = r["value"] if r["high"] is None else r["high"]
            out[r["id"]] = CarbonBudget(r["id"], r["warming_limit"], r["probability"], r["start"],
                                        r["value"], lo, hi, r["unit"], r["range_kind"], _prov(r),
                                        r["notes"] or "")
    return out


def _facts(rows, places, problems) -> dict[str, Fact]:
    out = {}
    for r in rows:
        n = len(problems)
        _known(problems, r, "place", places, "lieu inconnu", "places.csv")
        if r["value"] is None and (r["low"] is None or r["high"] is None):
            _add(problems, r, "value", "ni valeur ni fourchette : remplissez value, ou low et high")
        _order(problems, r, ("low", "value", "high"))
        if len(problems) == n:
            out[r["id"]] = Fact(r["id"], r["place"], r["label_fr"], r["label_en"], r["value"],
                                r["low"], r["high"], r["unit"], r["year"], r["period"] or "",
                                r["range_kind"], _prov(r), r["notes"] or "")
    return out


def _local(rows, indicators, places, tracc, problems) -> dict[str, LocalValue]:
    out = {}
    for r in rows:
        n = len(problems)
        _known(problems, r, "indicator", indicators, "indicateur inconnu", "indicators.csv")
        _known(problems, r, "place", places, "lieu inconnu", "places.csv")
        if r["warming_level"] is not None:
            _known(problems, r, "warming_level", tracc, "niveau de réchauffement inconnu",
                   "tracc_levels.csv")
        if r["low"] is None and r["median"] is None and r["high"] is None:
            _add(problems, r, "median", "aucune valeur : remplissez median, ou low et high")
        _order(problems, r, ("low", "median", "high"))
        if len(problems) == n:
            out[r["id"]] = LocalValue(r["id"], r["indicator"], r["place"], r["period"],
                                      r["warming_level"], r["context_fr"], r["context_en"],
                                      r["low"], r["median"], r["high"], r["range_kind"],
                                      _prov(r), r["notes"] or "")
    return out


_RANK = {"safe": 0, "increasing_risk": 1, "high_risk": 2}


def _boundaries(rows, processes, problems) -> dict[str, BoundaryValue]:
    out, seen = {}, {}
    for r in rows:
        n = len(problems)
        _known(problems, r, "process", processes, "processus inconnu", "planetary_processes.csv")
        key = (r["variable"], r["year"])
        if key in seen:
            _add(problems, r, "year", f"la variable {r['variable']} a déjà une ligne pour "
                 f"{r['year']} (ligne {seen[key]})")
        seen.setdefault(key, r.line)
        lower = r["direction"] == "lower_is_worse"
        if _boundary_order(problems, r, lower):  # a status is judged on a sound scale only
            _boundary_status(problems, r, lower)
        if len(problems) == n:
            out[r["id"]] = BoundaryValue(
                r["id"], r["process"], r["variable"], r["label_fr"], r["label_en"], r["unit"],
                r["direction"], r["year"], r["baseline"], r["boundary"], r["high_risk"],
                r["current"], r["current_sign"], r["status"], _prov(r), r["notes"] or "")
    return out


def _boundary_order(problems, r: Row, lower: bool) -> bool:
    """Baseline, boundary and high-risk threshold run in the worse direction; True when so."""
    chain = [(c, r[c]) for c in ("baseline", "boundary", "high_risk") if r[c] is not None]
    word = "décroissant" if lower else "croissant"
    ok = True
    for (c0, v0), (c1, v1) in itertools.pairwise(chain):
        if (v1 > v0) if lower else (v1 < v0):
            _add(problems, r, c1, f"{c0} ({r.text[c0]}) puis {c1} ({r.text[c1]}) : pour "
                 f"{r['direction']}, baseline, boundary et high_risk vont en ordre {word}")
            ok = False
    return ok


def _boundary_status(problems, r: Row, lower: bool) -> None:
    """The declared status agrees with the current value, boundary and threshold."""
    status, current, sign = r["status"], r["current"], r["current_sign"]
    if current is None:
        if sign is not None:
            _add(problems, r, "current_sign", "current_sign sans valeur current")
        if status != "transgressed_unquantified":
            _add(problems, r, "status", f"état « {status} » sans valeur current : remplissez "
                 "current, ou écrivez transgressed_unquantified")
        return
    if status == "transgressed_unquantified":
        _add(problems, r, "status", "transgressed_unquantified avec une valeur current : "
             "écrivez l'état que donne la valeur (safe, increasing_risk ou high_risk)")
        return
    computed = boundary_status(current, r["boundary"], r["high_risk"], lower)
    if sign is None:
        if computed != status:
            _add(problems, r, "status", f"état « {status} » incohérent : {r.text['current']} "
                 f"{r['unit']} face à la limite {r.text['boundary']} et au seuil "
                 f"{r.text['high_risk'] or '(aucun)'} donne « {computed} »")
        return
    worse = "<" if lower else ">"
    # strictly beyond the bound: reaching the boundary (threshold) already means beyond it
    k = -1.0 if lower else 1.0
    if r["high_risk"] is not None and k * current >= k * r["high_risk"]:
        computed = "high_risk"
    elif k * current >= k * r["boundary"]:
        computed = max(computed, "increasing_risk", key=_RANK.get)
    if sign != worse:
        _add(problems, r, "current_sign", f"« {sign} » va vers le mieux pour {r['direction']} : "
             f"une borne s'écrit « {worse} »")
    elif _RANK[status] < _RANK[computed]:
        _add(problems, r, "status", f"état « {status} » incohérent : au-delà de "
             f"{r.text['current']} {r['unit']}, l'état est au moins « {computed} »")


def _check_processes_assessed(process_rows, boundaries, problems) -> None:
    """Every process has a control variable in every assessment year."""
    years = sorted({b.year for b in boundaries.values()})
    for r in process_rows:
        missing = [y for y in years
                   if not any(b.process == r["id"] and b.year == y for b in boundaries.values())]
        if missing:
            _add(problems, r, "id", f"le processus « {r['id']} » n'a aucune variable évaluée en "
                 f"{', '.join(map(str, missing))} dans planetary_boundaries.csv")


def _series(series_rows, value_rows, places, problems) -> dict[str, Series]:
    meta = {}
    for r in series_rows:
        if _known(problems, r, "place", places, "lieu inconnu", "places.csv"):
            meta[r["id"]] = r
    points: dict[str, list[SeriesPoint]] = {k: [] for k in meta}
    last: dict[str, Row] = {}
    known = {s["id"] for s in series_rows}
    for r in value_rows:
        n = len(problems)
        if not _known(problems, r, "series", known, "série inconnue", "series.csv"):
            continue
        prev = last.get(r["series"])
        if prev is not None and r["year"] <= prev["year"]:
            _add(problems, r, "year", f"années non croissantes dans la série {r['series']} : "
                 f"{r['year']} après {prev['year']} (ligne {prev.line})")
        last[r["series"]] = r
        if r["year_end"] is not None and r["year_end"] < r["year"]:
            _add(problems, r, "year_end", f"période à l'envers : {r['year']} > {r['year_end']}")
        _order(problems, r, ("low", "value", "high"))
        if len(problems) == n and r["series"] in points:
            points[r["series"]].append(SeriesPoint(r["year"], r["year_end"], r["value"], r["low"],
                                                   r["high"], r["source"] or "", r["notes"] or "",
                                                   r.path, r.line))
    out = {}
    for sid, r in meta.items():
        if not points[sid]:
            _add(problems, r, "id", f"la série « {sid} » n'a aucune valeur dans series_values.csv")
            continue
        out[sid] = Series(sid, r["kind"], r["place"], r["label_fr"], r["label_en"], r["unit"],
                          _prov(r), r["notes"] or "", tuple(points[sid]))
    return out


def _check_transgressed_counts(data: ClimateData, problems) -> None:
    """A fact ``pb_transgressed_<year>`` equals the processes beyond a boundary that year."""
    for fact in data.facts.values():
        if not fact.id.startswith("pb_transgressed_") or fact.year is None:
            continue
        assessed = data.boundaries_in(fact.year)
        if not assessed:
            continue
        beyond = sorted({b.process for b in assessed if b.status != "safe"})
        if fact.value != len(beyond):
            problems.append(Problem(
                fact.provenance.path, fact.provenance.line, "value",
                f"{fact.value:g} limites dépassées en {fact.year}, mais planetary_boundaries.csv "
                f"en compte {len(beyond)} ({', '.join(beyond)}) : corrigez l'un ou l'autre"))


def _check_required_rows(data: ClimateData, directory: Path, problems) -> None:
    """The rows simulation.climate reads exist, in the unit it expects."""
    def need(table, records, wanted):
        for rid, unit in wanted.items():
            rec = records.get(rid)
            if rec is None:
                problems.append(Problem(rel(directory / f"{table}.csv"), 0, "id",
                                        f"la ligne « {rid} » manque ou n'a pas pu être lue : "
                                        "simulation/climate.py la lit"))
            elif rec.unit != unit:
                path = rec.provenance.path
                line = rec.provenance.line
                problems.append(Problem(path, line, "unit", f"unité « {rec.unit} » : "
                                        f"simulation/climate.py lit « {rid} » en {unit}"))

    need("key_facts", data.facts, REQUIRED_FACTS)
    need("series", data.series, REQUIRED_SERIES)
    need("carbon_budgets", data.budgets, REQUIRED_BUDGETS)
    base = data.facts.get(BASE_WARMING_FACT)
    if base is not None and base.value is None:
        problems.append(Problem(base.provenance.path, base.provenance.line, "value",
                                "simulation/climate.py lit cette valeur : remplissez value"))
    if base is not None and base.year is None:
        problems.append(Problem(base.provenance.path, base.provenance.line, "year",
                                "année manquante : simulation/climate.py en fait l'année de "
                                "départ de l'illustration"))
    pop = data.series.get(WORLD_POPULATION_SERIES)
    if (base is not None and base.year is not None and pop is not None
            and base.year not in {p.year for p in pop.points}):
        problems.append(Problem(pop.provenance.path, pop.provenance.line, "id",
                                f"la série {WORLD_POPULATION_SERIES} n'a pas de valeur en "
                                f"{base.year}, l'année de départ de l'illustration"))


@functools.lru_cache(maxsize=8)
def _load_cached(resolved: Path) -> ClimateData:
    problems: list[Problem] = []
    data = read_climate(resolved, problems)
    if problems:
        raise ClimateFileError(problems)
    return data


def load_climate(data: str | os.PathLike[str] | None = None) -> ClimateData:
    """Load (once per folder) the climate tables of the data folder ``data``.

    Parameters
    ----------
    data : path-like, optional
        Data folder (holding ``climate/``); default ``data/`` or ``$ATELIER_DATA``.

    Returns
    -------
    ClimateData

    Raises
    ------
    ClimateFileError
        Listing every problem, one ``path:line: column: problem`` each.
    """
    return _load_cached((data_dir(data) / CLIMATE_SUBDIR).resolve())


load_climate.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]
