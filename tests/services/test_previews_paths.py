"""Previews beyond the common path: refusals, reuse, a refused download, what is remembered."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.localserver.server import LocalProvider
from studio.services.jobs import JobRunner
from studio.services.ledger import JobKind, JobRecord, JobState
from studio.services.previews import image_kind, preview
from studio.services.probe import CapsStore, fingerprint
from tests.services.test_jobs import REQ, done

pytestmark = pytest.mark.timeout(120)


def test_image_kinds_from_the_first_bytes() -> None:
    assert image_kind(b"\x89PNG\r\n\x1a\n" + b"\0" * 8) == "png"
    assert image_kind(b"RIFF\0\0\0\0WEBPVP8 ") == "webp"
    assert image_kind(b"\xff\xd8\xff\xe0" + b"\0" * 12) == "jpeg"
    assert image_kind(b"\0\0\0\x18ftypmp42") is None  # an MP4 where an image was asked for
    assert image_kind(b"") is None


async def test_a_preview_of_an_unfinished_job_or_unknown_variant_is_refused(
        runner: JobRunner) -> None:
    job = await runner.ledger.add(JobRecord(  # sent, not finished (nothing drives it here)
        kind=JobKind.CREATE, provider="local", model=REQ.model, size=REQ.size,
        seconds=REQ.seconds, params={"prompt": REQ.prompt}, state=JobState.POLLING,
        video_id="video_elsewhere", attempts=1))
    with pytest.raises(ValueError, match="unknown preview variant 'poster'"):
        await preview(runner, job.id, "poster")
    with pytest.raises(FileNotFoundError, match=f"job {job.id} has no finished clip"):
        await preview(runner, job.id, "thumbnail")
    assert runner.providers["local"].client.requests == 0 and not runner.media_dir.exists()


async def test_a_refused_preview_download_is_made_locally_and_then_reused(
        runner: JobRunner, provider: LocalProvider) -> None:
    final = await done(runner, await runner.submit("local", REQ))
    provider.api_key = "a-key-the-runner-does-not-have"  # the variant request is refused
    before = runner.providers["local"].client.requests
    thumb = await preview(runner, final.id, "thumbnail")
    assert image_kind(thumb.read_bytes()[:16]) == "webp"
    assert runner.providers["local"].client.requests == before + 1  # asked once, refused
    assert runner.providers["local"].caps.variants is None  # a refusal teaches nothing
    made = thumb.stat()
    again = await preview(runner, final.id, "thumbnail")  # made once, then reused
    assert again == thumb and runner.providers["local"].client.requests == before + 1
    assert (again.stat().st_ino, again.stat().st_mtime_ns) == (made.st_ino, made.st_mtime_ns)
    assert not list(runner.media_dir.glob("*.part*"))


async def test_what_a_preview_shows_about_the_provider_is_remembered(
        runner: JobRunner, provider: LocalProvider, tmp_path: Path) -> None:
    store = CapsStore(tmp_path / "provider-caps.json")
    prov = runner.providers["local"]
    prov.remember = lambda caps: store.save("local", caps)  # a coroutine, awaited
    final = await done(runner, await runner.submit("local", REQ))
    await preview(runner, final.id, "spritesheet")
    assert prov.caps.variants is True
    remembered = store.load("local", prov.caps.fingerprint)
    assert remembered.variants is True
    assert store.load("local", fingerprint("http://elsewhere/v1", None)).variants is None
