"""The renderer's refusals and edges: a reference it cannot use says why, a file with no
picture is a MediaError, a large clip gets a bounded thumbnail, and a plan never holds more
shots than frames."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.localserver.animatic import THUMB_MAX_SIDE, _open, make_thumbnail
from studio.localserver.animatic_picture import (
    MAX_REFERENCE_BYTES,
    ReferenceImageError,
    load_reference,
)
from studio.localserver.animatic_plan import FPS, plan_shots, split_frames
from studio.media.concat import Mp4Writer
from studio.media.probe import MediaError


def _image(fmt: str, size: tuple[int, int], mode: str = "RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size).save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG" + b"\x00" * MAX_REFERENCE_BYTES, "the reference image is larger than 50 MB"),
    (_image("GIF", (64, 36)), "unsupported image format GIF"),
    (_image("PNG", (8001, 8000), "1"), "the reference image has too many pixels"),
    (b"\x89PNG\r\n\x1a\n broken", "cannot decode the reference image"),
])
def test_an_unusable_reference_says_why(data: bytes, message: str) -> None:
    with pytest.raises(ReferenceImageError, match=message):
        load_reference(data, 640, 360)


def test_a_file_that_is_not_a_video_is_a_media_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    with pytest.raises(MediaError, match=r"notes\.mp4: cannot open"):
        _open(text)
    sound = tmp_path / "beep.wav"
    with wave.open(str(sound), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 800)
    with pytest.raises(MediaError, match=r"beep\.wav: no video stream"):
        _open(sound)


@pytest.mark.timeout(60)
def test_the_thumbnail_of_a_large_clip_is_scaled_down(tmp_path: Path) -> None:
    clip = tmp_path / "wide.mp4"
    writer = Mp4Writer(clip, 1280, 720)
    frame = np.zeros((720, 1280, 3), np.uint8)
    frame[:, :640] = (200, 40, 40)  # left half red, right half black
    for _ in range(FPS):
        writer.write_rgb(frame)
    writer.close()
    out = tmp_path / "thumb.webp"
    make_thumbnail(clip, out)
    with Image.open(out) as img:
        assert img.format == "WEBP" and img.size == (THUMB_MAX_SIDE, 360)
        rgb = np.asarray(img.convert("RGB"), dtype=int)
    assert rgb[180, 100, 0] > 150 and rgb[180, 540].max() < 40  # the picture, scaled


def test_an_empty_prompt_plans_one_untitled_shot() -> None:
    (shot,) = plan_shots("   ", 4)
    assert (shot.title, shot.description, shot.start, shot.frames) == ("", "", 0, 4 * FPS)


def test_fewer_frames_than_shots_is_refused() -> None:
    with pytest.raises(ValueError, match="1 frames cannot hold 2 shots"):
        split_frames(1, [1, 1])
