"""Cyclic garbage is collected on the GUI thread, not in whichever thread allocates."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from studio.ui import gc_guard
from studio.ui.gc_guard import GuiThreadCollector

FREED_IN: list[str] = []


class _Cyclic(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.me = self  # a reference cycle: only the cyclic collector frees it

    def __del__(self) -> None:
        FREED_IN.append(threading.current_thread().name)


def test_cycles_are_freed_on_the_gui_thread(qtbot, gui_thread_gc: GuiThreadCollector) -> None:
    assert not gc.isenabled()
    FREED_IN.clear()
    _Cyclic()

    def churn() -> None:  # enough live allocations that Python would collect right here
        kept = [[] for _ in range(50_000)]
        assert kept

    worker = threading.Thread(target=churn, name="worker")
    worker.start()
    worker.join()
    assert FREED_IN == []
    pending = [[] for _ in range(2_000)]  # garbage builds up on the GUI side as in real use
    qtbot.waitUntil(lambda: bool(FREED_IN), timeout=5_000)
    del pending
    assert [threading.main_thread().name] == FREED_IN


def test_nothing_is_collected_while_a_project_loads(qtbot,
                                                    gui_thread_gc: GuiThreadCollector) -> None:
    from studio.ui.gc_guard import loading

    FREED_IN.clear()
    with loading():
        _Cyclic()
        pending = [[] for _ in range(2_000)]
        gui_thread_gc.check()  # a tick mid-read: it would have collected the cycle
        assert FREED_IN == []
        assert gc.get_freeze_count() == 0  # tests never freeze (their garbage is freed)
    qtbot.waitUntil(lambda: bool(FREED_IN), timeout=5_000)
    del pending


def test_the_app_freezes_what_a_load_built(qapp, gui_thread_gc: GuiThreadCollector) -> None:
    from studio.ui.gc_guard import loading

    app_collector = GuiThreadCollector(freeze_loads=True)  # as run_gui makes it
    try:
        with loading():
            built = [{"shot": i} for i in range(1_000)]
        assert gc.get_freeze_count() >= len(built)
    finally:
        gc.unfreeze()  # the suite's objects stay collectable
        app_collector.deleteLater()
        gc_guard._active = gui_thread_gc  # the session's collector again
