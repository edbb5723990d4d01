from __future__ import annotations

from pathlib import Path

import pytest

from studio.media.probe import MediaError, probe, verify_video
from tests.media.clips import make_clip


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("probe") / "clip.mp4", seconds=2.0)


def test_probe_reads_container_metadata(clip: Path) -> None:
    info = probe(clip)
    assert (info.width, info.height, info.fps, info.frames) == (320, 180, 24.0, 48)
    assert info.duration == pytest.approx(2.0, abs=1 / 24)
    assert info.has_audio and info.audio_duration == pytest.approx(2.0, abs=0.03)
    assert (info.video_codec, info.audio_codec) == ("h264", "aac")


def test_verify_decodes_everything(clip: Path) -> None:
    info = verify_video(clip, width=320, height=180)
    assert info.frames == 48


def test_verify_rejects_a_size_mismatch(clip: Path) -> None:
    with pytest.raises(MediaError, match="size 320x180, expected 640x360"):
        verify_video(clip, width=640, height=360)


@pytest.mark.parametrize("fraction", [0.01, 0.5, 0.9, 0.995])
def test_verify_rejects_a_truncated_file(clip: Path, tmp_path: Path, fraction: float) -> None:
    data = clip.read_bytes()
    part = tmp_path / "clip.mp4.part"
    part.write_bytes(data[: int(len(data) * fraction)])
    if fraction >= 0.5:  # the moov box is up front (+faststart): metadata alone looks fine
        assert probe(part).frames == 48
    with pytest.raises(MediaError, match=r"truncated|corrupt|cannot open|no usable"):
        verify_video(part)


def test_verify_rejects_corrupt_bytes(clip: Path, tmp_path: Path) -> None:
    data = bytearray(clip.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 3000] = b"\x55" * 3000
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(bytes(data))
    with pytest.raises(MediaError):
        verify_video(bad)


def test_not_a_video_and_missing_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    with pytest.raises(MediaError, match="cannot open"):
        probe(text)
    with pytest.raises(MediaError, match="no such file"):
        verify_video(tmp_path / "missing.mp4")
