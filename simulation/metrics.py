"""One definition for each number the project publishes, on screen, on paper, in the CLI.

Three quantities reach people and are easy to confuse; each has one function here, one
name in the text catalogue (``metric.*`` in ``simulation/texts.toml``), and no other code
computes them:

- **effect of a lever alone** (« Effet du levier seul », :func:`effect_alone`): the change
  of the 2050 total when this lever is at the given level and every other lever at 0. It is
  what a lever card prints: a property of the lever, the same for every group.
- **share of the group's change** (« Part dans le changement du groupe »,
  :func:`shares_of_change`): the Shapley share of each active lever in the gap between "no
  lever" and the group's pathway. Shares sum to the gap and do not depend on the order in
  which the levers were played; they depend on the other levers chosen (two levers acting
  on the same emissions share them). It is what the dashboard's waterfall and the group's
  take-home roadmap print.
- **uncertainty band** (« incertitude », :func:`uncertainty_band`): the 5–95 % band of a
  Monte Carlo over the factors' low/value/high ranges, always with :data:`BAND_SAMPLES`
  draws and seed :data:`BAND_SEED`, so the same pathway shows the same band everywhere.
  Draws share one quantile per kind of factor (:func:`simulation.model.sample_factors`).

« No lever » (« Sans levier », the reference of the first two) is 2023's activity held with
only the exogenous context of the :data:`TREND` scenario (climate, digital growth); the
trend scenario itself adds the policies already decided as lever levels, so it is lower.

Rounding: printed and narrative numbers use 2 significant figures
(:func:`simulation.formatting.format_co2`'s default); the big live total of the dashboard
uses :data:`LIVE_DIGITS`, so that every lever played visibly moves it.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulation.levers import LAST_YEAR

#: Monte Carlo draws of every uncertainty band (screen, paper, CLI, docs).
BAND_SAMPLES = 1000
#: Seed of those draws: the same pathway gives the same band everywhere.
BAND_SEED = 0
#: Percentiles of the band [%].
BAND_PERCENTILES = (5, 95)
#: Significant figures of the big live total on the dashboard.
LIVE_DIGITS = 3
#: Significant figures of every other published number.
PRINT_DIGITS = 2
#: Scenario giving the exogenous context of the effects and the "no lever" pathway.
TREND = "tendanciel"


def effect_alone(model, lever_id: str, level: int, territory: str = "france",
                 scenario: str = TREND, year: int = LAST_YEAR) -> float:
    """Effect of a lever alone: change of the total in ``year`` [kgCO2e/person/yr].

    Parameters
    ----------
    model : Model
    lever_id : str
    level : int
        0–4.
    territory, scenario : str
        Whose inhabitants, and which exogenous context.
    year : int
        Year of the effect (2050 by default).

    Returns
    -------
    float
        ``total(lever at level, others at 0) − total(no lever)``; negative is a reduction.
    """
    return model.lever_effect(lever_id, level, territory=territory, year=year,
                              scenario=scenario)


def shares_of_change(model, levels: Mapping[str, int], territory: str = "france",
                     scenario: str = TREND, year: int = LAST_YEAR) -> dict[str, float]:
    """Share of each active lever in the group's change (Shapley) [kgCO2e/person/yr].

    Returns
    -------
    dict
        ``{lever_id: share}`` for the levers above level 0; the shares sum to
        ``total(levels) − total(no lever)``. Empty when no lever is active.
    """
    active = {k: v for k, v in levels.items() if v > 0}
    if not active:
        return {}
    return model.attribution(active, territory=territory, scenario=scenario, year=year)


def uncertainty_band(model, levels: Mapping[str, int] | None, territory: str = "france",
                     scenario: str = TREND):
    """The 5–95 % band of a pathway (:data:`BAND_SAMPLES` draws, seed :data:`BAND_SEED`).

    Parameters
    ----------
    model : Model
    levels : mapping or None
        Lever levels; None takes the scenario's own levels.
    territory, scenario : str

    Returns
    -------
    Band
        Totals and sectors, low and high, for each year [kgCO2e/person/yr].
    """
    return model.uncertainty(levels, territory=territory, scenario=scenario, n=BAND_SAMPLES,
                             seed=BAND_SEED, percentiles=BAND_PERCENTILES)
