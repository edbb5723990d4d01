"""The one task manager: every piece of the window's async work starts here.

Why one: a task nobody holds can be garbage-collected mid-flight, an exception nobody
retrieves vanishes (or prints "Task exception was never retrieved" at exit), and work
still running when the window closes must be cancelled, not abandoned. Under qasync the
loop runs on the GUI thread, so every callback given here runs on the GUI thread too;
blocking work goes through :meth:`TaskManager.blocking`, never onto the loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import Executor
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorHandler = Callable[[str, BaseException], None]


def _loop() -> asyncio.AbstractEventLoop:
    """The running loop; between runs (a slot called from a test), the thread's loop."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.get_event_loop_policy().get_event_loop()


class TaskManager:
    """Runs coroutines as tracked tasks; failures reach ``on_error``, never vanish."""

    def __init__(self, on_error: ErrorHandler | None = None,
                 executor: Executor | None = None) -> None:
        self.on_error = on_error
        self.executor = executor
        self._tasks: dict[asyncio.Task[Any], str] = {}
        self._closed = False

    def spawn(self, coro: Coroutine[Any, Any, T], *, label: str,
              done: Callable[[T], None] | None = None) -> asyncio.Task[T]:
        """Start ``coro`` on the running loop; ``done(result)`` runs when it succeeds.

        ``label`` names the work in logs and in the error shown to the user.
        """
        if self._closed:
            coro.close()
            raise RuntimeError("the task manager is closed")
        task = _loop().create_task(coro)
        self._tasks[task] = label

        def finished(t: asyncio.Task[T]) -> None:
            self._tasks.pop(t, None)
            if t.cancelled():
                return
            exc = t.exception()
            if exc is not None:
                log.error("%s failed", label, exc_info=exc)
                if self.on_error is not None:
                    self.on_error(label, exc)
                return
            if done is not None:
                try:
                    done(t.result())
                except Exception as cb_exc:  # a callback's bug must not hide either
                    log.exception("%s: completion callback failed", label)
                    if self.on_error is not None:
                        self.on_error(label, cb_exc)

        task.add_done_callback(finished)
        return task

    async def blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking ``fn(*args)`` in the executor (files, SQLite, keyring)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, fn, *args)

    @property
    def pending(self) -> list[str]:
        """Labels of the work still running."""
        return list(self._tasks.values())

    async def close(self) -> None:
        """Cancel everything still running and wait until it has stopped."""
        self._closed = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
