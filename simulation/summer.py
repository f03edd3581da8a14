"""« Été 2050 » : Montpellier's summer for a warming reference, and its story in prose.

A facilitator chooses a **warming reference**: a level of the French reference trajectory
for adaptation (TRACC: France at +2 °C in 2030, +2.7 °C in 2050, +4 °C in 2100) or an IPCC
scenario (SSP1-1.9 … SSP5-8.5, global warming over 2041–2060). This module says, from the
climate tables (:mod:`simulation.climate_data`) only:

- what the reference is (:func:`summer_references`);
- which summer values exist for Montpellier and its surroundings, and which exist for
  France *at that level* (:func:`summer_values`). A value is tied to a reference only when
  its row says so (``warming_level``); the others are shown with their own period and
  context, never passed off as the chosen level's. Nothing is interpolated or invented;
- « Une journée d'été 2050 à Montpellier », a short story in prose built from those values
  and from the group's levers (:func:`summer_story`), its sentence templates in the
  catalogue (``summer.*`` in ``simulation/texts.toml``, French and English).

Everything is a pure function of the data; the dashboard (:mod:`simulation.ui.viewmodel_climate`)
and the « Été 2050 » deck (:mod:`simulation.cards.climate_print`) display it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from simulation.climate import Range, horizon_of, tracc_levels, warming_projection
from simulation.climate_data import (
    AdaptationAction,
    ClimateData,
    Indicator,
    LocalValue,
    Provenance,
)
from simulation.formatting import NBSP, NNBSP, format_value
from simulation.story import Story, StoryLine, StoryParagraph, fill
from simulation.texts import t

#: The country level of the TRACC that « Été 2050 » offers (France hexagonale).
TRACC_PLACE = "france_hexagonale"
#: The world level of the TRACC, shown next to the country's.
WORLD_PLACE = "monde"
#: Year of the summer told for an SSP (its AR6 period is the one that contains it).
SSP_YEAR = 2050
#: Default reference: the TRACC level of 2050.
DEFAULT_REFERENCE = "tracc_fr_2050"
#: Places of « Montpellier and its surroundings », nearest first.
LOCAL_PLACES = ("montpellier", "montpellier_metropole", "herault", "occitanie")
#: The place the story is told in, and the weather station of its records.
STORY_PLACE = "montpellier"
STATION = "montpellier_frejorgues"

# Rows the story reads when they exist (ids of data/climate; a missing row skips its sentence).
SUMMER_TEMPERATURE = "summer_mean_temperature"
TROPICAL_NIGHTS = "tropical_nights"
ALERT_TMIN, ALERT_TMAX = "herault_heatwave_alert_tmin", "herault_heatwave_alert_tmax"
RECORD_TMAX = "frejorgues_record_tmax"
AMPLIFICATION = "france_warming_amplification"

# Levers the story reads (ids of data/levers; a lever missing from the data counts as 0).
CAR_LEVERS = ("velo_marche", "transports_en_commun", "urbanisme_proximite", "covoiturage",
              "teletravail")
COOLING_LEVER = "fraicheur_sans_clim"
HEAT_PUMP_LEVER = "pompe_a_chaleur"
RENOVATION_LEVER = "renovation"
#: Level from which a lever changes the story (levels run 0–4).
STORY_LEVEL = 2

_YEARS = re.compile(r"\d{4}")


@dataclass(frozen=True)
class SummerReference:
    """A warming reference of « Été 2050 ».

    Attributes
    ----------
    id : str
        Row id: a TRACC level (``tracc_fr_2050``) or a scenario (``ssp2_45``).
    kind : str
        ``"tracc"`` or ``"ssp"``.
    year : int
        Year of the summer told (the TRACC year; 2050 for a scenario).
    warming : Range
        Warming [degC]: the TRACC level (no range), or the scenario's best estimate and very
        likely range over ``period``.
    name : str
        Short name: « TRACC 2050 », « SSP2-4.5 ».
    label : str
        What it is, in the chosen language.
    meaning : str
        What it means, in plain words (the TRACC meaning, the scenario's description).
    place : str
        Place id of the warming (``france_hexagonale`` or ``monde``).
    period : str
        ``"2050"`` or ``"2041–2060"``.
    reference_period : str
        What the warming is counted from (« préindustriel », « 1850-1900 »).
    world : Range or None
        For a TRACC level, the world warming the TRACC retains for the same year.
    provenance : Provenance
        Source of the row.
    """

    id: str
    kind: str
    year: int
    warming: Range
    name: str
    label: str
    meaning: str
    place: str
    period: str
    reference_period: str
    world: Range | None
    provenance: Provenance


def period_text(period: str) -> str:
    """« 1976-2005 » → « 1976–2005 » (an en dash between two years)."""
    return re.sub(r"(\d{4})-(\d{4})", "\\1\u2013\\2", period)


def summer_references(climate: ClimateData, lang: str = "fr") -> tuple[SummerReference, ...]:
    """The TRACC levels of France, then every SSP at the horizon containing 2050.

    Returns
    -------
    tuple of SummerReference
        In increasing TRACC years, then in ``scenarios.csv`` order.
    """
    out = []
    world = {lv.year: lv for lv in tracc_levels(climate, WORLD_PLACE)}
    for lv in tracc_levels(climate, TRACC_PLACE):
        w = world.get(lv.year)
        out.append(SummerReference(
            lv.id, "tracc", lv.year, Range(lv.warming, lv.warming, lv.warming, lv.unit),
            t("summer.tracc_name", lang, year=str(lv.year)),
            t("summer.tracc_label", lang, place=climate.places[lv.place].label(lang)),
            lv.meaning(lang), lv.place, str(lv.year), lv.reference_period,
            None if w is None else Range(w.warming, w.warming, w.warming, w.unit),
            lv.provenance))
    for sid, sc in climate.scenarios.items():
        try:
            horizon = horizon_of(climate, SSP_YEAR)
            p = climate.projection(sid, horizon)
        except KeyError:
            continue
        out.append(SummerReference(
            sid, "ssp", SSP_YEAR, warming_projection(climate, sid, horizon), sc.name,
            sc.label(lang), sc.description_en if lang == "en" else sc.description_fr,
            WORLD_PLACE, f"{p.period_start}\u2013{p.period_end}", p.reference_period, None,
            p.provenance))
    return tuple(out)


def summer_reference(climate: ClimateData, reference: str, lang: str = "fr") -> SummerReference:
    """The reference ``reference`` (KeyError listing the valid ids when unknown)."""
    refs = {r.id: r for r in summer_references(climate, lang)}
    if reference not in refs:
        raise KeyError(f"référence de réchauffement inconnue « {reference} » : "
                       f"{', '.join(refs)}")
    return refs[reference]


# ---------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SummerValue:
    """A value of ``local_indicators.csv`` as « Été 2050 » shows it.

    Attributes
    ----------
    row : LocalValue
        The data row.
    indicator : Indicator
        Its indicator (labels, unit, definition).
    baseline : LocalValue or None
        The row of the same indicator and place for an earlier period that ends before this
        one starts (the reference climate it compares with), when the data has one.
    matches : bool
        True when the row is tied to the chosen reference (``warming_level``).
    """

    row: LocalValue
    indicator: Indicator
    baseline: LocalValue | None
    matches: bool


@dataclass(frozen=True)
class SummerValues:
    """What the data holds for one reference: local values, national values at the level."""

    reference: str
    local: tuple[SummerValue, ...]
    national: tuple[SummerValue, ...]

    @property
    def local_matches(self) -> bool:
        """True when some local value is tied to the reference."""
        return any(v.matches for v in self.local)


def _years(period: str) -> tuple[int, int]:
    years = [int(y) for y in _YEARS.findall(period)]
    return (years[0], years[-1]) if years else (0, 0)


def baseline_of(climate: ClimateData, row: LocalValue) -> LocalValue | None:
    """The reference-climate row of ``row``: same indicator and place, no warming level,
    a period ending before ``row``'s starts (the latest such row); None when there is none."""
    start = _years(row.period)[0]
    earlier = [v for v in climate.local_values(row.indicator, row.place)
               if v.id != row.id and not v.warming_level and _years(v.period)[1] < start]
    return max(earlier, key=lambda v: _years(v.period)[1], default=None)


def is_baseline(climate: ClimateData, row: LocalValue) -> bool:
    """True when ``row`` is the reference climate of another row (shown with it)."""
    return any(baseline_of(climate, other) == row
               for other in climate.local_values(row.indicator, row.place) if other != row)


def summer_values(climate: ClimateData, reference: str) -> SummerValues:
    """The summer values to show for ``reference``.

    Parameters
    ----------
    climate : ClimateData
        The climate tables.
    reference : str
        A :class:`SummerReference` id.

    Returns
    -------
    SummerValues
        ``local``: every projection for :data:`LOCAL_PLACES` (nearest place first, file
        order), each with its baseline and whether it is tied to ``reference``;
        ``national``: the rows of other places tied to ``reference``, with their baseline.
        Baseline rows (the reference climate of another row) are not listed on their own.
    """
    local, national = [], []
    order = {p: i for i, p in enumerate(LOCAL_PLACES)}
    for row in climate.local.values():
        if is_baseline(climate, row):
            continue
        value = SummerValue(row, climate.indicators[row.indicator], baseline_of(climate, row),
                            row.warming_level == reference)
        if row.place in order:
            local.append(value)
        elif value.matches:
            national.append(value)
    local.sort(key=lambda v: order[v.row.place])
    return SummerValues(reference, tuple(local), tuple(national))


def _unit(indicator: Indicator, value: float | None, lang: str) -> str:
    """The indicator's unit, singular for a count below 2 (« 1 jour par an »)."""
    unit = indicator.unit(lang)
    first, _, rest = unit.partition(" ")
    if value is not None and abs(value) < 2 and first.endswith("s") and first.isalpha() \
            and first.islower() and len(first) > 3:
        unit = f"{first[:-1]} {rest}".strip()
    return unit


def with_unit(number: str, unit: str, lang: str) -> str:
    """« 25,1 » + « °C » → « 25,1 °C » (no space before « % » in English)."""
    if lang == "en" and unit.startswith("%"):
        return f"{number}{unit}"
    return f"{number}{NNBSP if lang == 'fr' else NBSP}{unit}"


def value_text(row: LocalValue, indicator: Indicator, lang: str = "fr") -> str:
    """A row's low / median / high as one text with its unit, exactly as in the data.

    Examples: « 25,1 °C (de 24,4 à 26 °C) », « de 1,4 à 2,8 °C de plus », « 20 nuits par an »,
    « au moins 8 semaines », « au plus 1 jour par an ».
    """
    lo, mid, hi = row.low, row.median, row.high

    def v(x: float) -> str:
        return format_value(x, lang)

    if mid is not None:
        text = with_unit(v(mid), _unit(indicator, mid, lang), lang)
        if lo is not None and hi is not None:
            span = t("summer.range", lang, low=v(lo), high=v(hi))
            text += f" ({with_unit(span, _unit(indicator, hi, lang), lang)})"
        return text
    if lo is not None and hi is not None:
        span = t("summer.range", lang, low=v(lo), high=v(hi))
        return with_unit(span, _unit(indicator, hi, lang), lang)
    if lo is not None:
        return t("summer.at_least", lang, value=with_unit(v(lo), _unit(indicator, lo, lang), lang))
    if hi is not None:
        return t("summer.at_most", lang, value=with_unit(v(hi), _unit(indicator, hi, lang), lang))
    raise ValueError(f"{row.id} : aucune valeur")  # read_climate refuses such a row


def warming_text(r: Range, lang: str = "fr", signed: bool = True) -> str:
    """« +2,7 °C », or « +2 °C (de +1,6 à +2,5 °C) » with a range (no « + » if not ``signed``)."""
    unit = "°C"
    text = with_unit(format_value(r.central, lang, signed=signed), unit, lang)
    if r.low != r.high:
        span = t("summer.range", lang, low=format_value(r.low, lang, signed=signed),
                 high=format_value(r.high, lang, signed=signed))
        text += f" ({with_unit(span, unit, lang)})"
    return text


# ---------------------------------------------------------------------------------------
# « Une journée d'été 2050 à Montpellier »
# ---------------------------------------------------------------------------------------
def _level(levels: Mapping[str, int], lever: str) -> int:
    return int(levels.get(lever, 0))


def _fact_text(climate: ClimateData, fact_id: str, lang: str) -> str | None:
    fact = climate.facts.get(fact_id)
    if fact is None or fact.value is None:
        return None
    unit = "°C" if fact.unit == "degC" else fact.unit
    return with_unit(format_value(fact.value, lang), unit, lang)


def _local_row(values: SummerValues, indicator: str) -> SummerValue | None:
    return next((v for v in values.local if v.row.indicator == indicator), None)


def summer_story(climate: ClimateData, reference: str, levels: Mapping[str, int],
                 lang: str = "fr", actions: tuple[AdaptationAction, ...] | None = None) -> Story:
    """« Une journée d'été 2050 à Montpellier »: a short story in prose.

    Parameters
    ----------
    climate : ClimateData
        The climate tables.
    reference : str
        A :class:`SummerReference` id (TRACC level or SSP).
    levels : mapping
        The group's ``{lever_id: level}``: fewer cars, keeping cool without air
        conditioning, heat pumps and renovation change what the afternoon looks like.
    lang : {"fr", "en"}
    actions : tuple of AdaptationAction, optional
        Adaptation actions named in the evening's discussion (default: every action of
        ``adaptation_actions.csv``).

    Returns
    -------
    Story
        Title, lead (the day and the warming) and three paragraphs (morning values,
        afternoon in town, evening discussion). Every number is a data value with its
        period; a value that is not tied to the reference says so.

    Raises
    ------
    KeyError
        Unknown reference.
    """
    ref = summer_reference(climate, reference, lang)
    values = summer_values(climate, reference)
    place = climate.places[STORY_PLACE].label(lang) if STORY_PLACE in climate.places \
        else climate.places[LOCAL_PLACES[0]].label(lang)
    title = t("summer.story_title", lang, year=str(ref.year), place=place)
    if ref.kind == "tracc":
        lead = [fill(t("summer.opening_tracc", lang, year=str(ref.year),
                       warming=warming_text(ref.warming, lang, signed=False), name=ref.name))]
    else:
        lead = [fill(t("summer.opening_ssp", lang, year=str(ref.year), scenario=ref.name,
                       label=ref.label, warming=warming_text(ref.warming, lang, signed=False),
                       period=ref.period, reference=period_text(ref.reference_period)))]
        amplification = _fact_text(climate, AMPLIFICATION, lang)
        if amplification:
            lead.append(t("summer.france_faster", lang, pct=amplification))

    morning = []
    nights = _local_row(values, TROPICAL_NIGHTS)
    if nights is not None:
        morning.append(t("summer.night", lang, value=value_text(nights.row, nights.indicator,
                                                                  lang),
                         place=climate.places[nights.row.place].label(lang),
                         period=period_text(nights.row.period)))
    temp = _local_row(values, SUMMER_TEMPERATURE)
    if temp is not None:
        where = climate.places[temp.row.place].label(lang)
        now = value_text(temp.row, temp.indicator, lang)
        if temp.baseline is None:
            text = t("summer.temperature", lang, place=where, value=now,
                     period=period_text(temp.row.period))
        else:
            text = t("summer.temperature_vs", lang, place=where, value=now,
                     period=period_text(temp.row.period),
                     before=value_text(temp.baseline, temp.indicator, lang),
                     before_period=period_text(temp.baseline.period))
        context = temp.row.context_en if lang == "en" else temp.row.context_fr
        text += " " + (t("summer.same_reference", lang, context=context) if temp.matches
                       else t("summer.other_reference", lang, context=context))
        morning.append(text)
    for v in values.national:
        where = climate.places[v.row.place].label(lang)
        now = value_text(v.row, v.indicator, lang)
        if v.baseline is None:
            morning.append(t("summer.national", lang, indicator=v.indicator.label(lang),
                             place=where, value=now))
        else:
            morning.append(t("summer.national_vs", lang, indicator=v.indicator.label(lang),
                             place=where, value=now,
                             before=value_text(v.baseline, v.indicator, lang),
                             before_period=period_text(v.baseline.period)))
    if not values.national and not values.local_matches:
        morning.append(t("summer.no_level_values", lang, name=ref.name))
    tmin, tmax = _fact_text(climate, ALERT_TMIN, lang), _fact_text(climate, ALERT_TMAX, lang)
    if tmin and tmax:
        morning.append(t("summer.alert", lang, tmin=tmin, tmax=tmax,
                         place=climate.places[climate.facts[ALERT_TMIN].place].label(lang)))
    record = climate.facts.get(RECORD_TMAX)
    if record is not None and record.value is not None:
        label, station = record.label(lang), climate.places[record.place].label(lang)
        morning.append(t("summer.record", lang, label=label[:1].lower() + label[1:],
                         value=_fact_text(climate, RECORD_TMAX, lang),
                         station=station[:1].lower() + station[1:]))

    afternoon = []
    if any(_level(levels, lv) >= STORY_LEVEL for lv in CAR_LEVERS):
        afternoon.append(t("summer.streets_fewer_cars", lang))
    else:
        afternoon.append(t("summer.streets_cars", lang))
    if _level(levels, COOLING_LEVER) >= STORY_LEVEL:
        afternoon.append(t("summer.home_cool", lang))
    else:
        afternoon.append(t("summer.home_air_conditioning", lang))
    if _level(levels, HEAT_PUMP_LEVER) >= STORY_LEVEL:
        afternoon.append(t("summer.heat_pump", lang))
    if _level(levels, RENOVATION_LEVER) >= STORY_LEVEL:
        afternoon.append(t("summer.renovated", lang))

    chosen = tuple(climate.actions.values()) if actions is None else actions
    evening = [t("summer.evening", lang)]
    if chosen:
        names = [a.label(lang) for a in chosen]
        evening.append(t("summer.evening_actions", lang, actions="\u00a0; ".join(names)
                         if lang == "fr" else "; ".join(names)))
    paragraphs = [
        StoryParagraph(t("summer.morning", lang), tuple(StoryLine(s) for s in morning)),
        StoryParagraph(t("summer.afternoon", lang), tuple(StoryLine(s) for s in afternoon)),
        StoryParagraph(t("summer.evening_title", lang), tuple(StoryLine(s) for s in evening)),
    ]
    return Story(title, tuple(lead), tuple(p for p in paragraphs if p.lines))


__all__ = ["DEFAULT_REFERENCE", "SummerReference", "SummerValue", "SummerValues",
           "baseline_of", "is_baseline", "period_text", "summer_reference", "summer_references",
           "summer_story", "summer_values", "value_text", "warming_text", "with_unit"]
