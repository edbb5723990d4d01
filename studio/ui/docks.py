"""The main window's docks: made one way, each with its View-menu toggle.

The inspector and prompt view are docked when the window is attached to its document;
the timeline, player and jobs panel after the first frame (``app.install_panels``).
Titles keep the main window's translation context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QWidget

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

Area = Qt.DockWidgetArea


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def add_dock(window: MainWindow, name: str, title: str, widget: QWidget,
             area: Qt.DockWidgetArea) -> QDockWidget:
    """A movable, closable, floatable dock named ``<name>_dock``, toggled in View."""
    dock = QDockWidget(title, window)
    dock.setObjectName(f"{name}_dock")
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    window.addDockWidget(area, dock)
    window.actions.menus["view"].addAction(dock.toggleViewAction())
    return dock


def install_timeline(window: MainWindow, widget: QWidget) -> QDockWidget:
    """The timeline in the bottom dock (once)."""
    dock = add_dock(window, "timeline", _tr("Timeline"), widget, Area.BottomDockWidgetArea)
    window.timeline_dock = dock
    yield_shortcuts_to(window, widget)
    dock.setVisible(window.has_project)
    return dock


def install_jobs(window: MainWindow, widget: QWidget) -> QDockWidget:
    """The jobs panel as a tab beside the prompt view (once)."""
    dock = add_dock(window, "jobs", _tr("Jobs"), widget, Area.RightDockWidgetArea)
    window.jobs_dock = dock
    window.tabifyDockWidget(window.prompt_dock, dock)
    window.prompt_dock.raise_()
    dock.setVisible(window.has_project)
    return dock


def install_player(window: MainWindow, widget: QWidget) -> None:
    """The player in the centre (shown while a project is open), with its actions."""
    window.player = widget
    window.player_slot.layout().addWidget(widget)
    play_cut = getattr(widget, "play_cut", None)
    if play_cut is not None:
        window.actions.bind("play_cut", play_cut)
    own = getattr(widget, "menu_actions", None)  # Space , . L M: the player's actions
    if own is not None:
        window.actions.menus["playback"].addActions(own())


def yield_shortcuts_to(window: MainWindow, widget: QWidget) -> None:
    """Drop window shortcuts the panel's own actions already bind.

    Qt treats two enabled actions with one key as ambiguous (neither fires), so an edit
    key such as Delete belongs to the panel that has focus, not to the window.
    """
    taken = {k.toString() for a in widget.actions() for k in a.shortcuts()}
    for act in window.actions.edit_actions():
        keep = [k for k in act.shortcuts() if k.toString() not in taken]
        if len(keep) != len(act.shortcuts()):
            act.setShortcuts(keep)
