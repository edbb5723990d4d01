"""Take thumbnails kept on disk in the user's cache dir, so a reopened project shows its
timeline without decoding a frame of every take again (``file_cache``: keyed by the take's
path, size and mtime, and the height). Qt-free: the window's worker threads call it and
turn the PNG into a QImage themselves.
"""

from __future__ import annotations

from pathlib import Path

from studio.media.file_cache import FileCache, cache_root

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".mkv"})


def default_root() -> Path:
    """``<user cache dir>/thumbnails`` (platformdirs: ~/.cache/sora-studio on Linux)."""
    return cache_root("thumbnails")


class ThumbnailStore(FileCache):
    """First-frame thumbnails of videos as PNG files under ``root``, keyed by content."""

    def __init__(self, root: Path | None = None) -> None:
        super().__init__(root if root is not None else default_root(), ".png")

    def entry(self, source: Path, height: int) -> Path | None:
        """Where ``source``'s thumbnail of ``height`` lives (None: the file is gone)."""
        return self.entry_of(source, str(height))

    def png(self, source: Path, height: int) -> bytes | None:
        """``source``'s thumbnail at ``height`` as PNG bytes: from the cache, else made
        now and kept. None for a file that is gone or has no frame to show; a cache dir
        that cannot be written costs only the keeping (the picture is still returned).
        """
        entry = self.entry(source, height)
        if entry is None:
            return None
        if (kept := self.read(entry)) is not None:
            return kept
        png = first_frame_png(Path(source), height)
        if png is not None:
            self.keep(entry, png)
        return png


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
