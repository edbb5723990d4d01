"""What a project's reference images are on disk now, read safely, for the checks that
run before anything is sent (``validate`` and ``render`` run the same ones).

A reference counts as present only when it is a regular file inside the project folder:
a path or symlink leading out of it, a folder, a FIFO (whose open would hang) or a missing
file all read as absent (None), which core's validation reports before the first request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from studio.core.capabilities import CapabilityTable
from studio.core.model import Project, ReferenceImage
from studio.core.validation import Problem, validate_project
from studio.storage.project_file import resolve_media_path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def references_of(project: Project) -> Iterator[ReferenceImage]:
    if project.reference is not None:
        yield project.reference
    for shot in project.shots:
        if shot.reference is not None:
            yield shot.reference


def reference_hashes(project: Project, project_dir: Path) -> dict[str, str | None]:
    """Each reference path -> SHA-256 of the regular file inside ``project_dir`` it names,
    or None when there is no such file. Blocking."""
    out: dict[str, str | None] = {}
    for ref in references_of(project):
        if ref.path not in out:
            out[ref.path] = file_sha256(project_dir, ref.path)
    return out


def file_sha256(project_dir: Path, rel: str) -> str | None:
    try:
        path = resolve_media_path(project_dir, rel)  # symlinks resolved: never out
        fd = os.open(path, _FLAGS)
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest = hashlib.sha256()
        with os.fdopen(os.dup(fd), "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def validate_with_files(project: Project, project_dir: Path, table: CapabilityTable, *,
                        today: dt.date | None = None) -> list[Problem]:
    """Core's validation with the reference files as they are on disk now (blocking):
    what ``validate`` prints and what ``render`` refuses on before the first request."""
    return validate_project(project, table, today=today,
                            reference_hashes=reference_hashes(project, project_dir))
