"""Project files for the window: open, save, save as, recover, recent — off the GUI thread.

Every read and write runs in the task manager's executor. A save takes a snapshot of the
project on the calling (GUI) thread first — JSON pieces: 13-19 ms for 500 shots made
anew, ~1 ms when the caller kept the pieces of unchanged shots — so the worker never
reads a model the user is still editing, validates it a shot at a time (a long
GIL-holding call there would stall the GUI thread too), and the GUI loop never waits on
the disk. Media of a project saved into a new folder are copied there first.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path

from studio.app.media import copy_media, media_paths, same_folder
from studio.app.providers import default_look
from studio.app.tasks import TaskManager
from studio.core.capabilities import CapabilityTable
from studio.core.model import Language, Project
from studio.storage import bundled, recovery
from studio.storage.project_file import (
    ProjectFileError,
    Snapshot,
    load_project,
    save_snapshot,
    snapshot,
)
from studio.storage.settings import Settings, SettingsError, SettingsStore

SUFFIX = ".sorastudio"


@dataclass(frozen=True)
class Opened:
    """A project read from disk, and what to offer about it."""

    project: Project
    path: Path | None  # None: an untitled copy (a file shipped inside the package)
    recovery: Project | None = None  # a newer autosave that differs from the file


def with_suffix(path: Path) -> Path:
    """``path`` ending in the project suffix (Save As dialogs may drop it)."""
    return path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX)


class ProjectFiles:
    """Opens and saves projects and keeps the recent list; every call is a coroutine."""

    def __init__(self, tasks: TaskManager, store: SettingsStore, recovery_dir: Path) -> None:
        self.tasks = tasks
        self.store = store
        self.recovery_dir = Path(recovery_dir)

    # -- reading -------------------------------------------------------------------
    async def open(self, path: Path) -> Opened:
        """Read ``path`` and any newer autosave of it; ProjectFileError/OSError on failure."""
        return await self.tasks.blocking(self._open, Path(path))

    def _open(self, path: Path) -> Opened:
        project = load_project(path)
        if bundled.is_bundled(path):  # never write clips or saves into the package
            return Opened(project, None)
        rec = recovery.find_recovery(path, untitled_dir=self.recovery_dir)
        restored = self._load_recovery(rec)
        return Opened(project, path, restored if restored != project else None)

    async def open_sample(self, language: str) -> Project:
        """The bundled sample, as an untitled copy."""
        return await self.tasks.blocking(load_project, bundled.sample_project_path(language))

    async def untitled_recovery(self) -> Project | None:
        """The autosave of a never-saved project, if one is worth offering."""
        def find() -> Project | None:
            rec = recovery.find_recovery(None, untitled_dir=self.recovery_dir)
            return self._load_recovery(rec)

        return await self.tasks.blocking(find)

    @staticmethod
    def _load_recovery(rec: Path | None) -> Project | None:
        if rec is None:
            return None
        try:
            return load_project(rec)
        except (ProjectFileError, OSError):
            return None

    # -- writing -------------------------------------------------------------------
    def save(self, project: Project, path: Path, *, media_from: Path | None,
             snap: Snapshot | None = None) -> Awaitable[int]:
        """Write ``project`` to ``path`` (atomic, with ``.bak``); returns media files copied.

        ``media_from`` is the folder the project's media paths resolve against now; when
        the project moves to another folder, its media are copied there first, so the
        saved file never points at files that are not beside it. The snapshot is taken
        at the call, before anything is awaited, unless the caller took it (``snap``:
        the window's document keeps its shots' pieces, a save there is cheaper).
        """
        snap = snap if snap is not None else snapshot(project)
        # Media move only with the project to another folder; a plain Save skips the walk
        # of every take's path (1000 on 500 shots, GUI-thread time).
        moving = media_from is not None and not same_folder(media_from, Path(path).parent)
        rels = list(media_paths(project)) if moving else []
        return self.tasks.blocking(self._save, snap, Path(path), media_from, rels)

    @staticmethod
    def _save(snap: Snapshot, path: Path, media_from: Path | None, rels: list[str]) -> int:
        copied = 0
        if media_from is not None and rels and not same_folder(media_from, path.parent):
            copied = copy_media(rels, media_from, path.parent)
        save_snapshot(snap, path)
        return copied

    async def discard_recovery(self, path: Path | None) -> None:
        """Forget the autosave of ``path`` (None: the untitled one)."""
        await self.tasks.blocking(
            lambda: recovery.discard_autosave(path, untitled_dir=self.recovery_dir))

    # -- recent projects -----------------------------------------------------------
    async def remember(self, settings: Settings, path: Path) -> str | None:
        """Put ``path`` first in the recent list and save the settings; an error line or None."""
        settings.add_recent(path)
        return await self._save_settings(settings)

    async def forget(self, settings: Settings, path: Path) -> str | None:
        settings.remove_recent(path)
        return await self._save_settings(settings)

    async def _save_settings(self, settings: Settings) -> str | None:
        snapshot = settings.model_copy(deep=True)
        try:
            await self.tasks.blocking(self.store.save, snapshot)
        except SettingsError as exc:
            return str(exc)
        return None


def new_project(settings: Settings, table: CapabilityTable) -> Project:
    """An empty project in the user's language, sent to their default provider."""
    return Project(title="Untitled", language=Language(settings.language),
                   look=default_look(settings, table))
