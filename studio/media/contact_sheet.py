"""A contact sheet: a few frames of every shot of the cut in a grid, titled, as one PNG.

Why frames spread over the trimmed range (not the first frame only): a reviewer wants to
see what each shot does, and the first frame of a generated clip is often its dullest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import av
from PIL import Image, ImageDraw, ImageFont

from studio.media.concat import atomic_output


@dataclass(frozen=True)
class SheetRow:
    title: str
    path: Path
    start: float
    end: float


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    from studio.media.fonts import FontNotFoundError, find_cjk_font

    try:
        return find_cjk_font().load(size)
    except (FontNotFoundError, OSError):  # Pillow's own font still draws Latin
        return ImageFont.load_default(size)


def grab_frames(path: Path, start: float, end: float, count: int, height: int) -> list[Image.Image]:
    """``count`` frames evenly spread over [start, end), scaled to ``height``."""
    times = [start + (end - start) * (i + 0.5) / count for i in range(count)]
    out: list[Image.Image] = []
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        for t in times:
            c.seek(int(t / v.time_base), stream=v)
            chosen = None
            for frame in c.decode(v):
                chosen = frame
                if frame.time is not None and frame.time >= t - 0.02:
                    break
            if chosen is None:
                break
            w = max(2, round(chosen.width * height / chosen.height))
            out.append(chosen.to_image().resize((w, height)))
    return out


def contact_sheet(rows: Sequence[SheetRow], out: Path, *, frames: int = 4,
                  thumb_height: int = 135) -> Path:
    """Write the sheet PNG atomically; one row per shot: its title, then its frames."""
    pad, title_h = 8, 28
    grabbed = [grab_frames(r.path, r.start, r.end, frames, thumb_height) for r in rows]
    width = pad + max((sum(im.width + pad for im in g) for g in grabbed), default=200)
    height = pad + len(rows) * (title_h + thumb_height + pad)
    sheet = Image.new("RGB", (max(width, 320), height), (24, 24, 28))
    draw = ImageDraw.Draw(sheet)
    font = _font(18)
    y = pad
    for row, images in zip(rows, grabbed, strict=True):
        draw.text((pad, y + 4), row.title, fill=(235, 235, 235), font=font)
        x = pad
        for im in images:
            sheet.paste(im, (x, y + title_h))
            x += im.width + pad
        y += title_h + thumb_height + pad
    with atomic_output(Path(out)) as tmp:
        sheet.save(tmp, format="PNG")
    return Path(out)
