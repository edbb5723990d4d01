"""The ``characters`` a render sends: every character a shot uses — its Characters field
and each ``@handle`` written in its title or description — as this provider's ids, checked
on the real local provider's side of real HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.model import Character, Look, Project, Shot, Strategy
from studio.localserver.server import LocalProvider
from studio.services.client import GenerationClient
from studio.services.identity import provider_identity
from studio.services.render import (
    RenderError,
    RenderOptions,
    job_request,
    provider_characters,
    render,
)
from studio.storage.project_file import save_project

pytestmark = pytest.mark.timeout(120)


async def _cast(client: GenerationClient, clip: Path, key: str) -> list[Character]:
    """Mei and Pip made on the server; Old made there too, then withdrawn."""
    out = []
    for name, handle in (("Mei Lin", "mei"), ("Pip", "pip"), ("Old Tom", "old")):
        made = await client.create_character(name=name, video=clip.read_bytes())
        out.append(Character(name=name, handle=handle, provider_ids={key: made.id},
                             revoked=handle == "old"))
    return out


def _project(cast: list[Character]) -> Project:
    return Project(
        title="Harbour", characters=cast,
        look=Look(size="480x480", model="animatic", strategy=Strategy.PER_SHOT),
        shots=[Shot(id="s1", title="Quay", characters=["mei"], duration=4,
                    description="@pip runs to @mei; @old is not asked, nor @nobody."),
               Shot(id="s2", title="@Mei alone", description="Rain on the water.",
                    duration=4)])


async def test_mentions_in_the_text_reach_the_server_as_character_ids(
        tmp_path: Path, provider: LocalProvider, client: GenerationClient, clip: Path) -> None:
    key = provider_identity(provider.base_url)
    cast = await _cast(client, clip, key)
    mei, pip = (c.provider_ids[key] for c in cast[:2])
    path = tmp_path / "p.sorastudio"
    project = _project(cast)
    save_project(project, path)
    opts = RenderOptions(project=path, output=tmp_path / "film.mp4", base_url=provider.base_url,
                         ledger=tmp_path / "state" / "jobs.sqlite3")
    with pytest.raises(RenderError, match="consent was withdrawn for: @old"):
        await render(opts)  # a withdrawn person mentioned only in the text is refused ...
    assert not provider.store.videos  # ... before anything is sent
    project.shots[0].description = "@pip runs to @mei; nor @nobody."
    save_project(project, path)
    await render(opts)
    made = list(provider.store.videos.values())
    by_shot = {("Quay" if "@pip runs" in r.prompt else "alone"): r.characters for r in made}
    assert by_shot == {"Quay": [mei, pip], "alone": [mei]}  # the field first, then the text
    one_take = RenderOptions(**{**opts.__dict__, "strategy": Strategy.ONE_TAKE,
                                "output": tmp_path / "one.mp4"})
    await render(one_take)
    [film] = [r for r in provider.store.videos.values() if r not in made]
    assert film.characters == [mei, pip]  # the one take names both shots' characters


def test_ids_are_this_providers_and_withdrawn_consent_sends_none() -> None:
    cast = [Character(name="Mei", handle="mei", provider_ids={"a": "char_a", "b": "char_b"}),
            Character(name="Pip", handle="pip", provider_ids={"b": "char_pip"}),
            Character(name="Old", handle="old", provider_ids={"a": "char_old"}, revoked=True)]
    project = _project(cast)
    assert provider_characters(project, ("s1",), "a") == ["char_a"]
    assert provider_characters(project, ("s1",), "b") == ["char_b", "char_pip"]
    assert provider_characters(project, ("s2",), "b") == ["char_b"]  # @Mei: case-blind
    assert provider_characters(project, ("s1", "s2"), "b") == ["char_b", "char_pip"]  # once


@pytest.mark.parametrize(("model", "sent"), [("sora-2", ("char_a",)),
                                             ("veo-3.1-generate-preview", ())])
def test_a_model_without_characters_is_sent_none(tmp_path: Path, model: str,
                                                  sent: tuple[str, ...]) -> None:
    # the provider would refuse the whole job; core validation has warned about the field
    project = _project([Character(name="Mei", handle="mei", provider_ids={"a": "char_a"})])
    project.look = Look(size="1280x720", model=model)
    req = job_request(project, tmp_path / "p.sorastudio", "Mei on the quay", ("s1",), 4, "a")
    assert req.characters == sent


def test_no_more_than_the_model_takes() -> None:
    cast = [Character(name=h, handle=h, provider_ids={"a": f"char_{h}"})
            for h in ("mei", "pip", "tom")]
    project = _project(cast)
    project.shots[0].description = "@pip and @tom meet @mei."
    assert provider_characters(project, ("s1",), "a") == ["char_mei", "char_pip", "char_tom"]
    req = job_request(project, Path("p.sorastudio"), "x", ("s1",), 4, "a")
    assert req.characters == ("char_mei", "char_pip")  # animatic, like Sora: two
