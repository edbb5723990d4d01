"""The composition root: QApplication, the qasync loop, the main window, then services.

Order matters for the first impression: the window is built from cheap parts and shown
first; anything slow (``import openai`` ~0.9 s, the client, the local provider) starts
only after the first paint, from a zero-timer, so the user sees a window at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

NO_DISPLAY_MESSAGE = (
    "sora-studio: no display found; set DISPLAY, or run `make demo` for a headless render"
)
EXIT_NO_DISPLAY = 2

log = logging.getLogger(__name__)

#: Called once after the first paint with the main window; integration registers the
#: generation services here (job runner, local provider, jobs dock, Generate menu).
AFTER_FIRST_PAINT: list[Callable[[object], object]] = []


def has_display(env: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """False only where Qt would abort: X11/Wayland platforms with nothing to connect to."""
    if sys.platform in ("win32", "darwin"):
        return True
    return any(env.get(k) for k in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def recovery_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("sora-studio", appauthor=False)) / "recovery"


def run_gui(project_path: str | None) -> int:
    """Open the studio window (optionally with a project) and run until it closes."""
    if not has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return EXIT_NO_DISPLAY
    os.environ["QT_API"] = "pyside6"  # qasync binds to the first Qt it finds otherwise

    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "sora-studio"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Sora Studio")
    app.setOrganizationName("sora-studio")
    app.setApplicationVersion(_version())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    window = build_window()
    window.show()

    def after_paint() -> None:
        QTimer.singleShot(0, lambda: _start_services(window, loop))

    window.firstPainted.connect(after_paint)
    if project_path:
        QTimer.singleShot(0, lambda: window.open_path(Path(project_path)))
    else:
        QTimer.singleShot(0, window.offer_untitled_recovery)

    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
    return 0


def build_window():  # -> MainWindow (import kept lazy: this module must import without Qt)
    """The main window with the panels that exist, wired to one document."""
    from studio.storage.bundled import capability_table
    from studio.storage.settings import Settings, SettingsError, SettingsStore
    from studio.ui.document import ProjectDocument
    from studio.ui.main_window import MainWindow

    store = SettingsStore()
    try:
        settings = store.load()
        problem = None
    except SettingsError as exc:
        settings, problem = Settings(), str(exc)
    doc = ProjectDocument(capability_table())
    window = MainWindow(doc, store, settings, recovery_dir())
    install_panels(window)
    if problem:
        window.statusBar().showMessage(f"Settings ignored: {problem}", 15_000)
    return window


def install_panels(window) -> None:
    """Put the timeline, player and jobs panels into the window when they are available."""
    try:
        from studio.ui.timeline import TimelineView
    except ImportError:
        TimelineView = None
    if TimelineView is not None:
        window.set_timeline(TimelineView(window.doc))
    try:
        from studio.ui.player.widget import PlayerWidget
    except ImportError:
        PlayerWidget = None
    if PlayerWidget is not None:
        window.set_player(PlayerWidget(window.doc))


def _start_services(window, loop: asyncio.AbstractEventLoop) -> None:
    """Heavy start-up after the first paint: warm ``openai`` off the GUI thread, then hooks."""

    async def start() -> None:
        window.autosaver.start()
        try:
            await loop.run_in_executor(None, _import_openai)
        except Exception as exc:  # the window stays usable without it
            log.warning("openai unavailable: %s", exc)
        for hook in AFTER_FIRST_PAINT:
            result = hook(window)
            if asyncio.iscoroutine(result):
                await result
        window.statusBar().showMessage("Ready", 3000)

    window.startup_task = loop.create_task(start())  # keep a reference: tasks are weak


def _import_openai() -> None:
    import openai  # noqa: F401 - imported for its side effect: the 0.9 s import cost


def _version() -> str:
    from studio import __version__

    return __version__
