"""Stories in prose: the group's 2050 (« mise en récit ») and « Une journée d'été 2050 ».

Both are built here as plain data — a :class:`Story` of paragraphs of finished sentences —
by pure functions, so the dashboard (:mod:`simulation.ui.narrative`), the take-home PDF
(:mod:`simulation.cards.roadmap`) and the tests read the same sentences. The sentence
templates are data: one ``story_fr`` / ``story_en`` per lever level in ``data/levers/*.toml``
(checked by :mod:`simulation.levers`), and the catalogue's ``story.*`` texts
(``simulation/texts.toml``). No sentence is left empty and no ``{placeholder}`` survives:
:func:`fill` refuses both.

The summer story lives in :mod:`simulation.summer`, next to the values it tells.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from simulation.formatting import format_co2, format_percent
from simulation.texts import t


@dataclass(frozen=True)
class StoryLine:
    """One sentence, and an optional short tag (the lever and its share of the change)."""

    text: str
    tag: str = ""


@dataclass(frozen=True)
class StoryParagraph:
    """A paragraph under a short heading (a theme, a time of day)."""

    heading: str
    lines: tuple[StoryLine, ...]


@dataclass(frozen=True)
class Story:
    """A story: a title, opening sentences and paragraphs, every text finished (plain)."""

    title: str
    lead: tuple[str, ...]
    paragraphs: tuple[StoryParagraph, ...]

    def sentences(self) -> tuple[str, ...]:
        """Every text of the story, in reading order (title first)."""
        out = [self.title, *self.lead]
        for p in self.paragraphs:
            out.append(p.heading)
            for line in p.lines:
                out.append(line.text)
                if line.tag:
                    out.append(line.tag)
        return tuple(out)

    def plain(self) -> str:
        """The story as plain text, one paragraph a line (for tests and exports)."""
        parts = [self.title, " ".join(self.lead)]
        for p in self.paragraphs:
            parts.append(f"{p.heading} " + " ".join(line.text for line in p.lines))
        return "\n".join(parts)


def fill(template: str, **values) -> str:
    """Fill a sentence template; refuse an unknown, missing or empty result.

    Parameters
    ----------
    template : str
        Text with ``{name}`` placeholders.
    **values
        The values of the placeholders (already formatted text).

    Returns
    -------
    str
        The sentence, stripped.

    Raises
    ------
    ValueError
        When a placeholder has no value, a value is empty, or the sentence is empty.
    """
    names = {f for _l, f, _s, _c in string.Formatter().parse(template) if f is not None}
    missing = sorted(names - set(values))
    if missing:
        raise ValueError(f"repères sans valeur {missing} dans « {template} »")
    empty = sorted(n for n in names if not str(values[n]).strip())
    if empty:
        raise ValueError(f"repères vides {empty} dans « {template} »")
    text = template.format(**{n: values[n] for n in names}).strip()
    if not text:
        raise ValueError("phrase vide")
    return text


def level_story(lever, level: int, lang: str = "fr") -> str:
    """The 2050 sentence of ``lever`` at ``level`` (1–4), its ``{label}`` filled.

    Parameters
    ----------
    lever : Lever
        A lever of :func:`simulation.levers.load_levers`.
    level : int
        1 to 4 (level 0 is today and has no sentence).
    lang : {"fr", "en"}

    Returns
    -------
    str
        The sentence; the label's own parentheses become commas (« 52 % des logements
        rénovés BBC, SNBC »), since the story puts the label between parentheses.
    """
    entry = lever.levels[level]
    label = (entry.label_en if lang == "en" else entry.label_fr).rstrip(". ")
    # the label goes between parentheses: its own « (S1) » becomes « , S1 »
    label = label.replace(" (", ", ").replace("(", "").replace(")", "")
    return fill(entry.story(lang), label=label)


def lever_story(
    levers: Sequence,
    levels: Mapping[str, int],
    total_2050_kg: float,
    today_kg: float,
    today_year: int,
    lang: str = "fr",
    effects: Mapping[str, float] | None = None,
    sector_label: Callable[[str], str] | None = None,
    sector_order: Sequence[str] = (),
) -> Story:
    """The group's 2050 in prose: what daily life looks like, theme by theme.

    Parameters
    ----------
    levers : sequence of Lever
        The model's levers, in display order.
    levels : mapping
        ``{lever_id: level}`` of the group (0 = not played).
    total_2050_kg, today_kg : float
        The group's total in 2050 and in ``today_year`` [kgCO2e/person/yr].
    today_year : int
        First year of the pathway.
    lang : {"fr", "en"}
    effects : mapping, optional
        ``{lever_id: share of the group's change}`` [kgCO2e/person/yr]; each sentence is
        tagged with its lever and this share, and sentences are ordered by it.
    sector_label : callable, optional
        ``sector_label(sector) -> str``; default: the sector id.
    sector_order : sequence of str
        Order of the themes (sectors not listed come after, in lever order).

    Returns
    -------
    Story
        Lead: the opening and the total; one paragraph per theme that has a lever or a
        lever's sector; a theme without any lever played says so in one sentence.
    """
    label_of = sector_label or (lambda s: s)
    change = total_2050_kg / today_kg - 1.0 if today_kg else 0.0
    total = t("narrative.total", lang, value=format_co2(total_2050_kg, lang=lang),
              pct=format_percent(change, lang=lang, signed=True), year=str(today_year))
    chosen = [lv for lv in levers if levels.get(lv.id, 0) > 0]
    if not chosen:
        return Story(t("story.title", lang), (t("narrative.intro", lang),
                                               t("narrative.none", lang), total), ())
    sectors = list(dict.fromkeys(lv.sector for lv in levers))
    order = list(sector_order)
    sectors.sort(key=lambda s: order.index(s) if s in order else len(order))
    paragraphs = []
    for sector in sectors:
        mine = [lv for lv in chosen if lv.sector == sector]
        if effects is not None:
            mine.sort(key=lambda lv: effects.get(lv.id, 0.0))
        lines = []
        for lv in mine:
            tag = lv.title(lang)
            if effects is not None and lv.id in effects:
                tag = t("story.tag", lang, lever=tag,
                        effect=format_co2(effects[lv.id], lang=lang, signed=True))
            lines.append(StoryLine(level_story(lv, levels[lv.id], lang), tag))
        if not lines:
            lines.append(StoryLine(t("story.unchanged", lang, year=str(today_year))))
        paragraphs.append(StoryParagraph(label_of(sector), tuple(lines)))
    return Story(t("story.title", lang), (t("narrative.intro", lang), total), tuple(paragraphs))


__all__ = ["Story", "StoryLine", "StoryParagraph", "fill", "level_story", "lever_story"]
