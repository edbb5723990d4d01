"""The local provider's "model": a real animatic (previz) MP4 for any Videos API request.

A clip is the prompt's shots in order, each exactly its share of the requested seconds:
the shot's picture (the reference image, an edit's source, else a generated set, with a
labelled figure for each character asked for) moved by the shot's camera line, a card
with the shot's text, a white flash at each cut, and an audio bed whose hits mark the cuts.
Output is H.264 + AAC (48 kHz stereo) at exactly width x height and ``seconds * 24``
frames.

Every function here is a picklable top-level function (the server runs them in a
process pool) and writes its output atomically: a temp name beside ``out_path``, then
``os.replace``.
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np
from PIL import Image

from studio.localserver.animatic_audio import RATE, audio_bed
from studio.localserver.animatic_camera import margin_px, view_affine
from studio.localserver.animatic_cards import render_card
from studio.localserver.animatic_figures import draw_figures
from studio.localserver.animatic_picture import (
    generated_canvas,
    load_reference,
    reference_canvas,
    shot_colour,
)
from studio.localserver.animatic_plan import FPS, ShotPlan, plan_shots
from studio.media.concat import Mp4Writer, atomic_output, concat_videos
from studio.media.probe import MediaError, probe

#: x264's cheapest preset: the encoder is most of a previz's cost (at 1280x720, 4 s: ~0.65 s
#: of CPU against ~1.56 s for "veryfast"), so the animatic with a reference image keeps
#: >= 3x real time on 2 cores; its files are ~2.5x bigger (~1.7 Mbit/s), over loopback.
PRESET = "ultrafast"
MAX_SIDE = 4096
MAX_SECONDS = 120
FLASH = (0.85, 0.55, 0.25)  # white-mix of a cut's first frames: the boundary is seen
THUMB_MAX_SIDE = 640
SPRITE_COLUMNS = 5
SPRITE_TILES = 25
SPRITE_TILE_WIDTH = 160


@dataclass(frozen=True)
class AnimaticRequest:
    prompt: str
    width: int
    height: int
    seconds: int
    reference_image: bytes | None = None
    seed: int = 0
    characters: tuple[str, ...] = ()  # names of the characters asked for, drawn as figures


def render_animatic(req: AnimaticRequest, out_path: Path) -> None:
    """Render ``req`` to an MP4 at ``out_path`` (blocking, CPU-bound)."""
    _check(req)
    shots = plan_shots(req.prompt, req.seconds)
    reference = (load_reference(req.reference_image, req.width, req.height)
                 if req.reference_image else None)
    with atomic_output(Path(out_path)) as tmp, \
            Mp4Writer(tmp, req.width, req.height, FPS, preset=PRESET) as writer:
        audio = audio_bed([s.frames * RATE // FPS for s in shots], req.seed)
        per_frame = RATE // FPS  # 2000 samples: audio interleaves with video frame by frame
        for shot in shots:
            for i, frame in enumerate(_shot_frames(shot, req, reference)):
                n = shot.start + i
                writer.write_rgb(frame)
                writer.write_audio(audio[:, n * per_frame:(n + 1) * per_frame])


def _check(req: AnimaticRequest) -> None:
    for name in ("width", "height"):
        v = getattr(req, name)
        if not (16 <= v <= MAX_SIDE) or v % 2:
            raise ValueError(f"{name} must be an even number of pixels in 16..{MAX_SIDE}, got {v}")
    if not 1 <= req.seconds <= MAX_SECONDS:
        raise ValueError(f"seconds must be in 1..{MAX_SECONDS}, got {req.seconds}")


def _shot_frames(shot: ShotPlan, req: AnimaticRequest,
                 reference: np.ndarray | None) -> Iterator[np.ndarray]:
    """The shot's frames as RGBX arrays: one warp + one card blend (+ flash) per frame."""
    w, h = req.width, req.height
    if reference is not None:
        tint = shot_colour(req.seed, shot.index) if shot.index else None
        canvas = reference_canvas(reference, tint)
    else:
        canvas = generated_canvas(w, h, req.seed, shot.index)
    if req.characters:  # on the canvas: the figures move with the camera, like the scene
        draw_figures(canvas, req.characters, w, h, (margin_px(w), margin_px(h)))
    # 4 channels: OpenCV's warp and blend have SIMD paths for RGBA, ~3x faster than RGB.
    canvas = cv2.cvtColor(canvas, cv2.COLOR_RGB2RGBA)
    card = render_card(shot, w, h)
    white = np.full((h, w, 4), 255, np.uint8)
    last = max(shot.frames - 1, 1)
    for i in range(shot.frames):
        frame = cv2.warpAffine(canvas, view_affine(shot.move, i / last, w, h), (w, h),
                               flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        card.apply(frame, i)
        if shot.index and i < len(FLASH):
            frame = cv2.addWeighted(frame, 1.0 - FLASH[i], white, FLASH[i], 0)
        yield frame


def render_extension(source: Path, req: AnimaticRequest, out_path: Path) -> float:
    """``source`` followed by ``req.seconds`` of new animatic; returns the total seconds.

    The new segment keeps the source's size (an extension continues the same clip) and,
    unless the request brings its own image, starts from the source's last frame.
    """
    source = Path(source)
    info = probe(source)
    reference = req.reference_image or _png(last_frame(source))
    segment_req = dataclasses.replace(req, width=info.width // 2 * 2,
                                      height=info.height // 2 * 2, reference_image=reference)
    out_path = Path(out_path)
    with tempfile.TemporaryDirectory(dir=out_path.parent, prefix=".extend.") as tmp:
        segment = Path(tmp) / "segment.mp4"
        render_animatic(segment_req, segment)
        concat_videos([source, segment], out_path)
    return probe(out_path).duration


def render_edit(source: Path, req: AnimaticRequest, out_path: Path) -> None:
    """An edit of ``source``: the new prompt's shots over the source's own first frame.

    Why the first frame: an edit changes a clip rather than starting a new one, so the
    previz opens exactly where the source opens (at the request's size) and every shot's
    camera moves over that picture; a reference image of the request is not used.
    """
    (first,) = _frames_at(Path(source), [0.0])
    render_animatic(dataclasses.replace(req, reference_image=_png(first)), out_path)


def last_frame(video: Path) -> np.ndarray:
    """The final frame of ``video`` as RGB (seeks near the end, then decodes forward)."""
    with _open(video) as c:
        v = c.streams.video[0]
        if v.duration and v.time_base:
            c.seek(max(0, v.duration - int(2 / v.time_base)), stream=v)
        frame = None
        for frame in c.decode(v):  # noqa: B007 - keep the last one
            pass
        if frame is None:
            raise MediaError(f"{Path(video).name}: no video frame decodes")
        return frame.to_ndarray(format="rgb24")


def make_thumbnail(video: Path, out_path: Path) -> None:
    """A WebP still of the moment the first card is fully in (at most 1 s in)."""
    info = probe(video)
    at = min(1.0, info.duration / 2)
    (rgb,) = _frames_at(video, [at])
    h, w = rgb.shape[:2]
    scale = min(1.0, THUMB_MAX_SIDE / max(w, h))
    if scale < 1.0:
        rgb = cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))),
                         interpolation=cv2.INTER_AREA)
    _save_image(Image.fromarray(rgb), out_path, "WEBP", quality=80)


def make_spritesheet(video: Path, out_path: Path) -> None:
    """A JPEG grid of evenly spaced frames (row-major in time) for scrubbing previews."""
    info = probe(video)
    n = max(1, min(SPRITE_TILES, info.frames or SPRITE_TILES))
    times = [(i + 0.5) * info.duration / n for i in range(n)]
    tiles = _frames_at(video, times)
    th = max(2, round(SPRITE_TILE_WIDTH * info.height / max(info.width, 1)))
    cols = min(SPRITE_COLUMNS, n)
    rows = -(-n // cols)
    sheet = np.zeros((rows * th, cols * SPRITE_TILE_WIDTH, 3), np.uint8)
    for i, rgb in enumerate(tiles):
        r, c = divmod(i, cols)
        sheet[r * th:(r + 1) * th, c * SPRITE_TILE_WIDTH:(c + 1) * SPRITE_TILE_WIDTH] = (
            cv2.resize(rgb, (SPRITE_TILE_WIDTH, th), interpolation=cv2.INTER_AREA))
    _save_image(Image.fromarray(sheet), out_path, "JPEG", quality=80)


def _open(video: Path) -> av.container.InputContainer:
    try:
        c = av.open(str(video))
    except (av.error.FFmpegError, OSError) as exc:
        raise MediaError(f"{Path(video).name}: cannot open ({exc})") from exc
    if not c.streams.video:
        c.close()
        raise MediaError(f"{Path(video).name}: no video stream")
    return c


def _frames_at(video: Path, times: Sequence[float]) -> list[np.ndarray]:
    """RGB frames shown at each of the ascending ``times`` (one sequential decode pass)."""
    picked: list[np.ndarray] = []
    with _open(video) as c:
        v = c.streams.video[0]
        v.thread_type = "AUTO"
        prev = None
        for frame in c.decode(v):
            t = float(frame.time or 0.0)
            while len(picked) < len(times) and t > times[len(picked)] + 1e-6 and prev is not None:
                picked.append(prev.to_ndarray(format="rgb24"))
            if len(picked) == len(times):
                break
            prev = frame
        while prev is not None and len(picked) < len(times):
            picked.append(prev.to_ndarray(format="rgb24"))
    if not picked:
        raise MediaError(f"{Path(video).name}: no video frame decodes")
    return picked


def _save_image(img: Image.Image, out_path: Path, fmt: str, **options: object) -> None:
    with atomic_output(Path(out_path)) as tmp:
        img.save(tmp, format=fmt, **options)


def _png(rgb: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()
