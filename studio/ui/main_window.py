"""The studio's main window: docks around a player, menus, file handling, status bar.

Layout: the player in the centre, the timeline dock along the bottom (the jobs dock beside
it), the inspector and the prompt view on the right. Until a project is open the centre
shows the welcome page and the project docks are hidden.

Panels written elsewhere are installed with :meth:`MainWindow.set_timeline`,
:meth:`MainWindow.set_player` and :meth:`MainWindow.set_jobs_dock`; each may be called
once, before or after a project is opened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio import __version__
from studio.core.model import Language, Project, Take, TakeStatus
from studio.storage import bundled
from studio.storage.settings import Settings, SettingsError, SettingsStore
from studio.ui.actions import StudioActions
from studio.ui.autosave import Autosaver
from studio.ui.document import ProjectDocument
from studio.ui.inspector import Inspector
from studio.ui.prompt_view import PromptView
from studio.ui.settings_dialog import SettingsDialog
from studio.ui.welcome import WelcomePage

APP_TITLE = "Sora Studio"
FILE_FILTER = "Sora Studio projects (*.sorastudio);;All files (*)"
SUFFIX = ".sorastudio"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class MainWindow(QMainWindow):
    """The window around one :class:`ProjectDocument`.

    Signals:
        firstPainted(): the window was painted for the first time (start heavy work now).
        projectOpened(): a project was opened, created or restored (the welcome page left).
        settingsChanged(): the user accepted the settings dialog (profiles may differ).
    """

    firstPainted = Signal()
    projectOpened = Signal()
    settingsChanged = Signal()

    def __init__(
        self,
        doc: ProjectDocument,
        store: SettingsStore,
        settings: Settings,
        recovery_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.store = store
        self.settings = settings
        self.has_project = False
        self._painted = False
        self.setObjectName("MainWindow")
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

        self.welcome = WelcomePage()
        self.player_slot = QWidget()  # the player goes in here (set_player)
        QVBoxLayout(self.player_slot).setContentsMargins(0, 0, 0, 0)
        self.center = QStackedWidget()
        self.center.addWidget(self.welcome)
        self.center.addWidget(self.player_slot)
        self.setCentralWidget(self.center)

        self.inspector = Inspector(doc)
        self.prompt_view = PromptView(doc)
        self.inspector_dock = self._dock("inspector", "Inspector", self.inspector,
                                         Qt.DockWidgetArea.RightDockWidgetArea)
        self.prompt_dock = self._dock("prompt", "Prompt", self.prompt_view,
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.timeline_dock: QDockWidget | None = None
        self.jobs_dock: QDockWidget | None = None
        self.player: QWidget | None = None
        #: The generation controller, once built after the first paint (app.py).
        self.generation: Any = None
        #: Set by the generation controller: before a write to a path, returns a coroutine
        #: that copies the project's media into that folder (off the GUI thread), or None.
        self.prepare_save: Callable[[Path], Coroutine[Any, Any, None] | None] | None = None
        self._pending_save: asyncio.Task[None] | None = None
        self._job_summary: tuple[str, str] | None = None

        self.actions = StudioActions(self, doc)
        self.actions.build_menus(self)
        assert self.actions.view_menu is not None
        self.actions.view_menu.addAction(self.inspector_dock.toggleViewAction())
        self.actions.view_menu.addAction(self.prompt_dock.toggleViewAction())

        self.provider_label = QLabel()
        self.cost_label = QLabel()
        self.jobs_label = QLabel()
        for w in (self.provider_label, self.cost_label, self.jobs_label):
            w.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(w)

        self.autosaver = Autosaver(doc, recovery_dir, self)
        self.autosaver.failed.connect(
            lambda msg: self.statusBar().showMessage(f"Autosave failed: {msg}", 10_000)
        )
        self._connect()
        self._show_welcome()
        self.resize(1440, 900)

    # -- construction --------------------------------------------------------------
    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}_dock")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        a, doc = self.actions, self.doc
        a.new.triggered.connect(self.new_project)
        a.open.triggered.connect(self.open_dialog)
        a.open_sample.triggered.connect(self.open_sample)
        a.save.triggered.connect(self.save)
        a.save_as.triggered.connect(self.save_as)
        a.settings.triggered.connect(self.show_settings)
        a.quit.triggered.connect(self.close)
        a.about.triggered.connect(self.show_about)
        a.add_shot.triggered.connect(self.add_shot)
        a.duplicate.triggered.connect(lambda: doc.duplicate_shots(doc.selection))
        a.split.triggered.connect(self.split_shots)
        a.delete.triggered.connect(lambda: doc.delete_shots(doc.selection))
        a.select_all.triggered.connect(
            lambda: doc.set_selection([s.id for s in doc.project.shots])
        )
        a.open_recent.aboutToShow.connect(self._fill_recent_menu)
        self.welcome.openSampleRequested.connect(self.open_sample)
        self.welcome.newRequested.connect(self.new_project)
        self.welcome.openRequested.connect(self.open_dialog)
        self.welcome.recentActivated.connect(lambda p: self.open_path(Path(p)))
        self.prompt_view.copied.connect(
            lambda _: self.statusBar().showMessage("Prompt copied to the clipboard", 3000)
        )
        doc.dirtyChanged.connect(self._update_title)
        doc.projectReset.connect(self._update_title)
        doc.selectionChanged.connect(self._update_actions)
        for sig in (doc.projectReset, doc.shotsChanged, doc.shotChanged, doc.filmChanged):
            sig.connect(self._update_status)
        doc.lookChanged.connect(self._update_status)

    # -- slots for panels written elsewhere ----------------------------------------
    def set_timeline(self, widget: QWidget) -> QDockWidget:
        """Install the timeline in the bottom dock (once)."""
        self.timeline_dock = self._dock("timeline", "Timeline", widget,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self._add_view_toggle(self.timeline_dock)
        self._yield_shortcuts_to(widget)
        if self.jobs_dock is not None:
            self.splitDockWidget(self.timeline_dock, self.jobs_dock, Qt.Orientation.Horizontal)
        self.timeline_dock.setVisible(self.has_project)
        return self.timeline_dock

    def set_jobs_dock(self, widget: QWidget) -> QDockWidget:
        """Install the jobs panel on the right, as a tab beside the prompt view (once).

        The bottom belongs to the timeline, which needs the width; a generation raises the
        jobs tab (:meth:`show_jobs`). ``widget`` may itself be a QDockWidget.
        """
        area = Qt.DockWidgetArea.RightDockWidgetArea
        if isinstance(widget, QDockWidget):
            dock = widget
            dock.setParent(self)
            if not dock.objectName():
                dock.setObjectName("jobs_dock")
            self.addDockWidget(area, dock)
        else:
            dock = self._dock("jobs", "Jobs", widget, area)
        self.jobs_dock = dock
        self.tabifyDockWidget(self.prompt_dock, dock)
        self.prompt_dock.raise_()
        self._add_view_toggle(dock)
        dock.setVisible(self.has_project)
        return dock

    def show_jobs(self) -> None:
        """Bring the jobs panel to the front (a generation was just started)."""
        if self.jobs_dock is not None:
            self.jobs_dock.show()
            self.jobs_dock.raise_()

    def set_player(self, widget: QWidget) -> None:
        """Install the player in the centre (shown while a project is open)."""
        self.player = widget
        self.player_slot.layout().addWidget(widget)
        menu = self.actions.playback_menu
        play_cut = getattr(widget, "play_cut", None)
        if play_cut is not None:
            self.actions.play_cut.triggered.connect(play_cut)
        if menu is not None:  # Space , . L M: the player's own actions, listed here
            menu.addActions([a for a in widget.actions() if a.text() != "Play &Cut"])

    def _yield_shortcuts_to(self, widget: QWidget) -> None:
        """Drop window shortcuts the panel's own actions already bind.

        Qt treats two enabled actions with one key as ambiguous (neither fires), so an
        edit key such as Delete belongs to the panel that has focus, not to the window.
        """
        taken = {k.toString() for a in widget.actions() for k in a.shortcuts()}
        for act in (*self.actions.selection_actions(), self.actions.add_shot,
                    self.actions.select_all):
            keep = [k for k in act.shortcuts() if k.toString() not in taken]
            if len(keep) != len(act.shortcuts()):
                act.setShortcuts(keep)

    def _add_view_toggle(self, dock: QDockWidget) -> None:
        assert self.actions.view_menu is not None
        self.actions.view_menu.addAction(dock.toggleViewAction())

    def _project_docks(self) -> list[QDockWidget]:
        docks = [self.inspector_dock, self.prompt_dock, self.timeline_dock, self.jobs_dock]
        return [d for d in docks if d is not None]

    # -- state ---------------------------------------------------------------------
    def _show_welcome(self) -> None:
        self.has_project = False
        self.welcome.set_recent(self._existing_recent())
        self.center.setCurrentWidget(self.welcome)
        for d in self._project_docks():
            d.hide()
        self._update_actions()
        self._update_title()
        self._update_status()

    def _show_editor(self) -> None:
        if not self.has_project:
            self.has_project = True
            self.center.setCurrentWidget(self.player_slot)
            for d in self._project_docks():
                d.show()
            self.prompt_dock.raise_()  # the jobs tab comes forward when generation starts
            self.resizeDocks([self.inspector_dock], [440], Qt.Orientation.Horizontal)
            self.resizeDocks([self.inspector_dock, self.prompt_dock], [5, 4],
                             Qt.Orientation.Vertical)
        self._update_actions()
        self._update_title()
        self._update_status()
        if self.doc.project.shots and not self.doc.selection:
            self.doc.set_selection([self.doc.project.shots[0].id])
        self.projectOpened.emit()

    def _update_actions(self, *_: object) -> None:
        for act in self.actions.project_actions():
            act.setEnabled(self.has_project)
        has_sel = self.has_project and bool(self.doc.selection)
        for act in self.actions.selection_actions():
            act.setEnabled(has_sel)

    def _update_title(self, *_: object) -> None:
        if not self.has_project:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        name = self.doc.path.stem if self.doc.path else (self.doc.project.title or "Untitled")
        self.setWindowTitle(f"{name}[*] — {APP_TITLE}")
        self.setWindowModified(self.doc.is_dirty())

    def show_job_summary(self, cost: str, jobs: str) -> None:
        """Status-bar figures from the job runner; they replace the project-only counts."""
        self._job_summary = (cost, jobs)
        self._update_status()

    def _update_status(self, *_: object) -> None:
        self.provider_label.setText(f"Provider: {self.settings.active_profile().name}")
        if self._job_summary is not None:
            self.cost_label.setText(self._job_summary[0])
            self.jobs_label.setText(self._job_summary[1])
            return
        if not self.has_project:
            self.cost_label.setText("")
            self.jobs_label.setText("")
            return
        p = self.doc.project
        takes: list[Take] = [t for s in p.shots for t in s.takes] + list(p.film_takes)
        quoted = sum(t.cost_quoted for t in takes)
        spent = sum(t.cost_spent for t in takes)
        running = sum(t.status is TakeStatus.IN_PROGRESS for t in takes)
        queued = sum(t.status is TakeStatus.QUEUED for t in takes)
        failed = sum(t.status is TakeStatus.FAILED for t in takes)
        self.cost_label.setText(f"Quoted ${quoted:.2f} · Spent ${spent:.2f}")
        self.jobs_label.setText(f"Jobs: {running} running · {queued} queued · {failed} failed")

    def event(self, e: QEvent) -> bool:
        handled = super().event(e)
        if not self._painted and e.type() == QEvent.Type.Paint:
            self._painted = True
            self.firstPainted.emit()
        return handled

    # -- edit actions --------------------------------------------------------------
    def add_shot(self) -> None:
        sel = self.doc.selection
        index = self.doc.shot_index(sel[-1]) + 1 if sel else None
        self.doc.add_shot(index)

    def split_shots(self) -> None:
        sel = self.doc.selection
        if sel:
            self.doc.split_shot(sel[0])

    # -- files ---------------------------------------------------------------------
    def new_project(self) -> None:
        if not self.maybe_save():
            return
        lang = Language(self.settings.language)
        self.doc.load(Project(title="Untitled", language=lang), None)
        self._show_editor()

    def open_sample(self) -> None:
        """Open the bundled sample as an untitled copy (Save asks where to put it)."""
        if not self.maybe_save():
            return
        from studio.storage.project_file import ProjectFileError, load_project

        path = bundled.sample_project_path(self.settings.language)
        try:
            project = load_project(path)
        except (ProjectFileError, OSError) as exc:
            QMessageBox.critical(self, "Open sample", _first_line(exc))
            return
        self.doc.load(project, None)
        self._show_editor()

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.doc.path.parent) if self.doc.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Open project", start, FILE_FILTER)
        if name:
            self.open_path(Path(name), ask_save=False)

    def open_path(self, path: Path, *, ask_save: bool = True) -> bool:
        """Open ``path``, offering a newer autosave; errors leave the current project."""
        from studio.storage import recovery
        from studio.storage.project_file import ProjectFileError, load_project

        if ask_save and not self.maybe_save():
            return False
        try:
            project = load_project(path)
        except (ProjectFileError, OSError) as exc:
            QMessageBox.critical(self, "Open project", _first_line(exc))
            if not Path(path).exists():
                self.settings.remove_recent(path)
                self._save_settings()
                self.welcome.set_recent(self._existing_recent())
            return False
        if bundled.is_bundled(Path(path)):  # never write clips or saves into the package
            self.doc.load(project, None)
            self._show_editor()
            return True
        self.doc.load(project, Path(path))
        rec = recovery.find_recovery(Path(path), untitled_dir=self.autosaver.untitled_dir)
        if rec is not None:
            self._offer_recovery(rec, project)
        self.settings.add_recent(path)
        self._save_settings()
        self._show_editor()
        return True

    def offer_untitled_recovery(self) -> None:
        """At start: restore an autosave of a never-saved project, if the user wants it."""
        from studio.storage import recovery

        rec = recovery.find_recovery(None, untitled_dir=self.autosaver.untitled_dir)
        if rec is not None:
            self.doc.load(Project(language=Language(self.settings.language)), None)
            if self._offer_recovery(rec, None):
                self._show_editor()
            else:
                self.doc.load(Project(), None)

    def _offer_recovery(self, rec: Path, saved: Project | None) -> bool:
        from studio.storage.project_file import ProjectFileError, load_project

        try:
            restored = load_project(rec)
        except (ProjectFileError, OSError):
            return False
        if saved is not None and restored == saved:
            self.autosaver.discard(self.doc.path)
            return False
        answer = QMessageBox.question(
            self,
            "Recover unsaved work",
            "An autosave newer than the saved project was found "
            f"({len(restored.shots)} shots). Restore it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.doc.restore(restored)
            return True
        self.autosaver.discard(self.doc.path)
        return False

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self._write(self.doc.path)

    def save_as(self) -> bool:
        start = self.doc.path or Path.home() / f"{self.doc.project.title or 'Untitled'}{SUFFIX}"
        name, _ = QFileDialog.getSaveFileName(self, "Save project as", str(start), FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        return self._write(path)

    def _write(self, path: Path, *, media_ready: bool = False) -> bool:
        from studio.storage.project_file import ProjectFileError, save_project

        prepare = None if media_ready else self.prepare_save
        pending = prepare(path) if prepare is not None else None
        if pending is not None:  # media to copy first, off the GUI thread; then save
            self._pending_save = asyncio.ensure_future(self._write_after(pending, path))
            return True
        old_path = self.doc.path
        try:
            save_project(self.doc.project, path)
        except (ProjectFileError, OSError) as exc:
            QMessageBox.critical(self, "Save project", _first_line(exc))
            return False
        self.doc.mark_saved(path)
        self.autosaver.discard(path)
        if old_path != path:
            self.autosaver.discard(old_path)
        self.settings.add_recent(path)
        self._save_settings()
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    async def _write_after(self, copying: Coroutine[Any, Any, None], path: Path) -> None:
        from studio.storage.project_file import ProjectFileError, save_project

        project = self.doc.project
        self.statusBar().showMessage(f"Copying media into {path.parent}…")
        try:
            await copying
        except OSError as exc:
            self._report_later("Save project", f"Cannot copy the media: {exc}")
            return
        if self.doc.project is project:
            self._write(path, media_ready=True)
        else:  # another project was opened meanwhile: still save this one where asked
            loop = asyncio.get_running_loop()
            try:
                await loop.run_in_executor(None, save_project, project, path)
            except (ProjectFileError, OSError) as exc:
                self._report_later("Save project", _first_line(exc))

    def _report_later(self, title: str, text: str) -> None:
        """An error box from a coroutine: shown from a timer, never inside the task."""
        QTimer.singleShot(0, lambda: QMessageBox.critical(self, title, text))

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there is unsaved work; True = go ahead."""
        if not self.has_project or not self.doc.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to “{self.windowTitle().split('[*]')[0]}” before closing it?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.autosaver.discard(self.doc.path)
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._saving() and not self.maybe_save():
            event.ignore()
            return
        if self._saving():  # a save is copying media: close once the project is written
            event.ignore()
            assert self._pending_save is not None
            self._pending_save.add_done_callback(lambda _: self.close())
            return
        self.autosaver.shutdown()
        event.accept()

    def _saving(self) -> bool:
        return self._pending_save is not None and not self._pending_save.done()

    # -- settings & about ----------------------------------------------------------
    def _existing_recent(self) -> list[str]:
        return [p for p in self.settings.recent_projects if Path(p).exists()]

    def _fill_recent_menu(self) -> None:
        menu = self.actions.open_recent
        menu.clear()
        recent = self._existing_recent()
        for p in recent:
            act = menu.addAction(Path(p).name)
            act.setToolTip(p)
            act.setStatusTip(p)
            act.triggered.connect(lambda _=False, p=p: self.open_path(Path(p)))
        if not recent:
            menu.addAction("No recent projects").setEnabled(False)

    def _save_settings(self) -> None:
        try:
            self.store.save(self.settings)
        except SettingsError as exc:
            self.statusBar().showMessage(f"Settings not saved: {exc}", 8000)

    def show_settings(self) -> None:
        dlg = SettingsDialog(self.settings, self.store, self.doc.table, self)
        try:
            if dlg.exec() == SettingsDialog.DialogCode.Accepted:
                self.settings = dlg.result_settings()
                self._update_status()
                self.settingsChanged.emit()
        finally:
            dlg.deleteLater()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_TITLE}",
            f"<b>{APP_TITLE}</b> {__version__}<p>Storyboard, generate, watch and export short "
            "films with any Videos-API (Sora 2 protocol) provider — or with the built-in "
            "local animatic, no key needed.</p><p>Your work stays in files you own.</p>",
        )

