"""Issue 7's crash test: kill -9 of the real window during a 7-shot generation.

A window process (``generate_driver.py``: built as ``run_gui`` builds it, the default
render process pool, offscreen) opens a saved copy of the sample at 640x360 and runs
Generate All; it is SIGKILLed while the jobs render, before anything is saved. Then:
no process of it is left (its render workers included, read from /proc); a second
session opens the project and finds the 7 takes the ledger knows (the file never held
them), they complete, and the local provider made exactly 7 videos: nothing was paid
twice.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from studio.core.model import TakeStatus
from studio.localserver.store import Store
from studio.storage.project_file import load_project
from tests.ui._process import data_dir, kill_during_generate_all, saved_sample, wait_gone
from tests.ui.studio_harness import FAST_RUNNER, run, until


@pytest.mark.timeout(240)
def test_sigkill_during_generate_all_recovers_seven_takes_without_paying_twice(
        tmp_path, qtbot, qloop, render_pool):
    home = tmp_path / "home"
    path = saved_sample(tmp_path)
    proc = kill_during_generate_all(home, path)
    left = wait_gone(proc.mark)
    assert not left, f"processes left behind by the killed window: {left}"
    assert all(not s.takes for s in load_project(path).shots)  # the takes were never saved

    win = second_session(tmp_path, home, qtbot, qloop, render_pool)
    try:
        win.open_path(path)
        doc = win.doc

        async def recovered() -> None:
            await until(lambda: doc.path == path and all(s.takes for s in doc.project.shots),
                        30, "the recovered takes")
            await until(lambda: all(s.takes[-1].status is TakeStatus.COMPLETED
                                    for s in doc.project.shots), 150, "seven finished clips")

        run(qloop, recovered(), 200)
        shots = doc.project.shots
        assert [len(s.takes) for s in shots] == [1] * 7
        assert len({s.takes[0].job_id for s in shots}) == 7
        for s in shots:
            clip = doc.resolve_media(s.takes[0].media)
            assert clip is not None and clip.stat().st_size > 0
        assert doc.is_dirty()  # recovered takes are unsaved work: one undo step
        assert doc.undo_stack.count() == 1
    finally:
        qloop.run_until_complete(win.tasks.close())
        qloop.run_until_complete(win.generation.close())
    videos = Store(data_dir(home) / "local-provider").videos
    assert len(videos) == 7, f"{len(videos)} videos created for 7 shots"
    assert sorted(v.status for v in videos.values()) == ["completed"] * 7


def second_session(tmp_path: Path, home: Path, qtbot, qloop, render_pool):
    """The window again, in this process, on the killed session's data dir."""
    from studio.app.generation import GenerationConfig
    from studio.ui.app import build_window, start_services

    win = build_window(settings_dir=home / "config" / "sora-studio",
                       recovery=data_dir(home) / "recovery")
    qtbot.addWidget(win, before_close_func=lambda w: w.doc.undo_stack.setClean())
    win.show()
    config = GenerationConfig(data_dir=data_dir(home), local_executor=render_pool,
                              runner=FAST_RUNNER)

    async def boot() -> None:
        await until(lambda: win._painted, 10, "the first paint")
        await start_services(win, config)
        await asyncio.sleep(0.2)  # the jobs resumed at start take their first step

    run(qloop, boot(), 60)
    return win
