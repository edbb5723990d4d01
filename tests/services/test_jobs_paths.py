"""The runner's refusals and its less common paths, against the real local provider.

What the user may not do (adopt a video another job holds, retry a job that succeeded),
settings edited while jobs run, a POST that never connected, a listing refused for the key,
a poll that outlasts the client's own retries, and local writes that fail: a download that
hits the file size limit (EFBIG, as a full disk) and a ledger another process holds locked.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import signal
import socket
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from studio.localserver.faults import FaultConfig
from studio.localserver.server import LocalProvider
from studio.services.client import GenerationClient, VideoInfo
from studio.services.errors import Category, LocalStorageError
from studio.services.jobs import JobEvent, JobRunner, Provider, _matches
from studio.services.ledger import JobKind, JobRecord, JobState, Ledger
from studio.storage.bundled import capability_table
from tests.services.conftest import FAST
from tests.services.test_jobs import REQ, MakeRunner, done

pytestmark = pytest.mark.timeout(120)


async def _completed_row(ledger: Ledger, provider: LocalProvider, clip: Path, *,
                         seconds: int, state: JobState) -> JobRecord:
    """A ledger row for a video the provider already finished (imported from ``clip``)."""
    vid = provider.add_completed_video(clip, prompt="imported", size="320x240",
                                       seconds=seconds)
    row = JobRecord(kind=JobKind.CREATE, provider="local", model="animatic", size="320x240",
                    seconds=seconds, params={"prompt": "imported"}, state=state, video_id=vid,
                    attempts=1, submitted_at=time.time(), cost_quoted=0.0)
    return await ledger.add(row)


# -- what the user may not do -------------------------------------------------------------


async def test_the_runner_refuses_requests_that_make_no_sense(
        runner: JobRunner, provider: LocalProvider, tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="nowhere"):
        await runner.submit("nowhere", REQ)
    finished = await done(runner, await runner.submit("local", REQ))
    with pytest.raises(ValueError, match="only failed or cancelled jobs retry"):
        await runner.retry(finished.id)
    with pytest.raises(ValueError, match="only an unclear job adopts a video"):
        await runner.adopt(finished.id, finished.video_id or "")
    with pytest.raises(ValueError, match="only an unclear job is sent again"):
        await runner.send_again(finished.id)
    # cancelling a finished job changes nothing: it stays done and keeps its clip
    assert await runner.cancel(finished.id) == await runner.ledger.get(finished.id)
    assert (await runner.ledger.get(finished.id)).state == JobState.DONE
    assert Path(finished.media_path or "").is_file()
    assert provider.job_count() == 1


async def test_adopting_a_video_another_job_holds_is_refused(
        runner: JobRunner, provider: LocalProvider) -> None:
    finished = await done(runner, await runner.submit("local", REQ))
    unclear = await runner.ledger.add(JobRecord(
        kind=JobKind.CREATE, provider="local", model=REQ.model, size=REQ.size,
        seconds=REQ.seconds, params={"prompt": REQ.prompt}, state=JobState.UNCLEAR,
        attempts=1))
    with pytest.raises(ValueError, match="another job already holds this video"):
        await runner.adopt(unclear.id, f"  {finished.video_id}  ")
    row = await runner.ledger.get(unclear.id)
    assert row.state == JobState.UNCLEAR and row.video_id is None  # nothing recorded
    assert provider.job_count() == 1


# -- settings edited while the runner works ------------------------------------------------


async def test_new_jobs_use_the_providers_set_later(runner: JobRunner,
                                                    provider: LocalProvider) -> None:
    old = runner.providers["local"]
    fresh = Provider("local", GenerationClient(provider.base_url, None, timeout=20.0), 2)
    runner.set_providers([fresh])
    before = old.client.requests
    final = await done(runner, await runner.submit("local", REQ))
    assert final.provider == "local"
    assert old.client.requests == before and fresh.client.requests >= 2  # create, poll...


async def test_a_job_whose_provider_was_removed_is_reported_and_kept(
        runner: JobRunner, provider: LocalProvider, caplog: pytest.LogCaptureFixture) -> None:
    events: list[JobEvent] = []
    runner.subscribe(events.append)
    kept = runner.providers["local"]
    job = await runner.submit("local", REQ)
    runner.set_providers([])  # before its driver ran: the profile was deleted
    with caplog.at_level("ERROR", logger="studio.services.jobs"):
        row = await asyncio.wait_for(runner.wait(job.id), 30)
    assert row.state == JobState.INTENT and provider.job_count() == 0  # never sent, not lost
    last = events[-1]
    assert (last.job_id, last.state, last.error_category) == (job.id, JobState.FAILED, "unknown")
    assert last.error_message == "KeyError: 'local'"
    assert f"job {job.id} stopped" in caplog.text
    runner.set_providers([kept])  # the profile is back: the same row runs to its clip
    assert await runner.resume() == [job.id]
    final = await done(runner, job)
    assert final.attempts == 1 and provider.job_count() == 1


# -- requests that fail on the way -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_a_post_that_never_connected_is_sent_again_with_the_same_key(
        ledger: Ledger, tmp_path: Path, render_pool: ThreadPoolExecutor) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/v1"
    client = GenerationClient(url, None, timeout=20.0, retries=0)
    runner = JobRunner(ledger, [Provider("local", client, 2)], tmp_path / "media",
                       table=capability_table(), config=FAST)
    late = LocalProvider(tmp_path / "late", faults=FaultConfig(generation_seconds=0.4),
                         executor=render_pool, open_access=True)
    try:
        job = await runner.submit("local", REQ)
        while client.requests < 2:  # refused twice: nothing listens there yet
            await asyncio.sleep(0.02)
        row = await ledger.get(job.id)
        assert row.state in (JobState.INTENT, JobState.UNCLEAR) and row.video_id is None
        await late.start("127.0.0.1", port)  # the provider comes up
        final = await done(runner, job)
        assert late.job_count() == 1  # no listing was needed: the POSTs never arrived
        assert late.store.videos[final.video_id or ""].idempotency_key == job.idempotency_key
    finally:
        await runner.close()
        await late.stop()


async def test_an_unclear_job_whose_listing_is_refused_for_the_key_fails_unsent(
        runner: JobRunner, provider: LocalProvider) -> None:
    row = await runner.ledger.add(JobRecord(
        kind=JobKind.CREATE, provider="local", model=REQ.model, size=REQ.size,
        seconds=REQ.seconds, params={"prompt": REQ.prompt}, state=JobState.UNCLEAR,
        attempts=1))
    provider.api_key = "a-key-the-runner-does-not-have"
    await runner.resume()
    final = await asyncio.wait_for(runner.wait(row.id), 30)
    assert final.state == JobState.FAILED and final.error_category == Category.AUTH
    assert final.attempts == 1 and final.cost_spent == 0.0  # not sent again blindly
    assert provider.job_count() == 0


async def test_server_errors_past_the_clients_retries_are_waited_out(
        make_runner: MakeRunner, ledger: Ledger, provider: LocalProvider, clip: Path) -> None:
    polling = await _completed_row(ledger, provider, clip, seconds=1, state=JobState.SUBMITTED)
    unclear = await ledger.add(JobRecord(
        kind=JobKind.CREATE, provider="local", model=REQ.model, size=REQ.size,
        seconds=REQ.seconds, params={"prompt": REQ.prompt}, state=JobState.UNCLEAR,
        attempts=1))
    runner = make_runner(concurrency=1)  # one request at a time: the burst hits each
    provider.faults.server_error_burst = 9  # more than the client's 3 retries, twice over
    await runner.resume()
    first, second = await done(runner, polling), await done(runner, unclear)
    assert provider.faults.server_error_burst == 0
    assert first.video_id == polling.video_id  # the finished video, fetched
    assert second.attempts == 2 and provider.job_count() == 2  # listed, found none, sent


# -- local writes that fail ---------------------------------------------------------------


@contextlib.contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Writes of this process past ``limit`` bytes fail with EFBIG (a full disk, to the
    runner); SIGXFSZ is ignored meanwhile, so the write fails instead of the process."""
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="POSIX file size limits")
async def test_a_download_that_cannot_be_written_fails_as_local_storage(
        make_runner: MakeRunner, ledger: Ledger, provider: LocalProvider, big_clip: Path,
        tmp_path: Path) -> None:
    row = await _completed_row(ledger, provider, big_clip, seconds=6,
                               state=JobState.DOWNLOADING)
    events: list[JobEvent] = []
    runner = make_runner(events=events)
    with file_size_limit(1 << 20):  # the 6 MiB clip cannot be written; the ledger can
        await runner.resume()
        final = await asyncio.wait_for(runner.wait(row.id), 60)
    assert final.state == JobState.FAILED
    assert final.error_category == Category.LOCAL_STORAGE
    assert "File too large" in (final.error_message or "")
    assert final.cost_spent == 0.0
    assert runner.storage_failure is None  # the ledger took the failure: one row, one line
    assert events[-1].error_category == "local_storage"
    assert sorted((tmp_path / "media").iterdir()) == []  # no partial file left behind


async def test_a_ledger_held_locked_stops_the_job_in_one_line_and_it_resumes(
        make_runner: MakeRunner, ledger: Ledger, provider: LocalProvider, clip: Path,
        tmp_path: Path) -> None:
    row = await _completed_row(ledger, provider, clip, seconds=1, state=JobState.DOWNLOADING)
    events: list[JobEvent] = []
    first = make_runner(events=events)
    other = sqlite3.connect(ledger.path, isolation_level=None)  # another process's writer
    try:
        other.execute("BEGIN EXCLUSIVE")
        await first.resume()
        stuck = await asyncio.wait_for(first.wait(row.id), 60)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert stuck.state == JobState.DOWNLOADING  # nothing could be recorded, nothing lost
    assert isinstance(first.storage_failure, LocalStorageError)
    assert "the job ledger: database is locked" in str(first.storage_failure)
    assert "\n" not in str(first.storage_failure)
    last = events[-1]
    assert (last.state, last.error_category) == (JobState.FAILED, "local_storage")
    clip_path = tmp_path / "media" / f"{row.id}.mp4"
    assert clip_path.read_bytes() == clip.read_bytes()  # verified and renamed before the write
    second = make_runner()
    await second.resume()
    final = await done(second, row)
    assert final.media_path == str(clip_path)
    assert second.providers["local"].client.requests == 0  # no second download


# -- what an unclear remix/edit/extend may adopt -----------------------------------------


def _video(**kw: object) -> VideoInfo:
    base: dict[str, object] = {"id": "v", "status": "completed", "progress": 100,
                               "model": "sora-2", "prompt": "Make it night.",
                               "size": "1280x720", "seconds": 8, "created_at": 2000}
    return VideoInfo(**{**base, **kw})  # type: ignore[arg-type]


def _derived(kind: JobKind, seconds: int = 4) -> JobRecord:
    return JobRecord(kind=kind, provider="p", model="sora-2", size="1280x720",
                     seconds=seconds, params={"prompt": "Make it night.",
                                              "source_video_id": "src"})


def test_an_edit_or_extension_matches_only_the_shape_its_source_gives() -> None:
    source = _video(id="src", prompt="Day.", seconds=8, created_at=900, completed_at=1000)
    edit, extend = _derived(JobKind.EDIT), _derived(JobKind.EXTEND)
    assert _matches(edit, _video(), source)
    assert not _matches(edit, _video(model="sora-2-pro"), source)  # another model's output
    assert not _matches(edit, _video(size="720x1280"), source)
    assert not _matches(edit, _video(created_at=999), source)  # before the source finished
    assert not _matches(edit, _video(seconds=12), source)
    assert _matches(extend, _video(seconds=12), source)  # 8 s + the 4 s it adds
    assert not _matches(extend, _video(seconds=8), source)
    # a remix of the same source with the same prompt is another job's video (it was an
    # edit's adoption before: the remix's own job then paid again)
    assert not _matches(edit, _video(remixed_from_video_id="src"), source)
    assert not _matches(extend, _video(seconds=12, remixed_from_video_id="src"), source)
    assert _matches(_derived(JobKind.REMIX), _video(remixed_from_video_id="src"), source)
    assert not _matches(_derived(JobKind.REMIX), _video(remixed_from_video_id="x"), source)
    # the source is gone from the provider: only the size the job recorded can be compared
    assert _matches(edit, _video(seconds=3), None)
    assert not _matches(edit, _video(size="720x1280"), None)
    assert not _matches(edit, _video(prompt="Make it day."), source)
