"""Crash-safe file replacement: the final path always holds a complete old or new file.

Used for project files now and meant for the job ledger's exports, downloads and
settings later. The recipe: write a temp file in the same directory (so the rename
stays on one filesystem), flush + fsync it, optionally keep the previous version as
``<name>.bak`` (hard link or copy to a temp name, then rename), rename the temp file over
the target, and fsync the directory so the rename itself survives a power cut.

A save killed halfway leaves its temp file behind (never a partial final file). Such
leftovers are swept by the next save beside them and by :func:`sweep_stale_temps` (the
settings call it on start). A writer holds an exclusive ``flock`` on its temp file until
the rename, so a sweep never removes the temp file of a save still in progress, even one
in another process; a killed writer's lock dies with it.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; leftovers are swept by age instead
    fcntl = None  # type: ignore[assignment]

_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[0-9a-f]{12}(?:\.bak)?\.tmp$")
_UNLOCKED_SWEEP_AGE = 3600.0  # seconds; only where there is no flock


class _LostRace(Exception):
    """Internal: a sweep removed our fresh temp file before we could lock it."""


def backup_path(path: Path) -> Path:
    """Where ``atomic_write_bytes(..., backup=True)`` keeps the previous version."""
    return path.with_name(path.name + ".bak")


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, backup: bool = False,
                       mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` so that a crash never leaves a partial file there.

    With ``backup=True`` an existing file is first preserved as ``<name>.bak``. A symlink at
    ``path`` is followed (its target is replaced), so users' links keep working. On any
    failure the temp files are removed and the original is untouched.

    By default the new file keeps the old file's permissions (a new one gets the umask's).
    With ``mode`` (e.g. ``0o600`` for secrets) the temp file is *created* with those bits
    (the umask can only narrow them) and never chmod-ed: no other user can open it even
    for the instant between its creation and a chmod.
    """
    target = Path(os.path.realpath(path))
    existing = _existing_mode(target)
    sweep_stale_temps(target.parent, name=target.name)
    if mode is not None:
        tmp, fd = _write_temp(target, data, create_mode=mode, keep_mode=None)
    else:
        tmp, fd = _write_temp(target, data, create_mode=0o666, keep_mode=existing)
    try:
        if backup and existing is not None:
            _refresh_backup(target)
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    finally:
        os.close(fd)  # the lock held the temp file against sweeps until the rename
    fsync_dir(target.parent)


def sweep_stale_temps(directory: str | os.PathLike[str], *, name: str | None = None) -> int:
    """Remove the temp files interrupted saves left in ``directory``; returns how many.

    Only ours (``.<name>.<12 hex>[.bak].tmp``; with ``name``, only those of that file) and
    only when no live writer holds them: a temp file is locked from its creation to its
    rename. Never raises for a file it cannot remove.
    """
    try:
        entries = os.listdir(directory)
    except OSError:
        return 0
    swept = 0
    for entry in entries:
        m = _TEMP_NAME.match(entry)
        if m is None or (name is not None and m["name"] != name):
            continue
        if _remove_if_stale(Path(directory) / entry):
            swept += 1
    return swept


def _remove_if_stale(path: Path) -> bool:
    # O_NONBLOCK: a FIFO bearing a temp name must not hang the open (and every save here)
    flags = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return False
        if fcntl is None:
            if time.time() - st.st_mtime < _UNLOCKED_SWEEP_AGE:
                return False
        else:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # a save in progress holds it
        if not _same_file(fd, path):
            return False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _lock(fd: int, path: Path) -> None:
    """Hold ``path`` (opened as ``fd``) against sweeps; _LostRace if one got it first."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits out a sweep that locked it first
    if not _same_file(fd, path):
        raise _LostRace


def _existing_mode(target: Path) -> int | None:
    """Permission bits of the file being replaced, or None if there is none yet."""
    try:
        st = target.stat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise IsADirectoryError(f"{target} is not a regular file")
    return stat.S_IMODE(st.st_mode)


def _temp_sibling(target: Path, suffix: str) -> Path:
    """A unique hidden name beside ``target`` (same directory: rename stays atomic)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}{suffix}")


def _write_temp(target: Path, data: bytes, *, create_mode: int,
                keep_mode: int | None) -> tuple[Path, int]:
    """Write + fsync ``data`` to a fresh temp file created with ``create_mode`` (the umask
    applies); then give it ``keep_mode`` (the old file's permissions) when there is one.

    Returns the path and a second descriptor that holds the sweep lock until the caller
    closes it (after the rename).
    """
    while True:
        tmp = _temp_sibling(target, ".tmp")
        fd = os.open(tmp, _OPEN_FLAGS, create_mode)
        try:
            _lock(fd, tmp)
            break
        except _LostRace:
            os.close(fd)
        except BaseException:
            os.close(fd)
            _unlink_quietly(tmp)
            raise
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        if keep_mode is not None:
            os.chmod(tmp, keep_mode)
    except BaseException:
        os.close(fd)
        _unlink_quietly(tmp)
        raise
    return tmp, fd


def _refresh_backup(target: Path) -> None:
    """Make ``<name>.bak`` the current content of ``target`` without a window of loss.

    A hard link costs nothing and the old inode survives the later rename; filesystems
    without links get a synced copy. Either way the new .bak appears by one rename.
    """
    while True:
        bak_tmp = _temp_sibling(target, ".bak.tmp")
        fd = -1
        try:
            try:
                os.link(target, bak_tmp)
            except OSError:
                shutil.copy2(target, bak_tmp)
                _fsync_file(bak_tmp)
            fd = os.open(bak_tmp, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                _lock(fd, bak_tmp)
            except _LostRace:
                continue
            os.replace(bak_tmp, backup_path(target))
            return
        except BaseException:
            _unlink_quietly(bak_tmp)
            raise
        finally:
            if fd >= 0:
                os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    """Persist a rename in ``directory``; a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # Windows: directories cannot be opened; NTFS journals the rename
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
