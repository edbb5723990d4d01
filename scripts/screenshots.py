"""Render the studio window into PNGs (``make screenshots``; needs an X display, e.g. Xvfb).

States: the sample project idle, generating on the local provider, and playing the cut.
Settings, ledger and provider data go to a throw-away folder, never the user's.

    python scripts/screenshots.py OUT [--ui en|zh_CN] [--dialogs]

``--ui`` is the interface language (default English; zh_CN shoots the Chinese sample
only), ``--dialogs`` adds every dialog (scripts/dialog_shots.py) and exits 1 when a
label or button of one is cut off.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

SIZE = (1440, 900)


async def _settle(seconds: float) -> None:
    await asyncio.sleep(seconds)


def _grab(window, path: Path) -> None:
    """Grab the window as the X server shows it (QWidget.grab() misses video surfaces)."""
    screen = window.screen()
    pixmap = screen.grabWindow(window.winId())
    if not pixmap.save(str(path)):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(f"screenshots: wrote {path} ({pixmap.width()}x{pixmap.height()})")


def _all_done(window) -> bool:
    from studio.core.model import TakeStatus

    shots = window.doc.project.shots
    return bool(shots) and all(
        (t := s.chosen()) is not None and t.status is TakeStatus.COMPLETED and t.media
        for s in shots
    )


async def _wait_for(predicate, timeout: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        await asyncio.sleep(0.2)


async def _shoot(window, out: Path, language: str, *, play: bool,
                 dialogs: bool = False) -> list[str]:
    """Idle with the sample, then generating all shots, then (optionally) playing the cut;
    returns the dialogs' cut-off texts (when ``dialogs``)."""
    window.settings.language = language
    window.actions.open_sample.trigger()
    await _settle(1.0)
    _grab(window, out / f"idle-{language}.png")
    problems: list[str] = []
    if dialogs:
        from dialog_shots import clipped, shoot_dialogs  # beside this script (sys.path[0])

        problems = [f"window: {p}" for p in clipped(window)]
        problems += await shoot_dialogs(window, out, language)
    inspector = window.inspector
    inspector.setCurrentWidget(inspector.look)  # the provider and model this project uses
    await _settle(0.5)
    _grab(window, out / f"look-{language}.png")
    inspector.setCurrentWidget(inspector.shot)
    await _wait_for(lambda: window.actions.generate_all.isEnabled(), 60, "the services")
    window.actions.generate_all.trigger()
    await _settle(3.0)
    _grab(window, out / f"generating-{language}.png")
    if play:
        await _wait_for(lambda: _all_done(window), 240, "the takes")
        await _settle(1.0)
        window.actions.play_cut.trigger()
        await _settle(2.5)
        _grab(window, out / f"playing-{language}.png")
    return problems


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="screenshots")
    parser.add_argument("out", nargs="?", default="docs/screenshots")
    parser.add_argument("--ui", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--dialogs", action="store_true")
    opts = parser.parse_args(argv[1:])
    ui = opts.ui
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DISPLAY"):
        print("screenshots: no DISPLAY; run under Xvfb (make screenshots does)", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="sora-studio-shots-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = os.path.join(tmp, var.lower())
    os.environ["QT_API"] = "pyside6"
    import qasync
    from PySide6.QtWidgets import QApplication

    from studio.localserver.faults import FaultConfig
    from studio.ui.app import build_window, start_services
    from studio.ui.generation import GenerationConfig

    app = QApplication.instance() or QApplication(argv[:1])
    app.setApplicationName("Sora Studio")
    from studio.ui.i18n import install

    install(app, ui)  # before any widget, as the app does
    contents = ("zh",) if ui == "zh_CN" else ("en", "zh")
    problems: list[str] = []

    async def run() -> None:
        for language in contents:
            window = build_window()
            window.resize(*SIZE)
            window.show()
            await _settle(0.5)
            config = GenerationConfig(
                data_dir=Path(tmp) / f"data-{language}",
                local_faults=FaultConfig(generation_seconds=8.0),
            )
            await start_services(window, config)
            problems.extend(await _shoot(window, out, language,
                                         play=language == contents[0],
                                         dialogs=opts.dialogs))
            window.doc.undo_stack.setClean()
            await window.generation.close()
            window.generation = None
            window.close()
            window.deleteLater()

    qasync.run(run())
    for p in problems:
        print(f"screenshots: cut off: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
