"""atelier-transition: greenhouse-gas emissions by sector for climate workshops.

The package is organised so that a reader finds where a number comes from in one hop:

- :mod:`simulation.units` — the one pint registry (CO2e dimension, activity units);
- :mod:`simulation.factors` — loads and validates ``data/emission_factors``;
- :mod:`simulation.model` — territories, levers, scenarios and the 2023–2050 model;
- :mod:`simulation.cards` — print-ready cards computed by the same model;
- :mod:`simulation.ui` — the Voilà dashboard widgets (no model logic);
- :mod:`simulation.cli` — the ``atelier`` command.
"""

__version__ = "0.1.0"
