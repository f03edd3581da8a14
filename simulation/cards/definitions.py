"""The "jeux GES" card definitions (``data/cards/*.toml``) and their computed values.

A GES card is an everyday activity: a quantity of activity (with its unit and the source
of that quantity) times one or more emission factors of the factor base. Its value is
never typed: it is computed here with pint, at the boundary, as
``Σ quantity × factor → kgCO2e``, and carried as plain floats afterwards.

File format (documented for authors in ``docs/auteurs.md``)::

    [deck]
    id = "mobilite"                 # one of mobilite, alimentation, batiment, economie
    credits_fr = "Données : …"      # data credits printed on every back

    [[card]]
    id = "mob_avion_mpl_paris"      # unique across all files; a-z, 0-9, _
    title_fr = "Un aller-retour Montpellier–Paris en avion"
    title_en = "A Montpellier–Paris return flight"          # optional
    detail_fr = "2 × 600 km en avion court-courrier"        # front text under the title
    territories = ["montpellier"]   # optional: only in these territories' decks

    [[card.use]]                    # one or more
    factor = "mob_ic_plane_short"   # id in data/emission_factors
    quantity = "2 * 600 pkm"        # pint expression: quantity × factor must give CO2e
    source = "hypothèse : …"        # where the quantity comes from

Every problem in every file is reported at once as ``path:line: key: problem`` in a
:class:`~simulation.exceptions.CardFileError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import pint

from simulation.cards.content import MODEL_DECKS
from simulation.exceptions import CardFileError, Problem, rel
from simulation.formatting import format_co2, format_co2_range
from simulation.paths import data_dir as default_data_dir
from simulation.texts import t
from simulation.tomlsource import load_toml

_ID = re.compile(r"^[a-z0-9_]+$")
_DECK_KEYS = {"id", "credits_fr", "credits_en", "title_fr", "title_en", "scenario",
              "note", "colour"}
_CARD_KEYS = {"id", "title_fr", "title_en", "detail_fr", "detail_en", "territories", "use",
              "note"}
_USE_KEYS = {"factor", "quantity", "source", "unit_fr", "unit_fr_plural", "note"}


@dataclass(frozen=True)
class Use:
    """One term of a GES card: an activity quantity times one factor.

    Attributes
    ----------
    factor_id : str
    quantity_text : str
        The quantity as written in the file (``"2 * 600 pkm"``).
    kg_per_factor_unit : float
        Multiplier turning the factor's canonical value into the term's kgCO2e, i.e. the
        quantity expressed in the factor's activity unit. [activity unit]
    quantity_value : float
        Quantity in its display unit (e.g. 1200 for ``"2 * 600 pkm"``). [display unit]
    quantity_unit_fr : str
        French display unit (``"km"``, ``"repas"``, ``"m²·an"``…), or the file's ``unit_fr``.
    quantity_unit_fr_plural : str
        Its plural (the catalogue's, or ``unit_fr_plural``, default ``unit_fr`` + "s";
        symbols stay invariable).
    source : str
        Source of the quantity (activity data).
    line : int
        Line of the ``factor`` key.
    """

    factor_id: str
    quantity_text: str
    kg_per_factor_unit: float
    quantity_value: float
    quantity_unit_fr: str
    source: str
    line: int
    quantity_unit_fr_plural: str = ""


@dataclass(frozen=True)
class CardDefinition:
    """A validated GES card definition (no values yet)."""

    id: str
    deck: str
    title_fr: str
    title_en: str
    detail_fr: str
    detail_en: str
    territories: tuple[str, ...]
    uses: tuple[Use, ...]
    credits_fr: str
    path: str
    line: int


@dataclass(frozen=True)
class CardValue:
    """A GES card with its computed value (the API the dashboard's card game uses).

    Attributes
    ----------
    id, deck, title_fr, title_en : str
    value_kg, low_kg, high_kg : float
        Central value and range. [kgCO2e]
    display_fr, display_en : str
        Printed value, e.g. ``"1,2 t CO₂e"`` / ``"1.2 t CO₂e"``.
    range_fr, range_en : str
        Printed range, e.g. ``"de 0,90 à 1,5 t CO₂e"``.
    detail_fr, detail_en : str
        Front text under the title.
    review_by : datetime.date
        Earliest review date of the factors used.
    factor_values : dict
        Factor id -> central value used [kgCO2e per canonical activity unit].
    definition : CardDefinition
        Where it comes from.
    """

    id: str
    deck: str
    title_fr: str
    title_en: str
    value_kg: float
    low_kg: float
    high_kg: float
    display_fr: str
    display_en: str
    range_fr: str
    range_en: str
    detail_fr: str
    detail_en: str
    review_by: dt.date
    factor_values: dict
    definition: CardDefinition


# --------------------------------------------------------------------------- units

#: Display unit by activity dimension: (pint unit to convert to, display unit). A display
#: unit is a symbol printed as is (« km », « kWh ») or a word of :func:`unit_words`.
_DISPLAY_UNITS = (
    ("pkm", "km"),
    ("vkm", "km"),
    ("km", "km"),
    ("meal", "meal"),
    ("item", "item"),
    ("m**2 * year", "m2_year"),
    ("m**2", "m²"),
    ("kg", "kg"),
    ("L", "L"),
    ("kWh", "kWh"),
    ("hour", "h"),
    ("night", "night"),
    ("email", "email"),
    ("search", "search"),
    ("parcel", "parcel"),
    ("GB", "gb"),
    ("GB * year", "gb_year"),
    ("person * year", "person_year"),
)

#: Display units that count things (an author may rename them with ``unit_fr``).
COUNTED_UNITS = ("meal", "item", "night", "email", "search", "parcel")


def unit_words(lang: str = "fr") -> dict[str, tuple[str, str]]:
    """The display units written as words: id -> (singular, plural) in ``lang``."""
    return {
        "meal": (t("units.meal", lang), t("units.meals", lang)),
        "item": (t("units.item", lang), t("units.items", lang)),
        "night": (t("units.night", lang), t("units.nights", lang)),
        "email": (t("units.email", lang), t("units.emails", lang)),
        "search": (t("units.search", lang), t("units.searches", lang)),
        "parcel": (t("units.parcel", lang), t("units.parcels", lang)),
        "m2_year": (t("units.m2_year", lang),) * 2,
        "gb": (t("units.gb", lang),) * 2,
        "gb_year": (t("units.gb_year", lang),) * 2,
        "person_year": (t("units.person_year", lang),) * 2,
    }


def unit_label(unit: str, lang: str = "fr") -> tuple[str, str]:
    """Singular and plural of a display unit (a symbol is its own plural)."""
    return unit_words(lang).get(unit, (unit, unit))


def _display_unit(q: pint.Quantity) -> tuple[float, str]:
    """``q`` in its display unit: (value, display unit id or symbol)."""
    from simulation.units import ureg

    for unit, label in _DISPLAY_UNITS:
        target = ureg.parse_units(unit)
        if q.dimensionality == target.dimensionality:
            return float(q.to(target).magnitude), label
    return float(q.magnitude), format(q.units, "~P")


# --------------------------------------------------------------------------- loading


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _check_keys(table: dict, allowed: set, shown: str, loc, keypath, problems) -> None:
    for key in table:
        if key not in allowed:
            problems.append(Problem(shown, loc.line(*keypath, key), key,
                                    f"clé inconnue « {key} » (clés possibles : "
                                    f"{', '.join(sorted(allowed))})"))


def _parse_use(use: dict, fb, shown: str, loc, keypath, problems) -> Use | None:
    from simulation.units import Q_, ureg

    _check_keys(use, _USE_KEYS, shown, loc, keypath, problems)
    line = loc.line(*keypath, "factor") or loc.line(*keypath)
    ok = True
    factor_id = _text(use.get("factor"))
    if not factor_id:
        problems.append(Problem(shown, loc.line(*keypath), "factor",
                                "facteur manquant : ajoutez factor = \"<id du facteur>\""))
        ok = False
    elif factor_id not in fb:
        close = difflib.get_close_matches(factor_id, list(fb.ids), n=3)
        hint = f" ; vouliez-vous dire {', '.join(close)} ?" if close else ""
        problems.append(Problem(shown, line, "factor",
                                f"facteur inconnu « {factor_id} » (absent de "
                                f"data/emission_factors){hint}"))
        ok = False
    source = _text(use.get("source"))
    if not source:
        problems.append(Problem(shown, loc.line(*keypath), "source",
                                "source de la quantité manquante : citez-la, ou écrivez "
                                "« hypothèse : » suivi de la raison"))
        ok = False
    qtext = use.get("quantity")
    qline = loc.line(*keypath, "quantity") or loc.line(*keypath)
    if not isinstance(qtext, str) or not qtext.strip():
        problems.append(Problem(shown, qline, "quantity",
                                "quantité manquante : écrivez par exemple "
                                "quantity = \"1200 pkm\""))
        return None
    try:
        q = ureg.parse_expression(qtext)
        if not isinstance(q, pint.Quantity):
            q = Q_(q, "dimensionless")
    except Exception as exc:  # pint raises assorted errors on malformed expressions
        problems.append(Problem(shown, qline, "quantity",
                                f"quantité illisible « {qtext} » ({type(exc).__name__}) : "
                                "écrivez un nombre suivi d'une unité, ex. « 2 * 600 pkm »"))
        return None
    if not q.magnitude > 0:
        problems.append(Problem(shown, qline, "quantity",
                                f"la quantité « {qtext} » doit être strictement positive"))
        ok = False
    if not ok:
        return None
    factor = fb[factor_id]
    try:
        kg = (q * Q_(1.0, factor.canonical_unit)).to("kgCO2e").magnitude
    except pint.errors.DimensionalityError:
        activity = ureg.kgCO2e / ureg.parse_units(factor.canonical_unit)
        example = next((u for u, _ in _DISPLAY_UNITS
                        if ureg.parse_units(u).dimensionality == activity.dimensionality),
                       format(activity, "~"))
        problems.append(Problem(
            shown, qline, "quantity",
            f"unités incompatibles : « {qtext} » × facteur {factor_id} "
            f"({factor.canonical_unit}) ne donne pas des kgCO2e ; écrivez la quantité "
            f"dans l'unité d'activité du facteur, par exemple « 100 {example} »"))
        return None
    value, unit = _display_unit(q)
    unit_fr, plural = unit_label(unit)
    custom = _text(use.get("unit_fr"))
    if custom:  # a counted thing named by the author: "journée", "smartphone"…
        if unit not in COUNTED_UNITS:
            problems.append(Problem(shown, loc.line(*keypath, "unit_fr"), "unit_fr",
                                    f"unit_fr ne s'utilise qu'avec une quantité comptée "
                                    f"(item, meal, night…), pas avec « {unit_fr} »"))
            return None
        unit_fr = custom
        plural = _text(use.get("unit_fr_plural")) or f"{custom}s"
    return Use(factor_id, qtext.strip(), float(kg), value, unit_fr, source, line, plural)


def _parse_card(card: dict, i: int, first_use: int, deck: str, credits: str, fb, shown: str,
                loc, problems, known_territories) -> CardDefinition | None:
    """Validate one ``[[card]]``; ``first_use`` is the file-wide index of its first
    ``[[card.use]]`` (the line locator numbers nested arrays of tables file-wide)."""
    keypath = ("card", i)
    n_before = len(problems)
    _check_keys(card, _CARD_KEYS, shown, loc, keypath, problems)
    line = loc.line(*keypath, "id") or loc.line(*keypath)
    card_id = _text(card.get("id"))
    if not card_id or not _ID.match(card_id):
        problems.append(Problem(shown, line, "id",
                                f"identifiant de carte manquant ou invalide « {card_id} » : "
                                "lettres minuscules, chiffres et _"))
    for key in ("title_fr", "detail_fr"):
        if not _text(card.get(key)):
            problems.append(Problem(shown, loc.line(*keypath, key) or line, key,
                                    f"texte manquant : la carte « {card_id} » doit avoir un "
                                    f"{key} non vide"))
    territories = card.get("territories", [])
    if not isinstance(territories, list) or not all(isinstance(x, str) for x in territories):
        problems.append(Problem(shown, loc.line(*keypath, "territories"), "territories",
                                "territories doit être une liste d'identifiants de territoire"))
        territories = []
    for tid in territories:
        if tid not in known_territories:
            close = difflib.get_close_matches(tid, known_territories, n=1)
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            problems.append(Problem(shown, loc.line(*keypath, "territories"), "territories",
                                    f"territoire inconnu « {tid} » : la carte ne serait dans "
                                    f"aucun jeu ; territoires de data/territories : "
                                    f"{', '.join(known_territories)}{hint}"))
    uses_raw = card.get("use")
    if not isinstance(uses_raw, list) or not uses_raw:
        problems.append(Problem(shown, line, "use",
                                f"la carte « {card_id} » n'utilise aucun facteur : ajoutez un "
                                "bloc [[card.use]] avec factor, quantity et source"))
        uses_raw = []
    uses = []
    for j, use in enumerate(uses_raw):
        if not isinstance(use, dict):
            problems.append(Problem(shown, line, "use", "use doit être un bloc [[card.use]]"))
            continue
        parsed = _parse_use(use, fb, shown, loc, ("card", "use", first_use + j), problems)
        if parsed is not None:
            uses.append(parsed)
    if len(problems) > n_before:
        return None
    return CardDefinition(
        id=card_id, deck=deck, title_fr=_text(card["title_fr"]),
        title_en=_text(card.get("title_en")) or _text(card["title_fr"]),
        detail_fr=_text(card["detail_fr"]),
        detail_en=_text(card.get("detail_en")) or _text(card["detail_fr"]),
        territories=tuple(territories), uses=tuple(uses), credits_fr=credits, path=shown,
        line=line)


def deck_files(data_dir: Path) -> list[Path]:
    """The card files of a data folder, sorted (``data/cards/*.toml``)."""
    return sorted((Path(data_dir) / "cards").glob("*.toml"))


def load_deck_configs(data_dir: str | Path | None = None) -> dict[str, tuple[dict, str, object]]:
    """Read the ``[deck]`` table of every card file.

    Returns
    -------
    dict
        deck id -> (deck table, shown path, locator) for the model decks
        (``leviers``, ``prospective``); GES decks are read by :func:`load_definitions`.
    """
    out = {}
    for path in deck_files(default_data_dir(data_dir)):
        data, loc = load_toml(path, CardFileError)
        deck = data.get("deck", {})
        if isinstance(deck, dict) and deck.get("id") in MODEL_DECKS:
            out[deck["id"]] = (deck, rel(path), loc)
    return out


def load_definitions(data_dir: str | Path | None, fb, vocabulary,
                     territories: tuple[str, ...]) -> tuple[CardDefinition, ...]:
    """Load and validate every GES card definition.

    Use :func:`simulation.data.load_data` (its ``cards``) rather than calling this directly:
    it checks the cards together with the rest of the data folder.

    Parameters
    ----------
    data_dir : path-like
        Data folder.
    fb : FactorBase
        Factor base to check factor ids and units against.
    vocabulary : Vocabulary
        Sectors (a GES deck is a sector).
    territories : tuple of str
        Territory ids a card may be restricted to.

    Returns
    -------
    tuple of CardDefinition
        In sector order, then file order.

    Raises
    ------
    CardFileError
        Listing every problem of every file as ``path:line: key: problem``.
    """
    folder = default_data_dir(data_dir)
    sectors = tuple(vocabulary.sectors)
    known_decks = (*sectors, *MODEL_DECKS)
    problems: list[Problem] = []
    cards: list[CardDefinition] = []
    first_seen: dict[str, str] = {}
    files = deck_files(folder)
    if not files:
        raise CardFileError(Problem(rel(folder / "cards"), 0, "",
                                    "aucun fichier de cartes (*.toml) dans ce dossier"))
    for path in files:
        try:
            data, loc = load_toml(path, CardFileError)
        except CardFileError as exc:
            problems.extend(exc.problems)
            continue
        shown = rel(path)
        deck_table = data.get("deck")
        if not isinstance(deck_table, dict):
            problems.append(Problem(shown, 1, "deck",
                                    "table [deck] manquante : ajoutez [deck] avec id = "
                                    f"l'un de {', '.join(known_decks)}"))
            continue
        _check_keys(data, {"deck", "card"}, shown, loc, (), problems)
        _check_keys(deck_table, _DECK_KEYS, shown, loc, ("deck",), problems)
        deck = deck_table.get("id")
        if deck in MODEL_DECKS:
            _check_model_deck(deck_table, shown, loc, problems)
            if "card" in data:
                problems.append(Problem(shown, loc.line("card"), "card",
                                        f"le jeu « {deck} » est calculé par le modèle : "
                                        "pas de [[card]] ici"))
            continue
        if deck not in sectors:
            problems.append(Problem(shown, loc.line("deck", "id"), "id",
                                    f"jeu inconnu « {deck} » : l'un de {', '.join(known_decks)} "
                                    "(un jeu GES par secteur de data/model/sectors.csv)"))
            continue
        credits = _text(deck_table.get("credits_fr"))
        if not credits:
            problems.append(Problem(shown, loc.line("deck"), "credits_fr",
                                    "crédits des données manquants : ajoutez credits_fr = "
                                    "\"Données : …\""))
        raw_cards = data.get("card", [])
        if not isinstance(raw_cards, list):
            problems.append(Problem(shown, loc.line("card"), "card",
                                    "les cartes s'écrivent [[card]] (tableau de tables)"))
            continue
        first_use = 0
        for i, raw in enumerate(raw_cards):
            if not isinstance(raw, dict):
                problems.append(Problem(shown, loc.line("card", i), "card",
                                        "chaque carte s'écrit [[card]]"))
                continue
            card = _parse_card(raw, i, first_use, deck, credits, fb, shown, loc, problems,
                               territories)
            uses = raw.get("use")
            first_use += len(uses) if isinstance(uses, list) else 0
            if card is None:
                continue
            where = f"{shown}:{card.line}"
            if card.id in first_seen:
                problems.append(Problem(shown, card.line, "id",
                                        f"identifiant « {card.id} » déjà utilisé "
                                        f"({first_seen[card.id]})"))
                continue
            first_seen[card.id] = where
            cards.append(card)
    if problems:
        raise CardFileError(problems)
    order = {d: i for i, d in enumerate(sectors)}
    return tuple(sorted(cards, key=lambda c: order[c.deck]))


def _check_model_deck(table: dict, shown: str, loc, problems: list[Problem]) -> None:
    """A model deck (leviers, prospective) names its titles, colour and credits."""
    for key in ("title_fr", "title_en", "credits_fr", "colour"):
        if not _text(table.get(key)):
            problems.append(Problem(shown, loc.line("deck"), key,
                                    f"{key} manquant dans [deck] : ajoutez-le"))
    colour = _text(table.get("colour"))
    if colour and not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
        problems.append(Problem(shown, loc.line("deck", "colour"), "colour",
                                f"couleur invalide « {colour} » : écrivez-la #RRGGBB"))


# --------------------------------------------------------------------------- values


def card_value(card: CardDefinition, fb) -> CardValue:
    """Compute a card's value and range from the factor base.

    Parameters
    ----------
    card : CardDefinition
    fb : FactorBase

    Returns
    -------
    CardValue
        ``value_kg = Σ quantity_i × factor_i`` (and the same with the factors' low and high
        values for the range). [kgCO2e]
    """
    value = low = high = 0.0
    factor_values = {}
    review = []
    for use in card.uses:
        f = fb[use.factor_id]
        value += use.kg_per_factor_unit * f.value
        low += use.kg_per_factor_unit * f.low
        high += use.kg_per_factor_unit * f.high
        factor_values[use.factor_id] = f.value
        review.append(f.review_by)
    return CardValue(
        id=card.id, deck=card.deck, title_fr=card.title_fr, title_en=card.title_en,
        value_kg=value, low_kg=low, high_kg=high,
        display_fr=format_co2(value, "fr"), display_en=format_co2(value, "en"),
        range_fr=format_co2_range(low, high, "fr"), range_en=format_co2_range(low, high, "en"),
        detail_fr=card.detail_fr, detail_en=card.detail_en, review_by=min(review),
        factor_values=factor_values, definition=card)


def load_ges_cards(deck: str | None = None, territory: str = "france",
                   data_dir: str | Path | None = None) -> list[CardValue]:
    """Load the GES cards with their values, for the dashboard and the print build.

    Parameters
    ----------
    deck : str, optional
        Only this deck (a sector id: ``"mobilite"``, ``"alimentation"``…).
    territory : str
        Territory id: cards restricted to other territories (``territories = [...]``) are
        left out.
    data_dir : path-like, optional
        Data folder (default: :func:`simulation.paths.data_dir`).

    Returns
    -------
    list of CardValue
        In deck order, then file order.

    Raises
    ------
    DataFileError
        Invalid data folder.
    UnknownIdError
        Unknown deck.
    """
    from simulation.data import load_data
    from simulation.exceptions import UnknownIdError

    data = load_data(data_dir)
    decks = sorted({c.deck for c in data.cards}, key=tuple(data.vocabulary.sectors).index)
    if deck is not None and deck not in decks:
        raise UnknownIdError(t("cli.unknown_deck", deck=deck, decks=", ".join(decks)))
    return [card_value(card, data.factors) for card in data.cards
            if (deck is None or card.deck == deck)
            and (not card.territories or territory in card.territories)]
