"""The studio's main window: docks around a player, menus, status bar.

Layout: the player in the centre, the timeline dock along the bottom, the inspector and
the prompt view (with the jobs tab) on the right. Until a project is open the centre
shows the welcome page and the project docks are hidden. File gestures are the
:class:`~studio.ui.files.FileController`'s, generation the controller's; this class
lays widgets out and keeps the title, the actions' enabled state and the status bar.

Built in two steps, so the first frame never waits for the project model (pydantic and
our core: ~0.3 s of imports): the constructor makes the shell the first frame shows —
menus, welcome page, status bar — from Qt alone; :meth:`MainWindow.attach` adds what
needs a document (inspector, prompt view, file gestures, autosave) and enables the
actions. Welcome-page clicks in between run once it is attached.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.storage.settings_glance import existing_paths
from studio.ui.actions import ActionRegistry
from studio.ui.docks import add_dock
from studio.ui.first_paint import FirstPaint
from studio.ui.welcome import WelcomePage

if TYPE_CHECKING:
    from studio.app.projects import ProjectFiles
    from studio.app.tasks import TaskManager
    from studio.storage.settings import Settings, SettingsStore
    from studio.ui.autosave import Autosaver
    from studio.ui.document import ProjectDocument
    from studio.ui.inspector import Inspector
    from studio.ui.prompt_view import PromptView

APP_TITLE = "Sora Studio"  # i18n: not text (the product name)
#: Follow-ups of an open, staggered so that each gets a turn of its own rather than all
#: running (with the editor's first paint) in one pass of the event loop: the first
#: shot's selection, then the status bar's figures (also coalescing a burst of edits).
SELECT_DELAY_MS = 15
STATUS_DELAY_MS = 40


class MainWindow(QMainWindow):
    """The window around one :class:`ProjectDocument`.

    Signals:
        firstPainted(): the window was painted for the first time (start heavy work now).
        projectOpened(): a project was opened, created or restored; the editor shows it
            (from the welcome page: once its docks are shown, a few turns later).
        settingsChanged(): the user accepted the settings dialog (profiles may differ).
    """

    firstPainted = Signal()
    projectOpened = Signal()
    settingsChanged = Signal()

    doc: ProjectDocument
    store: SettingsStore
    settings: Settings
    inspector: Inspector
    prompt_view: PromptView
    inspector_dock: QDockWidget
    prompt_dock: QDockWidget

    def __init__(self, tasks: TaskManager, recent: Sequence[str] = (),
                 parent: QWidget | None = None) -> None:
        """The shell: ``tasks`` is the one task manager of the window's async work,
        ``recent`` the recent projects as the settings file lists them."""
        super().__init__(parent)
        self.tasks = tasks
        self.has_project = False
        self._revealing: list[QDockWidget] | None = None  # docks still to show (_reveal)
        #: Whether :meth:`attach` ran: the document and its panels exist.
        self.attached = False
        self._when_attached: list[Callable[[], object]] = []
        self._painted = False
        FirstPaint(self, self._on_first_paint)
        #: Takes files dropped on the window (the storyboard importer, once built).
        self.drop_handler: Any = None
        #: The generation controller, once built after the first paint (app.py).
        self.generation: Any = None
        self.setObjectName("MainWindow")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

        self.welcome = WelcomePage()
        self.player_slot = QWidget()  # the player goes in here (docks.install_player)
        QVBoxLayout(self.player_slot).setContentsMargins(0, 0, 0, 0)
        self.center = QStackedWidget()
        self.center.addWidget(self.welcome)
        self.center.addWidget(self.player_slot)
        self.setCentralWidget(self.center)
        self.welcome.set_recent(existing_paths(recent))
        self.timeline_dock: QDockWidget | None = None
        self.jobs_dock: QDockWidget | None = None
        self.player: QWidget | None = None
        #: The autosaver, once attached (a signal may end the app before that).
        self.autosaver: Autosaver | None = None

        #: The document's history (the document adopts it in :meth:`attach`).
        self.undo_stack = QUndoStack(self)
        self.actions = ActionRegistry(self, self.undo_stack)
        self.actions.build_menus(self)

        self._status_timer = QTimer(self, singleShot=True, interval=STATUS_DELAY_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        self.provider_label = QLabel()
        self.cost_label = QLabel()
        self.jobs_label = QLabel()
        for w in (self.provider_label, self.cost_label, self.jobs_label):
            w.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(w)

        w = self.welcome
        w.openSampleRequested.connect(
            lambda: self._once_attached(lambda: self.files.open_sample()))
        w.newRequested.connect(lambda: self._once_attached(lambda: self.files.new()))
        w.openRequested.connect(lambda: self._once_attached(lambda: self.files.open_dialog()))
        w.recentActivated.connect(
            lambda p: self._once_attached(lambda: self.files.open_path(Path(p))))
        self.setWindowTitle(APP_TITLE)
        self.resize(1440, 900)

    def attach(self, doc: ProjectDocument, store: SettingsStore, settings: Settings,
               files: ProjectFiles) -> None:
        """The parts that need the project model; then the actions are enabled."""
        from studio.ui.autosave import Autosaver
        from studio.ui.files import FileController
        from studio.ui.inspector import Inspector
        from studio.ui.prompt_view import PromptView

        self.doc = doc
        self.store = store
        self.settings = settings
        self.inspector = Inspector(doc, settings)
        self.prompt_view = PromptView(doc)
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.inspector_dock = add_dock(self, "inspector", self.tr("Inspector"), self.inspector,
                                       right)
        self.prompt_dock = add_dock(self, "prompt", self.tr("Prompt"), self.prompt_view, right)
        self.files = FileController(self, files)
        self.autosaver = Autosaver(doc, files.recovery_dir, self)
        self.autosaver.failed.connect(lambda msg: self.statusBar().showMessage(
            self.tr("Autosave failed: {reason}").format(reason=msg), 10_000))
        self._connect()
        self.attached = True
        self.actions.update(ready=True)
        self._show_welcome()
        pending, self._when_attached = self._when_attached, []
        for fn in pending:
            fn()

    def _once_attached(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` now, or once :meth:`attach` ran (a click on the first frame)."""
        if self.attached:
            fn()
        else:
            self._when_attached.append(fn)

    # -- construction --------------------------------------------------------------
    def _connect(self) -> None:
        a, doc, f = self.actions, self.doc, self.files
        for action_id, handler in (
            ("new", f.new), ("open", f.open_dialog), ("open_sample", f.open_sample),
            ("save", f.save), ("save_as", f.save_as),
            ("settings", self._lazy("settings_dialog", "show_settings")),
            ("quit", self.close), ("about", self._lazy("about_dialog", "show_about")),
            ("add_shot", lambda: doc.add_shot(
                doc.shot_index(doc.selection[-1]) + 1 if doc.selection else None)),
            ("duplicate", lambda: doc.duplicate_shots(doc.selection)),
            ("split", lambda: doc.selection and doc.split_shot(doc.selection[0])),
            ("delete", lambda: doc.delete_shots(doc.selection)),
            ("select_all", lambda: doc.set_selection([s.id for s in doc.project.shots])),
            ("export", self._lazy("export_dialog", "show_export")),
            ("import_bundle", self._lazy("export_dialog", "import_bundle")),
            ("characters", self.inspector.shot.show_characters),
        ):
            a.bind(action_id, handler)
        a.open_recent.aboutToShow.connect(self._fill_recent_menu)
        self.inspector.shot.reference.tasks = self.inspector.look.film_reference.tasks = self.tasks
        f.opened.connect(self._show_editor)
        f.saved.connect(lambda _: self._update_title())
        self.prompt_view.copied.connect(lambda _: self.statusBar().showMessage(
            self.tr("Prompt copied to the clipboard"), 3000))
        doc.dirtyChanged.connect(self._update_title)
        doc.projectReset.connect(self._update_title)
        doc.selectionChanged.connect(
            lambda sel: self.actions.update(selection=bool(sel)))
        # The figures are a pass over every take (~3 ms at 500 shots): once a turn at
        # most, after the edits (a keystroke each) or the open that changed them.
        for sig in (doc.lookChanged, doc.shotChanged, doc.shotsChanged, doc.filmChanged,
                    doc.projectReset):
            sig.connect(self._status_timer.start)

    def install_storyboard_tools(self) -> None:
        """Paste/import of storyboards and the assistant (their actions, the drop target).

        Not built with the window: their modules import the local server's (aiohttp, ~0.3
        s), so the app builds them after the first frame (``app.start_late``), when those
        modules were imported off the GUI thread; ``build_window`` builds them at once.
        """
        from studio.ui.assistant_dialog import AssistantController
        from studio.ui.paste_dialog import StoryboardImporter

        self.storyboards = StoryboardImporter(self)
        self.assistant = AssistantController(self)
        if self.has_project:  # opened before they were built: watch its timeline too
            self.storyboards._watch_timeline()

    # -- file gestures, kept on the window for scripts and tests ------------------------
    def open_path(self, path: Path, *, ask_save: bool = True) -> Any:
        return self.files.open_path(path, ask_save=ask_save)

    def offer_untitled_recovery(self) -> None:
        self.files.offer_untitled_recovery()

    def maybe_save(self) -> bool:
        return self.files.maybe_save()

    def show_jobs(self) -> None:
        """Bring the jobs panel to the front (a generation was just started)."""
        if self.jobs_dock is not None:
            self.jobs_dock.show()
            self.jobs_dock.raise_()

    def project_docks(self) -> list[QDockWidget]:
        """The docks shown while a project is open (hidden on the welcome page)."""
        docks = [self.timeline_dock, self.jobs_dock]
        if self.attached:
            docks[:0] = [self.inspector_dock, self.prompt_dock]
        return [d for d in docks if d is not None]

    # -- state ---------------------------------------------------------------------
    def _show_welcome(self) -> None:
        self.has_project = False
        if self._revealing is not None:  # an editor being revealed: not any more
            self._revealing = None
            self.setUpdatesEnabled(True)
        self.refresh_recent()
        self.center.setCurrentWidget(self.welcome)
        for d in self.project_docks():
            d.hide()
        self.actions.update(project=False)
        self._update_title()

    def _show_editor(self) -> None:
        first = not self.has_project
        if first:
            self.has_project = True
            # From the welcome page: the docks appear a turn each with the window's
            # painting held, then it paints once. Showing and laying out four docks and
            # painting the window in one turn was the first open's worst stall (~20 ms).
            self.setUpdatesEnabled(False)
            self.center.setCurrentWidget(self.player_slot)
            self._revealing = self.project_docks()
        self.actions.update(project=True, selection=bool(self.doc.selection))
        self._update_title()
        self._status_timer.start()
        # The first shot is selected a moment later: showing the docks and filling the
        # inspector in one turn was one stall of both on a 500-shot project.
        QTimer.singleShot(SELECT_DELAY_MS, self, self._select_first_shot)
        if first and self._revealing is not None:
            self._reveal(self._revealing)
        else:
            self.projectOpened.emit()

    def _reveal(self, docks: list[QDockWidget]) -> None:
        """Show the next dock; after the last, paint and say the project is open."""
        if docks is not self._revealing:  # the welcome page came back meanwhile
            return
        if docks:
            docks.pop(0).show()
            QTimer.singleShot(0, self, lambda: self._reveal(docks))
            return
        self.prompt_dock.raise_()  # the jobs tab comes forward when generation starts
        self.resizeDocks([self.inspector_dock], [440], Qt.Orientation.Horizontal)
        self.resizeDocks([self.inspector_dock, self.prompt_dock], [5, 4],
                         Qt.Orientation.Vertical)
        self._revealing = None
        self.setUpdatesEnabled(True)
        self.projectOpened.emit()

    def _select_first_shot(self) -> None:
        if self.has_project and self.doc.project.shots and not self.doc.selection:
            self.doc.set_selection([self.doc.project.shots[0].id])

    def project_name(self) -> str:
        """What the title bar and the save question call the project."""
        if self.doc.path is not None:
            return self.doc.path.stem
        return self.doc.project.title or self.tr("Untitled")

    def _update_title(self, *_: object) -> None:
        if not self.has_project:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{self.project_name()}[*] — {APP_TITLE}")
        self.setWindowModified(self.doc.is_dirty())

    def refresh_status(self, *_: object) -> None:
        """The status bar's figures; the generation controller knows them once it runs."""
        if self.generation is not None:
            self.generation.refresh_status()
            return
        from studio.app.providers import profile_of

        profile = profile_of(self.doc.project.look, self.settings)
        name = profile.name if profile is not None else self.doc.project.look.provider
        self.show_job_summary(self.tr("Provider: {name}").format(name=name) if
                              self.has_project else "", "", "")

    def show_job_summary(self, provider: str, cost: str, jobs: str) -> None:
        """Status-bar figures: the provider the project's jobs go to, costs, job counts."""
        self.provider_label.setText(provider)
        self.cost_label.setText(cost)
        self.jobs_label.setText(jobs)

    def _on_first_paint(self) -> None:
        self._painted = True
        self.firstPainted.emit()

    # -- files dropped on the window (storyboards: ``paste_dialog``) --------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.drop_handler is not None and self.drop_handler.dropped_file(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.drop_handler is not None and self.drop_handler.dropped_file(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self.drop_handler.dropped_file(event) if self.drop_handler is not None else None
        if path is not None:
            event.acceptProposedAction()
            self.drop_handler.bring_in_file(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.attached:  # closed on the first frame: nothing is open yet
            event.accept()
            return
        saving = self.files.saving
        if saving is None and not self.files.maybe_save():
            event.ignore()
            return
        saving = self.files.saving
        if saving is not None:  # a save is writing: close once it is done
            event.ignore()
            saving.add_done_callback(lambda _: self.close())
            return
        if self.autosaver is not None:
            self.autosaver.shutdown()
        event.accept()

    # -- recent, settings & about ----------------------------------------------------
    def refresh_recent(self) -> None:
        self.welcome.set_recent(existing_paths(self.settings.recent_projects))

    def _fill_recent_menu(self) -> None:
        menu = self.actions.open_recent
        menu.clear()
        recent = existing_paths(self.settings.recent_projects)
        for p in recent:
            act = menu.addAction(Path(p).name)
            act.setToolTip(p)
            act.setStatusTip(p)
            act.triggered.connect(lambda _=False, p=p: self.files.open_path(Path(p)))
        if not recent:
            menu.addAction(self.tr("No recent projects")).setEnabled(False)

    def _lazy(self, module: str, function: str) -> Callable[[], object]:
        """A handler calling ``studio.ui.<module>.<function>(window)``, imported when first
        used (dialogs are not start-up work)."""
        def run() -> object:
            return getattr(importlib.import_module(f"studio.ui.{module}"), function)(self)

        return run
