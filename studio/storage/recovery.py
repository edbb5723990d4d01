"""Autosave and crash recovery that never touch the user's own project file.

The autosave is a separate file: a hidden sibling ``.<name>.autosave`` beside a saved
project (so it travels with the folder and needs no index), or ``untitled.autosave`` in an
app-data directory for a project never saved. On the next start it is offered only when it
is newer than the saved file and loads cleanly; a corrupt autosave is ignored, not fatal.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from studio.core.model import Project
from studio.storage.atomic import atomic_write_bytes
from studio.storage.project_file import (
    ProjectFileError,
    Snapshot,
    dumps_snapshot,
    load_project,
    snapshot,
)

AUTOSAVE_SUFFIX = ".autosave"
UNTITLED_NAME = "untitled" + AUTOSAVE_SUFFIX

log = logging.getLogger(__name__)


def autosave_path(project_path: Path | None, *, untitled_dir: Path) -> Path:
    """Where the autosave of ``project_path`` (None: an untitled project) lives."""
    if project_path is None:
        return Path(untitled_dir) / UNTITLED_NAME
    project_path = Path(project_path)
    return project_path.with_name(f".{project_path.name}{AUTOSAVE_SUFFIX}")


def write_autosave(project: Project | Snapshot, project_path: Path | None, *,
                   untitled_dir: Path) -> Path:
    """Atomically write the recovery copy of ``project`` (or of its snapshot, taken on
    the thread that edits it); returns its path.

    Raises ProjectFileError (the project cannot be serialised) or OSError (the disk).
    """
    target = autosave_path(project_path, untitled_dir=untitled_dir)
    data = dumps_snapshot(project if isinstance(project, Snapshot) else snapshot(project))
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data, backup=False)
    return target


def find_recovery(project_path: Path | None, *, untitled_dir: Path) -> Path | None:
    """The autosave worth offering to restore, or None.

    Offered only if it exists, is strictly newer than the saved project (a missing
    project file counts as older) and loads validly. Reads only; never raises for a
    broken autosave.
    """
    candidate = autosave_path(project_path, untitled_dir=untitled_dir)
    auto_mtime = _mtime_ns(candidate)
    if auto_mtime is None:
        return None
    saved_mtime = _mtime_ns(Path(project_path)) if project_path is not None else None
    if saved_mtime is not None and auto_mtime <= saved_mtime:
        return None
    try:
        load_project(candidate)
    except ProjectFileError as exc:
        log.warning("ignoring unusable autosave: %s", exc)
        return None
    return candidate


def discard_autosave(project_path: Path | None, *, untitled_dir: Path) -> None:
    """Remove the recovery copy (after a save, or when the user declines recovery)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(autosave_path(project_path, untitled_dir=untitled_dir))


def _mtime_ns(path: Path) -> int | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns
