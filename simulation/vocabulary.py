"""The model's vocabulary, read from ``data/model/``: sectors, sub-items, parameters, roles.

Four small tables (PyPSA-style attribute tables) say everything the rest of the project
needs to name things, once:

- ``sectors.csv``: each sector's id, labels, long title (decks, posters) and its one colour,
  used on screen and on paper; the file order is the display order;
- ``items.csv``: the sub-items of each sector, in display order;
- ``parameters.csv``: each model parameter's kind, pint unit, default, allowed range, labels
  and the source of its definition;
- ``factor_roles.csv``: which emission factor plays each ``ef_…`` input of the equations, and
  the unit the model reads it in.

:func:`read_vocabulary` reads them and checks them against the equations' declared inputs
(:mod:`simulation.equations`); :func:`check_units` evaluates the equations once with pint
quantities in the declared units and checks that every sub-item is a kgCO2e per person per
year. Problems are collected as ``path:line: column: problem``.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path

from simulation.equations import EQUATIONS, is_factor_role
from simulation.exceptions import Problem, UnitParseError, rel
from simulation.tables import Column, Schema, read_table
from simulation.texts import HasLabel, HasTitle
from simulation.units import Q_, ureg

MODEL_SUBDIR = "model"
#: Kinds of parameter: an activity (≥ 0, given by each territory), a share (0–1), an index
#: (> 0, 1 = today) or a constant of the equations (not set by territories or levers).
PARAMETER_KINDS = ("activity", "share", "index", "constant")
#: Unit every sub-item of every equation must have.
RESULT_UNIT = "kgCO2e/person/year"

SECTORS_SCHEMA = Schema("secteurs", (
    Column("id", "id", doc="identifiant du secteur"),
    Column("label_fr", doc="nom court en français (écran)"),
    Column("label_en", doc="nom court en anglais"),
    Column("title_fr", doc="titre long en français (jeux de cartes, affiches)"),
    Column("title_en", doc="titre long en anglais"),
    Column("colour", "colour", doc="couleur du secteur, à l'écran et sur papier (#RRGGBB)"),
))
ITEMS_SCHEMA = Schema("sous-postes", (
    Column("id", "id", doc="identifiant du sous-poste"),
    Column("sector", "id", doc="secteur (sectors.csv)"),
    Column("label_fr", doc="libellé en français"),
    Column("label_en", doc="libellé en anglais"),
))
PARAMETERS_SCHEMA = Schema("paramètres", (
    Column("id", "id", doc="nom du paramètre, tel que les équations le lisent"),
    Column("kind", "choice", choices=PARAMETER_KINDS,
           doc="activity (donnée du territoire), share (part 0–1), index (1 = aujourd'hui), "
               "constant (constante des équations)"),
    Column("unit", doc="unité lue par pint (1 = sans dimension)"),
    Column("default", "number", required=False,
           doc="valeur quand un territoire ne la donne pas (vide : chaque territoire la donne)"),
    Column("min", "number", required=False, doc="plus petite valeur permise (vide : aucune)"),
    Column("max", "number", required=False, doc="plus grande valeur permise (vide : aucune)"),
    Column("label_fr", doc="ce que c'est, en français"),
    Column("label_en", doc="ce que c'est, en anglais"),
    Column("source", doc="source de la définition, de la valeur par défaut et de la plage"),
))
ROLES_SCHEMA = Schema("rôles de facteur", (
    Column("role", "id", doc="nom de l'entrée des équations (ef_…)"),
    Column("factor", "id", doc="identifiant du facteur (data/emission_factors)"),
    Column("unit", doc="unité dans laquelle le modèle lit le facteur"),
), key="role")


@dataclass(frozen=True)
class Sector(HasLabel, HasTitle):
    """A sector: labels, long title and colour (``#RRGGBB``)."""

    id: str
    label_fr: str
    label_en: str
    title_fr: str
    title_en: str
    colour: str



    @property
    def rgb(self) -> tuple[float, float, float]:
        """The colour as RGB fractions (0–1), for print."""
        return tuple(int(self.colour[i:i + 2], 16) / 255.0 for i in (1, 3, 5))


@dataclass(frozen=True)
class Item(HasLabel):
    """A sub-item of a sector (a line of the footprint detail)."""

    id: str
    sector: str
    label_fr: str
    label_en: str



@dataclass(frozen=True)
class Parameter(HasLabel):
    """A model parameter (see ``data/model/parameters.csv``).

    Attributes
    ----------
    unit : str
        pint unit of every value of this parameter in data files (``"1"``: no dimension).
    default : float or None
        Value when a territory does not give one; None: every territory must give it.
    minimum, maximum : float or None
        Allowed range of values (territories, levers, scenario contexts).
    """

    id: str
    kind: str
    unit: str
    default: float | None
    minimum: float | None
    maximum: float | None
    label_fr: str
    label_en: str
    source: str
    path: str = ""
    line: int = 0


    def out_of_range(self, value: float) -> str:
        """French explanation when ``value`` is outside the allowed range, else ``""``."""
        if self.minimum is not None and value < self.minimum:
            return f"{value:g} < {self.minimum:g}, le minimum de {self.id}"
        if self.maximum is not None and value > self.maximum:
            return f"{value:g} > {self.maximum:g}, le maximum de {self.id}"
        if self.kind == "index" and value <= 0:
            return f"un indice doit être > 0 (lu {value:g})"
        return ""


@dataclass(frozen=True)
class FactorRole:
    """Which factor plays an ``ef_…`` input of the equations, read in ``unit``."""

    role: str
    factor: str
    unit: str
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Vocabulary:
    """Sectors, sub-items, parameters and factor roles, as read from ``data/model``."""

    sectors: dict[str, Sector]
    items: dict[str, tuple[Item, ...]]
    parameters: dict[str, Parameter]
    roles: dict[str, FactorRole]

    @property
    def sector_ids(self) -> tuple[str, ...]:
        """Sector ids in display order."""
        return tuple(self.sectors)

    def item(self, item_id: str) -> Item:
        """The sub-item ``item_id`` (KeyError when unknown)."""
        for items in self.items.values():
            for it in items:
                if it.id == item_id:
                    return it
        raise KeyError(item_id)

    def defaults(self) -> dict[str, float]:
        """``{parameter: default}`` of the parameters that have one."""
        return {p.id: p.default for p in self.parameters.values() if p.default is not None}

    def readers(self, name: str) -> tuple[str, ...]:
        """Sectors whose equation reads the parameter or role ``name``."""
        return tuple(s for s, eq in EQUATIONS.items() if name in eq.inputs and s in self.sectors)


def _equation_place(sector: str) -> tuple[str, int]:
    function = EQUATIONS[sector].function
    return rel(inspect.getsourcefile(function)), inspect.getsourcelines(function)[1]


def read_vocabulary(directory: Path, problems: list[Problem]) -> Vocabulary:
    """Read ``directory`` (``data/model``) and check it against the equations.

    Parameters
    ----------
    directory : pathlib.Path
        Folder holding ``sectors.csv``, ``items.csv``, ``parameters.csv`` and
        ``factor_roles.csv``.
    problems : list of Problem
        Receives every problem found.

    Returns
    -------
    Vocabulary
        What could be read (partial when ``problems`` grew).
    """
    directory = Path(directory)
    tables = {}
    for name, schema in (("sectors", SECTORS_SCHEMA), ("items", ITEMS_SCHEMA),
                         ("parameters", PARAMETERS_SCHEMA), ("factor_roles", ROLES_SCHEMA)):
        path = directory / f"{name}.csv"
        if not path.is_file():
            problems.append(Problem(rel(path), 0, "", f"fichier manquant : le vocabulaire du "
                                    f"modèle a besoin de {name}.csv dans {rel(directory)}"))
            tables[name] = []
        else:
            tables[name] = read_table(path, schema, problems)

    sectors = {r["id"]: Sector(r["id"], r["label_fr"], r["label_en"], r["title_fr"],
                               r["title_en"], r["colour"]) for r in tables["sectors"]}
    items: dict[str, list[Item]] = {s: [] for s in sectors}
    for r in tables["items"]:
        if r["sector"] not in sectors:
            problems.append(Problem(r.path, r.line, "sector", f"secteur inconnu « {r['sector']} » :"
                                    f" choisissez parmi {', '.join(sectors)} (sectors.csv)"))
            continue
        items[r["sector"]].append(Item(r["id"], r["sector"], r["label_fr"], r["label_en"]))

    parameters = {}
    for r in tables["parameters"]:
        p = _parameter(r, problems)
        if p is not None:
            parameters[p.id] = p
    roles = {}
    for r in tables["factor_roles"]:
        where = (r.path, r.line)
        if not is_factor_role(r["role"]):
            problems.append(Problem(*where, "role", f"rôle « {r['role']} » : le nom d'un rôle de "
                                    "facteur commence par ef_ (il est lu par les équations)"))
            continue
        if _unit_problem(r["unit"], r.path, r.line, problems) is None:
            continue
        roles[r["role"]] = FactorRole(r["role"], r["factor"], r["unit"], *where)

    vocabulary = Vocabulary(sectors, {s: tuple(v) for s, v in items.items()}, parameters, roles)
    if not any(p.path.endswith(("sectors.csv", "parameters.csv", "factor_roles.csv"))
               and p.line == 0 for p in problems):
        _check_equations(vocabulary, directory, problems)
    return vocabulary


def _unit_problem(unit: str, path: str, line: int, problems: list[Problem]):
    """Parse ``unit`` with the project registry; report and return None when unreadable."""
    try:
        return ureg.Unit(unit if unit != "1" else "dimensionless")
    except Exception:  # pint raises several kinds of errors on a bad string
        problems.append(Problem(path, line, "unit", f"unité illisible « {unit} » : écrivez-la "
                                "comme pint la lit (kgCO2e/pkm, meal/week/person, 1 sans "
                                "dimension)"))
        return None


def _parameter(r, problems: list[Problem]) -> Parameter | None:
    n = len(problems)
    if _unit_problem(r["unit"], r.path, r.line, problems) is None:
        return None
    kind, default, lo, hi = r["kind"], r["default"], r["min"], r["max"]
    if kind == "share" and (lo is None or hi is None or lo < 0 or hi > 1):
        problems.append(Problem(r.path, r.line, "max", "une part (share) a une plage dans "
                                "[0, 1] : écrivez min = 0 et max = 1"))
    if kind == "constant" and default is None:
        problems.append(Problem(r.path, r.line, "default", "une constante a une valeur : "
                                "remplissez default"))
    if kind == "index" and default != 1.0:
        problems.append(Problem(r.path, r.line, "default", "un indice vaut 1 aujourd'hui : "
                                "écrivez default = 1"))
    if lo is not None and hi is not None and lo > hi:
        problems.append(Problem(r.path, r.line, "min", f"min ({lo:g}) > max ({hi:g})"))
    p = Parameter(r["id"], kind, r["unit"], default, lo, hi, r["label_fr"], r["label_en"],
                  r["source"], r.path, r.line)
    if default is not None and p.out_of_range(default):
        problems.append(Problem(r.path, r.line, "default", f"valeur par défaut hors plage : "
                                f"{p.out_of_range(default)}"))
    return p if len(problems) == n else None


def _check_equations(v: Vocabulary, directory: Path, problems: list[Problem]) -> None:
    """Every declared input is a parameter or a role; every parameter and role is read."""
    sectors_path = rel(directory / "sectors.csv")
    known = set(v.parameters) | set(v.roles)
    read: set[str] = set()
    for sector, eq in EQUATIONS.items():
        where = _equation_place(sector)
        if sector not in v.sectors:
            problems.append(Problem(sectors_path, 0, "id", f"le secteur « {sector} » de "
                                    f"{where[0]}:{where[1]} manque : ajoutez une ligne"))
            continue
        read.update(eq.inputs)
        for name in eq.inputs:
            if name not in known:
                what = "rôle de facteur (factor_roles.csv)" if is_factor_role(name) \
                    else "paramètre (parameters.csv)"
                problems.append(Problem(*where, eq.function.__name__,
                                        f"l'entrée « {name} » n'est déclarée comme {what} "
                                        f"dans {rel(directory)} : ajoutez-la ou corrigez le nom"))
    for s in v.sectors:
        if s not in EQUATIONS:
            row = next((r for r in v.sectors.values() if r.id == s), None)
            problems.append(Problem(sectors_path, 0, "id", f"aucune équation pour le secteur "
                                    f"« {row.id} » (simulation/equations.py)"))
    for p in v.parameters.values():
        if p.id not in read:
            problems.append(Problem(p.path, p.line, "id", f"le paramètre « {p.id} » n'est lu "
                                    "par aucune équation : supprimez la ligne ou corrigez le nom"))
    for r in v.roles.values():
        if r.role not in read:
            problems.append(Problem(r.path, r.line, "role", f"le rôle « {r.role} » n'est lu par "
                                    "aucune équation : supprimez la ligne ou corrigez le nom"))


def check_units(v: Vocabulary, directory: Path, problems: list[Problem]) -> None:
    """Evaluate every equation once with pint quantities in the declared units.

    Each sub-item must come out in :data:`RESULT_UNIT`, and each equation must return
    exactly the sub-items of ``items.csv`` for its sector. Shares are set to 0.5 and other
    inputs to 1 (the check is about units, not values).
    """
    values = {}
    for p in v.parameters.values():
        unit = "dimensionless" if p.unit == "1" else p.unit
        values[p.id] = Q_(0.5 if p.kind == "share" else 1.0, unit)
    for r in v.roles.values():
        values[r.role] = Q_(1.0, r.unit)
    items_path = rel(directory / "items.csv")
    for sector, eq in EQUATIONS.items():
        if sector not in v.sectors or any(n not in values for n in eq.inputs):
            continue  # already reported by read_vocabulary
        where = _equation_place(sector)
        try:
            out = eq(values)
        except Exception as exc:  # pint's DimensionalityError and friends
            problems.append(Problem(*where, eq.function.__name__,
                                    f"unités incohérentes dans l'équation : {exc} ; vérifiez "
                                    "les unités de parameters.csv et factor_roles.csv"))
            continue
        expected = [it.id for it in v.items.get(sector, ())]
        if sorted(out) != sorted(expected):
            missing = sorted(set(out) - set(expected))
            extra = sorted(set(expected) - set(out))
            problems.append(Problem(items_path, 0, "id",
                                    f"secteur {sector} : sous-postes calculés mais absents "
                                    f"de items.csv {missing}, listés mais non calculés {extra}"))
        for item, q in out.items():
            dim = getattr(q, "dimensionality", None)
            if dim != ureg.Unit(RESULT_UNIT).dimensionality:
                problems.append(Problem(*where, eq.function.__name__,
                                        f"le sous-poste « {item} » sort en "
                                        f"{getattr(q, 'units', 'sans unité')}, pas en "
                                        f"{RESULT_UNIT} : vérifiez les unités des entrées"))


def role_unit_problem(role: FactorRole, factor, problems: list[Problem]) -> bool:
    """Check that ``factor`` converts to the unit of ``role``; report at the factor's line.

    Returns True when the factor is usable.
    """
    from simulation.units import conversion_factor

    try:
        conversion_factor(factor.canonical_unit, role.unit)
    except UnitParseError:
        problems.append(Problem(
            factor.path, factor.line, "unit",
            f"« {factor.unit} » ne se convertit pas en {role.unit}, l'unité dans laquelle le "
            f"modèle utilise ce facteur (rôle {role.role}, {role.path}:{role.line}) : corrigez "
            "l'unité du facteur, ou faites jouer ce rôle à un autre facteur",
        ))
        return False
    return True
