"""Export the cut as one MP4 (H.264 + AAC): stream copy when it can, else re-encode.

Why three paths: joining takes that came out of one encoder with the same parameters
needs no decoding at all (the packets are copied, seconds for a whole film), but a trim
that starts between keyframes, a crossfade, or a size/frame-rate preset changes pictures.
When the takes are the studio's own encoder's (an x264 preset opened at their size gives
their SPS/PPS byte for byte), only the frames around each join are encoded again and
every clip's middle is still copied (``export_joins``); otherwise (another encoder's
takes, B-frames, a preset) every frame is decoded and encoded again. Both lay the film
out alike (``_timeline``, ``film_pictures``), so they give the same frames at the same
times (a continuing shot is cut to, not dissolved into: ``ExportClip.dissolve``). A copy
opens and demuxes each take once. The sound's AAC packets are copied too when every clip
allows it and the levels need no evening (``aac_copy``), else it is rebuilt
(``export_audio``); the levels come from each take's kept loudness (``media.loudness``)
when given, so deciding decodes no sound.

Every export is written to a temp file beside the target and renamed only when complete,
so an error or a cancel leaves nothing at the target (``concat.atomic_output``). Errors
name the clip's label (the shot), never just a file name.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import av.error
import cv2
import numpy as np

from studio.media.aac_copy import CopiedAudio, Span, copy_audio
from studio.media.concat import (
    AUDIO_LAYOUT,
    AUDIO_RATE,
    Mp4Writer,
    atomic_output,
    stream_signature,
)
from studio.media.export_audio import clip_audio, even_gains, gains_for, mix
from studio.media.loudness import Loudness
from studio.media.probe import MediaError, MediaInfo, _open, describe

#: The file's metadata note when the user keeps "mark as AI-generated" on.
AI_NOTE = "AI-generated video (made with OpenAI's Sora through Sora Studio)"

#: Resolution and frame-rate presets: name -> (width, height, fps); None keeps the source.
PRESETS: dict[str, tuple[int | None, int | None, int | None]] = {
    "source": (None, None, None),
    "1080p": (1920, 1080, None),
    "720p": (1280, 720, None),
    "480p": (854, 480, None),
    "720p-24": (1280, 720, 24),
    "720p-30": (1280, 720, 30),
}

Progress = Callable[[float], None]

#: a picture on its way to the encoder: a decoded frame, or I420 planes made here
Picture = av.VideoFrame | np.ndarray

#: Clips whose levels differ by less than this need no evening: their sound is copied.
EVEN_ENOUGH_DB = 0.5


class ExportError(Exception):
    """The film cannot be exported; ``label`` names the shot at fault, when one is."""

    def __init__(self, message: str, label: str | None = None) -> None:
        super().__init__(message)
        self.label = label


class ExportCancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True)
class ExportClip:
    path: Path
    label: str  # the shot, as errors should name it
    source_in: float = 0.0
    source_out: float | None = None  # None: to the end of the file
    #: the take's kept loudness (``media.loudness``); None: decoded here when evening
    loudness: Loudness | None = None
    #: with a crossfade, whether this clip dissolves in from the one before; False for a
    #: shot that continues the previous one (its first frame is meant to match: a cut)
    dissolve: bool = True


@dataclass(frozen=True)
class ExportOptions:
    crossfade: float = 0.0  # seconds of dissolve (and audio crossfade) at each join
    width: int | None = None
    height: int | None = None
    fps: int | None = None
    even_loudness: bool = True
    note: str | None = AI_NOTE  # the "comment" metadata; None writes no note
    allow_copy: bool = True

    @classmethod
    def preset(cls, name: str, **kw: object) -> ExportOptions:
        w, h, fps = PRESETS[name]
        return cls(width=w, height=h, fps=fps, **kw)  # type: ignore[arg-type]


@dataclass
class ExportResult:
    path: Path
    mode: str  # "copy", "joins" (only the joins re-encoded) or "reencode"
    seconds: float
    frames: int
    joins: list[float] = field(default_factory=list)  # where each clip starts, seconds


@dataclass
class _Clip:
    """One take of the export, its file opened once for the whole export."""

    src: ExportClip
    info: MediaInfo
    t_in: float
    t_out: float
    container: av.container.InputContainer
    _video: list[av.Packet] | None = None
    _audio: list[av.Packet] = field(default_factory=list)

    def video_packets(self) -> list[av.Packet]:
        """Every video packet, read in one pass with the sound's (kept for
        :meth:`audio_packets`): the copy path's checks, trims and joins all use it."""
        if self._video is None:
            c = self.container
            v = c.streams.video[0]
            streams = [v, *c.streams.audio[:1]]
            video: list[av.Packet] = []
            try:
                for pkt in c.demux(streams):
                    if pkt.pts is not None:
                        (video if pkt.stream_index == v.index else self._audio).append(pkt)
            except (av.error.FFmpegError, OSError) as exc:
                raise ExportError(f"{self.src.label}: the take cannot be read ({exc})",
                                  self.src.label) from exc
            self._video = video
        return self._video

    def audio_packets(self) -> list[av.Packet]:
        self.video_packets()
        return self._audio


def export_film(clips: Sequence[ExportClip], out: Path, options: ExportOptions = ExportOptions(),
                *, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> ExportResult:
    """Write the clips, trimmed and joined, to ``out``; raise ExportError / ExportCancelled."""
    if not clips:
        raise ExportError("there is nothing to export: no shot has a finished take")
    report = progress or (lambda _f: None)
    stop = cancel or threading.Event()
    with contextlib.ExitStack() as opened:
        plan = [_inspect(c, opened) for c in clips]
        # the joins path builds on this module's helpers, so it is imported here
        from studio.media.export_joins import export_joins, plan_joins

        with atomic_output(Path(out)) as tmp:
            if _copyable(plan, options):
                result = _export_copy(plan, tmp, options, report, stop)
            elif (joined := plan_joins(plan, _timeline(plan, options), options)) is not None:
                result = export_joins(plan, joined, tmp, options, report, stop)
            else:
                result = _export_reencode(plan, tmp, options, report, stop)
            if stop.is_set():
                raise ExportCancelled()
    result.path = Path(out)
    report(1.0)
    return result


def _inspect(clip: ExportClip, opened: contextlib.ExitStack) -> _Clip:
    """Open the take (once: the export reads it through this container) and check it."""
    path = Path(clip.path)
    if not path.is_file():
        raise ExportError(f"{clip.label}: the take's file is missing", clip.label)
    try:
        container = opened.enter_context(_open(path))
        info = describe(container, path.name)
    except MediaError as exc:
        raise ExportError(f"{clip.label}: the take cannot be read ({exc})", clip.label) from exc
    length = info.duration
    t_in = min(max(0.0, clip.source_in), length)
    t_out = length if clip.source_out is None else min(clip.source_out, length)
    frame = 1.0 / (info.fps or 24.0)
    if t_out - t_in < frame:
        raise ExportError(f"{clip.label}: the trim leaves less than one frame", clip.label)
    return _Clip(clip, info, t_in, t_out, container)


# --------------------------------------------------------------------------- copy


def _copyable(plan: Sequence[_Clip], options: ExportOptions) -> bool:
    """Copy needs: no dissolve, no size/rate change, equal H.264 parameters, in at a key."""
    if not options.allow_copy or (options.crossfade > 0 and
                                  any(c.src.dissolve for c in plan[1:])):
        return False
    first = plan[0].info
    if (options.width or first.width, options.height or first.height) != \
            (first.width, first.height):
        return False
    if options.fps and abs(options.fps - first.fps) > 0.01:
        return False
    sigs = [stream_signature(c.container.streams.video[0]) for c in plan]
    if sigs[0] is None or any(s != sigs[0] for s in sigs):
        return False
    if any(stream_signature(c.container.streams.video[0], c.video_packets()[:65]) is None
           for c in plan):
        return False
    return all(c.t_in == 0 or _key_at(c, c.t_in) for c in plan)


def _key_at(clip: _Clip, t: float) -> bool:
    """Whether a keyframe starts within half a frame of ``t`` (a trim copy can start there)."""
    v = clip.container.streams.video[0]
    half = 0.5 / float(v.average_rate or 24)
    for pkt in clip.video_packets():
        pt = float(pkt.pts * v.time_base)
        if pt > t + half:
            return False
        if pkt.is_keyframe and abs(pt - t) <= half:
            return True
    return False


def _packets(clip: _Clip) -> tuple[list[av.Packet], int]:
    """The video packets from the in to the out point with their duration in ticks."""
    v = clip.container.streams.video[0]
    tb = v.time_base
    frame_ticks = max(1, round(1 / (float(v.average_rate or 24) * tb)))
    half = 0.5 / float(v.average_rate or 24)
    keep = []
    for pkt in clip.video_packets():
        t = float(pkt.pts * tb)
        if t < clip.t_in - half:
            continue
        if t >= clip.t_out - half:
            break
        keep.append(pkt)
    return keep, frame_ticks


def _export_copy(plan: Sequence[_Clip], tmp: Path, options: ExportOptions, report: Progress,
                 stop: threading.Event) -> ExportResult:
    copied = None
    try:
        runs = []
        for c in plan:
            pkts, ticks = _packets(c)
            if not pkts:
                raise ExportError(f"{c.src.label}: no picture in the trimmed range", c.src.label)
            tb = c.container.streams.video[0].time_base
            span = sum(p.duration or ticks for p in pkts)
            runs.append((c, pkts, ticks, tb, float(span * tb)))
        seconds = [secs for *_, secs in runs]
        template = plan[0].container.streams.video[0]
        copied, tracks, gains = _copied_sound(runs, options)
        if copied is not None:
            return _mux_copy(runs, copied, tmp, options, report, stop, template)
        starts, total = _sample_starts(seconds, ())
        sound = _sound(tracks or [_audio(c.src, c.t_in, secs) for c, *_, secs in runs],
                       starts, 0, total, options, gains)
        out, vout, aout = open_film(tmp, options, template)
        try:
            offset, apos, done = 0, 0, 0
            n_all = sum(len(p) for _, p, *_ in runs)
            joins = []
            for _c, pkts, ticks, tb, _secs in runs:
                joins.append(float(offset * tb))
                offset, done = _mux_video(out, vout, pkts, offset, ticks, done, n_all,
                                          report, stop)
                upto = round(float(offset * tb) * AUDIO_RATE)
                apos = _write_sound(out, aout, sound, apos, min(upto, total))
            apos = _write_sound(out, aout, sound, apos, total)
            out.mux(aout.encode(None))
        finally:
            out.close()
        return ExportResult(tmp, "copy", total / AUDIO_RATE, n_all, joins)
    finally:
        if copied is not None:
            copied.close()


def open_film(tmp: Path, options: ExportOptions, template: av.video.stream.VideoStream
              ) -> tuple[av.container.OutputContainer, Any, Any]:
    """The MP4 for copied video packets (the takes' stream as its template, so its one
    ``avcC``) and sound encoded here: the container, its video and its AAC stream."""
    out = av.open(str(tmp), mode="w", format="mp4", options={"movflags": "+faststart"})
    try:
        if options.note:
            out.metadata["comment"] = options.note
        vout = out.add_stream_from_template(template)
        # the AAC encoder is a copy's main cost: its "fast" coder halves it
        aout = out.add_stream("aac", rate=AUDIO_RATE, layout=AUDIO_LAYOUT,
                              options={"aac_coder": "fast"})
    except BaseException:
        out.close()
        raise
    return out, vout, aout


def _mux_video(out: Any, vout: Any, pkts: list, offset: int, ticks: int, done: int,
               n_all: int, report: Progress, stop: threading.Event) -> tuple[int, int]:
    """One clip's video packets, copied and shifted to start at ``offset``; returns where
    the clip ends and how many packets are done (progress over ``n_all``)."""
    first = pkts[0].pts
    end = offset
    for pkt in pkts:
        if stop.is_set():
            raise ExportCancelled()
        pkt.pts = pkt.dts = pkt.pts - first + offset
        end = max(end, pkt.pts + (pkt.duration or ticks))
        pkt.stream = vout
        out.mux(pkt)
        done += 1
        if done % 48 == 0:
            report(0.05 + 0.9 * done / n_all)
    return end, done


def _copied_sound(runs: list, options: ExportOptions
                  ) -> tuple[CopiedAudio | None, list[np.ndarray] | None, list[float] | None]:
    """The clips' AAC packets as they are, when loudness is already even (or not asked).

    Evening needs every clip's level: the takes' kept levels when every clip has one (no
    sound is decoded), else the sound is decoded first. The gains, and the decoded
    tracks if any, come back for the rebuild when the packets cannot be copied.
    """
    tracks, gains = None, None
    if options.even_loudness:
        gains = _kept_gains([(c.src, c.t_in, secs) for c, *_, secs in runs])
        if gains is None:
            tracks = [_audio(c.src, c.t_in, secs) for c, *_, secs in runs]
            gains = even_gains(tracks)
        if any(abs(20 * np.log10(g)) > EVEN_ENOUGH_DB for g in gains):
            return None, tracks, gains
    spans = []
    for c, *_, secs in runs:
        audio = c.container.streams.audio
        spans.append(Span(c.src.path, c.t_in, secs, audio[0] if audio else None,
                          c.audio_packets()))
    return copy_audio(spans), tracks, gains


def _kept_gains(parts: Sequence[tuple[ExportClip, float, float]]) -> list[float] | None:
    """Evening gains from the takes' kept loudness (clip, in point, seconds); None when
    a clip has none (its sound must be decoded to measure it)."""
    kept = [(c.loudness, t, s) for c, t, s in parts]
    if any(k is None for k, *_ in kept):
        return None
    return gains_for([k.level_db(t, s) for k, t, s in kept],  # type: ignore[union-attr]
                     [k.peak(t, s) for k, t, s in kept])  # type: ignore[union-attr]


def _mux_copy(runs: list, copied: CopiedAudio, tmp: Path, options: ExportOptions,
              report: Progress, stop: threading.Event,
              template: av.video.stream.VideoStream) -> ExportResult:
    """Video and sound packets both copied, interleaved a clip at a time."""
    out = av.open(str(tmp), mode="w", format="mp4", options={"movflags": "+faststart"})
    try:
        if options.note:
            out.metadata["comment"] = options.note
        vout = out.add_stream_from_template(template)
        aout = out.add_stream_from_template(copied.template)
        rate = copied.template.codec_context.sample_rate
        sound = iter(copied.packets)
        pending = next(sound, None)
        offset, done, joins, seconds = 0, 0, [], 0.0
        n_all = sum(len(p) for _, p, *_ in runs)
        for _c, pkts, ticks, tb, _secs in runs:
            joins.append(float(offset * tb))
            offset, done = _mux_video(out, vout, pkts, offset, ticks, done, n_all, report,
                                      stop)
            seconds = float(offset * tb)
            upto = seconds * rate
            while pending is not None and pending.pts < upto:
                pending.stream = aout
                out.mux(pending)
                pending = next(sound, None)
        while pending is not None:
            pending.stream = aout
            out.mux(pending)
            pending = next(sound, None)
    finally:
        out.close()
    return ExportResult(tmp, "copy", seconds, n_all, joins)


def _write_sound(out: av.container.OutputContainer, aout: av.audio.stream.AudioStream,
                 sound: np.ndarray, start: int, end: int) -> int:
    from fractions import Fraction

    step = 4096
    for a in range(start, end, step):
        chunk = np.ascontiguousarray(sound[:, a:min(end, a + step)])
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=AUDIO_LAYOUT)
        frame.sample_rate = AUDIO_RATE
        frame.pts = a
        frame.time_base = Fraction(1, AUDIO_RATE)
        out.mux(aout.encode(frame))
    return max(start, end)


# --------------------------------------------------------------------------- sound


def _audio(src: ExportClip, t_in: float, seconds: float) -> np.ndarray:
    try:
        return clip_audio(str(src.path), t_in, seconds)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise ExportError(f"{src.label}: the take's sound cannot be read ({exc})",
                          src.label) from exc


def _sample_starts(seconds: Sequence[float], fades: Sequence[float]) -> tuple[list[int], int]:
    """Where each clip's sound starts (samples), each join overlapping by its fade (s)."""
    starts, t = [], 0.0
    for i, s in enumerate(seconds):
        starts.append(round(t * AUDIO_RATE))
        t += s - (fades[i] if i < len(fades) else 0.0)
    return starts, round(t * AUDIO_RATE)


def _sound(tracks: list[np.ndarray], starts: list[int], fade: int | list[int], total: int,
           options: ExportOptions, gains: list[float] | None = None) -> np.ndarray:
    """The film's sound; evened by ``gains`` (kept levels) or by the tracks' own."""
    if options.even_loudness:
        gains = gains if gains is not None else even_gains(tracks)
        tracks = [t * g for t, g in zip(tracks, gains, strict=True)]
    return mix(tracks, starts, fade, total)


# --------------------------------------------------------------------------- re-encode


@dataclass(frozen=True)
class Timeline:
    """The film's frames, as both the re-encode and the joins path lay them out."""

    width: int
    height: int
    fps: int
    counts: list[int]  # each clip's frames, its dissolves included
    ks: list[int]  # frames of dissolve at each join (0: a cut)
    total_frames: int
    joins: list[float]  # where each clip starts, seconds


@dataclass(frozen=True)
class Copied:
    """Frame ``frame`` of clip ``clip`` is copied as its packet, not decoded (joins path)."""

    clip: int
    frame: int


def _timeline(plan: Sequence[_Clip], options: ExportOptions) -> Timeline:
    first = plan[0].info
    width = (options.width or first.width) // 2 * 2
    height = (options.height or first.height) // 2 * 2
    fps = options.fps or round(first.fps or 24) or 24
    counts = [max(1, round((c.t_out - c.t_in) * fps)) for c in plan]
    k = round(max(0.0, options.crossfade) * fps) if len(plan) > 1 else 0
    k = min(k, min(counts) // 2)
    ks = [k if c.src.dissolve else 0 for c in plan[1:]]
    joins, t = [], 0
    for i, n in enumerate(counts):
        joins.append(t / fps)
        t += n - (ks[i] if i < len(ks) else 0)
    return Timeline(width, height, fps, counts, ks, sum(counts) - sum(ks), joins)


def _film_sound(plan: Sequence[_Clip], tl: Timeline,
                options: ExportOptions) -> tuple[np.ndarray, int]:
    """The film's sound with a crossfade at each dissolve, and its length in samples."""
    fps = tl.fps
    tracks = [_audio(c.src, c.t_in, n / fps) for c, n in zip(plan, tl.counts, strict=True)]
    starts, total = _sample_starts([n / fps for n in tl.counts], [j / fps for j in tl.ks])
    gains = _kept_gains([(c.src, c.t_in, n / fps)
                         for c, n in zip(plan, tl.counts, strict=True)])
    sound = _sound(tracks, starts, [round(j / fps * AUDIO_RATE) for j in tl.ks], total,
                   options, gains)
    return sound, total


def _export_reencode(plan: Sequence[_Clip], tmp: Path, options: ExportOptions,
                     report: Progress, stop: threading.Event) -> ExportResult:
    tl = _timeline(plan, options)
    fps, total_frames = tl.fps, tl.total_frames
    sound, total = _film_sound(plan, tl, options)
    metadata = {"comment": options.note} if options.note else None
    writer = Mp4Writer(tmp, tl.width, tl.height, fps, metadata=metadata)
    written = 0
    apos = 0
    with writer:
        for frame in film_pictures(plan, tl):
            if stop.is_set():
                raise ExportCancelled()
            if isinstance(frame, np.ndarray):
                writer.write_i420(frame)
            else:
                writer.write_frame(frame)  # type: ignore[arg-type]
            written += 1
            upto = min(total, round(written / fps * AUDIO_RATE))
            if upto > apos:
                writer.write_audio(sound[:, apos:upto])
                apos = upto
            if written % 12 == 0:
                report(0.05 + 0.9 * written / total_frames)
        if total > apos:
            writer.write_audio(sound[:, apos:total])
    return ExportResult(tmp, "reencode", total_frames / fps, total_frames, tl.joins)


def film_pictures(plan: Sequence[_Clip], tl: Timeline,
                  copied: Sequence[tuple[int, int] | None] = ()
                  ) -> Iterator[Picture | Copied]:
    """Every picture of the film in order, each dissolve blended.

    ``copied[i]``, when given, is clip ``i``'s run of frames (first, end) that the joins
    path copies as packets: those come as :class:`Copied` markers and are not decoded
    (a run never overlaps a dissolve).
    """
    tail: list[Picture | Copied] = []
    last = len(plan) - 1
    for i, (c, n) in enumerate(zip(plan, tl.counts, strict=True)):
        buf: deque[Picture | Copied] = deque()
        k_in = tl.ks[i - 1] if i > 0 else 0  # this clip dissolves in over k_in frames
        k_out = tl.ks[i] if i < last else 0  # and holds back k_out for the next one
        run = copied[i] if i < len(copied) else None
        try:
            for j, frame in enumerate(_clip_pictures(i, c, n, tl, run)):
                if j < k_in and tail:
                    a = (j + 1) / (k_in + 1)
                    yield cv2.addWeighted(_array(tail[j]), 1 - a,  # type: ignore[arg-type]
                                          _array(frame), a, 0)  # type: ignore[arg-type]
                    continue
                buf.append(frame)
                if len(buf) > k_out:
                    yield buf.popleft()
        except (av.error.FFmpegError, ValueError) as exc:
            raise ExportError(f"{c.src.label}: the take does not decode ({exc})",
                              c.src.label) from exc
        tail = list(buf)


def _clip_pictures(i: int, c: _Clip, n: int, tl: Timeline,
                   run: tuple[int, int] | None) -> Iterator[Picture | Copied]:
    """The clip's ``n`` pictures; those of its copied ``run`` as markers, undecoded."""
    first, end = run or (n, n)
    if first > 0:
        yield from _frames(c, first, tl.fps, tl.width, tl.height)
    for j in range(first, end):
        yield Copied(i, j)
    if end < n:
        yield from _frames(c, n, tl.fps, tl.width, tl.height, first=end)


def _frames(c: _Clip, n: int, fps: int, width: int, height: int,
            first: int = 0) -> Iterator[Picture]:
    """The clip's pictures ``first`` to ``n - 1`` from its in point at ``fps``, at the size.

    Each output instant shows the latest source frame at or before it (half a frame of
    tolerance), so a 30 fps take exported at 24 fps drops frames evenly, and the last
    frame is held if the file is a little short. A decoded frame that is already right
    goes to the encoder as it is (copying 720p frames into numpy and back cost ~4 ms each).
    """
    with av.open(str(c.src.path)) as container:
        v = container.streams.video[0]
        v.thread_type = "AUTO"
        origin = float(v.start_time * v.time_base) if v.start_time else 0.0
        start = c.t_in + first / fps
        if start > 0.5:
            container.seek(int((origin + start) / v.time_base), stream=v)
        tol = 0.5 / fps
        produced = first
        cur: av.VideoFrame | None = None
        ready: Picture | None = None

        for frame in container.decode(v):
            t = (float(frame.time) - origin) if frame.time is not None else c.t_in
            while produced < n and c.t_in + produced / fps + tol < t:
                if ready is None:
                    ready = _fit(cur if cur is not None else frame, width, height)
                yield ready
                produced += 1
            if produced >= n:
                return
            cur, ready = frame, None
        if cur is None:
            raise ValueError("no picture decodes")
        ready = ready if ready is not None else _fit(cur, width, height)
        while produced < n:
            yield ready
            produced += 1



def _array(p: Picture) -> np.ndarray:
    return p if isinstance(p, np.ndarray) else p.to_ndarray(format="yuv420p")


def _fit(frame: av.VideoFrame, width: int, height: int) -> Picture:
    """The frame at the export's size in yuv420p: itself, rescaled, or letterboxed."""
    if (frame.width, frame.height) == (width, height) and frame.format.name == "yuv420p":
        return frame
    if abs(frame.width * height - frame.height * width) <= max(width, height):
        return frame.reformat(width=width, height=height, format="yuv420p")
    return _letterboxed(frame, width, height)


def _letterboxed(frame: av.VideoFrame, width: int, height: int) -> np.ndarray:
    scale = min(width / frame.width, height / frame.height)
    nw = max(2, round(frame.width * scale) // 2 * 2)
    nh = max(2, round(frame.height * scale) // 2 * 2)
    rgb = frame.reformat(width=nw, height=nh, format="rgb24").to_ndarray()
    canvas = np.zeros((height, width, 3), np.uint8)
    y, x = (height - nh) // 2, (width - nw) // 2
    canvas[y:y + nh, x:x + nw] = rgb
    return cv2.cvtColor(canvas, cv2.COLOR_RGB2YUV_I420)
