"""Project files refuse what json and pydantic would quietly accept: a key given twice,
a shot or take id used twice; the depth check runs in bounded memory on any input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from studio.core.model import Project, Shot, Take
from studio.storage.project_file import (
    CURRENT_SCHEMA,
    FORMAT,
    ProjectFileError,
    dumps_project,
    load_project_bytes,
)


def _doc(project: Project) -> dict:
    return {"format": FORMAT, "schema_version": CURRENT_SCHEMA,
            "project": project.model_dump(mode="json")}


def _load(text: str) -> str:
    with pytest.raises(ProjectFileError) as info:
        load_project_bytes(text.encode(), name="film.sorastudio")
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_key_given_twice_is_refused_naming_the_key() -> None:
    body = json.dumps(_doc(Project(id="p1")))[1:]  # without its opening brace
    message = _load('{"schema_version": 99, ' + body)
    assert "'schema_version' appears twice" in message


def test_a_key_given_twice_deep_inside_is_refused() -> None:
    text = json.dumps(_doc(Project(id="p1", shots=[Shot(id="s1", title="one")])))
    text = text.replace('"title": "one"', '"title": "one", "title": "two"')
    assert "'title' appears twice" in _load(text)


def test_a_shot_id_used_twice_is_refused() -> None:
    project = Project(id="p1", shots=[Shot(id="s1"), Shot(id="s2"), Shot(id="s1")])
    message = _load(json.dumps(_doc(project)))
    assert "project.shots.2.id: shot id 's1' is used twice" in message


@pytest.mark.parametrize("where", ["same shot", "two shots", "film"])
def test_a_take_id_used_twice_is_refused(where: str) -> None:
    project = Project(id="p1", shots=[Shot(id="s1", takes=[Take(id="t1")]), Shot(id="s2")])
    if where == "same shot":
        project.shots[0].takes.append(Take(id="t1"))
    elif where == "two shots":
        project.shots[1].takes.append(Take(id="t1"))
    else:
        project.film_takes.append(Take(id="t1"))
    assert "take id 't1' is used twice" in _load(json.dumps(_doc(project)))


def test_a_project_with_a_duplicate_id_is_not_saved() -> None:
    project = Project(id="p1", shots=[Shot(id="s1"), Shot(id="s1")])
    with pytest.raises(ProjectFileError, match="shot id 's1' is used twice"):
        dumps_project(project)


_PEAK = """
import resource, sys
from studio.storage.project_file import ProjectFileError, load_project_bytes
data = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    load_project_bytes(data, name="x")
except ProjectFileError:
    pass
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.timeout(120)
@pytest.mark.parametrize("body", ['"' + '\\"' * 9_000_000 + '"', '\\"' * 9_000_000],
                         ids=["in a string", "bare"])
def test_the_depth_check_of_20_mb_of_escaped_quotes_stays_small(body: str) -> None:
    data = body.encode()
    assert len(data) > 17_000_000
    out = subprocess.run([sys.executable, "-c", _PEAK], input=data, capture_output=True,
                         check=True, timeout=100)
    grown_mb = int(out.stdout)
    assert grown_mb < 250, f"loading took {grown_mb} MB more"


@pytest.mark.parametrize("where", ["one line", "across lines and pieces"])
def test_the_depth_is_counted_across_the_scans_pieces(where: str) -> None:
    """40 levels, 70 KB of text (a string with brackets in it), then 30 more: too deep,
    whether the scan takes it in one piece or cuts it at the line break."""
    gap = "\n" if where != "one line" else " "
    padding = '"' + "[x] " * 17_500 + '"'
    deep = "[" * 40 + padding + "," + gap + "[" * 30 + "1" + "]" * 70
    assert "too deeply" in _load(deep)
    shallow = "[" * 40 + padding + "," + gap + "[" * 20 + "1" + "]" * 60
    assert "too deeply" not in _load(shallow)  # refused for not being a project, not depth
