"""Generation from the window: real local provider over HTTP, real ledger, real MP4s."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from studio.core.model import TakeRelation, TakeStatus
from studio.media.probe import verify_video
from studio.services.ledger import JobState
from studio.storage.project_file import load_project
from studio.ui.generation.dialogs import DeriveAnswer
from studio.ui.jobs_dock import STATUS
from tests.ui.studio_harness import open_sample, run, until


def _open_small_sample(win, n: int = 7) -> None:
    """The sample at 640x360 (quick renders), trimmed to ``n`` shots."""
    open_sample(win, win.loop)
    doc = win.doc
    doc.set_look_field("size", "640x360")
    extra = [s.id for s in doc.project.shots[n:]]
    if extra:
        doc.delete_shots(extra)
    doc.undo_stack.setClean()


def _takes_done(win) -> bool:
    shots = win.doc.project.shots
    return all(s.takes and s.takes[-1].status is TakeStatus.COMPLETED for s in shots)


def test_generate_shot_makes_one_undoable_take_with_its_clip(launch, qloop):
    win = launch()
    _open_small_sample(win, 2)
    doc, ctrl = win.doc, win.generation
    shot = doc.project.shots[0]
    doc.set_selection([shot.id])
    steps = doc.undo_stack.count()

    async def scenario() -> None:
        win.actions.generate_shot.trigger()
        await until(lambda: shot.takes, 10, "the take")
        take = shot.takes[0]
        assert doc.undo_stack.count() == steps + 1
        assert take.job_id and take.provider == "Local animatic" and take.model == "animatic"
        assert take.params["size"] == "640x360" and take.params["seconds"] == shot.duration
        assert "prompt" in take.params and shot.chosen_take == take.id
        await until(lambda: take.status is TakeStatus.COMPLETED, 30, "the clip")
        assert take.media == f"media/{take.id}.mp4"
        path = doc.resolve_media(take.media)
        assert path is not None and path.is_file() and path.parent.parent == doc.scratch_dir
        info = verify_video(path, width=640, height=360)
        assert info.has_audio
        assert ctrl._timeline()._progress == {}  # the badge's "n %" is forgotten when done
        ev = ctrl.jobs.model.event_of(take.job_id)
        assert ev is not None and ev.state is JobState.DONE
        await until(lambda: "1 done" in win.jobs_label.text(), 2, "the status bar")
        win.actions.undo.trigger()
        assert shot.takes == [] and shot.chosen_take is None

    run(qloop, scenario())


def test_generate_all_is_one_step_and_save_as_carries_the_media(launch, qloop, tmp_path,
                                                                monkeypatch):
    win = launch()
    _open_small_sample(win, 3)
    doc = win.doc
    steps = doc.undo_stack.count()
    target = tmp_path / "films" / "island.sorastudio"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    async def scenario() -> None:
        win.actions.generate_all.trigger()
        await until(lambda: all(s.takes for s in doc.project.shots), 10, "three takes")
        assert doc.undo_stack.count() == steps + 1
        assert doc.undo_stack.text(doc.undo_stack.count() - 1) == "Generate 3 shots"
        await until(lambda: _takes_done(win), 60, "three clips")
        win.actions.save.trigger()
        await until(lambda: not doc.is_dirty(), 20, "the save")
        assert doc.path == target
        for shot in doc.project.shots:
            assert (target.parent / shot.takes[0].media).is_file()
        assert load_project(target) == doc.project

    run(qloop, scenario())


def test_problems_are_shown_in_plain_words_and_nothing_is_sent(launch, qloop):
    win = launch()
    _open_small_sample(win, 7)
    doc, ctrl = win.doc, win.generation
    shot = doc.project.shots[1]
    doc.set_shot_field(shot.id, "title", "")
    doc.set_shot_field(shot.id, "description", "")
    seen: list[list[str]] = []
    ctrl.problemsFound.connect(seen.append)

    async def scenario() -> None:
        win.actions.generate_all.trigger()
        await until(lambda: seen, 5, "the refusal")
        assert "Shot 2" in seen[0][0] and "neither a title nor a description" in seen[0][0]
        assert all(not s.takes for s in doc.project.shots)
        assert ctrl.jobs.model.rowCount() == 0
        box = ctrl.last_problem_box
        assert box is not None and box.isVisible() and "Shot 2" in box.informativeText()
        box.close()
        # The sample as a whole is 28 s: too long for one clip of this model.
        doc.undo_stack.undo()
        doc.undo_stack.undo()
        seen.clear()
        win.actions.generate_film.trigger()
        await until(lambda: seen, 5, "the refusal")
        assert seen[0] == ["The project: the film is 28 s but Local animatic (previz) makes "
                           "clips of at most 20 s."]
        box = ctrl.last_problem_box
        assert "Extend" in box.informativeText()  # the ways on that exist for this model
        ctrl.per_shot_button.click()  # ... and the one that needs no change: per shot
        await until(lambda: all(s.takes for s in doc.project.shots), 10, "per-shot takes")
        assert not doc.project.film_takes

    run(qloop, scenario())


def test_one_take_film_and_remix_extend_children(launch, qloop):
    win = launch()
    _open_small_sample(win, 2)
    doc, ctrl = win.doc, win.generation
    answers = [DeriveAnswer("The same, at night", None), DeriveAnswer("Then the sun sets", 4)]
    asked: list[tuple[TakeRelation, tuple[int, ...]]] = []

    def ask(_parent, relation, prompt, seconds):
        asked.append((relation, seconds))
        assert prompt  # the parent's prompt is offered for editing
        return answers.pop(0)

    ctrl.ask = ask

    async def scenario() -> None:
        win.actions.generate_film.trigger()
        await until(lambda: doc.project.film_takes, 10, "the film take")
        film = doc.project.film_takes[0]
        assert doc.project.chosen_film_take == film.id
        assert film.params["seconds"] == 8  # two 4 s beats in one 8 s clip
        await until(lambda: film.status is TakeStatus.COMPLETED, 30, "the film")
        assert doc.resolve_media(film.media).is_file()
        ctrl.derive(TakeRelation.REMIX, None, film.id)
        await until(lambda: len(doc.project.film_takes) == 2, 10, "the remix take")
        remix = doc.project.film_takes[1]
        assert remix.parent_take == film.id and remix.relation is TakeRelation.REMIX
        await until(lambda: remix.status is TakeStatus.COMPLETED, 30, "the remix")
        ctrl.derive(TakeRelation.EXTEND, None, remix.id)
        await until(lambda: len(doc.project.film_takes) == 3, 10, "the extension")
        ext = doc.project.film_takes[2]
        assert ext.relation is TakeRelation.EXTEND and ext.parent_take == remix.id
        assert ext.params["seconds"] == 4 and asked[1] == (TakeRelation.EXTEND, (4, 8, 12, 16, 20))
        await until(lambda: ext.status is TakeStatus.COMPLETED, 30, "the extension")

    run(qloop, scenario(), timeout=90)


def test_cancel_then_retry_makes_a_linked_take(launch, qloop):
    win = launch(generation_seconds=3.0)
    _open_small_sample(win, 1)
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
        assert "Cancelled" in ctrl.jobs.model.index(0, STATUS).data()
        assert ctrl.jobs.retry_button.isEnabled()
        ctrl.local.faults.generation_seconds = 0.5
        ctrl.jobs.retry_button.click()
        await until(lambda: len(shot.takes) == 2, 10, "the retry take")
        again = shot.takes[1]
        assert again.parent_take == first.id and again.job_id != first.job_id
        await until(lambda: again.status is TakeStatus.COMPLETED, 30, "the retry")
        assert ctrl.jobs.model.rowCount() == 2

    run(qloop, scenario())


def test_moderation_failure_shows_the_classified_reason(launch, qloop):
    win = launch(moderation_words=("forbidden",))
    _open_small_sample(win, 1)
    doc, ctrl = win.doc, win.generation
    shot = doc.project.shots[0]
    doc.set_shot_field(shot.id, "description", "A forbidden ritual on the beach")
    doc.set_selection([shot.id])

    async def scenario() -> None:
        win.actions.generate_shot.trigger()
        await until(lambda: shot.takes and shot.takes[0].status is TakeStatus.FAILED, 20,
                    "the failure")
        take = shot.takes[0]
        assert take.error and "content rules" in take.error
        status = ctrl.jobs.model.index(0, STATUS).data()
        assert status.startswith("Failed: The provider’s content rules blocked")
        await until(lambda: "1 failed" in win.jobs_label.text(), 2, "the status bar")

    run(qloop, scenario())


def test_unfinished_jobs_resume_when_the_studio_starts_again(launch, qloop, tmp_path):
    win = launch(generation_seconds=1.5)
    _open_small_sample(win, 1)
    doc = win.doc
    shot = doc.project.shots[0]
    doc.set_selection([shot.id])
    target = tmp_path / "p" / "one.sorastudio"

    async def first_session() -> str:
        win.actions.generate_shot.trigger()
        await until(lambda: shot.takes, 10, "the take")
        job = shot.takes[0].job_id
        await win.generation.close()  # quit mid-job: the job stays in the ledger
        win.generation = None
        return job

    job = run(qloop, first_session())
    target.parent.mkdir()
    from studio.storage.project_file import save_project

    doc.undo_stack.setClean()
    win2 = launch()
    project = doc.project.model_copy(deep=True)
    save_project(project, target)

    async def second_session() -> None:
        win2.open_path(Path(target))
        await until(lambda: win2.doc.path == Path(target), 10, "the project")
        take = win2.doc.project.shots[0].takes[0]
        assert take.job_id == job
        await until(lambda: take.status is TakeStatus.COMPLETED, 30, "the resumed job")
        assert (target.parent / take.media).is_file()

    run(qloop, second_session())


def test_a_profile_added_in_settings_is_used_without_a_restart(launch, qloop, ring):
    from studio.storage.settings import ProviderProfile

    win = launch()
    _open_small_sample(win, 1)
    doc, ctrl = win.doc, win.generation
    # A "remote" gateway profile: here the same local server, reached as a plain base URL.
    win.settings.profiles.append(
        ProviderProfile(name="Gateway", base_url=ctrl.local.base_url, models=["animatic"]))
    win.store.set_key(win.settings, "Gateway", ctrl.local.api_key)  # its random key
    shot = doc.project.shots[0]

    async def scenario() -> None:
        win.settingsChanged.emit()  # as the settings dialog does when accepted
        await until(lambda: "Gateway" in ctrl.service.runner.providers, 10, "the new profile")
        doc.set_look_field("provider", "Gateway")
        doc.set_selection([shot.id])
        win.actions.generate_shot.trigger()
        await until(lambda: shot.takes, 10, "the take")
        take = shot.takes[0]
        assert take.provider == "Gateway"
        await until(lambda: take.status is TakeStatus.COMPLETED, 30, "the clip")

    run(qloop, scenario())
