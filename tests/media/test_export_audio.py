"""A clip's sound read for the export: resampled when it must be, passed through when not."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from studio.media.export import ExportClip, export_film
from studio.media.export_audio import clip_audio
from tests.media.clips import RATE, decode_audio, make_clip


def _mono_44k(path: Path, seconds: float = 1.0, hz: float = 600.0) -> Path:
    """A clip whose sound is mono 44.1 kHz (another provider's kind of file)."""
    with av.open(str(path), "w") as c:
        v = c.add_stream("libx264", rate=24, options={"x264-params": "bframes=0"})
        v.width, v.height, v.pix_fmt = 160, 90, "yuv420p"
        a = c.add_stream("aac", rate=44_100, layout="mono")
        for i in range(round(seconds * 24)):
            f = av.VideoFrame.from_ndarray(np.full((90, 160, 3), 120, np.uint8), format="rgb24")
            f.pts, f.time_base = i, Fraction(1, 24)
            c.mux(v.encode(f))
        t = np.arange(round(seconds * 44_100), dtype=np.float32) / 44_100
        tone = (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)[None, :]
        af = av.AudioFrame.from_ndarray(tone, format="fltp", layout="mono")
        af.sample_rate, af.pts, af.time_base = 44_100, 0, Fraction(1, 44_100)
        c.mux(a.encode(af))
        c.mux(a.encode(None))
        c.mux(v.encode(None))
    return path


def _peak_hz(samples: np.ndarray) -> float:
    spec = np.abs(np.fft.rfft(samples))
    return float(np.argmax(spec) * RATE / samples.size)


@pytest.mark.timeout(60)
def test_sound_is_read_at_48k_stereo_whatever_its_source(tmp_path: Path) -> None:
    ours = clip_audio(str(make_clip(tmp_path / "a.mp4", seconds=1.0, hz=440)), 0.0, 1.0)
    theirs = clip_audio(str(_mono_44k(tmp_path / "b.mp4")), 0.0, 1.0)
    # a 0.3 tone has an RMS of 0.21; mono spread over two channels is 3 dB lower in each
    for track, hz, rms in ((ours, 440, 0.21), (theirs, 600, 0.15)):
        assert track.shape == (2, RATE) and track.dtype == np.float32
        assert np.allclose(track[0], track[1], atol=0.01)
        assert _peak_hz(track[0, 4800:43200]) == pytest.approx(hz, abs=3)
        assert float(np.sqrt((track[0, 4800:43200] ** 2).mean())) == pytest.approx(rms,
                                                                                   abs=0.02)


@pytest.mark.timeout(60)
def test_a_clip_of_another_sound_format_is_rebuilt_with_the_rest(tmp_path: Path) -> None:
    a = make_clip(tmp_path / "a.mp4", seconds=1.0, hz=440, width=160, height=90)
    b = _mono_44k(tmp_path / "b.mp4")
    out = tmp_path / "film.mp4"
    export_film([ExportClip(a, "1"), ExportClip(b, "2")], out)
    audio = decode_audio(out)
    assert audio.size / RATE == pytest.approx(2.0, abs=1 / 24)
    assert _peak_hz(audio[4800:43200]) == pytest.approx(440, abs=3)
    assert _peak_hz(audio[52800:91200]) == pytest.approx(600, abs=3)
