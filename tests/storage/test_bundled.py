"""Data shipped inside the package: the sample projects load, and a bundled file is known
as one (it is opened as a copy, never written to)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.storage.bundled import capability_table, is_bundled, sample_project_path
from studio.storage.project_file import load_project


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_sample_projects_load_and_are_bundled(language: str) -> None:
    path = sample_project_path(language)
    assert path.name == f"festival-island.{language}.sorastudio"
    project = load_project(path)
    assert project.shots and project.language.value == language
    assert is_bundled(path)


def test_a_users_file_is_not_bundled(tmp_path: Path) -> None:
    copy = tmp_path / "festival-island.en.sorastudio"
    copy.write_bytes(sample_project_path().read_bytes())
    assert not is_bundled(copy)
    # a path that only climbs back out of the package is not inside it either
    assert not is_bundled(sample_project_path().parent / ".." / ".." / ".." / "pyproject.toml")


def test_the_capability_table_is_parsed_once() -> None:
    assert capability_table() is capability_table()
    assert capability_table().get("animatic") is not None
