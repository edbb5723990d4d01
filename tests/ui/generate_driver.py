"""A studio window process that opens a project and generates every shot, then runs on.

Why a script: the crash test must SIGKILL a real window process in the middle of a
generation, and the product has no test hook to start one. This builds the window
exactly as ``studio.ui.app.run_gui`` does (QApplication, the GUI-thread collector,
qasync's loop, ``build_window``, show, ``start_services`` after the first paint, the
default process pool, the user data dir that ``$XDG_DATA_HOME`` names), opens the
project given on the command line and triggers the window's own ``generate_all``
action — the Generate ▸ Generate All Shots menu item — once the services are ready.

Lines on stdout tell the parent what happened: ``opened N``, ``ready``, ``takes N``
(every shot holds a new take: the jobs are in the ledger), ``running`` (the provider
reported progress: the renders run). It never exits by itself.

Run: ``python tests/ui/generate_driver.py PROJECT`` (offscreen: QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path


def say(line: str) -> None:
    print(line, flush=True)


def main(project: Path) -> int:
    os.environ["QT_API"] = "pyside6"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from studio.services.ledger import JobState
    from studio.ui.app import build_window, configure_logging, start_services
    from studio.ui.event_loop import StudioLoop
    from studio.ui.gc_guard import GuiThreadCollector

    configure_logging()
    app = QApplication([sys.argv[0]])
    GuiThreadCollector(app)
    loop = StudioLoop(app)
    asyncio.set_event_loop(loop)
    window = build_window()
    window.show()
    state = {"opened": False, "ready": False, "sent": False, "running": False,
             "takes": False}

    def maybe_generate() -> None:
        if state["opened"] and state["ready"] and not state["sent"]:
            state["sent"] = True
            window.actions.generate_all.trigger()

    def on_opened() -> None:
        state["opened"] = True
        say(f"opened {len(window.doc.project.shots)}")
        maybe_generate()

    def on_ready() -> None:
        state["ready"] = True
        say("ready")
        maybe_generate()

    def on_event(ev) -> None:
        if not state["running"] and ev.state is JobState.POLLING and ev.progress > 0:
            state["running"] = True
            say("running")

    def on_change(*_: object) -> None:
        shots = window.doc.project.shots
        if state["sent"] and not state["takes"] and shots and all(s.takes for s in shots):
            state["takes"] = True
            say(f"takes {len(shots)}")

    def after_paint() -> None:
        def begin() -> None:
            start_services(window)
            window.generation.ready.connect(on_ready)
            window.generation.jobEvent.connect(on_event)

        QTimer.singleShot(0, begin)

    window.firstPainted.connect(after_paint)
    window.projectOpened.connect(on_opened)
    window.doc.shotsChanged.connect(on_change)
    window.doc.shotChanged.connect(on_change)
    QTimer.singleShot(0, lambda: window.open_path(project.resolve()))
    with loop:
        loop.run_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
