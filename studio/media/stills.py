"""One still out of a video, as image bytes: what a shot continues from.

Why PNG: the still goes through the reference flow (``app.references.prepare`` fits it to
the project's size and makes the upload), which reads image bytes; a lossless still keeps
the last frame exactly as the take ended, and the upload's own encoding happens once.
"""

from __future__ import annotations

import io
from pathlib import Path

import av
import av.error

from studio.media.probe import MediaError


def frame_png(path: Path, at: float | None = None) -> bytes:
    """The frame shown at ``at`` seconds (None: the video's last frame) as PNG bytes."""
    from PIL import Image

    try:
        with av.open(str(path)) as c:
            v = c.streams.video[0]
            origin = float(v.start_time * v.time_base) if v.start_time else 0.0
            end = float(v.duration * v.time_base) if v.duration else None
            aim = at if at is not None else end
            if aim is not None and aim > 2.0:
                c.seek(int((origin + aim - 2.0) / v.time_base), stream=v)
            shown = None
            for frame in c.decode(v):
                t = float(frame.time) - origin if frame.time is not None else 0.0
                if at is not None and shown is not None and t > at + 1e-3:
                    break
                shown = frame
            if shown is None:
                raise MediaError(f"{Path(path).name}: no video frame decodes")
            rgb = shown.to_ndarray(format="rgb24")
    except (av.error.FFmpegError, IndexError, OSError) as exc:
        raise MediaError(f"{Path(path).name}: cannot read a frame ({exc})") from exc
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()
