"""Project files for the window: open, save (with media), recovery, recent — off the loop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studio.app.projects import ProjectFiles, new_project, with_suffix
from studio.app.tasks import TaskManager
from studio.core.model import Shot, Take, TakeStatus
from studio.storage import recovery
from studio.storage.bundled import capability_table, sample_project_path
from studio.storage.project_file import ProjectFileError, load_project, save_project
from studio.storage.settings import ProviderProfile, Settings, SettingsStore, local_profile
from studio.storage.settings_glance import existing_paths


@pytest.fixture
def files(tmp_path: Path) -> ProjectFiles:
    return ProjectFiles(TaskManager(), SettingsStore(tmp_path / "cfg"), tmp_path / "recovery")


async def test_save_carries_media_into_the_new_folder_and_snapshots_at_the_call(
        files: ProjectFiles, tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    (scratch / "media").mkdir(parents=True)
    (scratch / "media" / "t1.mp4").write_bytes(b"clip")
    project = load_project(sample_project_path("en"))
    project.shots[0].takes.append(Take(id="t1", media="media/t1.mp4",
                                       status=TakeStatus.COMPLETED))
    target = tmp_path / "films" / "island.sorastudio"
    target.parent.mkdir()
    writing = files.save(project, target, media_from=scratch)
    project.title = "Edited after the save started"  # not in this save
    assert await writing == 1
    saved = load_project(target)
    assert saved.title == "Island Festival Day"
    assert (target.parent / "media" / "t1.mp4").read_bytes() == b"clip"


async def test_open_offers_a_newer_autosave_that_differs(files: ProjectFiles,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "p.sorastudio"
    project = load_project(sample_project_path("en"))
    save_project(project, path)
    assert (await files.open(path)).recovery is None
    changed = project.model_copy(deep=True)
    changed.shots.append(Shot(title="Added before the crash"))
    auto = recovery.write_autosave(changed, path, untitled_dir=files.recovery_dir)
    os.utime(auto, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    opened = await files.open(path)
    assert opened.path == path and opened.recovery is not None
    assert opened.recovery.shots[-1].title == "Added before the crash"
    await files.discard_recovery(path)
    assert (await files.open(path)).recovery is None


async def test_the_installed_sample_opens_as_an_untitled_copy(files: ProjectFiles) -> None:
    opened = await files.open(sample_project_path("zh"))
    assert opened.path is None and len(opened.project.shots) == 7


async def test_a_broken_file_is_one_error(files: ProjectFiles, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sorastudio"
    bad.write_bytes(b"\0 not json")
    with pytest.raises(ProjectFileError, match=r"bad\.sorastudio"):
        await files.open(bad)


async def test_recent_projects_are_remembered_on_disk(files: ProjectFiles,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "p.sorastudio"
    save_project(load_project(sample_project_path("en")), path)
    settings = Settings()
    assert await files.remember(settings, path) is None
    assert files.store.load().recent_projects == [str(path.resolve())]
    path.unlink()
    assert existing_paths(settings.recent_projects) == []
    await files.forget(settings, path)
    assert files.store.load().recent_projects == []


def test_a_new_project_goes_to_the_default_provider_and_a_model_it_serves() -> None:
    settings = Settings(profiles=[local_profile(), ProviderProfile(
        name="Gateway", base_url="https://gw.example/v1", models=["sora-2"])],
        default_profile="Gateway", language="zh")
    project = new_project(settings, capability_table())
    assert project.look.provider == "Gateway" and project.look.model == "sora-2"
    assert project.language == "zh"
    assert new_project(Settings(), capability_table()).look.provider == "local"


def test_with_suffix() -> None:
    assert with_suffix(Path("a/film")) == Path("a/film.sorastudio")
    assert with_suffix(Path("a/film.sorastudio")) == Path("a/film.sorastudio")
