"""What ``sora-studio gui`` has imported when its first frame is done.

The first frame waits for every import before it, so the heavy modules (the SDK, the
local server's aiohttp, the decoders, Qt Multimedia) must come after it: the app warms
them in worker threads once the window is on screen. Not timed (timings on a shared
machine are noise; ``bench/bench_startup.py`` times it): the real entry point runs with
``SORA_STUDIO_MODULES_AT_PAINT``, writes ``sys.modules`` at its first frame and quits,
and the list is read here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.ui.app import MODULES_AT_PAINT_ENV
from tests.ui._process import ROOT, Proc, gui_args, studio_env

#: Modules (and their submodules) that must not be loaded before the first frame.
LATER = ("openai", "httpx", "aiohttp", "anyio", "av", "cv2", "PIL", "numpy",
         "studio.localserver.server", "studio.services.render", "studio.media.probe",
         "PySide6.QtMultimedia", "multiprocessing.pool")
#: The project model and what is built on it: ~0.3 s of imports, loaded in a worker
#: once the shell is painted (``app.build_shell``, ``app.attach_window``).
MODEL = ("pydantic", "pydantic_core", "studio.core.model", "studio.core.capabilities",
         "studio.storage.settings", "studio.storage.project_file", "studio.ui.document",
         "studio.ui.inspector")


def modules_at_first_frame(tmp_path: Path) -> set[str]:
    listing = tmp_path / "modules.txt"
    env = studio_env(tmp_path / "home", QT_QPA_PLATFORM="offscreen",
                     **{MODULES_AT_PAINT_ENV: str(listing)})
    proc = Proc(gui_args(), env, ROOT)
    try:
        assert proc.popen.wait(90) == 0, "\n".join(proc.log())
    finally:
        proc.stop()
    assert not any("Traceback" in line for line in proc.lines), "\n".join(proc.log())
    return set(listing.read_text(encoding="utf-8").split())


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.timeout(120)
def test_the_first_frame_comes_before_the_sdk_the_servers_and_the_decoders(tmp_path):
    modules = modules_at_first_frame(tmp_path)
    assert "studio.ui.main_window" in modules  # the listing is the real window's
    assert loaded(modules, LATER) == []


@pytest.mark.timeout(120)
def test_the_keyring_is_loaded_only_when_a_key_is_read(tmp_path):
    assert loaded(modules_at_first_frame(tmp_path), ("keyring",)) == []


@pytest.mark.timeout(120)
def test_the_first_frame_does_not_wait_for_the_project_model(tmp_path):
    modules = modules_at_first_frame(tmp_path)
    assert "studio.ui.welcome" in modules
    assert loaded(modules, MODEL) == []
