"""A take is outdated when its shot (or the look) was edited after it was made."""

from __future__ import annotations

import pytest

from studio.core.freshness import is_outdated, made_from
from studio.core.model import Look, Project, ReferenceImage, Shot, Take, TakeRelation, TakeStatus
from studio.core.prompts.compose import compose_film, compose_shot
from studio.storage.bundled import capability_table

SHA_A, SHA_B = "a" * 64, "b" * 64


@pytest.fixture(scope="module")
def table():
    return capability_table()


def finished(project: Project, shot: Shot, table) -> Take:
    """A completed take of ``shot`` made from what the shot composes to now."""
    take = Take(model=project.look.model, status=TakeStatus.COMPLETED,
                params=made_from(compose_shot(project, shot, table), project))
    shot.takes.append(take)
    shot.chosen_take = take.id
    return take


def film() -> Project:
    return Project(look=Look(style="ink wash"), shots=[
        Shot(title="Dawn", description="the sea at sunrise", duration=4),
        Shot(title="Harbour", description="boats come in", duration=4),
    ])


def test_an_unchanged_shot_is_not_outdated(table) -> None:
    p = film()
    take = finished(p, p.shots[0], table)
    assert not is_outdated(p, p.shots[0], take, table)


@pytest.mark.parametrize("edit", [
    pytest.param(lambda p: setattr(p.shots[0], "duration", 8), id="4s-to-8s"),
    pytest.param(lambda p: setattr(p.shots[0], "description", "the sea at dusk"),
                 id="description"),
    pytest.param(lambda p: setattr(p.look, "model", "sora-2"), id="look-model"),
    pytest.param(lambda p: setattr(p.look, "size", "720x1280"), id="look-size"),
    pytest.param(lambda p: setattr(p.look, "style", "oil paint"), id="look-style"),
])
def test_editing_a_finished_shot_or_the_look_outdates_its_take(table, edit) -> None:
    p = film()
    take = finished(p, p.shots[0], table)
    edit(p)
    assert is_outdated(p, p.shots[0], take, table)


def test_a_new_reference_image_outdates_the_take(table) -> None:
    p = film()
    p.shots[0].reference = ReferenceImage(path="media/a.png", sha256=SHA_A)
    take = finished(p, p.shots[0], table)
    assert take.params["reference"] == SHA_A
    assert not is_outdated(p, p.shots[0], take, table)
    p.shots[0].reference = ReferenceImage(path="media/a.png", sha256=SHA_B)
    assert is_outdated(p, p.shots[0], take, table)
    p.shots[0].reference = None
    assert is_outdated(p, p.shots[0], take, table)


def test_adding_a_shot_at_the_end_outdates_no_take(table) -> None:
    """Every per-shot prompt's 'shot n of N' line changes; what each shot asks does not."""
    p = film()
    takes = [finished(p, s, table) for s in p.shots]
    p.shots.append(Shot(title="Night", description="lanterns"))
    assert "shot 1 of 3" in compose_shot(p, p.shots[0], table).text
    assert "shot 1 of 2" in str(takes[0].params["prompt"])
    assert [is_outdated(p, s, t, table) for s, t in zip(p.shots, takes, strict=False)] == \
        [False, False]


def test_a_remix_follows_its_root(table) -> None:
    p = film()
    shot = p.shots[1]
    root = finished(p, shot, table)
    remix = Take(model=p.look.model, status=TakeStatus.COMPLETED, parent_take=root.id,
                 relation=TakeRelation.REMIX, params={"prompt": "make it rain", "seconds": 4})
    shot.takes.append(remix)
    assert not is_outdated(p, shot, remix, table)  # its own prompt differs: the root decides
    shot.description = "boats leave"
    assert is_outdated(p, shot, remix, table)


def test_a_take_without_a_record_is_never_outdated(table) -> None:
    p = film()
    old = Take(model="animatic", status=TakeStatus.COMPLETED)
    p.shots[0].takes.append(old)
    p.shots[0].duration = 8
    assert not is_outdated(p, p.shots[0], old, table)


def test_the_film_take_follows_every_shot(table) -> None:
    p = film()
    take = Take(model=p.look.model, status=TakeStatus.COMPLETED,
                params=made_from(compose_film(p, table), p))
    p.film_takes.append(take)
    assert not is_outdated(p, None, take, table)
    p.shots[1].title = "Harbour at noon"
    assert is_outdated(p, None, take, table)
