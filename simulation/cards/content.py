"""What is printed on one card, independent of how it is laid out.

A :class:`PrintCard` holds only finished text (already rounded and typeset by
:mod:`simulation.formatting`) plus the raw numbers behind it. The same object feeds the
data-merge CSV, the JSON export and the PDF sheets, so the three never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

#: Licence line printed on every card back and poster.
LICENCE_LINE = "CC BY-SA 4.0 — atelier-transition"

#: Deck display order and titles (French, English).
DECKS: dict[str, tuple[str, str]] = {
    "mobilite": ("Mobilité", "Mobility"),
    "alimentation": ("Alimentation & agriculture", "Food & agriculture"),
    "batiment": ("Bâtiment & aménagement", "Buildings & land planning"),
    "economie": ("Économie", "Economy"),
    "leviers": ("Leviers d'action", "Levers for action"),
    "prospective": ("Prospective 2050", "2050 outlook"),
}

#: The "jeux GES" decks defined by files in ``data/cards``.
GES_DECKS = ("mobilite", "alimentation", "batiment", "economie")

#: Card kind of each deck.
DECK_KIND = {d: "ges" for d in GES_DECKS} | {"leviers": "levier", "prospective": "prospective"}

_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")


def french_date(day: dt.date) -> str:
    """Return ``day`` written the French way, e.g. ``"30 juin 2027"``.

    Parameters
    ----------
    day : datetime.date

    Returns
    -------
    str
    """
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first}\u00a0{_MONTHS_FR[day.month - 1]} {day.year}"


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
    subtitle : str
        Front text under the title (quantity, lever description, scenario).
    front_lines : tuple of str
        Short extra lines on the front (lever levels, key figures).
    value_label : str
        Caption of the big number on the back ("Émissions", "Effet par habitant en 2050").
    value : str
        The big printed number, e.g. ``"1,2 t CO₂e"``.
    range : str
        Printed low–high range (may be empty).
    details : tuple of str
        Smaller back lines (calculation, effect at each level).
    sources : str
        Sources of the numbers, one line of text.
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
    subtitle: str = ""
    front_lines: tuple[str, ...] = ()
    value_label: str = ""
    value: str = ""
    range: str = ""
    details: tuple[str, ...] = ()
    sources: str = ""
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
    def deck_title(self) -> str:
        """French title of the card's deck."""
        return DECKS[self.deck][0]

    @property
    def review_text(self) -> str:
        """Printed review line, e.g. ``"Valeurs à revoir avant le 30 juin 2027"``."""
        if self.review_by is None:
            return ""
        return f"Valeurs à revoir avant le {french_date(self.review_by)}"

    def as_record(self) -> dict:
        """Return a JSON-ready dict of every field (dates as ISO strings)."""
        rec = asdict(self)
        rec["review_by"] = self.review_by.isoformat() if self.review_by else None
        rec["deck_title"] = self.deck_title
        rec["front_lines"] = list(self.front_lines)
        rec["details"] = list(self.details)
        rec["origin"] = {"path": self.origin[0], "line": self.origin[1]}
        return rec
