"""A finished job's thumbnail and spritesheet: the provider's when it serves them, else ours.

Why check the bytes: a gateway that drops ``?variant=`` answers the MP4 for every variant,
often under the header it was asked for; trusting the header would put a video where an
image belongs. When the body is not an image, the preview is made locally from the clip
already downloaded (the same drawing code as the local provider's), and the provider is
remembered as not serving variants, so the next preview is not asked for at all.
Files are named by our job id, never by a server string.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from studio.services.errors import ProviderError
from studio.services.jobs import JobRunner
from studio.services.ledger import JobState

SUFFIX = {"thumbnail": ".webp", "spritesheet": ".jpg"}


def image_kind(head: bytes) -> str | None:
    """'webp', 'jpeg' or 'png' from the first bytes; None for anything else (an MP4)."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    return None


async def preview(runner: JobRunner, job_id: str, variant: str) -> Path:
    """``<media>/<job>.<variant><suffix>`` of a finished job (made once, then reused)."""
    if variant not in SUFFIX:
        raise ValueError(f"unknown preview variant {variant!r}")
    job = await runner.ledger.get(job_id)
    if job.state != JobState.DONE or not job.media_path or not job.video_id:
        raise FileNotFoundError(f"job {job_id} has no finished clip")
    loop = asyncio.get_running_loop()
    final = runner.media_dir / f"{job.id}.{variant}{SUFFIX[variant]}"
    if await loop.run_in_executor(None, final.exists):
        return final
    part = final.with_name(final.name + ".part")
    prov = runner.providers.get(job.provider)
    if prov is not None and prov.caps.variants is not False:
        try:
            await prov.client.download(job.video_id, part, variant=variant)
        except ProviderError:
            pass  # expired or refused: made locally below
        else:
            head = await loop.run_in_executor(None, _head, part)
            if image_kind(head) is not None:
                await loop.run_in_executor(None, part.replace, final)
                if prov.caps.variants is None:
                    await prov.learn(variants=True)
                return final
            await prov.learn(variants=False)  # the bytes were not an image
    await loop.run_in_executor(None, _make_locally, variant, Path(job.media_path), part, final)
    return final


def _head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(16)


def _make_locally(variant: str, clip: Path, part: Path, final: Path) -> None:
    from studio.localserver.jobs import run_preview

    part.unlink(missing_ok=True)
    run_preview(variant, clip, part.with_name(part.name + SUFFIX[variant]), final)
    part.unlink(missing_ok=True)
