"""The emission-factor base: load, validate and serve ``data/emission_factors/*.csv``.

Each CSV row is one sourced factor (see ``data/emission_factors/SCHEMA.md``). Loading reads
every file once, checks every row and collects *all* problems into one
:class:`~simulation.exceptions.FactorFileError` (one ``path:line: column: problem`` line
each). Each factor is converted once to its canonical unit (kgCO2e per canonical activity
unit, see :mod:`simulation.units`), so the model works with plain floats.

Examples
--------
>>> from simulation.factors import load_factors
>>> fb = load_factors()
>>> fb.value("mob_ic_tgv")            # kgCO2e / passenger / km
0.00293
>>> round(fb.value("mob_ic_tgv", "gCO2e/pkm"), 6)
2.93
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from simulation.exceptions import FactorFileError, Problem, UnitParseError, UnknownIdError, rel
from simulation.paths import data_dir
from simulation.tables import Column, Row, Schema, read_table
from simulation.texts import HasLabel
from simulation.units import Q_, canonical_form, conversion_factor

#: Sub-folder of the data folder holding the factor CSVs.
FACTORS_SUBDIR = "emission_factors"

#: Years a factor's data may be from.
YEAR_MIN, YEAR_MAX = 1990, 2100


@dataclass(frozen=True, slots=True)
class Factor(HasLabel):
    """One emission factor, with ``value``, ``low`` and ``high`` in its canonical unit.

    Attributes
    ----------
    id : str
        Unique snake_case identifier (reference ids are kept).
    sector : str
        One of :data:`SECTORS`.
    group : str
        File it comes from, without ``.csv`` (e.g. ``"batiment_chauffage"``).
    label_fr, label_en : str
        Labels for people.
    value, low, high : float
        Central value and uncertainty range [``canonical_unit``].
    canonical_unit : str
        ``"kgCO2e / <activity unit>"``, e.g. ``"kgCO2e / passenger / km"``.
    unit : str
        Unit as written in the CSV.
    value_text, low_text, high_text : str
        Numbers exactly as written in the CSV (in ``unit``), for documentation.
    year : int
        Year of the data (see SCHEMA.md).
    source, source_ref : str
        Short citation, and URL or database identifier.
    review_by : datetime.date
        Date by which the factor must be checked again.
    notes : str
        Free text (range rule, caveats).
    path : str
        File the factor was read from.
    line : int
        1-based line of the row in ``path``.
    """

    id: str
    sector: str
    group: str
    label_fr: str
    label_en: str
    value: float
    low: float
    high: float
    canonical_unit: str
    unit: str
    value_text: str
    low_text: str
    high_text: str
    year: int
    source: str
    source_ref: str
    review_by: dt.date
    notes: str
    path: str = field(compare=False)
    line: int = field(compare=False)


    @property
    def range_kind(self) -> str:
        """The kind of factor whose range rule applies (« transport par km », « avion »…).

        Read from the notes (« règle « <sorte> » », see ``data/emission_factors/SCHEMA.md``);
        a factor whose notes name no rule is a kind of its own (``"id:<factor id>"``).
        """
        match = _RANGE_RULE.search(self.notes)
        return match.group(1) if match else f"id:{self.id}"


#: « règle « <sorte de facteur> » » in a factor's notes.
_RANGE_RULE = re.compile(r"règle « ([^»]+?) »")


class FactorBase:
    """Read-only collection of :class:`Factor` objects, indexed by id.

    Parameters
    ----------
    factors : iterable of Factor
        Factors in file order; ids must be unique (the loader guarantees it).
    directory : pathlib.Path, optional
        Folder the factors were read from.
    """

    def __init__(self, factors, directory: Path | None = None):
        self._factors: dict[str, Factor] = {f.id: f for f in factors}
        self.directory = directory

    # -- mapping-like access -------------------------------------------------------------
    def __getitem__(self, factor_id: str) -> Factor:
        try:
            return self._factors[factor_id]
        except KeyError:
            close = difflib.get_close_matches(str(factor_id), self._factors, n=3)
            hint = f" ; vouliez-vous dire : {', '.join(close)} ?" if close else ""
            raise UnknownIdError(f"facteur d'émission inconnu « {factor_id} »{hint}") from None

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self._factors

    def __iter__(self) -> Iterator[Factor]:
        return iter(self._factors.values())

    def __len__(self) -> int:
        return len(self._factors)

    def __repr__(self) -> str:
        return f"FactorBase({len(self)} factors from {self.directory})"

    @property
    def ids(self) -> tuple[str, ...]:
        """All factor ids, in file order."""
        return tuple(self._factors)

    def get(self, factor_id: str, default: Factor | None = None) -> Factor | None:
        """Return the factor or ``default`` when the id does not exist."""
        return self._factors.get(factor_id, default)

    def by_sector(self, sector: str) -> tuple[Factor, ...]:
        """Factors whose ``sector`` is ``sector``, in file order."""
        return tuple(f for f in self._factors.values() if f.sector == sector)

    # -- numbers ---------------------------------------------------------------------------
    def _convert(self, f: Factor, x: float, unit: str | None) -> float:
        if unit is None:
            return x
        return x * conversion_factor(f.canonical_unit, unit)

    def value(self, factor_id: str, unit: str | None = None) -> float:
        """Central value of a factor.

        Parameters
        ----------
        factor_id : str
            Factor id.
        unit : str, optional
            Target unit (e.g. ``"gCO2e/pkm"``); default: the canonical unit.

        Returns
        -------
        float
            Value [``unit`` or canonical unit].

        Raises
        ------
        UnknownIdError
            Unknown id.
        UnitParseError
            ``unit`` unreadable or of another dimension than the factor.
        """
        f = self[factor_id]
        return self._convert(f, f.value, unit)

    def low(self, factor_id: str, unit: str | None = None) -> float:
        """Low end of the factor's range [``unit`` or canonical unit]; see :meth:`value`."""
        f = self[factor_id]
        return self._convert(f, f.low, unit)

    def high(self, factor_id: str, unit: str | None = None) -> float:
        """High end of the factor's range [``unit`` or canonical unit]; see :meth:`value`."""
        f = self[factor_id]
        return self._convert(f, f.high, unit)

    def quantity(self, factor_id: str):
        """Central value as a pint Quantity in the canonical unit (boundary use only)."""
        f = self[factor_id]
        return Q_(f.value, f.canonical_unit)

    def due(self, on: dt.date | None = None) -> tuple[Factor, ...]:
        """Factors whose review date is on or before ``on`` (default: today), oldest first."""
        on = on or dt.date.today()
        return tuple(sorted((f for f in self if f.review_by <= on),
                            key=lambda f: (f.review_by, f.id)))


# ---------------------------------------------------------------------------------------
# Reading and validation
# ---------------------------------------------------------------------------------------
def default_directory(data: str | os.PathLike[str] | None = None) -> Path:
    """Return the factor folder of the data folder ``data`` (see ``paths.data_dir``)."""
    return data_dir(data) / FACTORS_SUBDIR


#: The factor table: one row per factor (meaning of each column in SCHEMA.md).
SCHEMA = Schema("facteurs", (
    Column("id", "id", doc="identifiant unique (snake_case)"),
    Column("sector", "id", doc="secteur (data/model/sectors.csv)"),
    Column("label_fr", doc="libellé en français"),
    Column("label_en", doc="libellé en anglais"),
    Column("value", "positive", doc="valeur centrale, dans l'unité `unit`"),
    Column("unit", doc="unité lue par pint, par exemple kgCO2e/pkm"),
    Column("low", "positive", doc="bas de la plage"),
    Column("high", "positive", doc="haut de la plage"),
    Column("year", "year", doc="année de la donnée"),
    Column("source", doc="source : publication, édition, tableau ou page"),
    Column("source_ref", required=False, doc="adresse ou identifiant dans la base"),
    Column("review_by", "date", doc="date avant laquelle revérifier la valeur"),
    Column("notes", required=False, doc="règle de plage, remarques"),
))
COLUMNS: tuple[str, ...] = SCHEMA.names


def _factor(row: Row, group: str, sectors, problems: list[Problem]) -> Factor | None:
    """Turn a parsed row into a :class:`Factor`, with the factor-specific checks."""
    where, line = row.path, row.line
    n_before = len(problems)

    def add(col, message):
        problems.append(Problem(where, line, col, message))

    value, low, high = row["value"], row["low"], row["high"]
    if low > value:
        add("low", f"low ({row.text['low']}) > value ({row.text['value']}) : il faut low ≤ value")
    if value > high:
        add("high", f"value ({row.text['value']}) > high ({row.text['high']}) : "
            "il faut value ≤ high")
    if sectors is not None and row["sector"] not in sectors:
        add("sector", f"secteur inconnu « {row['sector']} » : choisissez parmi "
            f"{', '.join(sectors)} (data/model/sectors.csv)")
    if not YEAR_MIN <= row["year"] <= YEAR_MAX:
        add("year", f"année invalide « {row['year']} » : un entier entre {YEAR_MIN} et {YEAR_MAX}")
    try:
        form = canonical_form(row["unit"])
    except UnitParseError as exc:
        add("unit", str(exc))
        form = None
    if form is None or len(problems) != n_before:
        return None
    return Factor(
        id=row["id"], sector=row["sector"], group=group,
        label_fr=row["label_fr"], label_en=row["label_en"],
        value=value * form.scale, low=low * form.scale, high=high * form.scale,
        canonical_unit=form.unit, unit=row["unit"],
        value_text=row.text["value"], low_text=row.text["low"], high_text=row.text["high"],
        year=row["year"], source=row["source"], source_ref=row["source_ref"] or "",
        review_by=row["review_by"], notes=row["notes"] or "", path=where, line=line,
    )


#: Display order of the shipped files (others follow, alphabetically).
FILE_ORDER: tuple[str, ...] = (
    "mobilite", "alimentation", "batiment_energie", "batiment_chauffage",
    "batiment_construction", "economie_biens", "economie_numerique", "economie_services",
)


def factor_files(directory: Path) -> list[Path]:
    """The factor CSV files of ``directory``: known files in :data:`FILE_ORDER`, then others."""
    def key(p: Path) -> tuple[int, str]:
        rank = FILE_ORDER.index(p.stem) if p.stem in FILE_ORDER else len(FILE_ORDER)
        return rank, p.name

    return sorted((p for p in directory.glob("*.csv") if p.is_file()), key=key)


def read_factors(directory: str | os.PathLike[str] | None = None,
                 sectors: tuple[str, ...] | None = None) -> FactorBase:
    """Read and validate every CSV of ``directory`` (no cache).

    Parameters
    ----------
    directory : path-like, optional
        Folder of factor CSVs; default ``data_dir()/emission_factors``.

    Returns
    -------
    FactorBase

    Raises
    ------
    FactorFileError
        Listing every problem found, one ``path:line: column: problem`` each.
    """
    folder = Path(directory) if directory is not None else default_directory()
    if not folder.is_dir():
        raise FactorFileError(Problem(rel(folder), 0, "", "dossier de facteurs introuvable"))
    files = factor_files(folder)
    problems: list[Problem] = []
    if not files:
        problems.append(
            Problem(rel(folder), 0, "", "aucun fichier .csv de facteurs dans ce dossier")
        )
    seen: dict[str, tuple[str, int]] = {}
    factors: list[Factor] = []
    for path in files:
        for row in read_table(path, SCHEMA, problems, seen):
            f = _factor(row, path.stem, sectors, problems)
            if f is not None:
                factors.append(f)
    if problems:
        raise FactorFileError(problems)
    return FactorBase(factors, folder)


@lru_cache(maxsize=8)
def _load_cached(resolved: Path) -> FactorBase:
    return read_factors(resolved)


def load_factors(directory: str | os.PathLike[str] | None = None) -> FactorBase:
    """Load the factor base, cached per resolved folder.

    Parameters
    ----------
    directory : path-like, optional
        Folder of factor CSVs; default ``data_dir()/emission_factors`` (``$ATELIER_DATA``
        is honoured).

    Returns
    -------
    FactorBase
        The same object for the same folder until :func:`clear_cache` is called.

    Raises
    ------
    FactorFileError
        When any file is invalid (see :func:`read_factors`).
    """
    if directory is None:  # fast path for the default folder (no filesystem call)
        env = os.environ.get("ATELIER_DATA")
        fb = _DEFAULT_CACHE.get(env)
        if fb is None:
            fb = _DEFAULT_CACHE[env] = _load_cached(default_directory().resolve())
        return fb
    return _load_cached(Path(directory).resolve())


_DEFAULT_CACHE: dict[str | None, FactorBase] = {}


def clear_cache() -> None:
    """Forget every cached :class:`FactorBase` (tests, or after editing the CSVs)."""
    _DEFAULT_CACHE.clear()
    _load_cached.cache_clear()


load_factors.cache_clear = clear_cache  # type: ignore[attr-defined]
