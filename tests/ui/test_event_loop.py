"""The app's loop ends ``run_until_complete`` with its Qt loop: no handle runs outside it."""

from __future__ import annotations

import asyncio

import pytest


def _handles_outside_the_loop(loop: asyncio.AbstractEventLoop) -> int:
    """Keep a handle always queued, run the loop to a result, count the handle's runs
    that found no running loop (a task stepped there fails)."""
    outside = 0
    going = True

    def tick() -> None:
        nonlocal outside
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # "no running event loop": where the jobs died
            outside += 1
        if going:
            loop.call_soon(tick)

    async def work() -> str:
        loop.call_soon(tick)
        await asyncio.sleep(0.05)
        return "done"

    for _ in range(5):
        assert loop.run_until_complete(work()) == "done"
    going = False
    loop.run_until_complete(asyncio.sleep(0.01))  # the last tick, inside the loop
    return outside


@pytest.fixture
def loops(qapp):
    made = []

    def make(kind):
        loop = kind(qapp)
        asyncio.set_event_loop(loop)
        made.append(loop)
        return loop

    yield make
    for loop in made:
        loop.close()
    asyncio.set_event_loop(None)


def test_no_handle_runs_after_the_loop_stopped(loops) -> None:
    import qasync

    from studio.ui.event_loop import StudioLoop

    assert _handles_outside_the_loop(loops(StudioLoop)) == 0
    # what it guards against: qasync's own run_until_complete runs one more pass of Qt
    # events after it has unset the running loop
    assert _handles_outside_the_loop(loops(qasync.QEventLoop)) > 0
