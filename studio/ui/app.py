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
from pathlib import Path
from typing import Any

NO_DISPLAY_MESSAGE = (
    "sora-studio: no display found; set DISPLAY, or run `make demo` for a headless render"
)
EXIT_NO_DISPLAY = 2
LOG_ENV = "SORA_STUDIO_LOG"  # a level name (DEBUG, INFO, WARNING); INFO when unset
#: A debug switch: the modules loaded at the first frame are written to this file and the
#: app quits (tests/ui/test_startup_imports.py checks that nothing heavy came before it).
MODULES_AT_PAINT_ENV = "SORA_STUDIO_MODULES_AT_PAINT"
#: How long a thread may hold the GIL while another waits for it (Python's default: 5 ms).
#: A worker saving, reading or encoding holds it in turns of this length, and every Qt
#: slot, event filter or paint of ours waits up to one turn to run (a repaint calls into
#: Python dozens of times): at 5 ms a save made the GUI thread wait ~10-12 ms per callback
#: (p90), at 1 ms ~5 ms; at 0.2 ms a 500-shot save's worst stall went from 15-24 ms to
#: 13-14 ms, with the generation bench unchanged (worst 27 ms, p99 7.8 ms).
GIL_SWITCH_S = 0.0002

log = logging.getLogger(__name__)


def configure_logging(env: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """The studio's log lines on stderr (INFO unless ``$SORA_STUDIO_LOG`` says otherwise).

    Why: started from a terminal, the window says what it did — painted, services
    ready, project opened, shut down — which is what a bug report (and the entry-point
    test) needs. Other libraries stay at WARNING (httpx logs every request at INFO).
    """
    level = logging.getLevelName(env.get(LOG_ENV, "INFO").strip().upper() or "INFO")
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.WARNING)
    logging.getLogger("studio").setLevel(level if isinstance(level, int) else logging.INFO)


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
    configure_logging()
    sys.setswitchinterval(GIL_SWITCH_S)  # the GUI thread gets the GIL back sooner

    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "sora-studio"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Sora Studio")
    app.setOrganizationName("sora-studio")
    app.setApplicationVersion(_version())
    from studio.storage.bundled import APP_ID

    app.setDesktopFileName(APP_ID)  # the desktop shell matches the window to its entry
    app.setWindowIcon(app_icon())
    from studio.ui.i18n import install_from_settings

    install_from_settings(app)  # before any widget: texts are translated as they are made
    from studio.ui.gc_guard import GuiThreadCollector

    GuiThreadCollector(app, freeze_loads=True)  # cycles are freed on this thread only
    from studio.ui.event_loop import StudioLoop

    loop = StudioLoop(app)
    asyncio.set_event_loop(loop)

    window = build_shell()  # the document and the panels come after the first frame
    freeze_heap()  # before the collector's first tick: start-up made ~50k objects
    window.show()

    def after_paint() -> None:  # the window's own paint event: its children are painted
        QTimer.singleShot(0, first_frame)  # after it, in the same pass; a zero timer runs
        # once that pass (the whole first frame) is done

    def first_frame() -> None:
        log.info("window painted")  # bench/bench_startup.py times the process to this line
        if os.environ.get(MODULES_AT_PAINT_ENV):
            _report_modules_and_quit(window, Path(os.environ[MODULES_AT_PAINT_ENV]))
            return
        # The project model's modules, off the GUI thread (the window stays live).
        window.tasks.spawn(window.tasks.blocking(_preload), label=QCoreApplication
                           .translate("App", "Start-up"), done=lambda _: attached())

    def attached() -> None:
        attach_window(window)
        freeze_heap()
        finish_window(window)
        warm_panels(window)
        start_services(window).add_done_callback(lambda _: freeze_heap())  # + openai's
        if project_path:
            window.open_path(Path(project_path).resolve())
        else:
            window.offer_untitled_recovery()

    window.firstPainted.connect(after_paint)
    window.projectOpened.connect(lambda: log.info(
        "project open: %s (%d shots)", window.doc.path or "untitled",
        len(window.doc.project.shots)))

    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    wake = _stop_on_signals(window, closed)
    with loop:
        loop.run_until_complete(closed.wait())
        loop.run_until_complete(window.tasks.close())  # the window's work first, then
        if window.generation is not None:  # the engine: jobs stay in the ledger, resumed
            loop.run_until_complete(window.generation.close())  # next time
    wake.setEnabled(False)
    log.info("shut down")
    return 0


def _report_modules_and_quit(window, path: Path) -> None:
    """Write ``sys.modules`` as it is at the first frame (one name a line), then close."""
    path.write_text("\n".join(sorted(sys.modules)) + "\n", encoding="utf-8")
    window.close()  # nothing is open yet: nothing to ask about


def app_icon():
    """The app's icon from its PNG sizes (no SVG plugin needed at start-up)."""
    from PySide6.QtGui import QIcon

    from studio.storage.bundled import APP_ICON_SIZES, app_icon_path

    icon = QIcon()
    for size in APP_ICON_SIZES:
        icon.addFile(str(app_icon_path(size)))
    return icon


def _stop_on_signals(window, closed: asyncio.Event):
    """SIGTERM / SIGINT (a session ending, Ctrl+C in a terminal) end the app cleanly.

    Without this the default action killed the process on the spot: no services
    closed, no final autosave. No question is asked (nobody may be there to answer):
    unsaved work is written to the recovery file and offered at the next start. Qt's
    loop runs no Python while idle, so the signal wakes it through a socket
    (``signal.set_wakeup_fd``). Python runs the handler between any two bytecodes of
    the GUI thread, in the middle of an edit if one is running (seen: a recovery
    adding 7 takes in one transaction, flushed after the first), so the handler only
    posts the shutdown; it runs from the event loop, between two events.
    Returns the notifier (kept alive by the caller).
    """
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    def finish(signum: int) -> None:
        log.info("%s received: closing", signal.Signals(signum).name)
        try:
            if window.autosaver is not None:  # None: the signal came before attach
                window.autosaver.flush()
        except Exception as exc:  # nothing may stop the shutdown
            log.warning("final autosave failed: %s", _first_line(exc))
        closed.set()

    def stop(signum: int, _frame: object) -> None:
        QTimer.singleShot(0, window, lambda: finish(signum))

    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)
    signal.set_wakeup_fd(wsock.fileno(), warn_on_full_buffer=False)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    notifier = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read, window)
    notifier.activated.connect(lambda *_: rsock.recv(64))  # Python runs: handlers fire
    notifier.socks = (rsock, wsock)  # type: ignore[attr-defined] - their lifetime
    return notifier


def build_window(settings_dir: Path | None = None, recovery: Path | None = None, *,
                 complete: bool = True):
    """The main window with its panels, wired to one document (imports stay lazy: this
    module must import without Qt). Tests pass temporary settings and recovery folders.

    ``complete=False`` leaves the timeline, player, jobs panel and storyboard tools to
    :func:`finish_window`. The app itself builds in steps around its first frame:
    :func:`build_shell` before it, :func:`attach_window` and :func:`finish_window` after.
    """
    window = build_shell(settings_dir)
    attach_window(window, settings_dir, recovery)
    if complete:
        install_panels(window)
        window.install_storyboard_tools()
    return window


def build_shell(settings_dir: Path | None = None):
    """What the first frame shows — menus, the welcome page with the recent projects, the
    status bar — from Qt and the settings file alone (no project model imported).

    The window's one task manager is built here: every piece of async work of the
    window (file reads and writes, generation) runs through it, and its failures reach
    the status bar.
    """
    from PySide6.QtCore import QCoreApplication

    from studio.app.tasks import TaskManager
    from studio.storage.settings_glance import glance
    from studio.ui.main_window import MainWindow

    window = MainWindow(TaskManager(), glance(settings_dir).recent_projects)

    def report(label: str, exc: BaseException) -> None:
        from studio.ui.ids import elide_ids

        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        text = elide_ids(text)  # a gateway's ~300-character id would push the rest out
        window.statusBar().showMessage(
            QCoreApplication.translate("App", "{what} failed: {reason}").format(
                what=label, reason=text), 10_000)

    window.tasks.on_error = report
    return window


def attach_window(window, settings_dir: Path | None = None,
                  recovery: Path | None = None) -> None:
    """The settings (validated), the document and the project files, into the shell."""
    from PySide6.QtCore import QCoreApplication

    from studio.app.projects import ProjectFiles
    from studio.storage.bundled import capability_table
    from studio.storage.settings import Settings, SettingsError, SettingsStore
    from studio.ui.document import ProjectDocument

    store = SettingsStore(settings_dir)
    try:
        settings = store.load()
        problem = None
    except SettingsError as exc:
        settings, problem = Settings(), str(exc)
    doc = ProjectDocument(capability_table(), undo_stack=window.undo_stack)
    files = ProjectFiles(window.tasks, store,
                         recovery if recovery is not None else recovery_dir())
    window.attach(doc, store, settings, files)
    if problem:
        window.statusBar().showMessage(QCoreApplication.translate(
            "App", "Settings ignored: {reason}").format(reason=problem), 15_000)


#: What the storyboard tools import (the local server's aiohttp among it), loaded off the
#: GUI thread by :func:`finish_window`.
STORYBOARD_TOOL_MODULES = ("studio.ui.paste_dialog", "studio.ui.assistant_dialog")


def finish_window(window) -> None:
    """After the first frame: the panels (hidden until a project opens), then the
    storyboard tools once their modules were imported in a worker thread."""
    install_panels(window)

    from PySide6.QtCore import QCoreApplication

    def load() -> None:
        import importlib

        for name in STORYBOARD_TOOL_MODULES:
            importlib.import_module(name)

    window.tasks.spawn(window.tasks.blocking(load),
                       label=QCoreApplication.translate("App", "Storyboard tools"),
                       done=lambda _: window.install_storyboard_tools())


def warm_panels(window) -> None:
    """Polish and paint each hidden project dock once, a dock per turn, after start-up.

    Why: the first time a widget is shown Qt polishes it (style, fonts), lays it out and
    fills its glyph caches, and PySide6 makes each Python enum on its first use; in the
    first project open that was ~30 ms more in one stall of the GUI loop. Done here,
    while the welcome page is all there is, it costs a few short turns nobody waits for.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    docks = window.project_docks()

    def next_dock() -> None:
        if not docks or window.has_project:
            return
        widget = docks.pop(0).widget()
        widget.ensurePolished()
        for child in widget.findChildren(QWidget):
            child.ensurePolished()
        widget.grab()  # paints it into a pixmap: nothing on screen changes
        QTimer.singleShot(0, window, next_dock)

    QTimer.singleShot(0, window, next_dock)


def install_panels(window) -> None:
    """Put the timeline, player and jobs panels into the window and wire them together.

    Only cheap widgets here (this runs before the first paint); the services behind the
    jobs panel start later in :func:`start_services`.
    """
    from studio.ui import docks
    from studio.ui.jobs_dock import JobsPanel
    from studio.ui.player.widget import PlayerWidget
    from studio.ui.timeline import TimelineView

    doc = window.doc
    timeline = TimelineView(doc)
    docks.install_timeline(window, timeline)
    player = PlayerWidget(doc)
    docks.install_player(window, player)
    docks.install_jobs(window, JobsPanel())
    # The cut follows the timeline and the timeline follows the cut.
    player.currentShotChanged.connect(lambda shot_id: doc.set_selection([shot_id]))
    timeline.shotActivated.connect(lambda shot_id: _play_chosen(window, player, shot_id))
    takes = window.inspector.takes
    takes.playRequested.connect(lambda path: player.load(path, play=True))
    takes.compareRequested.connect(player.compare)


def _play_chosen(window, player, shot_id: str) -> None:
    """Load the shot's chosen take, if it has a finished one."""
    from PySide6.QtCore import QCoreApplication

    take = window.doc.project.shot(shot_id).chosen()
    path = window.doc.resolve_media(take.media) if take is not None else None
    if path is not None:
        player.load(path)
    else:
        window.statusBar().showMessage(QCoreApplication.translate(
            "App", "This shot has no finished take yet."), 3000)


def start_services(window, config: Any = None) -> asyncio.Task[None]:
    """Heavy start-up after the first paint: import ``openai`` and the rest of
    :data:`WARM_MODULES` off the GUI thread, then the generation controller (ledger,
    local provider, runner). Returns the start-up task.
    """
    from PySide6.QtCore import QCoreApplication

    from studio.app.generation import GenerationService
    from studio.ui.generation import GenerationController

    loop = asyncio.get_running_loop()  # qasync's: called from a Qt timer inside it
    service = GenerationService(window.doc.table, window.tasks, config)
    controller = GenerationController(window, service)
    window.generation = controller

    async def start() -> None:
        window.autosaver.start()
        try:
            await loop.run_in_executor(None, _warm_imports)
        except Exception as exc:  # the window stays usable without it
            log.warning("openai unavailable: %s", exc)
        try:
            await controller.start()
        except Exception as exc:  # say so, keep the editor usable
            reason = _first_line(exc)
            log.warning("generation unavailable: %s", reason, exc_info=True)
            window.statusBar().showMessage(QCoreApplication.translate(
                "App", "Generation unavailable: {reason}").format(reason=reason))
            return
        from studio.storage.library import CharacterLibrary

        window.inspector.shot.library = await loop.run_in_executor(
            None, CharacterLibrary, service.root / "library")
        log.info("generation services ready: local provider at %s", service.local.base_url)
        window.statusBar().showMessage(QCoreApplication.translate("App", "Ready"), 3000)

    window.startup_task = loop.create_task(start())  # keep a reference: tasks are weak
    return window.startup_task


#: What the window imports once its first frame is up: the project model (pydantic, our
#: core, storage) and the panels built on it, loaded off the GUI thread (see _preload).
ATTACH_MODULES = ("studio.app.projects", "studio.app.characters", "studio.core.validation",
                  "studio.core.cut", "studio.core.freshness", "studio.core.prompts.compose",
                  "studio.storage.library", "studio.storage.project_file",
                  "studio.storage.bundled", "studio.services.jobs", "studio.ui.document",
                  "studio.ui.files", "studio.ui.autosave", "studio.ui.inspector",
                  "studio.ui.prompt_view", "studio.ui.timeline", "studio.ui.player.widget",
                  "studio.ui.jobs_dock")


def _preload() -> None:
    """Import :data:`ATTACH_MODULES` (in a worker thread, after the first frame).

    Why: they are ~0.3 s of imports, as much as the rest of a start; the first frame
    needs none of them (``build_shell``), and imported in a worker they keep the GUI
    loop free while the window is already on screen. A missing module is imported
    later, on use.
    """
    import importlib

    for name in ATTACH_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            log.debug("not preloaded: %s (%s)", name, exc)


def freeze_heap() -> None:
    """Put every object alive now out of the cyclic collector's reach (``gc.freeze``).

    Why: collection runs on the GUI thread (``gc_guard``), and a collection holds the GIL
    for as long as it traverses. The objects made at start-up (modules, classes, widgets,
    openai's ~50k types) live as long as the process; left in the heap, a gen-0 pass over
    them stalled the first frame and every full collection froze the window for 0.1 s or
    more. Frozen, they are never traversed again. Cyclic garbage frozen with them is
    never freed: a one-off, small. Only the entry point calls this (tests build many
    windows in one process, and their garbage must stay collectable).
    """
    import gc

    gc.freeze()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


#: Imported in a worker thread before the services start, so none of it runs on the GUI
#: thread later (an import there is a stall: PyAV alone is ~0.2 s): what the services
#: load at start (the local provider: Pillow, multiprocessing), at the first request
#: (the SDK's video resource, anyio's backend) and at the first download (the decode
#: check: PyAV). ``openai`` first: without it there is nothing to warm.
WARM_MODULES = ("openai", "openai.resources.videos", "openai.pagination",
                "anyio._backends._asyncio", "studio.localserver.server",
                "studio.services.render", "studio.media.probe")


def _warm_imports() -> None:
    """Import :data:`WARM_MODULES` (in a worker thread); ImportError if openai is missing."""
    import importlib

    import openai  # noqa: F401 - imported for its side effect: the 0.9 s import cost

    for name in WARM_MODULES[1:]:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # a lazy import later, on the GUI thread: slower only
            log.debug("not preloaded: %s (%s)", name, exc)


def _version() -> str:
    from studio import __version__

    return __version__
