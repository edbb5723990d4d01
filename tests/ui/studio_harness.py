"""The real studio window with its generation services, for end-to-end UI tests.

Real parts: the local provider over real HTTP (rendering in a shared thread pool rather
than the app's process pool, to skip a spawn per test), a real SQLite ledger and real MP4s
under ``tmp_path``. Tests run as coroutines on a qasync loop (the app's loop) and wait
with :func:`until`; a click or an action that may ask goes through :func:`gesture`, as Qt
delivers it in the app (tests/ui/_modals.py says why).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from studio.localserver.faults import FaultConfig
from studio.services.jobs import RunnerConfig
from studio.ui.generation import GenerationConfig

FAST_RUNNER = RunnerConfig(poll_min=0.05, poll_max=0.3, default_eta=5.0)


async def until(predicate: Callable[[], object], timeout: float = 30.0,
                what: str = "condition") -> None:
    """Poll ``predicate`` on the running loop (the GUI keeps running meanwhile)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.02)


async def gesture(do: Callable[[], object]) -> None:
    """Do ``do`` (a click, an action's trigger) as a plain callback on the running loop, as
    Qt delivers a user's gesture: a dialog it opens may run its nested loop there, and
    every task keeps stepping through it."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def fire() -> None:
        try:
            do()
        except BaseException as exc:  # handed to the awaiting test
            if not done.done():
                done.set_exception(exc)
        else:
            if not done.done():
                done.set_result(None)

    loop.call_soon(fire)
    await done


@pytest.fixture
def qloop(qapp, monkeypatch):
    """The app's loop (``StudioLoop``) over the test QApplication. A modal dialog opened
    while it is stopped fails the test (tests/ui/_modals.py)."""
    from studio.ui.event_loop import StudioLoop
    from tests.ui._modals import guard_modals, while_serving

    loop = StudioLoop(qapp)
    asyncio.set_event_loop(loop)
    guard_modals(monkeypatch, while_serving(loop))
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


def gen_config(tmp_path: Path, pool: ThreadPoolExecutor, **faults: Any) -> GenerationConfig:
    return GenerationConfig(
        data_dir=tmp_path / "data",
        local_faults=FaultConfig(generation_seconds=faults.pop("generation_seconds", 0.5),
                                 **faults),
        local_executor=pool, runner=FAST_RUNNER)


@pytest.fixture
def launch(qtbot, qloop, tmp_path, render_pool):
    """launch(**faults) -> the painted main window with its services started."""
    from studio.ui.app import build_window, start_services

    windows = []

    def make(**faults: Any):
        win = build_window(settings_dir=tmp_path / "cfg", recovery=tmp_path / "recovery")
        qtbot.addWidget(win, before_close_func=lambda w: w.doc.undo_stack.setClean())
        win.show()
        windows.append(win)

        async def boot() -> None:
            await until(lambda: win._painted, 10, "the first paint")
            await start_services(win, gen_config(tmp_path, render_pool, **faults))
            # The app's loop never stops; the tests' does between run_until_complete calls.
            # Let the jobs resumed at start take their first step while it still runs.
            await asyncio.sleep(0.2)

        qloop.run_until_complete(boot())
        win.loop = qloop
        return win

    yield make
    for win in windows:
        qloop.run_until_complete(win.tasks.close())
        if win.generation is not None:
            qloop.run_until_complete(win.generation.close())


def run(loop, coro: Coroutine[Any, Any, Any], timeout: float = 60.0) -> Any:
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


def open_sample(win, loop, shots: int = 7) -> None:
    """File ▸ Open Sample, run until it is open (files are read off the GUI thread)."""
    win.actions.open_sample.trigger()
    run(loop, until(lambda: win.has_project and len(win.doc.project.shots) == 7
                    and bool(win.doc.selection), 20, "the sample, its first shot selected"))


def open_one_small_shot(win, loop):
    """The sample cut to its first shot at 640x360, selected: one quick job to watch."""
    open_sample(win, loop)
    doc = win.doc
    doc.set_look_field("size", "640x360")
    doc.delete_shots([s.id for s in doc.project.shots[1:]])
    shot = doc.project.shots[0]
    doc.set_selection([shot.id])
    return shot
