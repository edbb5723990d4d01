"""The job runner against a real local provider: every kind, every fault, crash-resume."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from studio.localserver.server import LocalProvider
from studio.media.probe import verify_video
from studio.services.client import GenerationClient
from studio.services.errors import Category
from studio.services.jobs import JobEvent, JobRequest, JobRunner, RunnerConfig
from studio.services.ledger import JobKind, JobRecord, JobState, Ledger
from tests.services.conftest import FAST

REQ = JobRequest(prompt="A paper boat drifts past lanterns.", model="animatic", size="480x480",
                 seconds=4)

MakeRunner = Callable[..., JobRunner]


def assert_clean_media(media: Path) -> None:
    """No partial file anywhere; every final file decodes."""
    assert not list(media.glob("*.part"))
    for f in media.glob("*.mp4"):
        verify_video(f)


async def done(runner: JobRunner, job: JobRecord) -> JobRecord:
    final = await asyncio.wait_for(runner.wait(job.id), 60)
    assert final.state == JobState.DONE, (final.error_category, final.error_message)
    assert final.media_path and Path(final.media_path).name == f"{final.id}.mp4"
    verify_video(Path(final.media_path), width=int(final.size.split("x")[0]),
                 height=int(final.size.split("x")[1]))
    return final


async def test_create_happy_path_events_cost_and_eta(make_runner: MakeRunner,
                                                     provider: LocalProvider,
                                                     tmp_path: Path) -> None:
    events: list[JobEvent] = []
    runner = make_runner(events=events)
    job = await runner.submit("local", REQ)
    final = await done(runner, job)
    states = [e.state for e in events]
    assert states[0] == JobState.INTENT and states[-1] == JobState.DONE
    assert {JobState.UNCLEAR, JobState.SUBMITTED, JobState.POLLING,
            JobState.DOWNLOADING} <= set(states)
    assert all(e.eta_seconds is not None for e in events if not e.state.finished)
    assert events[-1].progress == 100 and events[-1].cost_quoted == 0.0
    assert final.cost_spent == 0.0 and final.attempts == 1
    assert provider.job_count() == 1
    assert_clean_media(tmp_path / "media")
    # the next job of the same model/size/seconds uses the learned duration, not the default
    second = await runner.submit("local", REQ)
    while (await runner.ledger.get(second.id)).state != JobState.POLLING:
        await asyncio.sleep(0.02)
    learned = final.finished_at - final.submitted_at  # type: ignore[operator]
    eta = runner.event_for(await runner.ledger.get(second.id)).eta_seconds
    assert eta is not None and eta <= max(1.0, learned) < FAST.default_eta
    await done(runner, second)


async def test_remix_edit_extend_from_a_finished_take(runner: JobRunner,
                                                      provider: LocalProvider) -> None:
    src = await done(runner, await runner.submit("local", REQ))
    assert src.video_id
    kinds = [
        JobRequest(prompt="The boat at dawn.", model="animatic", size="480x480", seconds=4,
                   kind=JobKind.REMIX, source_video_id=src.video_id),
        JobRequest(prompt="Add falling snow.", model="animatic", size="480x480", seconds=4,
                   kind=JobKind.EDIT, source_video_id=src.video_id),
        JobRequest(prompt="The boat sails on.", model="animatic", size="480x480", seconds=4,
                   kind=JobKind.EXTEND, source_video_id=src.video_id),
    ]
    jobs = [await runner.submit("local", r) for r in kinds]
    finals = [await done(runner, j) for j in jobs]
    ext = verify_video(Path(finals[2].media_path or ""))
    assert ext.duration > 7  # source 4 s + 4 s extension
    assert provider.job_count() == 4


async def test_create_with_a_character_and_a_reference(runner: JobRunner, client: GenerationClient,
                                                       clip: Path, tmp_path: Path) -> None:
    char = await client.create_character(name="Mossy", video=clip.read_bytes())
    assert char.id
    from PIL import Image

    img = tmp_path / "ref.png"
    Image.new("RGB", (480, 480), (200, 120, 40)).save(img)
    req = JobRequest(prompt="Mossy walks by the sea.", model="animatic", size="480x480",
                     seconds=4, characters=(char.id,), input_reference=img.read_bytes())
    await done(runner, await runner.submit("local", req))


async def test_moderation_fails_clearly_and_is_never_retried(
        runner: JobRunner, provider: LocalProvider, tmp_path: Path) -> None:
    provider.faults.moderation_words = ("lanterns",)
    final = await runner.wait((await runner.submit("local", REQ)).id)
    assert final.state == JobState.FAILED and final.error_category == Category.MODERATION
    assert "content rules" in (final.error_message or "")
    await asyncio.sleep(0.5)
    assert provider.job_count() == 1  # nothing re-sent
    assert_clean_media(tmp_path / "media")
    # the user may retry with a changed prompt: a new, linked job with a new key
    retry = await runner.retry(final.id, prompt="A paper boat drifts past stars.")
    assert retry.retry_of == final.id and retry.idempotency_key != final.idempotency_key
    await done(runner, retry)


async def test_latency_and_rate_limits(runner: JobRunner, provider: LocalProvider) -> None:
    provider.faults.latency_ms = 100
    provider.faults.rate_limit_every = 3
    provider.faults.retry_after_ms = 50
    jobs = [await runner.submit("local", REQ) for _ in range(3)]
    for j in jobs:
        await done(runner, j)
    assert provider.job_count() == 3  # a refused create (429) created nothing


async def test_server_error_burst_on_create_is_reconciled(runner: JobRunner,
                                                          provider: LocalProvider) -> None:
    provider.faults.server_error_burst = 3
    final = await done(runner, await runner.submit("local", REQ))
    assert provider.job_count() == 1
    # POST -> 500 (nothing made); the reconcile's listing rides out 502 and 503 and finds
    # nothing; the second POST goes out with the same key and creates the one video.
    assert final.attempts == 2
    assert provider.store.videos[final.video_id or ""].idempotency_key == final.idempotency_key


async def test_reset_after_create_is_adopted_by_listing(runner: JobRunner,
                                                        provider: LocalProvider) -> None:
    provider.faults.reset_after_create = 1
    final = await done(runner, await runner.submit("local", REQ))
    assert provider.job_count() == 1
    assert final.attempts == 1  # found by listing, not sent again


async def test_truncated_download_is_resumed_and_verified(runner: JobRunner,
                                                          provider: LocalProvider,
                                                          tmp_path: Path) -> None:
    provider.faults.truncate_content = 2
    await done(runner, await runner.submit("local", REQ))
    assert provider.faults.truncate_content == 0
    assert_clean_media(tmp_path / "media")


async def test_expired_assets_fail_as_expired(runner: JobRunner, provider: LocalProvider,
                                              tmp_path: Path) -> None:
    provider.faults.expire_after_seconds = 0.0
    final = await runner.wait((await runner.submit("local", REQ)).id)
    assert final.state == JobState.FAILED and final.error_category == Category.EXPIRED
    assert final.media_path is None
    assert not list(tmp_path.rglob(f"{final.id}*"))  # never downloaded, not even in part
    assert final.cost_spent == final.cost_quoted  # it was completed, so it was billed


async def test_local_cancel_says_the_provider_cannot_cancel(runner: JobRunner,
                                                            provider: LocalProvider) -> None:
    provider.faults.generation_seconds = 30
    job = await runner.submit("local", REQ)
    while (await runner.ledger.get(job.id)).state != JobState.POLLING:
        await asyncio.sleep(0.05)
    final = await runner.cancel(job.id)
    assert final.state == JobState.CANCELLED and "no cancel endpoint" in (final.error_message or "")
    assert (await runner.wait(job.id)).state == JobState.CANCELLED


async def test_deadline_fails_as_timed_out(make_runner: MakeRunner,
                                           provider: LocalProvider) -> None:
    provider.faults.generation_seconds = 30
    runner = make_runner(config=RunnerConfig(poll_min=0.05, poll_max=0.1, deadline=0.5))
    final = await runner.wait((await runner.submit("local", REQ)).id)
    assert final.state == JobState.FAILED and "Timed out" in (final.error_message or "")


async def test_per_provider_concurrency(make_runner: MakeRunner) -> None:
    events: list[JobEvent] = []
    runner = make_runner(concurrency=1, events=events)
    jobs = [await runner.submit("local", REQ) for _ in range(3)]
    for j in jobs:
        await done(runner, j)
    active: set[str] = set()
    peak = 0
    for e in events:
        if e.state in (JobState.UNCLEAR, JobState.SUBMITTED, JobState.POLLING):
            active.add(e.job_id)
        elif e.state.finished or e.state == JobState.DOWNLOADING:
            active.discard(e.job_id)
        peak = max(peak, len(active))
    assert peak == 1


async def test_resume_after_a_crash_continues_polling(make_runner: MakeRunner,
                                                      provider: LocalProvider) -> None:
    provider.faults.generation_seconds = 1.5
    first = make_runner()
    job = await first.submit("local", REQ)
    while (await first.ledger.get(job.id)).state != JobState.POLLING:
        await asyncio.sleep(0.05)
    await first.close()  # the process "dies": nothing marked
    assert not (await first.ledger.get(job.id)).state.finished
    second = make_runner()
    assert await second.resume() == [job.id]
    await done(second, job)
    assert provider.job_count() == 1


async def test_unclear_intent_adopts_the_listed_video(make_runner: MakeRunner, ledger: Ledger,
                                                      client: GenerationClient,
                                                      provider: LocalProvider) -> None:
    # The POST reached the server but the process died before recording the answer.
    sent = await client.create(prompt=REQ.prompt, model=REQ.model, size=REQ.size,
                               seconds=REQ.seconds, idempotency_key="lost-answer")
    row = JobRecord(kind=JobKind.CREATE, provider="local", model=REQ.model, size=REQ.size,
                    seconds=REQ.seconds, params={"prompt": REQ.prompt},
                    idempotency_key="lost-answer-row", state=JobState.UNCLEAR, attempts=1)
    await ledger.add(row)
    runner = make_runner()
    await runner.resume()
    final = await done(runner, row)
    assert final.video_id == sent.id and final.attempts == 1
    assert provider.job_count() == 1


async def test_intent_never_sent_is_sent_on_resume(make_runner: MakeRunner, ledger: Ledger,
                                                   provider: LocalProvider) -> None:
    row = JobRecord(kind=JobKind.CREATE, provider="local", model=REQ.model, size=REQ.size,
                    seconds=REQ.seconds, params={"prompt": REQ.prompt})
    await ledger.add(row)
    runner = make_runner()
    await runner.resume()
    await done(runner, row)
    assert provider.job_count() == 1


async def test_events_as_an_async_iterator(runner: JobRunner) -> None:
    seen: list[JobState] = []

    async def watch() -> None:
        async for e in runner.events():
            seen.append(e.state)
            if e.state.finished:
                return

    watcher = asyncio.create_task(watch())
    await asyncio.sleep(0)
    await done(runner, await runner.submit("local", REQ))
    await asyncio.wait_for(watcher, 5)
    assert seen[-1] == JobState.DONE


async def test_take_and_label_are_carried_by_submit_and_retry(runner: JobRunner,
                                                              provider: LocalProvider) -> None:
    provider.faults.moderation_words = ("lanterns",)
    req = replace(REQ, project="/p/film.sorastudio", shot="s3", take="take-7",
                  label="3. Sunrise")
    failed = await runner.wait((await runner.submit("local", req)).id)
    assert failed.state == JobState.FAILED and (failed.take, failed.label) == ("take-7",
                                                                               "3. Sunrise")
    retry = await runner.retry(failed.id, prompt="A paper boat drifts past stars.")
    rows = await runner.ledger.for_project("/p/film.sorastudio")
    assert [r.id for r in rows] == [failed.id, retry.id]
    assert {(r.shot, r.take, r.label) for r in rows} == {("s3", "take-7", "3. Sunrise")}
    await done(runner, retry)
