"""Refusals: OpenAI-format 400/401/404 bodies, and idempotent creates."""

from __future__ import annotations

import aiohttp
import openai
import pytest
from openai import AsyncOpenAI
from openai.types import Video

from studio.localserver.faults import FaultConfig
from studio.localserver.server import LocalProvider
from tests.localserver.helpers import SIZE, png


async def test_bearer_auth(provider: LocalProvider) -> None:
    for key in ("wrong", None):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        async with aiohttp.ClientSession() as http, \
                http.get(f"{provider.base_url}/videos", headers=headers) as resp:
            assert resp.status == 401
            error = (await resp.json())["error"]
            assert error["type"] == "invalid_request_error" and error["code"]
            assert set(error) == {"message", "type", "param", "code"}
    sdk = AsyncOpenAI(base_url=provider.base_url, api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        await sdk.videos.list()
    await sdk.close()


@pytest.mark.parametrize(("fields", "fragment"), [
    ({"model": "veo-9"}, "Supported models: animatic, sora-2, sora-2-pro"),
    ({"model": "sora-2", "size": "1920x1080"}, "Supported sizes: 720x1280, 1280x720"),
    ({"model": "animatic", "size": SIZE, "seconds": "5"}, "'4', '8', '12', '16', '20'"),
    ({"model": "animatic", "size": SIZE, "prompt": ""}, "'prompt' is required"),
    ({"model": "animatic", "size": SIZE, "input_reference": {"file_id": "file-1"}},
     "not supported by the local provider"),
    ({"model": "animatic", "size": SIZE,
      "input_reference": {"image_url": "https://example.com/a.png"}}, "data: URL"),
])
async def test_invalid_creates_name_what_is_allowed(
    client: AsyncOpenAI, fields: dict[str, object], fragment: str
) -> None:
    body = {"prompt": "A fox", **fields}
    with pytest.raises(openai.BadRequestError) as info:
        await client.post("/videos", cast_to=Video, body=body)
    assert fragment in info.value.message
    assert info.value.type == "invalid_request_error"


async def test_reference_must_match_the_size(client: AsyncOpenAI) -> None:
    with pytest.raises(openai.BadRequestError, match="must match the requested width"):
        await client.videos.create(prompt="x", model="animatic", size=SIZE,
                                   input_reference=("r.png", png(480, 480), "image/png"))


async def test_unknown_ids_are_404(client: AsyncOpenAI) -> None:
    with pytest.raises(openai.NotFoundError):
        await client.videos.retrieve("video_nope")
    with pytest.raises(openai.NotFoundError):
        await client.videos.remix("video_nope", prompt="x")
    with pytest.raises(openai.NotFoundError):
        await client.post("/videos/edits", cast_to=Video,
                          body={"prompt": "x", "video": {"id": "video_nope"}})


@pytest.fixture
def faults() -> FaultConfig:
    # Jobs with the word stay unfinished for long (and never render).
    return FaultConfig(generation_seconds=60, moderation_words=("slowpoke",))


async def test_only_completed_videos_are_usable(client: AsyncOpenAI) -> None:
    pending = await client.videos.create(prompt="slowpoke", model="animatic", size=SIZE)
    for call in (
        client.videos.download_content(pending.id),
        client.videos.remix(pending.id, prompt="x"),
        client.videos.delete(pending.id),
        client.post("/videos/extensions", cast_to=Video,
                    body={"prompt": "x", "seconds": "4", "video": {"id": pending.id}}),
    ):
        with pytest.raises(openai.BadRequestError, match=r"queued|in_progress"):
            await call


async def test_idempotency_key_gives_the_same_video(
    client: AsyncOpenAI, provider: LocalProvider
) -> None:
    key = {"Idempotency-Key": "take-1"}
    first = await client.videos.create(prompt="slowpoke", model="animatic", size=SIZE,
                                       extra_headers=key)
    again = await client.videos.create(prompt="slowpoke", model="animatic", size=SIZE,
                                       extra_headers=key)
    other = await client.videos.create(prompt="slowpoke", model="animatic", size=SIZE,
                                       extra_headers={"Idempotency-Key": "take-2"})
    assert first.id == again.id != other.id
    assert provider.job_count() == 2
