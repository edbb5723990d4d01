"""The animatic's temp audio bed: one soft chord per shot, a percussive hit at each cut.

Why this shape: the bed should make the edit audible (the rhythm follows the shots) and be
checkable by a test (onsets at the shot starts, a different pitch per shot), not be music.
"""

from __future__ import annotations

import numpy as np

RATE = 48_000
# A-minor pentatonic, A3..G4: consecutive shots step two notes apart, so never repeat.
_SCALE_HZ = (220.0, 261.63, 293.66, 329.63, 392.0)
TONE_LEVEL = 0.12
HIT_LEVEL = 0.6


def shot_pitch(index: int, seed: int = 0) -> float:
    """The fundamental of shot ``index`` (distinct from its neighbours)."""
    return _SCALE_HZ[(seed + 2 * index) % len(_SCALE_HZ)]


def audio_bed(shot_samples: list[int], seed: int = 0) -> np.ndarray:
    """Planar stereo float32 ``(2, sum(shot_samples))``: chord per shot + a hit at each start."""
    total = sum(shot_samples)
    out = np.zeros(total, np.float32)
    rng = np.random.default_rng([seed, 7])
    start = 0
    for i, n in enumerate(shot_samples):
        out[start:start + n] += _chord(n, shot_pitch(i, seed))
        hit = _hit(min(n, RATE // 4), rng)
        out[start:start + hit.size] += hit
        start += n
    np.clip(out, -1.0, 1.0, out=out)
    return np.stack([out, out])


def _chord(n: int, f0: float) -> np.ndarray:
    t = np.arange(n, dtype=np.float32) / RATE
    phase = 2 * np.pi * f0 * t
    wave = np.sin(phase) + 0.5 * np.sin(1.5 * phase) + 0.25 * np.sin(2 * phase)
    wave *= 1.0 + 0.15 * np.sin(2 * np.pi * 2.0 * t)  # a slow swell, so it breathes
    env = np.ones(n, np.float32)
    attack, release = min(n, RATE // 25), min(n, RATE // 8)
    env[:attack] = np.linspace(0.0, 1.0, attack, dtype=np.float32)
    env[n - release:] *= np.linspace(1.0, 0.0, release, dtype=np.float32)
    return (TONE_LEVEL / 1.75 * wave * env).astype(np.float32)


def _hit(n: int, rng: np.random.Generator) -> np.ndarray:
    """A noise click over a falling low thump: a clear onset that decays in ~0.2 s."""
    t = np.arange(n, dtype=np.float32) / RATE
    click = rng.uniform(-1.0, 1.0, n).astype(np.float32) * np.exp(-t / 0.006)
    thump = np.sin(2 * np.pi * (90.0 * t - 60.0 * t * t)) * np.exp(-t / 0.06)
    return (HIT_LEVEL * (0.5 * click + 0.7 * thump)).astype(np.float32)
