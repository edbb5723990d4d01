"""Freshness when the shot can no longer be composed, and for takes recorded before the
reference image was part of the record."""

from __future__ import annotations

import pytest

from studio.core.freshness import is_outdated, made_from
from studio.core.model import Look, Project, ReferenceImage, Shot, Take, TakeStatus
from studio.core.prompts.compose import compose_shot
from studio.storage.bundled import capability_table


@pytest.fixture(scope="module")
def table():
    return capability_table()


def _finished(project: Project, shot: Shot, table) -> Take:
    take = Take(model=project.look.model, status=TakeStatus.COMPLETED,
                params=made_from(compose_shot(project, shot, table), project))
    shot.takes.append(take)
    shot.chosen_take = take.id
    return take


def test_a_take_whose_shot_no_longer_composes_is_outdated(table) -> None:
    project = Project(look=Look(style="ink"), shots=[Shot(title="a", description="fox")])
    take = _finished(project, project.shots[0], table)
    assert not is_outdated(project, project.shots[0], take, table)
    project.look.model = "veo-9"  # unknown now: the prompt cannot be composed
    assert is_outdated(project, project.shots[0], take, table)


def test_a_take_recorded_without_its_reference_is_judged_on_the_rest(table) -> None:
    shot = Shot(title="a", description="fox")
    project = Project(shots=[shot])
    take = _finished(project, shot, table)
    del take.params["reference"]  # recorded before takes kept their reference hash
    shot.reference = ReferenceImage(path="refs/a.png", sha256="a" * 64)
    assert not is_outdated(project, shot, take, table)
    shot.description = "hare"
    assert is_outdated(project, shot, take, table)
