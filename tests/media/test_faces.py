"""The face warning's detector on a real photo: found through orientation, kept by a crop
that slides over it, and not found on a photo without a face."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.media import faces
from studio.media.faces import detector_available, find_faces
from studio.media.framing import HEADROOM
from studio.media.images import FitMode, prepare_image
from tests.media.image_corpus import encoded, photo

pytestmark = pytest.mark.timeout(60)
ASTRONAUT = Path(__file__).parents[1] / "data" / "astronaut.jpg"  # see tests/data/README.md


def test_this_opencv_ships_a_face_detector() -> None:
    # OpenCV 5 has no Haar cascades: every image would be "not checked" (pyproject pins 4.x)
    assert detector_available()


@pytest.mark.parametrize(("size", "mode"), [((720, 1280), FitMode.CROP),
                                            ((1280, 720), FitMode.CROP),
                                            ((1280, 720), FitMode.PAD),
                                            ((640, 360), FitMode.PAD)])
def test_the_face_of_a_portrait_is_found_in_the_fitted_upload(size: tuple[int, int],
                                                               mode: FitMode) -> None:
    out = prepare_image(ASTRONAUT.read_bytes(), *size, mode)
    assert out.faces == 1


def test_a_landscape_crop_of_the_portrait_slides_up_to_its_face() -> None:
    # the square portrait's face is above its middle: a centred 16:9 band held the chest
    upright = Image.open(ASTRONAUT).convert("RGB")
    ((x, y, _, h),) = find_faces(np.asarray(upright))
    out = prepare_image(ASTRONAUT.read_bytes(), 1280, 720, FitMode.CROP)
    assert out.faces == 1
    shown = Image.open(io.BytesIO(out.data)).convert("RGB")
    ((fx, fy, fw, fh),) = find_faces(np.asarray(shown))
    scale = 1280 / upright.width  # the crop keeps the full width
    assert fx == pytest.approx(x * scale, abs=0.1 * fw)
    assert fh == pytest.approx(h * scale, rel=0.15)
    assert fy - HEADROOM * fh >= -2  # its hair is in the frame too
    centred_top = (upright.height * scale - 720) / 2
    assert y * scale < centred_top  # ...where a centred crop began below the face's top


def test_a_crop_without_a_detector_is_centred(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(faces, "_detector", lambda: None)
    out = prepare_image(ASTRONAUT.read_bytes(), 1280, 720, FitMode.CROP)
    plain = prepare_image(ASTRONAUT.read_bytes(), 1280, 720, FitMode.CROP, detect_faces=False)
    assert out.faces is None and out.data == plain.data


def test_a_photo_without_a_face_has_none() -> None:
    assert prepare_image(encoded(photo(1600, 1200), "JPEG"), 1280, 720).faces == 0


def test_the_face_is_looked_for_after_exif_orientation() -> None:
    upright = Image.open(ASTRONAUT).convert("RGB")
    sideways = upright.transpose(Image.Transpose.ROTATE_90)  # stored turned, as cameras do
    assert find_faces(np.asarray(sideways)) == []  # the detector needs the face upright
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    data = encoded(sideways, "JPEG", quality=92, exif=exif.tobytes())
    out = prepare_image(data, 720, 1280, FitMode.CROP)
    assert "rotated" in out.notes and out.faces == 1
    # and the crop over the face is the same as from the upright photo
    wide = prepare_image(data, 1280, 720, FitMode.CROP)
    straight = prepare_image(encoded(upright, "JPEG", quality=92), 1280, 720, FitMode.CROP)
    assert wide.faces == 1
    a = np.asarray(Image.open(io.BytesIO(wide.data)).convert("L"), np.int16)
    b = np.asarray(Image.open(io.BytesIO(straight.data)).convert("L"), np.int16)
    assert np.abs(a - b).mean() < 4  # JPEG noise only: a misplaced crop differs by tens
