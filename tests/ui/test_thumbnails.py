"""Thumbnails decode off the GUI thread, are cached by path + mtime, and fail softly."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from studio.media.thumb_cache import ThumbnailStore
from studio.ui import thumbnails
from studio.ui.thumbnails import ThumbnailCache, decode_thumbnail
from tests.ui.media_helpers import make_clip


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return make_clip(tmp_path_factory.mktemp("t") / "c.mp4", seconds=0.3, color=(20, 200, 20))


def test_decode_first_frame_scaled_to_height(clip: Path) -> None:
    img = decode_thumbnail(clip, 45)
    assert (img.width(), img.height()) == (80, 45)
    # frame 0 has no white bar yet: the middle is the clip's green
    c = QColor(img.pixel(60, 22))
    assert c.green() > 150 and c.red() < 80


def test_decode_still_image(tmp_path: Path) -> None:
    src = QImage(200, 100, QImage.Format.Format_RGB32)
    src.fill(QColor("red"))
    src.save(str(tmp_path / "s.png"))
    assert decode_thumbnail(tmp_path / "s.png", 50).size().toTuple() == (100, 50)


def test_cache_loads_in_a_worker_and_then_serves_from_memory(qtbot, clip, monkeypatch,
                                                              tmp_path: Path) -> None:
    threads: list[bool] = []
    real = thumbnails.decode_thumbnail

    def spy(path: Path, height: int, store: ThumbnailStore | None = None) -> QImage:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(path, height, store)

    monkeypatch.setattr(thumbnails, "decode_thumbnail", spy)
    cache = ThumbnailCache(height=36, store=ThumbnailStore(tmp_path / "cache"))
    with qtbot.waitSignal(cache.thumbnailReady, timeout=10_000) as sig:
        assert cache.get(clip) is None
        assert cache.get(clip) is None  # asked twice, decoded once
    assert sig.args == [str(clip)]
    pm = cache.get(clip)
    assert pm is not None and pm.height() == 36
    assert threads == [False]  # decoded once, never on the GUI thread
    # A new mtime is a new file: decoded again.
    st = clip.stat()
    os.utime(clip, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    with qtbot.waitSignal(cache.thumbnailReady, timeout=10_000):
        assert cache.get(clip) is None
    assert len(threads) == 2
    cache.wait()


def test_broken_and_missing_files_do_not_raise(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00" * 4096)
    cache = ThumbnailCache()
    assert cache.get(tmp_path / "missing.mp4") is None
    assert cache.pending() == 0
    with qtbot.waitSignal(cache.thumbnailReady, timeout=10_000):
        cache.get(bad)
    assert cache.get(bad) is None and cache.pending() == 0  # remembered as undecodable
    cache.wait()


def test_cache_is_bounded(qtbot, tmp_path: Path) -> None:
    cache = ThumbnailCache(height=10, max_items=2)
    paths = []
    for i in range(3):
        img = QImage(20, 20, QImage.Format.Format_RGB32)
        img.fill(QColor(i * 60, 0, 0))
        paths.append(tmp_path / f"{i}.png")
        img.save(str(paths[-1]))
    for p in paths:
        with qtbot.waitSignal(cache.thumbnailReady, timeout=5_000):
            cache.get(p)
    assert len(cache._pixmaps) == 2
    cache.wait()


@pytest.mark.timeout(60)
def test_deleting_the_cache_mid_decode_does_not_hang(qtbot, tmp_path: Path) -> None:
    """Closing the window while thumbnails decode must not deadlock (it once did)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    clips = [make_clip(tmp_path / f"c{i}.mp4", seconds=0.4) for i in range(6)]
    cache = ThumbnailCache(height=48)
    for c in clips:
        assert cache.get(c) is None
    cache.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(300)  # late deliveries from workers are dropped, not crashed on


def test_a_new_session_reads_video_thumbnails_from_the_disk_cache(qtbot, tmp_path: Path) -> None:
    """The user cache dir keeps what was decoded; a changed file is decoded again."""
    clip = make_clip(tmp_path / "take.mp4", seconds=0.3, color=(20, 200, 20))
    store = ThumbnailStore(tmp_path / "cache")
    first = ThumbnailCache(height=36, store=store)
    with qtbot.waitSignal(first.thumbnailReady, timeout=10_000):
        first.get(clip)
    first.wait()
    [entry] = (tmp_path / "cache").glob("*.png")
    # what a later session shows comes from that file, not from the video
    marker = QImage(64, 36, QImage.Format.Format_RGB32)
    marker.fill(QColor(200, 20, 20))
    marker.save(str(entry))
    later = ThumbnailCache(height=36, store=ThumbnailStore(tmp_path / "cache"))
    with qtbot.waitSignal(later.thumbnailReady, timeout=10_000):
        later.get(clip)
    pm = later.get(clip)
    assert pm is not None and QColor(pm.toImage().pixel(30, 18)).red() > 150
    # the take replaced: decoded again (green), and the stale picture is gone
    st = clip.stat()
    os.utime(clip, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    fresh = ThumbnailCache(height=36, store=store)
    with qtbot.waitSignal(fresh.thumbnailReady, timeout=10_000):
        fresh.get(clip)
    pm = fresh.get(clip)
    assert pm is not None and QColor(pm.toImage().pixel(60, 18)).green() > 150
    assert len(list((tmp_path / "cache").glob("*.png"))) == 1
    later.wait()
    fresh.wait()
