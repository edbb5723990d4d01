"""Camera moves for the animatic: read a shot's camera text, turn it into per-frame affines.

Why affines on a larger canvas: every shot is drawn once onto a canvas ``MARGIN`` times the
frame size (the frame's own picture in the centre), and each frame is one
``cv2.warpAffine`` of a moving view rectangle — cheap, and a pull-out or pan reveals the
canvas margin instead of black. Every move starts at the identity view, so a shot's first
frame is exactly its picture (the reference image becomes the clip's first frame).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

MARGIN = 1.3  # canvas size / frame size, per axis


@dataclass(frozen=True)
class CameraMove:
    """Where the view ends, relative to the identity view at the shot's start.

    ``zoom`` > 1 is closer (push in), < 1 wider (pull out); ``dx``/``dy`` move the view's
    centre by that fraction of the frame width/height (+x right, +y down).
    """

    name: str
    zoom: float = 1.0
    dx: float = 0.0
    dy: float = 0.0


STILL = CameraMove("static")
DRIFT = CameraMove("drift", zoom=1.06)  # no recognised move: a gentle Ken Burns

# (pattern, move) — matched against lower-cased text; the earliest match in the text wins.
_RULES: tuple[tuple[str, CameraMove], ...] = (
    (r"\bstatic\b|locked[- ]?off|\bfixed\b|\bstill\b|固定|静止|不动", STILL),
    (r"push(?:es|ing)?[- ]?in|dolly[- ]?in|zoom(?:s|ing)?[- ]?in|\bmoves? in|close[- ]?in"
     r"|推进|推近|拉近|推镜", CameraMove("push in", zoom=1.3)),
    (r"pull(?:s|ing)?[- ]?(?:out|back)|dolly[- ]?(?:out|back)|zoom(?:s|ing)?[- ]?out"
     r"|拉远|后退|拉出|拉开", CameraMove("pull out", zoom=0.8)),
    (r"\borbit|\bcircl|\barc(?:s|ing)?\b|环绕|围绕|绕", CameraMove("orbit", zoom=1.25, dx=0.08,
                                                              dy=-0.03)),
    (r"\bris(?:e|es|ing)\b|\bcrane|\bdrone|\baerial|\bjib\b|升起|上升|升降|航拍|无人机|摇臂",
     CameraMove("rise", zoom=1.25, dx=0.04, dy=-0.08)),
    (r"tilt(?:s|ing)?[- ]?up|上摇|仰", CameraMove("tilt up", zoom=1.2, dy=-0.08)),
    (r"tilt(?:s|ing)?[- ]?down|下摇|俯", CameraMove("tilt down", zoom=1.2, dy=0.08)),
    (r"\bpan(?:s|ning)?\b|\btruck|\btrack(?:s|ing)?\b|\bfollow|\bslid(?:e|es|ing)\b"
     r"|横移|平移|摇|跟拍|跟随|移动", CameraMove("pan", zoom=1.25, dx=0.1)),
)
_LEFT = re.compile(r"left|向左|往左|左")


def parse_camera(text: str) -> CameraMove:
    """The move a camera line describes (zh or en); DRIFT when nothing is recognised."""
    low = (text or "").lower()
    best: tuple[int, CameraMove] | None = None
    for pattern, move in _RULES:
        m = re.search(pattern, low)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), move)
    if best is None:
        return DRIFT
    move = best[1]
    if move.dx and _LEFT.search(low):
        move = CameraMove(move.name, move.zoom, -move.dx, move.dy)
    return move


def ease(t: float) -> float:
    """Smoothstep: moves start and stop softly."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


def view_affine(move: CameraMove, t: float, width: int, height: int) -> np.ndarray:
    """2x3 affine mapping canvas pixels to frame pixels at shot progress ``t`` in [0, 1]."""
    k = ease(t)
    zoom = 1.0 + (move.zoom - 1.0) * k
    cx = margin_px(width) + width / 2 + move.dx * width * k
    cy = margin_px(height) + height / 2 + move.dy * height * k
    # frame = (canvas - view_centre) * zoom + frame_centre
    return np.array(
        [[zoom, 0.0, width / 2 - cx * zoom], [0.0, zoom, height / 2 - cy * zoom]],
        dtype=np.float64,
    )


def canvas_size(width: int, height: int) -> tuple[int, int]:
    """(w, h) of the canvas for a frame size; the frame sits exactly in its centre."""
    return width + 2 * margin_px(width), height + 2 * margin_px(height)


def margin_px(size: int) -> int:
    return round(size * (MARGIN - 1) / 2)
