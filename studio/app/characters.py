"""Cameo characters between the library, the project and the provider (no Qt).

The library (``storage.library``) is the user's, across projects; a project carries the
characters it mentions (with their consent records), so its file alone says what was
sent. :func:`cast_for` is what the project should hold once its mentions are resolved
against the library; the window applies it as one undo step. :func:`register` makes a
provider character id from a short clip through ``POST /videos/characters``, only for a
character whose consent is on record and not revoked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.model import Character, ConsentRecord, Project
from studio.core.prompts.compose import MENTION, mentions
from studio.core.validation import Problem

if TYPE_CHECKING:
    from studio.app.generation import GenerationService
    from studio.app.tasks import TaskManager
    from studio.services.client import GenerationClient
    from studio.storage.library import CharacterLibrary

__all__ = ["MENTION", "mentions"]  # re-exported: the window's completion reads them here
MAX_PER_GENERATION = 2
MAX_CLIP_BYTES = 100 * 1024 * 1024  # a short clip; anything bigger is not one


class ConsentMissing(PermissionError):
    """A provider character needs the person's consent on record, not revoked."""


def mentioned(project: Project) -> list[str]:
    """Every handle the storyboard mentions: the Characters fields and ``@`` in the text."""
    out: list[str] = []
    for shot in project.shots:
        for handle in [*shot.characters, *mentions(shot.description), *mentions(shot.title)]:
            if handle.casefold() not in (h.casefold() for h in out):
                out.append(handle)
    return out


def completions(prefix: str, handles: Iterable[str], limit: int = 20) -> list[str]:
    """Handles starting with ``prefix`` (case-blind), then those containing it."""
    p = prefix.lstrip("@").casefold()
    ranked = sorted(handles, key=lambda h: (not h.casefold().startswith(p), h.casefold()))
    return [h for h in ranked if p in h.casefold()][:limit]


def cast_for(project: Project, library: CharacterLibrary
             ) -> tuple[list[Character], list[ConsentRecord]] | None:
    """The project's characters and consents with every mentioned library character in
    (and revocations carried over); None when nothing would change. Blocking (SQLite)."""
    chars = [c.model_copy(deep=True) for c in project.characters]
    consents = list(project.consents)
    have = {c.id for c in consents}
    changed = False
    for char in chars:
        known = library.get(char.handle)
        if known is not None and known.id == char.id and known.revoked and not char.revoked:
            char.revoked = changed = True
    for handle in mentioned(project):
        if project.character_by_handle(handle) is not None:
            continue
        found = library.get(handle)
        if found is None:
            continue
        record = library.consent(found.id)
        if record is not None and record.id not in have:
            consents.append(record)
            have.add(record.id)
        chars.append(found)
        changed = True
    return (chars, consents) if changed else None


async def register(client: GenerationClient, character: Character,
                   consent: ConsentRecord | None, clip: bytes, provider: str) -> Character:
    """A provider character id for ``character`` from a short MP4 clip; consent-gated."""
    if character.revoked:
        raise ConsentMissing(f"consent for @{character.handle} was withdrawn")
    if consent is None or character.consent_id != consent.id:
        raise ConsentMissing(f"@{character.handle} has no consent record")
    info = await client.create_character(name=character.name, video=clip)
    ids = dict(character.provider_ids)
    ids[provider] = info.id
    return character.model_copy(update={"provider_ids": ids})


class ClipRefused(ValueError):
    """The file given for a provider character is not a short clip (``code`` says why)."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(message)


def _read_clip(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_CLIP_BYTES:
        raise ClipRefused("clip_too_large", f"{path.name} is {size} bytes; a character needs "
                          f"a short clip", name=path.name)
    return path.read_bytes()


async def register_from_file(tasks: TaskManager, library: CharacterLibrary,
                             client: GenerationClient, provider: str, character: Character,
                             clip: Path) -> Character:
    """:func:`register` with the consent read from the library and the clip from a file
    (both off the loop), the provider id stored in the library. Returns what is stored."""
    consent = await tasks.blocking(library.consent, character.id)
    data = await tasks.blocking(_read_clip, Path(clip))
    made = await register(client, character, consent, data, provider)
    return await tasks.blocking(library.save, made)


class NoProvider(ValueError):
    """The project's provider cannot be used right now; ``problem`` says why."""

    def __init__(self, problem: Problem | None) -> None:
        self.problem = problem
        super().__init__(problem.message if problem else "the services have not started")


async def register_for_project(service: GenerationService, project: Project,
                               library: CharacterLibrary, character: Character,
                               clip: Path) -> Character:
    """:func:`register_from_file` with the provider that runs ``project``'s jobs."""
    name, problem = service.resolve(project)
    found = [p for p in (service.providers.providers if service.providers else [])
             if p.key == name]
    if not found:
        raise NoProvider(problem)
    return await register_from_file(service.tasks, library, found[0].client, found[0].key,
                                    character, clip)


def extension_problem(project: Project, prompt: str, shot_id: str | None) -> Problem | None:
    """Why an extension cannot carry the characters it names, or None.

    Providers refuse ``characters`` on an extension, so an extension prompt that mentions
    a character would lose them silently: it is refused up front, with the handles.
    """
    handles = [h for h in mentions(prompt) if project.character_by_handle(h) is not None]
    if not handles:
        return None
    index = next((i for i, s in enumerate(project.shots) if s.id == shot_id), None)
    listed = ", ".join("@" + h for h in handles)
    return Problem(code="characters_on_extension", field="characters", shot_index=index,
                   shot_id=shot_id,
                   message=f"an extension cannot bring in characters ({listed})",
                   params={"handles": listed})


def too_many(handles: Sequence[str]) -> bool:
    return len(handles) > MAX_PER_GENERATION
