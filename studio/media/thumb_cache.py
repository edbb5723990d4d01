"""Take thumbnails kept on disk in the user's cache dir, so a reopened project shows its
timeline without decoding a frame of every take again.

Why the key is (path, size, mtime): a take re-downloaded or replaced in place must not
show its old picture, and hashing the video's bytes would cost more than decoding the one
frame. A file's entry is named ``<hash of its path>-<hash of size, mtime, height>.png``;
writing a new entry removes the source's older ones, so a changed file leaves no stale
picture behind. Entries are written atomically (temp file, rename): two windows making
the same thumbnail at once both end with a whole file. Qt-free: the window's worker
threads call it and turn the PNG into a QImage themselves.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".mkv"})


def default_root() -> Path:
    """``<user cache dir>/thumbnails`` (platformdirs: ~/.cache/sora-studio on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("sora-studio", appauthor=False)) / "thumbnails"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


class ThumbnailStore:
    """First-frame thumbnails of videos as PNG files under ``root``, keyed by content."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()

    def entry(self, source: Path, height: int) -> Path | None:
        """Where ``source``'s thumbnail of ``height`` lives (None: the file is gone)."""
        try:
            st = Path(source).stat()
        except OSError:
            return None
        who = _digest(str(Path(source).resolve()))
        what = _digest(f"{st.st_size}:{st.st_mtime_ns}:{height}")
        return self.root / f"{who}-{what}.png"

    def png(self, source: Path, height: int) -> bytes | None:
        """``source``'s thumbnail at ``height`` as PNG bytes: from the cache, else made
        now and kept. None for a file that is gone or has no frame to show; a cache dir
        that cannot be written costs only the keeping (the picture is still returned).
        """
        entry = self.entry(source, height)
        if entry is None:
            return None
        with contextlib.suppress(OSError):
            kept = entry.read_bytes()
            if kept:
                return kept
        png = first_frame_png(Path(source), height)
        if png is not None:
            with contextlib.suppress(OSError):
                self._write(entry, png)
        return png

    def _write(self, entry: Path, png: bytes) -> None:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".thumb-", suffix=".tmp", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(png)
            os.replace(tmp, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        prefix = entry.name.split("-", 1)[0] + "-"
        for old in entry.parent.glob(prefix + "*.png"):
            if old != entry:  # the same source's picture before it changed
                with contextlib.suppress(OSError):
                    old.unlink()


def first_frame_png(path: Path, height: int) -> bytes | None:
    """The first decodable frame of a video scaled to ``height``, as PNG; None if none."""
    import av
    import av.error
    import cv2
    import numpy as np

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            for frame in container.decode(stream):
                w = max(1, round(frame.width * height / max(1, frame.height)))
                rgb = frame.reformat(width=w, height=height, format="rgb24").to_ndarray()
                ok, buf = cv2.imencode(".png", np.ascontiguousarray(rgb[:, :, ::-1]),
                                       [cv2.IMWRITE_PNG_COMPRESSION, 1])
                return bytes(buf) if ok else None
    except (av.error.FFmpegError, IndexError, OSError):
        return None
    return None
