"""Studio processes for tests: a private home, their output read line by line, /proc.

Every process started here gets its own HOME and XDG folders under ``tmp_path`` (nothing
touches the user's folders) and a marker variable in its environment. Children inherit
the environment, so ``marked(mark)`` finds the window and every process it started —
the local provider's render workers and multiprocessing's resource tracker included —
even after they were re-parented by the death of their owner.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARK_VAR = "STUDIO_TEST_PROCESS_MARK"


def studio_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a studio process living entirely under ``home``."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "SORA_STUDIO_LOG")
           and not k.startswith("XDG_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_RUNTIME_DIR=str(home / "run"), PYTHONPATH=str(ROOT),
               PYTHONUNBUFFERED="1", **{MARK_VAR: uuid.uuid4().hex})
    (home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    env.update(extra)
    return env


def data_dir(home: Path) -> Path:
    """The studio's user data dir inside ``home`` (platformdirs honours XDG_DATA_HOME)."""
    return home / "data" / "sora-studio"


class Proc:
    """A child process whose stdout and stderr lines are collected as they come."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.mark = env[MARK_VAR]
        self.popen = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []  # both streams, in arrival order
        self._new: queue.Queue[str] = queue.Queue()
        self._readers = [threading.Thread(target=self._read, args=(stream,), daemon=True)
                         for stream in (self.popen.stdout, self.popen.stderr)]
        for reader in self._readers:
            reader.start()

    @property
    def pid(self) -> int:
        return self.popen.pid

    def _read(self, stream) -> None:
        for line in stream:
            line = line.rstrip("\n")
            self.lines.append(line)
            self._new.put(line)

    def wait_for(self, pattern: str, timeout: float = 60.0) -> re.Match[str]:
        """The first line (seen so far or coming) matching ``pattern``; fails on exit."""
        rx = re.compile(pattern)
        for line in list(self.lines):
            if m := rx.search(line):
                return m
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._new.get(timeout=0.1)
            except queue.Empty:
                if self.popen.poll() is not None and self._new.empty():
                    break
                continue
            if m := rx.search(line):
                return m
        raise AssertionError(f"no line matching {pattern!r} (exit {self.popen.poll()}); "
                             f"output:\n" + "\n".join(self.log()))

    def index(self, pattern: str) -> int:
        """Where the first line matching ``pattern`` came (for order checks)."""
        rx = re.compile(pattern)
        return next(i for i, line in enumerate(self.lines) if rx.search(line))

    def log(self) -> list[str]:
        """The output without Qt's headless-machine noise (multimedia back-ends)."""
        noise = ("qt.multimedia", "PulseAudioService", "propagateSizeHints")
        return [line for line in self.lines if not any(n in line for n in noise)]

    def stop(self) -> None:
        """Kill the process if it still runs; read its output to the end; close pipes."""
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait(30)
        for reader in self._readers:
            reader.join(30)
        for stream in (self.popen.stdout, self.popen.stderr):
            if stream is not None:
                stream.close()


def python_args(*args: str) -> list[str]:
    return [sys.executable, *args]


def gui_args(*args: str) -> list[str]:
    """The shipped entry point: ``sora-studio gui`` (the console script's own module)."""
    return [sys.executable, "-m", "studio.cli", "gui", *args]


def saved_sample(folder: Path) -> Path:
    """A saved copy of the 7-shot sample, at a size that renders quickly on 2 cores."""
    from studio.storage.bundled import sample_project_path
    from studio.storage.project_file import load_project, save_project

    project = load_project(sample_project_path("en"))
    project.look.size = "640x360"
    path = folder / "island" / "island.sorastudio"
    path.parent.mkdir(parents=True)
    save_project(project, path)
    return path


DRIVER = Path(__file__).with_name("generate_driver.py")


def kill_during_generate_all(home: Path, project: Path) -> Proc:
    """Run ``generate_driver.py`` on ``project`` and SIGKILL it while its 7 jobs render.

    Returns the dead process (its output and mark); fails if no render worker ran.
    """
    import signal

    proc = Proc(python_args(str(DRIVER), str(project)),
                studio_env(home, QT_QPA_PLATFORM="offscreen"), ROOT)
    try:
        proc.wait_for(r"^opened 7$", 60)
        proc.wait_for(r"^takes 7$", 60)  # seven jobs in the ledger, seven unsaved takes
        proc.wait_for(r"^running$", 60)
        assert workers(proc.mark), "no render worker process was found"
        assert completed_videos(home) < 7, "the generation finished before the kill"
        proc.popen.send_signal(signal.SIGKILL)
        assert proc.popen.wait(30) == -signal.SIGKILL
    finally:
        proc.stop()
    return proc


def completed_videos(home: Path) -> int:
    """Videos the local provider (its job records in the data dir) has finished."""
    from studio.localserver.store import Store

    videos = Store(data_dir(home) / "local-provider").videos.values()
    return sum(1 for v in videos if v.status == "completed")


def marked(mark: str) -> dict[int, str]:
    """Live processes carrying ``mark`` in their environment: pid -> command line."""
    found: dict[int, str] = {}
    needle = f"{MARK_VAR}={mark}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if stat.rsplit(")", 1)[1].split()[0] == "Z":  # a zombie waits for its reaper only
            continue
        found[int(entry.name)] = cmd
    return found


def wait_gone(mark: str, timeout: float = 20.0) -> dict[int, str]:
    """Wait until no process carries ``mark``; returns what is left (empty = all gone)."""
    deadline = time.monotonic() + timeout
    while (left := marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def workers(mark: str) -> dict[int, str]:
    """The render workers among the marked processes (spawned multiprocessing children)."""
    return {pid: cmd for pid, cmd in marked(mark).items()
            if "multiprocessing" in cmd and "resource_tracker" not in cmd}


class Xvfb:
    """A private X server (``Xvfb -displayfd``: it picks a free display number itself)."""

    def __init__(self) -> None:
        r, w = os.pipe()
        self.popen = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            number = f.readline().strip()
        if not number:
            self.popen.kill()
            self.popen.wait(10)
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def windows(self) -> dict[str, int]:
        """The mapped top-level windows by name (what a window manager would list)."""
        out = subprocess.run(["xwininfo", "-root", "-children", "-display", self.display],
                             capture_output=True, text=True, timeout=10).stdout
        found: dict[str, int] = {}
        for wid, name in re.findall(r'^\s+(0x[0-9a-f]+) "(.*)":', out, re.M):
            info = subprocess.run(["xwininfo", "-id", wid, "-display", self.display],
                                  capture_output=True, text=True, timeout=10).stdout
            if "IsViewable" in info:
                found[name] = int(wid, 16)
        return found

    def press(self, *keys: str, focus: str | None = None) -> None:
        """Press ``keys`` together, then release them (XTest: real input, like a user's).

        With no window manager nobody gives a window the keyboard: ``focus`` names the
        window (part of its name) to give it to first, as a window manager does on a
        click.
        """
        import ctypes

        target = None
        if focus is not None:  # the first window whose name contains ``focus``
            target = next(w for name, w in self.windows().items() if focus in name)
        x11 = ctypes.CDLL("libX11.so.6")
        xtst = ctypes.CDLL("libXtst.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XStringToKeysym.restype = ctypes.c_ulong
        x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XFlush.argtypes = x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                           ctypes.c_ulong]
        dpy = x11.XOpenDisplay(self.display.encode())
        if not dpy:
            raise RuntimeError(f"cannot open display {self.display}")
        try:
            if target is not None:
                x11.XRaiseWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
                x11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int,
                                               ctypes.c_ulong]
                x11.XRaiseWindow(dpy, target)
                x11.XSetInputFocus(dpy, target, 2, 0)  # RevertToParent, CurrentTime
                x11.XFlush(dpy)
                time.sleep(0.3)  # the client takes the focus-in first
            codes = [x11.XKeysymToKeycode(dpy, x11.XStringToKeysym(k.encode())) for k in keys]
            for code in codes:
                xtst.XTestFakeKeyEvent(dpy, code, 1, 0)
            for code in reversed(codes):
                xtst.XTestFakeKeyEvent(dpy, code, 0, 0)
            x11.XFlush(dpy)
        finally:
            x11.XCloseDisplay(dpy)

    def stop(self) -> None:
        self.popen.terminate()
        self.popen.wait(10)
