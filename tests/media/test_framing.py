"""Where a cover crop sits (studio.media.framing): over the faces with their headroom,
inside the picture, and carried back to each EXIF orientation as Pillow stores it."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageOps

from studio.media.framing import CENTRE, HEADROOM, crop_window, frame_faces, to_stored

PORTRAIT = (900, 1200)  # 3:4, as phones take them
LANDSCAPE = (1280, 720)


def test_the_window_is_what_a_cover_fit_keeps() -> None:
    assert crop_window(PORTRAIT, LANDSCAPE) == pytest.approx((1.0, 900 * 720 / 1280 / 1200))
    assert crop_window((1920, 1080), (720, 1280)) == pytest.approx((1080 * 720 / 1280 / 1920, 1))
    assert crop_window((1280, 720), LANDSCAPE) == pytest.approx((1.0, 1.0))


def test_no_face_keeps_the_centre() -> None:
    assert frame_faces(PORTRAIT, LANDSCAPE, []) == frame_faces(PORTRAIT, LANDSCAPE, ())
    assert frame_faces(PORTRAIT, LANDSCAPE, []).centre == CENTRE


def test_a_face_high_in_a_portrait_is_kept_with_its_headroom() -> None:
    face = (350.0, 200.0, 200.0, 200.0)  # top third: a centred band would start at y 347
    got = frame_faces(PORTRAIT, LANDSCAPE, [face])
    top = (got.centre[1] - got.size[1] / 2) * PORTRAIT[1]
    bottom = (got.centre[1] + got.size[1] / 2) * PORTRAIT[1]
    assert got.kept == 1 and got.centre[0] == 0.5
    assert top <= face[1] - HEADROOM * face[3] and bottom >= face[1] + face[3]


def test_the_window_stays_inside_the_picture() -> None:
    at_the_top = frame_faces(PORTRAIT, LANDSCAPE, [(400.0, 0.0, 100.0, 100.0)])
    assert at_the_top.centre[1] == pytest.approx(at_the_top.size[1] / 2)
    at_the_right = frame_faces((1920, 1080), (720, 1280), [(1850.0, 500.0, 70.0, 70.0)])
    assert at_the_right.centre[0] == pytest.approx(1 - at_the_right.size[0] / 2)
    assert at_the_top.kept == at_the_right.kept == 1


def test_faces_too_far_apart_keep_the_largest() -> None:
    small, large = (100.0, 100.0, 60.0, 60.0), (400.0, 950.0, 150.0, 150.0)
    got = frame_faces(PORTRAIT, LANDSCAPE, [small, large])
    assert got.kept == 1
    half = got.size[1] * PORTRAIT[1] / 2
    assert abs(got.centre[1] * PORTRAIT[1] - (large[1] + large[3] / 2)) <= half


def test_faces_that_fit_together_are_all_kept() -> None:
    pair = [(150.0, 300.0, 120.0, 120.0), (600.0, 330.0, 120.0, 120.0)]
    assert frame_faces(PORTRAIT, LANDSCAPE, pair).kept == 2


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_point_goes_back_to_where_pillow_stored_it(orientation: int) -> None:
    stored = np.zeros((30, 50), np.uint8)
    sx, sy = 7, 21
    stored[sy, sx] = 255
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    Image.fromarray(stored).save(buf, "PNG", exif=exif.tobytes())
    upright = ImageOps.exif_transpose(Image.open(buf))  # Pillow's own reading of the tag
    uy, ux = np.argwhere(np.asarray(upright) == 255)[0]
    w, h = upright.size
    u, v = to_stored(((ux + 0.5) / w, (uy + 0.5) / h), orientation)
    assert (u * 50, v * 30) == pytest.approx((sx + 0.5, sy + 0.5))
