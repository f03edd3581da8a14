"""Territories: population and baseline activity per inhabitant, read from TOML.

A territory file (``data/territories/<id>.toml``) gives its population and, for each model
parameter, a value with its source. A file may ``inherits = "france"``: every parameter it does
not give is France's, and the documentation says so. Another territory adapts the game by
copying a file, with no code change.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from simulation.exceptions import Problem, TerritoryFileError, rel
from simulation.texts import HasName
from simulation.tomlsource import load_toml

_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class ParameterValue:
    """A parameter's value in a territory, with its source (and where it was read)."""

    value: float
    source: str
    path: str
    line: int
    inherited_from: str = ""


#: Groups of a territory's own figures (shown next to the footprint, not used by the model).
FIGURE_GROUPS = ("energie", "pcaet", "inventaire")


@dataclass(frozen=True)
class TerritoryFigure:
    """A sourced figure of the territory itself (territorial scope, not a per-person footprint).

    Parameters
    ----------
    id : str
        Stable identifier (snake_case).
    group : str
        One of :data:`FIGURE_GROUPS`: final energy by sector, climate-plan targets, emissions
        inventory.
    label_fr, label_en : str
        What it is.
    value : float
        The number, in ``unit``.
    unit : str
        Unit as printed (e.g. ``"% de l'énergie finale"``).
    year : str
        Year or horizon the figure refers to.
    source : str
        Original publication.
    """

    id: str
    group: str
    label_fr: str
    label_en: str
    value: float
    unit: str
    year: str
    source: str


@dataclass(frozen=True)
class Territory(HasName):
    """A territory: population and baseline parameters (see module docstring)."""

    id: str
    name_fr: str
    name_en: str
    population: int
    population_source: str
    parameters: dict[str, ParameterValue] = field(repr=False)
    path: str = ""
    figures: tuple[TerritoryFigure, ...] = ()
    #: Values of the parameters no file gives (indices at 1, lever shares at 0), from
    #: ``data/model/parameters.csv``.
    defaults: dict[str, float] = field(default_factory=dict, repr=False)


    def inherited(self) -> tuple[str, ...]:
        """Names of the parameters taken from the parent territory (« valeur nationale »)."""
        return tuple(sorted(n for n, pv in self.parameters.items() if pv.inherited_from))

    def local(self) -> tuple[str, ...]:
        """Names of the parameters the territory's own file gives."""
        return tuple(sorted(n for n, pv in self.parameters.items() if not pv.inherited_from))

    def values(self) -> dict[str, float]:
        """Plain ``{parameter: value}`` floats, defaults included."""
        out = dict(self.defaults)
        out.update({k: v.value for k, v in self.parameters.items()})
        return out


def _read(path: Path, parameters):
    data, locator = load_toml(path, TerritoryFileError)
    shown = rel(path)
    problems: list[Problem] = []

    def add(keypath, message):
        column = ".".join(str(k) for k in keypath)
        problems.append(Problem(shown, locator.line(*keypath) or 1, column, message))

    allowed = {"id", "name_fr", "name_en", "population", "population_source", "inherits",
               "inherited", "parameters", "notes", "figures"}
    for key in sorted(set(data) - allowed):
        add((key,), f"clé inconnue « {key} »")
    tid = data.get("id")
    if not isinstance(tid, str) or not _ID.match(tid) or tid != path.stem:
        add(("id",), f"identifiant {tid!r} : minuscules et tirets, égal au nom du fichier "
            f"« {path.stem} »")
    for key in ("name_fr", "name_en", "population_source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            add((key,), "texte manquant")
    pop = data.get("population")
    if isinstance(pop, bool) or not isinstance(pop, int) or pop <= 0:
        add(("population",), f"population {pop!r} invalide : entier > 0")
    params: dict[str, ParameterValue] = {}
    raw = data.get("parameters", {})
    if not isinstance(raw, dict):
        add(("parameters",), "attendu une table [parameters]")
        raw = {}
    for name, entry in raw.items():
        kp = ("parameters", name)
        spec = parameters.get(name)
        if spec is None or spec.kind == "constant":
            add(kp, f"paramètre inconnu « {name} » : voir data/model/parameters.csv"
                if spec is None else f"« {name} » est une constante du modèle : un territoire "
                "ne la change pas")
            continue
        if not isinstance(entry, dict) or "value" not in entry:
            add(kp, "attendu { value = …, source = \"…\" }")
            continue
        value = entry["value"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            add((*kp, "value"), f"valeur {value!r} invalide : nombre fini attendu")
            continue
        why = spec.out_of_range(float(value))
        if why:
            add((*kp, "value"), f"valeur {value} hors plage : {why} (data/model/parameters.csv"
                f":{spec.line})")
            continue
        source = entry.get("source")
        if not isinstance(source, str) or not source.strip():
            add((*kp, "source"), "source manquante : citez la source ou écrivez « hypothèse : "
                "… » en disant pourquoi")
            continue
        params[name] = ParameterValue(float(value), source.strip(), shown, locator.line(*kp))
    figures = _read_figures(data.get("figures", []), add)
    return data, params, problems, locator, figures


def _read_figures(raw, add) -> tuple[TerritoryFigure, ...]:
    """Check the ``[[figures]]`` tables of a territory file."""
    if not isinstance(raw, list):
        add(("figures",), "attendu une liste de tables [[figures]]")
        return ()
    figures, seen = [], set()
    for i, entry in enumerate(raw):
        kp = ("figures", i)
        if not isinstance(entry, dict):
            add(kp, "attendu une table")
            continue
        for key in sorted(set(entry) - {"id", "group", "label_fr", "label_en", "value", "unit",
                                        "year", "source"}):
            add((*kp, key), f"clé inconnue « {key} »")
        fid = entry.get("id")
        if not isinstance(fid, str) or not re.match(r"^[a-z][a-z0-9_]*$", fid) or fid in seen:
            add((*kp, "id"), f"identifiant {fid!r} invalide ou répété : snake_case unique")
            continue
        seen.add(fid)
        if entry.get("group") not in FIGURE_GROUPS:
            add((*kp, "group"), f"groupe {entry.get('group')!r} inconnu : "
                + ", ".join(FIGURE_GROUPS))
            continue
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            add((*kp, "value"), f"valeur {value!r} invalide : nombre fini attendu")
            continue
        texts = {}
        for key in ("label_fr", "label_en", "unit", "source"):
            text = entry.get(key)
            if not isinstance(text, str) or not text.strip():
                add((*kp, key), "texte manquant")
            texts[key] = text.strip() if isinstance(text, str) else ""
        year = entry.get("year")
        if isinstance(year, bool) or not isinstance(year, int | str) or not str(year).strip():
            add((*kp, "year"), "année manquante : entier ou texte (« 2022 », « 2050 (objectif) »)")
            continue
        if all(texts.values()):
            figures.append(TerritoryFigure(fid, entry["group"], texts["label_fr"],
                                           texts["label_en"], float(value), texts["unit"],
                                           str(year), texts["source"]))
    return tuple(figures)


def _check_inherited_list(shown: str, data: dict, locator, expected: set[str]) -> list[Problem]:
    """The optional ``inherited`` list of a child territory names exactly what it inherits.

    Keeping the list in the file makes « valeur nationale » visible to a reader and to the
    dashboard; checking it keeps it from going stale when a local value is added.
    """
    line = locator.line("inherited") or locator.line("inherits") or 1
    if "inherited" not in data:
        return []  # optional: Territory.inherited() gives the same list
    listed = data.get("inherited")
    if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
        return [Problem(shown, line, "inherited",
                        "attendu une liste « inherited = [...] » des paramètres hérités du "
                        "parent (" + ", ".join(sorted(expected)) + ")")]
    problems = []
    extra = sorted(set(listed) - expected)
    missing = sorted(expected - set(listed))
    if extra:
        problems.append(Problem(shown, line, "inherited", "paramètres listés mais donnés "
                                "localement ou inconnus : " + ", ".join(extra)
                                + " ; retirez-les de la liste"))
    if missing:
        problems.append(Problem(shown, line, "inherited", "paramètres hérités absents de la "
                                "liste : " + ", ".join(missing) + " ; ajoutez-les"))
    return problems


def load_territories(directory: Path, vocabulary) -> dict[str, Territory]:
    """Load every territory file of ``directory``, resolving ``inherits``.

    Parameters
    ----------
    directory : pathlib.Path
        ``data/territories``.
    vocabulary : Vocabulary
        The model's parameters (kinds, ranges, defaults), see :mod:`simulation.vocabulary`.

    Raises
    ------
    TerritoryFileError
        Listing every problem, including parameters missing after inheritance.
    """
    files = sorted(Path(directory).glob("*.toml"))
    if not files:
        raise TerritoryFileError(Problem(rel(directory), 0, "", "aucun territoire (*.toml)"))
    raw: dict[str, tuple] = {}
    problems: list[Problem] = []
    for path in files:
        try:
            data, params, probs, locator, figures = _read(path, vocabulary.parameters)
        except TerritoryFileError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(probs)
        raw[path.stem] = (path, data, params, locator, figures)
    territories: dict[str, Territory] = {}
    defaults = vocabulary.defaults()
    required = [n for n in vocabulary.parameters if n not in defaults]
    for tid, (path, data, params, locator, figures) in raw.items():
        shown = rel(path)
        parent = data.get("inherits")
        merged = dict(params)
        if parent is not None:
            if parent not in raw or parent == tid:
                problems.append(Problem(shown, locator.line("inherits"), "inherits",
                                        f"territoire parent {parent!r} "
                                        "inconnu"))
                continue
            if raw[parent][1].get("inherits"):
                problems.append(Problem(shown, locator.line("inherits"), "inherits",
                                        "un seul niveau d'héritage : le "
                                        "parent ne peut pas hériter lui-même"))
                continue
            for name, pv in raw[parent][2].items():
                if name not in merged:
                    merged[name] = ParameterValue(pv.value, pv.source, pv.path, pv.line, parent)
            problems.extend(_check_inherited_list(shown, data, locator,
                                                  {n for n in merged if n not in params}))
        elif "inherited" in data:
            problems.append(Problem(shown, locator.line("inherited"), "inherited",
                                    "« inherited » n'a de sens qu'avec « inherits »"))
        missing = [n for n in required if n not in merged]
        if missing:
            problems.append(Problem(shown, locator.line("parameters") or 1, "parameters",
                                    "paramètres manquants : "
                                    + ", ".join(missing)))
            continue
        shares = sum(merged[n].value for n in merged if n.startswith("heat_share_"))
        if abs(shares - 1.0) > 1e-3:
            problems.append(Problem(shown, merged["heat_share_gas"].line, "heat_share_*",
                                    f"les parts de chauffage somment à {shares:.4f} au lieu de 1"))
        if merged["red_meat_meals"].value + merged["white_meat_meals"].value \
                + merged["fish_meals"].value > merged["main_meals"].value:
            problems.append(Problem(shown, merged["main_meals"].line, "main_meals",
                                    "plus de repas avec viande ou poisson que de repas"))
        if isinstance(data.get("population"), int) and not problems:
            territories[tid] = Territory(tid, data["name_fr"], data["name_en"],
                                         data["population"], data["population_source"], merged,
                                         shown, figures, defaults)
    if problems:
        raise TerritoryFileError(problems)
    if "france" not in territories:
        raise TerritoryFileError(Problem(rel(directory), 0, "", "territoire « france » manquant"))
    return territories
