"""Qt-free file work of generation: placing a finished job's clip in the project folder,
and carrying a project's media along when it is saved somewhere else.

Every function here blocks (stat, link, copy): callers run them with ``run_in_executor``,
never on the GUI thread.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from studio.core.model import Project
from studio.storage.project_file import media_path_problem

MEDIA_FOLDER = "media"


def take_media_rel(take_id: str) -> str:
    """Where a take's clip lives, relative to the project folder (our id, never a server's)."""
    return f"{MEDIA_FOLDER}/{take_id}.mp4"


def place_file(src: Path, dest: Path) -> None:
    """Put ``src`` at ``dest`` atomically: a hard link when the disk allows, else a copy.

    The ledger keeps its own file (a hard link shares the bytes, so it costs no space);
    a half-copied file never appears under the final name.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        return
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.stem}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        try:
            os.link(src, tmp)
        except OSError:  # another file system, or links not supported
            shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def media_paths(project: Project) -> Iterator[str]:
    """Every relative media path the project refers to (takes and reference images)."""
    for shot in project.shots:
        if shot.reference is not None:
            yield shot.reference.path
        for take in shot.takes:
            if take.media:
                yield take.media
    for take in project.film_takes:
        if take.media:
            yield take.media
    if project.reference is not None:
        yield project.reference.path
    for character in project.characters:
        yield from character.images


def copy_media(paths: list[str], old_root: Path, new_root: Path) -> int:
    """Copy each relative media path from ``old_root`` to ``new_root``; returns files copied.

    Files already at the destination and files missing at the source are skipped (a
    take still generating has none yet). Unsafe paths are never followed.
    """
    copied = 0
    for rel in dict.fromkeys(paths):
        if media_path_problem(rel) is not None:
            continue
        src, dest = old_root / rel, new_root / rel
        if not src.is_file() or dest.exists():
            continue
        place_file(src, dest)
        copied += 1
    return copied


def same_folder(a: Path | None, b: Path | None) -> bool:
    return a is not None and b is not None and os.path.abspath(a) == os.path.abspath(b)
