"""Kept loudness: measured once per take, the same level the export would decode, and
trusted by the stream-copy export instead of decoding the sound again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import av
import numpy as np
import pytest

from studio.media.concat import Mp4Writer
from studio.media.export import ExportClip, export_film
from studio.media.export_audio import clip_audio, even_gains, level_db
from studio.media.loudness import Loudness, LoudnessStore, measure, measure_samples
from studio.media.probe import verify_video
from tests.media.clips import decode_audio, make_clip, tone, tone_clips

FPS = 24


def _loud_then_quiet(path: Path, seconds: float = 2.0) -> Path:
    """A clip whose first half is a loud tone and second half a quiet one."""
    with Mp4Writer(path, 160, 90, FPS) as w:
        for _ in range(round(seconds * FPS)):
            w.write_rgb(np.full((90, 160, 3), 80, np.uint8))
        half = seconds / 2
        w.write_audio(np.concatenate([tone(half, 440, 0.5), tone(half, 440, 0.02)]))
    return path


def _audio_packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as c:
        return [bytes(p) for p in c.demux(c.streams.audio[0]) if p.size]


@pytest.mark.timeout(60)
def test_the_kept_profile_gives_the_level_the_export_would_decode(tmp_path: Path) -> None:
    clip = _loud_then_quiet(tmp_path / "c.mp4")
    profile = measure(clip)
    whole = clip_audio(str(clip), 0.0, 2.0)
    assert profile.level_db() == pytest.approx(level_db(whole), abs=1e-6)
    assert profile.peak() == pytest.approx(float(np.abs(whole).max()), abs=1e-6)
    # a trim keeps only its own blocks: the loud half and the quiet half differ by ~28 dB
    loud, quiet = profile.level_db(0.0, 1.0), profile.level_db(1.0, 1.0)
    assert loud == pytest.approx(level_db(clip_audio(str(clip), 0.0, 1.0)), abs=0.05)
    assert quiet == pytest.approx(level_db(clip_audio(str(clip), 1.0, 1.0)), abs=0.05)
    assert loud - quiet == pytest.approx(20 * np.log10(0.5 / 0.02), abs=0.5)
    assert profile.peak(1.1, 0.8) < 0.05 < profile.peak(0.0, 1.0)
    # silence has no level, and an empty sound no blocks
    assert measure_samples(np.zeros((2, 48_000), np.float32)).level_db() is None
    assert measure_samples(np.zeros((2, 0), np.float32)).level_db() is None


@pytest.mark.timeout(60)
def test_the_store_keeps_a_profile_until_the_file_changes(tmp_path: Path) -> None:
    store = LoudnessStore(tmp_path / "cache")
    clip = make_clip(tmp_path / "t.mp4", seconds=1.0)
    assert store.kept(clip) is None
    first = store.remember(clip)
    assert first is not None and store.kept(clip) == first
    [entry] = (tmp_path / "cache").iterdir()
    # the entry is what is read back: a doctored one proves no second decode happened
    data = json.loads(entry.read_text())
    data["power"] = [0.25] * len(data["power"])
    entry.write_text(json.dumps(data))
    assert store.get(clip).level_db() == pytest.approx(10 * np.log10(0.25))
    # the take replaced in place: measured again, and the old entry goes
    make_clip(clip, seconds=1.0, hz=880)
    os.utime(clip, ns=(entry.stat().st_mtime_ns + 10**9,) * 2)
    again = store.get(clip)
    assert again.level_db() == pytest.approx(first.level_db(), abs=1.0)
    assert len(list((tmp_path / "cache").iterdir())) == 1
    # a damaged entry is measured again; a take that does not read gives None, no raise
    store.entry(clip).write_text("{not json")  # type: ignore[union-attr]
    assert store.get(clip) == again
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00" * 1000)
    assert store.remember(broken) is None and store.remember(tmp_path / "gone.mp4") is None
    assert Loudness.from_json({"v": 1, "power": [1.0], "peaks": [], "samples": 1}) is None


@pytest.mark.timeout(60)
def test_the_copy_export_decides_from_the_kept_levels(tmp_path: Path) -> None:
    """Two clips 20 dB apart. Kept levels that say so make the export rebuild (and even)
    the sound; kept levels that say they are equal make it copy the AAC packets as they
    are, which it could only do without decoding them."""
    paths = tone_clips(tmp_path, (0.4, 0.04), FPS)
    true = [measure(p) for p in paths]
    assert abs(20 * np.log10(even_gains([clip_audio(str(p), 0, 1.0) for p in paths])[1])) > 10
    out = tmp_path / "even.mp4"
    result = export_film([ExportClip(p, str(i), loudness=k)
                          for i, (p, k) in enumerate(zip(paths, true, strict=True))], out)
    audio = decode_audio(out)
    rms = [float(np.sqrt((audio[a:b] ** 2).mean())) for a, b in ((9600, 38400), (57600, 86400))]
    assert result.mode == "copy" and 20 * abs(np.log10(rms[0] / rms[1])) < 1.0
    known = {b for p in paths for b in _audio_packets(p)}
    assert not any(b in known for b in _audio_packets(out))  # rebuilt, not copied
    same = [true[0], true[0]]  # a lie: both as loud as the first
    export_film([ExportClip(p, str(i), loudness=k)
                 for i, (p, k) in enumerate(zip(paths, same, strict=True))], out)
    got = _audio_packets(out)
    assert sum(b in known for b in got) / len(got) > 0.95
    assert verify_video(out).duration == pytest.approx(2.0, abs=1 / FPS)
