"""State of the awareness game and of « Été 2050 », in plain Python (no widget, no number).

- :class:`AccelerationGame`: « La grande accélération ». The curves are shown shuffled under
  letters (A, B, C…) without their names; the room says which curve is which, the
  facilitator records each guess, then reveals the names, the units and the multipliers.
- :class:`ClimateChoices`: what the facilitator chose on the other screens (whether the
  planetary boundaries' states are revealed, the highlighted scenario, the summer's
  warming reference).

The dashboards' controllers (:mod:`simulation.ui.awareness`, :mod:`simulation.ui.app`) keep
one of each and hand them to the view functions of :mod:`simulation.ui.viewmodel_climate`.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass, field

LETTERS = string.ascii_uppercase


@dataclass
class AccelerationGame:
    """Which curve is which: a shuffled order, the room's guesses, and the reveal.

    Parameters
    ----------
    panels : sequence of str
        Panel ids (one per curve), in data order.
    seed : int
        Seed of the shuffle (the same workshop shows the same order).
    """

    panels: Sequence[str]
    seed: int = 0
    order: list[str] = field(default_factory=list)
    guesses: dict[str, str] = field(default_factory=dict)
    revealed: bool = False

    def __post_init__(self) -> None:
        self.panels = tuple(self.panels)
        if not self.order:
            self.shuffle(self.seed)

    def shuffle(self, seed: int) -> None:
        """New order (seeded), guesses cleared, names hidden again."""
        self.seed = seed
        order = list(self.panels)
        rng = random.Random(seed)
        for _ in range(8):  # never the data order, when there is more than one curve
            rng.shuffle(order)
            if len(order) < 2 or order != list(self.panels):
                break
        self.order = order
        self.guesses = {}
        self.revealed = False

    def letter(self, panel: str) -> str:
        """The letter shown on ``panel`` (A for the first shown)."""
        return LETTERS[self.order.index(panel)]

    def guess(self, letter: str, panel: str | None) -> bool:
        """Record that the room thinks curve ``letter`` is ``panel`` (None: no answer).

        Returns
        -------
        bool
            False when nothing changed (unknown letter or panel, or already revealed).
        """
        if self.revealed or letter not in LETTERS[:len(self.order)]:
            return False
        if panel is not None and panel not in self.panels:
            return False
        if panel is None:
            return self.guesses.pop(letter, None) is not None
        if self.guesses.get(letter) == panel:
            return False
        self.guesses[letter] = panel
        return True

    def reveal(self) -> int:
        """Show the names; return the number of right guesses."""
        self.revealed = True
        return self.score()

    def hide(self) -> None:
        """Hide the names again (same order, guesses kept)."""
        self.revealed = False

    def is_right(self, letter: str) -> bool:
        """True when the guess for ``letter`` names its curve."""
        index = LETTERS.index(letter)
        return self.guesses.get(letter) == self.order[index]

    def score(self) -> int:
        """Number of curves named right."""
        return sum(self.is_right(LETTERS[i]) for i in range(len(self.order)))


@dataclass
class ClimateChoices:
    """The facilitator's choices on the climate screens."""

    boundaries_revealed: bool = False
    scenario: str | None = None
    summer_reference: str | None = None


__all__ = ["LETTERS", "AccelerationGame", "ClimateChoices"]
