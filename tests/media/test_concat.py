from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.media import concat as concat_mod
from studio.media.concat import atomic_output, concat_videos
from studio.media.probe import MediaError, probe, verify_video
from tests.media.clips import RATE, decode_audio, decode_frames, make_clip, make_video_only_bframes


def _window_rms(audio: np.ndarray, ms: int = 10) -> np.ndarray:
    n = RATE * ms // 1000
    usable = audio[: audio.size // n * n].reshape(-1, n)
    return np.sqrt((usable**2).mean(axis=1))


def test_same_params_are_stream_copied_with_continuous_audio(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    clips = [make_clip(tmp_path / f"c{i}.mp4", seconds=1.0 + i / 2, shade=80 * i)
             for i in range(3)]
    calls: list[str] = []
    monkeypatch.setattr(concat_mod, "_concat_reencode", lambda *a: calls.append("reencode"))
    out = tmp_path / "cut.mp4"
    concat_videos(clips, out)
    assert calls == []  # the copy path ran
    info = verify_video(out, width=320, height=180)
    assert info.frames == 24 + 36 + 48
    assert info.duration == pytest.approx(4.5, abs=1 / 24)
    assert info.audio_duration == pytest.approx(4.5, abs=1 / 24)
    audio = decode_audio(out)
    assert audio.size / RATE == pytest.approx(4.5, abs=1 / 24)
    rms = _window_rms(audio[: 4 * RATE])
    # a continuous tone: no silent gap and no priming click at the joins (1.0 s, 2.5 s)
    assert rms.min() > 0.5 * np.median(rms)
    assert rms.max() < 1.5 * np.median(rms)
    # the pictures are the inputs' pictures, in order
    greys = [int(f.mean()) for f in decode_frames(out)]
    assert abs(greys[0] - 0) <= 3 and abs(greys[24] - 80) <= 3 and abs(greys[60] - 160) <= 3


def test_different_params_are_reencoded(tmp_path: Path) -> None:
    a = make_clip(tmp_path / "a.mp4", seconds=1.0)
    b = make_video_only_bframes(tmp_path / "b.mp4", width=240, height=240, seconds=1.0, fps=30)
    c = make_clip(tmp_path / "c.mp4", width=640, height=360, seconds=0.5, fps=25)
    out = tmp_path / "mixed.mp4"
    concat_videos([a, b, c], out)
    info = verify_video(out, width=320, height=180)
    assert info.fps == 24
    assert info.duration == pytest.approx(2.5, abs=1.5 / 24)
    assert info.frames == pytest.approx(60, abs=1)
    audio = decode_audio(out)
    assert audio.size / RATE == pytest.approx(info.duration, abs=1 / 24)
    rms = _window_rms(audio)
    assert rms[: 90].mean() > 0.1  # the first clip's tone
    assert rms[110:190].max() < 1e-3  # the silent clip stays silent, in place


def test_seven_clips(tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / f"s{i}.mp4", seconds=1.0, hz=300 + 50 * i) for i in range(7)]
    out = tmp_path / "seven.mp4"
    concat_videos(clips, out)
    info = verify_video(out)
    assert info.frames == 7 * 24
    assert info.audio_duration == pytest.approx(7.0, abs=1 / 24)


def test_failure_leaves_nothing_behind(tmp_path: Path) -> None:
    good = make_clip(tmp_path / "good.mp4", seconds=0.5)
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00" * 1000)
    out = tmp_path / "out" / "cut.mp4"
    with pytest.raises(MediaError):
        concat_videos([good, bad], out)
    assert list(out.parent.iterdir()) == []


def test_atomic_output_replaces_only_on_success(tmp_path: Path) -> None:
    final = tmp_path / "x.bin"
    final.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(final) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("crash")
    assert final.read_bytes() == b"old"
    with atomic_output(final) as tmp:
        tmp.write_bytes(b"new")
    assert final.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.bin"]


def test_probe_of_a_joined_clip_matches_the_sum(tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / f"p{i}.mp4", seconds=0.5) for i in range(2)]
    out = tmp_path / "p.mp4"
    concat_videos(clips, out)
    assert probe(out).duration == pytest.approx(1.0, abs=1 / 24)
