"""All printable cards: GES decks from their files, *leviers* and *prospective* from the model,
« Été 2050 » from the climate tables.

The GES cards come from :mod:`simulation.cards.definitions`; the lever and prospective cards
are computed by the very model the dashboards use (:func:`simulation.model.load_model`), so
a printed effect is the number the dashboard shows for the same lever.
"""

from __future__ import annotations

import re
from pathlib import Path

from simulation.cards.climate_print import SUMMER_DECK, adaptation_cards, poster_records
from simulation.cards.content import PrintCard, deck_catalogue
from simulation.cards.definitions import CardValue, card_value, load_deck_configs
from simulation.cards.sources import (
    citations,
    join_within,
    printed_ges_sources,
    printed_lever_sources,
)
from simulation.exceptions import CardFileError, Problem, UnknownIdError
from simulation.formatting import (
    NBSP,
    format_co2,
    format_co2_range,
    format_integer,
    format_number,
    format_percent,
)
from simulation.metrics import effect_alone, uncertainty_band
from simulation.paths import data_dir as default_data_dir
from simulation.texts import t

#: Lever levels printed on a lever card (the model's levels run 0..4).
LEVER_LEVELS = (2, 4)
#: Number of scenario levers listed on a prospective card's front.
PROSPECTIVE_LEVERS = 5

_REPO_DETAIL = re.compile(r"\s*\((?:[^()]*?(?:repo |commit |https?://)[^()]*)\)")


def short_source(text: str) -> str:
    """Drop repository / URL details in parentheses (kept in CSV and JSON, not on paper)."""
    return re.sub(r"\s{2,}", " ", _REPO_DETAIL.sub("", text)).strip()


def _unique(items):
    seen, out = set(), []
    for it in items:
        if it and it not in seen:
            seen.add(it)
            out.append(it)
    return out


# --------------------------------------------------------------------------- GES


def _calc_line(use, fb) -> str:
    f = fb[use.factor_id]
    per_unit_kg = use.kg_per_factor_unit * f.value / use.quantity_value
    q = use.quantity_value
    if q == round(q):
        quantity = format_integer(q)
    else:  # as many figures as the quantity has (0.25 -> "0,25", 91.5 -> "91,5")
        figures = f"{q:.6g}".replace(".", "").lstrip("0")
        quantity = format_number(q, digits=max(1, len(figures)))
    unit = use.quantity_unit_fr
    shown = (use.quantity_unit_fr_plural or unit) if q >= 2 else unit
    return f"{quantity}{NBSP}{shown} × {format_co2(per_unit_kg)}/{unit}"


def ges_print_card(cv: CardValue, fb, deck) -> PrintCard:
    """Turn a computed GES card into its printed form (``deck``: its :class:`Deck`)."""
    d = cv.definition
    calc = [_calc_line(u, fb) for u in d.uses]
    details = [t("cards.calculation", terms=" + ".join(calc))]
    sources = _unique(
        [t("cards.factor_source", factor=fb[u.factor_id].label_fr,
           source=short_source(fb[u.factor_id].source)) for u in d.uses]
        + [t("cards.quantity_source", source=u.source) for u in d.uses])
    return PrintCard(
        id=cv.id, deck=cv.deck, kind="ges", title=cv.title_fr, subtitle=cv.detail_fr,
        deck_title=deck.title_fr, colour=deck.colour,
        value_label=t("cards.ges_value_label"), value=cv.display_fr,
        range=t("cards.ges_range", range=cv.range_fr),
        details=tuple(details), sources=t("cards.sources", sources=" ; ".join(sources)),
        printed_sources=printed_ges_sources(d.uses, fb),
        review_by=cv.review_by, credits=d.credits_fr, value_kg=cv.value_kg,
        low_kg=cv.low_kg, high_kg=cv.high_kg, factors=dict(cv.factor_values),
        title_en=cv.title_en, value_en=cv.display_en, origin=(d.path, d.line))


# --------------------------------------------------------------------------- model decks


def model_factor_ids(m, sector: str) -> list[str]:
    """Factors the model's equations use for ``sector`` (for the lock's "which factor moved")."""
    ids = _unique([r.factor for r in m.vocabulary.roles.values()])
    return [fid for fid in ids if m.factors[fid].sector == sector]


def _config(configs: dict, deck: str) -> tuple[dict, str, int]:
    if deck not in configs:
        raise CardFileError(Problem(
            "data/cards", 0, "", f"fichier de configuration du jeu « {deck} » manquant : "
            f"ajoutez data/cards/{deck}.toml avec [deck] id = \"{deck}\" et credits_fr"))
    table, shown, loc = configs[deck]
    if not str(table.get("credits_fr", "")).strip():
        raise CardFileError(Problem(shown, loc.line("deck"), "credits_fr",
                                    "crédits des données manquants : ajoutez credits_fr"))
    return table, shown, loc.line("deck")


def lever_kind(kind: str, lang: str = "fr") -> str:
    """« Levier individuel » or « Levier collectif » (``kind`` from the lever's file)."""
    return {"individuel": t("cards.lever_individuel", lang),
            "collectif": t("cards.lever_collectif", lang)}[kind]


def lever_cards(m, fb, configs: dict, territory: str, deck) -> list[PrintCard]:
    """One card per lever: what it changes, and its effect per inhabitant in 2050.

    The effect is :func:`simulation.metrics.effect_alone` (only this lever moved, all others
    at level 0, trend context) at levels 2 and 4, printed under its catalogue name
    (``metric.effect_alone``, « Effet du levier seul »). [kgCO2e/person/yr]
    """
    table, shown, line = _config(configs, "leviers")
    cards = []
    for lever in m.levers:
        effects = {lvl: effect_alone(m, lever.id, lvl, territory) for lvl in LEVER_LEVELS}
        top = LEVER_LEVELS[-1]
        factor_ids = model_factor_ids(m, lever.sector)
        reviews = [fb[fid].review_by for fid in factor_ids]
        front = [f"{lever_kind(lever.kind)} · {m.sector_label(lever.sector)}"]
        front += [t("cards.lever_level", level=lvl, label=lever.levels[lvl].label_fr)
                  for lvl in LEVER_LEVELS]
        details = [t("cards.lever_level_effect", level=lvl,
                     effect=format_co2(effects[lvl], signed=True)) for lvl in LEVER_LEVELS]
        note = t("metric.effect_alone_note")
        details.append(t("cards.territory_note", territory=m.territories[territory].name_fr,
                         note=f"{note[:1].upper()}{note[1:]}"))
        sources = _unique(short_source(lever.levels[lvl].source) for lvl in LEVER_LEVELS)
        cards.append(PrintCard(
            id=f"levier_{lever.id}", deck="leviers", kind="levier", title=lever.title_fr,
            deck_title=deck.title_fr, colour=deck.colour,
            subtitle=lever.text_fr, front_lines=tuple(front),
            value_label=t("cards.lever_value_label", name=t("metric.effect_alone"), level=top),
            value=f"{format_co2(effects[top], signed=True)}",
            range=t("cards.lever_range", no_lever=t("ui.no_lever")),
            details=tuple(details),
            sources=t("cards.sources", sources=" ; ".join(sources)),
            printed_sources=printed_lever_sources(
                [lever.levels[lvl].source for lvl in LEVER_LEVELS]),
            review_by=min(reviews) if reviews else None,
            credits=str(table["credits_fr"]).strip(), value_kg=effects[top],
            factors={fid: fb[fid].value for fid in factor_ids},
            title_en=lever.title_en, value_en=format_co2(effects[top], "en", signed=True),
            origin=(getattr(lever, "path", shown), getattr(lever, "line", line))))
    return cards


def prospective_cards(m, fb, configs: dict, territory: str,
                      scenario: str | None, deck) -> list[PrintCard]:
    """One card per sector describing 2050 in ``scenario`` (default: ``data/cards`` config)."""
    table, shown, line = _config(configs, "prospective")
    sid = scenario or str(table.get("scenario", "")).strip()
    if sid not in m.scenarios:
        raise UnknownIdError(t("cli.unknown_scenario", scenario=sid,
                               scenarios=", ".join(m.scenarios)))
    sc = m.scenarios[sid]
    levels = dict(sc.levels)
    result = m.evaluate(levels=levels, territory=territory, scenario=sid)
    band = uncertainty_band(m, levels, territory, sid)
    first, last = int(result.years[0]), int(result.years[-1])
    start, end = result.sector_values(first), result.sector_values(last)
    items_end = result.item_values(last) if hasattr(result, "item_values") else {
        s: {k: float(v[-1]) for k, v in d.items()} for s, d in result.items.items()}
    effects = {lv.id: effect_alone(m, lv.id, levels[lv.id], territory)
               for lv in m.levers if levels.get(lv.id, 0) > 0}
    cards = []
    for sector in m.sectors:
        label = m.sector_label(sector)
        active = sorted((lv for lv in m.levers if lv.sector == sector and lv.id in effects),
                        key=lambda lv: effects[lv.id])[:PROSPECTIVE_LEVERS]
        front = [t("cards.lever_at_level", lever=lv.title_fr,
                   level=lv.levels[levels[lv.id]].label_fr) for lv in active]
        if not front:
            front = [t("cards.prospective_none")]
        change = end[sector] / start[sector] - 1 if start[sector] else 0.0
        top_items = sorted(items_end[sector].items(), key=lambda kv: -kv[1])[:3]
        items_text = ", ".join(f"{m.item_label(i)} {format_co2(v)}" for i, v in top_items)
        lo, hi = float(band.sector_low[sector][-1]), float(band.sector_high[sector][-1])
        factor_ids = model_factor_ids(m, sector)
        reviews = [fb[fid].review_by for fid in factor_ids]
        cards.append(PrintCard(
            id=f"prospective_{sector}", deck="prospective", kind="prospective",
            deck_title=deck.title_fr, colour=deck.colour,
            title=t("cards.prospective_title", sector=label, year=last),
            subtitle=t("cards.scenario", scenario=sc.title_fr),
            front_lines=tuple(front),
            value_label=t("cards.prospective_value_label", year=last),
            value=format_co2(end[sector]),
            range=t("cards.prospective_range", range=format_co2_range(lo, hi)),
            details=(t("cards.prospective_start", first=first, value=format_co2(start[sector]),
                       change=format_percent(change, signed=True), last=last),
                     t("cards.prospective_items", year=last, items=items_text),
                     t("cards.territory", territory=m.territories[territory].name_fr)),
            sources=t("cards.prospective_sources", scenario=sc.title_fr,
                      text=short_source(sc.text_fr)),
            printed_sources=t("cards.prospective_printed_sources", sources=join_within(
                citations(sc.source), 120, t("cards.see_docs"))),
            review_by=min(reviews) if reviews else None,
            credits=str(table["credits_fr"]).strip(), value_kg=float(end[sector]),
            low_kg=lo, high_kg=hi, factors={fid: fb[fid].value for fid in factor_ids},
            title_en=t("cards.prospective_title", "en", sector=m.sector_label(sector, "en"),
                       year=last),
            value_en=format_co2(end[sector], "en"),
            origin=(shown, line)))
    return cards


def all_print_cards(data_dir: str | Path | None = None, territory: str = "france",
                    scenario: str | None = None, model=None,
                    posters: bool = False) -> list[PrintCard]:
    """Every card of every deck, in print order.

    Parameters
    ----------
    data_dir : path-like, optional
        Data folder (default :func:`simulation.paths.data_dir`).
    territory : str
        Territory id (lever effects and prospective values are per inhabitant of it).
    scenario : str, optional
        Scenario of the prospective deck (default: ``scenario`` in ``data/cards/prospective.toml``).
    model : Model, optional
        Already loaded model of the same data folder.
    posters : bool
        Also return what the climate posters print (kind ``"affiche"``, after the cards):
        the lock and ``atelier cards diff`` follow them; they are never laid out as cards.

    Returns
    -------
    list of PrintCard
    """
    from simulation.data import load_data
    from simulation.model import Model

    folder = default_data_dir(data_dir)
    data = load_data(folder)
    fb = data.factors
    m = model if model is not None else Model.from_dataset(data)
    if territory not in m.territories:
        raise UnknownIdError(t("cli.unknown_territory", territory=territory,
                               territories=", ".join(m.territories)))
    configs = load_deck_configs(folder)
    decks = deck_catalogue(m.vocabulary, {d.deck for d in data.cards}, configs)
    cards = [ges_print_card(card_value(d, fb), fb, decks[d.deck]) for d in data.cards
             if not d.territories or territory in d.territories]
    cards += lever_cards(m, fb, configs, territory, decks["leviers"])
    cards += prospective_cards(m, fb, configs, territory, scenario, decks["prospective"])
    if SUMMER_DECK in decks:  # « Été 2050 », from data/climate (configured in data/cards)
        table, _shown, _line = _config(configs, SUMMER_DECK)
        cards += adaptation_cards(data.climate, decks[SUMMER_DECK],
                                  str(table["credits_fr"]).strip())
    order = {d: i for i, d in enumerate(decks)}
    cards = sorted(cards, key=lambda c: order[c.deck])
    if posters:
        cards += poster_records(data.climate)
    return cards
