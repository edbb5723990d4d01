"""The chat endpoint's less travelled paths: streamed answers through the real SDK (and a
client that hangs up mid-stream), the improve and structure tasks, refused bodies, and
the schema-violating fault."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pydantic
import pytest
from openai import AsyncOpenAI

from studio.core.model import Language
from studio.core.prompts.schema import ShotReply, StoryboardReply
from studio.localserver.chat import _CAMERAS, _ENRICH, MODEL, fill
from studio.localserver.server import LocalProvider

pytestmark = pytest.mark.timeout(60)

IDEA = "a paper boat on a rainy street"


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[LocalProvider]:
    s = LocalProvider(tmp_path / "server", open_access=True)
    await s.start("127.0.0.1", 0)
    yield s
    await s.stop()


@pytest.fixture
async def sdk(server: LocalProvider) -> AsyncIterator[AsyncOpenAI]:
    client = AsyncOpenAI(base_url=server.base_url, api_key="unused", max_retries=0)
    yield client
    await client.close()


async def _raw(server: LocalProvider, data: bytes) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.post(
            f"{server.base_url}/chat/completions", data=data,
            headers={"Content-Type": "application/json"}) as r:
        return r.status, await r.json()


async def test_a_streamed_answer_is_the_plain_answer_in_chunks(sdk: AsyncOpenAI) -> None:
    stream = await sdk.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": IDEA}], stream=True)
    deltas, reasons = [], []
    async for chunk in stream:
        deltas.append(chunk.choices[0].delta.content or "")
        reasons.append(chunk.choices[0].finish_reason)
    assert "".join(deltas) == fill(IDEA)
    assert len([d for d in deltas if d]) > 1  # really in pieces, not one blob
    assert reasons[-1] == "stop" and set(reasons[:-1]) == {None}


async def test_a_streamed_truncated_answer_ends_with_length(sdk: AsyncOpenAI) -> None:
    stream = await sdk.chat.completions.create(
        model=f"{MODEL}+truncated", messages=[{"role": "user", "content": IDEA}], stream=True)
    text, last = "", None
    async for chunk in stream:
        text += chunk.choices[0].delta.content or ""
        last = chunk.choices[0].finish_reason or last
    assert last == "length"
    assert text == fill(IDEA)[: len(fill(IDEA)) // 2]


async def test_a_client_hanging_up_mid_stream_leaves_the_server_answering(
        sdk: AsyncOpenAI) -> None:
    stream = await sdk.chat.completions.create(
        model=f"{MODEL}+slow", messages=[{"role": "user", "content": IDEA}], stream=True)
    got = ""
    async for chunk in stream:
        got += chunk.choices[0].delta.content or ""
        if len(got) >= 96:  # two slow chunks in
            break
    await stream.close()
    assert 0 < len(got) < len(fill(IDEA))
    answer = await sdk.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": IDEA}])
    assert answer.choices[0].message.content == fill(IDEA)


async def test_content_parts_are_read_as_one_text(sdk: AsyncOpenAI) -> None:
    ask = {"task": "improve", "shot": {"title": "Harbour", "description": "Boats at dawn.",
                                       "duration": 6}}
    answer = await sdk.chat.completions.create(model=MODEL, messages=[
        {"role": "user", "content": "ignored: not the last user message"},
        {"role": "user", "content": [{"type": "text", "text": json.dumps(ask)}]},
    ])
    shot = ShotReply.model_validate_json(answer.choices[0].message.content or "")
    assert (shot.title, shot.duration) == ("Harbour", 6)
    assert shot.description == "Boats at dawn" + _ENRICH[Language.EN]


def test_improve_enriches_once_defaults_the_camera_and_bounds_the_length() -> None:
    ask = {"task": "improve", "language": "zh",
           "shot": {"title": "港口", "description": "黎明的渔船。", "duration": "long"}}
    once = json.loads(fill(json.dumps(ask, ensure_ascii=False)))
    assert once == {"title": "港口", "camera": _CAMERAS[Language.ZH][0],
                    "description": "黎明的渔船" + _ENRICH[Language.ZH], "duration": 4}
    again = json.loads(fill(json.dumps({**ask, "shot": once}, ensure_ascii=False)))
    assert again["description"] == once["description"]  # improving twice adds nothing
    long = json.loads(fill(json.dumps({"task": "improve", "shot": {
        "description": "x", "camera": "crane up", "duration": 999}})))
    assert (long["camera"], long["duration"]) == ("crane up", 120)


def test_structure_keeps_shots_named_in_passing() -> None:
    text = "We open on shot 1 the harbour, then shot 2 the market, and shot 3 the lighthouse."
    reply = StoryboardReply.model_validate_json(fill(json.dumps({"task": "structure",
                                                                 "text": text})))
    assert [s.title for s in reply.shots] == ["1", "2", "3"]
    assert [s.description for s in reply.shots] == ["the harbour, then", "the market, and",
                                                    "the lighthouse"]


def test_text_with_braces_that_is_not_json_is_the_idea() -> None:
    reply = StoryboardReply.model_validate_json(fill("a {broken} idea"))
    assert reply.title == "a {broken} idea"
    assert all(s.description.startswith("a {broken} idea") for s in reply.shots)


async def test_the_schema_fault_breaks_the_schema_for_draft_and_improve(
        sdk: AsyncOpenAI) -> None:
    model = f"{MODEL}+schema"
    draft = await sdk.chat.completions.create(
        model=model, messages=[{"role": "user", "content": IDEA}])
    text = draft.choices[0].message.content or ""
    json.loads(text)  # still JSON: only the schema is broken
    with pytest.raises(pydantic.ValidationError):
        StoryboardReply.model_validate_json(text)
    ask = {"task": "improve", "shot": {"title": "t", "description": "d", "duration": 4}}
    improve = await sdk.chat.completions.create(
        model=model, messages=[{"role": "user", "content": json.dumps(ask)}])
    data = json.loads(improve.choices[0].message.content or "")
    assert "description" not in data and data["duration"] == -1
    with pytest.raises(pydantic.ValidationError):
        ShotReply.model_validate(data)


@pytest.mark.parametrize(("data", "fragment", "param"), [
    (b"{not json", "could not parse the JSON body", None),
    (b"[1, 2]", "must be a JSON object", None),
    (json.dumps({"model": MODEL, "messages": [{"role": "system", "content": "x"}]}).encode(),
     "must hold a user message", "messages"),
])
async def test_bodies_without_a_question_are_400s(server: LocalProvider, data: bytes,
                                                 fragment: str, param: str | None) -> None:
    status, body = await _raw(server, data)
    assert status == 400
    assert fragment in body["error"]["message"] and body["error"]["param"] == param
