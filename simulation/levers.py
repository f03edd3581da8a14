"""Action levers and scenario contexts: what they change in the model, read from TOML.

A lever (``data/levers/<id>.toml``) has five levels, 0 (today) to 4 (the most ambitious
credible change, as in the UK 2050 Calculator). Each level reaches, in 2050, given values of
model *parameters* (km, occupancy, meals, shares, indices…); it never subtracts a percentage
from a total. An :class:`Effect` either **sets** a parameter to a target (one lever at most may
set a given parameter) or **scales** it by a factor (several levers may scale the same
parameter; their factors multiply). The result therefore does not depend on the order in
which levers are set, and two levers acting on the same thing compound instead of adding up.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass
from pathlib import Path

from simulation.exceptions import LeverFileError, Problem, ScenarioFileError, rel
from simulation.texts import HasText, HasTitle
from simulation.tomlsource import load_toml

FIRST_YEAR = 2023
LAST_YEAR = 2050
DEFAULT_START_YEAR = 2025
LEVELS = 5
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
KINDS = ("individuel", "collectif")
RAMPS = ("linear", "s-curve")
OPERATIONS = ("set", "scale")
#: Placeholders a level's 2050 story may use: ``{label}`` is the level's label in the same
#: language (its numbers come from the data, never retyped in the story).
STORY_PLACEHOLDERS = ("label",)

#: Groups of shift shares taken from the same stock: their sum must stay ≤ 1.
SHARE_GROUPS = (
    ("car_to_bike_share", "car_to_transit_share"),
    ("fossil_to_hp_share", "fossil_to_dh_share"),
)


@dataclass(frozen=True)
class Effect:
    """What a lever (or a scenario context) does to one parameter.

    Parameters
    ----------
    parameter : str
        Name in :data:`simulation.equations.PARAMETERS`.
    operation : str
        ``"set"`` (reach ``values[k-1]`` in 2050) or ``"scale"`` (multiply by it).
    values : tuple of float
        2050 value (set) or factor (scale) for levels 1..4 (a context has one value).
    start_year : int
        Year the change starts from; it is complete in 2050.
    ramp : str
        ``"linear"`` or ``"s-curve"`` (smoothstep).
    source : str
        Source or rationale (required for scenario contexts; levers give one per level).
    """

    parameter: str
    operation: str
    values: tuple[float, ...]
    start_year: int = DEFAULT_START_YEAR
    ramp: str = "linear"
    source: str = ""


@dataclass(frozen=True)
class LeverLevel:
    """The description of one level of a lever (level 0 is today).

    ``story_fr`` / ``story_en``: one sentence of the 2050 story (« mise en récit ») telling
    what daily life looks like at this level, with ``{label}`` placeholders (see
    :data:`STORY_PLACEHOLDERS`); empty at level 0, which is today.
    """

    label_fr: str
    label_en: str
    source: str
    story_fr: str = ""
    story_en: str = ""

    def story(self, lang: str = "fr") -> str:
        """The story template in ``lang`` (not filled)."""
        return self.story_en if lang == "en" else self.story_fr


@dataclass(frozen=True)
class Lever(HasTitle, HasText):
    """An action lever with levels 0–4 (see module docstring)."""

    id: str
    sector: str
    kind: str
    title_fr: str
    title_en: str
    text_fr: str
    text_en: str
    levels: tuple[LeverLevel, ...]
    effects: tuple[Effect, ...]
    path: str = ""
    line: int = 0




def ramp_fraction(years, start_year: int, ramp: str):
    """Share of a change reached each year [0–1], 0 up to ``start_year`` and 1 in 2050.

    Parameters
    ----------
    years : numpy.ndarray
        Calendar years.
    start_year : int
        Year the change starts from.
    ramp : str
        ``"linear"`` or ``"s-curve"`` (``3x² − 2x³``).
    """
    import numpy as np

    x = np.clip((np.asarray(years, dtype=float) - start_year) / (LAST_YEAR - start_year), 0.0, 1.0)
    if ramp == "s-curve":
        return x * x * (3.0 - 2.0 * x)
    return x


class _Collector:
    """Collects problems for one file."""

    def __init__(self, path: Path, locator):
        self.shown = rel(path)
        self.locator = locator
        self.problems: list[Problem] = []

    def add(self, keypath: tuple, message: str) -> None:
        column = ".".join(str(k) for k in keypath if not isinstance(k, int)) if keypath else ""
        line = self.locator.line(*keypath) or 1  # a missing top-level key: point at the file
        self.problems.append(Problem(self.shown, line, column, message))

    def text(self, data: dict, key: str, keypath: tuple = ()) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add((*keypath, key), "texte manquant : ajoutez une chaîne non vide")
            return ""
        return value.strip()

    def number(self, value, keypath: tuple, what: str = "valeur") -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.add(keypath, f"{what} invalide ({value!r}) : attendu un nombre fini")
            return None
        return float(value)


def check_effect_value(col: _Collector, keypath: tuple, spec, operation: str,
                       value: float) -> None:
    """Check one set/scale value: a factor > 0, a target within the parameter's range."""
    if operation == "scale" and value <= 0:
        col.add(keypath, f"facteur {value} ≤ 0 : un facteur d'échelle doit être > 0")
    elif operation == "set" and spec.out_of_range(value):
        col.add(keypath, f"valeur {value} hors plage pour {spec.id} : {spec.out_of_range(value)}"
                " (data/model/parameters.csv)")


def parse_effects(col: _Collector, entries, keypath: tuple, n_values: int,
                  parameters) -> list[Effect]:
    """Parse a list of effect tables (``[[effects]]`` of a lever or ``[[context]]``).

    ``parameters`` is the vocabulary's ``{id: Parameter}`` (constants cannot be changed).
    """
    effects = []
    if not isinstance(entries, list):
        col.add(keypath, "attendu une liste de tables [[...]]")
        return effects
    for i, entry in enumerate(entries):
        kp = (*keypath, i)
        if not isinstance(entry, dict):
            col.add(kp, "attendu une table")
            continue
        unknown = set(entry) - {"parameter", "operation", "values", "value", "start_year",
                                "ramp", "source", "note"}
        for key in sorted(unknown):
            col.add((*kp, key), f"clé inconnue « {key} »")
        parameter = entry.get("parameter")
        spec = parameters.get(parameter) if isinstance(parameter, str) else None
        if spec is None or spec.kind == "constant":
            col.add((*kp, "parameter"), f"paramètre inconnu {parameter!r} : voir la liste dans "
                    "data/model/parameters.csv" if spec is None else
                    f"{parameter} est une constante du modèle : un levier ne la change pas")
            continue
        operation = entry.get("operation")
        if operation not in OPERATIONS:
            col.add((*kp, "operation"), f"opération {operation!r} invalide : 'set' ou 'scale'")
            continue
        raw = entry.get("values") if n_values > 1 else [entry.get("value")]
        key = "values" if n_values > 1 else "value"
        if not isinstance(raw, list) or len(raw) != n_values:
            col.add((*kp, key), f"attendu {n_values} valeur(s) (niveaux 1 à 4)" if n_values > 1
                    else "attendu une valeur numérique 'value'")
            continue
        values = []
        for v in raw:
            num = col.number(v, (*kp, key))
            if num is not None:
                check_effect_value(col, (*kp, key), spec, operation, num)
                values.append(num)
        start = entry.get("start_year", DEFAULT_START_YEAR)
        if not isinstance(start, int) or not FIRST_YEAR <= start < LAST_YEAR:
            col.add((*kp, "start_year"), f"année de départ {start!r} hors de "
                    f"[{FIRST_YEAR}, {LAST_YEAR - 1}]")
            start = DEFAULT_START_YEAR
        ramp = entry.get("ramp", "linear")
        if ramp not in RAMPS:
            col.add((*kp, "ramp"), f"rampe {ramp!r} invalide : 'linear' ou 's-curve'")
            ramp = "linear"
        source = entry.get("source", "")
        if n_values == 1 and (not isinstance(source, str) or not source.strip()):
            col.add((*kp, "source"), "source manquante : citez la source du contexte ou écrivez "
                    "« hypothèse : … » en disant pourquoi")
        if len(values) == n_values:
            effects.append(Effect(parameter, operation, tuple(values), start, ramp,
                                  source.strip() if isinstance(source, str) else ""))
    return effects


def story_placeholders(template: str) -> set[str]:
    """The ``{names}`` of a story template.

    Raises
    ------
    ValueError
        Unbalanced braces (``"{label"``, ``"}"``), or a format spec or conversion
        (``"{label:>5}"``, ``"{label!r}"``) that a story has no use for.
    """
    names = set()
    for _literal, field, spec, conversion in string.Formatter().parse(template):
        if field is None:
            continue
        if spec or conversion:
            raise ValueError(f"« {{{field}}} » : pas de format ni de conversion dans un récit")
        names.add(field)
    return names


def check_story(col: _Collector, entry: dict, index: int) -> tuple[str, str]:
    """Check the ``story_fr`` / ``story_en`` of level ``index``; return them (or ``""``)."""
    keypath = ("levels", index)
    if index == 0:
        for key in ("story_fr", "story_en"):
            if key in entry:
                col.add((*keypath, key), "le niveau 0 décrit aujourd'hui : pas de récit ici "
                        "(la phrase « rien n'a changé » vient du catalogue des textes)")
        return "", ""
    stories, found = [], []
    for key in ("story_fr", "story_en"):
        text = col.text(entry, key, keypath)
        stories.append(text)
        if not text:
            found.append(None)
            continue
        try:
            names = story_placeholders(text)
        except ValueError as exc:
            col.add((*keypath, key), f"récit invalide : {exc} ; écrivez {{label}} ou "
                    "doublez les accolades ({{{{ }}}})")
            found.append(None)
            continue
        for name in sorted(names - set(STORY_PLACEHOLDERS)):
            col.add((*keypath, key), f"repère inconnu « {{{name}}} » dans le récit : seuls "
                    f"{', '.join('{' + n + '}' for n in STORY_PLACEHOLDERS)} sont remplis")
        found.append(names)
    if None not in found and found[0] != found[1]:
        col.add((*keypath, "story_en"), "story_fr et story_en n'ont pas les mêmes repères "
                f"({sorted(found[0])} et {sorted(found[1])}) : utilisez les mêmes")
    return stories[0], stories[1]


def load_lever(path: Path, vocabulary) -> tuple[Lever | None, list[Problem]]:
    """Read and check one lever file; return the lever (or None) and its problems."""
    data, locator = load_toml(path, LeverFileError)
    col = _Collector(path, locator)
    allowed = {"id", "sector", "kind", "title_fr", "title_en", "text_fr", "text_en",
               "effects", "levels"}
    for key in sorted(set(data) - allowed):
        col.add((key,), f"clé inconnue « {key} » : clés permises {', '.join(sorted(allowed))}")
    lever_id = data.get("id")
    if not isinstance(lever_id, str) or not _ID.match(lever_id):
        col.add(("id",), f"identifiant {lever_id!r} invalide : minuscules, chiffres et _ "
                "(snake_case)")
    elif lever_id != path.stem:
        col.add(("id",), f"l'identifiant « {lever_id} » doit être le nom du fichier "
                f"« {path.stem} »")
    sector = data.get("sector")
    if sector not in vocabulary.sectors:
        col.add(("sector",), f"secteur {sector!r} inconnu : {', '.join(vocabulary.sectors)} "
                "(data/model/sectors.csv)")
    kind = data.get("kind")
    if kind not in KINDS:
        col.add(("kind",), f"type {kind!r} inconnu : {' ou '.join(KINDS)}")
    texts = {k: col.text(data, k) for k in ("title_fr", "title_en", "text_fr", "text_en")}
    if "effects" in data:
        effects = parse_effects(col, data["effects"], ("effects",), LEVELS - 1,
                                vocabulary.parameters)
    else:
        effects = []
        col.add((), "aucun effet [[effects]] : un levier doit modifier au moins un paramètre")
    levels_raw = data.get("levels")
    levels = []
    if not isinstance(levels_raw, list) or len(levels_raw) != LEVELS:
        col.add(("levels",), f"attendu exactement {LEVELS} tables [[levels]] (niveaux 0 à 4)")
    else:
        for i, entry in enumerate(levels_raw):
            if not isinstance(entry, dict):
                col.add(("levels", i), "attendu une table")
                continue
            story_fr, story_en = check_story(col, entry, i)
            levels.append(LeverLevel(col.text(entry, "label_fr", ("levels", i)),
                                     col.text(entry, "label_en", ("levels", i)),
                                     col.text(entry, "source", ("levels", i)),
                                     story_fr, story_en))
    if col.problems:
        return None, col.problems
    lever = Lever(lever_id, sector, kind, texts["title_fr"], texts["title_en"],
                  texts["text_fr"], texts["text_en"], tuple(levels), tuple(effects),
                  col.shown, locator.line("id"))
    return lever, []


def load_levers(directory: Path, vocabulary) -> tuple[Lever, ...]:
    """Load every ``*.toml`` lever of ``directory``, checked together.

    Cross-file checks: unique ids; at most one lever *sets* a given parameter; shift shares
    taken from the same stock (e.g. car km to bike and to public transport) sum to ≤ 1 at
    level 4.

    Raises
    ------
    LeverFileError
        Listing every problem as ``path:line: column: problem``.
    """
    problems: list[Problem] = []
    levers: list[Lever] = []
    files = sorted(Path(directory).glob("*.toml"))
    if not files:
        raise LeverFileError(Problem(rel(directory), 0, "", "aucun fichier de levier (*.toml)"))
    for path in files:
        try:
            lever, probs = load_lever(path, vocabulary)
        except LeverFileError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(probs)
        if lever is not None:
            levers.append(lever)
    setters: dict[str, Lever] = {}
    max_share: dict[str, float] = {}
    for lever in levers:
        for effect in lever.effects:
            if effect.operation == "set":
                other = setters.get(effect.parameter)
                if other is not None:
                    problems.append(Problem(lever.path, lever.line, "effects",
                                            f"le paramètre {effect.parameter} est déjà fixé par "
                                            f"{other.path}:{other.line} ; un seul levier peut le "
                                            "fixer (utilisez 'scale' pour combiner)"))
                setters[effect.parameter] = lever
                max_share[effect.parameter] = max(effect.values)
    for group in SHARE_GROUPS:
        total = sum(max_share.get(name, 0.0) for name in group)
        if total > 1.0 + 1e-9:
            where = setters[next(n for n in group if n in setters)]
            problems.append(Problem(where.path, where.line, "effects",
                                    f"les parts {' + '.join(group)} dépassent 1 au niveau 4 "
                                    f"({total:.2f}) : réduisez-les"))
    if problems:
        raise LeverFileError(problems)
    return tuple(levers)


def set_parameters(levers) -> set[str]:
    """Names of the parameters some lever sets (scenario contexts may not touch them)."""
    return {e.parameter for lever in levers for e in lever.effects if e.operation == "set"}


@dataclass(frozen=True)
class Scenario(HasTitle, HasText):
    """A preset pathway: lever levels plus an exogenous context.

    ``context`` effects apply whatever the levers (e.g. the carbon content of electricity);
    ``levels`` are the scenario's own lever levels, shown side by side with the group's.
    """

    id: str
    title_fr: str
    title_en: str
    text_fr: str
    text_en: str
    source: str
    levels: dict[str, int]
    context: tuple[Effect, ...]
    path: str = ""




def load_scenarios(directory: Path, levers, vocabulary) -> dict[str, Scenario]:
    """Load every ``*.toml`` scenario of ``directory``.

    Raises
    ------
    ScenarioFileError
        Listing every problem (unknown lever, level out of 0–4, context on a parameter a lever
        sets, missing text…).
    """
    lever_ids = {lever.id for lever in levers}
    forbidden = set_parameters(levers)
    problems: list[Problem] = []
    scenarios: dict[str, Scenario] = {}
    files = sorted(Path(directory).glob("*.toml"))
    for path in files:
        try:
            data, locator = load_toml(path, ScenarioFileError)
        except ScenarioFileError as exc:
            problems.extend(exc.problems)
            continue
        col = _Collector(path, locator)
        allowed = {"id", "title_fr", "title_en", "text_fr", "text_en", "source", "levels",
                   "context"}
        for key in sorted(set(data) - allowed):
            col.add((key,), f"clé inconnue « {key} »")
        sid = data.get("id")
        if not isinstance(sid, str) or sid != path.stem:
            col.add(("id",), f"identifiant {sid!r} : doit être le nom du fichier « {path.stem} »")
        texts = {k: col.text(data, k) for k in ("title_fr", "title_en", "text_fr", "text_en",
                                                "source")}
        levels = {}
        raw_levels = data.get("levels", {})
        if not isinstance(raw_levels, dict):
            col.add(("levels",), "attendu une table [levels] levier = niveau")
            raw_levels = {}
        for lid, level in raw_levels.items():
            if lid not in lever_ids:
                col.add(("levels", lid), f"levier inconnu « {lid} »")
            elif isinstance(level, bool) or not isinstance(level, int) or not 0 <= level < LEVELS:
                col.add(("levels", lid), f"niveau {level!r} invalide : entier de 0 à 4")
            else:
                levels[lid] = level
        context = parse_effects(col, data.get("context", []), ("context",), 1,
                                vocabulary.parameters)
        for i, effect in enumerate(context):
            if effect.parameter in forbidden:
                col.add(("context", i, "parameter"), f"{effect.parameter} est fixé par un levier :"
                        " un contexte ne peut que modifier un paramètre non fixé par les leviers")
        problems.extend(col.problems)
        if not col.problems:
            scenarios[sid] = Scenario(sid, texts["title_fr"], texts["title_en"], texts["text_fr"],
                                      texts["text_en"], texts["source"], levels, tuple(context),
                                      col.shown)
    if problems:
        raise ScenarioFileError(problems)
    if "tendanciel" not in scenarios:
        raise ScenarioFileError(Problem(rel(directory), 0, "", "scénario « tendanciel » manquant :"
                                        " il donne le contexte par défaut"))
    return scenarios
