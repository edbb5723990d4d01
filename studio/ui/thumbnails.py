"""Thumbnails of takes, decoded off the GUI thread and cached by path + mtime.

Video thumbnails are also kept on disk in the user's cache dir (``media.thumb_cache``,
keyed by path, size and mtime), so reopening a project does not decode every take again.

Decoding even one H.264 frame costs milliseconds to tens of milliseconds; 500 of them on
the GUI thread would freeze the timeline. So :meth:`ThumbnailCache.get` never decodes: it
returns what is cached (or None) and queues a job on a small private ``QThreadPool``. The
worker (PyAV, or QImageReader for stills) produces a ``QImage`` — the one image class that is
safe off the GUI thread — and hands it back through a queued signal; only the GUI thread
turns it into a ``QPixmap`` and tells listeners via :attr:`ThumbnailCache.thumbnailReady`.
Workers never see a widget.

The workers are a Python thread pool, not a ``QThreadPool``: a ``QThreadPool`` destroyed
with its owner joins its threads while the GUI thread holds the GIL, and a worker still
decoding (in Python) then waits for that GIL forever — the window hung on close.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QImage, QImageReader, QPixmap

from studio.media.thumb_cache import VIDEO_SUFFIXES, ThumbnailStore

log = logging.getLogger(__name__)

Key = tuple[str, int, int]  # (path, mtime_ns, size)


def cache_key(path: Path) -> Key | None:
    """Identity of a file's current content; None if it does not exist."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size)


def decode_thumbnail(path: Path, height: int, store: ThumbnailStore | None = None) -> QImage:
    """First frame of a video (or the image itself), scaled to ``height``. Thread-safe.

    A video's frame comes from the disk cache when its file is unchanged, else it is
    decoded (PyAV is imported only then, off the startup path) and kept there.
    """
    if path.suffix.lower() in VIDEO_SUFFIXES:
        png = (store or ThumbnailStore()).png(path, height)
        return QImage.fromData(png, "PNG") if png else QImage()
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    img = reader.read()
    if img.isNull():
        return img
    return img.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)


class _Relay(QObject):
    """Lives in the GUI thread; workers emit on it, so delivery is a queued call."""

    done = Signal(object, QImage)


def _decode_and_deliver(relay: _Relay, key: Key, height: int, store: ThumbnailStore) -> None:
    """Worker body: decode, then hand the image to the GUI thread (never touch widgets)."""
    try:
        img = decode_thumbnail(Path(key[0]), height, store)
    except Exception as exc:  # a broken file must not kill the pool
        log.info("thumbnail of %s failed: %s", key[0], exc)
        img = QImage()
    with contextlib.suppress(RuntimeError):  # the cache was deleted meanwhile: drop it
        relay.done.emit(key, img)


class ThumbnailCache(QObject):
    """Asynchronous, LRU-bounded thumbnail store shared by the timeline and other views.

    Signals:
        thumbnailReady(str): a thumbnail for this path (as ``str(path)``) is now cached;
            call :meth:`get` again to obtain it.
    """

    thumbnailReady = Signal(str)

    def __init__(self, height: int = 96, max_items: int = 1024, parent: QObject | None = None,
                 store: ThumbnailStore | None = None):
        super().__init__(parent)
        self.height = height
        #: the disk cache of video thumbnails (default: the user cache dir)
        self.store = store if store is not None else ThumbnailStore()
        self._max = max_items
        self._pixmaps: OrderedDict[Key, QPixmap | None] = OrderedDict()  # None = undecodable
        self._pending: set[Key] = set()
        self._pool = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="thumbnail")
        self._futures: set[concurrent.futures.Future[None]] = set()
        self._relay = _Relay(self)
        pool = self._pool  # not self: the wrapper is gone when destroyed() arrives
        self.destroyed.connect(lambda *_: pool.shutdown(wait=False, cancel_futures=True))
        self._relay.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    def get(self, path: Path) -> QPixmap | None:
        """The cached thumbnail of ``path``; if missing, schedule it and return None."""
        key = cache_key(path)
        if key is None:
            return None
        if key in self._pixmaps:
            self._pixmaps.move_to_end(key)
            return self._pixmaps[key]
        if key not in self._pending:
            self._pending.add(key)
            future = self._pool.submit(_decode_and_deliver, self._relay, key, self.height,
                                       self.store)
            self._futures.add(future)
            future.add_done_callback(self._futures.discard)
        return None

    def pending(self) -> int:
        return len(self._pending)

    def wait(self, msecs: int = 5_000) -> bool:
        """Block until queued decodes end (tests and shutdown only; never from a slot)."""
        _, not_done = concurrent.futures.wait(list(self._futures), timeout=msecs / 1000)
        return not not_done

    def clear(self) -> None:
        for future in list(self._futures):
            future.cancel()
        self._pixmaps.clear()
        self._pending.clear()

    @Slot(object, QImage)
    def _on_done(self, key: Key, image: QImage) -> None:
        if key not in self._pending:  # cleared meanwhile
            return
        self._pending.discard(key)
        self._pixmaps[key] = None if image.isNull() else QPixmap.fromImage(image)
        while len(self._pixmaps) > self._max:
            self._pixmaps.popitem(last=False)
        self.thumbnailReady.emit(key[0])
