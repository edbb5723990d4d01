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
from studio.storage.bundled import sample_project_path
from studio.storage.project_file import load_project, save_project, snapshot
from studio.storage.settings import Settings, SettingsStore
from tests.ui.studio_harness import qloop, run, until  # noqa: F401 - fixture

Btn = QMessageBox.StandardButton


@pytest.fixture
def win(qtbot, qloop, tmp_path):  # noqa: F811 - the qloop fixture
    """The real window (no generation services): file work runs on qasync's loop."""
    from studio.ui.app import build_window

    SettingsStore(tmp_path / "cfg").save(Settings(language="zh"))
    w = build_window(settings_dir=tmp_path / "cfg", recovery=tmp_path / "recovery")
    # Nothing to ask when pytest-qt closes it at teardown.
    qtbot.addWidget(w, before_close_func=lambda w: w.doc.undo_stack.setClean())
    w.show()
    w.loop = qloop
    yield w
    qloop.run_until_complete(w.tasks.close())


def settle(win, predicate, what: str) -> None:
    """Run the window's loop until ``predicate()`` holds (file work is asynchronous)."""
    run(win.loop, until(predicate, 20, what))


def open_sample(win) -> None:
    win.actions.open_sample.trigger()
    settle(win, lambda: win.has_project and len(win.doc.project.shots) == 7
           and bool(win.doc.selection), "the sample, its first shot selected")


def test_welcome_state_until_a_project_opens(win):
    assert win.center.currentWidget() is win.welcome
    assert not win.inspector_dock.isVisible()
    assert not win.actions.save.isEnabled()
    win.welcome.sample_button.click()
    settle(win, lambda: win.has_project and bool(win.doc.selection), "the sample")
    assert win.center.currentWidget() is win.player_slot
    assert win.inspector_dock.isVisible() and win.prompt_dock.isVisible()
    sample = load_project(sample_project_path("zh"))
    assert win.doc.project.shots == sample.shots and win.doc.project.look == sample.look
    assert win.doc.project.id != sample.id  # an untitled copy: its jobs are its own
    assert win.doc.path is None  # the bundled sample is never overwritten
    assert win.doc.selection == [win.doc.project.shots[0].id]


def test_edit_undo_redo_save_reopen(win, qtbot, tmp_path, monkeypatch):
    open_sample(win)
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
    settle(win, lambda: saved.exists() and not win.isWindowModified(), "the save")
    assert win.windowTitle() == "film[*] — Sora Studio"
    edited = win.doc.project.model_dump()
    win.doc.load(load_project(sample_project_path("en")), None)
    win.open_path(saved)
    settle(win, lambda: win.doc.path == saved, "the reopened file")
    assert win.doc.project.model_dump() == edited
    settle(win, lambda: win.settings.recent_projects, "the recent list")
    assert win.settings.recent_projects[0] == str(saved.resolve())
    assert SettingsStore(tmp_path / "cfg").load().recent_projects[0] == str(saved.resolve())


def test_ctrl_z_in_a_text_field_undoes_the_project(win, qtbot):
    open_sample(win)
    title = win.inspector.shot.title
    old = title.text()
    title.setFocus()
    qtbot.waitUntil(title.hasFocus, timeout=1000)
    qtbot.keyClicks(title, "!")
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win.doc.project.shots[0].title == old
    assert title.text() == old


def test_close_with_unsaved_work_asks(win, monkeypatch):
    open_sample(win)
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


def test_open_error_is_one_line_and_keeps_the_project(win, tmp_path):
    open_sample(win)
    win.doc.add_shot()
    bad = tmp_path / "bad.sorastudio"
    bad.write_bytes(b"\0not json")
    win.open_path(bad, ask_save=False)
    settle(win, lambda: getattr(win.files, "last_error_box", None) is not None, "the error")
    shown = win.files.last_error_box.text()
    assert "\n" not in shown and "bad.sorastudio" in shown
    assert len(win.doc.project.shots) == 8 and win.doc.is_dirty()
    win.files.last_error_box.close()


def test_autosave_and_recovery_offer(win, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "p.sorastudio"
    save_project(load_project(sample_project_path("en")), path)
    win.open_path(path)
    settle(win, lambda: win.doc.path == path, "the project")
    win.doc.set_shot_field(win.doc.project.shots[0].id, "title", "Recovered")
    with qtbot.waitSignal(win.autosaver.saved, timeout=5000):
        win.autosaver.tick()
    found = recovery.find_recovery(path, untitled_dir=win.autosaver.untitled_dir)
    assert found is not None
    win.doc.undo_stack.setClean()
    win.doc.load(load_project(path), path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: Btn.Yes)
    win.open_path(path, ask_save=False)
    settle(win, lambda: win.doc.project.shots[0].title == "Recovered", "the restored work")
    assert win.doc.is_dirty()  # restored work is unsaved work
    win.actions.undo.trigger()
    assert win.doc.project == load_project(path)


def test_a_late_older_autosave_never_replaces_the_final_flush(win, tmp_path):
    """The SIGTERM flush writes on the GUI thread while a tick's worker may still be
    writing an older snapshot: the older one must not land after it (nor after a
    discard, where it would bring back a recovery file nobody wants)."""
    path = tmp_path / "p.sorastudio"
    save_project(load_project(sample_project_path("en")), path)
    win.open_path(path)
    settle(win, lambda: win.doc.path == path, "the project")
    saver, first = win.autosaver, win.doc.project.shots[0].id
    win.doc.set_shot_field(first, "title", "Older")
    older, seq = snapshot(win.doc.project), saver._sequence + 1
    saver._sequence = seq  # as tick() numbers the snapshot its worker will write
    win.doc.set_shot_field(first, "title", "Newer")
    saver.flush()
    assert saver._write(seq, older, path, saver.untitled_dir) is None  # the late worker
    kept = recovery.find_recovery(path, untitled_dir=saver.untitled_dir)
    assert kept is not None and load_project(kept).shots[0].title == "Newer"
    saver.discard(path)
    assert saver._write(seq, older, path, saver.untitled_dir) is None
    assert recovery.find_recovery(path, untitled_dir=saver.untitled_dir) is None


def test_status_bar_names_the_provider_before_services_run(win):
    open_sample(win)
    settle(win, lambda: "Local animatic" in win.provider_label.text(),  # a moment later
           "the provider in the status bar")


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
    win.open_path(path, ask_save=False)
    settle(win, lambda: win.has_project, "the sample")
    assert win.doc.path is None  # Save asks where; nothing is written into the package
    assert len(win.doc.project.shots) == 7
    assert str(path) not in win.settings.recent_projects


def test_a_click_on_the_first_frame_runs_once_the_window_is_attached(qtbot, qloop,  # noqa: F811
                                                                      tmp_path):
    """The shell is painted before the project model loads; what is clicked on it then
    is neither lost nor run against a window without a document."""
    from studio.ui.app import attach_window, build_shell

    w = build_shell(tmp_path / "cfg")
    qtbot.addWidget(w, before_close_func=lambda w: w.undo_stack.setClean())
    w.show()
    assert not w.attached
    assert not any(a.isEnabled() for a in w.actions.actions.values())
    qtbot.mouseClick(w.welcome.sample_button, Qt.MouseButton.LeftButton)
    assert not w.has_project
    attach_window(w, tmp_path / "cfg", tmp_path / "recovery")
    assert w.actions["open"].isEnabled() and w.doc.undo_stack is w.undo_stack
    run(qloop, until(lambda: w.has_project and len(w.doc.project.shots) == 7, 20,
                     "the sample opened by the early click"))
    qloop.run_until_complete(w.tasks.close())


def test_leaving_a_field_ends_its_typing_run(win, qtbot):
    """Typing merges into one undo step until the field loses focus (the inspector's
    editor filter follows the focus; it no longer sits on every field)."""
    open_sample(win)
    shot = win.inspector.shot
    stack = win.doc.undo_stack
    start = stack.count()

    def type_into(widget, text: str) -> None:
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus, timeout=1000)
        qtbot.keyClicks(widget, text)

    type_into(shot.title, "ab")
    assert stack.count() == start + 1
    type_into(shot.title, "cd")  # still the same run
    assert stack.count() == start + 1
    type_into(shot.camera, "")  # focus left the title (nothing typed): its run ended
    type_into(shot.title, "ef")
    assert stack.count() == start + 2
    stack.undo()
    assert shot.title.text().endswith("abcd")
