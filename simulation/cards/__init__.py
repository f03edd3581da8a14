"""Print-ready cards computed from the same factor base and model as the dashboards.

* :mod:`simulation.cards.definitions`: the "jeux GES" card files ``data/cards/*.toml``,
  validated, and their values computed with units from the factor base;
* :mod:`simulation.cards.model_decks`: the *leviers* and *prospective* decks, from the model;
* :mod:`simulation.cards.layout`: A4 sheets of 63 × 88 mm cards (reportlab);
* :mod:`simulation.cards.posters`: A3 posters, one a sector (matplotlib chart);
* :mod:`simulation.cards.lock`: ``data/cards/values.lock.csv`` and the diff for authors;
* :mod:`simulation.cards.build`: the atomic ``atelier cards build``.

The dashboard's card game uses :func:`load_ges_cards`.
"""

from __future__ import annotations

from simulation.cards.definitions import CardValue, load_ges_cards

__all__ = ["CardValue", "load_ges_cards"]
