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


class Bilingual:
    """Base of the mixins below: data objects holding a text in both languages.

    A class with fields ``label_fr`` and ``label_en`` inherits :class:`HasLabel` and gets
    ``obj.label(lang)``; likewise :class:`HasTitle`, :class:`HasText`, :class:`HasName`,
    :class:`HasUnit` and :class:`HasMeaning`. One mixin per field, so that a class never
    gets a method whose fields it does not have (nor a method shadowing a field).
    """

    __slots__ = ()

    def in_lang(self, field: str, lang: str = "fr") -> str:
        """The ``field`` text in ``lang`` (``"en"``, else French)."""
        return getattr(self, f"{field}_{'en' if lang == 'en' else 'fr'}")


class HasLabel(Bilingual):
    """``label(lang)`` from ``label_fr`` / ``label_en``."""

    __slots__ = ()

    def label(self, lang: str = "fr") -> str:
        """Label in ``lang``."""
        return self.in_lang("label", lang)


class HasTitle(Bilingual):
    """``title(lang)`` from ``title_fr`` / ``title_en``."""

    __slots__ = ()

    def title(self, lang: str = "fr") -> str:
        """Title in ``lang``."""
        return self.in_lang("title", lang)


class HasText(Bilingual):
    """``text(lang)`` from ``text_fr`` / ``text_en``."""

    __slots__ = ()

    def text(self, lang: str = "fr") -> str:
        """Text in ``lang``."""
        return self.in_lang("text", lang)


class HasName(Bilingual):
    """``name(lang)`` from ``name_fr`` / ``name_en``."""

    __slots__ = ()

    def name(self, lang: str = "fr") -> str:
        """Name in ``lang``."""
        return self.in_lang("name", lang)


class HasUnit(Bilingual):
    """``unit(lang)`` from ``unit_fr`` / ``unit_en``."""

    __slots__ = ()

    def unit(self, lang: str = "fr") -> str:
        """Unit in ``lang``."""
        return self.in_lang("unit", lang)


class HasMeaning(Bilingual):
    """``meaning(lang)`` from ``meaning_fr`` / ``meaning_en``."""

    __slots__ = ()

    def meaning(self, lang: str = "fr") -> str:
        """Meaning in ``lang``."""
        return self.in_lang("meaning", lang)


def colon(lang: str) -> str:
    """The label separator: French puts a no-break space before the colon."""
    return "\u00a0: " if lang == "fr" else ": "
