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

import csv
import datetime as dt
import difflib
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from simulation.exceptions import FactorFileError, Problem, UnitParseError, UnknownIdError, rel
from simulation.paths import data_dir
from simulation.units import Q_, canonical_form, conversion_factor

#: Sub-folder of the data folder holding the factor CSVs.
FACTORS_SUBDIR = "emission_factors"

#: Columns of a factor CSV, in the order they are written.
COLUMNS: tuple[str, ...] = (
    "id", "sector", "label_fr", "label_en", "value", "unit", "low", "high", "year",
    "source", "source_ref", "review_by", "notes",
)
#: Columns that must not be empty.
REQUIRED: frozenset[str] = frozenset(
    {"id", "sector", "label_fr", "label_en", "value", "unit", "low", "high", "year",
     "source", "review_by"}
)
#: Allowed values of the ``sector`` column (the model's sectors).
SECTORS: tuple[str, ...] = ("mobilite", "alimentation", "batiment", "economie", "services_publics")

#: A valid factor id: snake_case starting with a lowercase letter; capital letters are
#: tolerated inside words for acronyms kept from the reference ids (``..._SUV_petrol_vkm``).
ID_RE = re.compile(r"^[a-z][a-zA-Z0-9]*(?:_[a-zA-Z0-9]+)*$")
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
YEAR_MIN, YEAR_MAX = 1990, 2100


@dataclass(frozen=True, slots=True)
class Factor:
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

    def label(self, lang: str = "fr") -> str:
        """Return the label in ``lang`` (``"fr"`` or ``"en"``)."""
        return self.label_en if lang == "en" else self.label_fr


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


def _decode(raw: bytes, where: str, problems: list[Problem]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(
            where, line, "",
            f"le fichier n'est pas en UTF-8 (octet 0x{raw[exc.start]:02x}) : "
            "réenregistrez-le en UTF-8 (« CSV UTF-8 » dans le tableur)",
        ))
        return None
    return text.removeprefix("\ufeff")


def _number(text: str) -> float | None:
    t = text.strip()
    if _NUMBER_RE.match(t):
        return float(t)
    if t.lower() in {"inf", "+inf", "-inf", "infinity", "nan"}:
        return float(t)
    return None


def _check_number(row, col, where, line, problems) -> float | None:
    text = row.get(col, "")
    if not text.strip():
        return None  # reported as empty required column
    x = _number(text)
    if x is None:
        hint = " (utilisez le point décimal : 0.27, pas 0,27)" if "," in text else ""
        problems.append(Problem(where, line, col, f"nombre illisible « {text} »{hint}"))
        return None
    if not math.isfinite(x):
        problems.append(
            Problem(where, line, col, f"nombre non fini « {text} » : donnez une valeur réelle")
        )
        return None
    if x <= 0:
        problems.append(Problem(
            where, line, col,
            f"doit être > 0 (lu {text}) : un facteur nul ou négatif n'est pas "
            "un facteur d'émission",
        ))
        return None
    return x


def _read_file(
    path: Path, problems: list[Problem], seen: dict[str, tuple[str, int]]
) -> list[Factor]:
    where = rel(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(where, 0, "", f"fichier illisible ({exc.strerror})"))
        return []
    text = _decode(raw, where, problems)
    if text is None:
        return []
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(where, 1, "", "fichier vide : il faut au moins la ligne d'en-tête"))
        return []
    header = [h.strip() for h in header]
    for col in COLUMNS:
        if col not in header:
            problems.append(Problem(where, 1, col, "colonne manquante : ajoutez-la à l'en-tête"))
    for col in header:
        if col not in COLUMNS:
            problems.append(Problem(
                where, 1, col or "(vide)",
                f"colonne inconnue : les colonnes permises sont {', '.join(COLUMNS)}",
            ))
    dup_cols = {c for c in header if header.count(c) > 1}
    for col in sorted(dup_cols):
        problems.append(Problem(where, 1, col, "colonne en double dans l'en-tête"))
    header_ok = not dup_cols and all(c in header for c in COLUMNS)

    group = path.stem
    factors: list[Factor] = []
    prev_end = reader.line_num
    for fields in reader:
        line = prev_end + 1
        prev_end = reader.line_num
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            problems.append(Problem(
                where, line, "",
                f"{len(fields)} champs au lieu de {len(header)} : vérifiez les virgules et "
                "les guillemets de la ligne",
            ))
            continue
        row = {h: v for h, v in zip(header, fields, strict=True)}
        f = _check_row(row, where, line, group, problems, seen)
        if f is not None and header_ok:
            factors.append(f)
    return factors


def _check_row(row, where, line, group, problems, seen) -> Factor | None:
    n_before = len(problems)
    for col in COLUMNS:
        if col in REQUIRED and col in row and not row[col].strip():
            what = "source vide : citez d'où vient la valeur" if col == "source" else "valeur vide"
            problems.append(Problem(where, line, col, what))

    fid = row.get("id", "").strip()
    if fid:
        if not ID_RE.match(fid):
            problems.append(Problem(
                where, line, "id",
                f"identifiant invalide « {fid} » : lettres sans accent, chiffres et _ "
                "(snake_case), commençant par une minuscule",
            ))
        elif fid in seen:
            p0, l0 = seen[fid]
            problems.append(Problem(
                where, line, "id", f"identifiant « {fid} » en double : déjà défini en {p0}:{l0}",
            ))
        else:
            seen[fid] = (where, line)

    sector = row.get("sector", "").strip()
    if sector and sector not in SECTORS:
        problems.append(Problem(
            where, line, "sector",
            f"secteur inconnu « {sector} » : choisissez parmi {', '.join(SECTORS)}",
        ))

    value = _check_number(row, "value", where, line, problems)
    low = _check_number(row, "low", where, line, problems)
    high = _check_number(row, "high", where, line, problems)
    if value is not None and low is not None and low > value:
        problems.append(Problem(
            where, line, "low",
            f"low ({row['low']}) > value ({row['value']}) : il faut low ≤ value",
        ))
    if value is not None and high is not None and value > high:
        problems.append(Problem(
            where, line, "high",
            f"value ({row['value']}) > high ({row['high']}) : il faut value ≤ high",
        ))

    form = None
    unit = row.get("unit", "").strip()
    if unit:
        try:
            form = canonical_form(unit)
        except UnitParseError as exc:
            problems.append(Problem(where, line, "unit", str(exc)))

    year = None
    year_text = row.get("year", "").strip()
    if year_text:
        if year_text.isdigit() and YEAR_MIN <= int(year_text) <= YEAR_MAX:
            year = int(year_text)
        else:
            problems.append(Problem(
                where, line, "year",
                f"année invalide « {year_text} » : un entier entre {YEAR_MIN} et {YEAR_MAX}",
            ))

    review = None
    review_text = row.get("review_by", "").strip()
    if review_text:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", review_text):
                raise ValueError
            review = dt.date.fromisoformat(review_text)
        except ValueError:
            problems.append(Problem(
                where, line, "review_by",
                f"date invalide « {review_text} » : format AAAA-MM-JJ (ISO)",
            ))

    if len(problems) != n_before or form is None or None in (value, low, high, year, review):
        return None
    if any(col not in row for col in COLUMNS):  # header problem, reported once per file
        return None
    return Factor(
        id=fid, sector=sector, group=group,
        label_fr=row["label_fr"].strip(), label_en=row["label_en"].strip(),
        value=value * form.scale, low=low * form.scale, high=high * form.scale,
        canonical_unit=form.unit, unit=unit,
        value_text=row["value"].strip(), low_text=row["low"].strip(), high_text=row["high"].strip(),
        year=year, source=row["source"].strip(), source_ref=row["source_ref"].strip(),
        review_by=review, notes=row["notes"].strip(), path=where, line=line,
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


def read_factors(directory: str | os.PathLike[str] | None = None) -> FactorBase:
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
        factors.extend(_read_file(path, problems, seen))
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
