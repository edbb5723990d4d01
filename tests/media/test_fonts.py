from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from studio.media import fonts
from studio.media.fonts import FontNotFoundError, FontSpec, covers_cjk, find_cjk_font

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_finds_a_font_that_draws_chinese() -> None:
    spec = find_cjk_font()
    assert spec.path.is_file()
    assert covers_cjk(spec)
    img = Image.new("L", (200, 60), 0)
    ImageDraw.Draw(img).text((4, 4), "镜头推进", font=spec.load(40), fill=255)
    assert (np.asarray(img) > 128).sum() > 500  # real strokes, many of them


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans not installed")
def test_a_latin_only_font_is_refused() -> None:
    assert not covers_cjk(FontSpec(DEJAVU))


def test_environment_override_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = find_cjk_font()
    find_cjk_font.cache_clear()
    monkeypatch.setenv(fonts.ENV_VAR, str(chosen.path))
    try:
        assert find_cjk_font().path == chosen.path
    finally:
        find_cjk_font.cache_clear()


def test_clear_error_when_nothing_draws_chinese(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.setattr(fonts, "_fontconfig_candidates", lambda: [DEJAVU])
    monkeypatch.setattr(fonts, "KNOWN_PATHS", (str(tmp_path / "none.ttc"),))
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    find_cjk_font.cache_clear()
    try:
        with pytest.raises(FontNotFoundError, match="fonts-noto-cjk"):
            find_cjk_font()
    finally:
        find_cjk_font.cache_clear()
