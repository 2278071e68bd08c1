"""The fakes' clock: time that moves only when the code under test sleeps."""

from __future__ import annotations

import heapq
import itertools
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio


class FakeClock:
    """A monotonic clock starting at 0 that advances only through its sleeps.

    Pass ``clock`` (it is callable) and ``sleep`` / ``async_sleep`` to a client: a
    ten-minute wait then runs at once. Concurrent async sleepers wake in the order of
    their wake times, one at a time, and ``now`` moves to each wake time in turn, as if
    the sleeps had really run side by side.
    """

    def __init__(self, start: float = 0.0) -> None:
        self.now = float(start)
        # Every sleep asked for, in order (sync and async alike).
        self.sleeps: list[float] = []
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waking = False

    def __call__(self) -> float:
        return self.now

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now!r})"

    def advance(self, seconds: float) -> None:
        """Move time forward without a sleep being recorded (for ``after=`` schedules)."""
        self.now += _seconds(seconds)

    def sleep(self, seconds: float) -> None:
        """What a sync client calls instead of ``time.sleep``."""
        seconds = _seconds(seconds)
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        """What an async client awaits instead of ``asyncio.sleep``."""
        import asyncio

        seconds = _seconds(seconds)
        self.sleeps.append(seconds)
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # A new event loop (each asyncio.run): sleepers of the old one are gone.
            self._loop, self._sleepers, self._waking = loop, [], False
        future: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), future))
        if not self._waking:
            self._waking = True
            loop.call_soon(self._wake_next)
        await future

    def _wake_next(self) -> None:
        # One sleeper per turn of the loop, earliest first: what it does next (a request,
        # another sleep) happens before time moves on to the next wake time.
        while self._sleepers:
            wake, _, future = heapq.heappop(self._sleepers)
            if future.done():
                continue  # cancelled while asleep
            self.now = max(self.now, wake)
            future.set_result(None)
            break
        if self._sleepers and self._loop is not None:
            self._loop.call_soon(self._wake_next)
        else:
            self._waking = False


def _seconds(seconds: float) -> float:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"cannot sleep {seconds!r} seconds")
    return float(seconds)
