"""Small real MP4s for the media tests, written with the studio's own encoder."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from studio.media.concat import Mp4Writer

RATE = 48_000


def tone(seconds: float, hz: float = 440.0, level: float = 0.3) -> np.ndarray:
    t = np.arange(round(seconds * RATE), dtype=np.float32) / RATE
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def make_clip(path: Path, *, width: int = 320, height: int = 180, seconds: float = 1.0,
              fps: int = 24, shade: int = 0, audio: bool = True, hz: float = 440.0) -> Path:
    """A clip whose frame ``i`` is a flat grey of ``shade + 3 i`` with a tone."""
    frames = round(seconds * fps)
    with Mp4Writer(path, width, height, fps) as writer:
        for i in range(frames):
            writer.write_rgb(np.full((height, width, 3), (shade + 3 * i) % 256, np.uint8))
        if audio:
            writer.write_audio(tone(frames / fps, hz))
    return path


def tone_clips(folder: Path, levels: tuple[float, ...], fps: int = 24) -> list[Path]:
    """One second of grey picture and a 440 Hz tone per level: clips whose loudness differs
    by a known ratio (0.4 and 0.04: 20 dB)."""
    paths = []
    for i, level in enumerate(levels):
        p = folder / f"l{i}.mp4"
        with Mp4Writer(p, 160, 90, fps) as w:
            for _ in range(fps):
                w.write_rgb(np.full((90, 160, 3), 50, np.uint8))
            w.write_audio(tone(1.0, 440, level))
        paths.append(p)
    return paths


def make_video_only_bframes(path: Path, *, width: int = 320, height: int = 180,
                            seconds: float = 1.0, fps: int = 30) -> Path:
    """A clip with B-frames and no audio, like another provider's file (not copyable)."""
    with av.open(str(path), "w") as c:
        v = c.add_stream("libx264", rate=fps, options={"preset": "veryfast", "bf": "3"})
        v.width, v.height, v.pix_fmt = width, height, "yuv420p"
        rng = np.random.default_rng(0)
        for i in range(round(seconds * fps)):
            img = np.full((height, width, 3), 100, np.uint8)
            img[:, (i * 7) % width:] = rng.integers(0, 255, 3)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            c.mux(v.encode(frame))
        c.mux(v.encode(None))
    return path


def decode_audio(path: Path) -> np.ndarray:
    """The first audio track as mono float32 at 48 kHz (mean of channels)."""
    chunks = []
    with av.open(str(path)) as c:
        for frame in c.decode(audio=0):
            arr = frame.to_ndarray()
            chunks.append(arr.mean(axis=0) if arr.ndim == 2 else arr)
    return np.concatenate(chunks).astype(np.float32)


def decode_frames(path: Path, fmt: str = "gray") -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format=fmt) for f in c.decode(video=0)]
