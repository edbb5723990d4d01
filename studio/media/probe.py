"""Read what a video file is, cheaply (``probe``) or by decoding all of it (``verify_video``).

Why two: the UI and the exporter only need container metadata, but the downloader must not
rename a ``.part`` file into place until every frame and audio packet really decodes — a
truncated MP4 often still opens and reports the full duration from its ``moov`` box.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import av.error


class MediaError(Exception):
    """A file is not a usable video (unreadable, truncated, corrupt, or the wrong size)."""


@dataclass
class MediaInfo:
    duration: float  # seconds (the video stream's length when there is one)
    width: int
    height: int
    fps: float
    frames: int
    has_audio: bool
    audio_duration: float | None
    video_codec: str
    audio_codec: str | None


def _open(path: Path) -> av.container.InputContainer:
    if not Path(path).is_file():
        raise MediaError(f"{path}: no such file")
    try:
        return av.open(str(path), mode="r")
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise MediaError(f"{Path(path).name}: cannot open as a video ({exc})") from exc


def _stream_seconds(stream: av.stream.Stream) -> float | None:
    if stream.duration is None or stream.time_base is None:
        return None
    return float(stream.duration * stream.time_base)


def probe(path: Path) -> MediaInfo:
    """Container metadata only; fast, does not prove the file decodes."""
    with _open(path) as container:
        return describe(container, Path(path).name)


def describe(container: av.container.InputContainer, name: str) -> MediaInfo:
    """:func:`probe` of a container already open (the exporter opens each take once)."""
    if not container.streams.video:
        raise MediaError(f"{name}: no video stream")
    v = container.streams.video[0]
    a = container.streams.audio[0] if container.streams.audio else None
    if v.codec_context is None or not v.codec_context.width:
        raise MediaError(f"{name}: the video stream has no usable parameters")
    if a is not None and a.codec_context is None:
        a = None
    fps = float(v.average_rate or v.guessed_rate or 0)
    duration = _stream_seconds(v)
    if duration is None and container.duration is not None:
        duration = container.duration / av.time_base
    duration = duration or 0.0
    frames = v.frames or round(duration * fps)
    return MediaInfo(
        duration=duration,
        width=v.codec_context.width,
        height=v.codec_context.height,
        fps=fps,
        frames=frames,
        has_audio=a is not None,
        audio_duration=_stream_seconds(a) if a is not None else None,
        video_codec=v.codec_context.name,
        audio_codec=a.codec_context.name if a is not None else None,
    )


def verify_video(path: Path, *, width: int | None = None, height: int | None = None) -> MediaInfo:
    """Decode every video frame and audio packet; raise MediaError unless all are sound.

    Checks: it opens, has video, the size matches (when given), every packet decodes, and
    as many video frames and audio seconds decode as the container promises (a cut-off
    ``mdat`` shows up here). Returns the metadata with ``frames`` as actually decoded.
    """
    info = probe(path)
    name = Path(path).name
    want = (width or info.width, height or info.height)
    if (info.width, info.height) != want:
        raise MediaError(f"{name}: size {info.width}x{info.height}, expected {want[0]}x{want[1]}")
    decoded = 0
    audio_samples = 0
    with _open(path) as container:
        streams = [container.streams.video[0], *container.streams.audio[:1]]
        audio_rate = container.streams.audio[0].sample_rate if container.streams.audio else 0
        try:
            for packet in container.demux(streams):
                for frame in packet.decode():
                    if isinstance(frame, av.VideoFrame):
                        decoded += 1
                    else:
                        audio_samples += frame.samples
        except (av.error.FFmpegError, ValueError) as exc:
            raise MediaError(f"{name}: corrupt or truncated after {decoded} frames: {exc}") from exc
    if decoded == 0:
        raise MediaError(f"{name}: no video frame decodes")
    if info.frames and decoded < info.frames:
        raise MediaError(f"{name}: truncated, {decoded} of {info.frames} video frames decode")
    if info.has_audio:
        got = audio_samples / audio_rate if audio_rate else 0.0
        promised = info.audio_duration or 0.0
        if audio_samples == 0 or got < promised - 0.1:
            raise MediaError(f"{name}: truncated audio, {got:.2f} of {promised:.2f} s decode")
    info.frames = decoded
    return info
