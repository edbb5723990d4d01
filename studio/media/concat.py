"""Write MP4s (H.264 + AAC) and join clips with their audio, without the ffmpeg CLI.

Joining strategy, and why:

* **Video** is stream-copied when every clip has the same H.264 parameters (size, pixel
  format, time base, ``avcC`` extradata, no B-frame reordering), which is what our own
  renderer and one provider's takes produce; otherwise every clip is decoded and re-encoded
  to the first clip's size and frame rate (letterboxed when the aspect differs).
* **Audio** is always decoded and re-encoded into one continuous AAC track, each clip's
  audio trimmed or padded with silence to that clip's video length. Stream-copying AAC is
  the known trap: every clip starts with encoder-priming packets and ends with a padded
  frame, so copied joins click and drift by up to a frame per join. A fresh decoder per clip
  honours the priming, and re-encoding 48 kHz audio costs milliseconds.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from studio.media.probe import MediaError

AUDIO_RATE = 48_000
AUDIO_LAYOUT = "stereo"
_AUDIO_CHANNELS = 2


@contextlib.contextmanager
def atomic_output(out_path: Path) -> Iterator[Path]:
    """Yield a temp path beside ``out_path``; on success it replaces ``out_path`` atomically.

    A half-written file never sits at the final path; on error the temp file is removed.
    """
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.stem}.", suffix=out_path.suffix + ".tmp",
                               dir=out_path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, out_path)
    finally:
        tmp_path.unlink(missing_ok=True)


def x264_options(fps: int, preset: str = "veryfast", crf: int | str = 23) -> dict[str, str]:
    """The studio's H.264 settings, for :class:`Mp4Writer` and the export's join encoder.

    No B-frames (packets copy and join without reordering), and a keyframe every two
    seconds: a crossfade export copies each clip from its first keyframe after the
    dissolve (``export_joins``), so the frames re-encoded at a join are at most ~2 s more
    than the dissolve (x264's default, 250 frames, left most of a 12 s take to re-encode).
    Neither changes the SPS/PPS, so takes made before and after stay copy-compatible.
    """
    return {"preset": preset, "crf": str(crf), "x264-params": f"bframes=0:keyint={2 * fps}"}


class Mp4Writer:
    """The studio's one H.264 + AAC (48 kHz stereo) MP4 encoder, fed numpy arrays.

    Video frames are RGB(A) uint8 arrays; the RGB->I420 conversion runs in OpenCV
    (several times faster than swscale via PyAV for this). No B-frames, so the outputs can
    be stream-copied by :func:`concat_videos`.
    """

    def __init__(self, path: Path, width: int, height: int, fps: int = 24,
                 *, preset: str = "veryfast", crf: int = 23,
                 metadata: dict[str, str] | None = None) -> None:
        if width % 2 or height % 2 or width <= 0 or height <= 0:
            raise ValueError(f"H.264 yuv420p needs even, positive sizes, got {width}x{height}")
        self.width, self.height, self.fps = width, height, fps
        self._container = av.open(str(path), mode="w", format="mp4",
                                  options={"movflags": "+faststart"})
        self._container.metadata.update(metadata or {})
        v = self._container.add_stream("libx264", rate=fps,
                                       options=x264_options(fps, preset, crf))
        v.width, v.height, v.pix_fmt = width, height, "yuv420p"
        v.codec_context.time_base = Fraction(1, fps)
        self._video = v
        self._audio = self._container.add_stream("aac", rate=AUDIO_RATE, layout=AUDIO_LAYOUT)
        self._frames = 0
        self._samples = 0
        self._closed = False

    @property
    def frames(self) -> int:
        return self._frames

    def write_rgb(self, rgb: np.ndarray) -> None:
        """An RGB ``(h, w, 3)`` or RGBA/RGBX ``(h, w, 4)`` uint8 frame (alpha ignored)."""
        code = cv2.COLOR_RGBA2YUV_I420 if rgb.shape[2] == 4 else cv2.COLOR_RGB2YUV_I420
        self.write_i420(cv2.cvtColor(rgb, code))

    def write_i420(self, yuv: np.ndarray) -> None:
        frame = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        frame.pts = self._frames
        frame.time_base = Fraction(1, self.fps)
        self._frames += 1
        self._container.mux(self._video.encode(frame))

    def write_frame(self, frame: av.VideoFrame) -> None:
        """A decoded frame already at the writer's size in yuv420p: no numpy round trip.

        Its source picture type is cleared, so the encoder places its own keyframes.
        """
        frame.pts = self._frames
        frame.time_base = Fraction(1, self.fps)
        frame.pict_type = av.video.frame.PictureType.NONE
        self._frames += 1
        self._container.mux(self._video.encode(frame))

    def write_audio(self, samples: np.ndarray) -> None:
        """Float32 samples in [-1, 1], shape ``(2, n)`` (planar stereo) or ``(n,)`` (mono)."""
        samples = np.asarray(samples, dtype=np.float32)
        if samples.ndim == 1:
            samples = np.stack([samples, samples])
        if samples.shape[1] == 0:
            return
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples), format="fltp",
                                           layout=AUDIO_LAYOUT)
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._samples
        frame.time_base = Fraction(1, AUDIO_RATE)
        self._samples += samples.shape[1]
        self._container.mux(self._audio.encode(frame))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._container.mux(self._video.encode(None))
            self._container.mux(self._audio.encode(None))
        finally:
            self._container.close()

    def abort(self) -> None:
        """Release the file without flushing (the caller discards it)."""
        if not self._closed:
            self._closed = True
            with contextlib.suppress(av.error.FFmpegError):
                self._container.close()

    def __enter__(self) -> Mp4Writer:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


# --------------------------------------------------------------------------- joining


def concat_videos(inputs: Sequence[Path], out_path: Path) -> None:
    """Join clips (with audio) into one MP4 at ``out_path``, written atomically.

    Clips without audio contribute silence, so the audio stays continuous and in sync.
    Raises MediaError for an unreadable input.
    """
    paths = [Path(p) for p in inputs]
    if not paths:
        raise ValueError("concat_videos needs at least one input")
    with atomic_output(out_path) as tmp:
        if _copyable(paths):
            _concat_copy(paths, tmp)
        else:
            _concat_reencode(paths, tmp)


def _video_signature(path: Path) -> tuple[object, ...] | None:
    """What must be equal for H.264 packets to be copied as-is; None if not copyable."""
    try:
        with av.open(str(path)) as c:
            if not c.streams.video:
                raise MediaError(f"{path.name}: no video stream")
            v = c.streams.video[0]
            if stream_signature(v) is None:
                return None
            return stream_signature(v, itertools.islice(c.demux(v), 65))
    except av.error.FFmpegError as exc:
        raise MediaError(f"{path.name}: cannot read ({exc})") from exc


def stream_signature(v: av.video.stream.VideoStream,
                     first: Iterable[av.Packet] = ()) -> tuple[object, ...] | None:
    """:func:`_video_signature` of an open stream, given its first packets (any B-frame
    reordering shows there); None if its packets cannot be copied."""
    cc = v.codec_context
    if cc.name != "h264":
        return None
    for pkt in first:
        if pkt.pts is not None and pkt.dts is not None and pkt.pts != pkt.dts:
            return None  # B-frame reordering: joins would break dts monotonicity
    return (cc.width, cc.height, cc.pix_fmt, v.time_base, v.average_rate,
            bytes(cc.extradata or b""))


def _copyable(paths: Sequence[Path]) -> bool:
    sigs = [_video_signature(p) for p in paths]
    return sigs[0] is not None and all(s == sigs[0] for s in sigs)


def _concat_copy(paths: Sequence[Path], tmp: Path) -> None:
    with av.open(str(paths[0])) as first:
        template = first.streams.video[0]
        time_base = template.time_base
        # some muxers leave packet durations at 0: fall back to one frame interval
        frame_ticks = max(1, round(1 / (float(template.average_rate or 24) * time_base)))
        out = av.open(str(tmp), mode="w", format="mp4", options={"movflags": "+faststart"})
        try:
            vout = out.add_stream_from_template(template)
            aout = out.add_stream("aac", rate=AUDIO_RATE, layout=AUDIO_LAYOUT)
            offset = 0  # in the video time base
            audio_pts = 0
            for path in paths:
                with av.open(str(path)) as c:
                    v = c.streams.video[0]
                    start: int | None = None
                    end = offset
                    for pkt in c.demux(v):
                        if pkt.pts is None:
                            continue  # the demuxer's flush packet
                        if start is None:
                            start = pkt.pts
                        pkt.pts = pkt.dts = pkt.pts - start + offset
                        end = max(end, pkt.pts + (pkt.duration or frame_ticks))
                        pkt.stream = vout
                        out.mux(pkt)
                seconds = float((end - offset) * time_base)
                audio_pts = _append_audio(path, seconds, out, aout, audio_pts)
                offset = end
            out.mux(aout.encode(None))
        finally:
            out.close()


def _append_audio(path: Path, seconds: float, out: av.container.OutputContainer,
                  aout: av.audio.stream.AudioStream, pts: int) -> int:
    """Encode ``path``'s audio, trimmed/padded to ``seconds``, after sample ``pts``."""
    want = round(seconds * AUDIO_RATE)
    chunks = list(_decoded_audio(path, want))
    got = sum(ch.shape[1] for ch in chunks)
    if got < want:
        chunks.append(np.zeros((_AUDIO_CHANNELS, want - got), np.float32))
    for ch in chunks:
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(ch), format="fltp",
                                           layout=AUDIO_LAYOUT)
        frame.sample_rate = AUDIO_RATE
        frame.pts = pts
        frame.time_base = Fraction(1, AUDIO_RATE)
        pts += ch.shape[1]
        out.mux(aout.encode(frame))
    return pts


def _decoded_audio(path: Path, limit: int) -> Iterator[np.ndarray]:
    """Up to ``limit`` samples of the first audio track as planar float32 stereo 48 kHz."""
    with av.open(str(path)) as c:
        if not c.streams.audio:
            return
        resampler = av.AudioResampler(format="fltp", layout=AUDIO_LAYOUT, rate=AUDIO_RATE)
        left = limit

        def take(frames: list[av.AudioFrame]) -> Iterator[np.ndarray]:
            nonlocal left
            for f in frames:
                arr = f.to_ndarray()[:, :left]
                left -= arr.shape[1]
                if arr.shape[1]:
                    yield arr.astype(np.float32, copy=False)

        for frame in c.decode(c.streams.audio[0]):
            yield from take(resampler.resample(frame))
            if left <= 0:
                return
        yield from take(resampler.resample(None))


def _concat_reencode(paths: Sequence[Path], tmp: Path) -> None:
    with av.open(str(paths[0])) as first:
        v = first.streams.video[0]
        width = v.codec_context.width // 2 * 2
        height = v.codec_context.height // 2 * 2
        fps = round(float(v.average_rate or 24)) or 24
    writer = Mp4Writer(tmp, width, height, fps)
    with writer:
        for path in paths:
            before = writer.frames
            for frame in _frames_at_rate(path, fps):
                if (frame.width, frame.height) == (width, height):
                    writer.write_i420(frame.to_ndarray(format="yuv420p"))
                else:
                    writer.write_rgb(_letterbox(frame.to_ndarray(format="rgb24"), width, height))
            seconds = (writer.frames - before) / fps
            want = round(seconds * AUDIO_RATE)
            got = 0
            for chunk in _decoded_audio(path, want):
                writer.write_audio(chunk)
                got += chunk.shape[1]
            writer.write_audio(np.zeros((_AUDIO_CHANNELS, want - got), np.float32))


def _frames_at_rate(path: Path, fps: int) -> Iterator[av.VideoFrame]:
    """The clip's frames resampled to ``fps`` (repeat or drop by presentation time)."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        v.thread_type = "AUTO"
        duration = (v.duration * v.time_base) if v.duration else None
        n_out = 0
        origin: float | None = None
        prev: av.VideoFrame | None = None
        for i, frame in enumerate(c.decode(v)):
            t = float(frame.time) if frame.time is not None else i / fps
            origin = t if origin is None else origin
            t -= origin
            while prev is not None and n_out / fps < t - 0.5 / fps:
                yield prev
                n_out += 1
            prev = frame
        if prev is not None:
            end = float(duration) if duration else (n_out + 1) / fps
            for _ in range(max(round(end * fps) - n_out, 1)):
                yield prev


def _letterbox(rgb: np.ndarray, width: int, height: int) -> np.ndarray:
    h, w = rgb.shape[:2]
    if (w, h) == (width, height):
        return rgb
    scale = min(width / w, height / h)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    resized = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((height, width, 3), np.uint8)
    y, x = (height - nh) // 2, (width - nw) // 2
    canvas[y:y + nh, x:x + nw] = resized
    return canvas
