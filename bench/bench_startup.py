"""Benchmark: time from process start to the first painted studio window.

Run: ``.venv/bin/python bench/bench_startup.py``. Seven fresh processes each run the
app's own start-up (QApplication, the qasync loop, ``build_window``, show) with empty
settings, print when ``MainWindow.firstPainted`` fires and quit; the time is taken by this
parent from just before the spawn to that line, so interpreter start-up and every import
count. Also checked: neither ``openai`` nor the local provider is loaded by then.
Bars: median <= 0.5 s (issue 7), no heavy module loaded; a miss exits 3.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from figures import Scorecard

RUNS = 7
TARGET_S = 0.5

CHILD = r"""
import os, sys
os.environ["QT_API"] = "pyside6"
import asyncio, qasync
from pathlib import Path
from PySide6.QtWidgets import QApplication
from studio.ui.app import build_window
app = QApplication([sys.argv[0]])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
tmp = Path(sys.argv[1])
win = build_window(settings_dir=tmp / "cfg", recovery=tmp / "recovery")
def painted():
    heavy = [m for m in ("openai", "studio.localserver.server", "studio.ui.generation")
             if m in sys.modules]
    print("painted", ",".join(heavy) or "-", flush=True)
    app.quit()
win.firstPainted.connect(painted)
win.show()
with loop:
    loop.run_forever()
"""


def one(tmp: str) -> tuple[float, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, tmp], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("painted"):
            took = time.perf_counter() - t0
            proc.wait(30)
            return took, line.split()[1]
    proc.wait(30)
    raise SystemExit(f"the window never painted (exit {proc.returncode})")


def main() -> int:
    times, heavy = [], set()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        for _ in range(RUNS):
            t, loaded = one(tmp)
            times.append(t)
            heavy.add(loaded)
    med = statistics.median(times)
    print("runs: " + ", ".join(f"{t:.3f}" for t in times) + " s")
    card = Scorecard()
    card.check("start to first paint: median", med, TARGET_S, "s", digits=3,
               detail=f"best {min(times):.3f} s")
    loaded = sorted(heavy - {"-"})
    card.check("heavy modules loaded before the first paint", len(loaded), 0, "", digits=0,
               detail=", ".join(loaded) or "none")
    return card.finish()


if __name__ == "__main__":
    raise SystemExit(main())
