"""``sora-studio --selftest``: does this installation work, end to end, with no display?

Why: a frozen build can start and still be broken (a Qt plugin, PyAV's FFmpeg, the
resources or the spawned render workers left out of the bundle). This opens the real
window offscreen, opens the bundled sample, renders ONE shot with the embedded local
provider (its spawned process pool, as the app runs it), decodes the clip, prints each
check and exits 0; on the first failure it prints the reason and exits 1. Nothing of
the user's is read or written: settings, recovery and job data go to a temporary folder,
and so do the caches (thumbnails, loudness) where platformdirs honours XDG_CACHE_HOME
(Linux; elsewhere they land in the user's cache folder, keyed by the temporary clip).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
SIZE = (640, 360)  # small: the check is that it renders and decodes, not how fast
TIMEOUT_S = 180.0


class SelfTestFailed(Exception):
    """A check failed: the message says which and why."""


_T0 = time.monotonic()


def _say(text: str) -> None:
    print(f"selftest: [{time.monotonic() - _T0:5.1f} s] {text}", flush=True)


def run_selftest() -> int:
    """Run every check; 0 when all passed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_API"] = "pyside6"
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="sora-studio-selftest-") as tmp:
            os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
            _run(Path(tmp))
    except SelfTestFailed as exc:
        _say(f"FAILED: {exc}")
        return EXIT_FAILED
    except Exception as exc:  # any other breakage is a failed check too, with its reason
        _say(f"FAILED: {type(exc).__name__}: {exc}")
        return EXIT_FAILED
    _say(f"OK: every check passed in {time.monotonic() - started:.1f} s")
    return EXIT_OK


def _run(tmp: Path) -> None:
    from studio import __version__
    from studio.storage.bundled import capability_table, resource_root

    frozen = "frozen" if getattr(sys, "frozen", False) else "not frozen"
    _say(f"sora-studio {__version__}, Python {sys.version.split()[0]}, {frozen}")
    _say(f"resources: {resource_root()} ({len(capability_table().models)} models "
         "in the capability table)")

    from studio.app.about import bundled_parts

    parts = bundled_parts()  # imports PyAV, OpenCV (with numpy) and Pillow: loadable?
    _say("parts: " + ", ".join(f"{p.name} {p.version}" for p in parts if p.version))

    from PySide6.QtWidgets import QApplication

    from studio.ui.event_loop import StudioLoop

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "sora-studio"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Sora Studio")
    loop = StudioLoop(app)
    asyncio.set_event_loop(loop)
    from studio.ui.app import build_window

    window = build_window(settings_dir=tmp / "settings", recovery=tmp / "recovery")
    window.show()
    try:
        with loop:
            loop.run_until_complete(asyncio.wait_for(_scenario(window, tmp), TIMEOUT_S))
    except TimeoutError:
        raise SelfTestFailed(f"not done within {TIMEOUT_S:.0f} s") from None
    finally:
        asyncio.set_event_loop(None)


async def _until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SelfTestFailed(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.05)


async def _scenario(window, tmp: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    from studio.core.model import TakeStatus
    from studio.localserver.faults import FaultConfig
    from studio.media.probe import MediaError, verify_video
    from studio.services.jobs import RunnerConfig
    from studio.ui.app import start_services
    from studio.ui.generation import GenerationConfig

    try:
        await _until(lambda: window._painted, 20, "the window's first paint")
        _say(f"window painted ({QGuiApplication.platformName()} platform)")
        config = GenerationConfig(data_dir=tmp / "data",
                                  local_faults=FaultConfig(generation_seconds=0.2),
                                  runner=RunnerConfig(poll_min=0.1, poll_max=0.5))
        await start_services(window, config)
        service = window.generation.service if window.generation else None
        if service is None or service.local is None:
            raise SelfTestFailed("the generation services did not start (see the log above)")
        _say(f"local provider at {service.local.base_url}")

        window.actions.open_sample.trigger()
        await _until(lambda: window.has_project and window.doc.project.shots, 30, "the sample")
        doc = window.doc
        _say(f"sample opened: {len(doc.project.shots)} shots")
        doc.set_look_field("size", f"{SIZE[0]}x{SIZE[1]}")
        shot = doc.project.shots[0]
        doc.set_selection([shot.id])
        window.actions.generate_shot.trigger()
        await _until(lambda: shot.takes, 20, "the take of shot 1")
        take = shot.takes[-1]
        await _until(lambda: take.status in (TakeStatus.COMPLETED, TakeStatus.FAILED),
                     TIMEOUT_S - 30, "shot 1's clip")
        if take.status is not TakeStatus.COMPLETED:
            raise SelfTestFailed(f"shot 1 failed: {take.error or take.status.value}")
        workers = _worker_pids(service.local)
        where = f"in worker process(es) {workers}" if workers else "in the provider's pool"
        _say(f"shot 1 ({shot.title or shot.id}) rendered {where}")
        path = doc.resolve_media(take.media)
        if path is None or not path.is_file():
            raise SelfTestFailed(f"the clip {take.media} is missing")
        try:
            info = verify_video(path, width=SIZE[0], height=SIZE[1])
        except MediaError as exc:
            raise SelfTestFailed(f"the clip does not decode: {exc}") from exc
        if abs(info.duration - shot.duration) > 0.5:
            raise SelfTestFailed(f"the clip is {info.duration:.2f} s, the shot {shot.duration} s")
        if not info.has_audio:
            raise SelfTestFailed("the clip has no sound track")
        _say(f"decoded {path.name}: {info.width}x{info.height}, {info.frames} frames at "
             f"{info.fps:g} fps, {info.duration:.2f} s, {info.video_codec} + "
             f"{info.audio_codec} sound")
    finally:
        window.doc.undo_stack.setClean()  # nothing to ask about on close
        await window.tasks.close()
        if window.generation is not None:
            await window.generation.close()
        window.close()


def _worker_pids(local) -> list[int]:
    """The render pool's worker pids (proof the spawned workers ran), when visible."""
    pool = getattr(local, "_executor", None)
    processes = getattr(pool, "_processes", None) or {}
    return sorted(processes)
