"""The shot card: number, title, camera and description over the picture, in any language.

Drawn once per shot with Pillow FreeType and a CJK-capable font (OpenCV cannot draw
Chinese), then blended into each frame with ``cv2.blendLinear`` on the card's region only,
so no per-frame Pillow work happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from studio.core.model import Language
from studio.localserver.animatic_plan import ShotPlan
from studio.media.fonts import FontSpec, find_cjk_font

FADE_FRAMES = 6  # the card fades in, so a shot's first frame is its bare picture
# A Latin word stays whole; any other character carries the closing punctuation after it,
# so a line never starts with "，" or "。" (the CJK line-breaking rule).
_TOKEN = re.compile(
    r"[A-Za-z0-9'’@#%&+\-_./:,;!?()\"]+\s*|\s+|.[，。、；：！？）》」』】”’…]*", re.S
)


@dataclass(frozen=True)
class Card:
    """A pre-rendered card: its RGB pixels, its alpha as float32 weights, and where it goes."""

    x: int
    y: int
    rgb: np.ndarray  # (h, w, 4) uint8, RGBX like the frames it is blended into
    alpha: np.ndarray  # (h, w) float32 in [0, 1]

    def apply(self, frame: np.ndarray, frame_in_shot: int) -> None:
        """Blend the card into ``frame`` in place (faded in over the first frames)."""
        fade = min(1.0, frame_in_shot / FADE_FRAMES)
        if fade <= 0.0:
            return
        h, w = self.alpha.shape
        roi = frame[self.y:self.y + h, self.x:self.x + w]
        a = self.alpha if fade >= 1.0 else self.alpha * np.float32(fade)
        roi[:] = cv2.blendLinear(self.rgb, roi, a, 1.0 - a)


def labels(language: Language) -> tuple[str, str, str]:
    """The shot badge word, the camera label and the colon that follows it."""
    return ("镜头", "运镜", "：") if language == Language.ZH else ("SHOT", "Camera", ": ")


def badge_text(shot: ShotPlan) -> str:
    """``SHOT 3/7`` / ``镜头 3/7``: the shot's number over the shots it is counted among."""
    number, total = shot.badge
    return f"{labels(shot.language)[0]} {number}/{total}"


def render_card(shot: ShotPlan, width: int, height: int, font: FontSpec | None = None) -> Card:
    """The card of one shot, laid out for a ``width`` x ``height`` frame."""
    spec = font or find_cjk_font()
    unit = min(width, height)
    title_font = spec.load(max(12, round(unit * 0.06)))
    body_font = spec.load(max(10, round(unit * 0.042)))
    pad = max(6, round(unit * 0.025))
    margin = max(4, round(unit * 0.03))
    panel_w = width - 2 * margin
    text_w = panel_w - 2 * pad
    _, camera_word, colon = labels(shot.language)

    badge = badge_text(shot)
    title_lines = wrap(shot.title, title_font, text_w - _width(badge, body_font) - pad, 1)
    camera = f"{camera_word}{colon}{shot.camera or shot.move.name}"
    body_gap = round(body_font.size * 1.35)
    max_body = max(1, int((height * 0.45 - title_font.size * 1.5 - body_gap) // body_gap) - 1)
    desc_lines = wrap(shot.description, body_font, text_w, max_body)
    camera_lines = wrap(camera, body_font, text_w, 1)

    head_h = max(round(title_font.size * 1.45), round(body_font.size * 1.8))
    panel_h = pad * 2 + head_h + body_gap * (len(camera_lines) + len(desc_lines))
    img = Image.new("RGBA", (panel_w, panel_h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, panel_w - 1, panel_h - 1), radius=pad, fill=(12, 12, 16, 175))
    bw = _width(badge, body_font) + pad
    bh = round(body_font.size * 1.5)
    by = pad + (head_h - bh) // 2
    draw.rounded_rectangle((pad, by, pad + bw, by + bh), radius=bh // 4,
                           fill=(250, 200, 70, 255))
    draw.text((pad + pad // 2, by + bh // 2), badge, font=body_font, fill=(20, 20, 20, 255),
              anchor="lm")
    if title_lines:
        draw.text((pad * 2 + bw, pad + head_h // 2), title_lines[0], font=title_font,
                  fill=(255, 255, 255, 255), anchor="lm")
    y = pad + head_h
    for line in camera_lines:
        draw.text((pad, y), line, font=body_font, fill=(150, 215, 255, 255))
        y += body_gap
    for line in desc_lines:
        draw.text((pad, y), line, font=body_font, fill=(235, 235, 235, 255))
        y += body_gap
    rgba = np.asarray(img, dtype=np.uint8)
    return Card(
        x=margin,
        y=height - margin - panel_h,
        rgb=np.ascontiguousarray(rgba),
        alpha=(rgba[:, :, 3].astype(np.float32) / 255.0),
    )


def _width(text: str, font: ImageFont.FreeTypeFont) -> int:
    return round(font.getlength(text))


def wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int, max_lines: int) -> list[str]:
    """Greedy line breaking: Latin words stay whole, CJK breaks between characters.

    Keeps the text's own line breaks; past ``max_lines`` the last line ends with "…".
    """
    lines: list[str] = []
    for paragraph in (p.strip() for p in text.splitlines()):
        if not paragraph:
            continue
        line = ""
        for token in _TOKEN.findall(paragraph):
            if not line or font.getlength((line + token).rstrip()) <= max_width:
                line += token
            else:
                lines.append(line.rstrip())
                line = token.lstrip()
            if font.getlength(line.rstrip()) > max_width:  # one word wider than the card
                line = _clip(line, font, max_width) + " "
        if line.strip():
            lines.append(line.rstrip())
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _clip(lines[-1] + "…", font, max_width, force_ellipsis=True)
    return lines


def _clip(text: str, font: ImageFont.FreeTypeFont, max_width: int,
          *, force_ellipsis: bool = False) -> str:
    """``text`` shortened with "…" until it fits ``max_width``."""
    text = text.rstrip("…").rstrip()
    if not force_ellipsis and font.getlength(text) <= max_width:
        return text
    while text and font.getlength(text + "…") > max_width:
        text = text[:-1]
    return text.rstrip() + "…"
