"""The storyboard assistant through the real openai SDK against the local provider's
template filler: drafts, improvements and structuring accepted; malformed, truncated and
schema-violating replies rejected with a code; a stream cancelled midway."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from studio.core.model import Language, Project, Shot
from studio.localserver.chat import MODEL
from studio.localserver.server import LocalProvider
from studio.services.assistant import (
    Assistant,
    AssistantError,
    ChatEndpoint,
    DraftBrief,
    Structured,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def keyed(tmp_path: Path) -> AsyncIterator[LocalProvider]:
    server = LocalProvider(tmp_path / "server")  # a random key, as in the window
    await server.start("127.0.0.1", 0)
    yield server
    await server.stop()


def _assistant(server: LocalProvider, model: str = MODEL, key: str | None = None,
               structured: Structured = Structured.SCHEMA) -> Assistant:
    return Assistant(ChatEndpoint(server.base_url, key or server.api_key or "", model,
                                  structured))


async def test_a_draft_has_the_shots_and_length_asked_for_as_written(keyed) -> None:
    seen: list[int] = []
    a = _assistant(keyed)
    brief = DraftBrief(idea="一只橘猫在雨夜的屋顶上追逐萤火虫", seconds=22, style="水彩动画",
                       language=Language.ZH, shots=5, aspect="9:16")
    project = await a.draft(brief, seen.append)
    await a.close()
    assert isinstance(project, Project) and project.language is Language.ZH
    assert [s.duration for s in project.shots] == [5, 5, 4, 4, 4]  # not rounded to 4/8/12
    assert project.look.style == "水彩动画" and project.look.size == "720x1280"
    assert all(s.camera and s.description for s in project.shots)
    assert seen and seen == sorted(seen) and len(seen) > 1  # streamed in pieces


async def test_the_same_brief_drafts_the_same_storyboard(keyed) -> None:
    brief = DraftBrief(idea="A lighthouse keeper's last night", seconds=16, shots=4)
    for structured in (Structured.SCHEMA, Structured.JSON, Structured.TEXT):
        a = _assistant(keyed, structured=structured)
        first, second = await a.draft(brief), await a.draft(brief)
        await a.close()
        strip = [(s.title, s.camera, s.description, s.duration) for s in first.shots]
        assert strip == [(s.title, s.camera, s.description, s.duration) for s in second.shots]
        assert [s.duration for s in first.shots] == [4, 4, 4, 4], structured


async def test_improving_a_shot_keeps_its_identity_title_and_length(keyed) -> None:
    shot = Shot(title="Dawn", camera="", description="A boat leaves the harbor.", duration=6)
    project = Project(shots=[shot])
    a = _assistant(keyed)
    better = await a.improve(project, shot)
    await a.close()
    assert (better.id, better.title, better.duration) == (shot.id, "Dawn", 6)
    assert better.description.startswith("A boat leaves the harbor")
    assert better.description != shot.description and better.camera


async def test_structure_finds_the_shots_the_text_names_in_passing(keyed) -> None:
    text = "Shot 1 a fox wakes. Shot 2 it hunts in the snow. Shot 3 it sleeps. Shot 4 dawn."
    a = _assistant(keyed)
    project = await a.structure(text, Language.EN)
    await a.close()
    assert [s.description for s in project.shots] == [
        "a fox wakes", "it hunts in the snow", "it sleeps", "dawn"]


@pytest.mark.parametrize(("flag", "code"), [
    ("malformed", "invalid_json"), ("truncated", "truncated"), ("schema", "schema")])
@pytest.mark.parametrize("ask", ["draft", "improve"])
async def test_bad_replies_are_rejected_with_their_code(keyed, flag, code, ask) -> None:
    a = _assistant(keyed, f"{MODEL}+{flag}")
    with pytest.raises(AssistantError) as err:
        if ask == "draft":
            await a.draft(DraftBrief(idea="a kite festival"))
        else:
            shot = Shot(description="kites rise")
            await a.improve(Project(shots=[shot]), shot)
    await a.close()
    assert err.value.code == code


async def test_refusals_of_the_endpoint_are_classified(keyed) -> None:
    cases = [(_assistant(keyed, key="wrong-key"), "auth", 401),
             (_assistant(keyed, "gpt-nothing"), "http", 404),
             (_assistant(keyed, f"{MODEL}+error"), "http", 500)]
    for a, code, status in cases:
        with pytest.raises(AssistantError) as err:
            await a.draft(DraftBrief(idea="x"))
        await a.close()
        assert (err.value.code, err.value.status) == (code, status)


async def test_a_dead_endpoint_is_a_connection_error(tmp_path: Path) -> None:
    server = LocalProvider(tmp_path / "s")
    await server.start("127.0.0.1", 0)
    url, key = server.base_url, server.api_key or ""
    await server.stop()
    a = Assistant(ChatEndpoint(url, key, MODEL, timeout=5))
    with pytest.raises(AssistantError) as err:
        await a.draft(DraftBrief(idea="x"))
    await a.close()
    assert err.value.code == "connection"


async def test_cancel_mid_stream_stops_it_and_the_endpoint_still_answers(keyed) -> None:
    a = _assistant(keyed, f"{MODEL}+slow")
    got: list[int] = []
    task = asyncio.create_task(a.draft(DraftBrief(idea="a long slow film", shots=12), got.append))
    while not got:
        await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    received = got[-1]
    await asyncio.sleep(0.5)
    assert got[-1] == received  # nothing more arrived after the cancel
    b = _assistant(keyed)
    assert len((await b.draft(DraftBrief(idea="again", shots=2))).shots) == 2
    await a.close()
    await b.close()
