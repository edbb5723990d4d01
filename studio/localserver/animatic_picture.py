"""The picture behind each shot: the reference image, or a generated set per shot.

Each picture is a canvas ``MARGIN`` times the frame (see ``animatic_camera``) drawn once per
shot, with the frame's own picture exactly in its centre. Generated sets have structure
(gradient, horizon, soft discs) so camera moves are visible, and differ in colour per shot
so every cut shows; they are deterministic from the seed and the shot index.
"""

from __future__ import annotations

import colorsys
import io

import cv2
import numpy as np
from PIL import Image, ImageOps

from studio.localserver.animatic_camera import canvas_size, margin_px

MAX_REFERENCE_BYTES = 50 * 1024 * 1024
MAX_REFERENCE_PIXELS = 64_000_000


class ReferenceImageError(ValueError):
    """The reference image bytes are not a usable JPEG/PNG/WebP image."""


def load_reference(data: bytes, width: int, height: int) -> np.ndarray:
    """Decode, apply EXIF orientation and cover-fit (centre crop) to exactly width x height."""
    if len(data) > MAX_REFERENCE_BYTES:
        raise ReferenceImageError("the reference image is larger than 50 MB")
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in {"JPEG", "PNG", "WEBP", "MPO"}:
                raise ReferenceImageError(f"unsupported image format {img.format}")
            if img.width * img.height > MAX_REFERENCE_PIXELS:
                raise ReferenceImageError("the reference image has too many pixels")
            img.draft("RGB", (width, height))  # JPEG: decode at a reduced scale when it can
            oriented = ImageOps.exif_transpose(img)
            rgb = oriented.convert("RGB")
    except (OSError, Image.DecompressionBombError) as exc:
        raise ReferenceImageError(f"cannot decode the reference image: {exc}") from exc
    fitted = ImageOps.fit(rgb, (width, height), method=Image.Resampling.LANCZOS)
    return np.asarray(fitted, dtype=np.uint8)


def shot_colour(seed: int, index: int) -> tuple[int, int, int]:
    """A mid-dark RGB colour per shot; neighbouring shots are far apart on the hue circle."""
    rng = np.random.default_rng([seed, index, 1])
    hue = (0.13 * seed + 0.38 * index + 0.05 * rng.random()) % 1.0
    r, g, b = colorsys.hsv_to_rgb(hue, 0.55 + 0.2 * rng.random(), 0.45 + 0.15 * rng.random())
    return round(r * 255), round(g * 255), round(b * 255)


def reference_canvas(picture: np.ndarray, tint: tuple[int, int, int] | None) -> np.ndarray:
    """The reference in the centre; the margin is a blurred, darkened stretch of it."""
    h, w = picture.shape[:2]
    cw, ch = canvas_size(w, h)
    small = cv2.resize(picture, (max(1, cw // 8), max(1, ch // 8)), interpolation=cv2.INTER_AREA)
    back = cv2.GaussianBlur(small, (0, 0), 3)
    canvas = cv2.resize(back, (cw, ch), interpolation=cv2.INTER_LINEAR)
    canvas = (canvas.astype(np.uint16) * 3 // 5).astype(np.uint8)
    mx, my = margin_px(w), margin_px(h)
    canvas[my:my + h, mx:mx + w] = picture
    if tint is not None:  # later shots of a reference clip: a grade so each cut reads
        canvas = cv2.addWeighted(canvas, 0.8, np.full_like(canvas, tint), 0.2, 0)
    return canvas


def generated_canvas(width: int, height: int, seed: int, index: int) -> np.ndarray:
    """A deterministic set: sky-to-ground gradient, a horizon, soft discs, a floor grid."""
    cw, ch = canvas_size(width, height)
    rng = np.random.default_rng([seed, index, 2])
    base = np.array(shot_colour(seed, index), np.float32)
    top = np.clip(base * 1.5 + 40, 0, 255)
    bottom = base * 0.35
    horizon = int(ch * (0.55 + 0.1 * rng.random()))
    ys = np.arange(ch, dtype=np.float32)[:, None]
    k = np.where(ys < horizon, ys / horizon, 1.0 + (ys - horizon) / max(1, ch - horizon))
    sky = top[None, :] * (1 - k[:, :1] * 0.7) + base[None, :] * (k[:, :1] * 0.7)
    ground = base[None, :] * (2 - k[:, :1]) * 0.8 + bottom[None, :] * (k[:, :1] - 1)
    column = np.where(ys < horizon, sky, ground)  # (ch, 3)
    canvas = np.ascontiguousarray(np.broadcast_to(column[:, None, :], (ch, cw, 3)))
    discs = np.zeros_like(canvas)
    for _ in range(14):
        centre = (int(rng.integers(0, cw)), int(rng.integers(0, horizon)))
        radius = int(rng.integers(ch // 30, ch // 7))
        colour = tuple(float(c) for c in np.clip(top * rng.uniform(0.6, 1.1) + 30, 0, 255))
        cv2.circle(discs, centre, radius, colour, -1, cv2.LINE_AA)
    discs = cv2.GaussianBlur(discs, (0, 0), max(1.0, ch / 200))
    canvas = cv2.addWeighted(canvas, 1.0, discs, 0.35, 0)
    line = tuple(float(c) for c in np.clip(top + 30, 0, 255))
    for j in range(-12, 13):  # perspective lines converging on the horizon's centre
        cv2.line(canvas, (cw // 2, horizon), (cw // 2 + j * cw // 6, ch), line, 1, cv2.LINE_AA)
    cv2.line(canvas, (0, horizon), (cw, horizon), line, max(1, ch // 300), cv2.LINE_AA)
    return np.clip(canvas, 0, 255).astype(np.uint8)
