"""The one task manager: results reach callbacks, failures reach the handler, close cancels."""

from __future__ import annotations

import asyncio
import threading

import pytest

from studio.app.tasks import TaskManager


async def test_result_reaches_done_and_failure_reaches_the_handler() -> None:
    seen: list[tuple[str, str]] = []
    tasks = TaskManager(on_error=lambda label, exc: seen.append((label, str(exc))))
    results: list[int] = []

    async def ok() -> int:
        return 7

    async def boom() -> None:
        raise ValueError("disk on fire")

    await tasks.spawn(ok(), label="Count", done=results.append)
    with pytest.raises(ValueError):
        await tasks.spawn(boom(), label="Save project")
    await asyncio.sleep(0)  # done callbacks run on the next loop turn
    assert results == [7]
    assert seen == [("Save project", "disk on fire")]
    assert tasks.pending == []


async def test_a_failing_completion_callback_is_reported_too() -> None:
    seen: list[str] = []
    tasks = TaskManager(on_error=lambda label, exc: seen.append(label))

    async def ok() -> int:
        return 1

    def bad(_: int) -> None:
        raise RuntimeError("widget gone")

    await tasks.spawn(ok(), label="Open", done=bad)
    await asyncio.sleep(0)
    assert seen == ["Open"]


async def test_close_cancels_running_work_and_refuses_new_work() -> None:
    tasks = TaskManager()
    started = asyncio.Event()

    async def forever() -> None:
        started.set()
        await asyncio.sleep(3600)

    task = tasks.spawn(forever(), label="Poll")
    await started.wait()
    assert tasks.pending == ["Poll"]
    await tasks.close()
    assert task.cancelled() and tasks.pending == []
    with pytest.raises(RuntimeError, match="closed"):
        tasks.spawn(forever(), label="Late")


async def test_blocking_work_runs_off_the_loop_thread() -> None:
    tasks = TaskManager()
    loop_thread = threading.get_ident()
    worker = await tasks.blocking(threading.get_ident)
    assert worker != loop_thread
