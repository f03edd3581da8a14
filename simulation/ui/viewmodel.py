"""What each screen shows, as plain data: the dashboard's view-model.

Every function here takes the session (:mod:`simulation.ui.state`), a :class:`Calculator`
(the model and its cached results) and the language, and returns frozen dataclasses of
finished texts and numbers: labels already translated (``simulation/texts.toml``), numbers
already formatted (:mod:`simulation.formatting`), quantities from :mod:`simulation.metrics`.
The widget components (:mod:`simulation.ui.components`) only display them, so every screen
state is tested here with plain pytest, without widgets or a browser.

Texts are plain (not HTML-escaped): a component escapes what it puts in HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from simulation import metrics
from simulation.formatting import NBSP, NNBSP, format_co2, format_number, format_percent
from simulation.texts import colon, t

#: Bars of the lever waterfall; smaller shares are summed in « Autres ».
WATERFALL_MAX_BARS = 7
#: Bars of the sub-item detail; the smallest are summed in « Autres ».
ITEMS_MAX_BARS = 7
#: Neutral colours (the sectors' colours come from data/model/sectors.csv).
TODAY_COLOUR = "#999999"
FUTURE_COLOUR = "#0072B2"
NEUTRAL_COLOUR = "#595959"
#: The trend pathway (« Tendanciel ») on the trajectory chart (Okabe–Ito orange).
TREND_COLOUR = "#E69F00"


# ---------------------------------------------------------------------------------------
# The model's numbers, cached
# ---------------------------------------------------------------------------------------
class Calculator:
    """The model plus a cache of what screens ask for (same levels → same objects).

    Parameters
    ----------
    model : Model
        :func:`simulation.model.load_model`.
    """

    def __init__(self, model) -> None:
        self.model = model
        self.evaluate = lru_cache(maxsize=64)(self._evaluate)
        self.band = lru_cache(maxsize=16)(self._band)
        self.shares = lru_cache(maxsize=16)(self._shares)
        self.national_inputs = lru_cache(maxsize=8)(self._national_inputs)

    @staticmethod
    def key(levels: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
        """Hashable form of ``levels`` (only the levers above 0, sorted)."""
        return tuple(sorted((k, int(v)) for k, v in levels.items() if v))

    def result(self, territory: str, levels: Mapping[str, int], scenario: str = metrics.TREND):
        """:meth:`Model.evaluate` of a pathway, cached."""
        return self.evaluate(territory, self.key(levels), scenario)

    def _evaluate(self, territory, key, scenario):
        return self.model.evaluate(dict(key), territory=territory, scenario=scenario)

    def _band(self, territory, key):
        return metrics.uncertainty_band(self.model, dict(key), territory)

    def _shares(self, territory, key):
        return metrics.shares_of_change(self.model, dict(key), territory)

    def _national_inputs(self, territory: str) -> dict[str, tuple[str, ...]]:
        """``{lever_id: national parameters behind its effect}`` for ``territory``."""
        inherited = self.model.territories[territory].inherited()
        if not inherited:
            return {lid: () for lid in self.model.lever_ids}
        return self.model.lever_inputs(territory, inherited)

    @classmethod
    def open(cls, model=None):
        """``(calculator, new session)`` for ``model`` (default: the project's model): the
        session knows the model's levers, territories and pathway codes."""
        from simulation.pathway import decode_pathway, encode_pathway
        from simulation.ui.state import Session

        if model is None:
            from simulation.model import load_model

            model = load_model()
        session = Session(
            lever_ids=model.lever_ids, territories=tuple(model.territories),
            encode=lambda territory, levels: encode_pathway(model, territory, levels),
            decode=lambda code: decode_pathway(model, code))
        return cls(model), session

    def scenario_result(self, territory: str, scenario: str):
        """A scenario with its own lever levels."""
        return self.result(territory, self.model.scenarios[scenario].levels, scenario)


# ---------------------------------------------------------------------------------------
# Small shared pieces
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Choice:
    """One option of a selector: what people read, and the value it stands for."""

    label: str
    value: str


@dataclass(frozen=True)
class Bar:
    """One bar of a chart [kgCO2e/person/yr], with its colour and its formatted value."""

    label: str
    value_kg: float
    colour: str
    text: str


@dataclass(frozen=True)
class Units:
    """Axis units of the charts (tonnes or kilograms are chosen by the chart) and the
    language of their numbers (« 1 000 » in French, « 1,000 » in English)."""

    tonnes: str
    kilograms: str
    lang: str = "fr"


def units(lang: str) -> Units:
    """The per-inhabitant units in ``lang``."""
    return Units(t("ui.unit_t", lang), t("ui.unit_kg", lang), lang)


def sector_choices(model, lang: str) -> tuple[Choice, ...]:
    """The sectors as selector options, in display order."""
    return tuple(Choice(model.sector_label(s, lang), s) for s in model.sectors)


def _colour(model, sector: str) -> str:
    return model.vocabulary.sectors[sector].colour


def grouped_bars(title: str, labels, series, colours, values_kg, lang: str,
                 target_kg: float | None = None) -> GroupedBarsView:
    """A :class:`GroupedBarsView` with every value and each label's total formatted."""
    values = tuple(tuple(float(v) for v in row) for row in values_kg)
    totals = [sum(row[j] for row in values) for j in range(len(labels))]
    return GroupedBarsView(
        title=title, labels=tuple(labels), series=tuple(series), colours=tuple(colours),
        values_kg=values, target_kg=target_kg,
        value_texts=tuple(tuple(format_co2(v, lang=lang) for v in row) for row in values),
        total_texts=tuple(format_co2(v, lang=lang) for v in totals),
        target_label=t("ui.target_line", lang),
    )


# ---------------------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HeaderView:
    """The bar above the tabs: teams, undo, codes, language, status."""

    teams: tuple[str, ...]
    active: int
    can_add_team: bool
    can_undo: bool
    add_team_label: str
    undo_label: str
    lang_label: str
    code_label: str
    code: str
    status: str


def header_view(session, lang: str, status: str = "") -> HeaderView:
    """Build the header from the session."""
    return HeaderView(
        teams=tuple(session.team_names()), active=session.active,
        can_add_team=session.can_add_team, can_undo=session.can_undo,
        add_team_label=t("ui.add_team", lang), undo_label=t("ui.undo", lang),
        lang_label=t("ui.lang_button", lang), code_label=t("ui.code_short", lang),
        code=session.code(), status=status,
    )


# ---------------------------------------------------------------------------------------
# Tab 1: where emissions come from, and the card game
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FigureRowView:
    """One of the territory's own figures, ready to read."""

    label: str
    value: str
    year: str
    source: str


@dataclass(frozen=True)
class FigureGroupView:
    """The territory's figures of one kind (energy, climate-plan targets, inventory)."""

    title: str
    rows: tuple[FigureRowView, ...]


@dataclass(frozen=True)
class SourcesView:
    """Today's footprint by sector, the detail of one sector, and the territory's own figures.

    ``figure_groups`` is empty for a territory without ``[[figures]]``; ``figures_note`` says
    in plain words why these figures (a territorial inventory) differ from the footprint.
    """

    territory_label: str
    territories: tuple[Choice, ...]
    territory: str
    national_note: str
    footprint_title: str
    footprint: tuple[Bar, ...]
    sectors: tuple[Choice, ...]
    sector: str
    items_title: str
    items: tuple[Bar, ...]
    units: Units
    figures_title: str = ""
    figures_note: str = ""
    figure_groups: tuple[FigureGroupView, ...] = ()


def national_note(model, territory: str, lang: str) -> str:
    """The « valeurs nationales » caveat of a territory that inherits parameters, or ``""``."""
    terr = model.territories[territory]
    inherited = [p for p in terr.parameters.values() if p.inherited_from]
    if not inherited:
        return ""
    return t("ui.national_note", lang, n=len(inherited), total=len(terr.parameters))


def figure_value(value: float, unit: str, lang: str) -> str:
    """« 45 % », « −85 % », « 2,02 MWh/habitant » with the reader's typography."""
    figures = len(f"{abs(value):g}".replace(".", "").lstrip("0")) or 1
    number = format_number(value, digits=figures, lang=lang)
    if unit.startswith("%"):
        space = NNBSP if lang == "fr" else ""
        return f"{number}{space}{unit}"
    return f"{number}{NBSP}{unit}"


#: Titles of the groups of a territory's figures, one per group of
#: :data:`simulation.territories.FIGURE_GROUPS` (key ``ui.figures_<group>``), in that order.
FIGURE_GROUP_TITLES = ("ui.figures_energie", "ui.figures_pcaet", "ui.figures_inventaire")


def figure_groups(territory, lang: str) -> tuple[FigureGroupView, ...]:
    """The territory's ``[[figures]]`` grouped as in :data:`FIGURE_GROUP_TITLES`, file order."""
    groups = []
    for key in FIGURE_GROUP_TITLES:
        group = key.removeprefix("ui.figures_")
        rows = tuple(
            FigureRowView(f.label_en if lang == "en" else f.label_fr,
                          figure_value(f.value, f.unit, lang), f.year, f.source)
            for f in territory.figures if f.group == group)
        if rows:
            groups.append(FigureGroupView(t(key, lang), rows))
    return tuple(groups)


def sources_view(calc: Calculator, session, lang: str, sector: str | None = None) -> SourcesView:
    """Build the footprint tab for the session's territory and the selected ``sector``."""
    m = calc.model
    territory = session.territory
    base = calc.result(territory, {})
    year0 = int(base.years[0])
    values = base.sector_values(year0)
    sep = colon(lang)
    footprint = tuple(
        Bar(m.sector_label(s, lang), values[s], _colour(m, s), format_co2(values[s], lang=lang))
        for s in m.sectors)
    sector = sector if sector in m.sectors else m.sectors[0]
    pairs = sorted(((float(v[0]), k) for k, v in base.items[sector].items()), reverse=True)
    labels = [m.item_label(k, lang) for _v, k in pairs]
    amounts = [v for v, _k in pairs]
    if len(pairs) > ITEMS_MAX_BARS:  # fold the smallest items so the bars stay readable
        keep = ITEMS_MAX_BARS - 1
        labels = [*labels[:keep], t("ui.others", lang)]
        amounts = [*amounts[:keep], sum(amounts[keep:])]
    items = tuple(Bar(label, v, _colour(m, sector), format_co2(v, lang=lang))
                  for label, v in zip(labels, amounts, strict=True))
    return SourcesView(
        territory_label=t("ui.territory", lang) + sep.rstrip(),
        territories=tuple(Choice(tt.name(lang), tid) for tid, tt in m.territories.items()),
        territory=territory,
        national_note=national_note(m, territory, lang),
        footprint_title=t("ui.chart_footprint", lang, year=year0),
        footprint=footprint,
        sectors=sector_choices(m, lang), sector=sector,
        items_title=t("ui.chart_items", lang, sector=m.sector_label(sector, lang)),
        items=items, units=units(lang),
        figures_title=t("ui.figures_title", lang, territory=m.territories[territory].name(lang)),
        figures_note=t("ui.figures_note", lang),
        figure_groups=figure_groups(m.territories[territory], lang),
    )


@dataclass(frozen=True)
class CardRowView:
    """One card of the game, in the order shown."""

    position: int
    title: str
    detail: str
    value: str
    bar: float
    mark: str
    right_place: bool
    can_up: bool
    can_down: bool


@dataclass(frozen=True)
class CardGameView:
    """The GES card game: draw, rank with ▲ ▼, reveal (values, bars, score)."""

    title: str
    deck_label: str
    decks: tuple[Choice, ...]
    deck: str
    draw_label: str
    reveal_label: str
    hint: str
    rows: tuple[CardRowView, ...]
    revealed: bool
    score: str
    score_note: str
    error: str


def card_game_view(calc: Calculator, game, decks: Sequence[str], deck: str | None, lang: str,
                   error: str = "") -> CardGameView:
    """Build the card game from its state (:class:`simulation.ui.state.CardGame`).

    Before the reveal, cards show in the group's order with their title and detail. After
    it, they show in the right order (most emitting first) with their value, a bar
    proportional to it, and the place the group had given them.
    """
    m = calc.model
    deck = deck if deck in decks else (decks[0] if decks else "")
    rows = []
    cards = game.right_order() if game.revealed else list(game.cards)
    top = max((c.value_kg for c in cards), default=0.0) or 1.0
    for i, card in enumerate(cards):
        title = card.title_en if lang == "en" else card.title_fr
        detail = card.detail_en if lang == "en" else card.detail_fr
        if game.revealed:
            was = game.guess_rank(card.id)
            right = game.is_right(card.id)
            rows.append(CardRowView(
                i + 1, title, detail, card.display_en if lang == "en" else card.display_fr,
                card.value_kg / top,
                t("ui.card_right", lang) if right else t("ui.card_was", lang, rank=was),
                right, False, False))
        else:
            rows.append(CardRowView(i + 1, title, detail, "", 0.0, "", False, i > 0,
                                    i < len(cards) - 1))
    score = note = ""
    if game.revealed and cards:
        score = t("ui.cards_score", lang, ok=game.score(), n=len(cards))
        wrong = [game.guess_rank(c.id) for c in cards if not game.is_right(c.id)]
        note = t("ui.cards_score_note", lang, rank=wrong[0] if wrong else 1)
    return CardGameView(
        title=t("ui.cards_title", lang), deck_label=t("ui.deck", lang),
        decks=tuple(Choice(m.vocabulary.sectors[d].title(lang), d) for d in decks),
        deck=deck, draw_label=t("ui.draw", lang), reveal_label=t("ui.reveal", lang),
        hint=t("ui.cards_hint", lang), rows=tuple(rows), revealed=game.revealed,
        score=score, score_note=note, error=error,
    )


# ---------------------------------------------------------------------------------------
# Tab 2: levers
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LeverRowView:
    """A lever as the list shows it.

    ``national`` names the parameters behind the lever's effect whose value is national for
    the selected territory (no local data); ``national_summary`` counts them in one line.
    """

    id: str
    sector: str
    title: str
    level: int
    level_label: str
    national: tuple[str, ...] = ()
    national_summary: str = ""


@dataclass(frozen=True)
class BigNumberView:
    """The 2050 total per inhabitant, its change and the gap to the target."""

    place: str
    total: str
    per_person: str
    change: str
    versus: str
    target: str
    gap: str
    reached: bool
    summary: str = ""


@dataclass(frozen=True)
class TrajectoryView:
    """The pathway, its uncertainty band, the two reference pathways and the target.

    « Sans levier » keeps 2023's activity with the trend's outside context (climate, digital
    growth): it is the start of the lever effects and of the shares. « Tendanciel » adds the
    policies already decided; ``reference_note`` says in one line why it is lower.
    """

    title: str
    years: np.ndarray
    total: np.ndarray
    low: np.ndarray
    high: np.ndarray
    no_lever: np.ndarray
    target_kg: float
    labels: tuple[str, str, str, str]  # ours, band, no lever, target
    band_text: str
    trend: np.ndarray = field(default_factory=lambda: np.zeros(0))
    trend_label: str = ""
    reference_note: str = ""


@dataclass(frozen=True)
class GroupedBarsView:
    """Bars in groups (one group per label, one bar per series)."""

    title: str
    labels: tuple[str, ...]
    series: tuple[str, ...]
    colours: tuple[str, ...]
    values_kg: tuple[tuple[float, ...], ...]  # one tuple per series
    target_kg: float | None
    value_texts: tuple[tuple[str, ...], ...] = ()  # formatted values, same shape
    total_texts: tuple[str, ...] = ()  # formatted total of each label (stacked charts)
    target_label: str = ""


@dataclass(frozen=True)
class WaterfallView:
    """From « sans levier » to our 2050 total, one step per lever's share."""

    title: str
    start_label: str
    start_kg: float
    labels: tuple[str, ...]
    steps_kg: tuple[float, ...]
    end_label: str
    note: str
    start_text: str = ""
    step_texts: tuple[str, ...] = ()
    end_text: str = ""


@dataclass(frozen=True)
class LeversView:
    """The levers tab: the lever list, the big number and three charts."""

    sectors: tuple[Choice, ...]
    sector: str
    rows: tuple[LeverRowView, ...]
    reset_label: str
    level_labels: Mapping[str, tuple[str, ...]]
    big: BigNumberView
    trajectory: TrajectoryView
    sector_bars: GroupedBarsView
    waterfall: WaterfallView
    band_note: str
    units: Units


def national_summary(n: int, lang: str) -> str:
    """« 1 valeur nationale derrière ce levier », « 3 valeurs nationales… », or ``""``."""
    if n == 0:
        return ""
    return t("ui.national_one" if n == 1 else "ui.national_many", lang, n=n)


def lever_rows(model, levels: Mapping[str, int], lang: str,
               national: Mapping[str, Sequence[str]] | None = None
               ) -> tuple[LeverRowView, ...]:
    """Every lever with its level, the label of that level and its national parameters.

    Parameters
    ----------
    national : mapping, optional
        ``{lever_id: parameter ids}`` (:meth:`Calculator.national_inputs`).
    """
    national = national or {}
    rows = []
    for lv in model.levers:
        level = int(levels.get(lv.id, 0))
        names = tuple(model.vocabulary.parameters[p].label(lang)
                      for p in national.get(lv.id, ()))
        rows.append(LeverRowView(lv.id, lv.sector, lv.title(lang), level,
                                 _level_label(lv, level, lang), names,
                                 national_summary(len(names), lang)))
    return tuple(rows)


def _level_label(lever, level: int, lang: str) -> str:
    entry = lever.levels[level]
    return entry.label_en if lang == "en" else entry.label_fr


def big_number(calc: Calculator, territory: str, levels: Mapping[str, int],
               lang: str) -> BigNumberView:
    """The big 2050 number of a pathway."""
    m = calc.model
    result = calc.result(territory, levels)
    total, today = result.value(2050), float(result.total[0])
    target = float(m.target_2050_kg)
    gap = total - target
    change = total / today - 1.0 if today else 0.0
    total_text = format_co2(total, lang=lang, digits=metrics.LIVE_DIGITS)
    change_text = format_percent(change, lang=lang, signed=True)
    return BigNumberView(
        place=f"{t('ui.in_2050', lang)} · {m.territories[territory].name(lang)}",
        summary=f"{t('ui.in_2050', lang)}{colon(lang)}{total_text} ({change_text})",
        total=total_text,
        per_person=t("ui.per_person", lang),
        change=change_text,
        versus=t("ui.vs_today", lang, year=int(result.years[0])),
        target=t("ui.target", lang) + colon(lang) + format_co2(target, lang=lang),
        gap=(t("ui.target_reached", lang) if gap <= 0
             else t("ui.target_gap", lang, gap=format_co2(gap, lang=lang))),
        reached=gap <= 0,
    )


def reference_note(calc: Calculator, territory: str, lang: str) -> str:
    """One line: what « Sans levier » and « Tendanciel » are, and their 2050 totals."""
    base = calc.result(territory, {}).value(2050)
    trend = calc.scenario_result(territory, metrics.TREND).value(2050)
    return t("ui.reference_note", lang, no_lever=format_co2(base, lang=lang),
             trend=format_co2(trend, lang=lang))


def trajectory_view(calc: Calculator, territory: str, levels: Mapping[str, int],
                    lang: str) -> TrajectoryView:
    """The pathway chart with its band, the « Sans levier » and « Tendanciel » pathways."""
    result = calc.result(territory, levels)
    band = calc.band(territory, calc.key(levels))
    base = calc.result(territory, {})
    trend = calc.scenario_result(territory, metrics.TREND)
    low, high = float(band.total_low[-1]), float(band.total_high[-1])
    return TrajectoryView(
        title=t("ui.chart_trajectory", lang, first=int(result.years[0]),
                last=int(result.years[-1])),
        years=result.years, total=result.total, low=band.total_low, high=band.total_high,
        no_lever=base.total, target_kg=float(calc.model.target_2050_kg),
        labels=(t("ui.our_pathway", lang), t("metric.band_short", lang),
                t("ui.no_lever", lang), t("ui.target_line", lang)),
        band_text=t("metric.band", lang, low=format_co2(low, lang=lang),
                    high=format_co2(high, lang=lang)),
        trend=trend.total, trend_label=t("ui.trend_line", lang),
        reference_note=reference_note(calc, territory, lang),
    )


def sector_bars_view(calc: Calculator, territory: str, levels: Mapping[str, int],
                     lang: str) -> GroupedBarsView:
    """Today and 2050 by sector, for a pathway."""
    m = calc.model
    result = calc.result(territory, levels)
    year0 = int(result.years[0])
    now, then = result.sector_values(year0), result.sector_values(2050)
    return grouped_bars(
        t("ui.chart_sectors", lang), [m.sector_label(s, lang) for s in m.sectors],
        (t("ui.legend_today", lang, year=year0), "2050"), (TODAY_COLOUR, FUTURE_COLOUR),
        ([now[s] for s in m.sectors], [then[s] for s in m.sectors]), lang)


def waterfall_view(calc: Calculator, territory: str, levels: Mapping[str, int],
                   lang: str) -> WaterfallView:
    """Each active lever's share of the group's change (Shapley), largest first."""
    m = calc.model
    shares = calc.shares(territory, calc.key(levels))
    ranked = sorted(shares.items(), key=lambda kv: -abs(kv[1]))
    shown = ranked[:WATERFALL_MAX_BARS]
    labels = [m.lever(k).title(lang) for k, _v in shown]
    steps = [v for _k, v in shown]
    if len(ranked) > WATERFALL_MAX_BARS:
        labels.append(t("ui.others", lang))
        steps.append(sum(v for _k, v in ranked[WATERFALL_MAX_BARS:]))
    start = calc.result(territory, {}).value(2050)
    end = start + sum(steps)
    return WaterfallView(
        title=t("ui.chart_waterfall", lang), start_label=t("ui.no_lever", lang),
        start_kg=start, labels=tuple(labels), steps_kg=tuple(steps), end_label="2050",
        note=t("metric.share_of_change", lang) + colon(lang)
        + t("metric.share_of_change_note", lang) + ". " + t("ui.no_lever_start", lang),
        start_text=format_co2(start, lang=lang),
        step_texts=tuple(format_co2(v, lang=lang, signed=True) for v in steps),
        end_text=format_co2(end, lang=lang),
    )


def levers_view(calc: Calculator, session, lang: str, sector: str | None = None) -> LeversView:
    """Build the levers tab for the active team."""
    m = calc.model
    territory, levels = session.territory, session.levels()
    sector = sector if sector in m.sectors else m.sectors[0]
    return LeversView(
        sectors=sector_choices(m, lang), sector=sector,
        rows=lever_rows(m, levels, lang, calc.national_inputs(territory)),
        reset_label=t("ui.reset", lang),
        level_labels={lv.id: tuple(_level_label(lv, k, lang) for k in range(len(lv.levels)))
                      for lv in m.levers},
        big=big_number(calc, territory, levels, lang),
        trajectory=trajectory_view(calc, territory, levels, lang),
        sector_bars=sector_bars_view(calc, territory, levels, lang),
        waterfall=waterfall_view(calc, territory, levels, lang),
        band_note=t("metric.band_note", lang, n=metrics.BAND_SAMPLES),
        units=units(lang),
    )


# ---------------------------------------------------------------------------------------
# Tab 3: foresight
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProspectiveView:
    """Our pathway next to the scenarios, and the 2050 story."""

    chart: GroupedBarsView
    legend: tuple[Bar, ...]
    narrative_title: str
    narrative: str
    presets: tuple[Choice, ...]
    apply_label: str
    units: Units
    notes: tuple[str, ...] = ()


def scenario_order(model) -> list[str]:
    """The trend first, then the other scenarios in data order."""
    return sorted(model.scenarios, key=lambda sid: sid != metrics.TREND)


def scenario_short(model, sid: str, lang: str) -> str:
    """« S1 Génération frugale » → « S1 »; short titles (« Tendanciel ») are kept."""
    title = model.scenarios[sid].title(lang)
    return title if len(title) <= 12 else title.split()[0]


def prospective_view(calc: Calculator, session, lang: str) -> ProspectiveView:
    """Build the foresight tab: stacked sectors of our pathway and of each scenario."""
    from simulation.ui.narrative import narrative_html

    m = calc.model
    territory, levels = session.territory, session.levels()
    mine = calc.result(territory, levels)
    results = [(t("ui.ours", lang), mine)]
    results += [(scenario_short(m, sid, lang), calc.scenario_result(territory, sid))
                for sid in scenario_order(m)]
    chart = grouped_bars(
        t("ui.chart_presets", lang), [name for name, _r in results],
        [m.sector_label(s, lang) for s in m.sectors], [_colour(m, s) for s in m.sectors],
        [[r.sector_values(2050)[s] for _n, r in results] for s in m.sectors], lang,
        float(m.target_2050_kg))
    legend = tuple(Bar(m.sector_label(s, lang), 0.0, _colour(m, s), "") for s in m.sectors)
    shares = calc.shares(territory, calc.key(levels))
    narrative = narrative_html(
        m.levers, levels, mine.value(2050), float(mine.total[0]), int(mine.years[0]), lang,
        effects=shares, sector_label=lambda s: m.sector_label(s, lang), sector_order=m.sectors)
    notes = tuple(m.scenarios[sid].title(lang) for sid in scenario_order(m)
                  if scenario_short(m, sid, lang) != m.scenarios[sid].title(lang))
    return ProspectiveView(
        chart=chart, legend=legend, narrative_title=t("ui.narrative_title", lang),
        narrative=narrative,
        presets=tuple(Choice(m.scenarios[sid].title(lang), sid) for sid in m.scenarios),
        apply_label=t("ui.apply_preset", lang), units=units(lang), notes=notes,
    )


# ---------------------------------------------------------------------------------------
# Tab 4: teams and rounds
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TeamRowView:
    """A team in the summary table."""

    name: str
    total: str
    n_levers: int
    code: str
    active: bool


@dataclass(frozen=True)
class TeamsView:
    """Every team side by side, the rounds, codes and the take-home roadmap."""

    chart: GroupedBarsView
    legend: tuple[Bar, ...]
    headers: tuple[str, str, str, str]
    rows: tuple[TeamRowView, ...]
    rounds_title: str
    rounds: tuple[Choice, ...]
    save_label: str
    load_label: str
    code_label: str
    code_placeholder: str
    pdf_label: str
    name_label: str
    rename_label: str
    active_name: str
    units: Units
    copy_label: str = ""
    copied_label: str = ""


def teams_view(calc: Calculator, session, lang: str) -> TeamsView:
    """Build the teams tab."""
    m = calc.model
    names = session.team_names()
    results = [calc.result(session.territory, session.levels(i)) for i in range(len(names))]
    chart = grouped_bars(
        t("ui.chart_teams", lang), names, [m.sector_label(s, lang) for s in m.sectors],
        [_colour(m, s) for s in m.sectors],
        [[r.sector_values(2050)[s] for r in results] for s in m.sectors], lang,
        float(m.target_2050_kg))
    rows = tuple(
        TeamRowView(name, format_co2(r.value(2050), lang=lang), len(session.active_levels(i)),
                    session.code(i), i == session.active)
        for i, (name, r) in enumerate(zip(names, results, strict=True)))
    return TeamsView(
        chart=chart,
        legend=tuple(Bar(m.sector_label(s, lang), 0.0, _colour(m, s), "") for s in m.sectors),
        headers=(t("ui.teams_col_team", lang), "2050", t("ui.teams_col_levers", lang),
                 t("ui.teams_col_code", lang)),
        rows=rows, rounds_title=t("ui.rounds", lang),
        rounds=tuple(Choice(t("ui.round_label", lang, n=r.number), str(r.number))
                     for r in session.rounds),
        save_label=t("ui.save_round", lang), load_label=t("ui.load_round", lang),
        code_label=t("ui.restore_code", lang), code_placeholder=t("ui.code_placeholder", lang),
        pdf_label=t("ui.export_pdf", lang), name_label=t("ui.team_name", lang),
        rename_label=t("ui.rename", lang), active_name=names[session.active],
        units=units(lang), copy_label=t("ui.copy", lang), copied_label=t("ui.copied", lang),
    )


# ---------------------------------------------------------------------------------------
# The public's self-guided page (dashboards/decouverte.ipynb)
# ---------------------------------------------------------------------------------------
PUBLIC_STEPS = ("public.step_intro", "public.step_guess", "public.step_levers",
                "public.step_compare", "public.step_share")


@dataclass(frozen=True)
class StepsView:
    """Where the visitor is: step titles, the current one, navigation labels."""

    titles: tuple[str, ...]
    current: int
    progress: str
    previous_label: str
    next_label: str


def steps_view(current: int, lang: str) -> StepsView:
    """The stepper of the public page."""
    current = max(0, min(current, len(PUBLIC_STEPS) - 1))
    return StepsView(tuple(t(k, lang) for k in PUBLIC_STEPS), current,
                     t("public.step", lang, n=current + 1, total=len(PUBLIC_STEPS)),
                     t("public.previous", lang), t("public.next", lang))


@dataclass(frozen=True)
class IntroView:
    """What a footprint is, ours today, and what 2 t means."""

    title: str
    paragraphs: tuple[str, ...]
    glossary: tuple[str, ...]


def intro_view(calc: Calculator, territory: str, lang: str) -> IntroView:
    """The introduction, with today's total and the 2050 target from the data."""
    base = calc.result(territory, {})
    target = float(calc.model.target_2050_kg)
    return IntroView(
        title=t("public.title", lang),
        paragraphs=(t("public.intro_1", lang),
                    t("public.intro_2", lang, total=format_co2(float(base.total[0]), lang=lang)),
                    t("public.intro_3", lang, target=format_co2(target, lang=lang)),
                    t("public.intro_4", lang)),
        glossary=(t("glossary.co2e", lang),),
    )


@dataclass(frozen=True)
class GuessView:
    """Guess the first sector, then see the footprint by sector."""

    question: str
    sectors: tuple[Choice, ...]
    guess: str
    answer: str
    right: bool
    revealed: bool


def guess_view(calc: Calculator, territory: str, guess: str | None, lang: str) -> GuessView:
    """Before a guess: the question; after: whether it was right, with the values."""
    m = calc.model
    base = calc.result(territory, {})
    values = base.sector_values(int(base.years[0]))
    first = max(values, key=values.get)
    answer = ""
    if guess in values:
        if guess == first:
            answer = t("public.guess_right", lang, sector=m.sector_label(first, lang),
                       value=format_co2(values[first], lang=lang))
        else:
            answer = t("public.guess_wrong", lang, guess=m.sector_label(guess, lang),
                       guess_value=format_co2(values[guess], lang=lang),
                       sector=m.sector_label(first, lang),
                       value=format_co2(values[first], lang=lang))
    return GuessView(t("public.guess_question", lang), sector_choices(m, lang), guess or "",
                     answer, guess == first, guess in values)


@dataclass(frozen=True)
class ShareView:
    """The pathway code, a link with it and its QR code."""

    help: str
    code_label: str
    code: str
    link_label: str
    link: str


def share_view(session, base_url: str, lang: str) -> ShareView:
    """The code of the active pathway and a link that restores it (``?code=…``)."""
    from urllib.parse import urlencode

    code = session.code()
    query = {"code": code} | ({"lang": "en"} if lang == "en" else {})
    link = f"{base_url}?{urlencode(query)}" if base_url else ""
    return ShareView(t("public.share_help", lang), t("ui.code_short", lang), code,
                     t("public.share_link", lang), link)


@dataclass(frozen=True)
class SessionView:
    """The session's code, a link that reopens it and the help text."""

    label: str
    code: str
    link: str
    help: str


def session_view(session_id: str | None, base_url: str, lang: str) -> SessionView | None:
    """The session code of the Teams tab (None when the session is not saved)."""
    if not session_id:
        return None
    link = f"{base_url}?session={session_id}" if base_url else ""
    return SessionView(t("ui.session_code", lang), session_id, link, t("ui.session_help", lang))
