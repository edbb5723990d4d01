"""How late the GUI loop runs a 5 ms timer, and (optionally) what it was doing instead.

Shared by the window benchmarks: :class:`StallProbe` starts a ``QTimer`` on the GUI
thread and records how late each tick fires; a tick late by L ms means the loop was busy
with something else for about L ms. With ``sample=True`` (``BENCH_PROFILE=1`` in the
benchmarks) a daemon thread also reads the GUI thread's Python stack every millisecond,
and :meth:`StallProbe.report` prints, for the stalls over a threshold, the innermost
frames of our code seen during them: the evidence for a fix. Sampling takes the GIL, so
figures measured with it on are not the ones to report.

Not named ``bench_*.py``: the Makefile runs every such file as a benchmark.
"""

from __future__ import annotations

import collections
import gc
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field

TICK_MS = 5


@dataclass
class StallProbe:
    """Timer lateness on the GUI thread; start() and stop() around the measured work."""

    tick_ms: int = TICK_MS
    sample: bool = False
    late: list[float] = field(default_factory=list)
    _ticks: list[tuple[float, float]] = field(default_factory=list)  # (start, end) of gaps
    _cpu: list[float] = field(default_factory=list)  # GUI-thread CPU ms used in each gap
    _pcpu: list[float] = field(default_factory=list)  # the whole process's CPU ms in it
    gc_pauses: list[tuple[float, float, int]] = field(default_factory=list)  # start, end, gen
    _samples: list[tuple[float, tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=list)  # (time, GUI-thread stack, innermost frames of other threads)

    def start(self) -> None:
        from PySide6.QtCore import QTimer

        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._last_pcpu = time.process_time()
        self._timer = QTimer(interval=self.tick_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._stop = threading.Event()
        gc.callbacks.append(self._gc)
        if self.sample:
            self._gui = threading.get_ident()
            self._thread = threading.Thread(target=self._sampler, daemon=True)
            self._thread.start()

    def reset(self) -> None:
        """Forget what was measured so far (after a warm-up)."""
        self.late.clear()
        self._ticks.clear()
        self._cpu.clear()
        self._pcpu.clear()
        self._samples.clear()
        self.gc_pauses.clear()

    def stop(self) -> None:
        self._timer.stop()
        self._stop.set()
        if self._gc in gc.callbacks:
            gc.callbacks.remove(self._gc)

    def _gc(self, phase: str, info: dict) -> None:
        """Cyclic-GC pauses: a collection holds the GIL, so every thread waits for it."""
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gc_pauses.append((self._gc_start, time.perf_counter(), info["generation"]))

    @property
    def worst_gc(self) -> tuple[float, int]:
        """The longest cyclic-GC pause (ms) and its generation."""
        if not self.gc_pauses:
            return 0.0, -1
        a, b, g = max(self.gc_pauses, key=lambda p: p[1] - p[0])
        return (b - a) * 1000, g

    def _tick(self) -> None:
        now, cpu, pcpu = time.perf_counter(), time.thread_time(), time.process_time()
        self.late.append(max(0.0, (now - self._last) * 1000 - self.tick_ms))
        self._ticks.append((self._last, now))
        self._cpu.append((cpu - self._last_cpu) * 1000)
        self._pcpu.append((pcpu - self._last_pcpu) * 1000)
        self._last, self._last_cpu, self._last_pcpu = now, cpu, pcpu

    # -- figures --------------------------------------------------------------------
    @property
    def worst(self) -> float:
        return max(self.late) if self.late else 0.0

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.late, n=100)[98] if len(self.late) > 1 else self.worst

    @property
    def median(self) -> float:
        return statistics.median(self.late) if self.late else 0.0

    # -- sampling -------------------------------------------------------------------
    def _sampler(self) -> None:
        while not self._stop.wait(0.001):
            frames = sys._current_frames()
            frame = frames.pop(self._gui, None)
            frames.pop(threading.get_ident(), None)
            if frame is not None:  # keep no frame: it would keep its locals (painters) alive
                others = tuple(sorted(_stack(f)[-1] for f in frames.values()))
                self._samples.append((time.perf_counter(), _stack(frame), others))
            del frame, frames

    def where(self, over_ms: float = 16.0) -> str:
        """Where the time of the stalls over ``over_ms`` went: the GUI thread on a CPU
        (our code or Qt's ran), other threads of this process on a CPU (the GUI thread
        may have waited for the GIL; on 2 cores the renderer's processes are not counted),
        or neither (the process waited for a core: a loaded machine)."""
        big = [i for i, lt in enumerate(self.late) if lt > over_ms]
        lost = sum((self._ticks[i][1] - self._ticks[i][0]) * 1000 for i in big)
        if not lost:
            return f"no stall over {over_ms:g} ms"
        gui = sum(self._cpu[i] for i in big)
        others = sum(max(0.0, self._pcpu[i] - self._cpu[i]) for i in big)
        return (f"in the stalls over {over_ms:g} ms ({lost:.0f} ms): GUI thread on a CPU "
                f"{gui / lost:.0%}, other threads of the process {others / lost:.0%}")

    def report(self, over_ms: float = 16.0, top: int = 8) -> None:
        """Print what the GUI thread ran during each stall over ``over_ms`` (sampled runs)."""
        if not self.sample:
            return
        seen: collections.Counter[tuple[str, ...]] = collections.Counter()
        other: collections.Counter[str] = collections.Counter()
        stalls = [(a, b, c) for (a, b), lt, c in zip(self._ticks, self.late, self._cpu,
                                                      strict=True) if lt > over_ms]
        print(f"-- {len(stalls)} stalls over {over_ms:g} ms; GUI-thread stacks sampled in them:")
        i = 0
        for a, b, cpu in stalls:
            while i < len(self._samples) and self._samples[i][0] < a:
                i += 1
            j = i
            while j < len(self._samples) and self._samples[j][0] <= b:
                seen[self._samples[j][1]] += 1
                other.update(self._samples[j][2])
                j += 1
            in_gc = sum(min(b, d) - max(a, c) for c, d, _ in self.gc_pauses if c < b and d > a)
            print(f"   stall {(b - a) * 1000 - self.tick_ms:.0f} ms, GUI-thread CPU "
                  f"{cpu:.0f} ms, in GC {in_gc * 1000:.0f} ms: {j - i} samples; "
                  + (" > ".join(self._samples[i][1][-3:]) if j > i else "-"))
        for stack, n in seen.most_common(top):
            print(f"  {n:5d} ms  " + "\n           ".join(stack[-10:]))
        print("-- other threads' innermost frames in those samples (busy ones may hold the GIL):")
        for where, n in other.most_common(2 * top):
            print(f"  {n:5d}  {where}")


def _stack(frame) -> tuple[str, ...]:
    """The frames of ``frame``'s stack, outermost first, as 'file:line function'."""
    out = []
    while frame is not None:
        name = frame.f_code.co_filename
        cut = name.find("site-packages/")
        name = name[cut + 14:] if cut >= 0 else name.split("/work/main/")[-1]
        out.append(f"{name}:{frame.f_lineno} {frame.f_code.co_name}")
        frame = frame.f_back
    del frame
    return tuple(reversed(out))
