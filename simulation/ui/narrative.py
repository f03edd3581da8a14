"""The "mise en récit": the group's 2050 told in prose, theme by theme, as HTML.

The sentences come from :func:`simulation.story.lever_story` (one sentence per lever played,
from the lever data's ``story_fr`` / ``story_en``); this module only lays them out. Every text
is escaped before it reaches HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

from simulation.story import Story, lever_story


def lever_title(lever, lang: str) -> str:
    """Return the lever's title in ``lang`` (plain text, not escaped)."""
    return lever.title_fr if lang == "fr" else lever.title_en


def level_label(lever, level: int, lang: str) -> str:
    """Return the label of ``level`` of ``lever`` in ``lang`` (plain text, not escaped)."""
    entry = lever.levels[level]
    return entry.label_fr if lang == "fr" else entry.label_en


def story_html(story: Story, css: str = "atelier-narrative") -> str:
    """A :class:`~simulation.story.Story` as an HTML fragment (escaped).

    The lead is one paragraph; each paragraph starts with its heading in bold, then its
    sentences run on as prose; the tags of its sentences (lever and share of the change)
    follow on one small grey line, so the numbers never interrupt the prose.
    """
    e = html.escape
    lead = " ".join(e(s) for s in story.lead)
    body = [f'<p class="atelier-story-lead">{lead}</p>'] if lead else []
    for p in story.paragraphs:
        text = " ".join(e(line.text) for line in p.lines)
        tags = " · ".join(e(line.tag) for line in p.lines if line.tag)
        tags = f'<br><span class="atelier-story-tag">{tags}</span>' if tags else ""
        body.append(f'<p class="atelier-story-p"><span class="atelier-narrative-sector">'
                    f"{e(p.heading)}.</span> {text}{tags}</p>")
    return f'<div class="{e(css)}">{"".join(body)}</div>'


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
    """Return the group's 2050 story as an HTML fragment.

    Parameters are those of :func:`simulation.story.lever_story`: the model's levers, the
    group's ``{lever_id: level}``, its 2050 and first-year totals [kgCO2e/person/yr], the
    first year, the language, each lever's share of the change [kgCO2e/person/yr] (tagged
    after its sentence), the sector labels and their order.
    """
    return story_html(lever_story(levers, levels, total_2050_kg, today_kg, today_year, lang,
                                  effects=effects, sector_label=sector_label,
                                  sector_order=sector_order))
