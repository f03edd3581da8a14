"""The "mise en récit": a short 2050 story built from the levers a team chose.

Every text comes from the lever data (titles and level labels) and is escaped before it
reaches HTML; the numbers are formatted by :mod:`simulation.formatting`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from simulation.formatting import format_co2, format_percent
from simulation.ui.i18n import tr


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
    """
    intro = html.escape(tr("narrative_intro", lang))
    chosen = [lv for lv in levers if levels.get(lv.id, 0) > 0]
    if not chosen:
        return (
            f'<div class="atelier-narrative"><b>{intro}</b> '
            f"{html.escape(tr('narrative_none', lang))}</div>"
        )
    sep = "\u00a0: " if lang == "fr" else ": "
    items = "".join(
        f"<li><b>{html.escape(lever_title(lv, lang))}</b>{sep}"
        f"{html.escape(level_label(lv, levels[lv.id], lang))}</li>"
        for lv in chosen
    )
    change = total_2050_kg / today_kg - 1.0 if today_kg else 0.0
    total = tr(
        "narrative_total",
        lang,
        value=format_co2(total_2050_kg, lang=lang),
        pct=format_percent(change, lang=lang, signed=True),
        year=str(today_year),
    )
    return (
        f'<div class="atelier-narrative"><b>{intro}</b> {html.escape(total)}'
        f"<ul>{items}</ul></div>"
    )
