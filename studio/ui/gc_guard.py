"""Run Python's cyclic garbage collector on the GUI thread only.

Automatic collection runs in whichever thread happens to allocate. With our worker
threads (the ledger's SQLite thread, executors, thumbnail decoders) a collection can then
free a Qt object caught in a reference cycle on a worker thread, which Qt reports as
"QObject::~QObject: Timers cannot be stopped from another thread" (and worse, can crash).
So automatic collection is switched off and a GUI-thread timer collects instead, with the
same generation thresholds Python would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    """While alive, cyclic garbage is collected on the thread that created it."""

    #: Short, because a pass costs what the young generation holds: Python itself would
    #: collect every 700 allocations; a busy half second (a job's events, a repaint)
    #: made tens of thousands, and their gen-0 pass was a stall of its own.
    INTERVAL_MS = 100

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self, interval=self.INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self.destroyed.connect(_restore(self._was_enabled))

    def check(self) -> None:
        """Collect the oldest generation whose count passed its threshold."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return


def _restore(enabled: bool):
    def restore(*_: object) -> None:
        if enabled:
            gc.enable()

    return restore
