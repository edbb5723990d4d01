"""Each take's loudness, measured once and kept in the user's cache dir.

Why: evening the cut's loudness needs every clip's level, and measuring it is a full
decode of the clip's sound. Done at export time, that decode was most of a stream-copy
export (3.9x ``ffmpeg -f concat -c copy`` with it, 1.3x without). A take's sound never
changes once placed, so it is measured when the take arrives (``remember``, called where
a finished job's clip is placed) and an export reads the kept profile; a take with no
profile yet (an imported bundle, a cache cleared) is measured at its first export and kept.

The profile is per 100 ms block (mean square of the mono mix, and peak), not one number,
so a trimmed clip's level is that of its blocks between its in and out points: the same
gated RMS as :func:`export_audio.level_db`, exact for an untrimmed clip, within a block
(50 ms) at trimmed edges. 12 s of sound is 240 floats.

Entries are kept like thumbnails (``file_cache``): keyed by the path, size and mtime, so
a take replaced in place is measured again; a cache that cannot be written costs only
the keeping.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.media.concat import AUDIO_RATE
from studio.media.export_audio import GATE_DBFS, clip_audio
from studio.media.file_cache import FileCache, cache_root

BLOCK = AUDIO_RATE // 10  # samples per block, as level_db counts them
_VERSION = 1


@dataclass(frozen=True)
class Loudness:
    """A clip's sound from its start, per 100 ms block (the last one may be partial)."""

    power: tuple[float, ...]  # mean square of the mono mix
    peaks: tuple[float, ...]  # largest |sample| of either channel
    samples: int  # the sound's length as measured (the picture's, silence-padded)

    def _blocks(self, start: float, seconds: float) -> tuple[int, int]:
        first = min(len(self.power), max(0, round(start * AUDIO_RATE / BLOCK)))
        count = round(max(0.0, seconds) * AUDIO_RATE) // BLOCK
        return first, min(len(self.power), first + max(1, count))

    def level_db(self, start: float = 0.0, seconds: float | None = None) -> float | None:
        """Gated RMS level (dBFS) of ``seconds`` from ``start``; None: nothing above the gate."""
        span = self.samples / AUDIO_RATE - start if seconds is None else seconds
        a, b = self._blocks(start, span)
        gate = 10 ** (GATE_DBFS / 10)  # on power, not amplitude
        loud = [p for p in self.power[a:b] if p > gate]
        if not loud:
            return None
        return 10 * math.log10(sum(loud) / len(loud))

    def peak(self, start: float = 0.0, seconds: float | None = None) -> float:
        """The largest sample of the span, counting every block it touches."""
        span = self.samples / AUDIO_RATE - start if seconds is None else seconds
        a = max(0, math.floor(start * AUDIO_RATE / BLOCK))
        b = math.ceil((start + max(0.0, span)) * AUDIO_RATE / BLOCK)
        return max(self.peaks[a:b], default=0.0)

    def to_json(self) -> dict[str, object]:
        return {"v": _VERSION, "samples": self.samples, "power": list(self.power),
                "peaks": list(self.peaks)}

    @classmethod
    def from_json(cls, data: object) -> Loudness | None:
        """The profile in ``data``; None for anything else (an old or damaged entry)."""
        if not isinstance(data, dict) or data.get("v") != _VERSION:
            return None
        try:
            power = tuple(float(x) for x in data["power"])
            peaks = tuple(float(x) for x in data["peaks"])
            samples = int(data["samples"])
        except (KeyError, TypeError, ValueError):
            return None
        if len(power) != len(peaks) or samples < 0 or not all(map(math.isfinite, power)):
            return None
        return cls(power, peaks, samples)


def measure_samples(sound: np.ndarray) -> Loudness:
    """The profile of planar ``(channels, n)`` float samples at 48 kHz."""
    n = sound.shape[1]
    if n == 0:
        return Loudness((), (), 0)
    mono = sound.mean(axis=0, dtype=np.float64)
    full = n // BLOCK
    power = list((mono[: full * BLOCK].reshape(-1, BLOCK) ** 2).mean(axis=1)) if full else []
    peaks = list(np.abs(sound[:, : full * BLOCK]).reshape(sound.shape[0], -1, BLOCK)
                 .max(axis=(0, 2))) if full else []
    if n > full * BLOCK:
        power.append(float((mono[full * BLOCK:] ** 2).mean()))
        peaks.append(float(np.abs(sound[:, full * BLOCK:]).max()))
    return Loudness(tuple(map(float, power)), tuple(map(float, peaks)), n)


def measure(path: Path) -> Loudness:
    """Decode the clip's sound (as long as its picture) and profile it; blocks.

    Raises MediaError / FFmpegError / OSError for a file that does not read.
    """
    from studio.media.probe import probe

    seconds = probe(Path(path)).duration
    return measure_samples(clip_audio(str(path), 0.0, seconds))


def default_root() -> Path:
    """``<user cache dir>/loudness`` (platformdirs: ~/.cache/sora-studio on Linux)."""
    return cache_root("loudness")


class LoudnessStore(FileCache):
    """Clips' loudness profiles as small JSON files under ``root``."""

    def __init__(self, root: Path | None = None) -> None:
        super().__init__(root if root is not None else default_root(), ".json")

    def entry(self, source: Path) -> Path | None:
        """Where ``source``'s profile lives (None: the file is gone)."""
        return self.entry_of(source)

    def kept(self, source: Path) -> Loudness | None:
        """The kept profile, or None (never measured, changed since, or unreadable)."""
        entry = self.entry(source)
        if entry is None:
            return None
        try:
            return Loudness.from_json(json.loads(entry.read_text("utf-8")))
        except (OSError, ValueError):
            return None

    def get(self, source: Path) -> Loudness:
        """The profile: kept, else measured now and kept. Raises as :func:`measure`."""
        found = self.kept(source)
        if found is not None:
            return found
        profile = measure(Path(source))
        entry = self.entry(source)
        if entry is not None:
            self.keep(entry, json.dumps(profile.to_json()).encode("utf-8"))
        return profile

    def remember(self, source: Path) -> Loudness | None:
        """Measure and keep a newly placed take's profile; never raises (a take that does
        not read is the export's to report, with the shot's name)."""
        import av.error

        from studio.media.probe import MediaError

        try:
            return self.get(source)
        except (av.error.FFmpegError, MediaError, OSError, ValueError):
            return None
