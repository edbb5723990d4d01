"""Benchmark: the GUI loop's worst stall while the window opens and saves a 500-shot project.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui_files.py``. The real
main window (offscreen) with its services started as ``run_gui`` starts them (ledger,
local provider, runner). The project is the one ``bench_project_io`` builds (500 shots,
two finished takes each), saved to a temporary folder. File ▸ Open and File ▸ Save are
triggered through the window's own actions (only the static file dialog is answered
here); a 5 ms ``QTimer`` records how late each tick fires from the trigger until the
opened project is painted / the save is done and its aftermath (recent list, autosave
cleanup) has run, plus a short settle. Each is done ``ROUNDS`` times (the first open into
a fresh window included). Bar: worst stall <= 16 ms for each (issue 7); a miss exits 3.
``BENCH_PROFILE=1`` prints what the GUI thread ran during each stall (``stall_probe``).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from bench_project_io import SHOTS, build_project
from figures import Scorecard
from stall_probe import StallProbe

TARGET_MS = 16.0
ROUNDS = 5
SETTLE = 0.3  # s after the work is done: repaints and queued follow-ups count too
TIMEOUT = 60.0


async def _until(cond, what: str) -> None:
    start = time.perf_counter()
    while not cond():
        await asyncio.sleep(0.005)
        if time.perf_counter() - start > TIMEOUT:
            raise SystemExit(f"{what} did not finish in {TIMEOUT:g} s")


async def run(tmp: Path) -> int:
    from PySide6.QtWidgets import QFileDialog

    from studio.storage.project_file import save_project
    from studio.ui.app import build_window, start_services
    from studio.ui.generation import GenerationConfig

    path = tmp / "project" / "big.sorastudio"
    path.parent.mkdir()
    save_project(build_project(), path)

    win = build_window(settings_dir=tmp / "cfg", recovery=tmp / "recovery")
    win.show()
    await _until(lambda: win._painted, "the first paint")
    await start_services(win, GenerationConfig(data_dir=tmp / "data"))
    # File > Open's dialog answers with the project (the one static call replaced).
    QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (str(path), ""))

    saved: list[str] = []
    win.files.saved.connect(saved.append)
    probe = StallProbe(sample=bool(os.environ.get("BENCH_PROFILE")))
    probe.start()
    await asyncio.sleep(0.5)
    opens: list[float] = []
    saves: list[float] = []
    for _ in range(ROUNDS):
        win.doc.load(win.doc.project, None)  # a fresh document, so Open really reads
        await asyncio.sleep(SETTLE)
        probe.reset()
        start = time.perf_counter()
        win.actions["open"].trigger()
        await _until(lambda: win.doc.path == path and not win.tasks.pending, "open")
        took = time.perf_counter() - start
        await asyncio.sleep(SETTLE)
        opens.append(probe.worst)
        print(f"open: {took * 1000:.0f} ms, worst stall {probe.worst:.1f} ms; {probe.where(8)}")
        probe.report()

        win.doc.set_look_field("atmosphere", f"salt air, round {len(saves)}")  # unsaved work
        await asyncio.sleep(SETTLE)
        probe.reset()
        start = time.perf_counter()
        n = len(saved)
        win.actions["save"].trigger()
        await _until(lambda n=n: len(saved) > n and win.files.saving is None
                     and not win.tasks.pending, "save")
        took = time.perf_counter() - start
        await asyncio.sleep(SETTLE)
        saves.append(probe.worst)
        print(f"save: {took * 1000:.0f} ms, worst stall {probe.worst:.1f} ms; {probe.where(8)}")
        probe.report()
        if win.doc.is_dirty():
            raise SystemExit("the save did not leave the document clean")
    probe.stop()

    print(f"{SHOTS}-shot project, {path.stat().st_size / 1024:.0f} KiB; {ROUNDS} rounds")
    card = Scorecard()
    card.check("open (File > Open): worst stall", max(opens), TARGET_MS,
               detail="rounds " + ", ".join(f"{s:.1f}" for s in opens))
    card.check("save (File > Save): worst stall", max(saves), TARGET_MS,
               detail="rounds " + ", ".join(f"{s:.1f}" for s in saves))
    await win.tasks.close()
    await win.generation.close()
    win.timeline_dock.widget()._thumbs.wait()
    win.close()
    return card.finish()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_API"] = "pyside6"
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 - outlives the loop
    with tempfile.TemporaryDirectory(prefix="bench-files-") as tmp:
        return qasync.run(run(Path(tmp)))


if __name__ == "__main__":
    raise SystemExit(main())
