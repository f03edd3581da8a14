"""The render throttle: leading call at once, bursts folded into one trailing call."""

from __future__ import annotations

import asyncio

from simulation.ui.throttle import Throttle


def test_without_event_loop_every_call_runs():
    calls = []
    t = Throttle(lambda: calls.append(1), interval_s=10.0)
    for _ in range(5):
        t()
    assert len(calls) == 5


def test_burst_in_a_loop_gives_leading_plus_one_trailing_call():
    calls = []

    async def main():
        t = Throttle(lambda: calls.append(asyncio.get_running_loop().time()), interval_s=0.05)
        for _ in range(20):
            t()
        assert len(calls) == 1 and t.pending
        await asyncio.sleep(0.15)
        assert not t.pending
        t()  # long after: leading call again
        return t

    t = asyncio.run(main())
    assert len(calls) == 3
    assert t.calls == 3
    assert calls[1] - calls[0] >= 0.04


def test_flush_runs_the_pending_call_now():
    calls = []

    async def main():
        t = Throttle(lambda: calls.append(1), interval_s=5.0)
        t()
        t()
        assert t.pending
        t.flush()
        assert not t.pending

    asyncio.run(main())
    assert calls == [1, 1]
