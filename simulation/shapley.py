"""Shapley attribution of a change to the levers that caused it.

The value function takes a boolean matrix of coalitions (one row per coalition, one column per
active lever) and returns the model total for each, so that every coalition is evaluated in one
vectorised batch.
"""

from __future__ import annotations

from math import factorial

import numpy as np


def _masks(k: int) -> np.ndarray:
    """All 2**k coalitions of k players as a (2**k, k) 0/1 matrix (row i = bits of i)."""
    idx = np.arange(2**k, dtype=np.int64)[:, None]
    return ((idx >> np.arange(k)) & 1).astype(np.int64)


def shapley_exact(value, k: int) -> np.ndarray:
    """Exact Shapley values of ``k`` players.

    Parameters
    ----------
    value : callable
        ``value(masks) -> totals`` for a (M, k) 0/1 matrix of coalitions.
    k : int
        Number of players (levers), up to ~16 (2**k evaluations).

    Returns
    -------
    numpy.ndarray
        Shape (k,): contributions summing to ``value(all) − value(none)``.

    Notes
    -----
    .. math:: \\phi_i = \\sum_{S \\not\\ni i} \\frac{|S|!\\,(k-|S|-1)!}{k!}
              \\left[v(S \\cup \\{i\\}) - v(S)\\right]
    """
    masks = _masks(k)
    v = np.asarray(value(masks), dtype=float)
    sizes = masks.sum(axis=1)
    weights = np.array([factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)])
    codes = np.arange(2**k)
    phi = np.empty(k)
    for i in range(k):
        without = codes[(codes >> i) & 1 == 0]
        phi[i] = np.sum(weights[sizes[without]] * (v[without | (1 << i)] - v[without]))
    return phi


def shapley_sampled(value, k: int, permutations: int, seed: int) -> np.ndarray:
    """Shapley values estimated from seeded random permutations.

    Each permutation adds the players one by one; the marginal contributions of one
    permutation sum to ``value(all) − value(none)``, so their mean does too (exactly, up to
    floating-point rounding).

    Parameters
    ----------
    value : callable
        As in :func:`shapley_exact`.
    k : int
        Number of players.
    permutations : int
        Number of random orders.
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    """
    rng = np.random.default_rng(seed)
    orders = np.array([rng.permutation(k) for _ in range(permutations)])
    # Coalition j of a permutation = its first j players (j = 0..k).
    ranks = np.argsort(orders, axis=1)  # rank of each player in each permutation
    steps = np.arange(k + 1)
    masks = (ranks[:, None, :] < steps[None, :, None]).astype(np.int64)  # (P, k+1, k)
    v = np.asarray(value(masks.reshape(-1, k)), dtype=float).reshape(permutations, k + 1)
    marginal = np.diff(v, axis=1)  # (P, k): contribution of the player added at each step
    phi = np.zeros(k)
    np.add.at(phi, orders.ravel(), marginal.ravel())
    return phi / permutations
