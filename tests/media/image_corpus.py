"""Image files made in the test, good and bad, for the reference-image pipeline.

``BAD`` maps a file name (its extension is the lie a user's file may tell) to a builder of
its bytes and the refusal code it must get. ``GOOD`` are awkward but valid images
(16-bit, CMYK, palette with transparency, alpha, rotated, animated) that must fit.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

import numpy as np
from PIL import Image


def photo(w: int = 640, h: int = 480, seed: int = 1) -> Image.Image:
    """A photo-like RGB image: smooth gradients, shapes and a little noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    r = 128 + 100 * np.sin(x / max(w, 1) * 6.0 + seed)
    g = 128 + 100 * np.cos(y / max(h, 1) * 5.0)
    b = 128 + 80 * np.sin((x + y) / max(w + h, 1) * 9.0)
    arr = np.stack([r, g, b], axis=-1) + rng.normal(0, 6, (h, w, 3))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def encoded(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(w: int, h: int) -> bytes:
    """A tiny PNG whose header claims ``w`` x ``h`` 1-bit pixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))


def jpeg_claiming(w: int, h: int) -> bytes:
    """A real small JPEG with its SOF0 size rewritten to ``w`` x ``h``."""
    data = bytearray(encoded(photo(64, 64), "JPEG"))
    i = data.index(b"\xff\xc0")
    data[i + 5:i + 9] = struct.pack(">HH", h, w)
    return bytes(data)


def webp_claiming(w: int, h: int) -> bytes:
    """A lossless WebP whose header claims ``w`` x ``h`` (up to 16384 a side)."""
    data = bytearray(encoded(photo(32, 32), "WEBP", lossless=True))
    i = data.index(b"VP8L") + 8 + 1  # chunk header, then the 0x2f signature
    bits = (w - 1) | ((h - 1) << 14) | (int.from_bytes(data[i:i + 4], "little") & ~((1 << 28) - 1))
    data[i:i + 4] = bits.to_bytes(4, "little")
    return bytes(data)


def corrupt_png() -> bytes:
    data = bytearray(encoded(photo(64, 64), "PNG"))
    i = data.index(b"IDAT") + 4
    data[i:i + 40] = b"\x00" * 40  # zlib stream destroyed, CRC no longer matches
    return bytes(data)


BAD: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty.jpg": (lambda: b"", "empty"),
    "notes.jpg": (lambda: b"Shopping list\nmilk\neggs\n" * 10, "not_image"),
    "page.png": (lambda: b"<!DOCTYPE html><html><body>hi</body></html>", "not_image"),
    "random.webp": (lambda: np.random.default_rng(3).bytes(4096), "not_image"),
    "archive.png": (lambda: b"PK\x03\x04" + b"\x00" * 100, "not_image"),
    "clip.jpg": (lambda: b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64,
                 "not_image"),
    "animation.gif": (lambda: encoded(photo(32, 32).convert("P"), "GIF"), "format_refused"),
    "iphone.heic": (lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
                    "format_refused"),
    "photo.avif": (lambda: b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + b"\x00" * 64,
                   "format_refused"),
    "logo.svg": (lambda: b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
                 "format_refused"),
    "logo.png": (lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="10"/>',
                 "format_refused"),
    "scan.pdf": (lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "format_refused"),
    "scan.jpg": (lambda: encoded(photo(64, 64), "TIFF"), "format_refused"),
    "old.bmp": (lambda: encoded(photo(64, 64), "BMP"), "format_refused"),
    "icon.png": (lambda: encoded(photo(32, 32), "ICO"), "format_refused"),
    "layers.jpg": (lambda: b"8BPS\x00\x01" + b"\x00" * 100, "format_refused"),
    "truncated.jpg": (lambda: encoded(photo(), "JPEG")[:300], "damaged"),
    "garbage_after_header.jpg": (lambda: b"\xff\xd8\xff\xe0" + b"\x13" * 500, "damaged"),
    "corrupt.png": (corrupt_png, "damaged"),
    "truncated.webp": (lambda: encoded(photo(), "WEBP")[:200], "damaged"),
    "bomb.png": (lambda: png_claiming(60_000, 60_000), "too_many_pixels"),
    "bomb_wide.png": (lambda: png_claiming(200_000, 1_000), "too_many_pixels"),
    "bomb.jpg": (lambda: jpeg_claiming(65_000, 65_000), "too_many_pixels"),
    "bomb.webp": (lambda: webp_claiming(16_000, 16_000), "too_many_pixels"),
    "dot.png": (lambda: encoded(photo(1, 1), "PNG"), "too_small"),
    "sliver.jpg": (lambda: encoded(photo(8, 2000), "JPEG"), "too_small"),
    "huge.jpg": (lambda: b"\xff\xd8\xff\xe0" + b"\x00" * (50 * 1024 * 1024), "too_large"),
}


def _cmyk_jpeg() -> bytes:
    return encoded(photo(320, 200).convert("CMYK"), "JPEG")


def _png16() -> bytes:
    ramp = (np.linspace(0, 65535, 300 * 200).reshape(200, 300)).astype(np.uint16)
    return encoded(Image.fromarray(ramp), "PNG")


def _palette_transparent() -> bytes:
    img = photo(300, 200).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    return encoded(img, "PNG", transparency=0)


def _rgba() -> bytes:
    img = photo(300, 200).convert("RGBA")
    img.putalpha(Image.linear_gradient("L").resize((300, 200)))
    return encoded(img, "PNG")


def _la() -> bytes:
    return encoded(photo(300, 200).convert("LA"), "PNG")


def _animated_webp() -> bytes:
    frames = [photo(160, 120, seed=s) for s in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, "WEBP", save_all=True, append_images=frames[1:], duration=100)
    return buf.getvalue()


GOOD: dict[str, Callable[[], bytes]] = {
    "rgb.jpg": lambda: encoded(photo(), "JPEG"),
    "grey.jpg": lambda: encoded(photo().convert("L"), "JPEG"),
    "cmyk.jpg": _cmyk_jpeg,
    "sixteen_bit.png": _png16,
    "palette_transparent.png": _palette_transparent,
    "alpha.png": _rgba,
    "grey_alpha.png": _la,
    "mono.png": lambda: encoded(photo().convert("1"), "PNG"),
    "lossy.webp": lambda: encoded(photo(), "WEBP"),
    "animated.webp": _animated_webp,
    "renamed_png.jpg": lambda: encoded(photo(), "PNG"),
}


def tagged_jpeg(orientation: int = 6) -> bytes:
    """A JPEG with EXIF (orientation, GPS, camera), XMP, an ICC profile and a comment."""
    img = photo(400, 300)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "SecretCam"  # make
    exif[0x0110] = "Model-X"
    gps = {1: "N", 2: (52.0, 22.0, 11.0), 3: "E", 4: (4.0, 53.0, 44.0)}
    exif[0x8825] = gps
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
           b'exif:GPSLatitude="52,22.18N"/></rdf:RDF></x:xmpmeta>')
    return encoded(img, "JPEG", exif=exif.tobytes(), icc_profile=icc, comment=b"home address",
                   xmp=xmp)


def jpeg_markers(data: bytes) -> list[int]:
    """The marker bytes of a JPEG's header segments, up to the start of scan."""
    out, i = [], 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        out.append(marker)
        if marker == 0xDA:
            break
        i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    return out
