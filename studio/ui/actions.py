"""Every menu command of the main window as a ``QAction`` with its standard shortcut.

The actions only exist and carry shortcuts here; :class:`~studio.ui.main_window.MainWindow`
connects them. Keeping them in one place makes the menus, the shortcuts and the newcomer
test (which triggers actions, never private methods) agree.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from studio.ui.document import ProjectDocument

Key = QKeySequence.StandardKey


def _action(
    parent: QMainWindow, text: str, tip: str, *shortcuts: QKeySequence.StandardKey | str
) -> QAction:
    a = QAction(text, parent)
    a.setStatusTip(tip)
    a.setToolTip(tip)
    keys: list[QKeySequence] = []
    for s in shortcuts:
        keys.extend(QKeySequence.keyBindings(s) if isinstance(s, Key) else [QKeySequence(s)])
    if keys:
        a.setShortcuts(keys)
    return a


class StudioActions:
    """The window's actions, grouped by menu; ``build_menus`` puts them on a menu bar."""

    def __init__(self, window: QMainWindow, doc: ProjectDocument) -> None:
        w = window
        # File
        self.new = _action(w, "&New", "Start an empty project", Key.New)
        self.open = _action(w, "&Open…", "Open a project file", Key.Open)
        self.open_sample = _action(w, "Open &Sample", "Open the festival-island sample project")
        self.save = _action(w, "&Save", "Save the project", Key.Save)
        self.save_as = _action(w, "Save &As…", "Save the project under a new name", Key.SaveAs)
        self.settings = _action(w, "Se&ttings…", "Provider profiles and preferences",
                                Key.Preferences)
        self.quit = _action(w, "&Quit", "Quit Sora Studio", Key.Quit)
        self.open_recent = QMenu("Open &Recent", w)
        # Edit: the undo stack's own actions carry "Undo Edit title" style texts.
        self.undo = doc.undo_stack.createUndoAction(w, "&Undo")
        self.undo.setShortcuts(QKeySequence.keyBindings(Key.Undo))
        self.redo = doc.undo_stack.createRedoAction(w, "&Redo")
        self.redo.setShortcuts(QKeySequence.keyBindings(Key.Redo))
        self.add_shot = _action(w, "&Add Shot", "Add a shot after the selection", "Ctrl+Shift+N")
        self.duplicate = _action(w, "&Duplicate", "Duplicate the selected shots", "Ctrl+D")
        self.split = _action(w, "S&plit", "Split the selected shot in two halves", "Ctrl+K")
        self.delete = _action(w, "De&lete", "Delete the selected shots", Key.Delete)
        self.select_all = _action(w, "Select &All", "Select every shot", Key.SelectAll)
        # Generate (enabled once the generation services run, after the first paint)
        self.generate_shot = _action(w, "&Generate Shot", "Generate a new take of the "
                                     "selected shots", "Ctrl+G")
        self.generate_all = _action(w, "Generate &All Shots", "Generate a new take of every "
                                    "shot, one clip per shot", "Ctrl+Shift+G")
        self.generate_film = _action(w, "Generate &One-Take Film", "Generate the whole "
                                     "storyboard as one clip")
        self.remix = _action(w, "&Remix…", "Remake the selected take with a changed prompt")
        self.edit_take = _action(w, "&Edit…", "Edit the selected take with a prompt")
        self.extend = _action(w, "E&xtend…", "Continue the selected take")
        self.cancel_job = _action(w, "&Cancel Job", "Stop working on the selected job")
        self.retry_job = _action(w, "Re&try Job", "Send the selected failed job again")
        for a in self.generation_actions():
            a.setEnabled(False)
        # Playback (the player's own actions join this menu when it is installed)
        self.play_cut = _action(w, "Play the &Cut", "Play the chosen takes of all shots in "
                                "order", "Ctrl+Return")
        self.playback_menu: QMenu | None = None
        # Help
        self.about = _action(w, "&About Sora Studio", "About this application")
        self.view_menu: QMenu | None = None
        for a in (self.quit, self.settings, self.about):
            a.setMenuRole(
                {self.quit: QAction.MenuRole.QuitRole,
                 self.settings: QAction.MenuRole.PreferencesRole,
                 self.about: QAction.MenuRole.AboutRole}[a]
            )

    def project_actions(self) -> list[QAction]:
        """Actions that need an open project."""
        return [self.save, self.save_as, self.add_shot, self.select_all]

    def selection_actions(self) -> list[QAction]:
        """Actions that need at least one selected shot."""
        return [self.duplicate, self.split, self.delete]

    def generation_actions(self) -> list[QAction]:
        """Actions that need the generation services (enabled when they run)."""
        return [self.generate_shot, self.generate_all, self.generate_film, self.remix,
                self.edit_take, self.extend, self.cancel_job, self.retry_job]

    def build_menus(self, window: QMainWindow) -> None:
        bar = window.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.new, self.open, self.open_sample])
        file.addMenu(self.open_recent)
        file.addSeparator()
        file.addActions([self.save, self.save_as])
        file.addSeparator()
        file.addAction(self.settings)
        file.addSeparator()
        file.addAction(self.quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo, self.redo])
        edit.addSeparator()
        edit.addActions([self.add_shot, self.duplicate, self.split, self.delete])
        edit.addSeparator()
        edit.addAction(self.select_all)
        gen = bar.addMenu("&Generate")
        gen.addActions([self.generate_shot, self.generate_all, self.generate_film])
        gen.addSeparator()
        gen.addActions([self.remix, self.edit_take, self.extend])
        gen.addSeparator()
        gen.addActions([self.cancel_job, self.retry_job])
        self.playback_menu = bar.addMenu("&Playback")
        self.playback_menu.addAction(self.play_cut)
        self.playback_menu.addSeparator()
        self.view_menu = bar.addMenu("&View")
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about)
