"""One loader for the whole data folder: read every file, check every reference between them.

:func:`load_data` reads, in order, the model's vocabulary (``data/model``), the emission
factors, the territories, the levers, the scenarios, the targets, the card definitions and
the climate tables (:mod:`simulation.climate_data`), then checks the references from one file
to another:

- factor → sector, lever → sector, item → sector (``data/model/sectors.csv``);
- lever effect, scenario context, territory value → parameter (``parameters.csv``), with
  the value inside the parameter's range;
- factor role → factor, and the factor's unit convertible to the role's unit;
- scenario → lever; card → factor (unit compatible with the quantity), card → territory,
  card deck → sector.

Every problem of every file is collected and raised at once in one
:class:`~simulation.exceptions.DataFileError` (``path:line: column: problem`` each), so an
author fixes a data folder in one pass. ``atelier check`` prints them.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from simulation.exceptions import DataFileError, Problem, rel
from simulation.paths import data_dir


@dataclass(frozen=True)
class Dataset:
    """Everything in a data folder, validated (see module docstring)."""

    path: Path
    vocabulary: object
    factors: object
    territories: dict
    levers: tuple
    scenarios: dict
    targets: object
    cards: tuple
    climate: object = None  # simulation.climate_data.ClimateData


class DataFolderError(DataFileError):
    """Problems anywhere in a data folder (every file, every cross-reference)."""

    kind = "fichier de données"


def _collect(problems: list[Problem], loader, *args):
    """Run a loader that raises a DataFileError; keep its problems, return None on error."""
    try:
        return loader(*args)
    except DataFileError as exc:
        problems.extend(exc.problems)
        return None


def read_data(path: str | os.PathLike[str] | None = None, check_units: bool = False) -> Dataset:
    """Read and check the data folder ``path`` (no cache).

    Parameters
    ----------
    path : path-like, optional
        Data folder; default ``data/`` of the project or ``$ATELIER_DATA``.
    check_units : bool
        Also evaluate the equations with pint quantities to check every unit as used
        (``atelier check``; a few tens of milliseconds).

    Returns
    -------
    Dataset

    Raises
    ------
    DataFolderError
        Listing every problem found in every file.
    """
    from simulation.cards.definitions import load_definitions
    from simulation.climate_data import read_climate
    from simulation.factors import read_factors
    from simulation.levers import load_levers, load_scenarios
    from simulation.model import load_targets
    from simulation.territories import load_territories
    from simulation.vocabulary import check_units as check_equation_units
    from simulation.vocabulary import read_vocabulary

    folder = data_dir(path)
    if not folder.is_dir():
        raise DataFolderError(Problem(rel(folder), 0, "", "dossier de données introuvable"))
    problems: list[Problem] = []
    model_dir = folder / "model"
    vocabulary = read_vocabulary(model_dir, problems)
    if check_units and not problems:
        check_equation_units(vocabulary, model_dir, problems)
    sectors = tuple(vocabulary.sectors) or None
    factors = _collect(problems, read_factors, folder / "emission_factors", sectors)
    if factors is not None:
        check_factor_roles(vocabulary, factors, problems)
    if problems:  # the rest is checked against a sound vocabulary and factor base
        raise DataFolderError(problems)
    territories = _collect(problems, load_territories, folder / "territories", vocabulary)
    levers = _collect(problems, load_levers, folder / "levers", vocabulary)
    scenarios = None
    if levers is not None:
        scenarios = _collect(problems, load_scenarios, folder / "scenarios", levers, vocabulary)
    targets = _collect(problems, load_targets, folder / "climate" / "targets.toml")
    cards = None
    if territories is not None:
        cards = _collect(problems, load_definitions, folder, factors, vocabulary,
                         tuple(territories))
    climate = read_climate(folder / "climate", problems)  # climate tables (data/climate/*.csv)
    if problems:
        raise DataFolderError(problems)
    return Dataset(folder, vocabulary, factors, territories, levers, scenarios, targets, cards,
                   climate)


def check_factor_roles(vocabulary, factors, problems: list[Problem]) -> None:
    """Each factor role names a factor that exists and converts to the role's unit."""
    from simulation.vocabulary import role_unit_problem

    for role in vocabulary.roles.values():
        factor = factors.get(role.factor)
        if factor is None:
            problems.append(Problem(role.path, role.line, "factor",
                                    f"facteur inconnu « {role.factor} » dans "
                                    f"{rel(factors.directory)}"))
        else:
            role_unit_problem(role, factor, problems)


@functools.lru_cache(maxsize=8)
def _load_cached(resolved: Path) -> Dataset:
    return read_data(resolved)


def load_data(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load (once per folder) and return the checked :class:`Dataset`; see :func:`read_data`."""
    return _load_cached(data_dir(path).resolve())


load_data.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]
