"""Export of the cut: decoded back and checked (length, sound, joins, cancel, errors)."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import numpy as np
import pytest

from studio.media.export import (
    AI_NOTE,
    ExportCancelled,
    ExportClip,
    ExportError,
    ExportOptions,
    export_film,
)
from studio.media.probe import verify_video
from tests.media.clips import RATE, decode_audio, decode_frames, make_clip, tone_clips

FPS = 24

#: takes from the studio's encoder: only the joins are encoded again (``export_joins``);
#: without ``allow_copy`` the whole film is, as for any other takes; both must agree
BOTH_PATHS = pytest.mark.parametrize(("allow_copy", "mode"),
                                     [(True, "joins"), (False, "reencode")])


def _rms(audio: np.ndarray, a: float, b: float) -> float:
    seg = audio[round(a * RATE):round(b * RATE)]
    return float(np.sqrt((seg.astype(np.float64) ** 2).mean()))


@pytest.fixture
def three(tmp_path: Path) -> list[Path]:
    return [make_clip(tmp_path / f"c{i}.mp4", seconds=1.0, shade=90 * i, hz=300 + 200 * i)
            for i in range(3)]


@pytest.mark.timeout(60)
def test_untrimmed_compatible_clips_are_copied_with_sound_to_the_end(tmp_path: Path,
                                                                    three: list[Path]) -> None:
    out = tmp_path / "film.mp4"
    steps: list[float] = []
    result = export_film([ExportClip(p, f"shot {i + 1}") for i, p in enumerate(three)], out,
                         progress=steps.append)
    assert result.mode == "copy"
    info = verify_video(out)
    assert info.duration == pytest.approx(3.0, abs=1 / FPS)
    audio = decode_audio(out)
    assert audio.size / RATE == pytest.approx(3.0, abs=1 / FPS)
    assert _rms(audio, 0.0, 0.1) > 0.05 and _rms(audio, 2.85, 2.95) > 0.05
    greys = [int(f.mean()) for f in decode_frames(out)]
    assert abs(greys[23] - 69) <= 3 and abs(greys[24] - 90) <= 3 and abs(greys[48] - 180) <= 3
    with av.open(str(out)) as c:
        assert c.metadata.get("comment") == AI_NOTE
    assert steps[-1] == 1.0 and steps == sorted(steps)


@pytest.mark.timeout(60)
@BOTH_PATHS
def test_trims_and_crossfades_reencode_to_the_right_length_and_joins(
        tmp_path: Path, three: list[Path], allow_copy: bool, mode: str) -> None:
    clips = [ExportClip(three[0], "shot 1", 0.0, 0.75),
             ExportClip(three[1], "shot 2", 0.25, 1.0),
             ExportClip(three[2], "shot 3", 0.5, None)]
    out = tmp_path / "film.mp4"
    result = export_film(clips, out, ExportOptions(crossfade=0.25, note=None,
                                                   allow_copy=allow_copy))
    assert result.mode == mode
    expected = 0.75 + 0.75 + 0.5 - 2 * 0.25
    info = verify_video(out)
    assert info.duration == pytest.approx(expected, abs=1 / FPS)
    assert decode_audio(out).size / RATE == pytest.approx(expected, abs=1 / FPS)
    greys = [float(f.mean()) for f in decode_frames(out)]
    assert len(greys) == round(expected * FPS)
    k = 6  # 0.25 s at 24 fps
    # clip 1 plays its own frames up to the dissolve: frame j is grey 3 j
    assert greys[0] == pytest.approx(0, abs=3) and greys[11] == pytest.approx(33, abs=3)
    # after the first dissolve: clip 2's frame at its in point (6) plus k frames
    after = 18 - k + k  # clip 2 starts at output 12 (18 frames - k), dissolve done at 18
    assert greys[after] == pytest.approx(90 + 3 * (6 + k), abs=3)
    # the middle of a dissolve lies between its two sources
    mid = 12 + k // 2
    a_src, b_src = 3 * (12 + k // 2), 90 + 3 * (6 + k // 2)
    assert min(a_src, b_src) + 5 < greys[mid] < max(a_src, b_src) - 5
    with av.open(str(out)) as c:
        assert "comment" not in c.metadata


@pytest.mark.timeout(60)
@BOTH_PATHS
def test_an_in_point_between_keyframes_forces_reencode_and_keeps_the_picture(
        tmp_path: Path, three: list[Path], allow_copy: bool, mode: str) -> None:
    out = tmp_path / "film.mp4"
    result = export_film([ExportClip(three[0], "a", 0.0, 0.5), ExportClip(three[1], "b", 0.5)],
                         out, ExportOptions(allow_copy=allow_copy))
    assert result.mode == mode
    greys = [float(f.mean()) for f in decode_frames(out)]
    assert len(greys) == 24
    assert greys[11] == pytest.approx(33, abs=3) and greys[12] == pytest.approx(90 + 36, abs=3)
    if not allow_copy:
        return
    # an out point alone (no dissolve) still copies
    result = export_film([ExportClip(three[0], "a", 0.0, 0.5), ExportClip(three[1], "b")], out)
    assert result.mode == "copy" and verify_video(out).frames == 36


@pytest.mark.timeout(60)
def test_loudness_is_evened_across_clips(tmp_path: Path) -> None:
    paths = tone_clips(tmp_path, (0.4, 0.04), FPS)
    out = tmp_path / "even.mp4"
    export_film([ExportClip(p, str(i)) for i, p in enumerate(paths)], out)
    audio = decode_audio(out)
    loud, quiet = _rms(audio, 0.2, 0.8), _rms(audio, 1.2, 1.8)
    assert 20 * abs(np.log10(loud / quiet)) < 1.0
    export_film([ExportClip(p, str(i)) for i, p in enumerate(paths)], out,
                ExportOptions(even_loudness=False))
    audio = decode_audio(out)
    assert _rms(audio, 0.2, 0.8) > 5 * _rms(audio, 1.2, 1.8)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("crossfade", "allow_copy"), [(0.0, True), (0.25, True), (0.25, False)])
def test_cancel_leaves_no_file(tmp_path: Path, three: list[Path], crossfade: float,
                               allow_copy: bool) -> None:
    out = tmp_path / "out" / "film.mp4"
    stop = threading.Event()

    def progress(f: float) -> None:
        if f > 0.1:
            stop.set()

    clips = [ExportClip(p, str(i)) for i, p in enumerate(three * 3)]
    with pytest.raises(ExportCancelled):
        export_film(clips, out, ExportOptions(crossfade=crossfade, allow_copy=allow_copy),
                    progress=progress, cancel=stop)
    assert list(out.parent.iterdir()) == []


@pytest.mark.timeout(60)
def test_missing_or_corrupt_take_names_the_shot_and_writes_nothing(tmp_path: Path,
                                                                   three: list[Path]) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(three[0].read_bytes()[:300])
    out = tmp_path / "out" / "film.mp4"
    for broken in (tmp_path / "gone.mp4", bad):
        with pytest.raises(ExportError) as err:
            export_film([ExportClip(three[0], "1. Dawn"), ExportClip(broken, "2. The bridge")],
                        out)
        assert err.value.label == "2. The bridge" and "2. The bridge" in str(err.value)
        assert not out.exists()
        assert not out.parent.exists() or list(out.parent.iterdir()) == []


@pytest.mark.timeout(60)
@BOTH_PATHS
def test_a_continuing_clip_is_cut_to_while_the_others_dissolve(
        tmp_path: Path, three: list[Path], allow_copy: bool, mode: str) -> None:
    # clip 2 continues clip 1 (no dissolve into it); clip 3 dissolves in as usual
    clips = [ExportClip(three[0], "1"), ExportClip(three[1], "2", dissolve=False),
             ExportClip(three[2], "3")]
    out = tmp_path / "film.mp4"
    result = export_film(clips, out, ExportOptions(crossfade=0.25, note=None,
                                                   allow_copy=allow_copy))
    assert result.mode == mode
    expected = 3.0 - 0.25
    assert verify_video(out).duration == pytest.approx(expected, abs=1 / FPS)
    assert decode_audio(out).size / RATE == pytest.approx(expected, abs=1 / FPS)
    assert result.joins == pytest.approx([0.0, 1.0, 2.0 - 0.25], abs=1 / FPS)
    greys = [float(f.mean()) for f in decode_frames(out)]
    # clip 1's last frame, then clip 2's first: a cut, no blend between them
    assert greys[23] == pytest.approx(69, abs=3) and greys[24] == pytest.approx(90, abs=3)
    # clip 2 holds back its last 6 frames for the dissolve into clip 3 (output 42..47):
    # halfway, the picture lies between clip 2's frame 21 and clip 3's frame 3
    assert len(greys) == 66 and greys[41] == pytest.approx(90 + 3 * 17, abs=3)
    assert 90 + 3 * 21 + 5 < greys[45] < 180 + 3 * 3 - 5
    assert greys[48] == pytest.approx(180 + 3 * 6, abs=3)
    if not allow_copy:
        return
    # every join a continuation: nothing dissolves, so the packets are copied
    cuts = [ExportClip(three[0], "1"), ExportClip(three[1], "2", dissolve=False)]
    assert export_film(cuts, out, ExportOptions(crossfade=0.25)).mode == "copy"
    assert verify_video(out).duration == pytest.approx(2.0, abs=1 / FPS)
