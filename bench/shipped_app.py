"""Run a benchmark inside the shipped app: ``run_gui``, as ``sora-studio gui`` runs it.

Why not build the window by hand: the entry point decides things a hand-built window
would not have (the GUI-thread garbage collector, the frozen start-up heap, services
started after the first frame with their imports warmed), and those decide the stalls.
So :func:`run_in_app` points the user folders (``XDG_*``) at a temporary folder, starts
``run_gui(None)`` and, once the window is up, runs ``drive(window)`` as a task on the
app's own loop; ``drive`` returns the benchmark's exit code and the window is then
closed (with no unsaved-work question), which ends ``run_gui``.

Not named ``bench_*.py``: the Makefile runs every such file as a benchmark.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

TIMEOUT = 120.0


async def until(cond: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
    """Wait (on the loop) until ``cond()`` is true; SystemExit naming ``what`` if not."""
    start = time.perf_counter()
    while not cond():
        await asyncio.sleep(0.005)
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"{what} did not happen in {timeout:g} s")


async def services_ready(win: Any) -> None:
    """The generation services run (they start after the first frame)."""
    await until(lambda: win.generation is not None and win.startup_task.done(),
                "the generation services' start")
    if win.generation.service.runner is None:
        raise SystemExit("the generation services did not start (see the log above)")


def run_in_app(drive: Callable[[Any, Path], Awaitable[int]]) -> int:
    """``drive(window, tmp)`` inside ``run_gui``; its return value is the exit code."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-app-") as name:
        tmp = Path(name)
        for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                         ("XDG_CACHE_HOME", "cache")):
            os.environ[var] = str(tmp / sub)
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from studio.ui.app import run_gui

        app = QApplication.instance() or QApplication(sys.argv)
        result: dict[str, Any] = {"rc": 1}

        async def bench() -> None:
            win = next(w for w in app.topLevelWidgets() if w.objectName() == "MainWindow")
            try:
                result["rc"] = await drive(win, tmp)
            except SystemExit as exc:
                print(f"{Path(sys.argv[0]).stem}: {exc}", file=sys.stderr)
            except Exception:
                traceback.print_exc()
            finally:
                win.doc.undo_stack.setClean()  # no "save changes?" question
                thumbs = getattr(win.timeline_dock.widget(), "_thumbs", None)
                if thumbs is not None:
                    thumbs.wait()
                win.close()

        def start() -> None:
            result["task"] = asyncio.get_event_loop().create_task(bench())

        QTimer.singleShot(0, start)  # runs once run_gui's loop runs
        if run_gui(None) != 0:
            return 1
    return int(result["rc"])
