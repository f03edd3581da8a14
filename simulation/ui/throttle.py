"""A leading + trailing throttle for widget callbacks.

A click renders at once when nothing was rendered during the last ``interval_s``; clicks
arriving faster are folded into a single trailing render, so a burst of clicks cannot
queue up renders in the kernel. Outside an event loop (plain pytest) it renders
synchronously, which keeps headless tests deterministic.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class Throttle:
    """Call ``fn`` at most once per ``interval_s``, always ending with a final call.

    Parameters
    ----------
    fn : callable
        The (idempotent) render function, called without arguments.
    interval_s : float
        Minimum time between two calls [s].
    clock : callable
        Monotonic clock [s]; injectable for tests.
    """

    def __init__(
        self,
        fn: Callable[[], None],
        interval_s: float = 0.08,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fn = fn
        self.interval_s = interval_s
        self.clock = clock
        self._last = -float("inf")
        self._handle: asyncio.TimerHandle | None = None
        self.calls = 0

    @property
    def pending(self) -> bool:
        """True when a trailing call is scheduled."""
        return self._handle is not None

    def __call__(self) -> None:
        if self._handle is not None:
            return  # a trailing call is already scheduled: it will show this change too
        wait = self._last + self.interval_s - self.clock()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if wait <= 0 or loop is None:
            self._run()
        else:
            self._handle = loop.call_later(wait, self._fire)

    def flush(self) -> None:
        """Run a scheduled trailing call now."""
        if self._handle is not None:
            self._handle.cancel()
            self._fire()

    def _fire(self) -> None:
        self._handle = None
        self._run()

    def _run(self) -> None:
        self._last = self.clock()
        self.calls += 1
        self.fn()
