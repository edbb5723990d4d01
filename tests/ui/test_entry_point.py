"""The shipped entry point, ``sora-studio gui [PROJECT]``, as a process.

Offscreen and under a private Xvfb, with HOME and the XDG folders inside ``tmp_path``.
The test learns what happened from the app's own INFO log on stderr ("window painted",
"generation services ready", "project open: …", "shut down") and from /proc; under
Xvfb it answers dialogs with real key presses (XTest), as a user would. Nothing here
needs a test-only path in the product.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from studio.storage import recovery
from studio.storage.project_file import load_project
from tests.ui._process import (
    ROOT,
    Proc,
    Xvfb,
    data_dir,
    gui_args,
    kill_during_generate_all,
    marked,
    saved_sample,
    studio_env,
    wait_gone,
    workers,
)

PAINTED = r"INFO studio\.ui\.app: window painted$"
READY = r"INFO studio\.ui\.app: generation services ready: local provider at http://127"
SHUT_DOWN = r"INFO studio\.ui\.app: shut down$"


def opened(path: Path | str, shots: int) -> str:
    return rf"project open: {str(path).replace('.', '[.]')} \({shots} shots\)$"


def sigterm(proc: Proc) -> int:
    proc.popen.send_signal(signal.SIGTERM)
    return proc.popen.wait(60)


@pytest.fixture
def xvfb():
    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        pytest.skip("Xvfb and xwininfo are needed for the X11 runs")
    server = Xvfb()
    yield server
    server.stop()


@pytest.mark.timeout(120)
def test_offscreen_paints_then_starts_services_opens_the_project_and_ends_on_sigterm(
        tmp_path):
    home = tmp_path / "home"
    path = saved_sample(tmp_path)
    proc = Proc(gui_args(str(path)), studio_env(home, QT_QPA_PLATFORM="offscreen"), ROOT)
    try:
        proc.wait_for(READY, 60)
        proc.wait_for(opened(path, 7), 30)
        assert proc.index(PAINTED) < proc.index(READY)  # the services come after the paint
        assert marked(proc.mark), "the window process itself was not found in /proc"
        assert sigterm(proc) == 0
        proc.wait_for(SHUT_DOWN, 10)
    finally:
        proc.stop()
    assert not any("Traceback" in line for line in proc.lines), "\n".join(proc.log())
    assert not wait_gone(proc.mark)
    assert (data_dir(home) / "jobs.sqlite3").is_file()  # the user data dir of this home


@pytest.mark.timeout(300)
def test_after_a_crash_the_entry_point_recovers_the_takes_and_sigterm_leaves_no_worker(
        tmp_path):
    home = tmp_path / "home"
    path = saved_sample(tmp_path)
    kill_during_generate_all(home, path)
    proc = Proc(gui_args(str(path)), studio_env(home, QT_QPA_PLATFORM="offscreen"), ROOT)
    try:
        proc.wait_for(READY, 60)
        proc.wait_for(opened(path, 7), 30)
        proc.wait_for(r"recovered 7 takes", 30)  # from the ledger: the file has none
        # the provider resumes the renders it had: in its worker processes
        assert wait_for_workers(proc), "the resumed renders run in no worker process"
        assert sigterm(proc) == 0
        proc.wait_for(SHUT_DOWN, 10)
    finally:
        proc.stop()
    left = wait_gone(proc.mark)
    assert not left, f"processes left after a clean shutdown: {left}"
    assert all(not s.takes for s in load_project(path).shots)  # nothing saved unasked ...
    kept = recovery.find_recovery(path, untitled_dir=data_dir(home) / "recovery")
    assert kept is not None, "\n".join(proc.log())  # ... the recovered takes are kept
    assert [len(s.takes) for s in load_project(kept).shots] == [1] * 7


def wait_for_workers(proc: Proc, timeout: float = 30.0) -> dict[int, str]:
    import time

    deadline = time.monotonic() + timeout
    while not (found := workers(proc.mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


@pytest.mark.timeout(120)
def test_when_services_cannot_start_the_window_says_so_in_one_line_and_stays_usable(
        tmp_path):
    home = tmp_path / "home"
    path = saved_sample(tmp_path)
    env = studio_env(home, QT_QPA_PLATFORM="offscreen")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    env["XDG_DATA_HOME"] = str(blocker)
    proc = Proc(gui_args(str(path)), env, ROOT)
    try:
        found = proc.wait_for(r"WARNING studio\.ui\.app: generation unavailable: (.*)$", 60)
        reason = found.group(1)
        assert "not-a-folder" in reason or "Not a directory" in reason, reason
        proc.wait_for(opened(path, 7), 30)  # the editor works without the services
        assert sigterm(proc) == 0  # the loop still answers
        proc.wait_for(SHUT_DOWN, 10)
    finally:
        proc.stop()
    assert not any(line.startswith("INFO studio.ui.app: generation services ready")
                   for line in proc.lines)
    assert not wait_gone(proc.mark)


@pytest.mark.timeout(120)
def test_under_xvfb_the_newer_autosave_is_offered_restored_and_saved_on_quit(tmp_path, xvfb):
    home = tmp_path / "home"
    path = saved_sample(tmp_path)
    newer = load_project(path)
    newer.shots.append(newer.shots[0].model_copy(update={"id": "extra", "title": "Encore"}))
    recovery.write_autosave(newer, path, untitled_dir=data_dir(home) / "recovery")
    proc = Proc(gui_args(str(path)), studio_env(home, DISPLAY=xvfb.display), ROOT)
    try:
        proc.wait_for(r"offering an autosave of 8 shots", 60)
        wait_for_window(xvfb, "Recover unsaved work")
        xvfb.press("Return", focus="Recover unsaved work")  # Yes is the default button
        proc.wait_for(r"autosave restored", 20)
        proc.wait_for(opened(path, 8), 20)
        proc.wait_for(READY, 60)
        assert proc.index(PAINTED) < proc.index(READY)
        assert "island* — Sora Studio" in xvfb.windows()  # mapped, viewable, modified
        xvfb.press("Control_L", "q", focus="Sora Studio")  # File ▸ Quit
        wait_for_window(xvfb, "Unsaved changes")  # the restored work is unsaved work
        xvfb.press("Return", focus="Unsaved changes")  # Save is the default button
        assert proc.popen.wait(60) == 0  # the window closes once the save is written
        proc.wait_for(SHUT_DOWN, 10)
    finally:
        proc.stop()
    assert [s.title for s in load_project(path).shots][-1] == "Encore"
    assert not wait_gone(proc.mark)


def wait_for_window(xvfb: Xvfb, name: str, timeout: float = 20.0) -> str:
    """The full name of the first window whose name contains ``name``, once it shows."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        found = xvfb.windows()
        if hit := next((n for n in found if name in n), None):
            return hit
        if time.monotonic() > deadline:
            raise AssertionError(f"no window named {name!r}; windows: {sorted(found)}")
        time.sleep(0.1)
