"""The characters a job asked for, drawn into the picture as labelled stand-in figures.

Why on the canvas and not over the frame: a figure belongs to the scene, so it moves with
the shot's camera like the reference image it stands on; only the card stays put. Each
figure is a simple silhouette (head and body, dark outline so it reads on any picture) in
a colour of its own, under a light plate with the character's name, so a previz shows who
is in the shot. Drawn once per shot (Pillow for any script's names), blended once.
"""

from __future__ import annotations

import colorsys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from studio.localserver.animatic_cards import wrap
from studio.media.fonts import FontSpec, find_cjk_font

MAX_FIGURES = 4  # providers take at most two; a few more still fit side by side
PLATE = (245, 245, 240)  # the name plate's fill: light, so the dark name reads
INK = (20, 20, 24)


@dataclass(frozen=True)
class Slot:
    """Where one figure stands, in frame pixels at the shot's first (identity) view."""

    name: str
    label: str  # the name as drawn: shortened with "…" when wider than its share of the frame
    centre_x: int
    head_y: int  # centre of the head
    head_r: int
    body_bottom: int
    plate: tuple[int, int, int, int]  # x0, y0, x1, y1 of the name plate


def figure_slots(names: Sequence[str], width: int, height: int,
                 font: FontSpec | None = None) -> list[Slot]:
    """The figures of ``names`` spread evenly across the frame's upper middle.

    They stand above the shot card (which covers at most the lower 45 %), so the first
    frame, before the card fades in, shows every figure whole and the later ones still
    show each name.
    """
    names = [n for n in names if n.strip()][:MAX_FIGURES]
    if not names:
        return []
    unit = min(width, height)
    face = (font or find_cjk_font()).load(max(10, round(unit * 0.045)))
    head_r = max(4, round(height * 0.055))
    head_y = round(height * 0.27)
    body_bottom = round(height * 0.54)
    pad = max(3, round(unit * 0.012))
    slots = []
    for i, name in enumerate(names):
        cx = round(width * (i + 1) / (len(names) + 1))
        label = (wrap(name, face, max(8, width // (len(names) + 1) - 4 * pad), 1) or [""])[0]
        half = max(round(face.getlength(label)) // 2 + pad, head_r)
        bottom = head_y - head_r - pad
        top = bottom - round(face.size * 1.35) - pad
        slots.append(Slot(name, label, cx, head_y, head_r, body_bottom,
                          (cx - half, max(0, top), cx + half, bottom)))
    return slots


def figure_colour(name: str) -> tuple[int, int, int]:
    """A saturated colour fixed by the name, so a character looks the same in every clip."""
    hue = (zlib.crc32(name.encode("utf-8")) % 360) / 360.0
    r, g, b = colorsys.hsv_to_rgb(hue, 0.7, 0.85)
    return round(r * 255), round(g * 255), round(b * 255)


def draw_figures(canvas: np.ndarray, names: Sequence[str], width: int, height: int,
                 offset: tuple[int, int], font: FontSpec | None = None) -> None:
    """Draw the figures into ``canvas`` (RGB, in place) where the frame sits (``offset``: the
    frame's top-left corner on the canvas).

    Only the band the figures occupy goes through Pillow (a transparent layer, then one
    ``cv2.blendLinear``), not the whole canvas, so a shot pays a few milliseconds at 720p.
    """
    spec = font or find_cjk_font()
    slots = figure_slots(names, width, height, spec)
    if not slots:
        return
    unit = min(width, height)
    face = spec.load(max(10, round(unit * 0.045)))
    line = max(2, round(unit * 0.006))
    top = min(s.plate[1] for s in slots)
    bottom = max(s.body_bottom for s in slots) + line + 1
    layer = Image.new("RGBA", (width, bottom - top), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for s in slots:
        colour = figure_colour(s.name)
        cx, hy, r = s.centre_x, s.head_y - top, s.head_r
        shoulders = hy + r + line
        feet = s.body_bottom - top
        body = [(cx - round(r * 1.1), shoulders), (cx + round(r * 1.1), shoulders),
                (cx + round(r * 1.6), feet), (cx - round(r * 1.6), feet)]
        draw.polygon(body, fill=colour, outline=INK, width=line)
        draw.ellipse((cx - r, hy - r, cx + r, hy + r), fill=colour, outline=INK, width=line)
        x0, y0, x1, y1 = s.plate
        plate = (x0, y0 - top, x1, y1 - top)
        draw.rounded_rectangle(plate, radius=max(2, (y1 - y0) // 4), fill=PLATE, outline=INK,
                               width=1)
        draw.text(((plate[0] + plate[2]) / 2, (plate[1] + plate[3]) / 2), s.label, font=face,
                  fill=INK, anchor="mm")
    rgba = np.asarray(layer, dtype=np.uint8)
    alpha = rgba[:, :, 3].astype(np.float32) / 255.0
    ox, oy = offset
    roi = canvas[oy + top:oy + bottom, ox:ox + width]
    roi[:] = cv2.blendLinear(np.ascontiguousarray(rgba[:, :, :3]), roi, alpha, 1.0 - alpha)
