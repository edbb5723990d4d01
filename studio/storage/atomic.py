"""Crash-safe file replacement: the final path always holds a complete old or new file.

Used for project files now and meant for the job ledger's exports, downloads and
settings later. The recipe: write a temp file in the same directory (so the rename
stays on one filesystem), flush + fsync it, optionally keep the previous version as
``<name>.bak`` (hard link or copy to a temp name, then rename), rename the temp file over
the target, and fsync the directory so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from pathlib import Path

_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


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
    if mode is not None:
        tmp = _write_temp(target, data, create_mode=mode, keep_mode=None)
    else:
        tmp = _write_temp(target, data, create_mode=0o666, keep_mode=existing)
    try:
        if backup and existing is not None:
            _refresh_backup(target)
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    fsync_dir(target.parent)


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


def _write_temp(target: Path, data: bytes, *, create_mode: int, keep_mode: int | None) -> Path:
    """Write + fsync ``data`` to a fresh temp file created with ``create_mode`` (the umask
    applies); then give it ``keep_mode`` (the old file's permissions) when there is one."""
    tmp = _temp_sibling(target, ".tmp")
    fd = os.open(tmp, _OPEN_FLAGS, create_mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if keep_mode is not None:
            os.chmod(tmp, keep_mode)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return tmp


def _refresh_backup(target: Path) -> None:
    """Make ``<name>.bak`` the current content of ``target`` without a window of loss.

    A hard link costs nothing and the old inode survives the later rename; filesystems
    without links get a synced copy. Either way the new .bak appears by one rename.
    """
    bak_tmp = _temp_sibling(target, ".bak.tmp")
    try:
        try:
            os.link(target, bak_tmp)
        except OSError:
            shutil.copy2(target, bak_tmp)
            _fsync_file(bak_tmp)
        os.replace(bak_tmp, backup_path(target))
    except BaseException:
        _unlink_quietly(bak_tmp)
        raise


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
