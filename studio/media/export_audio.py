"""The exported film's sound: each clip's audio cut to its picture, evened, crossfaded.

Why the whole track is built in memory first: loudness evening needs every clip's level
before the first sample is written, and the crossfades overlap neighbours. Float32 stereo
at 48 kHz is 23 MB a minute, small beside the pictures being encoded.

Loudness is measured as the RMS of the samples above a gate (silence between words does
not count), a close cousin of integrated LUFS that needs no filter bank; each clip is
moved toward the median level of the clips that have sound, never amplified past 0 dBFS
peaks nor by more than ``MAX_GAIN_DB``, and silent clips stay silent.
"""

from __future__ import annotations

from collections.abc import Sequence

import av
import numpy as np

from studio.media.concat import AUDIO_LAYOUT, AUDIO_RATE

_CHANNELS = 2
GATE_DBFS = -50.0
MAX_GAIN_DB = 12.0
PEAK_CEILING = 0.98


def clip_audio(path: str, start: float, seconds: float) -> np.ndarray:
    """``seconds`` of the file's first audio track from ``start``: planar (2, n) float32.

    Padded with silence where the file has less (or no) audio, so the picture sets the
    length. A fresh decoder per clip honours each file's encoder priming.
    """
    want = max(0, round(seconds * AUDIO_RATE))
    skip = max(0, round(start * AUDIO_RATE))
    out = np.zeros((_CHANNELS, want), np.float32)
    with av.open(path) as c:
        if not c.streams.audio:
            return out
        if start > 1.0:
            c.seek(int(max(0.0, start - 0.5) / float(c.streams.audio[0].time_base)),
                   stream=c.streams.audio[0])
        resampler = av.AudioResampler(format="fltp", layout=AUDIO_LAYOUT, rate=AUDIO_RATE)
        pos: int | None = None  # sample index (from the file's start) of the next sample
        filled = 0

        def place(frames: list[av.AudioFrame]) -> bool:
            nonlocal pos, filled
            for f in frames:
                arr = f.to_ndarray()
                if pos is None:
                    pos = round(float(f.time or 0.0) * AUDIO_RATE) if f.time is not None else 0
                a, b = pos, pos + arr.shape[1]
                pos = b
                lo, hi = max(a, skip), min(b, skip + want)
                if hi > lo:
                    out[:, lo - skip:hi - skip] = arr[:_CHANNELS, lo - a:hi - a]
                    filled = hi - skip
                if pos >= skip + want:
                    return True
            return False

        for frame in c.decode(c.streams.audio[0]):
            # our takes' sound is already planar float 48 kHz stereo: the resampler would
            # only copy it (it cost more than the decoding itself)
            same = (frame.format.name == "fltp" and frame.sample_rate == AUDIO_RATE
                    and frame.layout.name == AUDIO_LAYOUT)
            if place([frame] if same else resampler.resample(frame)):
                return out
        place(resampler.resample(None))
    return out


def level_db(samples: np.ndarray) -> float | None:
    """Gated RMS level in dBFS; None for a clip with no sound above the gate."""
    if samples.size == 0:
        return None
    mono = samples.mean(axis=0)
    n = AUDIO_RATE // 10  # 100 ms blocks
    blocks = mono[: mono.size // n * n].reshape(-1, n) if mono.size >= n else mono[None, :]
    rms = np.sqrt((blocks.astype(np.float64) ** 2).mean(axis=1))
    loud = rms[rms > 10 ** (GATE_DBFS / 20)]
    if loud.size == 0:
        return None
    return float(20 * np.log10(np.sqrt((loud ** 2).mean())))


def even_gains(tracks: Sequence[np.ndarray]) -> list[float]:
    """A linear gain per clip that brings its level to the median of the clips with sound."""
    return gains_for([level_db(t) for t in tracks],
                     [float(np.abs(t).max()) if t.size else 0.0 for t in tracks])


def gains_for(levels: Sequence[float | None], peaks: Sequence[float]) -> list[float]:
    """:func:`even_gains` from measured levels (dBFS, None: silent) and peaks, so kept
    measurements (``media.loudness``) decide without decoding the sound again."""
    known = [v for v in levels if v is not None]
    if not known:
        return [1.0] * len(levels)
    target = float(np.median(known))
    gains = []
    for peak, level in zip(peaks, levels, strict=True):
        if level is None:
            gains.append(1.0)
            continue
        gain_db = max(-MAX_GAIN_DB * 2, min(MAX_GAIN_DB, target - level))
        gain = 10 ** (gain_db / 20)
        if peak * gain > PEAK_CEILING:
            gain = PEAK_CEILING / peak
        gains.append(gain)
    return gains


def mix(tracks: Sequence[np.ndarray], starts: Sequence[int], fade: int | Sequence[int],
        total: int) -> np.ndarray:
    """Lay clips at sample ``starts``; each join fades linearly over ``fade`` samples (one
    length for every join, or one per join, 0 for a plain cut).

    The ramps are the same shape as the picture's dissolve, so sound and image cross
    together. The first clip does not fade in, the last does not fade out.
    """
    out = np.zeros((_CHANNELS, total), np.float32)
    last = len(tracks) - 1
    fades = [fade] * last if isinstance(fade, int) else list(fade)
    for i, (track, at) in enumerate(zip(tracks, starts, strict=True)):
        seg = track.copy()
        n = seg.shape[1]
        f = min(fades[i - 1], n) if i > 0 else 0
        if f:
            seg[:, :f] *= np.linspace(0, 1, f + 2, dtype=np.float32)[1:-1]
        f = min(fades[i], n) if i < last else 0
        if f:
            seg[:, n - f:] *= np.linspace(1, 0, f + 2, dtype=np.float32)[1:-1]
        end = min(total, at + n)
        out[:, at:end] += seg[:, : end - at]
    return out
