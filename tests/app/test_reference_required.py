"""A model whose capability row says "image required" (Runway Gen-4 Turbo) is refused by
the plan, with a code, for a shot (or a film) that has no reference image."""

from __future__ import annotations

from pathlib import Path

from studio.app.generation import GenerationConfig, GenerationService, Mode
from studio.app.tasks import TaskManager
from studio.core.model import Project, ReferenceImage, Shot
from studio.storage.bundled import capability_table
from studio.storage.settings import ProviderProfile, Settings, local_profile

RUNWAY = "gen4_turbo"


def _service(tmp_path: Path) -> GenerationService:
    svc = GenerationService(capability_table(), TaskManager(), GenerationConfig(data_dir=tmp_path))
    svc.settings = Settings(profiles=[local_profile(), ProviderProfile(
        name="Gateway", base_url="https://gw.example/v1", models=[RUNWAY, "animatic"])])
    return svc


def _project(model: str) -> Project:
    project = Project(shots=[Shot(title="Pier", duration=5), Shot(title="Gulls", duration=5)])
    project.look.provider, project.look.model, project.look.size = "Gateway", model, "1280x720"
    return project


def _codes(plan) -> list[str]:
    return [p.code for p in plan.problems]


def _image() -> ReferenceImage:
    return ReferenceImage(path="media/pier.png", sha256="0" * 64, consent_id="c1")


def test_image_required_refuses_each_shot_without_a_reference(tmp_path: Path) -> None:
    assert capability_table()[RUNWAY].requires_reference  # the row says so
    svc = _service(tmp_path)
    project = _project(RUNWAY)
    pier, gulls = project.shots
    plan = svc.plan(project, [pier.id, gulls.id], Mode.SHOTS)
    refused = [p for p in plan.problems if p.code == "reference_required"]
    assert not plan.ok and [p.shot_id for p in refused] == [pier.id, gulls.id]
    assert refused[0].shot_index == 0 and refused[0].params == {"model": "Runway Gen-4 Turbo"}
    pier.reference = _image()  # (its consent is checked apart; this one has no record)
    assert "reference_required" not in _codes(svc.plan(project, [pier.id], Mode.SHOTS))
    only_gulls = svc.plan(project, [gulls.id], Mode.SHOTS)
    assert _codes(only_gulls) == ["reference_required"]


def test_image_required_for_the_film_and_not_for_other_models(tmp_path: Path) -> None:
    svc = _service(tmp_path)
    project = _project(RUNWAY)
    film = svc.plan(project, [], Mode.FILM)
    assert "reference_required" in _codes(film)
    project.reference = _image()
    film = svc.plan(project, [], Mode.FILM)
    assert "reference_required" not in _codes(film)
    animatic = _project("animatic")
    animatic.look.size = "1280x720"
    assert svc.plan(animatic, [animatic.shots[0].id], Mode.SHOTS).ok  # text alone is enough
