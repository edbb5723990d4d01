"""File gestures of the window: new, open, sample, save, save as, recovery, recent.

The dialogs live here; the file work is :class:`~studio.app.projects.ProjectFiles`'s,
off the GUI thread through the one task manager. A save that is still writing when the
user closes the window finishes first; an open that fails leaves the current project.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from studio.app.projects import Opened, ProjectFiles, new_project, with_suffix
from studio.core.model import Language, Project, new_id
from studio.storage.project_file import ProjectFileError

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class FileController(QObject):
    """Opens and saves the window's document.

    Signals:
        opened(): a project was opened, created or restored (the editor is shown).
        saved(str): the project was written to this path.
    """

    opened = Signal()
    saved = Signal(str)

    def __init__(self, window: MainWindow, files: ProjectFiles) -> None:
        super().__init__(window)
        self.window = window
        self.doc = window.doc
        self.files = files
        self.tasks = files.tasks
        self._saving: asyncio.Task[bool] | None = None
        self._save_again: Path | None = None  # a Save asked for while one was running

    # -- gestures (slots) ------------------------------------------------------------
    def new(self) -> None:
        if self.maybe_save():
            self.doc.load(new_project(self.window.settings, self.doc.table), None)
            self.opened.emit()

    def open_sample(self) -> None:
        if self.maybe_save():
            self.tasks.spawn(self.files.open_sample(self.window.settings.language),
                             label=self.tr("Open sample"), done=self._sample_read)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.doc.path.parent) if self.doc.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open project"), start,
                                              self.tr("Sora Studio projects (*.sorastudio);;"
                                                      "All files (*)"))
        if name:
            self.open_path(Path(name), ask_save=False)

    def open_path(self, path: Path, *, ask_save: bool = True) -> asyncio.Task[Read] | None:
        """Open ``path`` (read off the GUI thread); errors leave the current project."""
        if ask_save and not self.maybe_save():
            return None
        return self.tasks.spawn(self._read(Path(path)), label=self.tr("Open project"),
                                done=self._opened)

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        self._start_save(self.doc.path)
        return True

    def save_as(self) -> bool:
        title = self.doc.project.title or self.tr("Untitled")
        start = self.doc.path or Path.home() / f"{title}.sorastudio"
        name, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save project as"),
                                              str(start), self.tr(
                                                  "Sora Studio projects (*.sorastudio);;"
                                                  "All files (*)"))
        if not name:
            return False
        self._start_save(with_suffix(Path(name)))
        return True

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there is unsaved work; True = go ahead."""
        if not self.window.has_project or not self.doc.is_dirty():
            return True
        answer = QMessageBox.question(
            self.window, self.tr("Unsaved changes"),
            self.tr("Save the changes to “{name}” before closing it?").format(
                name=self.window.project_name()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.tasks.spawn(self.files.discard_recovery(self.doc.path),
                             label=self.tr("Discard autosave"))
            return True
        return False

    def offer_untitled_recovery(self) -> None:
        """At start: restore an autosave of a never-saved project, if the user wants it."""
        self.tasks.spawn(self.files.untitled_recovery(), label=self.tr("Recover"),
                         done=self._untitled_read)

    @property
    def saving(self) -> asyncio.Task[bool] | None:
        """The save still writing, if any (closing waits for it)."""
        return self._saving if self._saving is not None and not self._saving.done() else None

    # -- completions (GUI thread) ----------------------------------------------------
    def _sample_read(self, project: Project) -> None:
        project.id = new_id()  # an untitled copy: its jobs are its own
        self.doc.load(project, None)
        self.opened.emit()

    async def _read(self, path: Path) -> Read:
        from studio.ui.gc_guard import loading

        try:
            with loading():  # a big project is ~100k objects: never walked (gc_guard)
                return Read(path, await self.files.open(path), None)
        except (ProjectFileError, OSError) as exc:
            if not path.exists():
                await self.files.forget(self.window.settings, path)
            return Read(path, None, first_line(exc))

    def _opened(self, read: Read) -> None:
        """The file was read: show it (dialogs here, never inside a task)."""
        if read.opened is None:
            self.window.refresh_recent()
            self._error(self.tr("Open project"), read.error or "")
            return
        opened = read.opened
        if opened.path is None:
            opened.project.id = new_id()
        self.doc.load(opened.project, opened.path)
        answer = self._ask_restore(opened.recovery) if opened.recovery is not None else None
        if answer and opened.recovery is not None:
            self.doc.restore(opened.recovery)
        elif answer is False:  # only an explicit No forgets the autosave
            self.tasks.spawn(self.files.discard_recovery(opened.path),
                             label=self.tr("Discard autosave"))
        # Next turn: the document's listeners (timeline, inspector, jobs) took this one;
        # showing the editor (docks, status bar, first selection) in the same turn made
        # one stall of both on a 500-shot project.
        QTimer.singleShot(0, self, self.opened.emit)
        if opened.path is not None:
            self.tasks.spawn(self._remember(opened.path), label=self.tr("Recent projects"))

    def _untitled_read(self, restored: Project | None) -> None:
        if restored is None:
            return
        self.doc.load(Project(language=Language(self.window.settings.language)), None)
        answer = self._ask_restore(restored)
        if answer:
            self.doc.restore(restored)
            self.opened.emit()
            return
        self.doc.load(Project(), None)
        if answer is False:  # only an explicit No forgets the autosave
            self.tasks.spawn(self.files.discard_recovery(None), label=self.tr("Recover"))

    def _ask_restore(self, restored: Project) -> bool | None:
        """Yes: True; No: False; no answer (the app is quitting): None, keep the file."""
        log.info("offering an autosave of %d shots", len(restored.shots))
        answer = QMessageBox.question(
            self.window, self.tr("Recover unsaved work"),
            self.tr("An autosave newer than the saved project was found ({n} shots). "
                    "Restore it?").format(n=len(restored.shots)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        choice = {QMessageBox.StandardButton.Yes: True,
                  QMessageBox.StandardButton.No: False}.get(answer)
        log.info("autosave %s", {True: "restored", False: "declined"}.get(choice, "kept"))
        return choice

    def _start_save(self, path: Path) -> None:
        if self.saving is not None:  # saved again once this one is done, edits included
            self._save_again = path
            self.window.statusBar().showMessage(self.tr("Still saving…"), 3000)
            return
        doc = self.doc  # the snapshot is taken now: later edits wait for the next save
        writing = self.files.save(doc.project, path, media_from=doc.media_root(),
                                  snap=doc.snapshot())
        self._saving = self.tasks.spawn(
            self._save(writing, doc.project, path, doc.path, doc.undo_stack.index()),
            label=self.tr("Save project"))
        self._saving.add_done_callback(self._saved_then_again)

    def _saved_then_again(self, _task: asyncio.Task[bool]) -> None:
        path, self._save_again = self._save_again, None
        if path is not None and not _task.cancelled():
            self._start_save(path)

    async def _save(self, writing: Awaitable[int], project: Project, path: Path,
                    old_path: Path | None, index: int) -> bool:
        doc = self.doc
        self.window.statusBar().showMessage(self.tr("Saving {path}…").format(path=path))
        from studio.ui.gc_guard import holding

        try:
            with holding():  # the save's temporaries are freed by refcount (gc_guard)
                await writing
        except (ProjectFileError, OSError) as exc:
            self._error(self.tr("Save project"), first_line(exc))
            self.window.statusBar().clearMessage()
            return False
        if doc.project is project:  # still the open project: this state is now clean
            doc.mark_saved(path, index)
        await self.files.discard_recovery(path)
        if old_path is not None and old_path != path:
            await self.files.discard_recovery(old_path)
        elif old_path is None:
            await self.files.discard_recovery(None)
        self.window.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 4000)
        self.saved.emit(str(path))
        await self._remember(path)
        return True

    async def _remember(self, path: Path) -> None:
        problem = await self.files.remember(self.window.settings, path)
        if problem:
            self.window.statusBar().showMessage(
                self.tr("Settings not saved: {reason}").format(reason=problem), 8000)
        self.window.refresh_recent()

    def _error(self, title: str, text: str) -> None:
        """An error box that does not block the task that found the error."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                          self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_error_box = box


@dataclass(frozen=True)
class Read:
    """The outcome of reading a project file: the project, or the error's first line."""

    path: Path
    opened: Opened | None
    error: str | None
