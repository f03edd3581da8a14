"""The "mise en récit": a short 2050 story built from the levers a team chose.

Every text comes from the lever data (titles and level labels) and is escaped before it
reaches HTML; the numbers are formatted by :mod:`simulation.formatting`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

from simulation.formatting import format_co2, format_percent
from simulation.texts import colon, t


def lever_title(lever, lang: str) -> str:
    """Return the lever's title in ``lang`` (plain text, not escaped)."""
    return lever.title_fr if lang == "fr" else lever.title_en


def level_label(lever, level: int, lang: str) -> str:
    """Return the label of ``level`` of ``lever`` in ``lang`` (plain text, not escaped)."""
    entry = lever.levels[level]
    return entry.label_fr if lang == "fr" else entry.label_en


def narrative_html(
    levers: Sequence,
    levels: Mapping[str, int],
    total_2050_kg: float,
    today_kg: float,
    today_year: int,
    lang: str = "fr",
    effects: Mapping[str, float] | None = None,
    sector_label: Callable[[str], str] | None = None,
    sector_order: Sequence[str] = (),
) -> str:
    """Return the 2050 narrative as an HTML fragment.

    Parameters
    ----------
    levers : sequence of Lever
        The model's levers, in display order.
    levels : mapping
        ``{lever_id: level}`` of the team (0 = not activated).
    total_2050_kg : float
        The team's total in 2050 [kgCO2e/person/yr].
    today_kg : float
        The total of the first year [kgCO2e/person/yr].
    today_year : int
        That first year.
    lang : {"fr", "en"}
    effects : mapping, optional
        ``{lever_id: contribution}`` [kgCO2e/person/yr] shown after each lever.
    sector_label : callable, optional
        ``sector_label(sector) -> str``: when given, levers are grouped under their sector.
    sector_order : sequence of str
        Order of the sector groups (sectors not listed come after, in lever order).
    """
    intro = html.escape(t("narrative.intro", lang))
    chosen = [lv for lv in levers if levels.get(lv.id, 0) > 0]
    if not chosen:
        return (
            f'<div class="atelier-narrative"><b>{intro}</b> '
            f"{html.escape(t('narrative.none', lang))}</div>"
        )
    sep = colon(lang)

    def item(lv) -> str:
        effect = ""
        if effects is not None and lv.id in effects:
            effect = f" ({html.escape(format_co2(effects[lv.id], lang=lang, signed=True))})"
        return (f"<li><b>{html.escape(lever_title(lv, lang))}</b>{sep}"
                f"{html.escape(level_label(lv, levels[lv.id], lang))}{effect}</li>")

    if sector_label is None:
        items = "<ul>" + "".join(item(lv) for lv in chosen) + "</ul>"
    else:
        sectors = sorted(
            dict.fromkeys(lv.sector for lv in chosen),
            key=lambda x: list(sector_order).index(x) if x in sector_order else len(sector_order),
        )
        items = "".join(
            f"<div class='atelier-narrative-sector'>{html.escape(sector_label(sector))}</div>"
            "<ul>" + "".join(item(lv) for lv in chosen if lv.sector == sector) + "</ul>"
            for sector in sectors
        )
    change = total_2050_kg / today_kg - 1.0 if today_kg else 0.0
    total = t(
        "narrative.total",
        lang,
        value=format_co2(total_2050_kg, lang=lang),
        pct=format_percent(change, lang=lang, signed=True),
        year=str(today_year),
    )
    return (
        f'<div class="atelier-narrative"><b>{intro}</b> {html.escape(total)}{items}</div>'
    )
