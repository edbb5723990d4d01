"""Provider characters from a clip file (consent-gated, over the real local provider), and
the refusal of characters on an extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.app import characters
from studio.app.characters import (
    ClipRefused,
    ConsentMissing,
    extension_problem,
    register_from_file,
)
from studio.app.generation import GenerationService
from studio.core.model import Character, ConsentKind, ConsentRecord, Project, Shot
from studio.storage.library import CharacterLibrary

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    from studio.localserver.animatic import AnimaticRequest, render_animatic

    out = tmp_path / "mei.mp4"
    render_animatic(AnimaticRequest("Mei waves", 640, 360, 2, seed=3), out)
    return out


def _library(tmp_path: Path) -> tuple[CharacterLibrary, Character]:
    lib = CharacterLibrary(tmp_path / "library")
    mei = lib.save(Character(name="Mei Lin", handle="mei", description="red raincoat"),
                   ConsentRecord(kind=ConsentKind.CAMEO, statements=["It is me."],
                                 accepted_at="2026-01-01T00:00:00+00:00"))
    return lib, mei


async def test_a_clip_file_becomes_a_provider_character_stored_in_the_library(
        service: GenerationService, tmp_path: Path, clip: Path) -> None:
    lib, mei = _library(tmp_path)
    local = next(p for p in service.providers.providers if p.key == service.providers.local_name)
    made = await register_from_file(service.tasks, lib, local.client, local.key, mei, clip)
    char_id = made.provider_ids[local.key]
    on_server = service.local.store.characters[char_id]
    assert on_server.name == "Mei Lin"
    assert service.local.store.upload_path(on_server.upload).read_bytes() == clip.read_bytes()
    assert lib.get("mei").provider_ids == {local.key: char_id}  # kept across projects
    lib.close()


async def test_no_consent_or_withdrawn_consent_sends_nothing(
        service: GenerationService, tmp_path: Path, clip: Path) -> None:
    lib = CharacterLibrary(tmp_path / "library")
    bare = lib.save(Character(name="Marco", handle="marco"))  # no consent record
    other, _ = _library(tmp_path)  # the same library file, as a second window would open it
    other.close()
    revoked = lib.revoke("mei")
    local = next(p for p in service.providers.providers if p.key == service.providers.local_name)
    for char in (bare, revoked):
        with pytest.raises(ConsentMissing):
            await register_from_file(service.tasks, lib, local.client, local.key, char, clip)
    assert service.local.store.characters == {}
    assert lib.get("marco").provider_ids == {} and lib.get("mei").provider_ids == {}
    lib.close()


async def test_a_long_file_is_refused_before_it_is_read(
        service: GenerationService, tmp_path: Path, clip: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    lib, mei = _library(tmp_path)
    monkeypatch.setattr(characters, "MAX_CLIP_BYTES", clip.stat().st_size - 1)
    local = next(p for p in service.providers.providers if p.key == service.providers.local_name)
    with pytest.raises(ClipRefused) as refused:
        await register_from_file(service.tasks, lib, local.client, local.key, mei, clip)
    assert refused.value.code == "clip_too_large"
    assert service.local.store.characters == {}
    lib.close()


def test_an_extension_naming_a_character_is_refused_with_a_code() -> None:
    project = Project(characters=[Character(name="Mei Lin", handle="mei")],
                      shots=[Shot(id="a", title="Pier"), Shot(id="b", title="Sea")])
    problem = extension_problem(project, "Then @Mei waves, mail ops@mei.org", "b")
    assert problem is not None and problem.code == "characters_on_extension"
    assert problem.params == {"handles": "@Mei"} and problem.shot_index == 1
    assert extension_problem(project, "The boat leaves; @nobody waves", "b") is None
    assert extension_problem(project, "ops@mei.org", None) is None
