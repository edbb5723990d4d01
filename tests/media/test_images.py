"""The reference-image pipeline: refusals by content, exact fits, no metadata out."""

from __future__ import annotations

import io
import os

import numpy as np
import pytest
from PIL import Image

from studio.media.images import FitMode, ImageRefused, prepare_image, sniff
from tests.media.image_corpus import BAD, GOOD, encoded, jpeg_markers, photo, tagged_jpeg

pytestmark = pytest.mark.timeout(60)


def test_the_corpus_is_big_enough() -> None:
    assert len(BAD) >= 20


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_is_refused_with_its_code(name: str) -> None:
    build, code = BAD[name]
    with pytest.raises(ImageRefused) as caught:
        prepare_image(build(), 1280, 720)
    assert caught.value.code == code
    sentence = str(caught.value)
    assert sentence and "{" not in sentence  # every parameter was filled in


@pytest.mark.parametrize("name", sorted(GOOD))
@pytest.mark.parametrize("mode", list(FitMode))
def test_an_awkward_image_fits_exactly(name: str, mode: FitMode) -> None:
    out = prepare_image(GOOD[name](), 1280, 720, mode, detect_faces=False)
    with Image.open(io.BytesIO(out.data)) as img:
        assert (img.format, img.mode, img.size) == ("JPEG", "RGB", (1280, 720))
    assert (out.width, out.height) == (1280, 720)


def test_portrait_sizes_fit_too() -> None:
    out = prepare_image(encoded(photo(1000, 300), "JPEG"), 720, 1280, FitMode.PAD)
    with Image.open(io.BytesIO(out.data)) as img:
        assert img.size == (720, 1280)
        arr = np.asarray(img)
    assert arr[:100].max() < 20 and arr[-100:].max() < 20  # the bars are black
    assert arr[640].mean() > 60  # the picture is in the middle


def test_the_type_comes_from_content_not_the_name() -> None:
    assert sniff(encoded(photo(), "PNG")) == "png"
    assert sniff(encoded(photo(), "WEBP")) == "webp"
    assert sniff(b"\xff\xd8\xff\xe0whatever") == "jpeg"
    assert sniff(b"plain words") == "text"


def test_the_upload_carries_no_metadata() -> None:
    src = tagged_jpeg()
    assert b"SecretCam" in src and b"home address" in src and b"xmpmeta" in src
    out = prepare_image(src, 1280, 720, detect_faces=False).data
    markers = jpeg_markers(out)
    assert 0xE1 not in markers  # APP1: EXIF (with GPS) and XMP
    assert 0xE2 not in markers  # APP2: ICC
    assert 0xFE not in markers  # COM
    assert 0xED not in markers  # APP13: IPTC
    for secret in (b"SecretCam", b"Model-X", b"home address", b"xmpmeta", b"GPS", b"Exif"):
        assert secret not in out
    with Image.open(io.BytesIO(out)) as img:
        assert not img.getexif() and "comment" not in img.info and "icc_profile" not in img.info


def test_exif_orientation_is_applied() -> None:
    """A 400x300 landscape tagged 'rotate 90' is a 300x400 portrait to the viewer."""
    src = tagged_jpeg(orientation=6)
    out = prepare_image(src, 720, 1280, FitMode.STRETCH, detect_faces=False)
    assert out.source_size == (300, 400) and "rotated" in out.notes
    plain = prepare_image(src, 720, 1280, FitMode.STRETCH, detect_faces=False)
    assert plain.sha256 == out.sha256  # deterministic


def test_crop_keeps_the_centre() -> None:
    """A red centre square in a blue field: cropping to a narrow frame keeps red."""
    arr = np.zeros((600, 1600, 3), np.uint8)
    arr[..., 2] = 255
    arr[200:400, 700:900] = (255, 0, 0)
    out = prepare_image(encoded(Image.fromarray(arr), "PNG"), 200, 600, FitMode.CROP,
                        detect_faces=False)
    with Image.open(io.BytesIO(out.data)) as img:
        px = np.asarray(img)
    assert px[300, 100, 0] > 200 and px[300, 100, 2] < 60  # red centre
    assert px[20, 100, 2] > 200  # blue above it


def test_sixteen_bit_keeps_its_range() -> None:
    out = prepare_image(GOOD["sixteen_bit.png"](), 300, 200, FitMode.STRETCH,
                        detect_faces=False)
    with Image.open(io.BytesIO(out.data)) as img:
        grey = np.asarray(img.convert("L"), dtype=np.int32)
    assert grey[:20].mean() < 30 and grey[-20:].mean() > 220  # a ramp, not clipped to white


def test_transparency_becomes_white_not_black() -> None:
    img = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    out = prepare_image(encoded(img, "PNG"), 200, 100, FitMode.STRETCH, detect_faces=False)
    with Image.open(io.BytesIO(out.data)) as got:
        assert np.asarray(got).min() > 240
    assert "alpha_flattened" in out.notes


def test_opencv_has_its_pixel_cap_before_it_is_imported() -> None:
    import cv2  # noqa: F401  (imported by now anyway)

    assert os.environ["OPENCV_IO_MAX_IMAGE_PIXELS"] == "64000000"
