"""What the About dialog shows, read at run time: the bundled parts, their versions and
licences, and the folders the studio keeps its data in.

Why read, not write down: the versions (and FFmpeg's licence) are those of the build the
user runs, which the packaging can change. Qt's own version is read by the dialog (this
layer has no Qt). Some of it imports heavy modules (PyAV, OpenCV): call
:func:`bundled_parts` off the GUI thread (``TaskManager.blocking``).
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "sora-studio"


@dataclass(frozen=True)
class Part:
    """One bundled component: ``note`` is a code the dialog words ("" for none)."""

    name: str
    version: str
    licence: str
    note: str = ""
    detail: str = ""  # a parameter of the note (a list of libraries, a file name)


@dataclass(frozen=True)
class Folders:
    data: Path  # projects' jobs ledger, the local provider's files, the recovery files
    settings: Path
    cache: Path  # thumbnails, loudness profiles


def folders() -> Folders:
    """The folders the studio writes, as the code that writes them computes them."""
    from studio.app.generation import GenerationConfig
    from studio.media.thumb_cache import default_root as thumbnails_root
    from studio.storage.settings import default_settings_dir

    return Folders(data=GenerationConfig().root(), settings=default_settings_dir(),
                   cache=thumbnails_root().parent)


def bundled_parts() -> list[Part]:
    """The non-Qt parts (blocking: imports PyAV, OpenCV and Pillow if not yet loaded)."""
    import av
    import cv2
    import PIL

    parts = [Part("Python", sys.version.split()[0], "PSF-2.0")]
    parts.append(_pyav_ffmpeg(av))
    qt_ffmpeg = _qt_ffmpeg()
    if qt_ffmpeg is not None:
        parts.append(qt_ffmpeg)
    parts += [
        Part("PyAV", av.__version__, "BSD-3-Clause"),
        Part("OpenCV", cv2.__version__, "Apache-2.0"),
        Part("Pillow", PIL.__version__, "MIT-CMU"),
        _font(),
    ]
    return parts


def _pyav_ffmpeg(av) -> Part:
    """FFmpeg as built into PyAV's wheel: the licence FFmpeg itself reports, and the GPL
    encoders the build links (x264, x265), which bind the whole to the GPL."""
    meta = av._core.library_meta.get("libavcodec", {})
    config = str(meta.get("configuration", ""))
    gpl = [name for name in ("x264", "x265") if f"--enable-lib{name}" in config]
    return Part("FFmpeg (PyAV)", str(av.ffmpeg_version_info),
                str(meta.get("license", "")) or "LGPL-2.1-or-later",
                note="gpl_encoders" if gpl else "", detail=", ".join(gpl))


def _qt_ffmpeg() -> Part | None:
    """FFmpeg as shipped with Qt Multimedia: its version from the library's file name.

    Its licence is Qt's documented one for that build (LGPL-2.1-or-later): the library
    cannot be asked in-process without Qt's OpenSSL loaded first.
    """
    lib = _qt_library("avcodec")
    if lib is None:
        return None
    digits = ".".join(p for p in lib.name.replace("-", ".").split(".") if p.isdigit())
    return Part("FFmpeg (Qt Multimedia)", f"libavcodec {digits}", "LGPL-2.1-or-later")


def _qt_library(stem: str) -> Path | None:
    """Qt's copy of an FFmpeg library, by the file names of the PySide6 wheels."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations)))
    patterns = (f"Qt/lib/lib{stem}.so.*", f"{stem}-*.dll", f"Qt/lib/lib{stem}.*.dylib",
                f"lib{stem}.so.*")
    for pattern in patterns:
        found = sorted(base.glob(pattern), key=lambda p: len(p.name))
        if found:
            return found[-1]  # the fullest version: libavcodec.so.61.19.101
    return None


FONT_LICENCES = {"noto": "OFL-1.1", "sourcehan": "OFL-1.1", "wqy": "GPL-2.0 with font exception"}


def _font() -> Part:
    """The font the animatic's cards draw Chinese with (found on the system)."""
    from studio.media.fonts import FontNotFoundError, find_cjk_font

    try:
        path = find_cjk_font().path
    except FontNotFoundError:
        return Part("CJK font", "", "", note="no_cjk_font")
    key = path.name.lower().replace("-", "").replace(" ", "")
    licence = next((lic for k, lic in FONT_LICENCES.items() if key.startswith(k)), "")
    return Part("CJK font", path.name, licence, note="system_font", detail=str(path))
