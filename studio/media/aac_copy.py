"""The cut's sound as copied AAC packets, when every clip's audio allows it.

Why: in a stream-copy export, re-encoding the sound was most of the work left (decode,
resample, encode 48 kHz stereo for the whole film). When every clip carries AAC with the
same parameters (our renderer's and most providers' takes do) and their loudness needs no
evening, the packets can be joined as they are.

The trap (DESIGN.md): each clip starts with encoder-priming packets (negative time) and
ends with a padded frame. So the first clip keeps its priming (the output's edit list hides
it), every next clip's priming packets are dropped, and each clip gives as many whole
packets as bring the running sound end nearest to its picture's end (its padded last
packet only when the sound would fall behind without it: it plays as a short gap). The
sound never drifts from the pictures by more than half a packet (~11 ms at 48 kHz),
however many joins.
Anything unusual (no audio, another codec, other parameters, a clip whose sound is shorter
than its picture) answers None, and the caller rebuilds the sound instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.error

#: samples per AAC-LC packet
FRAME = 1024


@dataclass(frozen=True)
class Span:
    """One clip's part of the cut: its file, its in point, and its picture's length (s)."""

    path: Path
    t_in: float
    seconds: float
    #: the clip's audio stream and its packets when the caller has demuxed them already
    #: (the exporter reads each take once); None: this module opens the file
    stream: av.audio.stream.AudioStream | None = None
    packets: Sequence[av.Packet] | None = None


@dataclass
class CopiedAudio:
    """The packets to mux, already retimed, and the stream to take as the template."""

    template: av.audio.stream.AudioStream
    packets: list[av.Packet]
    containers: list[av.container.InputContainer]
    samples: int  # the sound's length in samples, priming excluded

    def close(self) -> None:
        for c in self.containers:
            c.close()


def _signature(stream: av.audio.stream.AudioStream) -> tuple[object, ...] | None:
    cc = stream.codec_context
    if cc.name != "aac" or not cc.sample_rate:
        return None
    if stream.time_base != Fraction(1, cc.sample_rate):
        return None
    return (cc.sample_rate, cc.layout.name, cc.format.name if cc.format else None,
            bytes(cc.extradata or b""))


def copy_audio(spans: Sequence[Span]) -> CopiedAudio | None:
    """The joined sound as packets, or None when it cannot be copied cleanly."""
    containers: list[av.container.InputContainer] = []
    try:
        result = _collect(spans, containers)
    except (av.error.FFmpegError, OSError):
        result = None
    if result is None:
        for c in containers:
            c.close()
    return result


def _collect(spans: Sequence[Span],
             containers: list[av.container.InputContainer]) -> CopiedAudio | None:
    template = None
    sig = None
    out: list[av.Packet] = []
    pos = 0  # samples written so far (priming excluded)
    pic_end = 0.0  # seconds of picture so far
    rate = 0
    for i, span in enumerate(spans):
        a, packets = _source(span, containers)
        if a is None:
            return None
        s = _signature(a)
        if s is None or (sig is not None and s != sig):
            return None
        if template is None:
            template, sig, rate = a, s, a.codec_context.sample_rate
        pic_end += span.seconds
        target = round(pic_end * rate)
        start = round(span.t_in * rate)
        keep_priming = i == 0 and start == 0
        for pkt in packets:
            if pkt.pts is None:
                continue
            if pkt.pts < 0:
                if keep_priming:  # the first clip's priming stays, behind the edit list
                    pkt.dts = pkt.pts
                    out.append(pkt)
                continue
            if pkt.pts + FRAME // 2 <= start:
                continue  # before the in point
            if pkt.duration and pkt.duration < FRAME:
                # the clip's last packet, partly padding: it plays as a short gap, so it
                # is kept only when the sound would otherwise fall behind the picture
                if target - pos <= FRAME // 2:
                    break
            elif pos + FRAME // 2 > target:
                break
            pkt.pts = pkt.dts = pos
            pkt.duration = FRAME
            out.append(pkt)
            pos += FRAME
        if target - pos > FRAME // 2:
            return None  # the clip's sound ends before its picture: rebuild instead
    if template is None:
        return None
    return CopiedAudio(template, out, containers, pos)


def _source(span: Span, containers: list[av.container.InputContainer]
            ) -> tuple[av.audio.stream.AudioStream | None, Iterable[av.Packet]]:
    """The span's audio stream and packets: given, else read from its file."""
    if span.packets is not None:
        return span.stream, span.packets
    c = av.open(str(span.path))
    containers.append(c)
    if not c.streams.audio:
        return None, ()
    a = c.streams.audio[0]
    return a, c.demux(a)
