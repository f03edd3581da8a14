"""What the climate screens show, as plain data: the awareness game and « Été 2050 ».

Same contract as :mod:`simulation.ui.viewmodel`: pure functions that take the climate tables
(:class:`~simulation.climate_data.ClimateData`), the model's :class:`Calculator` when a
pathway is involved, the screen's state (:mod:`simulation.ui.climate_state`) and the
language, and return frozen dataclasses of finished texts and of chart coordinates in
percent of the plot (0–100, ``y`` downwards), so the components only lay them out. Every
number comes from a data row (:mod:`simulation.climate_display`, :mod:`simulation.summer`,
:mod:`simulation.climate`); texts are plain (components escape them).

Screens
-------
- :func:`acceleration_view`: « La grande accélération », the curves under letters, the
  room's guesses, the reveal.
- :func:`boundaries_view`: « Les limites planétaires », 2023 and 2025 on the 0–3 scale.
- :func:`scenarios_view`: « Scénarios climatiques », warming by SSP with ranges, TRACC.
- :func:`everyone_view`: « Si tout le monde vivait comme notre groupe », with its caveat.
- :func:`summer_view`: « Été 2050 », Montpellier's summer for a warming reference, the
  story and the adaptation actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from simulation.climate import Range, everyone_like_us, projection_table, tracc_levels
from simulation.climate_data import HORIZONS, ClimateData
from simulation.climate_display import (
    ACCELERATION_FROM,
    SCALE_MAX,
    STATUS_COLOURS,
    ZONE_COLOURS,
    Panel,
    acceleration_panels,
    boundary_rows,
    boundary_years,
    processes_beyond,
    status_labels,
)
from simulation.formatting import format_co2, format_integer, format_number, format_value
from simulation.story import Story
from simulation.summer import (
    DEFAULT_REFERENCE,
    STORY_LEVEL,
    TRACC_PLACE,
    WORLD_PLACE,
    SummerValue,
    period_text,
    summer_reference,
    summer_references,
    summer_story,
    summer_values,
    value_text,
    warming_text,
    with_unit,
)
from simulation.texts import colon, t
from simulation.ui.climate_state import LETTERS, AccelerationGame
from simulation.ui.viewmodel import Calculator, Choice

#: Steps of the awareness game, in the order of a session.
AWARENESS_STEPS = ("awareness.step_acceleration", "awareness.step_boundaries",
                   "awareness.step_scenarios", "awareness.step_everyone")
#: Keys of the plain-French meaning of each planetary process (``awareness.meaning_<id>``).
PROCESS_KEYS = ("awareness.meaning_climate_change", "awareness.meaning_biosphere_integrity",
                "awareness.meaning_land_system_change", "awareness.meaning_freshwater_change",
                "awareness.meaning_biogeochemical_flows",
                "awareness.meaning_ocean_acidification",
                "awareness.meaning_atmospheric_aerosol_loading",
                "awareness.meaning_stratospheric_ozone_depletion",
                "awareness.meaning_novel_entities")
#: Colours of the SSP lines, lowest emissions first (Okabe–Ito, then a wine red).
SCENARIO_COLOURS = ("#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#882255")
#: Colour of the group's curves and of the TRACC markers.
OURS_COLOUR, NO_LEVER_COLOUR, TRACC_COLOUR = "#0072B2", "#999999", "#000000"
#: Years of the scenarios chart.
SCENARIO_YEARS = (2020, 2100)


def awareness_steps(lang: str = "fr") -> tuple[Choice, ...]:
    """The awareness game's steps as selector options (value: the step's index)."""
    out = []
    for i, step_key in enumerate(AWARENESS_STEPS):
        out.append(Choice(t(step_key, lang), str(i)))
    return tuple(out)


def process_meanings(lang: str = "fr") -> dict[str, str]:
    """``{process id: what it means, in plain words}``."""
    out = {}
    for meaning_key in PROCESS_KEYS:
        out[meaning_key.removeprefix("awareness.meaning_")] = t(meaning_key, lang)
    return out


def _pct(value: float, low: float, high: float) -> float:
    """Position of ``value`` between ``low`` and ``high`` [0–100]."""
    return 0.0 if high == low else max(0.0, min(100.0, 100.0 * (value - low) / (high - low)))


@dataclass(frozen=True)
class Tick:
    """A label on an axis, at ``at`` percent of it."""

    at: float
    label: str


# ---------------------------------------------------------------------------------------
# La grande accélération
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PanelView:
    """One curve under its letter; names and numbers only after the reveal.

    ``lines``: one polyline per series, points ``(x, y)`` in percent of the plot
    (y downwards, 0 at the top).
    """

    letter: str
    id: str
    title: str
    unit: str
    lines: tuple[tuple[tuple[float, float], ...], ...]
    first: str
    last: str
    change: str
    guess: str
    guess_label: str
    mark: str
    right: bool


@dataclass(frozen=True)
class AccelerationView:
    """« La grande accélération »: the shuffled curves, the guesses, the reveal."""

    title: str
    hint: str
    panels: tuple[PanelView, ...]
    options: tuple[Choice, ...]
    guess_label: str
    x_ticks: tuple[Tick, ...]
    marker: Tick
    revealed: bool
    reveal_label: str
    hide_label: str
    shuffle_label: str
    score: str
    sources: tuple[str, ...]


def _lines(panel: Panel, years: tuple[int, int]) -> tuple[tuple[tuple[float, float], ...], ...]:
    lo, hi = panel.value_range
    return tuple(
        tuple((round(_pct(y, *years), 2), round(100.0 - _pct(v, lo, hi), 2))
              for y, v in zip(s.years, s.values, strict=True))
        for s in panel.segments)


def acceleration_view(climate: ClimateData, game: AccelerationGame,
                      lang: str = "fr") -> AccelerationView:
    """The curves in the game's order, with the room's guesses; names after the reveal.

    Every panel shares the same time axis (the data's first to last year), so the shapes
    compare; the year :data:`~simulation.climate_display.ACCELERATION_FROM` is marked.
    """
    panels = {p.id: p for p in acceleration_panels(climate, lang)}
    shown = [pid for pid in game.order if pid in panels]
    first = min((panels[p].year_range[0] for p in shown), default=ACCELERATION_FROM)
    last = max((panels[p].year_range[1] for p in shown), default=ACCELERATION_FROM)
    years = (first, last)
    revealed = game.revealed
    views = []
    for i, pid in enumerate(shown):
        p = panels[pid]
        letter = LETTERS[i]
        guess = game.guesses.get(letter, "")
        right = revealed and game.is_right(letter)
        mark = ""
        if revealed and guess:
            mark = t("awareness.guess_right", lang) if right else t("awareness.guess_wrong",
                                                                      lang)
        elif revealed:
            mark = t("awareness.no_guess", lang)
        views.append(PanelView(
            letter, pid, p.title if revealed else "", p.unit if revealed else "",
            _lines(p, years), p.first if revealed else "", p.last if revealed else "",
            p.change if revealed else "", guess,
            panels[guess].title if guess in panels else "", mark, right))
    options = tuple(sorted((Choice(panels[p].title, p) for p in shown), key=lambda c: c.label))
    ticks = tuple(Tick(round(_pct(y, *years), 2), str(y))
                  for y in sorted({first, 1850, ACCELERATION_FROM, last}) if first <= y <= last)
    score = t("awareness.score", lang, ok=str(game.score()), n=str(len(shown))) if revealed \
        else ""
    sources = tuple(dict.fromkeys(s for p in shown for s in panels[p].sources)) if revealed \
        else ()
    return AccelerationView(
        t("awareness.step_acceleration", lang),
        t("awareness.acceleration_revealed" if revealed else "awareness.acceleration_hint",
          lang, year=str(ACCELERATION_FROM)),
        tuple(views), options, t("awareness.guess_label", lang), ticks,
        Tick(round(_pct(ACCELERATION_FROM, *years), 2), str(ACCELERATION_FROM)), revealed,
        t("awareness.reveal", lang), t("awareness.hide", lang), t("awareness.shuffle", lang),
        score, sources)


# ---------------------------------------------------------------------------------------
# Les limites planétaires
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AssessmentView:
    """A control variable in one year: bar length, state, value (empty before the reveal)."""

    year: int
    status: str
    status_label: str
    colour: str
    width: float | None
    at_least: bool
    value: str


@dataclass(frozen=True)
class VariableView:
    """A control variable: its name, boundary, thresholds and assessments."""

    label: str
    thresholds: str
    assessments: tuple[AssessmentView, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ProcessView:
    """One of the nine processes: its meaning and its control variables."""

    id: str
    label: str
    meaning: str
    status: str
    status_label: str
    colour: str
    variables: tuple[VariableView, ...]


@dataclass(frozen=True)
class BoundariesView:
    """« Les limites planétaires »: nine processes, two assessments, drawn by us."""

    title: str
    intro: str
    hint: str
    years: tuple[int, ...]
    zones: tuple[tuple[str, str], ...]  # (colour, label) of the 0–1, 1–2, 2–3 zones
    legend: tuple[tuple[str, str], ...]  # (colour, label) of each state
    processes: tuple[ProcessView, ...]
    counts: str
    revealed: bool
    reveal_label: str
    hide_label: str
    sources: tuple[str, ...]
    caveat: str


_SEVERITY = {"safe": 0, "increasing_risk": 1, "transgressed_unquantified": 1, "high_risk": 2}


def boundaries_view(climate: ClimateData, revealed: bool, lang: str = "fr") -> BoundariesView:
    """The nine processes with their meaning; states and values after the reveal.

    The bars use :func:`simulation.climate.boundary_scale` (0–1 safe, 1–2 increasing risk,
    2–3 high risk); a process takes the worst state of its variables in the latest year.
    """
    labels = status_labels(lang)
    meanings = process_meanings(lang)
    years = boundary_years(climate)
    rows = boundary_rows(climate, lang)
    processes = []
    for pid, process in climate.processes.items():
        mine = [r for r in rows if r.process == pid]
        if not mine:
            continue
        latest = [r.assessments[-1].status for r in mine]
        worst = max(latest, key=lambda s: _SEVERITY[s])
        variables = []
        for r in mine:
            thresholds = t("awareness.boundary_at", lang, value=r.boundary)
            if r.high_risk:
                thresholds += " · " + t("awareness.high_risk_at", lang, value=r.high_risk)
            assessments = tuple(
                AssessmentView(a.year, a.status if revealed else "",
                               labels[a.status] if revealed else "",
                               STATUS_COLOURS[a.status] if revealed else "",
                               None if a.position is None or not revealed
                               else round(100.0 * min(a.position, SCALE_MAX) / SCALE_MAX, 2),
                               a.at_least and revealed, a.value if revealed else "")
                for a in r.assessments)
            variables.append(VariableView(r.label, thresholds if revealed else "", assessments,
                                          r.notes if revealed else ()))
        processes.append(ProcessView(pid, process.label(lang), meanings.get(pid, ""),
                                     worst if revealed else "",
                                     labels[worst] if revealed else "",
                                     STATUS_COLOURS[worst] if revealed else "",
                                     tuple(variables)))
    counts = ""
    if revealed and years:
        counts = t("awareness.boundaries_count", lang,
                   parts=", ".join(t("awareness.count_in", lang,
                                     n=str(len(processes_beyond(climate, y))),
                                     total=str(len(climate.processes)), year=str(y))
                                   for y in years))
    sources = tuple(dict.fromkeys(s for r in rows for s in r.sources)) if revealed else ()
    caveat = t("awareness.boundaries_caveat", lang) if any(r.secondary for r in rows) else ""
    zones = tuple(zip(ZONE_COLOURS, (labels["safe"], labels["increasing_risk"],
                                     labels["high_risk"]), strict=True))
    return BoundariesView(
        t("awareness.step_boundaries", lang), t("awareness.boundaries_intro", lang),
        t("awareness.boundaries_revealed" if revealed else "awareness.boundaries_hint", lang),
        years, zones, tuple((STATUS_COLOURS[s], labels[s]) for s in labels),
        tuple(processes), counts, revealed, t("awareness.reveal", lang),
        t("awareness.hide", lang), sources, caveat)


# ---------------------------------------------------------------------------------------
# Scénarios climatiques
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScenarioLineView:
    """One SSP: its line through the horizons and its very likely range, in percent."""

    id: str
    name: str
    label: str
    colour: str
    points: tuple[tuple[float, float], ...]
    band: tuple[tuple[float, float], ...]
    highlighted: bool


@dataclass(frozen=True)
class MarkerView:
    """A point on the chart (a TRACC level), in percent, with its label."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class LevelView:
    """A row of text: a name, a value, what it means."""

    name: str
    value: str
    meaning: str


@dataclass(frozen=True)
class ScenariosView:
    """« Scénarios climatiques »: warming by SSP to 2100 with ranges, and the TRACC."""

    title: str
    intro: str
    chart_title: str
    choices: tuple[Choice, ...]
    selected: str
    lines: tuple[ScenarioLineView, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    tracc_world: tuple[MarkerView, ...]
    tracc_label: str
    detail_title: str
    detail: str
    detail_rows: tuple[LevelView, ...]
    tracc_title: str
    tracc_france: tuple[LevelView, ...]
    note: str
    sources: tuple[str, ...]


def _mid_year(climate: ClimateData, scenario: str, horizon: str) -> float:
    p = climate.projection(scenario, horizon)
    return (p.period_start + p.period_end) / 2.0


def scenarios_view(climate: ClimateData, selected: str | None, lang: str = "fr") -> ScenariosView:
    """Every SSP as a line through its three horizons (20-year means) and its range.

    Parameters
    ----------
    climate : ClimateData
    selected : str or None
        Scenario to highlight (default: the first of ``scenarios.csv``).
    lang : {"fr", "en"}
    """
    table = projection_table(climate)
    ids = [s for s in climate.scenarios if table.get(s)]
    selected = selected if selected in ids else (ids[0] if ids else "")
    top = max((r.high for s in ids for r in table[s].values()), default=1.0)
    tracc = tracc_levels(climate, WORLD_PLACE)
    top = max([top, *(lv.warming for lv in tracc)])
    y_max = float(int(top) + 1)
    x0, x1 = SCENARIO_YEARS

    def xy(year: float, value: float) -> tuple[float, float]:
        return (round(_pct(year, x0, x1), 2), round(100.0 - _pct(value, 0.0, y_max), 2))

    lines = []
    for i, sid in enumerate(ids):
        sc = climate.scenarios[sid]
        horizons = [h for h in HORIZONS if h in table[sid]]
        pts = tuple(xy(_mid_year(climate, sid, h), table[sid][h].central) for h in horizons)
        upper = [xy(_mid_year(climate, sid, h), table[sid][h].high) for h in horizons]
        lower = [xy(_mid_year(climate, sid, h), table[sid][h].low) for h in horizons]
        lines.append(ScenarioLineView(sid, sc.name, sc.label(lang),
                                      SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)], pts,
                                      tuple(upper + lower[::-1]), sid == selected))
    x_ticks = tuple(Tick(round(_pct(y, x0, x1), 2), str(y)) for y in (2020, 2040, 2060, 2080,
                                                                       2100))
    y_ticks = tuple(Tick(round(100.0 - _pct(v, 0.0, y_max), 2),
                         with_unit(format_integer(v, lang), "°C", lang))
                    for v in range(int(y_max) + 1))
    markers = tuple(MarkerView(*xy(lv.year, lv.warming),
                               t("awareness.tracc_marker", lang,
                                 value=warming_text_for(lv.warming, lang), year=str(lv.year)))
                    for lv in tracc if x0 <= lv.year <= x1)
    detail_rows, detail, sources = (), "", []
    if selected:
        sc = climate.scenarios[selected]
        detail = sc.description_en if lang == "en" else sc.description_fr
        rows = []
        for h in HORIZONS:
            if h not in table[selected]:
                continue
            p = climate.projection(selected, h)
            rows.append(LevelView(f"{p.period_start}\u2013{p.period_end}",
                                  warming_text(table[selected][h], lang), p.range_kind))
            sources.append(p.provenance.source)
        detail_rows = tuple(rows)
        sources.append(sc.provenance.source)
    france = tuple(LevelView(t("summer.tracc_name", lang, year=str(lv.year)),
                             warming_text_for(lv.warming, lang), lv.meaning(lang))
                   for lv in tracc_levels(climate, TRACC_PLACE))
    sources += [lv.provenance.source for lv in tracc_levels(climate, TRACC_PLACE)]
    amplification = climate.facts.get("france_warming_amplification")
    note = ""
    if amplification is not None and amplification.value is not None:
        note = t("summer.france_faster", lang,
                 pct=with_unit(format_value(amplification.value, lang), "%", lang))
        sources.append(amplification.provenance.source)
    name = climate.scenarios[selected].name if selected else ""
    reference = period_text(next(iter(climate.projections.values())).reference_period) \
        if climate.projections else ""
    return ScenariosView(
        t("awareness.step_scenarios", lang), t("awareness.scenarios_intro", lang),
        t("awareness.scenarios_chart", lang, reference=reference),
        tuple(Choice(climate.scenarios[s].name, s) for s in ids), selected, tuple(lines),
        x_ticks, y_ticks, markers, t("awareness.tracc_world", lang),
        t("awareness.scenario_detail", lang, name=name), detail, detail_rows,
        t("awareness.tracc_france", lang), france, note, tuple(dict.fromkeys(sources)))


def computed_warming(r: Range, lang: str = "fr", digits: int = 2, signed: bool = False) -> str:
    """A computed warming and its range, rounded (« 1,50 °C (de 1,42 à 1,58 °C) »).

    Data values are printed as written (:func:`simulation.summer.warming_text`); a number
    computed from them (the TCRE illustration) is rounded to ``digits`` significant figures.
    """
    def n(x: float) -> str:
        return format_number(x, digits, lang, signed=signed)

    span = t("summer.range", lang, low=n(r.low), high=n(r.high))
    return f"{with_unit(n(r.central), '°C', lang)} ({with_unit(span, '°C', lang)})"


def warming_text_for(value: float, lang: str) -> str:
    """« +2,7 °C » for a warming level without range."""
    return with_unit(format_value(value, lang, signed=True), "°C", lang)


# ---------------------------------------------------------------------------------------
# Si tout le monde vivait comme notre groupe
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EveryoneRowView:
    """One pathway told as world warming, with bar positions in percent of the scale."""

    label: str
    footprint: str
    total: str
    added: str
    base: float
    low: float
    central: float
    high: float
    colour: str


@dataclass(frozen=True)
class EveryoneView:
    """« Si tout le monde vivait comme notre groupe »: the number and, next to it, its caveat."""

    title: str
    intro: str
    code_label: str
    code_placeholder: str
    apply_label: str
    code: str
    territory: str
    rows: tuple[EveryoneRowView, ...]
    scale: tuple[Tick, ...]
    base_label: str
    caveat: str
    assumptions: tuple[str, ...]
    sources: tuple[str, ...]
    error: str


def everyone_view(calc: Calculator, climate: ClimateData, territory: str,
                  levels: Mapping[str, int], code: str, lang: str = "fr",
                  error: str = "") -> EveryoneView:
    """The group's pathway (and the no-lever pathway) as world warming, with the caveat.

    Parameters
    ----------
    calc : Calculator
        The model and its cache.
    climate : ClimateData
    territory : str
        Territory of the pathway.
    levels : mapping
        The group's ``{lever_id: level}`` (from its pathway code).
    code : str
        The pathway code shown (may be empty).
    lang : {"fr", "en"}
    error : str
        A message about the code typed (shown instead of a traceback).
    """
    mine = calc.result(territory, levels)
    base = calc.result(territory, {})
    results = [(t("ui.our_pathway", lang), mine, OURS_COLOUR)]
    if any(v > 0 for v in levels.values()):  # else « our pathway » is the no-lever one
        results.append((t("ui.no_lever", lang), base, NO_LEVER_COLOUR))
    ills = [(label, r, colour, everyone_like_us(climate, r.years, r.total))
            for label, r, colour in results]
    top = max(ill.total.high for *_x, ill in ills)
    scale_max = float(int(top) + 1)
    rows = []
    for label, r, colour, ill in ills:
        rows.append(EveryoneRowView(
            label,
            t("awareness.footprint_2050", lang,
              value=format_co2(float(r.value(2050)), lang=lang), year=str(int(r.years[-1]))),
            computed_warming(ill.total, lang, digits=3),
            t("awareness.added", lang, value=computed_warming(ill.added, lang, signed=True)),
            round(_pct(ill.base_warming, 0.0, scale_max), 2),
            round(_pct(ill.total.low, 0.0, scale_max), 2),
            round(_pct(ill.total.central, 0.0, scale_max), 2),
            round(_pct(ill.total.high, 0.0, scale_max), 2), colour))
    ill = ills[0][3]
    assumptions = (
        t("awareness.assume_population", lang, year=str(ill.population_year),
          population=format_value(climate.series["world_population"].at(
              ill.population_year).value, lang)),
        t("awareness.assume_years", lang, first=str(ill.first_year), last=str(ill.last_year)),
        t("awareness.assume_base", lang, value=warming_text_for(ill.base_warming, lang),
          year=str(ill.base_year)),
    )
    facts = climate.facts
    sources = tuple(dict.fromkeys([facts["tcre"].provenance.source,
                                   facts["human_induced_warming_2023"].provenance.source,
                                   climate.series["world_population"].provenance.source]))
    return EveryoneView(
        t("awareness.step_everyone", lang), t("awareness.everyone_intro", lang),
        t("ui.code_short", lang), t("ui.code_placeholder", lang), t("ui.restore_code", lang),
        code, calc.model.territories[territory].name(lang), tuple(rows),
        tuple(Tick(round(_pct(v, 0.0, scale_max), 2),
                   with_unit(format_integer(v, lang), "°C", lang))
              for v in range(int(scale_max) + 1)),
        t("awareness.everyone_base", lang, value=warming_text_for(ill.base_warming, lang),
          year=str(ill.base_year)),
        ill.caveat(lang), assumptions, sources, error)


# ---------------------------------------------------------------------------------------
# Été 2050
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SummerRowView:
    """A summer value as the table shows it."""

    indicator: str
    place: str
    value: str
    period: str
    before: str
    context: str
    range_kind: str
    source: str
    matches: bool
    secondary: bool


@dataclass(frozen=True)
class ActionView:
    """An adaptation action to discuss, with its source."""

    label: str
    description: str
    where: str
    source: str


@dataclass(frozen=True)
class SummerView:
    """« Été 2050 »: the reference, Montpellier's summer values, the story, the actions."""

    title: str
    intro: str
    reference_label: str
    references: tuple[Choice, ...]
    reference: str
    reference_title: str
    reference_text: str
    reference_source: str
    local_title: str
    local_note: str
    local_rows: tuple[SummerRowView, ...]
    national_title: str
    national_note: str
    national_rows: tuple[SummerRowView, ...]
    story: Story
    levers_note: str
    actions_title: str
    actions: tuple[ActionView, ...]


def _row(climate: ClimateData, v: SummerValue, lang: str) -> SummerRowView:
    before = ""
    if v.baseline is not None:
        before = t("summer.before", lang, value=value_text(v.baseline, v.indicator, lang),
                   period=period_text(v.baseline.period))
    row = v.row
    return SummerRowView(
        v.indicator.label(lang), climate.places[row.place].label(lang),
        value_text(row, v.indicator, lang), period_text(row.period), before,
        row.context_en if lang == "en" else row.context_fr, row.range_kind,
        row.provenance.source, v.matches, row.provenance.secondary)


def summer_view(calc: Calculator | None, climate: ClimateData, levels: Mapping[str, int],
                reference: str | None, lang: str = "fr") -> SummerView:
    """« Été 2050 » for ``reference`` and the group's levers.

    Parameters
    ----------
    calc : Calculator or None
        Unused by the numbers (the summer values are climate data); kept for the same
        signature as the other tabs.
    climate : ClimateData
    levels : mapping
        The active team's ``{lever_id: level}`` (they change the story's afternoon).
    reference : str or None
        A warming reference id (default :data:`simulation.summer.DEFAULT_REFERENCE`).
    lang : {"fr", "en"}
    """
    refs = summer_references(climate, lang)
    ids = [r.id for r in refs]
    reference = reference if reference in ids else (DEFAULT_REFERENCE if DEFAULT_REFERENCE in ids
                                                    else ids[0])
    ref = summer_reference(climate, reference, lang)
    values = summer_values(climate, reference)
    sep = colon(lang)
    if ref.kind == "tracc":
        text = t("summer.reference_tracc", lang, warming=warming_text(ref.warming, lang),
                 place=climate.places[ref.place].label(lang), year=str(ref.year),
                 meaning=ref.meaning)
        if ref.world is not None:
            text += " " + t("summer.reference_world", lang,
                            warming=warming_text(ref.world, lang))
    else:
        text = t("summer.reference_ssp", lang, warming=warming_text(ref.warming, lang),
                 period=ref.period, reference=period_text(ref.reference_period),
                 meaning=ref.meaning)
    local_note = (t("summer.local_match", lang, name=ref.name) if values.local_matches
                  else t("summer.local_missing", lang, name=ref.name))
    national_note = "" if values.national else t("summer.national_missing", lang,
                                                 name=ref.name)
    actions = tuple(ActionView(a.label(lang), a.description_en if lang == "en"
                               else a.description_fr, a.where_fr, a.provenance.source)
                    for a in climate.actions.values())
    return SummerView(
        t("summer.tab", lang), t("summer.intro", lang), t("summer.reference_label", lang),
        tuple(Choice(r.name, r.id) for r in refs), reference,
        f"{ref.name}{sep}{ref.label}", text, ref.provenance.source,
        t("summer.local_title", lang), local_note,
        tuple(_row(climate, v, lang) for v in values.local),
        t("summer.national_title", lang, name=ref.name), national_note,
        tuple(_row(climate, v, lang) for v in values.national),
        summer_story(climate, reference, levels, lang),
        t("summer.levers_note", lang, level=str(STORY_LEVEL)),
        t("summer.actions_title", lang), actions)


__all__ = ["AWARENESS_STEPS", "AccelerationView", "BoundariesView", "EveryoneView",
           "ScenariosView", "SummerView", "acceleration_view", "awareness_steps", "boundaries_view",
           "everyone_view", "process_meanings", "scenarios_view", "summer_view"]
