"""The asyncio loop over Qt's: qasync's, with its last pass of Qt events inside the loop.

Why: qasync's ``run_until_complete`` (0.28), once its Qt loop has returned, processes the
pending Qt events one more time (so that, say, the Quit that Qt posts when the last window
closes does not end the next run), but only after it has unset the running loop. A task
stepped in that pass runs with no running loop: the ledger's ``get_running_loop()`` raises
"no running event loop", httpx's sniffio "unknown async library", and the job dies. The
app stops its loop only to shut down, but the self-test and the UI tests stop and restart
it between steps, and a job's step landing in that pass failed CI twice. Here that pass
runs with the loop set as the running one.

Imported where the loop is made, after the first paint's imports (``app.run_gui``), so
qasync is not loaded before the window exists.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

import qasync
from PySide6.QtCore import QCoreApplication, QEventLoop

T = TypeVar("T")


class StudioLoop(qasync.QEventLoop):
    """qasync's event loop; no handle of it runs outside it (see the module's note)."""

    def run_until_complete(self, future: Awaitable[T]) -> T:  # type: ignore[override]
        task = asyncio.ensure_future(future, loop=self)

        def stop(_: Any) -> None:
            self.stop()

        task.add_done_callback(stop)
        try:
            self.run_forever()
        finally:
            task.remove_done_callback(stop)
        dispatcher = QCoreApplication.eventDispatcher()
        if dispatcher is not None:
            asyncio.events._set_running_loop(self)
            try:
                dispatcher.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            finally:
                asyncio.events._set_running_loop(None)
        if not task.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return task.result()
