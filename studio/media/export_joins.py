"""The crossfade export that re-encodes only the joins, copying every clip's middle.

Why: a dissolve changes a few pictures at each join, yet re-encoding the whole film for
it decodes and encodes every frame (most of an export's time). Here each clip's frames
from its first IDR after its dissolve-in (or its in point) up to its dissolve-out are
copied as packets; everything else (the blended frames, and each clip's head up to that
IDR) is encoded again, one fresh encoder per run of such frames, so each run starts
with an IDR of its own. A copied run may end on any frame: with no B-frames a picture
only refers back, and the encoder's IDR after it starts afresh. The frames and their
timing are the full re-encode's (``export.film_pictures``, ``export._timeline``); the
sound is rebuilt the same way.

The output keeps one ``avcC``, the first clip's, so the new pictures must use its SPS
and PPS byte for byte. The encoder settings are not guessed: x264 writes its headers
when it opens, from its settings alone (``concat.x264_options``), so each candidate
preset (the studio's first) is opened at the takes' size and rate and its headers are
compared with the takes'; none equal (another encoder's takes, say a provider's), or a
take with B-frames, another size or rate: ``plan_joins`` answers None and the caller
re-encodes the whole film.
"""

from __future__ import annotations

import itertools
import re
import threading
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.codec.context
import numpy as np

from studio.media.concat import AUDIO_RATE, stream_signature, x264_options
from studio.media.export import (
    Copied,
    ExportCancelled,
    ExportOptions,
    ExportResult,
    Picture,
    Progress,
    Timeline,
    _Clip,
    _film_sound,
    _write_sound,
    film_pictures,
    open_film,
)

#: x264 presets tried for headers equal to the takes': the studio's two first (the local
#: animatic's and Mp4Writer's), then the rest from the fastest; several share headers
#: (veryfast and superfast do), so the studio's own comes first
PRESETS = ("ultrafast", "veryfast", "superfast", "faster", "fast", "medium", "slow",
           "slower", "veryslow")

#: the x264 version SEI of a take's first packet names its rate factor
_CRF = re.compile(rb"crf=([0-9]+(?:\.[0-9]+)?)")
_START = re.compile(b"\x00\x00\x01")


@dataclass(frozen=True)
class JoinsPlan:
    """What ``export_joins`` copies: per clip its run of frames and their packets."""

    timeline: Timeline
    runs: list[tuple[int, int] | None]  # clip frames (first, end) copied, None: none
    packets: list[list[av.Packet]]  # the run's packets, one per frame
    encoder: dict[str, str]  # x264 options whose SPS/PPS equal the takes'
    ticks: int  # one frame in the video stream's time base


def plan_joins(plan: Sequence[_Clip], tl: Timeline, options: ExportOptions) -> JoinsPlan | None:
    """The copied runs and the encoder for them, or None when the film must be re-encoded."""
    if not options.allow_copy:
        return None
    first = plan[0].info
    if (tl.width, tl.height) != (first.width, first.height) or \
            abs(tl.fps - (first.fps or 0)) > 0.01:
        return None
    streams = [c.container.streams.video[0] for c in plan]
    sigs = [stream_signature(v, c.video_packets()[:65]) for v, c in zip(streams, plan,
                                                                       strict=True)]
    if sigs[0] is None or any(s != sigs[0] for s in sigs):
        return None
    v = streams[0]
    if v.codec_context.pix_fmt != "yuv420p":
        return None
    ticks = 1 / (v.time_base * tl.fps)
    if ticks.denominator != 1:
        return None
    extradata = bytes(v.codec_context.extradata or b"")
    if len(extradata) < 7 or extradata[0] != 1 or extradata[4] & 3 != 3:
        return None  # not avcC with 4-byte lengths: the packets could not be joined
    encoder = _matching_encoder(extradata, plan[0].video_packets()[:1], tl)
    if encoder is None:
        return None
    runs: list[tuple[int, int] | None] = []
    packets: list[list[av.Packet]] = []
    last = len(plan) - 1
    for i, (c, n) in enumerate(zip(plan, tl.counts, strict=True)):
        k_in = tl.ks[i - 1] if i > 0 else 0
        k_out = tl.ks[i] if i < last else 0
        found = _copy_run(c, n, k_in, n - k_out, tl.fps, int(ticks))
        runs.append(found[0] if found else None)
        packets.append(found[1] if found else [])
    return JoinsPlan(tl, runs, packets, encoder, int(ticks))


def _copy_run(c: _Clip, n: int, lo: int, hi: int, fps: int,
              ticks: int) -> tuple[tuple[int, int], list[av.Packet]] | None:
    """The clip's frames from its first IDR at/after ``lo`` that are its packets one for
    one, up to ``hi`` at most; None when there is no such IDR.

    Frame ``j`` shows the latest source picture at or before its instant (half a frame of
    tolerance): the rule of ``export._frames``, so a copied frame is the decoded one.
    """
    v = c.container.streams.video[0]
    pkts = c.video_packets()
    if any(p.dts != p.pts for p in pkts) or \
            any(a.pts >= b.pts for a, b in itertools.pairwise(pkts)):
        return None
    origin = float(v.start_time * v.time_base) if v.start_time else 0.0
    times = [float(p.pts * v.time_base) - origin for p in pkts]
    tol = 0.5 / fps
    shown = [max(0, bisect_right(times, c.t_in + j / fps + tol) - 1) for j in range(n)]
    start = next((j for j in range(lo, hi)
                  if pkts[shown[j]].is_keyframe and _is_idr(bytes(pkts[shown[j]]))), None)
    if start is None:
        return None
    s0, pts0 = shown[start], pkts[shown[start]].pts
    end = start + 1
    while end < hi and shown[end] == s0 + end - start and \
            pkts[shown[end]].pts == pts0 + (end - start) * ticks:
        end += 1
    return (start, end), [pkts[s] for s in shown[start:end]]


def _is_idr(data: bytes) -> bool:
    """Whether a 4-byte-length-prefixed H.264 access unit holds an IDR slice (type 5)."""
    pos = 0
    while pos + 5 <= len(data):
        size = int.from_bytes(data[pos:pos + 4], "big")
        if data[pos + 4] & 0x1F == 5:
            return True
        pos += 4 + size
    return False


def _parameter_sets(extradata: bytes) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
    """The SPS and PPS NAL units of an ``avcC`` record or of Annex B headers."""
    if extradata[:1] == b"\x01":  # avcC: SPS count at 5, each SPS, PPS count, each PPS
        nals, pos, count = [], 6, extradata[5] & 0x1F
        for kind in ("sps", "pps"):
            if kind == "pps":
                count, pos = extradata[pos], pos + 1
            for _ in range(count):
                size = int.from_bytes(extradata[pos:pos + 2], "big")
                nals.append(extradata[pos + 2:pos + 2 + size])
                pos += 2 + size
    else:
        nals = _annexb_nals(extradata)
    return (tuple(n for n in nals if n[:1] and n[0] & 0x1F == 7),
            tuple(n for n in nals if n[:1] and n[0] & 0x1F == 8))


def _annexb_nals(data: bytes) -> list[bytes]:
    """The NAL units between start codes (x264's output), trailing zero bytes dropped (a
    NAL unit never ends in one; they are the next 4-byte start code's)."""
    starts = [m.end() for m in _START.finditer(data)]
    return [data[a:b - 3].rstrip(b"\x00")
            for a, b in zip(starts, [*starts[1:], len(data) + 3], strict=True)]


def _avcc(data: bytes) -> bytes:
    """An encoded access unit as MP4 stores it: each NAL unit after its 4-byte length."""
    return b"".join(len(n).to_bytes(4, "big") + n for n in _annexb_nals(data) if n)


def _open_encoder(width: int, height: int, fps: int,
                  options: dict[str, str]) -> av.codec.context.CodecContext:
    """A fresh x264 encoder: its first picture is an IDR, its headers are out of band."""
    cc = av.CodecContext.create("libx264", "w")
    cc.width, cc.height, cc.pix_fmt = width, height, "yuv420p"  # type: ignore[attr-defined]
    cc.time_base = Fraction(1, fps)
    cc.framerate = Fraction(fps, 1)  # type: ignore[attr-defined]
    cc.flags |= av.codec.context.Flags.global_header
    cc.options = dict(options)
    cc.open()
    return cc


def _matching_encoder(extradata: bytes, first: Sequence[av.Packet],
                      tl: Timeline) -> dict[str, str] | None:
    """The x264 options whose SPS/PPS equal the takes' (opening an encoder writes them)."""
    want = _parameter_sets(extradata)
    found = _CRF.search(bytes(first[0])) if first else None
    crf = found.group(1).decode() if found else "23"
    for preset in PRESETS:
        options = x264_options(tl.fps, preset, crf)
        cc = _open_encoder(tl.width, tl.height, tl.fps, options)
        if _parameter_sets(bytes(cc.extradata or b"")) == want:
            return options
    return None


def export_joins(plan: Sequence[_Clip], joined: JoinsPlan, tmp: Path, options: ExportOptions,
                 report: Progress, stop: threading.Event) -> ExportResult:
    """Write the film: copied runs as packets, the frames between them encoded afresh."""
    tl = joined.timeline
    sound, total = _film_sound(plan, tl, options)
    template = plan[0].container.streams.video[0]
    tb = template.time_base
    out, vout, aout = open_film(tmp, options, template)
    try:
        apos = 0
        encoder: av.codec.context.CodecContext | None = None
        seg_start = 0  # the film frame the open encoder's first picture is

        def mux_encoded(packets: list[av.Packet]) -> None:
            for p in packets:
                pkt = av.Packet(_avcc(bytes(p)))
                pkt.pts = pkt.dts = (seg_start + p.pts) * joined.ticks
                pkt.duration = joined.ticks
                pkt.time_base = tb
                pkt.is_keyframe = p.is_keyframe
                pkt.stream = vout
                out.mux(pkt)

        for written, item in enumerate(film_pictures(plan, tl, joined.runs)):
            if stop.is_set():
                raise ExportCancelled()
            if isinstance(item, Copied):
                run = joined.runs[item.clip]
                if run is not None and item.frame == run[0]:
                    if encoder is not None:
                        mux_encoded(encoder.encode(None))
                        encoder = None
                    _mux_run(out, vout, joined.packets[item.clip], written, joined.ticks)
            else:
                if encoder is None:
                    encoder = _open_encoder(tl.width, tl.height, tl.fps, joined.encoder)
                    seg_start = written
                mux_encoded(encoder.encode(_video_frame(item, written - seg_start, tl.fps)))
            upto = min(total, round((written + 1) / tl.fps * AUDIO_RATE))
            if upto - apos >= 4096:
                apos = _write_sound(out, aout, sound, apos, upto)
            if written % 12 == 11:
                report(0.05 + 0.9 * (written + 1) / tl.total_frames)
        if encoder is not None:
            mux_encoded(encoder.encode(None))
        _write_sound(out, aout, sound, apos, total)
        out.mux(aout.encode(None))
    finally:
        out.close()
    return ExportResult(tmp, "joins", tl.total_frames / tl.fps, tl.total_frames, tl.joins)


def _mux_run(out: av.container.OutputContainer, vout: av.video.stream.VideoStream,
             packets: list[av.Packet], at: int, ticks: int) -> None:
    """A clip's copied run, its first frame placed at film frame ``at``."""
    for m, pkt in enumerate(packets):
        pkt.pts = pkt.dts = (at + m) * ticks
        pkt.duration = ticks
        pkt.stream = vout
        out.mux(pkt)


def _video_frame(picture: Picture, pts: int, fps: int) -> av.VideoFrame:
    """The picture as the encoder's next frame; a decoded one keeps no picture type, so
    the encoder places its own keyframes (as ``Mp4Writer.write_frame`` does)."""
    if isinstance(picture, np.ndarray):
        frame = av.VideoFrame.from_ndarray(picture, format="yuv420p")
    else:
        frame = picture
        frame.pict_type = av.video.frame.PictureType.NONE
    frame.pts = pts
    frame.time_base = Fraction(1, fps)
    return frame
