# ruff: noqa: E501 (a table of user texts reads best one entry a line)
"""Texts of the dashboard, French first, English second.

Texts that come from data (lever titles, scenario names…) are read from the model in the
chosen language; this table only holds the dashboard's own words.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"fr": "Atelier transition", "en": "Transition workshop"},
    "tab_sources": {"fr": "D'où viennent nos émissions ?", "en": "Where do our emissions come from?"},
    "tab_levers": {"fr": "Leviers d'action", "en": "Levers for action"},
    "tab_prospective": {"fr": "Prospective 2050", "en": "Foresight 2050"},
    "tab_teams": {"fr": "Équipes et manches", "en": "Teams and rounds"},
    "territory": {"fr": "Territoire", "en": "Territory"},
    "team": {"fr": "Équipe", "en": "Team"},
    "add_team": {"fr": "+ équipe", "en": "+ team"},
    "undo": {"fr": "↶ Annuler", "en": "↶ Undo"},
    "reset": {"fr": "Tout à 0", "en": "All to 0"},
    "lang_button": {"fr": "English", "en": "Français"},
    "per_person": {"fr": "par habitant et par an", "en": "per inhabitant per year"},
    "in_2050": {"fr": "En 2050", "en": "In 2050"},
    "vs_today": {"fr": "par rapport à {year}", "en": "compared with {year}"},
    "target": {"fr": "Objectif", "en": "Target"},
    "target_reached": {"fr": "objectif atteint", "en": "target reached"},
    "target_gap": {"fr": "encore {gap} à réduire", "en": "{gap} still to cut"},
    "code_short": {"fr": "Code", "en": "Code"},
    "chart_trajectory": {"fr": "Trajectoire 2023–2050", "en": "Pathway 2023–2050"},
    "chart_sectors": {"fr": "Par secteur", "en": "By sector"},
    "chart_waterfall": {"fr": "Effet des leviers", "en": "Effect of the levers"},
    "chart_footprint": {"fr": "Empreinte par secteur en {year}", "en": "Footprint by sector in {year}"},
    "chart_items": {"fr": "Détail : {sector}", "en": "Detail: {sector}"},
    "chart_presets": {"fr": "Notre parcours et les scénarios, en 2050", "en": "Our pathway and the scenarios, in 2050"},
    "chart_teams": {"fr": "Les équipes en 2050", "en": "The teams in 2050"},
    "unit_t": {"fr": "t CO₂e / hab. / an", "en": "t CO₂e / inhab. / yr"},
    "unit_kg": {"fr": "kg CO₂e / hab. / an", "en": "kg CO₂e / inhab. / yr"},
    "today": {"fr": "Aujourd'hui", "en": "Today"},
    "no_lever": {"fr": "Sans levier", "en": "No lever"},
    "others": {"fr": "Autres", "en": "Others"},
    "ours": {"fr": "Nous", "en": "Us"},
    "band": {"fr": "incertitude (5–95 %)", "en": "uncertainty (5–95%)"},
    "level": {"fr": "Niveau", "en": "Level"},
    "cards_title": {"fr": "Jeu GES : classez les cartes", "en": "GHG game: rank the cards"},
    "deck": {"fr": "Paquet", "en": "Deck"},
    "draw": {"fr": "Tirer 5 cartes", "en": "Draw 5 cards"},
    "reveal": {"fr": "Révéler", "en": "Reveal"},
    "cards_hint": {
        "fr": "Le groupe classe les cartes de la plus émettrice à la moins émettrice (▲ ▼), puis on révèle.",
        "en": "The group ranks the cards from most to least emitting (▲ ▼), then reveal.",
    },
    "cards_score": {"fr": "{ok} sur {n} à la bonne place", "en": "{ok} of {n} in the right place"},
    "cards_missing": {"fr": "Cartes indisponibles : {error}", "en": "Cards unavailable: {error}"},
    "narrative_title": {"fr": "Mise en récit", "en": "Storytelling"},
    "narrative_intro": {"fr": "En 2050, dans notre territoire…", "en": "In 2050, in our territory…"},
    "narrative_none": {
        "fr": "rien n'a changé : aucun levier n'est activé. Choisissez des leviers dans l'onglet « Leviers d'action ».",
        "en": "nothing has changed: no lever is active. Choose levers in the “Levers for action” tab.",
    },
    "narrative_total": {
        "fr": "Chaque habitant émet {value} par an, {pct} par rapport à {year}.",
        "en": "Each inhabitant emits {value} a year, {pct} compared with {year}.",
    },
    "apply_preset": {"fr": "Reprendre ce scénario", "en": "Use this scenario"},
    "save_round": {"fr": "Enregistrer la manche", "en": "Save the round"},
    "load_round": {"fr": "Revenir à cette manche", "en": "Go back to this round"},
    "rounds": {"fr": "Manches enregistrées", "en": "Saved rounds"},
    "round_label": {"fr": "Manche {n}", "en": "Round {n}"},
    "no_round": {"fr": "aucune manche enregistrée", "en": "no round saved"},
    "export_pdf": {"fr": "Feuille de route (PDF)", "en": "Roadmap (PDF)"},
    "download": {"fr": "Télécharger la feuille de route", "en": "Download the roadmap"},
    "restore_code": {"fr": "Appliquer le code", "en": "Apply the code"},
    "code_placeholder": {"fr": "coller un code de parcours", "en": "paste a pathway code"},
    "bad_code": {"fr": "Code invalide : {error}", "en": "Invalid code: {error}"},
    "code_restored": {"fr": "Parcours restauré depuis le code.", "en": "Pathway restored from the code."},
    "round_saved": {"fr": "Manche {n} enregistrée.", "en": "Round {n} saved."},
    "nothing_to_undo": {"fr": "Rien à annuler.", "en": "Nothing to undo."},
}


def tr(key: str, lang: str = "fr", **fmt: str) -> str:
    """Return the text ``key`` in ``lang``, formatted with ``fmt``."""
    text = TEXTS[key][lang]
    return text.format(**fmt) if fmt else text
