"""Shared test helpers: constants, polling, and decoding what the server sends."""

from __future__ import annotations

import asyncio
import io

import av
from openai import AsyncOpenAI
from openai.types import Video
from PIL import Image

API_KEY = "sk-local-test"
SIZE = "640x360"
FAST = 0.3  # generation_seconds for tests


async def wait_done(client: AsyncOpenAI, video_id: str, timeout: float = 30.0) -> Video:
    """Poll until the job is terminal (the server's poll hint is small in tests)."""
    async with asyncio.timeout(timeout):
        while True:
            video = await client.videos.retrieve(video_id)
            if video.status in ("completed", "failed"):
                return video
            await asyncio.sleep(0.05)


def png(width: int, height: int, color: str = "teal") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "PNG")
    return buf.getvalue()


def check_mp4(data: bytes, width: int, height: int, seconds: float) -> None:
    """Right size, duration within two frames, an audio stream, every frame decodes."""
    with av.open(io.BytesIO(data)) as container:
        video = container.streams.video[0]
        assert container.streams.audio, "no audio stream"
        assert (video.codec_context.width, video.codec_context.height) == (width, height)
        fps = float(video.average_rate or 24)
        frames = sum(1 for _ in container.decode(video=0))
    assert abs(frames / fps - seconds) <= 2 / fps, (frames, fps, seconds)


def check_image(data: bytes, fmt: str) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == fmt
        img.load()
        return img.size
