"""The stream-copy export copies AAC packets too, when it can, and keeps sound on the picture."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from studio.media.concat import Mp4Writer
from studio.media.export import ExportClip, ExportOptions, export_film
from studio.media.probe import verify_video
from tests.media.clips import RATE, decode_audio, make_clip, tone, tone_clips

FPS = 24


def _audio_packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as c:
        return [bytes(p) for p in c.demux(c.streams.audio[0]) if p.size]


def _copied_share(out: Path, sources: list[Path]) -> float:
    """How many of the output's audio packets are byte-for-byte some source packet."""
    known = {b for s in sources for b in _audio_packets(s)}
    got = _audio_packets(out)
    return sum(b in known for b in got) / len(got)


def _envelope(audio: np.ndarray, win: int = 240) -> np.ndarray:
    n = audio.size // win
    return np.sqrt((audio[: n * win].reshape(n, win).astype(np.float64) ** 2).mean(axis=1))


@pytest.mark.timeout(60)
def test_compatible_even_clips_copy_their_sound_without_drift(tmp_path: Path) -> None:
    # half-second clips: 23.4 AAC packets each, so whole packets per clip would drift
    # ~12 ms a join; tone and silence alternate so the joins can be heard
    clips = [make_clip(tmp_path / f"c{i}.mp4", seconds=0.5, shade=20 * i,
                       audio=True, hz=500) for i in range(8)]
    silent = []
    for i in range(8):
        p = tmp_path / f"s{i}.mp4"
        with Mp4Writer(p, 320, 180, FPS) as w:
            for f in range(12):
                w.write_rgb(np.full((180, 320, 3), 3 * f, np.uint8))
            w.write_audio(tone(0.5, 500, 0.3 if i % 2 == 0 else 0.0))
        silent.append(p)
    out = tmp_path / "film.mp4"
    result = export_film([ExportClip(p, str(i)) for i, p in enumerate(silent)], out)
    assert result.mode == "copy"
    assert _copied_share(out, silent) > 0.95
    info = verify_video(out)
    assert info.duration == pytest.approx(4.0, abs=1 / FPS)
    audio = decode_audio(out)
    assert audio.size / RATE == pytest.approx(4.0, abs=1 / FPS)
    env = _envelope(audio)  # 5 ms windows
    loud = env > 0.1
    # every loud/quiet switch lies within one AAC packet (21 ms) of its picture join: the
    # tone's onset ramps over the dropped priming's overlap; whole packets per clip would
    # put the last join ~80 ms late
    switches = np.flatnonzero(np.diff(loud.astype(int))) * 240 / RATE
    assert len(switches) == 7
    for k, t in enumerate(switches, start=1):
        assert t == pytest.approx(0.5 * k, abs=0.022)
    # clips made with tones everywhere copy too, and play from start to end
    result = export_film([ExportClip(p, str(i)) for i, p in enumerate(clips)], out)
    assert result.mode == "copy" and _copied_share(out, clips) > 0.95
    audio = decode_audio(out)
    assert audio.size / RATE == pytest.approx(4.0, abs=1 / FPS)
    # sound throughout; only a join may dip (the dropped priming's overlap, a padded end)
    dips = np.flatnonzero(_envelope(audio) < 0.1) * 240 / RATE
    assert all(min(abs(t - 0.5 * k) for k in range(1, 8)) < 0.03 for t in dips[:-2]), dips


@pytest.mark.timeout(60)
def test_uneven_loudness_is_rebuilt_unless_evening_is_off(tmp_path: Path) -> None:
    paths = tone_clips(tmp_path, (0.4, 0.04), FPS)
    out = tmp_path / "film.mp4"
    clips = [ExportClip(p, str(i)) for i, p in enumerate(paths)]
    assert export_film(clips, out).mode == "copy"  # the pictures are still copied
    assert _copied_share(out, paths) < 0.05
    export_film(clips, out, ExportOptions(even_loudness=False))
    assert _copied_share(out, paths) > 0.95


@pytest.mark.timeout(60)
def test_a_clip_without_sound_falls_back_to_rebuilt_sound(tmp_path: Path) -> None:
    a = make_clip(tmp_path / "a.mp4", seconds=1.0, hz=300)
    b = make_clip(tmp_path / "b.mp4", seconds=1.0, audio=False, shade=90)
    out = tmp_path / "film.mp4"
    result = export_film([ExportClip(a, "1"), ExportClip(b, "2"), ExportClip(a, "3")], out)
    assert result.mode == "copy"
    assert _copied_share(out, [a]) < 0.05
    audio = decode_audio(out)
    assert audio.size / RATE == pytest.approx(3.0, abs=1 / FPS)
    env = _envelope(audio)
    assert env[10:180].min() > 0.1 and env[230:380].max() < 0.01 and env[430:580].min() > 0.1
