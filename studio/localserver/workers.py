"""The local provider's render workers: they give way to the window and die with it.

The studio window hosts the provider in its own process, so the renderer's workers compete
with the GUI loop for the CPU. Measured on a 2-core machine, two full-priority workers
made the window stall 81-127 ms during a 7-shot generation. So the pool keeps one core
free (``worker_count``) and its workers run niced (``WORKER_NICE``): the window wins
every contest for a core, the renders take what is left.

A ``kill -9`` of the window used to leave the workers rendering on, orphaned (nothing
in a process pool notices its owner is gone until it next talks to it). Each worker
therefore asks the Linux kernel to SIGKILL it when its parent dies (``PR_SET_PDEATHSIG``)
and, on every platform, runs a daemon thread that exits the process once its parent
pid changes (on POSIX an orphan is re-parented to init or a subreaper).

One caveat of ``PR_SET_PDEATHSIG``: it fires when the *thread* that started the worker
ends. ``ProcessPoolExecutor`` starts workers lazily inside ``submit``, which the provider
calls from its event loop's thread only (``run_in_executor``), a thread that lives as long
as the provider.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

MAX_WORKERS = 2  # more workers only slow each render: the encoder already uses threads
WORKER_NICE = 10  # added to the owner's niceness: the window is always served first
PARENT_POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def worker_count(cpus: int | None = None) -> int:
    """Workers for ``cpus`` usable cores: one core stays free for the window, at most 2."""
    if cpus is None:
        cpus = _usable_cpus()
    return max(1, min(MAX_WORKERS, cpus - 1))


def render_pool() -> ProcessPoolExecutor:
    """The provider's default executor: spawned, niced workers bound to this process."""
    return ProcessPoolExecutor(
        max_workers=worker_count(),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(os.getpid(),),
    )


def init_worker(parent_pid: int) -> None:
    """Pool initializer: lower our priority, then tie our life to ``parent_pid``'s."""
    with contextlib.suppress(OSError):  # a platform without nice still renders
        os.nice(WORKER_NICE)
    _die_with_parent_linux()
    watch_parent(parent_pid)


def watch_parent(parent_pid: int) -> None:
    """Exit this process as soon as its parent is no longer ``parent_pid`` (portable)."""
    if os.getppid() != parent_pid:  # the owner died before we got here
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)  # no clean-up: the owner that would receive our results is gone

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _die_with_parent_linux() -> None:
    """Ask the kernel for a SIGKILL when our parent dies (immediate; Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def _usable_cpus() -> int:
    """Cores this process may run on (its affinity mask), else the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
