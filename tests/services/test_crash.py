"""Acceptance: a headless render SIGKILLed at >= 10 random points still finishes exactly.

The provider runs as its own ``sora-studio serve`` process (it survives the kills). After
every kill no final path may hold a broken file; at the end every job is done, the server
created exactly as many videos as the ledger has jobs (0 lost, 0 duplicates) and the film
decodes.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.media.probe import verify_video
from studio.services.render import verify_film
from tests.services.test_render import make_project

KILLS = 10
SHOTS = 10
SEED = 20261126


def _serve(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "serve", "--port", "0", "--data-dir", str(data_dir),
         "--generation-seconds", "1.5", "--latency-ms", "120"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.fullmatch(r"serving (http://\S+/v1)\n", line)
    assert match, line
    return proc, match[1]


def _states(ledger: Path) -> list[str]:
    if not ledger.exists():
        return []
    db = sqlite3.connect(ledger)
    try:
        return [r[0] for r in db.execute("SELECT state FROM jobs ORDER BY created_at")]
    except sqlite3.OperationalError:  # the render is still creating the schema
        return []
    finally:
        db.close()


def _wait_for_progress(proc: subprocess.Popen[str], ledger: Path, before: list[str]) -> None:
    """Until ``proc`` moves a job on (a new row or a new state), or ends: its start-up
    (imports, the ledger's schema) is not what is tested, and grows with the machine's load."""
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if _states(ledger) != before:
            return
        time.sleep(0.02)


def _check_final_paths(media: Path, film: Path) -> None:
    for f in media.glob("*.mp4"):
        verify_video(f, width=480, height=480)
    if film.exists():
        verify_video(film, width=480, height=480)


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_render_survives_sigkill_at_random_points(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    project = make_project(tmp_path / "ten.sorastudio", SHOTS)
    server, url = _serve(tmp_path / "server")
    ledger = tmp_path / "state" / "jobs.sqlite3"
    film = tmp_path / "film.mp4"
    cmd = [sys.executable, "-m", "studio.cli", "render", str(project), "-o", str(film),
           "--base-url", url, "--ledger", str(ledger), "--concurrency", "2"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    kills = 0
    seen: list[list[str]] = []  # ledger states at each kill
    try:
        while True:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, env=env)
            if kills < KILLS:
                try:  # kill at a random moment once this run is at work, not starting up
                    before = _states(ledger)
                    if not before or any(s != "done" for s in before):
                        _wait_for_progress(proc, ledger, before)
                    # (with every job done, the run only joins the film: kill during that)
                    proc.wait(timeout=rng.uniform(0.0, 2.0))
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGKILL)
                    proc.communicate()  # reaps it and closes the pipes
                    kills += 1
                    _check_final_paths(tmp_path / "state" / "media", film)
                    seen.append(_states(ledger))
                    continue
            out, err = proc.communicate(timeout=90)
            assert proc.returncode == 0, err
            assert out.strip() == str(film)
            if kills >= KILLS:
                break
            film.unlink()  # finished before enough kills: render again (all reused)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
    assert kills >= KILLS
    states = _states(ledger)
    print("ledger states at each kill:", *seen, sep="\n  ")
    # the kills landed while work was in flight, not only during start-up
    assert sum(any(s != "done" for s in kill) for kill in seen) >= KILLS // 2
    videos = list((tmp_path / "server" / "videos").glob("video_*.json"))
    assert states == ["done"] * SHOTS, states
    assert len(videos) == len(states)  # 0 lost, 0 duplicate creates
    assert not list((tmp_path / "state" / "media").glob("*.part"))
    assert not list(tmp_path.glob(".film.*"))  # killed joins' temp files were swept
    verify_film(film, size="480x480", seconds=4 * SHOTS)


def test_ctrl_c_stops_cleanly_and_the_rerun_resumes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "three.sorastudio", 3)
    server, url = _serve(tmp_path / "server")
    ledger = tmp_path / "jobs.sqlite3"
    film = tmp_path / "film.mp4"
    cmd = [sys.executable, "-m", "studio.cli", "render", str(project), "-o", str(film),
           "--base-url", url, "--ledger", str(ledger)]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while "polling" not in _states(ledger) and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err
        assert "interrupted" in err and "Traceback" not in err
        before = _states(ledger)
        assert len(before) == 3 and not {"cancelled", "failed"} & set(before)  # not a cancel
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
    assert _states(ledger) == ["done"] * 3
    assert len(list((tmp_path / "server" / "videos").glob("video_*.json"))) == 3
    verify_film(film, size="480x480", seconds=12)
