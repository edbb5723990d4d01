"""Every endpoint of the Videos API, through the real openai SDK over real HTTP."""

from __future__ import annotations

import base64
from pathlib import Path

import openai
import pytest
from openai import AsyncOpenAI
from openai.types import Video

from studio.localserver.server import LocalProvider
from tests.localserver.helpers import SIZE, check_image, check_mp4, png, wait_done


async def test_create_multipart_with_reference_renders_a_real_clip(client: AsyncOpenAI) -> None:
    video = await client.videos.create(
        prompt="A paper boat drifts across a pond", model="animatic", size=SIZE, seconds="4",
        input_reference=("ref.png", png(640, 360), "image/png"),
    )
    assert (video.status, video.progress, video.size, video.seconds) == (
        "queued", 0, SIZE, "4")
    seen = set()
    while video.status not in ("completed", "failed"):
        video = await client.videos.retrieve(video.id)
        seen.add((video.status, video.progress))
    assert video.status == "completed", video.error
    assert video.progress == 100 and video.completed_at and video.expires_at is None
    progress = [p for s, p in sorted(seen, key=lambda sp: sp[1]) if s == "in_progress"]
    assert progress and 0 < progress[0] < 100
    content = await client.videos.download_content(video.id)
    check_mp4(content.content, 640, 360, 4)


async def test_create_json_with_data_url_and_characters(
    client: AsyncOpenAI, sample_mp4: Path
) -> None:
    char = await client.videos.create_character(name="Mossy", video=sample_mp4)
    data_url = "data:image/png;base64," + base64.b64encode(png(480, 480)).decode()
    video = await client.post("/videos", cast_to=Video, body={
        "prompt": "Mossy, a moss-covered teapot, walks", "model": "animatic", "size": "480x480",
        "seconds": "4", "input_reference": {"image_url": data_url},
        "characters": [{"id": char.id}],
    })
    done = await wait_done(client, video.id)
    assert (done.status, done.size) == ("completed", "480x480")
    check_mp4((await client.videos.download_content(done.id)).content, 480, 480, 4)


async def test_multipart_characters_via_extra_body(client: AsyncOpenAI, sample_mp4: Path) -> None:
    a = await client.videos.create_character(name="Mossy", video=sample_mp4)
    b = await client.videos.create_character(name="Pip", video=sample_mp4)
    video = await client.videos.create(
        prompt="Mossy and Pip", model="animatic", size=SIZE,
        extra_body={"characters": [{"id": a.id}, {"id": b.id}]},
    )
    assert video.status == "queued"
    with pytest.raises(openai.BadRequestError, match="At most 2"):
        await client.videos.create(prompt="x", model="animatic", size=SIZE, extra_body={
            "characters": [{"id": a.id}, {"id": b.id}, {"id": a.id}]})
    with pytest.raises(openai.BadRequestError, match="No character"):
        await client.post("/videos", cast_to=Video, body={
            "prompt": "x", "model": "animatic", "size": SIZE, "characters": [{"id": "char_x"}]})


async def test_characters_create_and_get(client: AsyncOpenAI, sample_mp4: Path) -> None:
    created = await client.videos.create_character(name="Mossy", video=sample_mp4)
    assert created.id and created.id.startswith("char_") and created.name == "Mossy"
    fetched = await client.videos.get_character(created.id)
    assert (fetched.id, fetched.name, fetched.created_at) == (
        created.id, "Mossy", created.created_at)
    with pytest.raises(openai.NotFoundError):
        await client.videos.get_character("char_missing")
    with pytest.raises(openai.BadRequestError, match="MP4"):
        await client.videos.create_character(name="Nope", video=("x.mp4", b"not a video"))


async def test_list_pages_in_both_orders(client: AsyncOpenAI, provider: LocalProvider,
                                         sample_mp4: Path) -> None:
    ids = [provider.add_completed_video(sample_mp4, prompt=f"clip {i}", size=SIZE, seconds=4)
           for i in range(5)]
    page = await client.videos.list(limit=2, order="asc")
    assert [v.id for v in page.data] == ids[:2] and page.has_more
    every = [v.id async for v in client.videos.list(limit=2, order="asc")]
    assert every == ids
    desc = [v.id async for v in client.videos.list(limit=3)]
    assert desc == ids[::-1]
    empty = await client.videos.list(limit=0)
    assert empty.data == [] and empty.has_more
    last = await client.videos.list(after=ids[-1], order="asc")
    assert last.data == [] and not last.has_more
    with pytest.raises(openai.BadRequestError):
        await client.videos.list(limit=101)


async def test_retrieve_and_delete(client: AsyncOpenAI, provider: LocalProvider,
                                   completed_id: str) -> None:
    video = await client.videos.retrieve(completed_id)
    assert (video.status, video.seconds, video.model) == ("completed", "4", "animatic")
    deleted = await client.videos.delete(completed_id)
    assert (deleted.id, deleted.deleted, deleted.object) == (completed_id, True, "video.deleted")
    with pytest.raises(openai.NotFoundError):
        await client.videos.retrieve(completed_id)
    with pytest.raises(openai.NotFoundError):
        await client.videos.download_content(completed_id)
    assert provider.job_count() == 1  # deleted videos still count as created


async def test_download_every_variant(client: AsyncOpenAI, completed_id: str) -> None:
    video = await client.videos.download_content(completed_id, variant="video")
    assert video.response.headers["content-type"] == "video/mp4"
    check_mp4(video.content, 640, 360, 4)
    thumb = await client.videos.download_content(completed_id, variant="thumbnail")
    assert thumb.response.headers["content-type"] == "image/webp"
    check_image(thumb.content, "WEBP")
    sheet = await client.videos.download_content(completed_id, variant="spritesheet")
    assert sheet.response.headers["content-type"] == "image/jpeg"
    check_image(sheet.content, "JPEG")


async def test_remix(client: AsyncOpenAI, completed_id: str) -> None:
    remix = await client.videos.remix(completed_id, prompt="The lighthouse, now in snow")
    assert remix.remixed_from_video_id == completed_id and remix.status == "queued"
    done = await wait_done(client, remix.id)
    assert (done.status, done.size, done.seconds, done.prompt) == (
        "completed", SIZE, "4", "The lighthouse, now in snow")
    check_mp4((await client.videos.download_content(done.id)).content, 640, 360, 4)


async def test_edit_by_id_json_and_by_upload(client: AsyncOpenAI, completed_id: str,
                                             sample_mp4: Path) -> None:
    by_id = await client.post("/videos/edits", cast_to=Video, body={
        "prompt": "Make the sky green", "video": {"id": completed_id}})
    by_upload = await client.videos.edit(prompt="Make the sea red", video=sample_mp4,
                                         extra_body={"model": "animatic"})
    for job in (by_id, by_upload):
        done = await wait_done(client, job.id)
        assert (done.status, done.size, done.seconds) == ("completed", SIZE, "4"), done.error
        assert done.remixed_from_video_id is None
    check_mp4((await client.videos.download_content(by_upload.id)).content, 640, 360, 4)


async def test_extend_reports_the_stitched_total(client: AsyncOpenAI, completed_id: str) -> None:
    ext = await client.post("/videos/extensions", cast_to=Video, body={
        "prompt": "The camera rises over the sea", "seconds": "4",
        "video": {"id": completed_id}})
    assert ext.seconds == "8"
    done = await wait_done(client, ext.id)
    assert (done.status, done.seconds) == ("completed", "8"), done.error
    check_mp4((await client.videos.download_content(done.id)).content, 640, 360, 8)
    with pytest.raises(openai.BadRequestError, match="characters"):
        await client.post("/videos/extensions", cast_to=Video, body={
            "prompt": "x", "seconds": "4", "video": {"id": done.id}, "characters": []})


async def test_extension_limits(client: AsyncOpenAI, provider: LocalProvider,
                                sample_mp4: Path) -> None:
    long = provider.add_completed_video(sample_mp4, prompt="long", size=SIZE, seconds=112)
    with pytest.raises(openai.BadRequestError, match="maximum is 120"):
        await client.post("/videos/extensions", cast_to=Video, body={
            "prompt": "x", "seconds": "12", "video": {"id": long}})
    often = provider.add_completed_video(sample_mp4, prompt="often", size=SIZE, seconds=4)
    provider.store.videos[often].extensions = 6
    with pytest.raises(openai.BadRequestError, match="at most 6 times"):
        await client.post("/videos/extensions", cast_to=Video, body={
            "prompt": "x", "seconds": "4", "video": {"id": often}})
