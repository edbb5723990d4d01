"""``sora-studio fit-image``: the reference pipeline for scripts, one line on refusal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from studio.cli import main
from tests.media.image_corpus import BAD, tagged_jpeg

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize("mode", ["crop", "pad", "stretch"])
def test_fits_a_tagged_photo(tmp_path: Path, mode: str, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "in.jpg", tmp_path / "out.jpg"
    src.write_bytes(tagged_jpeg())
    assert main(["fit-image", str(src), "--size", "720x1280", "--mode", mode, "-o", str(out)]) == 0
    with Image.open(io.BytesIO(out.read_bytes())) as img:
        assert img.size == (720, 1280) and not img.getexif()
    assert "720x1280" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["notes.jpg", "iphone.heic", "bomb.png", "truncated.jpg"])
def test_a_refused_file_is_one_line_and_no_output(tmp_path: Path, name: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / name, tmp_path / "out.jpg"
    src.write_bytes(BAD[name][0]())
    assert main(["fit-image", str(src), "--size", "1280x720", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("sora-studio: ") and name in err
    assert list(tmp_path.iterdir()) == [src]  # nothing written


def test_a_bad_size_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jpg"
    src.write_bytes(tagged_jpeg())
    assert main(["fit-image", str(src), "--size", "big", "-o", str(tmp_path / "o.jpg")]) == 1
    assert "--size" in capsys.readouterr().err
