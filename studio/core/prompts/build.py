"""From what the readers gathered (drafts) to a valid Project.

The readers (``parse`` for text, ``structured`` for tables and JSON) fill a FilmDraft; this
module alone decides the Project's shape: defaults, joins, and the one error type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from studio.core.model import Language, Look, Project
from studio.core.prompts.compose import UNTITLED, PromptError
from studio.core.prompts.lexicon import CAMERA_WORDS

DEFAULT_SECONDS = 4
MAX_KEYWORDS = 200
MAX_SHOT_CHARACTERS = 20


class PromptParseError(PromptError):
    """The text cannot become a project (empty, too long, or values out of range)."""


CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return CJK.search(text) is not None


@dataclass
class ShotDraft:
    title: str = ""
    duration: int | None = None
    camera: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    current: str = "description"  # the field unlabelled lines continue
    heading_level: int = 0
    indent: int = 0  # of the line that opened the shot
    implicit: bool = False  # opened by a camera/description label, not by a shot marker
    tail: list[tuple[str, str]] = field(default_factory=list)  # trailing music/atmosphere


@dataclass
class FilmDraft:
    """Everything film-level a reader found, plus what it could not place (``unread``)."""

    title: str | None = None
    size: str | None = None
    globals: dict[str, list[str]] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    characters: dict[str, dict[str, str]] = field(default_factory=dict)
    shots: list[ShotDraft] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # chatter and the like, not in the project
    votes_zh: int = 0
    votes_en: int = 0

    def add_global(self, key: str, value: str) -> None:
        if value:
            self.globals.setdefault(key, []).append(value)

    def add_keywords(self, words: list[str]) -> None:
        room = MAX_KEYWORDS - len(self.keywords)
        self.keywords.extend(words[: max(0, room)])


def build(film: FilmDraft, text: str, language: Language) -> Project:
    """The Project the drafts describe; text with no shot becomes one shot holding it."""
    drafts = film.shots
    preamble = "\n".join(film.preamble)
    continuity = film.globals.get("continuity", [])
    if not drafts:
        drafts = [ShotDraft(description=[preamble or text.strip()])]
    elif preamble:
        continuity = [*continuity, preamble]
    data = {
        "title": film.title or UNTITLED,
        "language": language,
        "look": {
            "style": "\n".join(film.globals.get("style", [])),
            "size": film.size or Look().size,
            "atmosphere": "\n".join(film.globals.get("atmosphere", [])),
            "keywords": film.keywords[:MAX_KEYWORDS],
            "music": "\n".join(film.globals.get("music", [])),
            "continuity": "\n".join(continuity),
        },
        "shots": [shot_data(d) for d in drafts],
        "characters": list(film.characters.values()),
    }
    try:
        return Project.model_validate(data)
    except ValidationError as exc:
        raise PromptParseError(f"the prompt does not fit a project: {_first_error(exc)}") from None


def shot_data(draft: ShotDraft) -> dict[str, object]:
    camera, title = draft.camera, draft.title
    if not camera and _is_camera_phrase(title) and draft.description:
        camera, title = [title], ""  # "1. Wide shot, static — a fox…": the head was the camera
    camera_sep = "；" if any(has_cjk(c) for c in camera) else "; "
    return {
        "title": title,
        "description": "\n".join(draft.description),
        "camera": camera_sep.join(camera),
        "duration": draft.duration or DEFAULT_SECONDS,
        "notes": "\n".join(draft.notes),
        "characters": list(dict.fromkeys(draft.handles))[:MAX_SHOT_CHARACTERS],
    }


def _is_camera_phrase(text: str) -> bool:
    if not text or len(text) > 60:
        return False
    hits = CAMERA_WORDS.findall(text)
    return len(hits) >= 2 or any(h.casefold() == "shot" for h in hits)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = list(err.get("loc", ()))
    if len(loc) >= 2 and loc[0] == "shots" and isinstance(loc[1], int):
        where = f"shot {loc[1] + 1}: " + ".".join(str(p) for p in loc[2:])
    else:
        where = ".".join(str(p) for p in loc)
    return f"{where}: {err.get('msg', 'invalid value')}"
