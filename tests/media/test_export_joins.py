"""The crossfade export that copies each clip's middle and re-encodes only the joins.

Checked against the full re-encode of the same clips (``allow_copy=False``): the same
frames and timing, the copied middles bit for bit the takes' own, the joins' blends close
to it, and a decoder that reports no error from the first frame to the last.
"""

from __future__ import annotations

from pathlib import Path

import av
import av.logging
import numpy as np
import pytest

from studio.media.concat import Mp4Writer
from studio.media.export import ExportClip, ExportOptions, export_film
from studio.media.export_joins import _is_idr
from studio.media.probe import verify_video
from tests.media.clips import RATE, decode_audio, make_video_only_bframes, tone

FPS, W, H = 24, 192, 108
N = 4 * FPS  # frames per clip
K = 12  # a 0.5 s dissolve


def textured_clip(path: Path, index: int, preset: str = "ultrafast",
                  size: tuple[int, int] = (W, H)) -> Path:
    """A moving colour gradient with a tone, from the studio's encoder (as takes are):
    detail that an encoder cannot reproduce bit for bit by chance."""
    w, h = size
    x = np.linspace(0, 255, w, dtype=np.float32)[None, :]
    y = np.linspace(0, 120, h, dtype=np.float32)[:, None]
    with Mp4Writer(path, w, h, FPS, preset=preset) as writer:
        for f in range(N):
            g = ((x + y + f * 8 + index * 70) % 256).astype(np.uint8)
            rgb = np.repeat(g[:, :, None], 3, axis=2)
            rgb[:, :, index % 3] = 255 - rgb[:, :, index % 3]
            writer.write_rgb(np.ascontiguousarray(rgb))
        writer.write_audio(tone(N / FPS, 300 + 100 * index))
    return path


def packets(path: Path) -> list[av.Packet]:
    with av.open(str(path)) as c:
        return [p for p in c.demux(video=0) if p.pts is not None]


def decode_film(path: Path) -> list[np.ndarray]:
    """Every picture of ``path``, failing on any error FFmpeg logs while decoding it.

    PyAV forwards FFmpeg's log only when asked, through a callback that takes the GIL. It
    is asked around this decode only (to the end, no frame threads), never around an
    export: the export's reads of the takes stop early, and a frame-threaded decoder torn
    down then logs from a worker while the teardown holds the GIL, a deadlock (a CI run
    hung on it).
    """
    av.logging.set_level(av.logging.ERROR)
    try:
        with av.logging.Capture() as logs:
            frames = decode_yuv(path)
    finally:
        av.logging.set_level(None)  # PyAV's default: no callback into Python
    assert logs == [], logs
    return frames


def decode_yuv(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="yuv420p") for f in c.decode(video=0)]


def _mad(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


@pytest.mark.timeout(120)
def test_a_crossfade_copies_each_middle_and_encodes_only_the_joins(
        tmp_path: Path) -> None:
    takes = [textured_clip(tmp_path / f"t{i}.mp4", i) for i in range(3)]
    src_pkts = [packets(p) for p in takes]
    # the takes' keyframes every 2 s (Mp4Writer): the copies start at frame 48 of 2 and 3
    assert [i for i, p in enumerate(src_pkts[1]) if p.is_keyframe] == [0, 48]
    clips = [ExportClip(p, f"shot {i + 1}") for i, p in enumerate(takes)]
    options = ExportOptions(crossfade=K / FPS, note=None)
    out, ref = tmp_path / "joins.mp4", tmp_path / "full.mp4"
    steps: list[float] = []
    result = export_film(clips, out, options, progress=steps.append)
    assert steps == sorted(steps) and len(steps) > 10 and steps[-1] == 1.0
    full = export_film(clips, ref, ExportOptions(crossfade=K / FPS, note=None,
                                                 allow_copy=False))
    assert (result.mode, full.mode) == ("joins", "reencode")
    assert (result.frames, result.seconds) == (full.frames, full.seconds) == (3 * N - 2 * K,
                                                                              11.0)
    assert result.joins == full.joins == [0.0, 3.5, 7.0]
    info, ref_info = verify_video(out), verify_video(ref)
    assert (info.frames, info.duration) == (ref_info.frames, ref_info.duration)

    frames = decode_film(out)
    assert len(frames) == 3 * N - 2 * K
    sources = [decode_yuv(p) for p in takes]
    reference = decode_yuv(ref)
    # the copied middles: clip 1 from its start, clips 2 and 3 from their keyframe at 48,
    # each up to its dissolve out (the last to its end); packets and pictures identical
    out_pkts = packets(out)
    starts = [0, N - K, 2 * (N - K)]
    copied = [(0, 0, N - K), (1, 48, N - K), (2, 48, N)]
    for clip, a, b in copied:
        at = starts[clip]
        assert [bytes(p) for p in out_pkts[at + a:at + b]] == \
            [bytes(p) for p in src_pkts[clip][a:b]]
        for j in range(a, b):
            assert np.array_equal(frames[at + j], sources[clip][j]), (clip, j)
    assert sum(b - a for _, a, b in copied) == 168  # of 264: only 96 frames encoded
    # a join: the blend of clip 1's last K frames and clip 2's first K, as the full
    # re-encode makes it, within what two encodes of one picture differ by
    for j in range(K):
        a = (j + 1) / (K + 1)
        ideal = (1 - a) * sources[0][N - K + j] + a * sources[1][j]
        got = frames[N - K + j]
        assert _mad(got, np.round(ideal).astype(np.uint8)) < 2.0
        assert _mad(got, reference[N - K + j]) < 2.0
    # clip 2's head up to its keyframe, encoded again: its own pictures
    for j in range(K, 48):
        assert _mad(frames[N - K + j], sources[1][j]) < 2.0
    assert max(_mad(a, b) for a, b in zip(frames, reference, strict=True)) < 2.0

    audio = decode_audio(out)
    assert audio.size / RATE == pytest.approx(11.0, abs=1 / FPS)
    for t in (0.05, 3.5, 10.9):
        seg = audio[round(t * RATE):round((t + 0.05) * RATE)]
        assert float(np.sqrt((seg.astype(np.float64) ** 2).mean())) > 0.05, t


@pytest.mark.timeout(120)
def test_veryfast_takes_find_their_encoder_too(tmp_path: Path) -> None:
    # Mp4Writer's default preset (an export's, a re-encoded take's) has other headers
    takes = [textured_clip(tmp_path / f"v{i}.mp4", i, preset="veryfast") for i in range(2)]
    out = tmp_path / "film.mp4"
    result = export_film([ExportClip(p, str(i)) for i, p in enumerate(takes)], out,
                         ExportOptions(crossfade=K / FPS))
    assert result.mode == "joins"
    frames = decode_film(out)
    assert len(frames) == 2 * N - K
    sources = [decode_yuv(p) for p in takes]
    assert all(np.array_equal(frames[N - K + j], sources[1][j]) for j in range(48, N))


@pytest.mark.timeout(120)
@pytest.mark.parametrize("odd", ["veryfast", "bframes", "preset"])
def test_takes_the_joins_cannot_match_fall_back_to_the_full_reencode(
        tmp_path: Path, odd: str) -> None:
    """Another preset's headers, a provider's B-frames, or a size preset: never guessed."""
    first = textured_clip(tmp_path / "a.mp4", 0)
    if odd == "veryfast":
        second = textured_clip(tmp_path / "b.mp4", 1, preset="veryfast")
    elif odd == "bframes":
        second = make_video_only_bframes(tmp_path / "b.mp4", width=W, height=H,
                                         seconds=N / FPS, fps=FPS)
    else:
        second = textured_clip(tmp_path / "b.mp4", 1)
    options = ExportOptions(crossfade=K / FPS, note=None,
                            **({"width": 2 * W, "height": 2 * H} if odd == "preset" else {}))
    out = tmp_path / "film.mp4"
    result = export_film([ExportClip(first, "1"), ExportClip(second, "2")], out, options)
    assert result.mode == "reencode"
    frames = decode_film(out)
    assert len(frames) == 2 * N - K
    assert verify_video(out).duration == pytest.approx((2 * N - K) / FPS, abs=1 / FPS)
    assert frames[0].shape == ((2 * H if odd == "preset" else H) * 3 // 2,
                               2 * W if odd == "preset" else W)


@pytest.mark.timeout(120)
def test_a_clip_with_no_keyframe_past_its_dissolve_is_encoded_whole(
        tmp_path: Path) -> None:
    # clip 2 is cut in at 2.5 s and out at 3.5 s: no keyframe in it after its dissolve in,
    # so one encoded run spans the join before it, the clip, and the join after
    takes = [textured_clip(tmp_path / f"t{i}.mp4", i) for i in range(3)]
    clips = [ExportClip(takes[0], "1"), ExportClip(takes[1], "2", 2.5, 3.5),
             ExportClip(takes[2], "3", 0.0, 2.0)]
    out, ref = tmp_path / "joins.mp4", tmp_path / "full.mp4"
    result = export_film(clips, out, ExportOptions(crossfade=K / FPS))
    full = export_film(clips, ref, ExportOptions(crossfade=K / FPS, allow_copy=False))
    assert result.mode == "joins"
    assert (result.frames, result.joins) == (full.frames, full.joins) == (
        N + 24 + 48 - 2 * K, [0.0, 3.5, 4.0])
    frames, reference = decode_film(out), decode_yuv(ref)
    assert len(frames) == len(reference)
    assert max(_mad(a, b) for a, b in zip(frames, reference, strict=True)) < 2.0
    # clip 1 is copied up to its dissolve (its keyframe at 48 within); then one run is
    # encoded, from an IDR of its own at 84 (its encoder's 2 s keyframe falls at 132)
    out_pkts, src_pkts = packets(out), packets(takes[0])
    assert [bytes(p) for p in out_pkts[:N - K]] == [bytes(p) for p in src_pkts[:N - K]]
    assert [i for i, p in enumerate(out_pkts) if _is_idr(bytes(p))] == [0, 48, 84, 132]
