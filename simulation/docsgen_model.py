"""Generated pages of the sector model: ``docs/leviers.md`` and ``docs/parametres.md``.

Both pages are computed from the data folder given to :func:`simulation.docsgen.render_pages`
through :func:`simulation.model.load_model`, so they follow the levers, territories, scenarios
and factors actually shipped. ``atelier snapshot`` writes them; ``tests/test_snapshot.py``
fails when the committed pages differ from what the data gives. The hand-written method is
``docs/methodologie.md``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from simulation.docsgen import fr_number_text, register
from simulation.equations import EQUATIONS
from simulation.formatting import format_co2_range, format_integer, format_percent
from simulation.levers import LAST_YEAR
from simulation.metrics import BAND_SAMPLES, BAND_SEED, effect_alone, uncertainty_band
from simulation.model import Model, load_model
from simulation.texts import t as text

GENERATED = ("<!-- Fichier généré par `atelier snapshot` à partir de data/ (leviers, territoires, "
             "scénarios, facteurs) : ne pas modifier à la main. -->")
#: Territory used for the effects of levers and the calibration (the default one).
DEFAULT_TERRITORY = "france"
#: Years shown in the scenario trajectory table.
TRAJECTORY_YEARS = (2023, 2030, 2040, 2050)

OPERATION_FR = {"set": "fixe la valeur", "scale": "multiplie par"}
RAMP_FR = {"linear": "linéaire", "s-curve": "en S"}
KIND_FR = {"individuel": "individuel", "collectif": "collectif"}


# ---------------------------------------------------------------------------------------
# Small text helpers
# ---------------------------------------------------------------------------------------
def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def num_text(value: float) -> str:
    """A parameter value exactly as typed, in French typography (``0.853`` -> ``0,853``).

    Parameters
    ----------
    value : float
        Any finite number. [any unit]

    Returns
    -------
    str
        Shortest decimal text that reads back to ``value``, decimal comma, U+202F thousands.
    """
    v = float(value)
    text = str(int(v)) if v.is_integer() else repr(v)
    return fr_number_text(text)


def kg_text(kg: float, signed: bool = False) -> str:
    """Rounded kilograms, French typography (``-350.7`` -> ``−351``) [kgCO2e]."""
    text = format_integer(kg)
    if signed and round(kg) > 0:
        text = "+" + text
    return text


def _sector_fr(model: Model, sector: str) -> str:
    return model.vocabulary.sectors[sector].label_fr


def _file(model: Model, path: str) -> str:
    """A data file's path as shown in the pages: relative to the data folder's parent
    (``data/levers/covoiturage.toml``), whatever the current directory."""
    try:
        return Path(path).resolve().relative_to(Path(model.data_path).resolve().parent).as_posix()
    except ValueError:
        return str(path)


def _anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "", text.lower().replace(" ", "-"))


def unit_text(unit: str) -> str:
    """A pint unit of ``parameters.csv`` as shown in the docs (``"1"`` -> ``"–"``)."""
    return "–" if unit == "1" else unit.replace("**2", "²")


def equation_inputs_lines(model: Model) -> list[str]:
    """One line per sector equation listing its declared inputs (from its signature)."""
    lines = []
    for sector in model.sectors:
        eq = EQUATIONS[sector]
        params = [n for n in eq.inputs if n in model.vocabulary.parameters]
        roles = [n for n in eq.inputs if n in model.vocabulary.roles]
        lines.append(f"- **{_sector_fr(model, sector)}** (`{eq.function.__name__}`) : "
                     f"{len(params)} paramètres ({', '.join(f'`{n}`' for n in params)}) et "
                     f"{len(roles)} facteurs ({', '.join(f'`{n}`' for n in roles)}).")
    return lines


# ---------------------------------------------------------------------------------------
# Derived facts (computed from the code and data, never typed here)
# ---------------------------------------------------------------------------------------
def parameter_sectors(model: Model) -> dict[str, tuple[str, ...]]:
    """Sectors whose equation declares each parameter as an input.

    Returns
    -------
    dict
        Parameter -> sectors in display order (the data loader refuses unread parameters).
    """
    return {name: model.vocabulary.readers(name) for name in model.vocabulary.parameters}


def lever_parameters(model: Model) -> dict[str, list[str]]:
    """Parameter -> ids of the levers that set or scale it."""
    out: dict[str, list[str]] = {}
    for lever in model.levers:
        for effect in lever.effects:
            out.setdefault(effect.parameter, [])
            if lever.id not in out[effect.parameter]:
                out[effect.parameter].append(lever.id)
    return out


def scenario_context_sources(folder: Path, scenario_id: str) -> list[str]:
    """Sources of the ``[[context]]`` entries of a scenario file, in file order."""
    path = folder / "scenarios" / f"{scenario_id}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [str(entry.get("source", "")).strip() for entry in data.get("context", [])]


def read_calibration(folder: Path) -> dict:
    """``data/climate/calibration.toml`` as a dict (NGC by sector, SDES range, tolerance)."""
    path = folder / "climate" / "calibration.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def calibration_rows(model: Model, calibration: dict, territory: str = DEFAULT_TERRITORY,
                     year: int = 2023) -> list[tuple[str, float, float, float]]:
    """Model vs reference by sector: ``(sector, model_kg, reference_kg, gap)``.

    Parameters
    ----------
    model : Model
    calibration : dict
        Read by :func:`read_calibration`.
    territory : str
    year : int
        Base year of the calibration (no lever, scenario context not yet started).

    Returns
    -------
    list of tuple
        ``gap`` is ``model / reference − 1`` [-]; the last row is ``"total"``.
    """
    result = model.evaluate({}, territory, "tendanciel")
    values = result.sector_values(year)
    ngc = calibration["ngc_kg"]
    rows = [(s, values[s], float(ngc[s]), values[s] / float(ngc[s]) - 1.0) for s in model.sectors]
    total, ref = result.value(year), float(sum(ngc[s] for s in model.sectors))
    rows.append(("total", total, ref, total / ref - 1.0))
    return rows


# ---------------------------------------------------------------------------------------
# docs/leviers.md
# ---------------------------------------------------------------------------------------
def _effect_rows(model: Model, lever) -> list[str]:
    base = model.territories[DEFAULT_TERRITORY].values()
    rows = [
        "| Paramètre | Opération | Aujourd'hui (France) | Niveau 1 | Niveau 2 | Niveau 3 "
        "| Niveau 4 | Départ | Rampe |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for e in lever.effects:
        spec = model.vocabulary.parameters[e.parameter]
        prefix = "× " if e.operation == "scale" else ""
        values = " | ".join(prefix + num_text(v) for v in e.values)
        rows.append(
            f"| `{e.parameter}` ({_cell(spec.label_fr)}, {_cell(unit_text(spec.unit))}) "
            f"| {OPERATION_FR[e.operation]} | {num_text(base[e.parameter])} | {values} "
            f"| {e.start_year} | {RAMP_FR[e.ramp]} |"
        )
    return rows


#: Prefixes that classify the source of a lever level (levels 1 to 4).
HYPOTHESIS_PREFIX = "hypothèse"
STEP_PREFIX = "palier"


def level_source_counts(levers) -> dict[str, int]:
    """How the sources of lever levels 1–4 are made: published, interpolated step, hypothesis.

    A source starting with « hypothèse » is an assumption (it says why); one starting with
    « palier » is a linear step between today and a published level of the same lever;
    everything else cites a publication (or a calculation from publications).
    """
    counts = {"total": 0, "hypothese": 0, "palier": 0, "publie": 0}
    for lever in levers:
        for level in lever.levels[1:]:
            counts["total"] += 1
            text = level.source.strip().lower()
            if text.startswith(HYPOTHESIS_PREFIX):
                counts["hypothese"] += 1
            elif text.startswith(STEP_PREFIX):
                counts["palier"] += 1
            else:
                counts["publie"] += 1
    return counts


@register("docs/leviers.md")
def levers_page(folder: Path) -> str:
    """Every lever: what it changes, its levels with sources and its 2050 effect."""
    model = load_model(folder)
    territory = model.territories[DEFAULT_TERRITORY]
    effects = {lever.id: [effect_alone(model, lever.id, k, DEFAULT_TERRITORY)
                          for k in range(len(lever.levels))]
               for lever in model.levers}
    by_sector = {s: [lv for lv in model.levers if lv.sector == s] for s in model.sectors}
    counts = {k: sum(1 for lv in model.levers if lv.kind == k) for k in KIND_FR}
    sources = level_source_counts(model.levers)
    pct = format_percent(sources["hypothese"] / sources["total"]) if sources["total"] else "—"
    lines = [
        "# Leviers d'action",
        "",
        GENERATED,
        "",
        f"{len(model.levers)} leviers lus dans `data/levers/` ({counts['individuel']} "
        f"individuels, {counts['collectif']} collectifs). Chaque levier a cinq niveaux : 0 "
        "(aujourd'hui) à 4 (le changement le plus ambitieux jugé crédible), comme dans le "
        "UK 2050 Calculator. Un niveau fixe la valeur atteinte en 2050 par un ou plusieurs "
        "paramètres du modèle (« fixe la valeur ») ou les multiplie par un facteur "
        "(« multiplie par ») ; le changement progresse de l'année de départ à 2050 selon la "
        "rampe. Sémantique de composition, équations et limites : "
        "[methodologie.md](methodologie.md). Valeurs des paramètres et scénarios : "
        "[parametres.md](parametres.md).",
        "",
        f"**{text('metric.effect_alone')} en {LAST_YEAR}** : variation de l'empreinte moyenne "
        "d'un habitant "
        f"({territory.name_fr}, contexte du scénario tendanciel) quand ce levier seul est au "
        "niveau indiqué et tous les autres à 0, en kgCO2e par personne et par an (négatif = "
        "baisse). Les effets de plusieurs leviers ne s'additionnent pas : ils se composent "
        "(voir methodologie.md).",
        "",
        f"**Sources des niveaux 1 à 4** : {sources['total']} niveaux, dont "
        f"{sources['publie']} citent une publication (ou un calcul à partir de publications), "
        f"{sources['palier']} sont des paliers linéaires entre aujourd'hui et un niveau publié "
        f"du même levier (source « palier : ») et {sources['hypothese']} restent des "
        f"hypothèses (source « hypothèse : », {pct}). Objectif : au plus 20 % "
        "d'hypothèses (test `tests/test_data_sources.py`).",
        "",
        "Régénérer cette page : `atelier snapshot`.",
        "",
        "## Vue d'ensemble",
        "",
        f"| Levier | Secteur | Type | Effet niveau 2 en {LAST_YEAR} | "
        f"Effet niveau 4 en {LAST_YEAR} |",
        "|---|---|---|---:|---:|",
    ]
    for sector in model.sectors:
        for lever in by_sector[sector]:
            lines.append(
                f"| [{_cell(lever.title_fr)}](#{_anchor(lever.id)}) (`{lever.id}`) "
                f"| {_sector_fr(model, sector)} | {KIND_FR[lever.kind]} "
                f"| {kg_text(effects[lever.id][2], True)} | {kg_text(effects[lever.id][4], True)} |"
            )
    lines.append("")
    for sector in model.sectors:
        if not by_sector[sector]:
            continue
        lines += [f"## {_sector_fr(model, sector)}", ""]
        for lever in by_sector[sector]:
            eff = effects[lever.id]
            lines += [
                f'### {_cell(lever.title_fr)} <a id="{_anchor(lever.id)}"></a>',
                "",
                f"Identifiant `{lever.id}` — secteur {_sector_fr(model, sector).lower()} — levier "
                f"{KIND_FR[lever.kind]} — fichier `{_file(model, lever.path)}`.",
                "",
                f"> {_cell(lever.text_fr)}",
                "",
                f"*{_cell(lever.title_en)}* — {_cell(lever.text_en)}",
                "",
                "Ce que le levier change (valeur ou facteur atteint en 2050) :",
                "",
                *_effect_rows(model, lever),
                "",
                f"| Niveau | Libellé | Source | {text('metric.effect_alone')} en {LAST_YEAR} "
                "(kgCO2e/pers./an) |",
                "|---:|---|---|---:|",
            ]
            for k, level in enumerate(lever.levels):
                lines.append(f"| {k} | {_cell(level.label_fr)} | {_cell(level.source)} "
                             f"| {kg_text(eff[k], True)} |")
            lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# docs/parametres.md
# ---------------------------------------------------------------------------------------
def _value_cell(model: Model, territory, name: str, root_name: str) -> str:
    pv = territory.parameters.get(name)
    if pv is None:
        default = model.vocabulary.parameters[name].default
        kind = model.vocabulary.parameters[name].kind
        why = "valeur par défaut : aujourd'hui" if kind == "index" else "valeur par défaut"
        return f"{num_text(default)} ({why})"
    if pv.inherited_from:
        return f"{num_text(pv.value)} — hérité de {root_name}"
    return f"**{num_text(pv.value)}** — {_cell(pv.source)}"


def _territory_section(model: Model) -> list[str]:
    lines = [
        "## Territoires",
        "",
        "| Identifiant | Nom | Population | Source de la population | Fichier | Hérite de |",
        "|---|---|---:|---|---|---|",
    ]
    notes = []
    for tid, t in sorted(model.territories.items()):
        inherited = [pv for pv in t.parameters.values() if pv.inherited_from]
        parents = sorted({model.territories[pv.inherited_from].name_fr
                          if pv.inherited_from in model.territories else pv.inherited_from
                          for pv in inherited})
        lines.append(f"| `{tid}` | {_cell(t.name_fr)} | {format_integer(t.population)} "
                     f"| {_cell(t.population_source)} | `{_file(model, t.path)}` "
                     f"| {', '.join(parents) or '—'} |")
        if inherited:
            own = len(t.parameters) - len(inherited)
            notes.append(f"**{_cell(t.name_fr)}** : {own} paramètre(s) avec une valeur locale "
                         f"sourcée, {len(inherited)} hérité(s) de {', '.join(parents)} faute de "
                         "donnée locale : ses résultats par habitant sont ceux du territoire "
                         "parent pour tous les paramètres hérités.")
    lines.append("")
    for note in notes:
        lines += [note, ""]
    for _tid, t in sorted(model.territories.items()):
        if t.inherited():
            lines += [f"Paramètres de **{_cell(t.name_fr)}** marqués « valeur nationale » "
                      "(liste `inherited` du fichier, vérifiée au chargement) : "
                      + ", ".join(f"`{n}`" for n in t.inherited()) + ".", ""]
        if t.figures:
            lines += [f"### Chiffres du territoire : {_cell(t.name_fr)}", "",
                      "Chiffres territoriaux (émissions ou énergie produites sur le territoire), "
                      "montrés à côté de l'empreinte par habitant sans comparaison directe.", "",
                      "| Groupe | Chiffre | Valeur | Année | Source |",
                      "|---|---|---:|---|---|"]
            for f in t.figures:
                lines.append(f"| {FIGURE_GROUP_FR[f.group]} | {_cell(f.label_fr)} "
                             f"| {num_text(f.value)} {_cell(f.unit)} | {_cell(f.year)} "
                             f"| {_cell(f.source)} |")
            lines.append("")
    return lines


FIGURE_GROUP_FR = {"energie": "Énergie", "pcaet": "Objectifs du PCAET",
                   "inventaire": "Inventaire territorial"}


def _parameters_section(model: Model) -> list[str]:
    sectors_of = parameter_sectors(model)
    parameters = model.vocabulary.parameters
    levers_of = lever_parameters(model)
    territories = [model.territories[t] for t in sorted(model.territories,
                                                        key=lambda t: (t != DEFAULT_TERRITORY, t))]
    names = {t.id: t.name_fr for t in territories}
    lines = [
        "## Paramètres du modèle",
        "",
        f"{len(parameters)} paramètres (`data/model/parameters.csv`). Les indices "
        "valent 1 aujourd'hui et les parts de report 0 ; un territoire n'a pas à les écrire. "
        "Une valeur en gras est écrite dans le fichier du territoire, avec sa source ; "
        "« hérité de » signale une valeur reprise du territoire parent faute de donnée locale. "
        "« Secteurs » : équations qui lisent le paramètre ; « Leviers » : leviers qui le "
        "fixent ou le multiplient.",
        "",
    ]
    header = ("| Paramètre | Signification | Unité | Secteurs | Leviers | "
              + " | ".join(_cell(t.name_fr) for t in territories) + " |")
    rule = "|---|---|---|---|---|" + "---|" * len(territories)
    for sector in model.sectors:
        group = [n for n in parameters if (sectors_of[n] or ("",))[0] == sector]
        if not group:
            continue
        lines += [f"### {_sector_fr(model, sector)}", "", header, rule]
        for name in group:
            spec = parameters[name]
            cells = []
            for t in territories:
                pv = t.parameters.get(name)
                parent = names.get(pv.inherited_from, pv.inherited_from) if pv else ""
                cells.append(_value_cell(model, t, name, parent))
            used = ", ".join(_sector_fr(model, s).lower() for s in sectors_of[name])
            levers = ", ".join(f"`{lid}`" for lid in levers_of.get(name, [])) or "—"
            lines.append(f"| `{name}` | {_cell(spec.label_fr)} | {_cell(unit_text(spec.unit))} "
                         f"| {used} "
                         f"| {levers} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def _factor_section(model: Model) -> list[str]:
    lines = [
        "## Facteurs d'émission utilisés par les équations",
        "",
        "Rôle dans les équations → facteur de `data/emission_factors/` (détail et source : "
        "[facteurs.md](facteurs.md)). La plage basse–haute sert au tirage de Monte Carlo.",
        "",
        "| Rôle | Facteur | Valeur | Plage | Unité |",
        "|---|---|---:|---|---|",
    ]
    for r in model.vocabulary.roles.values():
        role, fid, unit = r.role, r.factor, r.unit
        f = model.factors[fid]
        lo, val, hi = (model.factors.low(fid, unit), model.factors.value(fid, unit),
                       model.factors.high(fid, unit))
        lines.append(f"| `{role}` | `{fid}` ({_cell(f.label_fr)}) | {num_text(val)} "
                     f"| {num_text(lo)} – {num_text(hi)} | {_cell(unit)} |")
    lines.append("")
    return lines


def _calibration_section(model: Model, folder: Path) -> list[str]:
    cal = read_calibration(folder)
    tol = float(cal["tolerance"])
    rows = calibration_rows(model, cal)
    sdes = cal["sdes_total_kg"]
    total = rows[-1][1]
    ok_total = float(sdes["low"]) <= total <= float(sdes["high"])
    lines = [
        "## Calage de la France",
        "",
        f"Territoire France, année 2023, aucun levier, en kgCO2e par personne et par an. "
        f"Référence par secteur : {_cell(cal['source'])}. Tolérance : ±"
        f"{format_percent(tol)} par secteur et sur le total.",
        "",
        "| Secteur | Modèle | Nos Gestes Climat | Écart | Dans la tolérance |",
        "|---|---:|---:|---:|---|",
    ]
    for sector, value, ref, gap in rows:
        label = "**Total**" if sector == "total" else _sector_fr(model, sector)
        ok = "oui" if abs(gap) <= tol else "**non**"
        lines.append(f"| {label} | {kg_text(value)} | {kg_text(ref)} "
                     f"| {format_percent(gap, signed=True)} | {ok} |")
    lines += [
        "",
        f"Total du modèle {kg_text(total)} kgCO2e, fourchette SDES {kg_text(sdes['low'])}–"
        f"{kg_text(sdes['high'])} kgCO2e ({_cell(sdes['source'])}) : "
        + ("dans la fourchette." if ok_total else "**hors de la fourchette**."),
        "",
        "Détail des sous-postes en 2023 (France, kgCO2e par personne et par an) :",
        "",
        "| Secteur | Sous-poste | Valeur |",
        "|---|---|---:|",
    ]
    items = model.evaluate({}, DEFAULT_TERRITORY, "tendanciel").item_values(2023)
    for sector in model.sectors:
        for item, value in items[sector].items():
            lines.append(f"| {_sector_fr(model, sector)} | {_cell(model.item_label(item))} (`{item}`) "
                         f"| {kg_text(value)} |")
    lines.append("")
    return lines


def _scenarios_section(model: Model, folder: Path) -> list[str]:
    order = ["tendanciel", *sorted(s for s in model.scenarios if s != "tendanciel")]
    lines = [
        "## Scénarios",
        "",
        "Chaque scénario = des niveaux de leviers + un contexte exogène (trajectoires que les "
        "leviers du groupe ne pilotent pas). Le contexte s'applique aussi quand un groupe "
        "choisit ses propres niveaux dans ce scénario. Les scénarios S1 à S4 sont des "
        "**interprétations** des récits ADEME Transition(s) 2050, pas des reproductions.",
        "",
        "### Trajectoires (France, niveaux du scénario)",
        "",
        "| Scénario | " + " | ".join(str(y) for y in TRAJECTORY_YEARS)
        + f" | Bande 5–95 % en {LAST_YEAR} | Écart à la cible {LAST_YEAR} |",
        "|---|" + "---:|" * len(TRAJECTORY_YEARS) + "---|---:|",
    ]
    for sid in order:
        sc = model.scenarios[sid]
        r = model.evaluate(None, DEFAULT_TERRITORY, sid)
        band = uncertainty_band(model, None, DEFAULT_TERRITORY, sid)
        lo, hi = float(band.total_low[-1]), float(band.total_high[-1])
        gap = r.value(LAST_YEAR) - model.target_2050_kg
        lines.append(f"| {_cell(sc.title_fr)} (`{sid}`) | "
                     + " | ".join(kg_text(r.value(y)) for y in TRAJECTORY_YEARS)
                     + f" | {format_co2_range(lo, hi)} | {kg_text(gap, True)} |")
    lines += [
        "",
        f"kgCO2e par personne et par an. Cible {LAST_YEAR} : {kg_text(model.target_2050_kg)} "
        f"(fourchette {kg_text(model.target_range_kg[0])}–{kg_text(model.target_range_kg[1])})."
        f" Bande : Monte Carlo de {format_integer(BAND_SAMPLES)} tirages des facteurs "
        f"(graine {BAND_SEED}).",
        "",
        f"### Secteurs en {LAST_YEAR} (France, niveaux du scénario)",
        "",
        "| Scénario | " + " | ".join(_sector_fr(model, s) for s in model.sectors) + " | Total |",
        "|---|" + "---:|" * (len(model.sectors) + 1),
    ]
    for sid in order:
        r = model.evaluate(None, DEFAULT_TERRITORY, sid)
        sv = r.sector_values(LAST_YEAR)
        lines.append(f"| {_cell(model.scenarios[sid].title_fr)} | "
                     + " | ".join(kg_text(sv[s]) for s in model.sectors)
                     + f" | {kg_text(r.value(LAST_YEAR))} |")
    others = [t for t in sorted(model.territories) if t != DEFAULT_TERRITORY]
    if others:
        lines += [
            "",
            f"### Totaux {LAST_YEAR} par territoire (niveaux du scénario)",
            "",
            "| Scénario | " + " | ".join(_cell(model.territories[t].name_fr)
                                          for t in [DEFAULT_TERRITORY, *others]) + " |",
            "|---|" + "---:|" * (len(others) + 1),
        ]
        for sid in order:
            lines.append(f"| {_cell(model.scenarios[sid].title_fr)} | "
                         + " | ".join(kg_text(model.evaluate(None, t, sid).value(LAST_YEAR))
                                      for t in [DEFAULT_TERRITORY, *others]) + " |")
    lines.append("")
    for sid in order:
        sc = model.scenarios[sid]
        sources = scenario_context_sources(folder, sid)
        lines += [
            f"### {_cell(sc.title_fr)} (`{sid}`)",
            "",
            f"> {_cell(sc.text_fr)}",
            "",
            f"Source : {_cell(sc.source)} Fichier `{_file(model, sc.path)}`.",
            "",
        ]
        if sc.levels:
            lines += ["| Levier | Niveau | Ce que ce niveau signifie |", "|---|---:|---|"]
            for lever in model.levers:
                level = sc.levels.get(lever.id, 0)
                if level:
                    lines.append(f"| {_cell(lever.title_fr)} (`{lever.id}`) | {level} "
                                 f"| {_cell(lever.levels[level].label_fr)} |")
            lines.append("")
            lines.append(f"Leviers au niveau 0 : {len(model.levers) - len(sc.levels)}"
                         f" sur {len(model.levers)}.")
        else:
            lines.append("Aucun levier activé.")
        lines += ["", "Contexte exogène :", ""]
        if sc.context:
            lines += ["| Paramètre | Opération | Valeur en 2050 | Départ | Rampe | Source |",
                      "|---|---|---:|---:|---|---|"]
            for i, e in enumerate(sc.context):
                src = sources[i] if i < len(sources) else ""
                prefix = "× " if e.operation == "scale" else ""
                spec = model.vocabulary.parameters[e.parameter]
                lines.append(f"| `{e.parameter}` ({_cell(spec.label_fr)}) "
                             f"| {OPERATION_FR[e.operation]} | {prefix}{num_text(e.values[0])} "
                             f"| {e.start_year} | {RAMP_FR[e.ramp]} | {_cell(src) or '—'} |")
        else:
            lines.append("Aucun (valeurs du territoire).")
        lines.append("")
    return lines


def _targets_section(model: Model) -> list[str]:
    t = model.targets
    lines = [
        "## Cibles et jalons",
        "",
        f"Cible {LAST_YEAR} : {kg_text(t.target_2050_kg)} kgCO2e par personne et par an "
        f"(fourchette {kg_text(t.range_low_kg)}–{kg_text(t.range_high_kg)}). "
        f"Source : {_cell(t.source)}",
        "",
        "| Année | Jalon | Source |",
        "|---:|---|---|",
    ]
    for m in t.milestones:
        lines.append(f"| {m.get('year', '')} | {_cell(m.get('label_fr', ''))} "
                     f"| {_cell(m.get('source', ''))} |")
    lines += ["", "Ces jalons portent sur les émissions **territoriales** de la France (SNBC), "
              "pas sur l'empreinte de consommation que calcule le modèle : ils sont montrés "
              "comme repères, sans comparaison directe.", ""]
    return lines


@register("docs/parametres.md")
def parameters_page(folder: Path) -> str:
    """Parameters by territory with sources, factors used, calibration, scenarios, targets."""
    model = load_model(folder)
    lines = [
        "# Paramètres, calage et scénarios du modèle",
        "",
        GENERATED,
        "",
        "Valeurs lues dans `data/territories/`, `data/scenarios/`, `data/climate/` et "
        "`data/emission_factors/`, avec leurs sources. Choix de modélisation : "
        "[methodologie.md](methodologie.md) ; leviers : [leviers.md](leviers.md).",
        "",
        "Régénérer cette page : `atelier snapshot`.",
        "",
    ]
    lines += _territory_section(model)
    lines += _parameters_section(model)
    lines += _factor_section(model)
    lines += _calibration_section(model, folder)
    lines += _scenarios_section(model, folder)
    lines += _targets_section(model)
    return "\n".join(lines)
