"""The action registry: every command of the window, declared once.

Each action has an id, its text, tip and shortcuts, the menu it lives in and when it is
enabled (a named condition). Menus, the timeline's context menu and the tests all find
actions by id (``registry["generate_shot"]`` or ``registry.generate_shot``); handlers are
bound by id (:meth:`ActionRegistry.bind`). Nothing keys on a label's text, so
translating a label cannot break a feature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu

Key = QKeySequence.StandardKey
Shortcut = Key | str


def _tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


@dataclass(frozen=True)
class Spec:
    id: str
    text: str
    tip: str
    shortcuts: tuple[Shortcut, ...] = ()
    menu: str = ""  # "file", "edit", "generate", "playback", "help"; "" = no menu
    when: str = ""  # "", "project", "selection", "services", "film" (see Conditions)
    role: QAction.MenuRole = QAction.MenuRole.NoRole


# The declarative list; the order is the menus' order, "-" a separator.
SPECS: tuple[Spec | str, ...] = (
    Spec("new", "&New", "Start an empty project", (Key.New,), "file"),
    Spec("open", "&Open…", "Open a project file", (Key.Open,), "file"),
    Spec("open_sample", "Open &Sample", "Open the festival-island sample project", (), "file"),
    Spec("import_storyboard", "&Import Storyboard…",
         "Read a storyboard from a text or Markdown file, then review it", (), "file"),
    "file:recent",
    "file:-",
    Spec("save", "&Save", "Save the project", (Key.Save,), "file", "project"),
    Spec("save_as", "Save &As…", "Save the project under a new name", (Key.SaveAs,), "file",
         "project"),
    Spec("export", "&Export…", "Export the cut as an MP4, with its clips, subtitles and more",
         ("Ctrl+E",), "file", "project"),
    Spec("import_bundle", "Import &Bundle…",
         "Open a project bundle (a .zip of a project and its media) in a new folder", (),
         "file"),
    "file:-",
    Spec("settings", "Se&ttings…", "Provider profiles and preferences", (Key.Preferences,),
         "file", role=QAction.MenuRole.PreferencesRole),
    "file:-",
    Spec("quit", "&Quit", "Quit Sora Studio", (Key.Quit,), "file",
         role=QAction.MenuRole.QuitRole),
    "edit:undo",
    "edit:-",
    Spec("paste_storyboard", "Paste S&toryboard",
         "Read the clipboard's text as a storyboard, then review it", ("Ctrl+Shift+V",),
         "edit"),
    Spec("draft_storyboard", "D&raft Storyboard from an Idea…",
         "Ask the storyboard assistant for shots from an idea, then review them", (), "edit"),
    Spec("improve_shot", "&Improve This Shot…",
         "Ask the storyboard assistant for a better camera and action, shown beside the shot",
         (), "edit", "selection"),
    Spec("characters", "C&haracters…",
         "Create, edit, register, import and export Cameo characters", (), "edit"),
    Spec("add_shot", "&Add Shot", "Add a shot after the selection", ("Ctrl+Shift+N",), "edit",
         "project"),
    Spec("duplicate", "&Duplicate", "Duplicate the selected shots", ("Ctrl+D",), "edit",
         "selection"),
    Spec("split", "S&plit", "Split the selected shot in two halves", ("Ctrl+K",), "edit",
         "selection"),
    Spec("delete", "De&lete", "Delete the selected shots", (Key.Delete,), "edit", "selection"),
    "edit:-",
    Spec("select_all", "Select &All", "Select every shot", (Key.SelectAll,), "edit", "project"),
    Spec("generate_shot", "&Generate Shot", "Generate a new take of the selected shots",
         ("Ctrl+G",), "generate", "services"),
    Spec("generate_all", "Generate &All Shots",
         "Generate a new take of every shot, one clip per shot", ("Ctrl+Shift+G",), "generate",
         "services"),
    Spec("generate_film", "Generate &One-Take Film", "Generate the whole storyboard as one clip",
         (), "generate", "services"),
    "generate:-",
    Spec("remix", "&Remix…", "Remake the selected take with a changed prompt", (), "generate",
         "services"),
    Spec("edit_take", "&Edit…", "Edit the selected take with a prompt", (), "generate",
         "services"),
    Spec("extend", "E&xtend…", "Continue the selected take", (), "generate", "services"),
    "generate:-",
    Spec("cancel_job", "&Cancel Job", "Stop working on the selected job", (), "generate",
         "services"),
    Spec("retry_job", "Re&try Job", "Send the selected failed job again", (), "generate",
         "services"),
    Spec("play_cut", "Play the &Cut", "Play the chosen takes of all shots in order",
         ("Ctrl+Return",), "playback", "project"),
    "playback:-",
    Spec("about", "&About Sora Studio", "About this application", (), "help",
         role=QAction.MenuRole.AboutRole),
)

MENUS = (("file", "&File"), ("edit", "&Edit"), ("generate", "&Generate"),
         ("playback", "&Playback"), ("view", "&View"), ("help", "&Help"))


@dataclass
class Conditions:
    """The state ``Spec.when`` names refer to."""

    ready: bool = False  # the window is attached to its document (none is, before)
    project: bool = False
    selection: bool = False
    services: bool = False

    def holds(self, when: str) -> bool:
        if not self.ready:
            return False
        if not when:
            return True
        if when == "selection":
            return self.project and self.selection
        if when == "services":
            return self.project and self.services
        return bool(getattr(self, when))


class ActionRegistry(QObject):
    """The window's actions by id, their menus, and their enabled state."""

    def __init__(self, window: QMainWindow, undo_stack: QUndoStack) -> None:
        super().__init__(window)
        self.specs: dict[str, Spec] = {}
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.state = Conditions()
        for spec in SPECS:
            if isinstance(spec, Spec):
                self.specs[spec.id] = spec
                self.actions[spec.id] = self._make(window, spec)
        self.undo = undo_stack.createUndoAction(window, _tr("&Undo"))
        self.undo.setShortcuts(QKeySequence.keyBindings(Key.Undo))
        self.redo = undo_stack.createRedoAction(window, _tr("&Redo"))
        self.redo.setShortcuts(QKeySequence.keyBindings(Key.Redo))
        self.open_recent = QMenu(_tr("Open &Recent"), window)
        self.refresh()

    @staticmethod
    def _make(window: QMainWindow, spec: Spec) -> QAction:
        act = QAction(_tr(spec.text), window)
        act.setObjectName(spec.id)
        act.setStatusTip(_tr(spec.tip))
        act.setToolTip(_tr(spec.tip))
        keys: list[QKeySequence] = []
        for s in spec.shortcuts:
            keys.extend(QKeySequence.keyBindings(s) if isinstance(s, Key) else [QKeySequence(s)])
        if keys:
            act.setShortcuts(keys)
        act.setMenuRole(spec.role)
        return act

    def __getitem__(self, action_id: str) -> QAction:
        return self.actions[action_id]

    def __getattr__(self, name: str) -> QAction:
        actions = self.__dict__.get("actions", {})
        if name in actions:
            return actions[name]
        raise AttributeError(name)

    def bind(self, action_id: str, handler: Callable[[], object]) -> None:
        """Run ``handler()`` when the action triggers (the checked flag is dropped)."""
        self.actions[action_id].triggered.connect(lambda _checked=False: handler())

    def ids_when(self, when: str) -> list[str]:
        return [i for i, s in self.specs.items() if s.when == when]

    def update(self, **state: bool) -> None:
        """Change the conditions (ready=, project=, selection=, services=); re-enable."""
        for key, value in state.items():
            setattr(self.state, key, value)
        self.refresh()

    def refresh(self) -> None:
        for action_id, spec in self.specs.items():
            self.actions[action_id].setEnabled(self.state.holds(spec.when))

    def build_menus(self, window: QMainWindow) -> None:
        bar = window.menuBar()
        for key, title in MENUS:
            self.menus[key] = bar.addMenu(_tr(title))
        for spec in SPECS:
            if isinstance(spec, Spec):
                if spec.menu:
                    self.menus[spec.menu].addAction(self.actions[spec.id])
                continue
            menu, item = spec.split(":")
            if item == "-":
                self.menus[menu].addSeparator()
            elif item == "recent":
                self.menus[menu].addMenu(self.open_recent)
            elif item == "undo":
                self.menus[menu].addActions([self.undo, self.redo])

    def selection_actions(self) -> list[QAction]:
        return [self.actions[i] for i in self.ids_when("selection")]

    def edit_actions(self) -> list[QAction]:
        """Edit actions a focused panel may bind to the same keys (Delete, Select All)."""
        return [*self.selection_actions(), self["add_shot"], self["select_all"]]

    def context_actions(self) -> list[QAction | None]:
        """The timeline's context menu (None = a separator)."""
        return [self["generate_shot"], None, self["add_shot"], self["duplicate"],
                self["split"], self["delete"], None, self["paste_storyboard"]]
