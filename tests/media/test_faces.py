"""The face warning's detector on a real photo: found after fitting and orientation,
and not found on a photo without a face."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.media.faces import count_faces, detector_available
from studio.media.images import FitMode, prepare_image
from tests.media.image_corpus import encoded, photo

pytestmark = pytest.mark.timeout(60)
ASTRONAUT = Path(__file__).parents[1] / "data" / "astronaut.jpg"  # see tests/data/README.md


def test_this_opencv_ships_a_face_detector() -> None:
    # OpenCV 5 has no Haar cascades: every image would be "not checked" (pyproject pins 4.x)
    assert detector_available()


@pytest.mark.parametrize(("size", "mode"), [((720, 1280), FitMode.CROP),
                                            ((1280, 720), FitMode.PAD),
                                            ((640, 360), FitMode.PAD)])
def test_the_face_of_a_portrait_is_found_in_the_fitted_upload(size: tuple[int, int],
                                                               mode: FitMode) -> None:
    out = prepare_image(ASTRONAUT.read_bytes(), *size, mode)
    assert out.faces == 1


def test_a_face_cropped_away_by_the_fit_is_not_reported() -> None:
    # landscape crop of the square portrait keeps its middle band: the face is cut off
    assert prepare_image(ASTRONAUT.read_bytes(), 1280, 720, FitMode.CROP).faces == 0


def test_a_photo_without_a_face_has_none() -> None:
    assert prepare_image(encoded(photo(1600, 1200), "JPEG"), 1280, 720).faces == 0


def test_the_face_is_looked_for_after_exif_orientation() -> None:
    upright = Image.open(ASTRONAUT).convert("RGB")
    sideways = upright.transpose(Image.Transpose.ROTATE_90)  # stored turned, as cameras do
    assert count_faces(np.asarray(sideways)) == 0  # the detector needs the face upright
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    out = prepare_image(encoded(sideways, "JPEG", quality=92, exif=exif.tobytes()),
                        720, 1280, FitMode.CROP)
    assert "rotated" in out.notes and out.faces == 1
