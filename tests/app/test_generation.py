"""The generation service: plans that refuse with codes, the provider a project names,
and crash recovery of jobs into takes — real ledger, real local provider over HTTP."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from studio.app.generation import GenerationConfig, GenerationService, Mode
from studio.app.tasks import TaskManager
from studio.core.model import Project, Shot, Strategy, TakeStatus
from studio.localserver.store import Store
from studio.media.probe import verify_video
from studio.storage.bundled import capability_table, sample_project_path
from studio.storage.project_file import load_project
from studio.storage.settings import ProviderProfile, Settings, SettingsStore, local_profile
from tests.app.conftest import make_service


def _small(n: int = 2) -> Project:
    project = load_project(sample_project_path("en"))
    project.shots = project.shots[:n]
    project.look.size = "640x360"
    return project


def _codes(plan) -> list[str]:
    return [p.code for p in plan.problems]


def test_plans_refuse_with_codes_before_anything_runs(tmp_path: Path) -> None:
    svc = GenerationService(capability_table(), TaskManager(),
                            GenerationConfig(data_dir=tmp_path))
    svc.settings = Settings(profiles=[local_profile(), ProviderProfile(
        name="Sora gateway", base_url="https://gw.example/v1", models=["sora-2"])])
    assert _codes(svc.plan(Project(), [], Mode.SHOTS)) == ["no_shots"]
    project = _small(7)
    assert _codes(svc.plan(project, [], Mode.SHOTS)) == ["no_selection"]
    project.look.provider = "Deleted gateway"
    assert _codes(svc.plan(project, [project.shots[0].id], Mode.SHOTS))[0] == "provider_unknown"
    project.look.provider = "Sora gateway"  # serves sora-2 only; the look says animatic
    assert _codes(svc.plan(project, [project.shots[0].id], Mode.SHOTS)) == ["model_not_served"]
    project.look.provider = "local"
    film = svc.plan(project, [], Mode.FILM)  # 7 x 4 s = 28 s; the animatic makes <= 20 s
    assert _codes(film) == ["film_too_long"]
    assert film.problems[0].params == {"total": 28, "longest": 20,
                                       "model": "Local animatic (previz)"}
    assert film.ways_on == ("extend", "per_shot")  # the animatic can extend
    ok = svc.plan(project, [s.id for s in project.shots[:2]], Mode.SHOTS)
    assert ok.ok and [i.shot_id for i in ok.items] == [s.id for s in project.shots[:2]]
    assert ok.items[0].label == "1. " + project.shots[0].title


def test_a_model_past_its_sunset_is_a_warning_not_a_refusal(tmp_path: Path) -> None:
    svc = GenerationService(capability_table(), TaskManager(),
                            GenerationConfig(data_dir=tmp_path))
    svc.settings = Settings(profiles=[local_profile(), ProviderProfile(
        name="Gateway", base_url="https://gw.example/v1", models=["sora-2"])])
    project = Project(shots=[Shot(title="Pier", duration=4)])
    project.look.provider, project.look.model = "Gateway", "sora-2"
    before = svc.plan(project, [project.shots[0].id], Mode.SHOTS, today=dt.date(2026, 9, 1))
    after = svc.plan(project, [project.shots[0].id], Mode.SHOTS, today=dt.date(2026, 12, 1))
    assert before.ok and before.warnings == ()
    assert after.ok and [w.code for w in after.warnings] == ["model_sunset"]
    assert after.warnings[0].params["date"] == "2026-09-24"


async def test_jobs_sent_before_a_crash_come_back_as_takes(tmp_path: Path,
                                                            render_pool) -> None:
    project = _small(2)
    project.look.strategy = Strategy.PER_SHOT
    anchor = tmp_path / "p" / "film.sorastudio"
    anchor.parent.mkdir()
    first = make_service(tmp_path, render_pool)
    await first.start(Settings(), SettingsStore(tmp_path / "cfg"))
    plan = first.plan(project, [s.id for s in project.shots], Mode.SHOTS)
    made = await first.submit(project, plan, anchor)
    assert [sid for sid, _ in made] == [s.id for s in project.shots]
    await first.close()  # the window died: the takes were never added to the project

    second = make_service(tmp_path, render_pool)
    await second.start(Settings(), SettingsStore(tmp_path / "cfg"))
    try:
        found = await second.recoverable(project)
        assert [(sid, t.id, t.job_id) for sid, t in found] == \
            [(sid, t.id, t.job_id) for sid, t in made]
        assert all(t.provider == "Local animatic" for _, t in found)
        for sid, take in found:  # the runner resumed them; place each clip in the project
            assert take.job_id is not None
            done = await second.runner.wait(take.job_id)
            assert done.state == "done"
            project.shot(sid).takes.append(take)
            rel, spent = await second.place(take.job_id, take.id, anchor.parent)
            assert spent == 0.0 and rel == f"media/{take.id}.mp4"
            verify_video(anchor.parent / rel, width=640, height=360)
        assert await second.recoverable(project) == []  # now the project holds them
        history = await second.history()
        assert {r.label for r, _ in history} == {"1. " + project.shots[0].title,
                                                 "2. " + project.shots[1].title}
        clip = tmp_path / "saved.mp4"
        await second.save_clip(history[0][0].id, clip)
        verify_video(clip, width=640, height=360)
    finally:
        await second.close()
    # One video per shot at the provider: nothing was sent twice.
    assert len(Store(tmp_path / "data" / "local-provider").live_videos()) == 2


async def test_take_status_follows_the_job_and_records_what_it_was_made_from(
        service: GenerationService, tmp_path: Path) -> None:
    project = _small(1)
    plan = service.plan(project, [project.shots[0].id], Mode.SHOTS)
    [(shot_id, take)] = await service.submit(project, plan, tmp_path / "p.sorastudio")
    assert shot_id == project.shots[0].id and take.status is TakeStatus.QUEUED
    assert take.model == "animatic"
    assert take.params["prompt"] == plan.items[0].prompt.text
    assert take.params["seconds"] == 4 and take.params["size"] == "640x360"
    assert take.job_id is not None
    await service.runner.wait(take.job_id)
    ev = service.latest[take.job_id]
    assert service.take_status(ev) is TakeStatus.COMPLETED
    assert service.provider_of(take.job_id) == "Local animatic"
