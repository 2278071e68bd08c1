"""The fakes' clock: time moves only with sleeps; concurrent async sleepers wake in the
order of their wake times, each at its own time."""

from __future__ import annotations

import asyncio

import pytest

from jobclients.testing import FakeClock


def test_sync_sleeps_move_time_and_are_recorded() -> None:
    clock = FakeClock()
    assert clock() == 0.0
    clock.sleep(1.5)
    clock.sleep(0)
    clock.advance(10)
    assert clock.now == 11.5
    assert clock.sleeps == [1.5, 0.0]
    with pytest.raises(TypeError):
        clock.sleep("1")  # type: ignore[arg-type]


def test_concurrent_sleepers_wake_in_order_of_their_wake_times() -> None:
    clock = FakeClock()
    woke: list[tuple[str, float]] = []

    async def sleeper(name: str, *waits: float) -> None:
        for seconds in waits:
            await clock.async_sleep(seconds)
            woke.append((name, clock.now))

    async def main() -> None:
        await asyncio.gather(sleeper("slow", 5.0), sleeper("fast", 1.0, 1.0, 1.0))

    asyncio.run(main())
    assert woke == [("fast", 1.0), ("fast", 2.0), ("fast", 3.0), ("slow", 5.0)]
    assert clock.now == 5.0
    assert sorted(clock.sleeps) == [1.0, 1.0, 1.0, 5.0]


def test_a_cancelled_sleeper_does_not_move_time() -> None:
    clock = FakeClock()

    async def main() -> float:
        long = asyncio.create_task(clock.async_sleep(100.0))
        await asyncio.sleep(0)  # let it start sleeping
        long.cancel()
        await clock.async_sleep(2.0)
        return clock.now

    assert asyncio.run(main()) == 2.0


def test_one_clock_serves_one_event_loop_after_another() -> None:
    clock = FakeClock()

    async def sleep(*waits: float) -> None:
        await asyncio.gather(*(clock.async_sleep(w) for w in waits))

    asyncio.run(sleep(1.0, 3.0))
    assert clock.now == 3.0
    asyncio.run(sleep(2.0))  # waits from where the last loop left the clock
    assert clock.now == 5.0
