"""Thumbnails kept on disk: made once, read back, rebuilt when the source file changes."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.media.thumb_cache import ThumbnailStore, default_root
from tests.media.clips import make_clip


def _grey(png: bytes) -> tuple[int, tuple[int, ...]]:
    img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    return int(img.mean()), img.shape


@pytest.mark.timeout(60)
def test_a_thumbnail_is_made_once_and_rebuilt_when_the_file_changes(tmp_path: Path) -> None:
    store = ThumbnailStore(tmp_path / "cache")
    clip = make_clip(tmp_path / "take.mp4", seconds=0.5, shade=40)
    png = store.png(clip, 36)
    assert png is not None
    grey, shape = _grey(png)
    assert shape == (36, 64) and abs(grey - 40) <= 3
    [entry] = (tmp_path / "cache").glob("*.png")
    assert entry.read_bytes() == png

    # read back, not decoded again: what the cache holds is what comes back
    marker = cv2.imencode(".png", np.full((36, 64), 200, np.uint8))[1].tobytes()
    entry.write_bytes(marker)
    assert store.png(clip, 36) == marker
    assert ThumbnailStore(tmp_path / "cache").png(clip, 36) == marker  # a later session
    assert _grey(store.png(clip, 20) or b"")[1] == (20, 36)  # another height, its own entry

    # the take is replaced in place: a new picture, the old entries gone
    make_clip(tmp_path / "take.mp4", seconds=0.5, shade=160)
    st = clip.stat()
    os.utime(clip, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    fresh = store.png(clip, 36)
    assert fresh is not None and abs(_grey(fresh)[0] - 160) <= 3
    assert [p.read_bytes() for p in (tmp_path / "cache").glob("*.png")] == [fresh]


@pytest.mark.timeout(60)
def test_missing_broken_and_unwritable(tmp_path: Path) -> None:
    store = ThumbnailStore(tmp_path / "cache")
    assert store.png(tmp_path / "gone.mp4", 36) is None
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video at all" * 50)
    assert store.png(bad, 36) is None
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    clip = make_clip(tmp_path / "take.mp4", seconds=0.5, shade=90)
    png = ThumbnailStore(blocked).png(clip, 36)  # nothing kept, the picture still shown
    assert png is not None and abs(_grey(png)[0] - 90) <= 3


def test_the_default_root_is_the_user_cache_dir(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_root() == tmp_path / "xdg" / "sora-studio" / "thumbnails"
