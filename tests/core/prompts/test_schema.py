"""The chat model's storyboard reply: strict JSON schemas and the pydantic reader behind them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from studio.core.model import Language, Shot, Take
from studio.core.prompts.schema import (
    SHOT_JSON,
    SHOT_SCHEMA,
    STORYBOARD_JSON,
    STORYBOARD_SCHEMA,
    ShotReply,
    StoryboardReply,
)


def test_the_schemas_are_strict_every_property_required_and_no_others() -> None:
    for schema in (SHOT_JSON, STORYBOARD_JSON):
        assert schema["additionalProperties"] is False
        assert schema["required"] == list(schema["properties"])
    assert STORYBOARD_JSON["properties"]["shots"]["items"] is SHOT_JSON
    assert STORYBOARD_SCHEMA == {"name": "storyboard", "strict": True, "schema": STORYBOARD_JSON}
    assert SHOT_SCHEMA == {"name": "shot", "strict": True, "schema": SHOT_JSON}


def test_a_storyboard_reply_becomes_a_project_with_its_look() -> None:
    reply = StoryboardReply.model_validate({
        "title": "Harbour", "style": "ink wash", "aspect": "9:16", "music": "a lone flute",
        "atmosphere": "quiet", "keywords": ["sea", "dawn"], "unknown": "ignored",
        "shots": [{"title": "Dawn", "camera": "wide, static", "description": "the sea",
                   "duration": 3},
                  {"description": "boats come in", "duration": 8}],
    })
    project = reply.to_project(Language.ZH)
    assert project.title == "Harbour" and project.language is Language.ZH
    look = project.look
    assert (look.style, look.music, look.atmosphere) == ("ink wash", "a lone flute", "quiet")
    assert look.keywords == ["sea", "dawn"] and look.size == "720x1280"
    assert [(s.title, s.camera, s.description, s.duration) for s in project.shots] == [
        ("Dawn", "wide, static", "the sea", 3), ("", "", "boats come in", 8)]
    assert len({s.id for s in project.shots}) == 2


def test_an_untitled_reply_with_an_unreadable_aspect_keeps_the_defaults() -> None:
    reply = StoryboardReply.model_validate(
        {"aspect": "cinemascope", "shots": [{"description": "x", "duration": 4}]})
    project = reply.to_project(Language.EN)
    assert project.title == "Untitled" and project.look.size == "1280x720"


def test_improving_a_shot_keeps_its_id_takes_and_trims() -> None:
    take = Take(media="media/a.mp4")
    base = Shot(title="old", description="old", duration=4, takes=[take],
                chosen_take=take.id, trim_in=0.5, notes="keep me")
    shot = ShotReply(title="new", camera="push in", description="better", duration=6).to_shot(base)
    assert (shot.id, shot.chosen_take, shot.trim_in, shot.notes) == (
        base.id, take.id, 0.5, "keep me")
    assert (shot.title, shot.camera, shot.description, shot.duration) == (
        "new", "push in", "better", 6)
    assert base.title == "old"  # the base shot is not changed in place


@pytest.mark.parametrize("reply", [
    {"shots": []},  # at least one shot
    {"shots": [{"description": "x", "duration": 0}]},
    {"shots": [{"description": "x", "duration": 121}]},
    {"shots": [{"duration": 4}]},  # a description is required
    {"shots": [{"description": "x", "duration": 4, "title": "t" * 2_001}]},
    {"title": "x"},  # no shots at all
])
def test_a_reply_outside_the_schema_is_refused(reply: dict) -> None:
    with pytest.raises(ValidationError):
        StoryboardReply.model_validate(reply)
