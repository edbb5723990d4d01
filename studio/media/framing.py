"""Where a cover crop sits: over the faces when there are any, centred otherwise.

Why: a reference image becomes the clip's first frame, and a portrait fitted to a
landscape frame keeps only a band of itself. Centred, that band is the chest: the face the
creator chose the photo for is cut off (and, with it, the face warning). So the window
slides along its free axis to hold the faces, with room above them for the hair.

Everything here is in fractions of the picture (0..1 on each axis, upright), so the same
window applies to the picture at any decode scale, and :func:`to_stored` carries a point
back to the orientation the pixels are stored in (EXIF 1-8), where the fit happens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # faces imports OpenCV, which the window loads only when it needs it
    from studio.media.faces import Box

#: Room kept above a face (hair, forehead) and below it (chin), as parts of its height.
HEADROOM = 0.35
CHIN = 0.15
CENTRE = (0.5, 0.5)

Point = tuple[float, float]


@dataclass(frozen=True)
class Framing:
    """A cover crop's window: its centre and size, in fractions of the upright picture."""

    centre: Point
    size: Point
    kept: int  # faces whose centre is inside the window


def crop_window(picture: tuple[int, int], frame: tuple[int, int]) -> Point:
    """The part of ``picture`` (w, h) that a cover fit to ``frame`` (w, h) keeps."""
    (w, h), (tw, th) = picture, frame
    scale = max(tw / w, th / h)
    return min(1.0, tw / scale / w), min(1.0, th / scale / h)


def frame_faces(picture: tuple[int, int], frame: tuple[int, int],
                faces: Sequence[Box]) -> Framing:
    """The crop window over ``faces`` (boxes in ``picture``'s pixels)."""
    size = crop_window(picture, frame)
    if not faces:
        return Framing(CENTRE, size, 0)
    w, h = picture
    # Each face with its headroom and chin, in fractions: (left, top, right, bottom).
    boxes = [(x / w, (y - HEADROOM * bh) / h, (x + bw) / w, (y + (1 + CHIN) * bh) / h)
             for x, y, bw, bh in faces]
    largest = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    centre = (_axis([b[0] for b in boxes], [b[2] for b in boxes], size[0],
                    (largest[0] + largest[2]) / 2),
              _axis([b[1] for b in boxes], [b[3] for b in boxes], size[1],
                    (largest[1] + largest[3]) / 2))
    kept = sum(_inside(((x + bw / 2) / w, (y + bh / 2) / h), centre, size)
               for x, y, bw, bh in faces)
    return Framing(centre, size, kept)


def _axis(lows: list[float], highs: list[float], window: float, fallback: float) -> float:
    """The window's centre on one axis: the middle of every face when they fit in it, else
    the largest face's; always inside the picture."""
    lo, hi = min(lows), max(highs)
    centre = (lo + hi) / 2 if hi - lo <= window else fallback
    return min(max(centre, window / 2), 1 - window / 2)


def _inside(point: Point, centre: Point, size: Point) -> bool:
    return all(abs(p - c) <= s / 2 for p, c, s in zip(point, centre, size, strict=True))


def to_stored(point: Point, orientation: int) -> Point:
    """``point`` of the upright picture, in the picture as stored with EXIF ``orientation``."""
    u, v = point
    return {1: (u, v), 2: (1 - u, v), 3: (1 - u, 1 - v), 4: (u, 1 - v), 5: (v, u),
            6: (v, 1 - u), 7: (1 - v, 1 - u), 8: (1 - v, u)}.get(orientation, (u, v))
