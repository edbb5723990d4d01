"""The local provider's render workers: niced, one core left free, gone with their owner.

The owner is a real process (a LocalProvider with its default pool, a render started over
HTTP with the openai SDK) killed with SIGKILL, as the window was when workers were seen
rendering on, orphaned. Liveness is read from /proc.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from studio.localserver.workers import worker_count

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

ROOT = Path(__file__).resolve().parents[2]

# A provider with its default process pool and two long renders under way; prints its
# children (the pool's workers and multiprocessing's helper) once they exist, then waits
# to be killed.
OWNER = textwrap.dedent("""
    import asyncio, json, os, sys
    from pathlib import Path
    from openai import AsyncOpenAI
    from studio.localserver.faults import FaultConfig
    from studio.localserver.server import LocalProvider
    from studio.localserver.workers import worker_count
    from tests.localserver.test_workers import children, cmdline

    async def main():
        provider = LocalProvider(Path(sys.argv[1]), faults=FaultConfig(generation_seconds=0))
        url = await provider.start()
        sdk = AsyncOpenAI(base_url=url, api_key=provider.api_key, max_retries=0)
        for prompt in ("1. Harbour (10s)\\n2. Market (10s)", "A heron at dusk"):
            await sdk.videos.create(prompt=prompt, model="animatic", size="1280x720",
                                    seconds="20")
        def workers():
            return [p for p in children(os.getpid()) if "spawn_main" in cmdline(p)]

        def niced(pid):
            try:
                return os.getpriority(os.PRIO_PROCESS, pid) > os.getpriority(os.PRIO_PROCESS, 0)
            except OSError:
                return False

        # every worker exists and its initializer has run (it lowered its priority)
        while len(workers()) < worker_count() or not all(niced(p) for p in workers()):
            await asyncio.sleep(0.05)
        print(json.dumps(children(os.getpid())), flush=True)
        await asyncio.sleep(3600)

    asyncio.run(main())
""")


def children(pid: int) -> list[int]:
    """Pids whose parent is ``pid`` (scans /proc; used by the owner script too)."""
    found = []
    for entry in Path("/proc").iterdir():
        stat = _stat(int(entry.name)) if entry.name.isdigit() else None
        if stat is not None and int(stat[1]) == pid:
            found.append(int(entry.name))
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _stat(pid: int) -> list[str] | None:
    """(state, ppid, ...) of ``pid`` from /proc/pid/stat, None when it does not exist."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")  # a zombie has exited


def test_one_core_is_left_for_the_window() -> None:
    assert [worker_count(n) for n in (1, 2, 3, 4, 16)] == [1, 1, 2, 2, 2]


@pytest.mark.timeout(120)
def test_workers_are_niced_and_die_with_their_owner_on_sigkill(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(tmp_path / "data")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = owner.stdout.readline() if owner.stdout else ""
        assert line, owner.stderr.read() if owner.stderr else "no output"
        pids = json.loads(line)
        workers = [p for p in pids if "spawn_main" in cmdline(p)]
        assert len(workers) == worker_count()
        own_nice = os.getpriority(os.PRIO_PROCESS, owner.pid)
        assert all(os.getpriority(os.PRIO_PROCESS, p) > own_nice for p in workers)
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait()
        if owner.stdout:
            owner.stdout.close()
        if owner.stderr:
            owner.stderr.close()
    while [p for p in pids if _alive(p)]:  # the timeout mark bounds this wait
        time.sleep(0.05)


@pytest.mark.timeout(60)
def test_the_portable_watch_ends_an_orphan() -> None:
    """Without prctl: a process watching its parent exits once that parent is killed."""
    child_code = ("import sys, time; from studio.localserver.workers import watch_parent; "
                  "watch_parent(int(sys.argv[1])); print('watching', flush=True); time.sleep(3600)")
    parent_code = ("import os, subprocess, sys, time; "
                   f"p = subprocess.Popen([sys.executable, '-c', {child_code!r}, "
                   "str(os.getpid())]); print(p.pid, flush=True); time.sleep(3600)")
    parent = subprocess.Popen([sys.executable, "-c", parent_code], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        orphan = int(parent.stdout.readline())
        assert parent.stdout.readline() == "watching\n"  # its watch thread is running
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        if parent.stdout:
            parent.stdout.close()
    while _alive(orphan):  # the timeout mark bounds this wait
        time.sleep(0.05)
