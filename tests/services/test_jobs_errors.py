"""The engine's error paths, each met through the real SDK against the local provider.

A refusal at submit, a fatal poll, a corrupt or endless download, a kill between the rename
and the ``done`` row, a server that ignores or refuses ``Range``, and the reconcile of an
unclear remix/edit/extension — which must adopt only a video made from the same source.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest

from studio.localserver.server import LocalProvider
from studio.media.probe import verify_video
from studio.services.client import GenerationClient
from studio.services.errors import Category
from studio.services.jobs import JobRequest, JobRunner, RunnerConfig
from studio.services.ledger import JobKind, JobRecord, JobState, Ledger
from tests.services.conftest import make_mp4
from tests.services.test_jobs import REQ, MakeRunner, assert_clean_media, done

SORA = JobRequest(prompt="A kite over the dunes.", model="sora-2", size="1280x720", seconds=4)


def requests(runner: JobRunner) -> int:
    """HTTP requests the runner's client has sent so far."""
    return runner.providers["local"].client.requests


async def until(runner: JobRunner, job: JobRecord, state: JobState) -> None:
    while (await runner.ledger.get(job.id)).state != state:
        await asyncio.sleep(0.02)


def media_files(media: Path, job: JobRecord) -> list[Path]:
    return sorted(media.glob(f"{job.id}*")) if media.exists() else []


# -- refused at submit: final at once, sent once, nothing billed ------------------------


@pytest.mark.parametrize(("case", "category"), [
    ("invalid", Category.INVALID_INPUT),
    ("auth", Category.AUTH),
    ("moderation", Category.MODERATION),
])
async def test_a_definite_refusal_at_submit_is_final_sent_once_and_costs_nothing(
        make_runner: MakeRunner, provider: LocalProvider, tmp_path: Path, case: str,
        category: Category) -> None:
    request = SORA
    if case == "invalid":
        request = JobRequest(prompt=SORA.prompt, model="sora-2", size="1280x720", seconds=5)
    elif case == "auth":
        provider.api_key = "a-key-the-runner-does-not-have"
    else:
        provider.faults.moderation_words = ("kite",)
        provider.faults.moderate_at_submit = True
    runner = make_runner()
    final = await runner.wait((await runner.submit("local", request)).id)
    assert final.state == JobState.FAILED and final.error_category == category
    assert final.attempts == 1 and final.video_id is None
    assert requests(runner) == 1  # one POST: no reconcile listing, no second send
    assert provider.job_count() == 0
    assert final.cost_quoted is not None and final.cost_quoted > 0
    assert final.cost_spent == 0.0  # refused: nothing billed, whatever the quote said
    assert runner.event_for(final).cost_spent == 0.0
    assert media_files(tmp_path / "media", final) == []


async def test_a_completed_video_costs_its_price_and_a_failed_one_nothing(
        runner: JobRunner, provider: LocalProvider) -> None:
    paid = await done(runner, await runner.submit("local", SORA))
    assert paid.cost_quoted == pytest.approx(0.4) and paid.cost_spent == paid.cost_quoted
    provider.faults.moderation_words = ("dunes",)  # accepted, then fails while generating
    failed = await runner.wait((await runner.submit("local", SORA)).id)
    assert failed.state == JobState.FAILED and failed.error_category == Category.MODERATION
    assert failed.cost_spent == 0.0


async def test_a_job_cancelled_before_it_was_sent_costs_nothing(
        make_runner: MakeRunner, provider: LocalProvider) -> None:
    runner = make_runner(concurrency=1)
    provider.faults.generation_seconds = 30
    first = await runner.submit("local", SORA)
    queued = await runner.submit("local", SORA)  # waits for the provider's one slot
    await until(runner, first, JobState.POLLING)
    assert (await runner.ledger.get(queued.id)).state == JobState.INTENT
    assert (await runner.cancel(queued.id)).cost_spent == 0.0
    sent = await runner.cancel(first.id)
    assert sent.cost_spent is None  # sent: the provider may still finish and bill it


# -- a fatal poll -------------------------------------------------------------------------


async def test_a_fatal_poll_error_fails_the_job_without_a_download(
        runner: JobRunner, provider: LocalProvider, tmp_path: Path) -> None:
    provider.faults.generation_seconds = 30
    job = await runner.submit("local", SORA)
    await until(runner, job, JobState.POLLING)
    provider.api_key = "rotated"  # the key is revoked while the job runs
    final = await asyncio.wait_for(runner.wait(job.id), 30)
    assert final.state == JobState.FAILED and final.error_category == Category.AUTH
    assert "HTTP 401" in (final.error_message or "")
    assert final.cost_spent == 0.0 and final.media_path is None
    assert media_files(tmp_path / "media", final) == []
    assert provider.job_count() == 1


# -- downloads ------------------------------------------------------------------------------


async def test_a_corrupt_download_is_fetched_once_more_then_fails(
        runner: JobRunner, provider: LocalProvider, tmp_path: Path) -> None:
    provider.faults.corrupt_content = 1
    await done(runner, await runner.submit("local", REQ))
    assert provider.faults.corrupt_content == 0  # the bad body was served, then a good one
    provider.faults.corrupt_content = 2
    final = await runner.wait((await runner.submit("local", REQ)).id)
    assert final.state == JobState.FAILED and final.error_category == Category.SERVER
    assert "does not decode" in (final.error_message or "")
    assert provider.faults.corrupt_content == 0
    assert final.media_path is None and media_files(tmp_path / "media", final) == []
    assert final.cost_spent == final.cost_quoted  # completed at the provider: billed
    assert_clean_media(tmp_path / "media")


async def test_a_download_is_given_up_after_its_retry_budget(
        make_runner: MakeRunner, provider: LocalProvider, tmp_path: Path) -> None:
    runner = make_runner(config=RunnerConfig(poll_min=0.05, poll_max=0.3, default_eta=5.0,
                                             download_attempts=3))
    provider.faults.truncate_content = 100  # every body is cut short
    final = await runner.wait((await runner.submit("local", REQ)).id)
    assert final.state == JobState.FAILED and final.error_category == Category.NETWORK
    assert "connection dropped" in (final.error_message or "")
    assert provider.faults.truncate_content == 97  # exactly three attempts
    assert media_files(tmp_path / "media", final) == []
    assert provider.job_count() == 1


async def test_a_kill_after_the_rename_resumes_as_done_without_a_download_or_a_create(
        make_runner: MakeRunner, provider: LocalProvider) -> None:
    first = make_runner()
    job = await done(first, await first.submit("local", REQ))
    final = Path(job.media_path or "")
    before = final.stat()
    # The state a kill between the rename and the `done` row leaves: the file in place,
    # the row still downloading.
    await first.ledger.update(job.id, state=JobState.DOWNLOADING, media_path=None,
                              finished_at=None)
    await first.close()
    second = make_runner()
    assert await second.resume() == [job.id]
    again = await done(second, job)
    assert again.media_path == str(final)
    assert requests(second) == 0  # neither a poll, a download nor a create
    assert provider.job_count() == 1
    after = final.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


async def _downloading_row(ledger: Ledger, provider: LocalProvider, clip: Path, *,
                           seconds: int, state: JobState = JobState.DOWNLOADING) -> JobRecord:
    """A ledger row for a video the provider already finished (imported from ``clip``)."""
    vid = provider.add_completed_video(clip, prompt="imported", size="320x240",
                                       seconds=seconds)
    row = JobRecord(kind=JobKind.CREATE, provider="local", model="animatic", size="320x240",
                    seconds=seconds, params={"prompt": "imported"}, state=state, video_id=vid,
                    attempts=1, submitted_at=time.time())
    return await ledger.add(row)


async def test_a_download_over_4_mib_cut_short_resumes_to_the_same_bytes(
        make_runner: MakeRunner, ledger: Ledger, provider: LocalProvider,
        big_clip: Path) -> None:
    row = await _downloading_row(ledger, provider, big_clip, seconds=6,
                                 state=JobState.SUBMITTED)
    provider.faults.truncate_content = 1  # the first body stops after ~half (> 2 MiB)
    runner = make_runner()
    await runner.resume()
    final = await done(runner, row)
    assert provider.faults.truncate_content == 0
    assert Path(final.media_path or "").read_bytes() == big_clip.read_bytes()


async def test_a_server_that_ignores_range_restarts_the_file(
        make_runner: MakeRunner, ledger: Ledger, provider: LocalProvider, big_clip: Path,
        tmp_path: Path) -> None:
    row = await _downloading_row(ledger, provider, big_clip, seconds=6)
    part = tmp_path / "media" / f"{row.id}.mp4.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(big_clip.read_bytes()[:3_000_000])  # an earlier run got this far
    provider.faults.ignore_range = True  # the resume gets 200 and the whole body
    runner = make_runner()
    await runner.resume()
    final = await done(runner, row)
    assert Path(final.media_path or "").read_bytes() == big_clip.read_bytes()
    assert requests(runner) == 1  # one download, not a decode failure and a second one


async def test_a_416_on_a_complete_part_finishes_without_a_body(
        make_runner: MakeRunner, ledger: Ledger, provider: LocalProvider, clip: Path,
        tmp_path: Path) -> None:
    row = await _downloading_row(ledger, provider, clip, seconds=1)
    part = tmp_path / "media" / f"{row.id}.mp4.part"
    part.parent.mkdir(parents=True)
    shutil.copyfile(clip, part)  # killed after the last byte, before the rename
    provider.faults.unsatisfiable_range = 1  # (the provider would send a 416 anyway)
    runner = make_runner()
    await runner.resume()
    final = await done(runner, row)
    assert provider.faults.unsatisfiable_range == 0 and requests(runner) == 1
    assert Path(final.media_path or "").read_bytes() == clip.read_bytes()


async def test_a_416_on_an_incomplete_part_restarts_the_file(
        make_runner: MakeRunner, ledger: Ledger, provider: LocalProvider, clip: Path,
        tmp_path: Path) -> None:
    row = await _downloading_row(ledger, provider, clip, seconds=1)
    part = tmp_path / "media" / f"{row.id}.mp4.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(clip.read_bytes()[:5000])
    provider.faults.unsatisfiable_range = 1  # a server that lost the ranges it promised
    runner = make_runner()
    await runner.resume()
    final = await done(runner, row)
    assert provider.faults.unsatisfiable_range == 0
    assert requests(runner) == 2  # the 416, then the whole file: the short part never passed
    assert Path(final.media_path or "").read_bytes() == clip.read_bytes()


# -- reconcile of remix / edit / extend: keyed on the source --------------------------------

PROMPT = "Make it night."


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Real 4 s and 8 s clips: an edit keeps its source's length, an extension adds to it."""
    folder = tmp_path_factory.mktemp("sources")
    return {s: make_mp4(folder / f"{s}s.mp4", seconds=s, fps=6) for s in (4, 8)}


async def _send(client: GenerationClient, kind: JobKind, source: str, key: str) -> str:
    if kind == JobKind.REMIX:
        return (await client.remix(source, prompt=PROMPT, idempotency_key=key)).id
    if kind == JobKind.EDIT:
        return (await client.edit(source, prompt=PROMPT, idempotency_key=key)).id
    return (await client.extend(source, prompt=PROMPT, seconds=4, idempotency_key=key)).id


@pytest.mark.parametrize("kind", [JobKind.REMIX, JobKind.EDIT, JobKind.EXTEND])
@pytest.mark.parametrize("reached", [False, True], ids=["lost-post", "lost-answer"])
async def test_an_unclear_derived_job_adopts_only_a_video_of_its_own_source(
        make_runner: MakeRunner, ledger: Ledger, client: GenerationClient,
        provider: LocalProvider, sources: dict[int, Path], kind: JobKind,
        reached: bool) -> None:
    mine = provider.add_completed_video(sources[4], prompt="A", size="320x240", seconds=4)
    other = provider.add_completed_video(sources[8], prompt="B", size="320x240", seconds=8)
    decoy = await _send(client, kind, other, "someone-else")  # same prompt, other source
    sent = await _send(client, kind, mine, "lost-answer") if reached else None
    row = JobRecord(kind=kind, provider="local", model="animatic", size="320x240", seconds=4,
                    params={"prompt": PROMPT, "source_video_id": mine},
                    state=JobState.UNCLEAR, attempts=1)
    await ledger.add(row)
    runner = make_runner()
    await runner.resume()
    final = await done(runner, row)
    assert final.video_id != decoy
    assert provider.store.videos[final.video_id or ""].source_id == mine
    if sent is not None:
        assert final.video_id == sent and final.attempts == 1  # adopted, not sent again
        assert provider.job_count() == 4
    else:
        assert final.attempts == 2  # nothing of A's to adopt: sent with the same key
        assert provider.job_count() == 4


async def test_retry_of_a_paid_video_fetches_it_again_instead_of_paying_again(
        runner: JobRunner, provider: LocalProvider, tmp_path: Path) -> None:
    provider.faults.corrupt_content = 2  # our copy fails twice: the job gives up
    failed = await runner.wait((await runner.submit("local", REQ)).id)
    assert failed.state == JobState.FAILED and failed.video_id is not None
    again = await runner.retry(failed.id)  # the provider still holds the finished video
    assert again.id == failed.id and again.retry_of is None
    final = await done(runner, again)
    assert final.video_id == failed.video_id and final.attempts == failed.attempts
    assert provider.job_count() == 1  # one create, one bill
    assert final.media_path is not None
    verify_video(Path(final.media_path))
    # a job the provider itself failed is sent again, as a new linked job
    provider.faults.failure_rate = 1.0
    bad = await runner.wait((await runner.submit("local", REQ)).id)
    assert bad.state == JobState.FAILED
    provider.faults.failure_rate = 0.0
    other = await runner.retry(bad.id)
    assert other.id != bad.id and other.retry_of == bad.id
