"""Project files at their edges: the film's own reference image is held to the same path
rules as every other media path, version 1 files get a stable id, and read and encode
failures are one line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from studio.core.model import Project, ReferenceImage, Shot, Take
from studio.storage.project_file import (
    FORMAT,
    ProjectFileError,
    dumps_project,
    dumps_snapshot,
    iter_media_problems,
    load_project,
    load_project_bytes,
    relative_media_path,
    save_project,
    save_snapshot,
    snapshot,
)

SHA = "ab" * 32


def _doc(project: dict[str, Any], version: int = 2) -> bytes:
    return json.dumps({"format": FORMAT, "schema_version": version,
                       "project": project}).encode()


@pytest.mark.parametrize("bad", ["/etc/passwd", "../outside.png", "C:/a.png", "refs/../.."])
def test_the_films_reference_path_may_not_leave_the_folder(bad: str) -> None:
    payload = Project(shots=[Shot()]).model_dump(mode="json")
    payload["reference"] = {"path": bad, "sha256": SHA}
    with pytest.raises(ProjectFileError, match=r"^film\.sorastudio: project\.reference\.path: "):
        load_project_bytes(_doc(payload), name="film.sorastudio")


def test_a_film_reference_that_escapes_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "film.sorastudio"
    project = Project(shots=[Shot()], reference=ReferenceImage(path="refs/ok.png", sha256=SHA))
    save_project(project, path)
    before = path.read_bytes()
    project.reference.path = "../../home/me/.ssh/id_rsa"  # an edit that bypassed checks
    assert [p.split(":")[0] for p in iter_media_problems(project)] == ["project.reference.path"]
    with pytest.raises(ProjectFileError, match=r"project\.reference\.path: media path leaves"):
        save_project(project, path)
    with pytest.raises(ProjectFileError, match=r"project\.reference\.path"):
        dumps_snapshot(snapshot(project))
    assert path.read_bytes() == before


def _v1(title: str, shot_ids: list[str]) -> bytes:
    return _doc({"title": title, "shots": [{"id": i} for i in shot_ids]}, version=1)


def test_a_version_1_file_gets_a_stable_id_from_its_shots(tmp_path: Path) -> None:
    path = tmp_path / "old.sorastudio"
    path.write_bytes(_v1("Island", ["s1", "s2"]))
    first, again = load_project(path), load_project(path)
    assert first.id == again.id and len(first.id) == 12  # the ledger finds its jobs again
    assert [s.id for s in first.shots] == ["s1", "s2"]
    assert load_project_bytes(_v1("Island", ["s1", "s3"]), name="x").id != first.id
    assert load_project_bytes(_v1("Harbour", ["s1", "s2"]), name="x").id != first.id
    save_project(first, path)  # saved as version 2: the id is kept, not derived again
    assert json.loads(path.read_bytes())["schema_version"] == 2
    assert load_project(path).id == first.id


def test_a_version_1_file_with_broken_shots_is_one_line() -> None:
    with pytest.raises(ProjectFileError, match=r"^x: project\.shots: "):
        load_project_bytes(_doc({"title": "T", "shots": "not a list"}, version=1), name="x")
    with pytest.raises(ProjectFileError, match="'project' must be a JSON object, not a array"):
        load_project_bytes(_doc([], version=1), name="x")  # type: ignore[arg-type]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")
def test_a_read_error_is_one_line() -> None:
    # a regular file whose first byte cannot be read (page 0 of our memory is unmapped)
    with pytest.raises(ProjectFileError, match=r"^/proc/self/mem: cannot read: "):
        load_project("/proc/self/mem")


def test_a_file_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.sorastudio").symlink_to(tmp_path / "a.sorastudio")  # a link loop
    with pytest.raises(ProjectFileError, match="cannot open: "):
        load_project(tmp_path / "a.sorastudio")


def test_the_project_folder_itself_is_not_a_media_path(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot be stored as a media path"):
        relative_media_path(tmp_path, tmp_path)


def test_text_that_cannot_be_utf8_is_refused_at_save_time(tmp_path: Path) -> None:
    path = tmp_path / "film.sorastudio"
    project = Project(shots=[Shot(title="ok")])
    save_project(project, path)
    before = path.read_bytes()
    project.shots[0].title = "half an emoji \ud83c"  # a lone surrogate from a paste
    with pytest.raises(ProjectFileError, match=r"cannot save: project\.shots\.0\.title: "):
        dumps_project(project)
    with pytest.raises(ProjectFileError, match=r"film\.sorastudio: cannot save: "):
        save_project(project, path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["film.sorastudio"]


def test_a_film_take_id_used_by_a_shot_take_is_not_saved() -> None:
    take = Take(media="takes/a.mp4")
    project = Project(shots=[Shot(takes=[take])], film_takes=[take.model_copy()])
    with pytest.raises(ProjectFileError, match=r"project\.film_takes\.0\.id: take id"):
        dumps_project(project)


def test_a_snapshot_whose_project_fields_went_bad_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "film.sorastudio"
    project = Project(shots=[Shot(title="ok")])
    save_project(project, path)
    before = path.read_bytes()
    project.title = "t" * 201  # an edit that bypassed validation (the limit is 200)
    with pytest.raises(ProjectFileError, match=r"film\.sorastudio: cannot save: project\.title"):
        save_snapshot(snapshot(project), path)
    assert path.read_bytes() == before
