"""The text catalogue: every sentence a person reads, in French and in English, once.

The catalogue is ``simulation/texts.toml``: one table per surface (``ui``, ``metric``,
``narrative``, ``roadmap``, ``cards``, ``cli``…), one entry per text with its ``fr`` and
``en`` versions, ``{name}`` placeholders filled by :func:`t`. Words that come from data
(lever titles, sector labels, scenario names) are not here: they are read from the data in
the chosen language.

Examples
--------
>>> from simulation.texts import t
>>> t("ui.tab_levers")
"Leviers d'action"
>>> t("ui.round_label", "en", n=2)
'Round 2'
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

CATALOGUE_FILE = Path(__file__).with_name("texts.toml")
LANGS = ("fr", "en")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """``{"surface.key": {"fr": …, "en": …}}`` read once from :data:`CATALOGUE_FILE`."""
    data = tomllib.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    out = {}
    for surface, entries in data.items():
        for key, texts in entries.items():
            out[f"{surface}.{key}"] = texts
    return out


def t(key: str, lang: str = "fr", **fmt) -> str:
    """Return the text ``key`` (``"surface.name"``) in ``lang``, formatted with ``fmt``.

    Raises
    ------
    KeyError
        Unknown key (a programming error: the tests check every key used exists).
    """
    text = catalogue()[key]["en" if lang == "en" else "fr"]
    return text.format(**fmt) if fmt else text


def colon(lang: str) -> str:
    """The label separator: French puts a no-break space before the colon."""
    return "\u00a0: " if lang == "fr" else ": "
