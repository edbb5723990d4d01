"""Bringing a storyboard in: read a paste or a text file, then merge it into the project.

What the window does with "Paste storyboard", "Import storyboard…" and a dropped .txt/.md,
without widgets: reading (off the GUI thread for files), refusing what cannot be read with
a code (``StoryboardRefused.code``; the window words it), and building the project that
one undo step installs. Durations stay as written: they are the shots' lengths in the cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from studio.app.tasks import TaskManager
from studio.core import editing
from studio.core.capabilities import CapabilityTable
from studio.core.model import Character, Language, Project, Shot
from studio.core.prompts.compose import UNTITLED
from studio.core.prompts.parse import MAX_INPUT_CHARS, PromptParseError, Reading, read_storyboard
from studio.localserver.server import key_for
from studio.services.assistant import (
    Assistant,
    ChatEndpoint,
    DraftBrief,
    Progress,
    Structured,
)
from studio.storage.settings import Settings, SettingsError, SettingsStore

#: File kinds offered by Import and accepted by a drop.
STORYBOARD_SUFFIXES = (".txt", ".md", ".markdown", ".json")
MAX_FILE_BYTES = 4 * MAX_INPUT_CHARS
MAX_SHOTS = 5_000
LOOK_TEXT_FIELDS = ("style", "atmosphere", "music", "continuity")


class ImportMode(StrEnum):
    REPLACE = "replace"  # the storyboard's shots and look replace the project's
    APPEND = "append"  # its shots go after the project's; empty look fields are filled


class StoryboardRefused(Exception):
    """A text or file that cannot become shots; ``code`` says why, ``params`` the details.

    Codes: ``empty``, ``too_long`` (chars, limit), ``not_text`` (file), ``too_big`` (file:
    size, limit), ``unreadable`` (file: reason), ``too_many_shots`` (count, limit); for the
    assistant: ``assistant_offline`` (its local server is not running), ``assistant_key``
    (reason), ``assistant_no_key`` (env)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def read_text(text: str) -> Reading:
    """The storyboard in ``text``; StoryboardRefused when there is nothing to read."""
    if not text.strip():
        raise StoryboardRefused("empty")
    if len(text) > MAX_INPUT_CHARS:
        raise StoryboardRefused("too_long", chars=len(text), limit=MAX_INPUT_CHARS)
    try:
        return read_storyboard(text)
    except PromptParseError as exc:  # a value out of range (a 2,001-character title…)
        raise StoryboardRefused("unreadable", reason=str(exc)) from None


def read_file(path: Path) -> Reading:
    """Blocking: the storyboard in a UTF-8 (or GB 18030) text file."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise StoryboardRefused("too_big", size=size, limit=MAX_FILE_BYTES)
        data = path.read_bytes()
    except OSError as exc:
        raise StoryboardRefused("unreadable", reason=exc.strerror or str(exc)) from None
    return read_text(decode(data))


def decode(data: bytes) -> str:
    """Text of a file a chat app or editor saved: UTF-8 (with or without BOM), UTF-16 with a
    BOM, or GB 18030 (Chinese Windows); binary data is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise StoryboardRefused("not_text") from None
    if b"\x00" in data[:4096]:
        raise StoryboardRefused("not_text")
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise StoryboardRefused("not_text")


async def read_file_async(tasks: TaskManager, path: Path) -> Reading:
    """:func:`read_file` in the task manager's executor (never on the GUI thread)."""
    return await tasks.blocking(read_file, Path(path))


def is_storyboard_file(path: Path) -> bool:
    return path.suffix.casefold() in STORYBOARD_SUFFIXES


def merged(current: Project, incoming: Project, mode: ImportMode,
           table: CapabilityTable | None = None) -> Project:
    """The project after bringing ``incoming`` in: a new object, ``current`` untouched.

    The project keeps its id, model, provider, strategy, takes of the film and consents.
    Replace: the shots and the look's text and size are the storyboard's (the size the
    closest one the model makes). Append: shots go after the project's, and only the
    look's empty fields are filled. Characters are joined by handle either way."""
    result = current.model_copy(deep=True)
    shots = [s.model_copy(deep=True) for s in incoming.shots]
    look = result.look
    if mode is ImportMode.REPLACE or not current.shots:
        result.shots = shots
        for name in LOOK_TEXT_FIELDS:
            setattr(look, name, getattr(incoming.look, name))
        look.keywords = list(incoming.look.keywords)
        look.size = _offered_size(incoming.look.size, current.look.model, table)
        if incoming.title != UNTITLED or current.title == UNTITLED:
            result.title = incoming.title
        result.language = incoming.language
    else:
        if len(current.shots) + len(shots) > MAX_SHOTS:
            raise StoryboardRefused("too_many_shots", count=len(current.shots) + len(shots),
                                    limit=MAX_SHOTS)
        result.shots = [*result.shots, *shots]
        for name in LOOK_TEXT_FIELDS:
            if not getattr(look, name):
                setattr(look, name, getattr(incoming.look, name))
        look.keywords = list(dict.fromkeys([*look.keywords, *incoming.look.keywords]))[:200]
    result.characters = _joined(result.characters, incoming.characters)
    return Project.model_validate(result.model_dump())


def with_shots(project: Project, shots: Sequence[Shot]) -> Project:
    """``project`` with its shots replaced (the review dialog's edits), validated."""
    data = project.model_dump()
    data["shots"] = [s.model_dump() for s in shots]
    return Project.model_validate(data)


def _offered_size(size: str, model: str, table: CapabilityTable | None) -> str:
    caps = table.get(model) if table is not None else None
    if caps is None or size in caps.sizes:
        return size
    return editing.closest_size(size, caps.sizes)


def _joined(mine: list[Character], theirs: list[Character]) -> list[Character]:
    known = {c.handle.casefold() for c in mine}
    return [*mine, *(c for c in theirs if c.handle.casefold() not in known)]


# --- the assistant ------------------------------------------------------------------------


async def assistant_endpoint(tasks: TaskManager, store: SettingsStore, settings: Settings,
                             local_base_url: str | None) -> ChatEndpoint:
    """The chat endpoint of the assistant's profile, its key read off the loop."""
    profile = settings.assistant
    if profile.local:
        if local_base_url is None:
            raise StoryboardRefused("assistant_offline")
        return ChatEndpoint(local_base_url, key_for(local_base_url) or "", profile.model,
                            Structured(profile.structured))
    try:
        key = await tasks.blocking(store.get_key, settings, profile.key_profile())
    except SettingsError as exc:
        raise StoryboardRefused("assistant_key", reason=str(exc)) from None
    if not key:
        raise StoryboardRefused("assistant_no_key", env=profile.key_env)
    return ChatEndpoint(profile.base_url, key, profile.model, Structured(profile.structured))


async def draft(endpoint: ChatEndpoint, brief: DraftBrief,
                progress: Progress | None = None) -> Reading:
    """A storyboard drafted from an idea, as a Reading the review dialog shows.

    AssistantError (with its code) when the reply is unusable: nothing is returned."""
    assistant = Assistant(endpoint)
    try:
        project = await assistant.draft(brief, progress)
    finally:
        await assistant.close()
    return Reading(project, numbered=len(project.shots), structured=True,
                   shots_found=len(project.shots))


async def structure(endpoint: ChatEndpoint, text: str, language: Language,
                    progress: Progress | None = None) -> Reading:
    """The assistant's structuring of a paste the parser could not number."""
    assistant = Assistant(endpoint)
    try:
        project = await assistant.structure(text, language, progress)
    finally:
        await assistant.close()
    return Reading(project, numbered=len(project.shots), structured=True,
                   shots_found=len(project.shots))


async def improve(endpoint: ChatEndpoint, project: Project, shot_id: str,
                  progress: Progress | None = None) -> Shot:
    """A suggested version of one shot (same id, title and length), to show as a diff."""
    assistant = Assistant(endpoint)
    try:
        return await assistant.improve(project, project.shot(shot_id), progress)
    finally:
        await assistant.close()
