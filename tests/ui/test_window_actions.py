"""Every action of the window, triggered through the real window and its real dialogs.

Only the static ``QMessageBox``/``QFileDialog`` calls are replaced (monkeypatch); the
window's own dialogs (settings, remix / edit / extend) are the real ones, filled and
accepted by a timer while their ``exec()`` runs, as a user would. Generation runs on
the real local provider (``studio_harness.launch``). ``test_every_action_has_a_test``
fails when an action of the registry (``studio/ui/actions.py``) has no test here.

Save failures use real file systems: a read-only tmpfs and a full 64 KiB tmpfs (root
only: mounting is skipped with the reason otherwise).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QMessageBox

from studio import __version__
from studio.core.editing import split_seconds
from studio.core.model import Shot, Take, TakeRelation, TakeStatus
from studio.storage import recovery
from studio.storage.bundled import sample_project_path
from studio.storage.project_file import load_project, save_project
from studio.storage.settings import SettingsStore
from studio.ui.actions import SPECS, Spec
from studio.ui.generation.dialogs import DerivePromptDialog
from studio.ui.settings_dialog import SettingsDialog
from tests.ui.media_helpers import make_clip
from tests.ui.studio_harness import open_sample, run, until

Btn = QMessageBox.StandardButton
COVERED: set[str] = set()


def covers(*action_ids: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a test as the one that triggers these actions (see the last test)."""
    def mark(test: Callable[..., None]) -> Callable[..., None]:
        COVERED.update(action_ids)
        return test
    return mark


@pytest.fixture
def win(qtbot, qloop, tmp_path):
    """The real window without generation services (file work on qasync's loop)."""
    from studio.ui.app import build_window

    w = build_window(settings_dir=tmp_path / "cfg", recovery=tmp_path / "recovery")
    qtbot.addWidget(w, before_close_func=lambda w: w.doc.undo_stack.setClean())
    w.show()
    w.loop = qloop
    yield w
    qloop.run_until_complete(w.tasks.close())


def settle(win, predicate: Callable[[], object], what: str, timeout: float = 20) -> None:
    run(win.loop, until(predicate, timeout, what), timeout + 5)


def answer(monkeypatch, button: QMessageBox.StandardButton) -> list[str]:
    """QMessageBox.question answers ``button``; returns the titles asked."""
    asked: list[str] = []

    def question(_parent, title, *_a, **_k):
        asked.append(title)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


async def through_dialog(action, kind: type[QDialog], fill: Callable[[QDialog], None]) -> int:
    """Trigger ``action`` and drive the modal dialog it opens with ``fill``.

    The trigger runs as a plain loop callback (as a menu click does), not inside this
    task: the dialog's ``exec()`` runs a nested event loop, in which this coroutine and
    the jobs keep running. Returns the dialog's result once ``exec()`` has returned.
    """
    results: list[int] = []
    returned: list[bool] = []

    def poke() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, kind) and w.isVisible():
            w.finished.connect(results.append)
            fill(w)
        else:
            QTimer.singleShot(20, poke)

    def trigger() -> None:
        action.trigger()  # returns once the dialog's exec() has
        returned.append(True)

    QTimer.singleShot(0, poke)
    asyncio.get_running_loop().call_soon(trigger)
    await until(lambda: results and returned, 20, f"the {kind.__name__}")
    return results[0]


# -- file actions ------------------------------------------------------------------------
@covers("new")
def test_new_asks_about_unsaved_work_and_starts_an_empty_project(win, monkeypatch):
    open_sample(win, win.loop)
    win.doc.add_shot()
    asked = answer(monkeypatch, Btn.Cancel)
    win.actions.new.trigger()
    assert asked == ["Unsaved changes"] and len(win.doc.project.shots) == 8  # kept
    asked = answer(monkeypatch, Btn.Discard)
    win.actions.new.trigger()
    assert asked == ["Unsaved changes"]
    assert win.has_project and win.doc.project.shots == [] and win.doc.path is None
    assert not win.doc.is_dirty() and win.windowTitle() == "Untitled[*] — Sora Studio"


@covers("open_sample", "save_as", "save", "open")
def test_sample_save_as_save_and_open_through_the_file_dialogs(win, tmp_path, monkeypatch):
    win.actions.open_sample.trigger()
    settle(win, lambda: win.has_project and len(win.doc.project.shots) == 7, "the sample")
    assert win.doc.path is None
    target = tmp_path / "films" / "island"
    target.parent.mkdir()
    asked: list[str] = []

    def save_name(_parent, caption, start, _filter, *a, **k):
        asked.append(caption)
        assert start.endswith(".sorastudio")
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    win.actions.save_as.trigger()
    saved = target.with_suffix(".sorastudio")
    settle(win, lambda: win.doc.path == saved and not win.doc.is_dirty(), "the save as")
    assert asked == ["Save project as"]
    assert load_project(saved) == win.doc.project
    win.doc.set_shot_field(win.doc.project.shots[0].id, "title", "Dawn")
    win.actions.save.trigger()  # a named project: no dialog this time
    settle(win, lambda: not win.doc.is_dirty(), "the save")
    assert asked == ["Save project as"]
    assert load_project(saved).shots[0].title == "Dawn"
    assert saved.with_name(saved.name + ".bak").exists() or any(
        p.name.endswith(".bak") for p in saved.parent.iterdir())

    other = tmp_path / "other.sorastudio"
    project = load_project(sample_project_path("en"))
    project.shots = project.shots[:2]
    save_project(project, other)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    win.actions.open.trigger()
    settle(win, lambda: win.doc.path == other, "the opened file")
    assert len(win.doc.project.shots) == 2 and win.windowTitle() == "other[*] — Sora Studio"


@covers("quit")
def test_quit_asks_about_unsaved_work_and_closes(win, monkeypatch):
    open_sample(win, win.loop)
    win.doc.add_shot()
    asked = answer(monkeypatch, Btn.Cancel)
    win.actions.quit.trigger()
    assert asked == ["Unsaved changes"] and win.isVisible()
    answer(monkeypatch, Btn.Discard)
    win.actions.quit.trigger()
    assert not win.isVisible()


@covers("about")
def test_about_names_the_application_and_its_version(win):
    win.actions.about.trigger()  # the facts are read off the GUI thread, then it opens
    settle(win, lambda: getattr(win, "about_dialog", None) is not None, "the About dialog")
    dialog = win.about_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "About Sora Studio"
    text = dialog.findChild(QLabel, "about_text").text()
    assert __version__ in text and "local animatic" in text
    dialog.close()


@covers("settings")
def test_settings_through_the_real_dialog_is_saved_and_applied(win, tmp_path):
    changed: list[bool] = []
    win.settingsChanged.connect(lambda: changed.append(True))

    def fill(dlg: SettingsDialog) -> None:
        dlg.profiles.setCurrentRow(0)
        dlg.concurrency.setValue(5)
        dlg.language.setCurrentIndex(dlg.language.findData("zh"))
        dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()

    result = run(win.loop, through_dialog(win.actions.settings, SettingsDialog, fill))
    assert result == QDialog.DialogCode.Accepted and changed == [True]
    assert win.settings.language == "zh" and win.settings.profiles[0].concurrency == 5
    on_disk = SettingsStore(tmp_path / "cfg").load()
    assert on_disk.language == "zh" and on_disk.profiles[0].concurrency == 5
    win.actions.new.trigger()  # the new project follows the accepted settings
    assert win.doc.project.language.value == "zh"


# -- edit actions ------------------------------------------------------------------------
@covers("add_shot", "duplicate", "split", "delete", "select_all")
def test_edit_actions_change_the_storyboard_and_undo_redo_reverts_them(win):
    open_sample(win, win.loop)
    doc, a = win.doc, win.actions
    original = doc.project.model_copy(deep=True)
    first = doc.project.shots[0]
    doc.set_selection([first.id])
    a.add_shot.trigger()
    assert len(doc.project.shots) == 8 and doc.project.shots[0].id == first.id
    a.undo.trigger()
    assert doc.project.shots == original.shots
    a.redo.trigger()
    assert len(doc.project.shots) == 8
    a.undo.trigger()

    doc.set_selection([first.id])
    a.duplicate.trigger()
    shots = doc.project.shots
    assert len(shots) == 8 and shots[1].id != first.id and shots[1].title == first.title

    doc.set_selection([first.id])
    look = doc.project.look
    expected = split_seconds(first.duration, doc.table.get(look.model), look.strategy)
    a.split.trigger()
    assert len(doc.project.shots) == 9
    assert tuple(s.duration for s in doc.project.shots[:2]) == expected

    a.select_all.trigger()
    assert doc.selection == [s.id for s in doc.project.shots]
    a.delete.trigger()
    assert doc.project.shots == []
    assert not a.delete.isEnabled()  # nothing selected any more

    for _ in range(3):
        a.undo.trigger()
    assert doc.project.shots == original.shots and not doc.is_dirty()
    for _ in range(3):
        a.redo.trigger()
    assert doc.project.shots == []


@covers("play_cut")
def test_play_the_cut_plays_every_chosen_take_to_the_end(win, tmp_path):
    folder = tmp_path / "cut"
    (folder / "media").mkdir(parents=True)
    shots = []
    for i, color in enumerate(((200, 40, 40), (40, 200, 40))):
        make_clip(folder / "media" / f"{i}.mp4", seconds=0.4, color=color)
        take = Take(model="animatic", status=TakeStatus.COMPLETED, media=f"media/{i}.mp4")
        shots.append(Shot(title=f"Shot {i}", duration=4, takes=[take], chosen_take=take.id))
    project = load_project(sample_project_path("en"))
    project.shots = shots
    path = folder / "cut.sorastudio"
    save_project(project, path)
    win.open_path(path)
    settle(win, lambda: win.doc.path == path, "the project")
    current: list[str] = []
    finished: list[bool] = []
    win.player.currentShotChanged.connect(current.append)
    win.player.cutFinished.connect(lambda: finished.append(True))
    win.actions.play_cut.trigger()
    settle(win, lambda: finished, "the end of the cut", 30)
    assert current == [s.id for s in shots]


# -- generation actions ------------------------------------------------------------------
def _small_sample(win, n: int) -> None:
    open_sample(win, win.loop)
    doc = win.doc
    doc.set_look_field("size", "640x360")
    if extra := [s.id for s in doc.project.shots[n:]]:
        doc.delete_shots(extra)
    doc.undo_stack.setClean()


def _derive_fill(asked: list[TakeRelation], prompt: str,
                 seconds: int | None = None) -> Callable[[QDialog], None]:
    def fill(dlg: DerivePromptDialog) -> None:
        asked.append(dlg.relation)
        assert dlg.prompt.toPlainText()  # the parent's prompt is offered for editing
        dlg.prompt.setPlainText(prompt)
        if seconds is not None:
            dlg.seconds.setCurrentIndex(dlg.seconds.findData(seconds))
        dlg.ok_button.click()
    return fill


@covers("generate_shot", "remix", "edit_take", "extend")
@pytest.mark.timeout(180)
def test_generate_then_remix_edit_and_extend_through_the_prompt_dialog(launch, qloop):
    win = launch()
    _small_sample(win, 1)
    doc, takes_panel = win.doc, win.inspector.takes
    shot = doc.project.shots[0]
    doc.set_selection([shot.id])

    async def scenario() -> None:
        win.actions.generate_shot.trigger()
        await until(lambda: shot.takes, 10, "the take")
        first = shot.takes[0]
        await until(lambda: first.status is TakeStatus.COMPLETED, 60, "the clip")
        parent = first
        for action, relation, prompt, seconds in (
                (win.actions.remix, TakeRelation.REMIX, "The same, at night", None),
                (win.actions.edit_take, TakeRelation.EDIT, "Paint the sail red", None),
                (win.actions.extend, TakeRelation.EXTEND, "Then the sun sets", 8)):
            takes_panel.select_take(parent.id)
            assert takes_panel.current_take() is parent
            n = len(shot.takes)
            asked: list[TakeRelation] = []
            result = await through_dialog(action, DerivePromptDialog,
                                          _derive_fill(asked, prompt, seconds))
            assert asked == [relation] and result == QDialog.DialogCode.Accepted
            await until(lambda n=n: len(shot.takes) == n + 1, 10, f"the {relation} take")
            child = shot.takes[-1]
            assert child.relation is relation and child.parent_take == parent.id
            assert child.params["prompt"] == prompt
            await until(lambda c=child: c.status is TakeStatus.COMPLETED, 60, f"the {relation}")
            assert doc.resolve_media(child.media).is_file()
            parent = child
        assert shot.takes[-1].params["seconds"] == 8

    run(qloop, scenario(), 170)


@covers("generate_all", "generate_film")
@pytest.mark.timeout(120)
def test_generate_all_and_the_one_take_film(launch, qloop):
    win = launch()
    _small_sample(win, 2)
    doc = win.doc

    async def scenario() -> None:
        win.actions.generate_all.trigger()
        await until(lambda: all(s.takes for s in doc.project.shots), 10, "two takes")
        assert doc.undo_stack.text(doc.undo_stack.count() - 1) == "Generate 2 shots"
        win.actions.generate_film.trigger()
        await until(lambda: doc.project.film_takes, 10, "the film take")
        film = doc.project.film_takes[0]
        assert film.params["seconds"] == 8  # two 4 s beats, one clip
        await until(lambda: film.status is TakeStatus.COMPLETED and all(
            s.takes[0].status is TakeStatus.COMPLETED for s in doc.project.shots), 90,
            "three clips")

    run(qloop, scenario(), 110)


@covers("cancel_job", "retry_job")
@pytest.mark.timeout(90)
def test_cancel_and_retry_job_from_the_generate_menu(launch, qloop):
    win = launch(generation_seconds=3.0)
    _small_sample(win, 1)
    doc, ctrl = win.doc, win.generation
    shot = doc.project.shots[0]
    doc.set_selection([shot.id])

    async def scenario() -> None:
        win.actions.generate_shot.trigger()
        await until(lambda: shot.takes, 10, "the take")
        first = shot.takes[0]
        ctrl.jobs.select_job(first.job_id)
        win.actions.cancel_job.trigger()
        await until(lambda: first.status is TakeStatus.CANCELLED, 10, "the cancel")
        ctrl.local.faults.generation_seconds = 0.5
        ctrl.jobs.select_job(first.job_id)
        win.actions.retry_job.trigger()
        await until(lambda: len(shot.takes) == 2, 10, "the retry take")
        again = shot.takes[1]
        assert again.parent_take == first.id and again.job_id != first.job_id
        await until(lambda: again.status is TakeStatus.COMPLETED, 60, "the retry")

    run(qloop, scenario(), 80)


# -- autosave and save failures -------------------------------------------------------------
def test_autosave_ticks_under_the_running_loop_and_writes_off_the_gui_thread(win, tmp_path):
    path = tmp_path / "p.sorastudio"
    save_project(load_project(sample_project_path("en")), path)
    win.open_path(path)
    settle(win, lambda: win.doc.path == path, "the project")
    target = recovery.autosave_path(path, untitled_dir=win.autosaver.untitled_dir)
    writers: list[str] = []
    watching = [True]

    def audit(event: str, args: tuple) -> None:  # who renames a file onto the autosave
        if watching[0] and event == "os.rename" and os.fspath(args[1]) == str(target):
            writers.append(threading.current_thread().name)

    sys.addaudithook(audit)
    saved: list[str] = []
    win.autosaver.saved.connect(saved.append)
    win.autosaver.timer.setInterval(50)  # the real timer, ticking sooner
    win.autosaver.start()
    try:
        async def scenario() -> None:
            await asyncio.sleep(0.2)
            assert not saved  # nothing changed: nothing written
            win.doc.set_shot_field(win.doc.project.shots[0].id, "title", "Autosaved")
            await until(lambda: saved, 10, "the autosave")

        run(win.loop, scenario())
    finally:
        watching[0] = False
        win.autosaver.timer.stop()
    assert saved == [str(target)] and load_project(target).shots[0].title == "Autosaved"
    assert writers and threading.main_thread().name not in writers, writers
    assert load_project(path).shots[0].title != "Autosaved"  # never over the user's file


@contextlib.contextmanager
def tmpfs(where: Path, *options: str) -> Iterator[Path]:
    """A small tmpfs mounted at ``where`` (root only), unmounted afterwards."""
    where.mkdir(parents=True)
    opts = ",".join(("size=64k", *options))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _save_fails_cleanly(win, monkeypatch, target: Path) -> str:
    """Save As ``target``: the one error line shown; the project stays dirty."""
    open_sample(win, win.loop)
    win.doc.set_shot_field(win.doc.project.shots[0].id, "title", "Unsaved")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    win.files.last_error_box = None
    win.actions.save_as.trigger()
    settle(win, lambda: win.files.last_error_box is not None, "the save error")
    assert win.files.saving is None
    box = win.files.last_error_box
    text = box.text()
    box.close()
    assert "\n" not in text and text
    assert win.doc.is_dirty() and win.doc.path is None and win.isWindowModified()
    return text


def test_saving_into_a_read_only_folder_is_one_error_and_writes_nothing(
        win, monkeypatch, tmp_path):
    with tmpfs(tmp_path / "ro", "ro") as folder:
        text = _save_fails_cleanly(win, monkeypatch, folder / "film.sorastudio")
        assert "read-only" in text.lower() or "permission" in text.lower(), text
        assert list(folder.iterdir()) == []


def test_saving_onto_a_full_disk_is_one_error_and_keeps_the_old_file(
        win, monkeypatch, tmp_path):
    with tmpfs(tmp_path / "full") as folder:
        target = folder / "film.sorastudio"
        first = load_project(sample_project_path("en"))
        save_project(first, target)
        before = target.read_bytes()
        filler = folder / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as f:
            while True:  # every block the disk has left
                f.write(b"\0" * 1024)
                f.flush()
        names = sorted(p.name for p in folder.iterdir())
        text = _save_fails_cleanly(win, monkeypatch, target)
        assert "space" in text.lower(), text
        assert target.read_bytes() == before  # the old file whole, no half-written one
        assert sorted(p.name for p in folder.iterdir()) == names  # no temp file left


def test_closing_the_window_during_a_save_waits_for_the_save(win, tmp_path, monkeypatch):
    open_sample(win, win.loop)
    win.doc.set_shot_field(win.doc.project.shots[0].id, "title", "Last words")
    target = tmp_path / "closing.sorastudio"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    asked = answer(monkeypatch, Btn.Cancel)
    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(False)  # the test's loop must outlive the window
    try:
        win.actions.save.trigger()
        assert win.files.saving is not None
        assert not win.close()  # not yet: the save is writing
        assert win.isVisible() and asked == []
        settle(win, lambda: not win.isVisible(), "the window to close after the save")
    finally:
        app.setQuitOnLastWindowClosed(True)
    assert load_project(target).shots[0].title == "Last words"
    assert asked == []  # saved, so nothing to ask


@covers("export")
def test_export_opens_the_export_dialog_window_modal(win):
    from studio.ui.export_dialog import ExportDialog  # the run itself: test_export_dialog.py

    open_sample(win, win.loop)
    win.actions.export.trigger()
    dialog = win.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible() and dialog.isModal()
    assert dialog.output.text().endswith(".mp4")
    dialog.cancel_button.click()
    assert not dialog.isVisible()


@covers("import_bundle")
def test_import_bundle_unpacks_beside_it_and_opens_and_refuses_a_hostile_one(
        win, tmp_path, monkeypatch):
    import zipfile

    from studio.storage.bundle import write_bundle

    src = tmp_path / "src"
    (src / "media").mkdir(parents=True)
    make_clip(src / "media" / "t1.mp4")
    project = load_project(sample_project_path("en"))
    project.shots = project.shots[:2]
    take = Take(status=TakeStatus.COMPLETED, media="media/t1.mp4")
    project.shots[0].takes, project.shots[0].chosen_take = [take], take.id
    bundle = tmp_path / "films" / "island-project.zip"
    bundle.parent.mkdir()
    write_bundle(project, src, bundle, ["media/t1.mp4"])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bundle), ""))
    win.actions.import_bundle.trigger()
    opened = bundle.parent / "island-project" / "project.sorastudio"
    settle(win, lambda: win.doc.path == opened, "the unpacked project")
    assert win.doc.project == project
    assert win.doc.resolve_media("media/t1.mp4").read_bytes() == \
        (src / "media" / "t1.mp4").read_bytes()
    # a second import goes to a new folder; a hostile one unpacks nothing and says why
    hostile = tmp_path / "films" / "evil.zip"
    with zipfile.ZipFile(hostile, "w") as z:
        z.writestr("project.sorastudio", b"{}")
        z.writestr("../escape.txt", b"x")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(hostile), ""))
    win.actions.import_bundle.trigger()
    settle(win, lambda: getattr(win, "bundle_box", None) is not None, "the refusal")
    assert "evil.zip was not opened" in win.bundle_box.text()
    assert sorted(p.name for p in bundle.parent.iterdir()) == [
        "evil.zip", "island-project", "island-project.zip"]
    assert win.doc.path == opened  # the open project stays
    win.bundle_box.close()


@covers("paste_storyboard", "import_storyboard")
def test_storyboard_paste_and_import_open_the_review(win, monkeypatch, tmp_path):
    # the whole flow (edit, apply, undo, drop, refusals): tests/ui/test_paste_dialog.py
    from PySide6.QtGui import QGuiApplication

    story = tmp_path / "story.md"
    story.write_text("Style: ink\n1. Dawn (3s)\nCamera: aerial\n2. Dusk (5s)\n", "utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(story), ""))
    for action_id in ("import_storyboard", "paste_storyboard"):
        QGuiApplication.clipboard().setText(story.read_text("utf-8"))
        win.storyboards.review = None
        win.actions[action_id].trigger()
        settle(win, lambda: win.storyboards.review is not None, f"{action_id}'s review")
        review = win.storyboards.review
        assert review.isVisible() and review.table.rowCount() == 2
        review.reject()


@covers("characters")  # the dialog, registration and refusals: tests/ui/test_characters_action.py
def test_characters_action_is_in_the_edit_menu(win):
    assert win.actions["characters"] in win.actions.menus["edit"].actions()


@covers("draft_storyboard", "improve_shot")
def test_assistant_actions_open_their_dialogs(win):
    # asking, answers, cancel and undo through the real SDK: tests/ui/test_assistant_dialog.py
    open_sample(win, win.loop)
    win.actions["draft_storyboard"].trigger()
    draft = win.assistant.dialog
    assert draft.isVisible() and draft.kind == "draft"
    draft.cancel_button.click()
    win.doc.set_selection([win.doc.project.shots[1].id])
    win.actions["improve_shot"].trigger()
    improve = win.assistant.dialog
    assert improve.isVisible() and improve.kind == "improve"
    assert improve.before["description"].toPlainText() == win.doc.project.shots[1].description
    improve.cancel_button.click()


# -- the registry ---------------------------------------------------------------------------
def test_every_action_has_a_test():
    ids = {s.id for s in SPECS if isinstance(s, Spec)}
    assert not ids - COVERED, f"actions without a test here: {sorted(ids - COVERED)}"
    assert not COVERED - ids, f"tests name actions that do not exist: {sorted(COVERED - ids)}"
