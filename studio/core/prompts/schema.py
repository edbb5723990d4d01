"""The storyboard as a chat model is asked to return it: a JSON schema and its reader.

The assistant sends :data:`STORYBOARD_SCHEMA` (or :data:`SHOT_SCHEMA` to improve one shot)
as ``response_format``; a reply is accepted only if it validates against the pydantic
models below, so a schema-violating reply changes nothing. Durations are whole seconds
as the model writes them (1–120): the shot's length in the cut.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from studio.core.model import Language, Project, Shot
from studio.core.prompts.values import parse_size

Text = Annotated[str, StringConstraints(max_length=2_000)]
LongText = Annotated[str, StringConstraints(max_length=32_000)]


class ShotReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: Text = ""
    camera: Text = ""
    description: LongText
    duration: int = Field(ge=1, le=120)

    def to_shot(self, base: Shot | None = None) -> Shot:
        data = base.model_dump() if base is not None else {}
        data.update(title=self.title, camera=self.camera, description=self.description,
                    duration=self.duration)
        return Shot.model_validate(data)


class StoryboardReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: Text = ""
    style: LongText = ""
    aspect: Text = ""
    music: LongText = ""
    atmosphere: LongText = ""
    keywords: list[Text] = Field(default_factory=list, max_length=200)
    shots: list[ShotReply] = Field(min_length=1, max_length=500)

    def to_project(self, language: Language) -> Project:
        project = Project(title=self.title or "Untitled", language=language,
                          shots=[s.to_shot() for s in self.shots])
        look = project.look
        look.style, look.music, look.atmosphere = self.style, self.music, self.atmosphere
        look.keywords = list(self.keywords)
        look.size = parse_size(self.aspect) or look.size
        return Project.model_validate(project.model_dump())


def _strict(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAI's strict mode: every property required, no others."""
    props = schema["properties"]
    return {**schema, "required": list(props), "additionalProperties": False}


SHOT_JSON: dict[str, Any] = _strict({
    "type": "object",
    "properties": {
        "title": {"type": "string", "description": "a few words naming the beat"},
        "camera": {"type": "string", "description": "shot size and camera movement"},
        "description": {"type": "string", "description": "what we see, one or two sentences"},
        "duration": {"type": "integer", "description": "seconds in the cut, 1 to 120"},
    },
})
STORYBOARD_JSON: dict[str, Any] = _strict({
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "style": {"type": "string", "description": "the visual style of every shot"},
        "aspect": {"type": "string", "description": "16:9, 9:16 or 1:1"},
        "music": {"type": "string"},
        "atmosphere": {"type": "string"},
        "keywords": {"type": "array", "items": {"type": "string"}},
        "shots": {"type": "array", "items": SHOT_JSON},
    },
})
STORYBOARD_SCHEMA: dict[str, Any] = {"name": "storyboard", "strict": True,
                                     "schema": STORYBOARD_JSON}
SHOT_SCHEMA: dict[str, Any] = {"name": "shot", "strict": True, "schema": SHOT_JSON}
