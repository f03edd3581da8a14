"""The sector model: 2023–2050 emissions per inhabitant for a territory, levers and scenario.

One :class:`Model` holds the validated data (factors, territories, levers, scenarios, targets)
and evaluates pathways with numpy. The dashboard, the cards and the CLI all call it; it has no
widgets. Composition semantics (see :mod:`simulation.levers`): each lever effect sets or scales
a parameter along a ramp from its start year to 2050, on top of the scenario's exogenous
context; the bottom-up equations (:mod:`simulation.equations`) then multiply activities and
factors, so lever effects compound and never double count.

Examples
--------
>>> from simulation.model import load_model
>>> m = load_model()
>>> r = m.evaluate({"covoiturage": 2})
>>> round(r.value(2050)) < round(m.evaluate().value(2050))
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulation.equations import emissions
from simulation.exceptions import AtelierError, Problem, ScenarioFileError, UnknownIdError, rel
from simulation.levers import (
    FIRST_YEAR,
    LAST_YEAR,
    LEVELS,
    Effect,
    Lever,
    Scenario,
    ramp_fraction,
)
from simulation.paths import data_dir
from simulation.territories import Territory

YEARS = np.arange(FIRST_YEAR, LAST_YEAR + 1)
#: Exact Shapley values up to this many active levers; seeded permutation sampling beyond.
SHAPLEY_EXACT_MAX = 12
SHAPLEY_PERMUTATIONS = 256
#: Pathways evaluated together in :meth:`Model.evaluate_batch`: 512 × 28 years of float64 is
#: 112 KiB per temporary array, under glibc's 128 KiB mmap threshold, so temporaries come from
#: the heap and stay in the CPU cache instead of being mapped and unmapped at every operation.
BATCH_CHUNK = 512


@dataclass(frozen=True)
class Result:
    """Emissions of one pathway, per inhabitant [kgCO2e/person/yr], for each year of ``years``."""

    years: np.ndarray
    total: np.ndarray
    sectors: dict[str, np.ndarray]
    items: dict[str, dict[str, np.ndarray]]
    territory: str
    population: int

    def _index(self, year: int) -> int:
        idx = np.flatnonzero(self.years == year)
        if idx.size == 0:
            raise UnknownIdError(f"année {year} hors de {self.years[0]}–{self.years[-1]}")
        return int(idx[0])

    def value(self, year: int = LAST_YEAR) -> float:
        """Total in ``year`` [kgCO2e/person/yr]."""
        return float(self.total[self._index(year)])

    def sector_values(self, year: int = LAST_YEAR) -> dict[str, float]:
        """Sector totals in ``year`` [kgCO2e/person/yr]."""
        i = self._index(year)
        return {s: float(v[i]) for s, v in self.sectors.items()}

    def item_values(self, year: int = LAST_YEAR) -> dict[str, dict[str, float]]:
        """Sub-item values in ``year`` [kgCO2e/person/yr]."""
        i = self._index(year)
        return {s: {k: float(v[i]) for k, v in items.items()} for s, items in self.items.items()}

    def territory_total_t(self, year: int = LAST_YEAR) -> float:
        """Whole-territory emissions in ``year`` [tCO2e/yr] (population held at today's)."""
        return self.value(year) * self.population / 1000.0


@dataclass(frozen=True)
class Band:
    """A 5–95 % uncertainty band from the Monte Carlo [kgCO2e/person/yr]."""

    years: np.ndarray
    total_low: np.ndarray
    total_median: np.ndarray
    total_high: np.ndarray
    sector_low: dict[str, np.ndarray]
    sector_high: dict[str, np.ndarray]


@dataclass(frozen=True)
class Targets:
    """Per-person 2050 target, its range and the milestones that apply (from data/climate)."""

    target_2050_kg: float
    range_low_kg: float
    range_high_kg: float
    source: str
    milestones: tuple[dict, ...]


class _Context:
    """Precomputed paths of one (territory, scenario) pair.

    ``params`` holds the baseline paths (territory values moved by the scenario context).
    ``effects`` maps each parameter a lever touches to ``(set_entry, scale_entries)``, each
    entry ``(lever_index, table)`` with ``table[level]`` the parameter's (T,) path (set) or
    multiplier path (scale) at that level; row 0 is "no change". Evaluating a pathway is then a
    lookup per active lever: set first, then the scale factors multiply, which makes the result
    independent of the order in which levers are listed or set.
    """

    def __init__(self, model: Model, territory: Territory, scenario: Scenario):
        base = territory.values()
        self.params: dict[str, object] = dict(base)
        for effect in scenario.context:
            r = ramp_fraction(YEARS, effect.start_year, effect.ramp)
            self.params[effect.parameter] = _apply(self.params[effect.parameter], effect,
                                                   effect.values[0], r)
        self.population = territory.population
        self.territory = territory.id
        self.effects: dict[str, tuple] = {}
        for j, lever in enumerate(model.levers):
            for effect in lever.effects:
                r = ramp_fraction(YEARS, effect.start_year, effect.ramp)
                current = np.broadcast_to(np.asarray(self.params[effect.parameter], float),
                                          YEARS.shape)
                rows = [current if effect.operation == "set" else np.ones_like(r)]
                rows += [_apply(current, effect, v, r) if effect.operation == "set"
                         else 1.0 + r * (v - 1.0) for v in effect.values]
                table = np.vstack(rows)
                set_entry, scales = self.effects.get(effect.parameter, (None, []))
                if effect.operation == "set":
                    set_entry = (j, table)
                else:
                    scales = [*scales, (j, table)]
                self.effects[effect.parameter] = (set_entry, scales)


def _apply(current, effect: Effect, target, r):
    """Apply one effect at ``target`` (2050 value or factor) with ramp ``r``."""
    if effect.operation == "set":
        return current + r * (target - current)
    return current * (1.0 + r * (target - 1.0))


class Model:
    """The whole model: data plus pathway evaluation.

    Use :func:`load_model` to get a cached instance for a data folder.
    """

    def __init__(self, factors, territories: dict[str, Territory], levers: tuple[Lever, ...],
                 scenarios: dict[str, Scenario], targets: Targets, data_path: Path,
                 vocabulary):
        self.factors = factors
        self.territories = territories
        self.levers = levers
        self.scenarios = scenarios
        self.targets = targets
        self.vocabulary = vocabulary
        self.target_2050_kg = targets.target_2050_kg
        self.target_range_kg = (targets.range_low_kg, targets.range_high_kg)
        self.data_path = data_path
        self.sectors = vocabulary.sector_ids
        self.items = {s: tuple(it.id for it in items) for s, items in vocabulary.items.items()}
        self.lever_ids = tuple(lever.id for lever in levers)
        self._lever_index = {lid: i for i, lid in enumerate(self.lever_ids)}
        self._lever_by_id = {lever.id: lever for lever in levers}
        self.f = {r.role: factors.value(r.factor, r.unit) for r in vocabulary.roles.values()}
        self._contexts: dict[tuple[str, str], _Context] = {}

    @classmethod
    def from_dataset(cls, data) -> Model:
        """Build the model of a checked :class:`~simulation.data.Dataset`."""
        return cls(data.factors, data.territories, data.levers, data.scenarios, data.targets,
                   data.path, data.vocabulary)

    # ----------------------------------------------------------------- lookup helpers
    def lever(self, lever_id: str) -> Lever:
        """Return the lever ``lever_id`` (UnknownIdError if none)."""
        try:
            return self._lever_by_id[lever_id]
        except KeyError:
            raise UnknownIdError(f"levier inconnu « {lever_id} »") from None

    def item_label(self, item_id: str, lang: str = "fr") -> str:
        """Display label of a sub-item."""
        return self.vocabulary.item(item_id).label(lang)

    def sector_label(self, sector: str, lang: str = "fr") -> str:
        """Display label of a sector."""
        return self.vocabulary.sectors[sector].label(lang)

    def _context(self, territory: str, scenario: str) -> _Context:
        key = (territory, scenario)
        ctx = self._contexts.get(key)
        if ctx is None:
            if territory not in self.territories:
                raise UnknownIdError(f"territoire inconnu « {territory} » : "
                                     + ", ".join(sorted(self.territories)))
            if scenario not in self.scenarios:
                raise UnknownIdError(f"scénario inconnu « {scenario} » : "
                                     + ", ".join(sorted(self.scenarios)))
            ctx = _Context(self, self.territories[territory], self.scenarios[scenario])
            self._contexts[key] = ctx
        return ctx

    def levels_vector(self, levels: Mapping[str, int] | None) -> np.ndarray:
        """Lever levels as an integer vector in :attr:`lever_ids` order (missing = 0)."""
        vec = np.zeros(len(self.lever_ids), dtype=np.int64)
        for lid, level in (levels or {}).items():
            if lid not in self._lever_index:
                raise UnknownIdError(f"levier inconnu « {lid} »")
            if isinstance(level, bool) or not isinstance(level, int | np.integer) \
                    or not 0 <= level < LEVELS:
                raise AtelierError(f"niveau {level!r} invalide pour « {lid} » : entier de 0 à 4")
            vec[self._lever_index[lid]] = level
        return vec

    def levels_dict(self, vector) -> dict[str, int]:
        """Inverse of :meth:`levels_vector` (only non-zero levels)."""
        return {lid: int(v) for lid, v in zip(self.lever_ids, vector, strict=True) if v}

    # ----------------------------------------------------------------- evaluation
    def _params(self, ctx: _Context, levels: np.ndarray, year_slice) -> dict:
        """Parameters for pathways ``levels`` of shape (L,) or (N, L), years ``year_slice``."""
        p = {k: (v[year_slice] if isinstance(v, np.ndarray) else v) for k, v in ctx.params.items()}
        # which levers are above 0 in any pathway: one numpy call, then plain Python lookups
        active = (levels.any(axis=0) if levels.ndim > 1 else levels != 0).tolist()
        for name, (set_entry, scales) in ctx.effects.items():
            value = None
            if set_entry is not None:
                j, table = set_entry
                if active[j]:
                    value = table[levels[..., j], year_slice]
            for j, table in scales:
                if active[j]:
                    factor = table[levels[..., j], year_slice]
                    if value is None:
                        value = p[name] * factor
                    else:
                        value *= factor
            if value is not None:
                p[name] = value
        return p

    def _evaluate(self, ctx, levels, f, year_slice=slice(None)):
        p = self._params(ctx, levels, year_slice)
        out = emissions({**p, **f}, self.sectors)
        items = {s: {k: out[s][k] for k in self.items[s]} for s in self.sectors}
        years = YEARS[year_slice]
        shape = np.broadcast_shapes(*(np.shape(v) for s in items.values() for v in s.values()),
                                    years.shape)
        items = {s: {k: v if np.shape(v) == shape else np.broadcast_to(v, shape)
                     for k, v in d.items()} for s, d in items.items()}
        sectors = {s: sum(d.values()) for s, d in items.items()}
        total = sum(sectors.values())
        return years, total, sectors, items

    def evaluate(self, levels: Mapping[str, int] | None = None, territory: str = "france",
                 scenario: str = "tendanciel") -> Result:
        """Emissions 2023–2050 of one pathway.

        Parameters
        ----------
        levels : mapping, optional
            ``{lever_id: level}`` (0–4); missing levers are at 0. With ``levels=None`` and a
            scenario other than ``tendanciel``, the scenario's own lever levels are used.
        territory : str
            Territory id.
        scenario : str
            Scenario id giving the exogenous context.

        Returns
        -------
        Result
            Totals, sectors and sub-items [kgCO2e/person/yr] for each year.
        """
        ctx = self._context(territory, scenario)
        if levels is None:
            levels = self.scenarios[scenario].levels
        vec = self.levels_vector(levels)
        years, total, sectors, items = self._evaluate(ctx, vec, self.f)
        return Result(years, total, sectors, items, ctx.territory, ctx.population)

    def evaluate_batch(self, levels: np.ndarray, territory: str = "france",
                       scenario: str = "tendanciel", year: int | None = None) -> np.ndarray:
        """Totals of many pathways at once [kgCO2e/person/yr].

        Parameters
        ----------
        levels : numpy.ndarray
            Integer levels of shape (N, L), columns in :attr:`lever_ids` order.
        territory, scenario : str
            As in :meth:`evaluate`.
        year : int, optional
            Only this year (faster); otherwise every year.

        Returns
        -------
        numpy.ndarray
            Shape (N,) with ``year``, else (N, T).
        """
        levels = np.asarray(levels, dtype=np.int64)
        if levels.ndim != 2 or levels.shape[1] != len(self.lever_ids):
            raise AtelierError(f"niveaux de forme {levels.shape} : attendu (N, "
                               f"{len(self.lever_ids)})")
        if levels.size and (levels.min() < 0 or levels.max() >= LEVELS):
            raise AtelierError("niveaux hors de 0–4")
        return self._batch_totals(self._context(territory, scenario), levels, year)

    def _batch_totals(self, ctx: _Context, levels: np.ndarray, year: int | None) -> np.ndarray:
        ys = slice(None) if year is None else slice(year - FIRST_YEAR, year - FIRST_YEAR + 1)
        n_years = np.size(YEARS[ys])
        out = np.empty((levels.shape[0], n_years))
        # Chunks keep the temporaries small (see BATCH_CHUNK): ~1.7x faster than one block.
        for start in range(0, levels.shape[0], BATCH_CHUNK):
            chunk = levels[start:start + BATCH_CHUNK]
            _, total, _, _ = self._evaluate(ctx, chunk, self.f, ys)
            out[start:start + chunk.shape[0]] = np.broadcast_to(total, (chunk.shape[0], n_years))
        return out[:, 0] if year is not None else out

    def lever_inputs(self, territory: str, names=None, level: int = LEVELS - 1,
                     year: int = LAST_YEAR, scenario: str = "tendanciel") -> dict[str, tuple]:
        """Which territory parameters each lever's effect depends on.

        A parameter is *behind* a lever when changing its value (by a quarter, or from 0 to a
        small value) changes the lever's effect alone at ``level`` in ``year``. The dashboard
        uses it to say which of these values are national for a territory.

        Parameters
        ----------
        territory : str
            Territory id.
        names : iterable of str, optional
            Parameters to test (default: every parameter the territory's files give).
        level, year, scenario
            The effect tested (level 4 in 2050, trend context, by default).

        Returns
        -------
        dict
            ``{lever_id: (parameter, …)}`` in :attr:`lever_ids` order, parameters sorted.
        """
        import dataclasses

        ctx0 = self._context(territory, scenario)
        terr = self.territories[territory]
        n = len(self.lever_ids)
        levels = np.zeros((n + 1, n), dtype=np.int64)
        levels[np.arange(1, n + 1), np.arange(n)] = level

        def effects(ctx):
            totals = self._batch_totals(ctx, levels, year)
            return totals[1:] - totals[0]

        base = effects(ctx0)
        tolerance = 1e-9 * np.maximum(1.0, np.abs(base))
        behind: dict[str, list[str]] = {lid: [] for lid in self.lever_ids}
        names = sorted(terr.parameters) if names is None else sorted(names)
        for name in names:
            pv = terr.parameters[name]
            spec = self.vocabulary.parameters[name]
            value = pv.value * 1.25 if pv.value else (0.1 if spec.kind == "share" else 1.0)
            if spec.maximum is not None and value > spec.maximum:
                value = pv.value * 0.8
            changed = dataclasses.replace(
                terr, parameters={**terr.parameters, name: dataclasses.replace(pv, value=value)})
            moved = np.abs(effects(_Context(self, changed, self.scenarios[scenario])) - base)
            for j in np.flatnonzero(moved > tolerance):
                behind[self.lever_ids[j]].append(name)
        return {lid: tuple(v) for lid, v in behind.items()}

    def lever_effect(self, lever_id: str, level: int, territory: str = "france",
                     year: int = LAST_YEAR, scenario: str = "tendanciel") -> float:
        """Change in the total [kgCO2e/person/yr] when only ``lever_id`` is at ``level``.

        Negative values are reductions.
        """
        self.lever(lever_id)
        base = self.evaluate({}, territory, scenario).value(year)
        return self.evaluate({lever_id: level}, territory, scenario).value(year) - base

    # ----------------------------------------------------------------- attribution
    def attribution(self, levels: Mapping[str, int] | None, territory: str = "france",
                    scenario: str = "tendanciel", year: int = LAST_YEAR,
                    seed: int = 0) -> dict[str, float]:
        """Shapley contribution of each active lever to the change in ``year``.

        Parameters
        ----------
        levels : mapping
            The pathway's lever levels.
        territory, scenario : str
            As in :meth:`evaluate`.
        year : int
            Year of the attribution (2050 by default).
        seed : int
            Seed of the permutation sampling used beyond :data:`SHAPLEY_EXACT_MAX` levers.

        Returns
        -------
        dict
            ``{lever_id: contribution}`` [kgCO2e/person/yr] for levers with level > 0; the
            contributions sum to ``total(levels) − total(no lever)`` (efficiency), whatever
            the order in which the levers were set.

        Notes
        -----
        Exact Shapley values enumerate the :math:`2^k` coalitions of the :math:`k` active
        levers in one batched evaluation. Beyond 12 levers, seeded random permutations are
        used; each permutation's marginal contributions telescope to the total change, so the
        sampled values also sum exactly to it.
        """
        vec = self.levels_vector(levels)
        active = np.flatnonzero(vec)
        k = active.size
        if k == 0:
            return {}
        from simulation.shapley import shapley_exact, shapley_sampled

        def value(masks: np.ndarray) -> np.ndarray:
            batch = np.zeros((masks.shape[0], vec.size), dtype=np.int64)
            batch[:, active] = masks * vec[active]
            return self.evaluate_batch(batch, territory, scenario, year)

        if k <= SHAPLEY_EXACT_MAX:
            phi = shapley_exact(value, k)
        else:
            phi = shapley_sampled(value, k, SHAPLEY_PERMUTATIONS, seed)
        return {self.lever_ids[j]: float(phi[i]) for i, j in enumerate(active)}

    # ----------------------------------------------------------------- uncertainty
    def uncertainty(self, levels: Mapping[str, int] | None = None, territory: str = "france",
                    scenario: str = "tendanciel", n: int = 1000, seed: int = 0,
                    percentiles: tuple[float, float] = (5.0, 95.0)) -> Band:
        """5–95 % band of totals and sectors from the factors' low/high ranges.

        Each factor used is drawn ``n`` times from a triangular distribution (low, value,
        high), with one shared quantile per kind of factor (:func:`sample_factors`) and a
        seeded generator; the pathway is evaluated once for all samples (vectorised).

        Parameters
        ----------
        levels : mapping, optional
            Lever levels (as in :meth:`evaluate`).
        territory, scenario : str
            As in :meth:`evaluate`.
        n : int
            Number of samples.
        seed : int
            Seed: the same seed gives the same band.
        percentiles : (float, float)
            Low and high percentiles of the band [%].

        Returns
        -------
        Band
            Percentiles 5, 50 and 95 of totals, 5 and 95 of sectors, for each year.
        """
        ctx = self._context(territory, scenario)
        if levels is None:
            levels = self.scenarios[scenario].levels
        vec = self.levels_vector(levels)
        f = sample_factors(self.factors, self.vocabulary.roles.values(), n, seed)
        years, total, sectors, _ = self._evaluate(ctx, vec, f)
        total = np.broadcast_to(total, (n, years.size))
        p_lo, p_hi = percentiles
        lo, med, hi = np.percentile(total, [p_lo, 50.0, p_hi], axis=0)
        s_lo, s_hi = {}, {}
        for s, v in sectors.items():
            v = np.broadcast_to(v, (n, years.size))
            s_lo[s], s_hi[s] = np.percentile(v, [p_lo, p_hi], axis=0)
        return Band(years, lo, med, hi, s_lo, s_hi)


def triangular_quantile(u, low: float, mode: float, high: float):
    """Quantile ``u`` (0–1) of the triangular distribution (low, mode, high).

    Parameters
    ----------
    u : float or numpy.ndarray
        Probabilities in [0, 1].
    low, mode, high : float
        ``low <= mode <= high``; ``low == high`` gives ``mode`` everywhere.
    """
    u = np.asarray(u, dtype=float)
    width = high - low
    if width <= 0:
        return np.full(u.shape, float(mode))
    c = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < c, left, right)


def sample_factors(factors, roles, n: int, seed: int) -> dict[str, np.ndarray]:
    """Draw ``n`` values of every factor role, shape (n, 1), correlated by kind of factor.

    Factors of the same kind (the range rule of ``data/emission_factors/SCHEMA.md``: « transport
    par km », « alimentation (Agribalyse) », « fabrication d'un bien »…) share one quantile per
    draw: when a draw takes the Agribalyse meals high, it takes every meal high. The ranges
    of a kind come from the same assumption, so their errors are not independent; drawing
    them independently would let them cancel out and narrow the band. Different kinds are
    independent. Each factor keeps its triangular distribution (low, value, high); a factor
    used by several roles gets the same draw.

    Parameters
    ----------
    factors : FactorBase
        The factor base (canonical floats).
    roles : iterable of FactorRole
        The factor roles of the vocabulary (factor id and unit of each equation input).
    n : int
        Number of samples.
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    """
    roles = list(roles)
    ids = list(dict.fromkeys(r.factor for r in roles))
    unit = {r.factor: r.unit for r in roles}
    kinds = sorted({factors[fid].range_kind for fid in ids})
    rng = np.random.default_rng(seed)
    quantiles = rng.random((len(kinds), n))
    kind_row = np.array([kinds.index(factors[fid].range_kind) for fid in ids])
    # one vectorised triangular quantile for every factor: (factors, samples)
    lo, mode, hi = (np.array([get(fid, unit[fid]) for fid in ids])[:, None]
                    for get in (factors.low, factors.value, factors.high))
    u = quantiles[kind_row]
    width = np.where(hi > lo, hi - lo, 1.0)
    c = (mode - lo) / width
    drawn = np.where(u < c, lo + np.sqrt(u * width * (mode - lo)),
                     hi - np.sqrt((1.0 - u) * width * (hi - mode)))
    drawn = np.where(hi > lo, drawn, mode)
    by_id = dict(zip(ids, drawn, strict=True))
    return {r.role: by_id[r.factor][:, None] for r in roles}


def load_targets(path: Path) -> Targets:
    """Read ``data/climate/targets.toml`` (2050 target, range, milestones with sources)."""
    from simulation.tomlsource import load_toml

    data, locator = load_toml(path, ScenarioFileError)
    shown = rel(path)
    problems = []
    values = {}
    for key in ("target_2050_kg", "range_low_kg", "range_high_kg"):
        v = data.get(key)
        if isinstance(v, bool) or not isinstance(v, int | float) or v <= 0:
            problems.append(Problem(shown, locator.line(key), key, "nombre > 0 attendu"))
        else:
            values[key] = float(v)
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        problems.append(Problem(shown, locator.line("source"), "source", "source manquante"))
    if problems:
        raise ScenarioFileError(problems)
    return Targets(values["target_2050_kg"], values["range_low_kg"], values["range_high_kg"],
                   data["source"], tuple(data.get("milestones", [])))


@functools.lru_cache(maxsize=8)
def _load_model_cached(path: Path) -> Model:
    from simulation.data import load_data

    return Model.from_dataset(load_data(path))


def load_model(data_dir_override=None) -> Model:
    """Load (once per data folder) and return the :class:`Model`.

    Parameters
    ----------
    data_dir_override : path-like, optional
        Data folder; default ``data/`` of the project or ``$ATELIER_DATA``.

    Raises
    ------
    DataFolderError
        Listing every problem of every data file (see :mod:`simulation.data`).
    """
    return _load_model_cached(data_dir(data_dir_override).resolve())


load_model.cache_clear = _load_model_cached.cache_clear  # type: ignore[attr-defined]

__all__ = ["YEARS", "Band", "Model", "Result", "load_model"]
