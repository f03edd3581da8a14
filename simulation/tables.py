"""Read the CSV tables of ``data/``: one reader, one set of rules, every problem at once.

Every CSV of the data folder (emission factors, the model's vocabulary, climate series) is
read here against a :class:`Schema` that names its columns and their kinds. Problems are
collected, never raised one by one, as :class:`~simulation.exceptions.Problem` objects
(``path:line: column: problem``) that say what to do.

Two spreadsheet habits are recognised and explained in one line each, instead of a cascade
of "missing column" errors: a file saved with ``;`` as separator (a spreadsheet set to
French) and a file saved in Windows-1252 (Excel's plain "CSV" format).

Examples
--------
>>> from simulation.tables import Column, Schema
>>> schema = Schema("secteurs", (Column("id", "id"), Column("label_fr")))
>>> schema.names
('id', 'label_fr')
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from simulation.exceptions import Problem, rel

#: A snake_case identifier; capital letters are tolerated inside words for acronyms kept
#: from reference ids (``..._SUV_petrol_vkm``).
ID_RE = re.compile(r"^[a-z][a-zA-Z0-9]*(?:_[a-zA-Z0-9]+)*$")
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
YEAR_MIN, YEAR_MAX = 1, 2300

#: Kinds of column and what they hold once parsed.
KINDS = ("text", "id", "number", "positive", "integer", "year", "date", "choice", "colour")


@dataclass(frozen=True)
class Column:
    """One column of a CSV table.

    Parameters
    ----------
    name : str
        Header name.
    kind : str
        One of :data:`KINDS`: ``text`` (str), ``id`` (snake_case str), ``number`` (finite
        float), ``positive`` (float > 0), ``integer`` (int), ``year`` (int), ``date``
        (ISO ``AAAA-MM-JJ``, :class:`datetime.date`), ``choice`` (one of ``choices``),
        ``colour`` (``#RRGGBB``).
    required : bool
        An empty cell is a problem; otherwise it parses to ``None``.
    choices : tuple of str
        Allowed values of a ``choice`` column.
    doc : str
        Meaning of the column, in French, for the generated schema pages.
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class Schema:
    """The columns of a kind of CSV table.

    Parameters
    ----------
    what : str
        What the rows are, in French and plural (``"facteurs"``), for messages.
    columns : tuple of Column
        Every column, in the order they are written.
    key : str, optional
        Column whose values must be unique across every file read with the same ``seen``.
    """

    what: str
    columns: tuple[Column, ...]
    key: str | None = "id"

    @property
    def names(self) -> tuple[str, ...]:
        """Column names, in order."""
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Row:
    """One valid row: parsed values, the text as written, and where it was read."""

    values: Mapping[str, object]
    text: Mapping[str, str] = field(repr=False)
    path: str = ""
    line: int = 0

    def __getitem__(self, name: str):
        return self.values[name]

    def get(self, name: str, default=None):
        """Parsed value of ``name`` or ``default``."""
        return self.values.get(name, default)


# ---------------------------------------------------------------------------------------
# Decoding and separators
# ---------------------------------------------------------------------------------------
def decode(raw: bytes, where: str, problems: list[Problem]) -> str | None:
    """Return the text of a UTF-8 file (a BOM is removed), or None with a problem.

    A file that is not UTF-8 but reads as Windows-1252 is named as such, with the way to
    re-save it; otherwise the first bad byte and its line are given.
    """
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("cp1252")
        except UnicodeDecodeError:
            problems.append(Problem(
                where, line, "",
                f"le fichier n'est pas en UTF-8 (octet 0x{raw[exc.start]:02x}) : "
                "réenregistrez-le en UTF-8 (« CSV UTF-8 » dans le tableur)",
            ))
        else:
            problems.append(Problem(
                where, line, "",
                f"le fichier n'est pas en UTF-8 : il est enregistré en Windows-1252 (format "
                f"« CSV » d'Excel ; octet 0x{raw[exc.start]:02x} sur cette ligne). Dans le "
                "tableur : Enregistrer sous → « CSV UTF-8 (délimité par des virgules) »",
            ))
        return None


def _semicolon_file(header_line: str, names: tuple[str, ...]) -> bool:
    """True when the header is split by ``;`` (a spreadsheet set to French saved it)."""
    by_semicolon = [h.strip().strip('"') for h in header_line.split(";")]
    by_comma = [h.strip().strip('"') for h in header_line.split(",")]
    return (len(by_semicolon) > 1
            and sum(h in names for h in by_semicolon) > sum(h in names for h in by_comma))


# ---------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------
def parse_number(text: str) -> float | None:
    """Float of ``text`` written with a decimal point, or None when unreadable."""
    t = text.strip()
    if _NUMBER_RE.match(t):
        return float(t)
    if t.lower() in {"inf", "+inf", "-inf", "infinity", "nan"}:
        return float(t)
    return None


def _parse_cell(col: Column, text: str, add) -> object:
    """Parse one non-empty cell; call ``add(message)`` and return None when invalid."""
    t = text.strip()
    kind = col.kind
    if kind == "text":
        return t
    if kind == "id":
        if not ID_RE.match(t):
            add(f"identifiant invalide « {t} » : lettres sans accent, chiffres et _ "
                "(snake_case), commençant par une minuscule")
            return None
        return t
    if kind in ("number", "positive"):
        x = parse_number(t)
        if x is None:
            hint = " (utilisez le point décimal : 0.27, pas 0,27)" if "," in t else ""
            add(f"nombre illisible « {t} »{hint}")
            return None
        if not math.isfinite(x):
            add(f"nombre non fini « {t} » : donnez une valeur réelle")
            return None
        if kind == "positive" and x <= 0:
            add(f"doit être > 0 (lu {t})")
            return None
        return x
    if kind in ("integer", "year"):
        if not re.fullmatch(r"[+-]?\d+", t):
            add(f"entier attendu, lu « {t} »" if kind == "integer"
                else f"année invalide « {t} » : un entier entre {YEAR_MIN} et {YEAR_MAX}")
            return None
        n = int(t)
        if kind == "year" and not YEAR_MIN <= n <= YEAR_MAX:
            add(f"année invalide « {t} » : un entier entre {YEAR_MIN} et {YEAR_MAX}")
            return None
        return n
    if kind == "date":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
                raise ValueError
            return dt.date.fromisoformat(t)
        except ValueError:
            add(f"date invalide « {t} » : format AAAA-MM-JJ (ISO)")
            return None
    if kind == "choice":
        if t not in col.choices:
            add(f"valeur « {t} » inconnue : choisissez parmi {', '.join(col.choices)}")
            return None
        return t
    if kind == "colour":
        if not _COLOUR_RE.match(t):
            add(f"couleur invalide « {t} » : écrivez-la #RRGGBB, par exemple #1C5E9E")
            return None
        return t.upper()
    raise ValueError(f"unknown column kind {kind!r}")


# ---------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------
def read_table(
    path: Path,
    schema: Schema,
    problems: list[Problem],
    seen: dict[str, tuple[str, int]] | None = None,
) -> list[Row]:
    """Read one CSV file against ``schema``; append every problem to ``problems``.

    Parameters
    ----------
    path : pathlib.Path
        The CSV file (UTF-8, comma-separated, one header line).
    schema : Schema
        Its columns.
    problems : list of Problem
        Receives the problems found (nothing is raised).
    seen : dict, optional
        ``{key value: (path, line)}`` shared by the files of one table, so that a duplicate
        key is reported with the place of the first one.

    Returns
    -------
    list of Row
        The rows without any problem, in file order. A file whose header is wrong gives no
        rows (its header problems are reported once).
    """
    where = rel(path)
    seen = {} if seen is None else seen
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(where, 0, "", f"fichier illisible ({exc.strerror})"))
        return []
    text = decode(raw, where, problems)
    if text is None:
        return []
    lines = text.splitlines(keepends=True)
    if not lines or not lines[0].strip():
        problems.append(Problem(where, 1, "", "fichier vide : il faut au moins la ligne d'en-tête"))
        return []
    names = schema.names
    if _semicolon_file(lines[0], names):
        problems.append(Problem(
            where, 1, "",
            "le séparateur est « ; » (tableur réglé en français) : réenregistrez le fichier en "
            "« CSV UTF-8 (délimité par des virgules) », ou remplacez les ; par des virgules",
        ))
        return []
    reader = csv.reader(lines)
    header = [h.strip() for h in next(reader)]
    header_ok = True
    for name in names:
        if name not in header:
            problems.append(Problem(where, 1, name, "colonne manquante : ajoutez-la à l'en-tête"))
            header_ok = False
    for name in header:
        if name not in names:
            problems.append(Problem(
                where, 1, name or "(vide)",
                f"colonne inconnue : les colonnes permises sont {', '.join(names)}",
            ))
    for name in sorted({c for c in header if header.count(c) > 1}):
        problems.append(Problem(where, 1, name, "colonne en double dans l'en-tête"))
        header_ok = False

    rows: list[Row] = []
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
        cells = dict(zip(header, fields, strict=True))
        row = _read_row(cells, schema, where, line, problems, seen)
        if row is not None and header_ok:
            rows.append(row)
    return rows


def _read_row(cells, schema, where, line, problems, seen) -> Row | None:
    n_before = len(problems)
    values: dict[str, object] = {}
    for col in schema.columns:
        if col.name not in cells:
            continue
        text = cells[col.name]

        def add(message, col=col):
            problems.append(Problem(where, line, col.name, message))

        if not text.strip():
            if col.required:
                add("source vide : citez d'où vient la valeur" if col.name == "source"
                    else "valeur vide")
            values[col.name] = None
            continue
        values[col.name] = _parse_cell(col, text, add)
    key = schema.key
    if key and values.get(key) is not None:
        k = values[key]
        if k in seen:
            p0, l0 = seen[k]
            problems.append(Problem(where, line, key,
                                    f"identifiant « {k} » en double : déjà défini en {p0}:{l0}"))
        else:
            seen[k] = (where, line)
    if len(problems) != n_before:
        return None
    return Row(values, {k: v.strip() for k, v in cells.items()}, where, line)


def read_tables(paths: list[Path], schema: Schema, problems: list[Problem]) -> Iterator[Row]:
    """Rows of several files of the same table (keys unique across files)."""
    seen: dict[str, tuple[str, int]] = {}
    for path in paths:
        yield from read_table(path, schema, problems, seen)
