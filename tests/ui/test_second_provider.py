"""A newcomer sends a new project to a second provider chosen in the Look tab.

The second provider is a real ``sora-studio serve`` process on its own port with its own
API key; what it received is read from its own job records afterwards. The same project
sent with a wrong key fails with a sentence naming the profile, and costs nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from studio.core.model import TakeStatus
from studio.localserver.store import Store
from studio.storage.settings import ProviderProfile, Settings, SettingsStore, local_profile
from tests.ui.studio_harness import run, until

KEY = "sk-second-provider-key"


@pytest.fixture
def second(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``sora-studio serve`` on a free port with an API key: (base URL, data dir)."""
    data = tmp_path / "second-provider"
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "serve", "--port", "0", "--api-key", KEY,
         "--data-dir", str(data), "--generation-seconds", "0.5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.fullmatch(r"serving (http://127\.0\.0\.1:\d+/v1)\n", line)
        assert match, line + (proc.stderr.read() if proc.poll() is not None else "")
        yield match[1], data
    finally:
        proc.terminate()
        proc.communicate(timeout=30)  # reaps it and closes both pipes


def _settings(tmp_path: Path, url: str, ring) -> None:
    """Two profiles besides the animatic: the right key, and a wrong one."""
    settings = Settings(profiles=[
        local_profile(),
        ProviderProfile(name="Second", base_url=url, models=["animatic"]),
        ProviderProfile(name="Wrong key", base_url=url, models=["animatic"]),
    ])
    store = SettingsStore(tmp_path / "cfg")
    store.save(settings)
    store.set_key(settings, "Second", KEY)
    store.set_key(settings, "Wrong key", "sk-not-the-key")


def _new_project_with_shots(win, qtbot, n: int) -> None:
    """File ▸ New, then n shots typed in through the inspector."""
    win.actions.new.trigger()
    for i in range(n):
        win.actions.add_shot.trigger()
        title = win.inspector.shot.title
        qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(title, f"Harbour at dawn {i + 1}")
        title.clearFocus()
    look = win.inspector.look
    look.size.setCurrentIndex(look.size.findData("640x360"))  # quick renders on 2 cores


def _pick(win, provider: str) -> None:
    look = win.inspector.look
    win.inspector.setCurrentWidget(look)
    look.provider.setCurrentIndex(look.provider.findText(provider))
    look.model.setCurrentIndex(look.model.findData("animatic"))


def test_takes_come_from_the_provider_picked_in_look(launch, qloop, qtbot, tmp_path, ring,
                                                     second):
    url, data = second
    _settings(tmp_path, url, ring)
    win = launch()
    doc = win.doc
    _new_project_with_shots(win, qtbot, 2)
    _pick(win, "Second")
    assert doc.project.look.provider == "Second"

    async def scenario() -> None:
        await until(lambda: "Second" in win.provider_label.text(), 5, "the status bar")
        win.actions.generate_all.trigger()
        await until(lambda: all(s.takes for s in doc.project.shots), 10, "the takes")
        assert all(s.takes[0].provider == "Second" for s in doc.project.shots)
        assert all("Second" in win.generation.jobs.model.index(r, 0).data()
                   for r in range(2))  # the jobs panel names who runs each job
        await until(lambda: all(s.takes[0].status is TakeStatus.COMPLETED
                                for s in doc.project.shots), 60, "the clips")

    run(qloop, scenario(), timeout=90)
    # On the second provider's side: exactly these two videos, with these prompts.
    videos = Store(data).live_videos()
    assert len(videos) == 2
    prompts = sorted(v.prompt for v in videos)
    assert all("Harbour at dawn" in p for p in prompts)
    # ... and nothing reached the embedded animatic.
    assert Store(tmp_path / "data" / "local-provider").live_videos() == []


def test_a_wrong_key_says_which_profile_and_costs_nothing(launch, qloop, qtbot, tmp_path,
                                                          ring, second):
    url, data = second
    _settings(tmp_path, url, ring)
    win = launch()
    doc = win.doc
    _new_project_with_shots(win, qtbot, 1)
    _pick(win, "Wrong key")
    shot = doc.project.shots[0]

    async def scenario() -> None:
        win.actions.generate_all.trigger()
        await until(lambda: shot.takes and shot.takes[0].status is TakeStatus.FAILED, 20,
                    "the refusal")

    run(qloop, scenario())
    take = shot.takes[0]
    assert "“Wrong key” refused the API key" in take.error
    assert take.cost_spent == 0.0
    assert "Spent $0.00" in win.cost_label.text()
    assert Store(data).live_videos() == []
