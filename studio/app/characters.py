"""Cameo characters between the library, the project and the provider (no Qt).

The library (``storage.library``) is the user's, across projects; a project carries the
characters it mentions (with their consent records), so its file alone says what was
sent. :func:`cast_for` is what the project should hold once its mentions are resolved
against the library; the window applies it as one undo step. :func:`register` makes a
provider character id from a short clip through ``POST /videos/characters``, only for a
character whose consent is on record and not revoked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from studio.core.model import Character, ConsentRecord, Project

if TYPE_CHECKING:
    from studio.services.client import GenerationClient
    from studio.storage.library import CharacterLibrary

#: ``@handle`` where the ``@`` does not follow a word character (e-mail addresses).
MENTION = re.compile(r"(?<![\w@])@([\w.-]{1,40})")
MAX_PER_GENERATION = 2


class ConsentMissing(PermissionError):
    """A provider character needs the person's consent on record, not revoked."""


def mentions(text: str) -> list[str]:
    """The ``@handles`` written in ``text``, in order, each once (trailing dots dropped)."""
    out: list[str] = []
    for m in MENTION.finditer(text):
        handle = m.group(1).rstrip(".")
        if handle and handle.casefold() not in (h.casefold() for h in out):
            out.append(handle)
    return out


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


def too_many(handles: Sequence[str]) -> bool:
    return len(handles) > MAX_PER_GENERATION
