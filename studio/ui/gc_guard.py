"""Run Python's cyclic garbage collector on the GUI thread only.

Automatic collection runs in whichever thread happens to allocate. With our worker
threads (the ledger's SQLite thread, executors, thumbnail decoders) a collection can then
free a Qt object caught in a reference cycle on a worker thread, which Qt reports as
"QObject::~QObject: Timers cannot be stopped from another thread" (and worse, can crash).
So automatic collection is switched off and a GUI-thread timer collects instead, with the
same generation thresholds Python would use.

A project read builds ~100k objects at once (a 500-shot project), all long-lived: each
timer tick during the read collected the half-built project again, and the passes that
followed (gen 0, then 1, then a full one) walked all of it, 10-25 ms each on the GUI
thread. So a read runs inside :func:`loading`: no collection meanwhile, and after it,
in the app (``freeze_loads``), what is alive is frozen (``gc.freeze``) like the start-up
heap, so the project is never walked at all. Tests keep collecting it (their garbage
must stay collectable).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    """While alive, cyclic garbage is collected on the thread that created it."""

    #: Short, because a pass costs what the young generation holds: Python itself would
    #: collect every 700 allocations; a busy half second (a job's events, a repaint)
    #: made tens of thousands, and their gen-0 pass was a stall of its own.
    INTERVAL_MS = 100

    def __init__(self, parent: QObject | None = None, *, freeze_loads: bool = False) -> None:
        super().__init__(parent)
        global _active
        _active = self
        self.freeze_loads = freeze_loads
        self.held = 0
        self._was_enabled = gc.isenabled()
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self, interval=self.INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self.destroyed.connect(_restore(self._was_enabled))

    def check(self) -> None:
        """Collect the oldest generation whose count passed its threshold."""
        if self.held:
            return
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return


_active: GuiThreadCollector | None = None


@contextmanager
def holding() -> Iterator[None]:
    """No collection while a worker builds many short-lived objects (a save's JSON): they
    are freed by their reference counts when it ends, and a pass meanwhile (~6 ms for
    the 10k a 500-shot save holds at a time) would have walked them for nothing."""
    collector = _active
    if collector is None:
        yield
        return
    collector.held += 1
    try:
        yield
    finally:
        collector.held -= 1


@contextmanager
def loading() -> Iterator[None]:
    """Around the building of a big, long-lived structure (a project read): no
    collection meanwhile; after it, with ``freeze_loads``, everything alive is frozen."""
    with holding():
        yield
    collector = _active
    if collector is not None and collector.freeze_loads and not collector.held:
        gc.freeze()


def _restore(enabled: bool):
    def restore(*_: object) -> None:
        if enabled:
            gc.enable()

    return restore
