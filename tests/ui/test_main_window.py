"""Main window: sample, edit, undo/redo, save, reopen, dirty title, close prompt, autosave."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from studio.storage import recovery
from studio.storage.bundled import capability_table, sample_project_path
from studio.storage.project_file import load_project, save_project
from studio.storage.settings import Settings, SettingsStore
from studio.ui.document import ProjectDocument
from studio.ui.main_window import MainWindow

Btn = QMessageBox.StandardButton
# The offscreen platform plugin warns about a feature it lacks whenever docks re-layout.

@pytest.fixture
def win(qtbot, tmp_path):
    doc = ProjectDocument(capability_table())
    w = MainWindow(doc, SettingsStore(tmp_path / "cfg"), Settings(language="zh"),
                   tmp_path / "recovery")
    # Nothing to ask when pytest-qt closes it at teardown.
    qtbot.addWidget(w, before_close_func=lambda w: w.doc.undo_stack.setClean())
    w.show()
    return w


def test_welcome_state_until_a_project_opens(win):
    assert win.center.currentWidget() is win.welcome
    assert not win.inspector_dock.isVisible()
    assert not win.actions.save.isEnabled()
    win.welcome.sample_button.click()
    assert win.center.currentWidget() is win.player_slot
    assert win.inspector_dock.isVisible() and win.prompt_dock.isVisible()
    assert win.doc.project == load_project(sample_project_path("zh"))
    assert win.doc.path is None  # the bundled sample is never overwritten
    assert win.doc.selection == [win.doc.project.shots[0].id]


def test_edit_undo_redo_save_reopen(win, qtbot, tmp_path, monkeypatch):
    win.actions.open_sample.trigger()
    first = win.doc.project.shots[0].id
    win.inspector.shot.title.selectAll()
    qtbot.keyClicks(win.inspector.shot.title, "Sunrise")
    assert win.isWindowModified() and "[*]" in win.windowTitle()
    win.actions.add_shot.trigger()
    assert len(win.doc.project.shots) == 8
    win.actions.undo.trigger()
    assert len(win.doc.project.shots) == 7
    win.actions.redo.trigger()
    win.actions.undo.trigger()
    assert win.doc.project.shot(first).title == "Sunrise"
    target = tmp_path / "film"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert win.actions.save.isEnabled()
    win.actions.save.trigger()
    saved = target.with_suffix(".sorastudio")
    assert saved.exists() and not win.isWindowModified()
    assert win.windowTitle() == "film[*] — Sora Studio"
    edited = win.doc.project.model_dump()
    win.doc.load(load_project(sample_project_path("en")), None)
    assert win.open_path(saved)
    assert win.doc.project.model_dump() == edited
    assert win.settings.recent_projects[0] == str(saved.resolve())
    assert SettingsStore(tmp_path / "cfg").load().recent_projects[0] == str(saved.resolve())


def test_ctrl_z_in_a_text_field_undoes_the_project(win, qtbot):
    win.actions.open_sample.trigger()
    title = win.inspector.shot.title
    old = title.text()
    title.setFocus()
    qtbot.waitUntil(title.hasFocus, timeout=1000)
    qtbot.keyClicks(title, "!")
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win.doc.project.shots[0].title == old
    assert title.text() == old


def test_close_with_unsaved_work_asks(win, monkeypatch):
    win.actions.open_sample.trigger()
    win.doc.add_shot()
    asked: list[str] = []

    def answer(btn):
        def ask(*args, **kwargs):
            asked.append(args[1])
            return btn
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(Btn.Cancel))
    assert not win.close()
    assert win.isVisible() and asked == ["Unsaved changes"]
    monkeypatch.setattr(QMessageBox, "question", answer(Btn.Discard))
    assert win.close()


def test_open_error_is_one_line_and_keeps_the_project(win, tmp_path, monkeypatch):
    win.actions.open_sample.trigger()
    win.doc.add_shot()
    bad = tmp_path / "bad.sorastudio"
    bad.write_bytes(b"\0not json")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    assert not win.open_path(bad, ask_save=False)
    assert len(shown) == 1 and "\n" not in shown[0] and "bad.sorastudio" in shown[0]
    assert len(win.doc.project.shots) == 8 and win.doc.is_dirty()


def test_autosave_and_recovery_offer(win, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "p.sorastudio"
    save_project(load_project(sample_project_path("en")), path)
    assert win.open_path(path)
    win.doc.set_shot_field(win.doc.project.shots[0].id, "title", "Recovered")
    with qtbot.waitSignal(win.autosaver.saved, timeout=5000):
        win.autosaver.tick()
    found = recovery.find_recovery(path, untitled_dir=win.autosaver.untitled_dir)
    assert found is not None
    win.doc.undo_stack.setClean()
    win.doc.load(load_project(path), path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: Btn.Yes)
    assert win.open_path(path, ask_save=False)
    assert win.doc.project.shots[0].title == "Recovered"
    assert win.doc.is_dirty()  # restored work is unsaved work
    win.actions.undo.trigger()
    assert win.doc.project == load_project(path)


def test_status_bar_shows_provider_cost_and_jobs(win):
    win.actions.open_sample.trigger()
    assert "Local animatic" in win.provider_label.text()
    assert "Quoted $" in win.cost_label.text()
    assert "Jobs:" in win.jobs_label.text()


def test_no_display_prints_one_line_and_exits_2():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-m", "studio.cli", "gui"],
        env=env, cwd=root, capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "sora-studio: no display found; set DISPLAY, or run `make demo` for a headless render"
    ]


def test_opening_the_installed_sample_gives_an_untitled_copy(win):
    from studio.storage.bundled import is_bundled, sample_project_path

    path = sample_project_path("en")
    assert is_bundled(path)
    assert win.open_path(path, ask_save=False)
    assert win.doc.path is None  # Save asks where; nothing is written into the package
    assert len(win.doc.project.shots) == 7
    assert str(path) not in win.settings.recent_projects
