"""Each injected fault behaves as documented, seen through the real SDK."""

from __future__ import annotations

import io
import signal
import time
from pathlib import Path

import aiohttp
import av
import av.error
import openai
import pytest
from openai import AsyncOpenAI

from studio.localserver.faults import FaultConfig
from studio.localserver.server import LocalProvider
from tests.localserver.helpers import SIZE, wait_done


async def test_rate_limit_every_nth_request(client: AsyncOpenAI, provider: LocalProvider) -> None:
    provider.faults.rate_limit_every = 3
    provider.faults.retry_after_ms = 1500
    await client.videos.list()
    await client.videos.list()
    with pytest.raises(openai.RateLimitError) as info:
        await client.videos.list()
    headers = info.value.response.headers
    assert (headers["retry-after"], headers["retry-after-ms"]) == ("2", "1500")
    assert info.value.code == "rate_limit_exceeded"
    await client.videos.list()


async def test_server_error_burst(client: AsyncOpenAI, provider: LocalProvider) -> None:
    provider.faults.server_error_burst = 3
    statuses = []
    for _ in range(3):
        with pytest.raises(openai.APIStatusError) as info:
            await client.videos.list()
        statuses.append(info.value.status_code)
        assert info.value.type == "server_error"
    assert statuses == [500, 502, 503]
    await client.videos.list()  # the burst is over


async def test_sdk_retries_ride_out_a_burst(provider: LocalProvider) -> None:
    provider.faults.server_error_burst = 2
    sdk = AsyncOpenAI(base_url=provider.base_url, api_key=provider.api_key, max_retries=2)
    sdk = sdk.with_options(timeout=10)
    page = await sdk.videos.list()
    assert page.data == []
    await sdk.close()


async def test_reset_after_create_keeps_the_job(
    client: AsyncOpenAI, provider: LocalProvider
) -> None:
    provider.faults.reset_after_create = 1
    with pytest.raises(openai.APIConnectionError):
        await client.videos.create(prompt="A storm", model="animatic", size=SIZE,
                                   extra_headers={"Idempotency-Key": "k1"})
    assert provider.job_count() == 1
    listed = (await client.videos.list()).data
    assert [v.prompt for v in listed] == ["A storm"]
    again = await client.videos.create(prompt="A storm", model="animatic", size=SIZE,
                                       extra_headers={"Idempotency-Key": "k1"})
    assert again.id == listed[0].id and provider.job_count() == 1
    assert (await wait_done(client, again.id)).status == "completed"


async def test_truncated_content_is_a_short_read(
    client: AsyncOpenAI, provider: LocalProvider, completed_id: str
) -> None:
    provider.faults.truncate_content = 1
    with pytest.raises(openai.APIConnectionError):
        await client.videos.download_content(completed_id)
    full = await client.videos.download_content(completed_id)
    assert len(full.content) == int(full.response.headers["content-length"])


async def test_moderation_and_random_failures(
    client: AsyncOpenAI, provider: LocalProvider
) -> None:
    provider.faults.moderation_words = ("Mickey Mouse",)
    blocked = await client.videos.create(prompt="mickey mouse dances", model="animatic",
                                         size=SIZE)
    assert blocked.status == "queued"  # accepted, fails asynchronously
    done = await wait_done(client, blocked.id)
    assert done.status == "failed" and done.error is not None
    assert done.error.code == "moderation_blocked"
    assert "blocked by our moderation system" in done.error.message

    provider.faults.failure_rate = 1.0
    provider.faults.failure_code = "generation_failed"
    failing = await client.videos.create(prompt="a calm lake", model="animatic", size=SIZE)
    failed = await wait_done(client, failing.id)
    assert failed.error is not None and failed.error.code == "generation_failed"


def test_failure_draws_are_seeded() -> None:
    def draws(seed: int) -> list[bool]:
        faults = FaultConfig(failure_rate=0.5, seed=seed)
        return [faults.job_fails() for _ in range(20)]

    assert draws(3) == draws(3) != draws(4)
    assert any(draws(3)) and not all(draws(3))


async def test_latency(client: AsyncOpenAI, provider: LocalProvider) -> None:
    provider.faults.latency_ms = 200
    start = time.monotonic()
    await client.videos.list()
    assert time.monotonic() - start >= 0.2


async def test_expired_assets(client: AsyncOpenAI, provider: LocalProvider) -> None:
    provider.faults.expire_after_seconds = 0
    video = await client.videos.create(prompt="fleeting", model="animatic", size=SIZE)
    done = await wait_done(client, video.id)
    assert done.status == "completed" and done.expires_at is not None
    assert done.expires_at <= time.time() + 1
    with pytest.raises(openai.APIStatusError) as info:
        await client.videos.download_content(video.id)
    assert info.value.status_code == 410 and info.value.code == "video_expired"


def _decodes(data: bytes) -> bool:
    try:
        with av.open(io.BytesIO(data)) as container:
            return sum(1 for _ in container.decode(video=0)) > 0
    except (av.error.FFmpegError, ValueError):
        return False


async def test_corrupt_content_is_whole_and_right_length_but_does_not_decode(
    client: AsyncOpenAI, provider: LocalProvider, completed_id: str, sample_mp4: Path
) -> None:
    provider.faults.corrupt_content = 1
    bad = await client.videos.download_content(completed_id)
    good = sample_mp4.read_bytes()
    assert len(bad.content) == int(bad.response.headers["content-length"]) == len(good)
    assert bad.content[:8] == good[:8] and bad.content != good
    assert not _decodes(bad.content)
    again = await client.videos.download_content(completed_id)
    assert again.content == good and _decodes(again.content)
    assert provider.faults.corrupt_content == 0
    assert not list((provider.store.root / "media").glob("*.part.*"))  # its temp file is gone


async def test_ignore_range_answers_200_with_the_whole_body(
    client: AsyncOpenAI, provider: LocalProvider, completed_id: str, sample_mp4: Path
) -> None:
    ranged = {"Range": "bytes=100-"}
    part = await client.videos.download_content(completed_id, extra_headers=ranged)
    assert part.response.status_code == 206 and part.content == sample_mp4.read_bytes()[100:]
    provider.faults.ignore_range = True
    whole = await client.videos.download_content(completed_id, extra_headers=ranged)
    assert whole.response.status_code == 200 and whole.content == sample_mp4.read_bytes()


async def test_unsatisfiable_range_refuses_the_next_ranged_requests(
    client: AsyncOpenAI, provider: LocalProvider, completed_id: str, sample_mp4: Path
) -> None:
    size = sample_mp4.stat().st_size
    provider.faults.unsatisfiable_range = 1
    plain = await client.videos.download_content(completed_id)  # no Range: not counted
    assert plain.response.status_code == 200
    with pytest.raises(openai.APIStatusError) as info:
        await client.videos.download_content(completed_id, extra_headers={"Range": "bytes=10-"})
    assert info.value.status_code == 416
    assert info.value.response.headers["content-range"] == f"bytes */{size}"
    ok = await client.videos.download_content(completed_id, extra_headers={"Range": "bytes=10-"})
    assert ok.response.status_code == 206 and provider.faults.unsatisfiable_range == 0


async def test_moderation_at_submit_refuses_the_post_and_stores_nothing(
    client: AsyncOpenAI, provider: LocalProvider
) -> None:
    provider.faults.moderation_words = ("storm",)
    provider.faults.moderate_at_submit = True
    with pytest.raises(openai.BadRequestError) as info:
        await client.videos.create(prompt="A Storm at sea", model="animatic", size=SIZE)
    assert info.value.code == "moderation_blocked"
    assert "moderation" in info.value.message and provider.job_count() == 0
    calm = await client.videos.create(prompt="A calm sea", model="animatic", size=SIZE)
    assert calm.status == "queued" and provider.job_count() == 1


async def test_the_content_faults_are_serve_flags(tmp_path: Path) -> None:
    from tests.localserver.test_cli_serve import _serve

    auth = {"Authorization": "Bearer k"}
    flags = ("--data-dir", str(tmp_path), "--generation-seconds", "0.2",
             "--moderation-word", "storm", "--moderate-at-submit",
             "--corrupt-content", "1", "--unsatisfiable-range", "1")
    async with _serve(*flags, sig=signal.SIGTERM) as url:
        sdk = AsyncOpenAI(base_url=url, api_key="k", max_retries=0)
        try:
            with pytest.raises(openai.BadRequestError):
                await sdk.videos.create(prompt="A storm", model="animatic", size=SIZE)
            job = await sdk.videos.create(prompt="A heron", model="animatic", size=SIZE)
            assert (await wait_done(sdk, job.id)).status == "completed"
        finally:
            await sdk.close()
        async with aiohttp.ClientSession(headers=auth) as http:
            content = f"{url}/videos/{job.id}/content"
            async with http.get(content, headers={"Range": "bytes=10-"}) as resp:
                assert resp.status == 416
            async with http.get(content) as resp:
                bad = await resp.read()
            async with http.get(content) as resp:
                good = await resp.read()
    assert len(bad) == len(good) and not _decodes(bad) and _decodes(good)
    async with _serve("--data-dir", str(tmp_path), "--ignore-range", sig=signal.SIGTERM) as url, \
            aiohttp.ClientSession(headers=auth) as http, \
            http.get(f"{url}/videos/{job.id}/content", headers={"Range": "bytes=10-"}) as resp:
        assert resp.status == 200 and await resp.read() == good
