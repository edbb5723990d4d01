"""Find a font that can draw Chinese, at run time.

Why: OpenCV cannot draw CJK text, so the animatic's cards go through Pillow FreeType, and a
font without Han glyphs silently draws tofu boxes. ``fc-match :lang=zh`` alone is not enough
(fontconfig answers with its best match even when nothing covers Chinese, e.g. DejaVu), so
every candidate is checked by actually rendering a Han character against the font's
missing-glyph box.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ENV_VAR = "SORA_STUDIO_CJK_FONT"  # an explicit font file wins over discovery

# Known locations (Debian/Ubuntu, Fedora, Arch, macOS, Windows); Sans before Serif.
KNOWN_PATHS: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)

_PROBE_TEXT = "中文镜头"
_MISSING = "\U000f0000"  # a private-use code point no CJK font maps: renders as .notdef


class FontNotFoundError(RuntimeError):
    """No installed font can draw Chinese."""


@dataclass(frozen=True)
class FontSpec:
    """A font file plus the face index inside a collection (.ttc)."""

    path: Path
    index: int = 0

    def load(self, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(self.path), size=size, index=self.index)


def covers_cjk(spec: FontSpec) -> bool:
    """True when the font draws real glyphs for Han characters (not the tofu box)."""
    try:
        font = spec.load(32)
    except OSError:
        return False
    return all(_glyph(font, ch) != _glyph(font, _MISSING) for ch in _PROBE_TEXT)


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    img = Image.new("L", (48, 48), 0)
    ImageDraw.Draw(img).text((4, 4), ch, font=font, fill=255)
    return img.tobytes()


def _fontconfig_candidates() -> list[Path]:
    """Files fontconfig says support Chinese, Sans and Regular first."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    try:
        out = subprocess.run(
            [exe, ":lang=zh", "file", "style"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    files: list[tuple[int, str]] = []
    for line in out.splitlines():
        path, _, style = line.partition(":")
        path = path.strip()
        if not path:
            continue
        rank = (0 if "Sans" in path else 2) + (0 if "Regular" in style or "Book" in style else 1)
        files.append((rank, path))
    return [Path(p) for _, p in sorted(set(files))]


def _faces(path: Path) -> list[FontSpec]:
    """Faces of a file, the Simplified-Chinese face of a collection first."""
    if path.suffix.lower() not in {".ttc", ".otc"}:
        return [FontSpec(path)]
    faces: list[tuple[int, FontSpec]] = []
    for index in range(32):
        try:
            family = ImageFont.truetype(str(path), size=12, index=index).getname()[0] or ""
        except OSError:
            break
        rank = 0 if " SC" in family or "GB" in family else (2 if "Mono" in family else 1)
        faces.append((rank, FontSpec(path, index)))
    faces.sort(key=lambda rf: (rf[0], rf[1].index))
    return [f for _, f in faces] or [FontSpec(path)]


@cache
def find_cjk_font() -> FontSpec:
    """The first installed font that really draws Chinese; cached per process.

    Order: ``$SORA_STUDIO_CJK_FONT``, fontconfig's ``:lang=zh`` list, known paths.
    """
    candidates: list[Path] = []
    if os.environ.get(ENV_VAR):
        candidates.append(Path(os.environ[ENV_VAR]))
    candidates += _fontconfig_candidates()
    candidates += [Path(p) for p in KNOWN_PATHS]
    seen: set[Path] = set()
    for path in candidates:
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        for spec in _faces(path):
            if covers_cjk(spec):
                return spec
    raise FontNotFoundError(
        "No font that can draw Chinese was found. Install one (Debian/Ubuntu: "
        "`apt install fonts-noto-cjk` or `fonts-wqy-microhei`) or point "
        f"${ENV_VAR} at a .ttf/.ttc/.otf file."
    )
