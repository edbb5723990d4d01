"""Work that runs in the worker pool, never on the event loop.

These are module-level functions of plain, picklable arguments so that they run in a
``ProcessPoolExecutor`` (the provider's default) as well as in a thread pool. A render
writes to ``*.part.*`` names and renames at the end, so a final media path only ever
holds a finished file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RenderJob:
    prompt: str
    width: int
    height: int
    seconds: int
    seed: int
    reference: Path | None  # reference image file
    extend_from: Path | None  # source clip of an extension
    parts: dict[str, Path]  # variant -> temporary path
    finals: dict[str, Path]  # variant -> final path
    characters: tuple[str, ...] = ()  # names of the characters the job asked for
    edit_from: Path | None = None  # source clip of an edit (the picture starts from it)


def run_render(job: RenderJob) -> float:
    """Render the clip and its previews; return the clip's length in seconds."""
    from studio.localserver.animatic import (
        AnimaticRequest,
        make_spritesheet,
        make_thumbnail,
        render_animatic,
        render_edit,
        render_extension,
    )

    req = AnimaticRequest(
        prompt=job.prompt,
        width=job.width,
        height=job.height,
        seconds=job.seconds,
        reference_image=job.reference.read_bytes() if job.reference else None,
        seed=job.seed,
        characters=job.characters,
    )
    video = job.parts["video"]
    if job.extend_from is not None:
        total = render_extension(job.extend_from, req, video)
    elif job.edit_from is not None:
        render_edit(job.edit_from, req, video)
        total = float(job.seconds)
    else:
        render_animatic(req, video)
        total = float(job.seconds)
    make_thumbnail(video, job.parts["thumbnail"])
    make_spritesheet(video, job.parts["spritesheet"])
    for variant in ("thumbnail", "spritesheet", "video"):  # the video last: it marks done
        os.replace(job.parts[variant], job.finals[variant])
    return total


def run_preview(variant: str, video: Path, part: Path, final: Path) -> None:
    """Make a missing thumbnail or spritesheet (e.g. of an imported video)."""
    from studio.localserver.animatic import make_spritesheet, make_thumbnail

    (make_thumbnail if variant == "thumbnail" else make_spritesheet)(video, part)
    os.replace(part, final)


def probe(path: Path) -> tuple[int, int, float]:
    """Width, height and seconds of an uploaded MP4; zeros when it is not a video."""
    from studio.media.probe import MediaError
    from studio.media.probe import probe as media_probe

    try:
        info = media_probe(path)
    except MediaError:
        return 0, 0, 0.0
    return info.width, info.height, info.duration
