"""One reference image made ready for upload: checked, oriented, stripped and fitted.

Providers refuse an ``input_reference`` that is not exactly the output size, and a
creator learns it only after paying for minutes of queue. So the image is made right
here, before anything is sent: its type is read from its content (never the file name),
its pixel count is checked from the header before a full decode (a 1 KB PNG can claim
60 000 x 60 000), EXIF orientation is applied, every kind of pixel data (16-bit, CMYK,
palette, alpha) becomes plain 8-bit RGB, and the result is re-encoded as a JPEG that
carries no metadata at all (no EXIF, GPS, XMP, ICC or comments).

A refused file raises :class:`ImageRefused` with a ``code`` and ``params``; the window
and the command line each make their own sentence from them (``describe`` is the
English one for the command line).
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from studio.media.framing import CENTRE, Point, frame_faces, to_stored

if TYPE_CHECKING:  # imported on first use: see _load_pixels
    import numpy as np
    from PIL import Image, UnidentifiedImageError

MAX_BYTES = 50 * 1024 * 1024
#: Below Pillow's own bomb threshold (~89 MP), so its warning never fires first.
MAX_PIXELS = 64_000_000
JPEG_QUALITY = 92
PAD_COLOUR = (0, 0, 0)
ACCEPTED = ("jpeg", "png", "webp")
_PIL_FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp"}


class FitMode(StrEnum):
    CROP = "crop"  # cover the frame, cut the overhang (over the faces, else centred)
    PAD = "pad"  # fit inside the frame, bars on two sides
    STRETCH = "stretch"  # exactly the frame, proportions changed


class ImageRefused(ValueError):
    """The file cannot be used as a reference image; ``code`` says why."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(describe(code, params))


_SENTENCES = {
    "empty": "the file is empty",
    "too_large": "the file is {mb} MB; at most {limit_mb} MB is accepted",
    "not_image": "the file is not an image (its content is {kind}); use a JPEG, PNG or WebP",
    "format_refused": "{kind} images are not accepted; save it as JPEG, PNG or WebP first",
    "too_many_pixels": "the image claims {width}x{height} pixels; at most {limit_mp} "
                       "megapixels are accepted",
    "too_small": "the image is {width}x{height}; it needs at least 16 pixels on each side",
    "damaged": "the image data is damaged and cannot be decoded",
}


def describe(code: str, params: dict[str, object]) -> str:
    """The English sentence of a refusal (the command line's; the window translates)."""
    return _SENTENCES.get(code, code).format(**params)


@dataclass(frozen=True)
class PreparedImage:
    """The bytes to upload and what the user should know about them."""

    data: bytes  # a JPEG without metadata, exactly ``width`` x ``height``
    width: int
    height: int
    sha256: str
    source_kind: str  # "jpeg", "png" or "webp"
    source_size: tuple[int, int]  # after orientation
    faces: int | None = None  # in the upload; None: no face detector on this machine
    notes: tuple[str, ...] = field(default=())  # codes: "rotated", "alpha_flattened", ...

    mime = "image/jpeg"
    suffix = ".jpg"


def sniff(data: bytes) -> str:
    """The kind of file from its first bytes: 'jpeg', 'png', 'webp', 'gif', ... or 'unknown'."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "avif"
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"):
            return "heic"
        return "video"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"BM"):
        return "bmp"
    if head[:4] == b"\x00\x00\x01\x00":
        return "ico"
    if head.startswith(b"8BPS"):
        return "psd"
    text = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") or text.startswith(b"<svg") or b"<svg" in text[:1024]:
        return "svg"
    if text.startswith((b"<!doctype html", b"<html")):
        return "html"
    if data[:2] == b"PK":
        return "zip"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "unknown"
    return "text"


def prepare_image(data: bytes, width: int, height: int, mode: FitMode = FitMode.CROP, *,
                  detect_faces: bool = True) -> PreparedImage:
    """``data`` made into an upload of exactly ``width`` x ``height`` (blocking, ~50 ms).

    Raises :class:`ImageRefused` for anything that is not a decodable JPEG, PNG or WebP
    within the size limits; never writes anywhere.
    """
    _load_pixels()
    if not data:
        raise ImageRefused("empty")
    if len(data) > MAX_BYTES:
        raise ImageRefused("too_large", mb=round(len(data) / 2**20, 1), limit_mb=MAX_BYTES >> 20)
    kind = sniff(data)
    if kind not in ACCEPTED:
        if kind in ("text", "html", "unknown", "zip", "video"):
            raise ImageRefused("not_image", kind=kind)
        raise ImageRefused("format_refused", kind=kind.upper())
    notes: list[str] = []
    with _opened(data, kind) as img:
        w, h = img.size
        jpeg = img.format in ("JPEG", "MPO")  # its EXIF is in the header, before the pixels
        orientation = _orientation(img) if jpeg else 1
        turned = orientation in (5, 6, 7, 8)
        ow, oh = (h, w) if turned else (w, h)
        if min(ow, oh) < 16:
            raise ImageRefused("too_small", width=ow, height=oh)
        try:
            if jpeg:  # decode at 1/2, 1/4 or 1/8 scale when that still covers the frame
                need = _needed(ow, oh, width, height, mode)
                img.draft(None, (need[1], need[0]) if turned else need)
            img.load()
            if not jpeg:  # PNG/WebP may keep EXIF after the pixels: read it once loaded
                orientation = _orientation(img)
                if orientation in (5, 6, 7, 8):
                    ow, oh = oh, ow
            turned = orientation in (5, 6, 7, 8)
            rgb = _to_rgb(img, notes)
            faces, focus = _faces_and_focus(rgb, orientation, (width, height), mode,
                                            detect_faces)
            # Fit as stored, to the frame turned back, then turn the small result: the crop's
            # focus is mapped to the stored orientation, and turning 24 MP cost ~30 ms.
            fitted = _fit(rgb, *((height, width) if turned else (width, height)), mode, focus)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageRefused("damaged") from exc
        if orientation not in (0, 1):
            notes.append("rotated")
            fitted = fitted.transpose(_turn(orientation))
    out = _encode(fitted)
    return PreparedImage(out, width, height, hashlib.sha256(out).hexdigest(), kind,
                         (ow, oh), faces, tuple(notes))


def _load_pixels() -> None:
    """Import numpy and Pillow (for this module's functions) on first use.

    Why: the window imports this module at start-up for its types and limits (the
    reference widget), and numpy + Pillow cost ~0.15 s there, before the first frame.
    """
    global np, Image, UnidentifiedImageError  # the lazy import
    import numpy as np
    from PIL import Image, UnidentifiedImageError


class _opened:
    """``Image.open`` with the header checks done before any pixel is decoded."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.data, self.kind = data, kind
        self.img: Image.Image | None = None

    def __enter__(self) -> Image.Image:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                img = Image.open(io.BytesIO(self.data), formats=list(_pil_names(self.kind)))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            w, h = _claimed_size(exc)
            raise ImageRefused("too_many_pixels", width=w, height=h,
                               limit_mp=MAX_PIXELS // 1_000_000) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ImageRefused("damaged") from exc
        self.img = img
        w, h = img.size
        if w * h > MAX_PIXELS:
            img.close()
            raise ImageRefused("too_many_pixels", width=w, height=h,
                               limit_mp=MAX_PIXELS // 1_000_000)
        if getattr(img, "n_frames", 1) > 1:
            img.seek(0)  # an animated WebP/APNG: its first frame
        return img

    def __exit__(self, *exc: object) -> None:
        if self.img is not None:
            self.img.close()


def _pil_names(kind: str) -> tuple[str, ...]:
    return {"jpeg": ("JPEG", "MPO"), "png": ("PNG",), "webp": ("WEBP",)}[kind]


def _claimed_size(exc: Exception) -> tuple[int, int]:
    """Pillow's bomb message names the pixel count only; report it as a square's side."""
    digits = [int(t) for t in str(exc).replace(",", " ").split() if t.isdigit()]
    side = math.isqrt(digits[0]) if digits else 0
    return side, side


def _orientation(img: Image.Image) -> int:
    try:
        value = img.getexif().get(0x0112, 1)
    except (OSError, SyntaxError, ValueError, TypeError):
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _turn(orientation: int) -> Image.Transpose:
    """What shows an EXIF ``orientation`` upright (Pillow's ``exif_transpose`` table)."""
    t = Image.Transpose
    return {2: t.FLIP_LEFT_RIGHT, 3: t.ROTATE_180, 4: t.FLIP_TOP_BOTTOM, 5: t.TRANSPOSE,
            6: t.ROTATE_270, 7: t.TRANSVERSE, 8: t.ROTATE_90}[orientation]


def _needed(w: int, h: int, tw: int, th: int, mode: FitMode) -> tuple[int, int]:
    """The smallest decode size (oriented) from which the fit loses no detail."""
    if mode is FitMode.STRETCH:
        return min(w, tw), min(h, th)
    scale = max(tw / w, th / h) if mode is FitMode.CROP else min(tw / w, th / h)
    scale = min(scale, 1.0)
    return max(1, math.ceil(w * scale)), max(1, math.ceil(h * scale))


def _to_rgb(img: Image.Image, notes: list[str]) -> Image.Image:
    """Any pixel kind as 8-bit RGB; transparency flattened onto white."""
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        top = 65535.0 if mode.startswith("I;16") or arr.max(initial=0) > 255 else 255.0
        if mode == "F":
            top = max(float(arr.max(initial=1.0)), 1e-9)
        grey = np.clip(arr * (255.0 / top), 0, 255).astype(np.uint8)
        notes.append("depth_reduced")
        return Image.fromarray(grey).convert("RGB")
    if mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    elif mode == "PA":
        img = img.convert("RGBA")
    elif mode == "CMYK":
        notes.append("cmyk_converted")
        return img.convert("RGB")
    if img.mode in ("RGBA", "LA", "La", "RGBa"):
        rgba = img.convert("RGBA")
        if rgba.getextrema()[3][0] < 255:
            notes.append("alpha_flattened")
        back = Image.new("RGB", rgba.size, (255, 255, 255))
        back.paste(rgba, mask=rgba.getchannel("A"))
        return back
    return img if img.mode == "RGB" else img.convert("RGB")


def _faces_and_focus(rgb: Image.Image, orientation: int, frame: tuple[int, int],
                     mode: FitMode, detect: bool) -> tuple[int | None, Point]:
    """The faces the upload will show, and where (stored orientation) a crop centres.

    The faces are looked for once, on a small upright copy of the whole picture: a crop
    then slides over them (:mod:`studio.media.framing`) and counts the ones it keeps.
    """
    if not detect:
        return None, CENTRE
    from studio.media.faces import DETECT_SIDE, find_faces

    scale = min(1.0, DETECT_SIDE / max(rgb.size))
    small = rgb.resize((max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale))),
                       Image.Resampling.BILINEAR, reducing_gap=2.0) if scale < 1.0 else rgb
    if orientation not in (0, 1):
        small = small.transpose(_turn(orientation))
    boxes = find_faces(np.asarray(small))
    if boxes is None or mode is not FitMode.CROP:
        return (None if boxes is None else len(boxes)), CENTRE
    framing = frame_faces(small.size, frame, boxes)
    return framing.kept, to_stored(framing.centre, orientation)


def _fit(img: Image.Image, tw: int, th: int, mode: FitMode,
         focus: Point = CENTRE) -> Image.Image:
    """``img`` made ``tw`` x ``th``; a crop's window is centred on ``focus`` (fractions)
    as far as the picture allows."""
    w, h = img.size
    lanczos = Image.Resampling.LANCZOS
    if mode is FitMode.STRETCH:
        return img.resize((tw, th), lanczos, reducing_gap=3.0)
    if mode is FitMode.CROP:
        scale = max(tw / w, th / h)
        cw, ch = tw / scale, th / scale  # the source box that becomes the frame
        left = min(max(focus[0] * w - cw / 2, 0.0), w - cw)
        top = min(max(focus[1] * h - ch / 2, 0.0), h - ch)
        return img.resize((tw, th), lanczos, box=(left, top, left + cw, top + ch),
                          reducing_gap=3.0)
    scale = min(tw / w, th / h)
    iw, ih = max(1, round(w * scale)), max(1, round(h * scale))
    inner = img.resize((iw, ih), lanczos, reducing_gap=3.0)
    canvas = Image.new("RGB", (tw, th), PAD_COLOUR)
    canvas.paste(inner, ((tw - iw) // 2, (th - ih) // 2))
    return canvas


def _encode(img: Image.Image) -> bytes:
    """A baseline JPEG with nothing but pixels: ``info`` is dropped so no marker rides along."""
    clean = Image.frombytes("RGB", img.size, img.tobytes())
    buf = io.BytesIO()
    clean.save(buf, "JPEG", quality=JPEG_QUALITY)
    return buf.getvalue()
