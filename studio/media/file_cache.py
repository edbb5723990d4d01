"""Small files derived from a source file (a take's thumbnail, its loudness), kept in the
user's cache dir so a later session need not decode the take again.

Why the key is (path, size, mtime): a take re-downloaded or replaced in place must not
show its old picture or level, and hashing the video's bytes would cost more than the
decode it saves. An entry is named ``<hash of the path>-<hash of size, mtime, extra>``;
writing one removes the source's older entries, so a changed file leaves nothing stale.
Entries are written atomically (temp file, rename): two windows making the same entry at
once both end with a whole file. A cache that cannot be written costs only the keeping.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path


def cache_root(name: str) -> Path:
    """``<user cache dir>/<name>`` (platformdirs: ~/.cache/sora-studio on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("sora-studio", appauthor=False)) / name


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


class FileCache:
    """Entries with ``suffix`` under ``root``, one per source file (its latest state)."""

    def __init__(self, root: Path, suffix: str) -> None:
        self.root, self.suffix = Path(root), suffix

    def entry_of(self, source: Path, extra: str = "") -> Path | None:
        """Where ``source``'s entry lives (None: the file is gone)."""
        try:
            st = Path(source).stat()
        except OSError:
            return None
        who = _digest(str(Path(source).resolve()))
        what = _digest(f"{st.st_size}:{st.st_mtime_ns}{':' + extra if extra else ''}")
        return self.root / f"{who}-{what}{self.suffix}"

    def read(self, entry: Path) -> bytes | None:
        """The entry's bytes, or None (never written, or unreadable)."""
        with contextlib.suppress(OSError):
            return entry.read_bytes() or None
        return None

    def keep(self, entry: Path, data: bytes) -> None:
        """Write ``entry`` atomically and drop the same source's older entries; a cache
        that cannot be written is no error (the caller still has ``data``)."""
        with contextlib.suppress(OSError):
            self._write(entry, data)

    def _write(self, entry: Path, data: bytes) -> None:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        prefix = entry.name.split("-", 1)[0] + "-"
        for old in entry.parent.glob(prefix + "*" + self.suffix):
            if old != entry:  # the same source's entry before it changed
                with contextlib.suppress(OSError):
                    old.unlink()
