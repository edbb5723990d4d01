"""Real little MP4s (H.264 + AAC) for UI tests, written with PyAV.

Tests must not depend on the animatic renderer, and must decode real files, so they make
their own: a solid colour with a white bar sweeping left to right (frames differ, so a
thumbnail or a seek is visibly checkable) and a quiet sine tone.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def make_clip(
    path: Path,
    seconds: float = 1.0,
    fps: int = 24,
    size: tuple[int, int] = (320, 180),
    color: tuple[int, int, int] = (200, 40, 40),
    audio: bool = True,
) -> Path:
    w, h = size
    n = max(1, round(seconds * fps))
    with av.open(str(path), "w") as out:
        v = out.add_stream("libx264", rate=fps)
        v.width, v.height, v.pix_fmt = w, h, "yuv420p"
        v.options = {"preset": "ultrafast"}
        a = out.add_stream("aac", rate=48_000, layout="stereo") if audio else None
        for i in range(n):
            img = np.empty((h, w, 3), np.uint8)
            img[:] = color
            img[:, : max(1, w * i // n)] = 255
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            out.mux(v.encode(frame))
        out.mux(v.encode())
        if a is not None:
            sr, total, pts = 48_000, round(seconds * 48_000), 0
            while pts < total:
                k = min(1024, total - pts)
                t = np.arange(pts, pts + k) / sr
                s = (0.05 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
                af = av.AudioFrame.from_ndarray(np.stack([s, s]), format="fltp", layout="stereo")
                af.sample_rate, af.pts = sr, pts
                out.mux(a.encode(af))
                pts += k
            out.mux(a.encode())
    return path
