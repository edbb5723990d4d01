"""The generation client: the real SDK over real HTTP to the local provider."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from studio.localserver.server import LocalProvider
from studio.media.probe import verify_video
from studio.services.client import GenerationClient
from studio.services.errors import Category, ProviderError


async def test_create_is_idempotent_by_key_and_retrieve_has_a_poll_hint(
        client: GenerationClient, provider: LocalProvider) -> None:
    a = await client.create(prompt="a red kite", model="animatic", size="480x480", seconds=4,
                            idempotency_key="key-1")
    b = await client.create(prompt="a red kite", model="animatic", size="480x480", seconds=4,
                            idempotency_key="key-1")
    assert a.id == b.id and provider.job_count() == 1
    assert a.status in ("queued", "in_progress") and a.seconds == 4 and a.size == "480x480"
    polled = await client.retrieve(a.id)
    assert polled.video.id == a.id and polled.poll_after is not None and polled.poll_after > 0


async def test_sizes_and_seconds_beyond_the_sdk_types(client: GenerationClient) -> None:
    v = await client.create(prompt="long", model="animatic", size="640x360", seconds=20,
                            idempotency_key="k20")
    assert (v.size, v.seconds) == ("640x360", 20)


async def test_list_all_and_created_after(client: GenerationClient,
                                          provider: LocalProvider, clip: Path) -> None:
    ids = [provider.add_completed_video(clip, prompt=f"p{i}", size="320x240", seconds=1)
           for i in range(3)]
    listed = await client.list()
    assert {v.id for v in listed} >= set(ids)
    assert await client.list(created_after=time.time() + 3600) == []


async def test_list_pages_through_more_than_one_page(client: GenerationClient,
                                                     provider: LocalProvider, clip: Path) -> None:
    for i in range(105):
        provider.store.new_video(model="animatic", prompt=f"p{i}", size="320x240", seconds=4,
                                 planned_seconds=0.0, kind="import", status="failed")
    assert len(await client.list()) == 105


async def test_download_whole_and_resumed_with_range(client: GenerationClient,
                                                     provider: LocalProvider, clip: Path,
                                                     tmp_path: Path) -> None:
    vid = provider.add_completed_video(clip, prompt="clip", size="320x240", seconds=1)
    whole = tmp_path / "whole.mp4"
    size = await client.download(vid, whole)
    assert size == clip.stat().st_size and whole.read_bytes() == clip.read_bytes()
    part = tmp_path / "part.mp4"
    part.write_bytes(clip.read_bytes()[:1000])
    assert await client.download(vid, part, start=1000) == clip.stat().st_size
    assert part.read_bytes() == clip.read_bytes()
    verify_video(part, width=320, height=240)


async def test_truncated_download_raises_network_after_writing_what_came(
        client: GenerationClient, provider: LocalProvider, clip: Path, tmp_path: Path) -> None:
    vid = provider.add_completed_video(clip, prompt="clip", size="320x240", seconds=1)
    provider.faults.truncate_content = 1
    dest = tmp_path / "t.mp4"
    with pytest.raises(ProviderError) as info:
        await client.download(vid, dest)
    assert info.value.category == Category.NETWORK
    got = dest.stat().st_size
    assert 0 < got < clip.stat().st_size
    await client.download(vid, dest, start=got)
    assert dest.read_bytes() == clip.read_bytes()


async def test_remix_edit_extend_and_characters(client: GenerationClient,
                                                provider: LocalProvider, clip: Path) -> None:
    src = provider.add_completed_video(clip, prompt="a fox", size="320x240", seconds=1)
    remix = await client.remix(src, prompt="a fox at night", idempotency_key="r1")
    assert remix.remixed_from_video_id == src and remix.prompt == "a fox at night"
    edit = await client.edit(src, prompt="make it snow", idempotency_key="e1")
    assert edit.prompt == "make it snow"
    ext = await client.extend(src, prompt="it runs on", seconds=4, idempotency_key="x1")
    assert ext.prompt == "it runs on"
    char = await client.create_character(name="Mossy", video=clip.read_bytes())
    assert char.id and char.name == "Mossy"
    assert (await client.get_character(char.id)).id == char.id
    made = await client.create(prompt="Mossy walks", model="animatic", size="480x480",
                               seconds=4, idempotency_key="c1", characters=[char.id])
    assert made.prompt == "Mossy walks"
    assert provider.job_count() == 5


async def test_delete(client: GenerationClient, provider: LocalProvider, clip: Path) -> None:
    vid = provider.add_completed_video(clip, prompt="x", size="320x240", seconds=1)
    assert await client.delete(vid) is True
    with pytest.raises(ProviderError) as info:
        await client.retrieve(vid)
    assert info.value.status == 404


async def test_safe_requests_retry_429_and_5xx(client: GenerationClient,
                                               provider: LocalProvider, clip: Path) -> None:
    vid = provider.add_completed_video(clip, prompt="x", size="320x240", seconds=1)
    provider.faults.server_error_burst = 2
    assert (await client.retrieve(vid)).video.status == "completed"
    provider.faults.rate_limit_every = 1
    provider.faults.retry_after_ms = 50
    with pytest.raises(ProviderError) as info:
        await client.retrieve(vid)  # every request limited: the budget runs out
    assert info.value.category == Category.RATE_LIMIT and info.value.retry_after == 0.05


async def test_billable_posts_are_never_retried(client: GenerationClient,
                                                provider: LocalProvider) -> None:
    provider.faults.server_error_burst = 1
    before = client.requests
    with pytest.raises(ProviderError) as info:
        await client.create(prompt="x", model="animatic", size="480x480", seconds=4,
                            idempotency_key="once")
    assert info.value.category == Category.SERVER and client.requests - before == 1
    assert provider.job_count() == 0


async def test_invalid_and_auth_are_classified(provider: LocalProvider,
                                               client: GenerationClient) -> None:
    with pytest.raises(ProviderError) as info:
        await client.create(prompt="x", model="animatic", size="123x457", seconds=4,
                            idempotency_key="bad")
    assert info.value.category == Category.INVALID_INPUT
    provider.api_key = "secret"
    wrong = GenerationClient(provider.base_url, "nope")
    try:
        with pytest.raises(ProviderError) as info:
            await wrong.list()
        assert info.value.category == Category.AUTH
    finally:
        await wrong.close()


async def test_network_failure_is_classified(tmp_path: Path) -> None:
    dead = GenerationClient("http://127.0.0.1:9/v1", None, retries=0, connect_timeout=1)
    try:
        with pytest.raises(ProviderError) as info:
            await dead.list()
        assert info.value.category == Category.NETWORK
    finally:
        await dead.close()


async def test_a_download_over_4_mib_whole_cut_and_resumed(client: GenerationClient,
                                                           provider: LocalProvider,
                                                           big_clip: Path,
                                                           tmp_path: Path) -> None:
    vid = provider.add_completed_video(big_clip, prompt="big", size="320x240", seconds=6)
    whole = tmp_path / "whole.mp4"
    assert await client.download(vid, whole) == big_clip.stat().st_size
    assert whole.read_bytes() == big_clip.read_bytes()
    provider.faults.truncate_content = 1  # the body stops after half, mid write-batch
    cut = tmp_path / "cut.mp4"
    with pytest.raises(ProviderError):
        await client.download(vid, cut)
    got = cut.stat().st_size
    assert (4 << 20) // 2 < got < big_clip.stat().st_size
    assert cut.read_bytes() == big_clip.read_bytes()[:got]  # what came is on disk, in order
    assert await client.download(vid, cut, start=got) == big_clip.stat().st_size
    assert cut.read_bytes() == big_clip.read_bytes()


async def test_a_server_ignoring_range_rewrites_the_file_from_its_start(
        client: GenerationClient, provider: LocalProvider, clip: Path, tmp_path: Path) -> None:
    vid = provider.add_completed_video(clip, prompt="clip", size="320x240", seconds=1)
    provider.faults.ignore_range = True
    part = tmp_path / "part.mp4"
    part.write_bytes(b"\0" * 1000)  # not even the right bytes: the 200 replaces them
    assert await client.download(vid, part, start=1000) == clip.stat().st_size
    assert part.read_bytes() == clip.read_bytes()


async def test_a_416_means_whole_only_when_the_sizes_agree(
        client: GenerationClient, provider: LocalProvider, clip: Path, tmp_path: Path) -> None:
    vid = provider.add_completed_video(clip, prompt="clip", size="320x240", seconds=1)
    size = clip.stat().st_size
    whole = tmp_path / "whole.mp4"
    whole.write_bytes(clip.read_bytes())
    before = client.requests
    assert await client.download(vid, whole, start=size) == size  # the provider's own 416
    assert client.requests - before == 1 and whole.read_bytes() == clip.read_bytes()
    longer = tmp_path / "longer.mp4"
    longer.write_bytes(clip.read_bytes() + b"junk")  # more than the provider has
    assert await client.download(vid, longer, start=size + 4) == size
    assert longer.read_bytes() == clip.read_bytes()
    short = tmp_path / "short.mp4"
    short.write_bytes(clip.read_bytes()[:2000])
    provider.faults.unsatisfiable_range = 1  # a 416 for a range the file does hold
    assert await client.download(vid, short, start=2000) == size
    assert short.read_bytes() == clip.read_bytes()
