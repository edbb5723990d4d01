"""Property tests: any valid project survives save -> load, and no input crashes the loader."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.core.model import Project
from studio.storage.project_file import (
    ProjectFileError,
    dumps_project,
    load_project,
    load_project_bytes,
    save_project,
)
from tests.strategies import projects as any_projects


def _unique_ids(project: Project) -> Project:
    """The project with every shot id and take id made unique (a file repeating one is
    refused), so the properties below reach their assertions on every example."""
    seen: set[str] = set()

    def fresh(ident: str) -> str:
        new, n = ident, 1
        while new in seen:
            new, n = f"{ident[:56]}.{n}", n + 1
        seen.add(new)
        return new

    for shot in project.shots:
        shot.id = fresh(shot.id)
    seen.clear()
    for take in [t for s in project.shots for t in s.takes] + project.film_takes:
        take.id = fresh(take.id)
    return project


def projects(max_shots: int = 8) -> st.SearchStrategy[Project]:
    return any_projects(max_shots).map(_unique_ids)


_FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(projects())
def test_save_load_round_trip_on_disk(project: Project) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "film.sorastudio"
        save_project(project, path)
        loaded = load_project(path)
    assert loaded == project
    assert dumps_project(loaded) == dumps_project(project)  # deterministic bytes


@settings(max_examples=200, deadline=None)
@given(projects(max_shots=3), st.data())
def test_any_truncation_is_a_clear_error(project: Project, data: st.DataObject) -> None:
    blob = dumps_project(project).rstrip()  # the closing brace is the last byte
    cut = data.draw(st.integers(0, len(blob) - 1), label="cut")
    try:
        load_project_bytes(blob[:cut], name="cut.sorastudio")
    except ProjectFileError as exc:
        assert str(exc).startswith("cut.sorastudio: ")
        assert "\n" not in str(exc)
    else:
        raise AssertionError(f"truncation at {cut} of {len(blob)} bytes was accepted")


@settings(max_examples=300, deadline=None)
@given(projects(max_shots=2), st.data())
def test_mutated_bytes_never_crash(project: Project, data: st.DataObject) -> None:
    """Random edits either still load or give ProjectFileError; nothing else escapes."""
    blob = bytearray(dumps_project(project))
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        at = data.draw(st.integers(0, len(blob) - 1), label="at")
        junk = data.draw(st.binary(min_size=0, max_size=3), label="junk")
        blob[at : at + data.draw(st.integers(0, 3), label="drop")] = junk
    try:
        load_project_bytes(bytes(blob), name="x")
    except ProjectFileError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_never_crash(blob: bytes) -> None:
    with contextlib.suppress(ProjectFileError):
        load_project_bytes(blob, name="x")
