"""A create that may have been billed, on a provider that can neither list nor recognise
a re-send, is held in the jobs panel: the user adopts the provider's video or sends it
again knowing the cost — never the studio on its own."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from studio.core.model import TakeStatus
from studio.ui.jobs_dock import STATUS
from tests.ui.studio_harness import open_one_small_shot, run, until


def _held(win, qloop):
    shot = open_one_small_shot(win, qloop)
    jobs = win.generation.jobs

    async def scenario() -> str:
        win.actions.generate_shot.trigger()
        await until(lambda: shot.takes, 10, "the take")
        job = shot.takes[0].job_id
        await until(lambda: jobs.model.event_of(job) is not None
                    and jobs.model.event_of(job).error_category == "unclear", 30, "the hold")
        return job

    job = run(qloop, scenario())
    jobs.select_job(job)
    return shot, jobs


def _unclear_faults(win) -> None:
    faults = win.generation.local.faults
    faults.no_list = faults.ignore_idempotency = True
    faults.reset_after_create = 1  # created upstream; the answer never arrives


def test_an_unclear_job_is_held_and_adopted(launch, qloop, monkeypatch):
    win = launch()
    _unclear_faults(win)
    shot, jobs = _held(win, qloop)
    local = win.generation.local
    assert len(local.store.live_videos()) == 1  # sent once, and never again on its own
    assert jobs.adopt_button.isVisible() and jobs.send_again_button.isVisible()
    assert "may have reached “Local animatic” and been billed" in jobs.error.toolTip()
    assert shot.takes[0].status is TakeStatus.QUEUED
    video = local.store.live_videos()[0].id
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (video, True))
    jobs.adopt_button.click()
    run(qloop, until(lambda: shot.takes[0].status is TakeStatus.COMPLETED, 30, "the clip"))
    assert len(local.store.live_videos()) == 1  # adopted, not re-created


def test_send_again_asks_first_and_then_bills_again(launch, qloop, monkeypatch):
    win = launch()
    _unclear_faults(win)
    shot, jobs = _held(win, qloop)
    local = win.generation.local
    asked: list[str] = []

    def answer(button):
        def ask(*args, **kwargs):
            asked.append(args[2])
            return button
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    jobs.send_again_button.click()
    run(qloop, until(lambda: asked, 5, "the question"))
    assert "may bill a second time" in asked[0]
    assert len(local.store.live_videos()) == 1  # No: nothing sent
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    jobs.send_again_button.click()
    run(qloop, until(lambda: shot.takes[0].status is TakeStatus.COMPLETED, 30, "the clip"))
    assert len(local.store.live_videos()) == 2  # the user chose to be billed twice


def test_rate_limits_are_said_in_the_jobs_panel_and_the_job_goes_on(launch, qloop):
    win = launch(rate_limit_every=1, retry_after_ms=1500)  # every request: 429, wait 1.5 s
    shot = open_one_small_shot(win, qloop)
    jobs = win.generation.jobs
    statuses: list[str] = []
    jobs.model.dataChanged.connect(
        lambda *_: statuses.extend(jobs.model.index(r, STATUS).data()
                                   for r in range(jobs.model.rowCount())))

    async def scenario() -> None:
        win.actions.generate_shot.trigger()
        await until(lambda: any(s.startswith("Rate limited, retrying in") for s in statuses),
                    20, "the rate-limit notice")
        win.generation.local.faults.rate_limit_every = 0  # the provider lets it through
        await until(lambda: shot.takes[0].status is TakeStatus.COMPLETED, 60, "the clip")

    run(qloop, scenario(), timeout=90)
