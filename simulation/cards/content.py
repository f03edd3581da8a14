"""What is printed on one card, independent of how it is laid out.

A :class:`PrintCard` holds only finished text (already rounded and typeset by
:mod:`simulation.formatting`) plus the raw numbers behind it. The same object feeds the
data-merge CSV, the JSON export and the PDF sheets, so the three never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from simulation.texts import t

#: Licence line printed on every card back and poster.
LICENCE_LINE = "CC BY-SA 4.0 — atelier-transition"

#: Decks computed by the model (configured, not defined card by card, in ``data/cards``).
MODEL_DECKS: dict[str, str] = {"leviers": "levier", "prospective": "prospective",
                               "ete2050": "adaptation"}


@dataclass(frozen=True)
class Deck:
    """A deck of cards: a sector's GES deck or a deck computed by the model.

    Attributes
    ----------
    id : str
        Sector id (GES decks) or ``"leviers"`` / ``"prospective"`` / ``"ete2050"``.
    kind : str
        ``"ges"``, ``"levier"``, ``"prospective"`` or ``"adaptation"`` (« Été 2050 », from
        the climate tables, :mod:`simulation.cards.climate_print`).
    title_fr, title_en : str
        Deck titles (a sector's long title from ``data/model/sectors.csv``).
    colour : str
        ``#RRGGBB``: the sector's colour, the same as on screen.
    """

    id: str
    kind: str
    title_fr: str
    title_en: str
    colour: str

    @property
    def rgb(self) -> tuple[float, float, float]:
        """The colour as RGB fractions (0–1)."""
        return hex_to_rgb(self.colour)


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    """``"#1C5E9E"`` -> ``(0.11, 0.37, 0.62)`` (fractions of 255)."""
    return tuple(int(colour[i:i + 2], 16) / 255.0 for i in (1, 3, 5))


def deck_catalogue(vocabulary, ges_decks, configs: dict) -> dict[str, Deck]:
    """Every deck in print order: the GES decks in sector order, then the model decks.

    Parameters
    ----------
    vocabulary : Vocabulary
        Sectors (titles and colours of the GES decks).
    ges_decks : iterable of str
        Sector ids that have GES cards.
    configs : dict
        ``load_deck_configs()``: the ``[deck]`` tables of the model decks.
    """
    out = {}
    for s in vocabulary.sectors.values():
        if s.id in set(ges_decks):
            out[s.id] = Deck(s.id, "ges", s.title_fr, s.title_en, s.colour)
    for deck, kind in MODEL_DECKS.items():
        if deck in configs:
            table = configs[deck][0]
            out[deck] = Deck(deck, kind, str(table["title_fr"]), str(table["title_en"]),
                             str(table["colour"]).upper())
    return out


#: Keys of the month names in the text catalogue, January first.
MONTH_KEYS = ("date.month_1", "date.month_2", "date.month_3", "date.month_4", "date.month_5",
              "date.month_6", "date.month_7", "date.month_8", "date.month_9", "date.month_10",
              "date.month_11", "date.month_12")


def written_date(day: dt.date, lang: str = "fr") -> str:
    """Return ``day`` written in words, e.g. ``"30 juin 2027"`` / ``"30 June 2027"``.

    Parameters
    ----------
    day : datetime.date
    lang : {"fr", "en"}

    Returns
    -------
    str
        French keeps a no-break space between the day and the month, and writes the
        first day of a month « 1er ».
    """
    months = [t(key, lang) for key in MONTH_KEYS]
    first = t("date.first_day", lang) if day.day == 1 else str(day.day)
    return t("date.written", lang, day=first, month=months[day.month - 1], year=day.year)


def french_date(day: dt.date) -> str:
    """Return ``day`` written the French way, e.g. ``"30 juin 2027"`` (:func:`written_date`)."""
    return written_date(day, "fr")


@dataclass(frozen=True)
class PrintCard:
    """One printable card: finished French text plus the numbers behind it.

    Attributes
    ----------
    id : str
        Stable identifier (lock file key).
    deck : str
        Deck id (``"mobilite"`` … ``"leviers"``, ``"prospective"``).
    kind : str
        ``"ges"``, ``"levier"`` or ``"prospective"``.
    title : str
        Front title.
    deck_title : str
        French title of the deck.
    colour : str
        Deck colour ``#RRGGBB`` (a sector's colour, the same as on screen).
    subtitle : str
        Front text under the title (quantity, lever description, scenario).
    front_lines : tuple of str
        Short extra lines on the front (lever levels, key figures).
    value_label : str
        Caption of the big number on the back ("Émissions", "Effet du levier seul, niveau 4").
    value : str
        The big printed number, e.g. ``"1,2 t CO₂e"``.
    range : str
        Printed low–high range (may be empty).
    details : tuple of str
        Smaller back lines (calculation, effect at each level).
    sources : str
        Sources of the numbers, one line of text (CSV and JSON exports).
    printed_sources : str
        The same in short plain French, as the PDF prints it
        (:mod:`simulation.cards.sources`); empty means ``sources`` is printed.
    review_by : datetime.date or None
        Earliest review date of the factors used.
    credits : str
        Data credits.
    value_kg, low_kg, high_kg : float or None
        Unrounded numbers behind ``value`` and ``range``. [kgCO2e]
    factors : dict
        Factor id -> factor value used [kgCO2e per activity unit], for the lock and diff.
    title_en, value_en : str
        English title and value (JSON export, dashboard).
    origin : tuple
        ``(path, line)`` of the definition, for error messages.
    """

    id: str
    deck: str
    kind: str
    title: str
    deck_title: str = ""
    colour: str = "#333333"
    subtitle: str = ""
    front_lines: tuple[str, ...] = ()
    value_label: str = ""
    value: str = ""
    range: str = ""
    details: tuple[str, ...] = ()
    sources: str = ""
    printed_sources: str = ""
    review_by: dt.date | None = None
    credits: str = ""
    value_kg: float | None = None
    low_kg: float | None = None
    high_kg: float | None = None
    factors: dict[str, float] = field(default_factory=dict)
    title_en: str = ""
    value_en: str = ""
    origin: tuple[str, int] = ("", 0)

    @property
    def review_text(self) -> str:
        """Printed review line, e.g. ``"Valeurs à revoir avant le 30 juin 2027"``."""
        if self.review_by is None:
            return ""
        return t("cards.review_by", date=french_date(self.review_by))

    def as_record(self) -> dict:
        """Return a JSON-ready dict of every field (dates as ISO strings)."""
        rec = asdict(self)
        rec["review_by"] = self.review_by.isoformat() if self.review_by else None
        rec["front_lines"] = list(self.front_lines)
        rec["details"] = list(self.details)
        rec["origin"] = {"path": self.origin[0], "line": self.origin[1]}
        return rec
