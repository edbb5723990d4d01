"""A project bundle: one zip holding the project file and its media, by relative path.

Why the import is suspicious of every entry: a bundle comes from someone else. An entry
may try to climb out of the folder (``../``, an absolute or drive path), be a symlink,
claim a tiny size and inflate to gigabytes, or simply be thousands of files. Nothing is
extracted until the whole table of contents has passed the checks, files are written
through a byte budget that does not trust the declared sizes, only paths the project
itself names (or its file) are extracted, and the project is validated before anything
lands in the destination folder (it is unpacked in a temp folder beside it, then renamed).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from studio.core.model import Project
from studio.storage.project_file import (
    ProjectFileError,
    dumps_project,
    load_project_bytes,
    media_path_problem,
)

PROJECT_ENTRY = "project.sorastudio"
MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 20 * 1024**3  # 20 GB unpacked
MAX_PROJECT_BYTES = 64 * 1024**2
MAX_RATIO = 200  # a media file is already compressed: more than 200:1 is a bomb


class BundleError(Exception):
    """The bundle cannot be written or is not safe to open; one plain sentence."""


def write_bundle(project: Project, project_dir: Path, out: Path,
                 media: Iterable[str]) -> list[str]:
    """Zip the project and the media files it names (missing ones are listed, not fatal).

    Returns the relative paths that were missing. Written to a temp file and renamed.
    """
    missing: list[str] = []
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".zip.tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr(PROJECT_ENTRY, dumps_project(project))
            for rel in dict.fromkeys(media):
                if media_path_problem(rel) is not None:
                    continue
                src = Path(project_dir) / rel
                if not src.is_file():
                    missing.append(rel)
                    continue
                # clips are already compressed: store them, deflate only the rest
                kind = zipfile.ZIP_STORED if src.suffix.lower() in {".mp4", ".png", ".jpg",
                                                                    ".jpeg", ".webp"} \
                    else zipfile.ZIP_DEFLATED
                z.write(src, _entry_name(rel), compress_type=kind)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return missing


def _entry_name(rel: str) -> str:
    return os.path.normpath(rel.replace("\\", "/")).replace(os.sep, "/")


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    problem = media_path_problem(name)
    if problem is not None:
        return problem
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"{name!r} is a symbolic link"
    if info.flag_bits & 0x1:
        return f"{name!r} is encrypted"
    return None


def read_bundle(bundle: Path, dest_dir: Path) -> Path:
    """Unpack a bundle into the new folder ``dest_dir``; returns the project file's path.

    Raises BundleError for an unsafe or broken archive; then nothing is left at dest_dir.
    """
    dest_dir = Path(dest_dir)
    if dest_dir.exists() and any(dest_dir.iterdir()):
        raise BundleError(f"{dest_dir} is not empty; choose a new folder for the project")
    try:
        z = zipfile.ZipFile(bundle)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleError(f"{Path(bundle).name} is not a Sora Studio bundle ({exc})") from exc
    with z:
        infos = z.infolist()
        if len(infos) > MAX_ENTRIES:
            raise BundleError(f"the bundle has {len(infos)} entries, more than {MAX_ENTRIES}")
        by_name: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        for info in infos:
            if info.is_dir():
                continue
            problem = _entry_problem(info)
            if problem is not None:
                raise BundleError(f"the bundle is unsafe: {problem}")
            name = _entry_name(info.filename)
            if name in by_name:
                raise BundleError(f"the bundle is unsafe: {name!r} appears twice")
            by_name[name] = info
            declared += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO \
                    and info.file_size > 1024**2:
                raise BundleError(f"the bundle is unsafe: {name!r} inflates too much")
        if declared > MAX_TOTAL_BYTES:
            raise BundleError("the bundle unpacks to more than 20 GB")
        if PROJECT_ENTRY not in by_name:
            raise BundleError(f"{Path(bundle).name} holds no {PROJECT_ENTRY}")
        data = _read_capped(z, by_name[PROJECT_ENTRY], MAX_PROJECT_BYTES)
        try:
            project = load_project_bytes(data, name=PROJECT_ENTRY)
        except ProjectFileError as exc:
            raise BundleError(f"the bundle's project cannot be read: {exc}") from exc
        wanted = {_entry_name(p) for p in _project_media(project) if media_path_problem(p) is None}
        dest_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest_dir.name}.", dir=dest_dir.parent))
        try:
            budget = MAX_TOTAL_BYTES
            for name in sorted(wanted & by_name.keys()):
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                budget -= _extract_capped(z, by_name[name], target, budget)
            (staging / PROJECT_ENTRY).write_bytes(data)
            if dest_dir.exists():
                dest_dir.rmdir()
            os.replace(staging, dest_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return dest_dir / PROJECT_ENTRY


def _project_media(project: Project) -> Iterable[str]:
    for shot in project.shots:
        if shot.reference is not None:
            yield shot.reference.path
        yield from (t.media for t in shot.takes if t.media)
    yield from (t.media for t in project.film_takes if t.media)
    if project.reference is not None:  # the one-take film's own reference image
        yield project.reference.path
    for character in project.characters:
        yield from character.images


def _read_capped(z: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    with z.open(info) as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise BundleError(f"{info.filename!r} is larger than a project file may be")
    return data


def _extract_capped(z: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Copy one entry, counting real bytes (declared sizes can lie); returns bytes written."""
    written = 0
    try:
        with z.open(info) as src, open(target, "xb") as dst:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > budget or written > info.file_size:
                    raise BundleError(f"the bundle is unsafe: {info.filename!r} is larger "
                                      "than it says")
                dst.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BundleError(f"{info.filename!r} in the bundle is damaged ({exc})") from exc
    return written
