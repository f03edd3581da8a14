"""The project's errors: small, named, and readable by a content author.

Every error a user can cause derives from :class:`AtelierError`; the CLI prints its message
(never a traceback) and exits with status 1. Data-file errors collect *every* problem found
and print one ``path:line: column: problem`` line each, so an author fixes a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class AtelierError(Exception):
    """Base class of every error caused by user input (files, options, codes)."""


@dataclass(frozen=True)
class Problem:
    """One problem in a data file.

    Parameters
    ----------
    path : str
        File where the problem is.
    line : int
        1-based line number (0 when the whole file is concerned).
    column : str
        Column (CSV) or key (TOML) concerned; empty when not applicable.
    message : str
        What is wrong and what to do, in French.
    """

    path: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        col = f" {self.column}:" if self.column else ""
        return f"{self.path}:{self.line}:{col} {self.message}"


class DataFileError(AtelierError):
    """One or more problems in data files; ``problems`` lists them all."""

    kind = "fichier de données"

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        n = len(self.problems)
        kinds = self.kind.replace("fichier ", "fichiers ", 1)  # "fichiers de facteurs"
        head = f"{n} problème{'s' if n > 1 else ''} dans les {kinds} :"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


class FactorFileError(DataFileError):
    """Invalid emission-factor CSV file(s) in ``data/emission_factors``."""

    kind = "fichier de facteurs"


class TerritoryFileError(DataFileError):
    """Invalid territory file in ``data/territories``."""

    kind = "fichier de territoire"


class LeverFileError(DataFileError):
    """Invalid lever file in ``data/levers``."""

    kind = "fichier de levier"


class ScenarioFileError(DataFileError):
    """Invalid scenario file in ``data/scenarios``."""

    kind = "fichier de scénario"


class CardFileError(DataFileError):
    """Invalid card definition in ``data/cards``."""

    kind = "fichier de cartes"


class UnitParseError(AtelierError):
    """A unit string pint cannot read, or one without the expected dimension."""


class PathwayCodeError(AtelierError):
    """A pathway code that cannot be decoded (typo, truncated, unknown territory)."""


class UnknownIdError(AtelierError):
    """An identifier (factor, lever, territory, scenario…) that does not exist."""


def rel(path: str | Path) -> str:
    """Return ``path`` relative to the current directory when possible (short messages)."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
