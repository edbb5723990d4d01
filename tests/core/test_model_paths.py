"""The model's small accessors: a look's frame size, a shot looked up by id."""

from __future__ import annotations

import pytest

from studio.core.model import Look, Project, Shot


def test_a_looks_width_and_height_come_from_its_size() -> None:
    look = Look(size="720x1280")
    assert (look.width, look.height) == (720, 1280)


def test_a_shot_is_found_by_id_and_an_unknown_id_is_a_key_error() -> None:
    shot = Shot(title="a")
    project = Project(shots=[Shot(), shot])
    assert project.shot(shot.id) is shot
    with pytest.raises(KeyError, match="nope"):
        project.shot("nope")
