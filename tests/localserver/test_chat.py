"""The chat endpoint's template filler over plain HTTP: deterministic answers in the
schema's shape, OpenAI-format refusals, fault flags on the model name."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from studio.core.prompts.schema import StoryboardReply
from studio.localserver.chat import MODEL, fill
from studio.localserver.server import LocalProvider

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[LocalProvider]:
    s = LocalProvider(tmp_path / "server", open_access=True)
    await s.start("127.0.0.1", 0)
    yield s
    await s.stop()


async def _post(server: LocalProvider, body: object) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.post(
            f"{server.base_url}/chat/completions", json=body) as r:
        return r.status, await r.json()


def test_the_filler_answers_every_task_in_the_schemas_shape() -> None:
    draft = json.loads(fill('{"task": "draft", "idea": "风筝节", "shots": 3, "seconds": 10}'))
    reply = StoryboardReply.model_validate(draft)
    assert [s.duration for s in reply.shots] == [4, 3, 3]
    assert fill("a kite festival") == fill("a kite festival")  # free text: a draft's idea
    structured = json.loads(fill(json.dumps({"task": "structure",
                                             "text": "1. Dawn (3s)\nCamera: wide\n"})))
    assert StoryboardReply.model_validate(structured).shots[0].duration == 3


async def test_a_plain_completion_in_openai_shape(server) -> None:
    status, body = await _post(server, {"model": MODEL, "messages": [
        {"role": "system", "content": "x"}, {"role": "user", "content": "a paper boat"}]})
    assert status == 200 and body["object"] == "chat.completion"
    choice = body["choices"][0]
    assert choice["finish_reason"] == "stop"
    assert StoryboardReply.model_validate_json(choice["message"]["content"]).shots


@pytest.mark.parametrize(("body", "status", "param"), [
    ({"messages": [{"role": "user", "content": "x"}]}, 400, "model"),
    ({"model": MODEL, "messages": []}, 400, "messages"),
    ({"model": "gpt-4o", "messages": [{"role": "user", "content": "x"}]}, 404, "model"),
    ({"model": f"{MODEL}+nonsense", "messages": [{"role": "user", "content": "x"}]}, 404,
     "model"),
])
async def test_bad_requests_get_openai_errors(server, body, status, param) -> None:
    got, answer = await _post(server, body)
    assert got == status and answer["error"]["param"] == param


async def test_fault_flags_change_the_reply(server) -> None:
    msgs = [{"role": "user", "content": "a paper boat"}]
    _, truncated = await _post(server, {"model": f"{MODEL}+truncated", "messages": msgs})
    assert truncated["choices"][0]["finish_reason"] == "length"
    _, malformed = await _post(server, {"model": f"{MODEL}+malformed", "messages": msgs})
    with pytest.raises(ValueError):
        json.loads(malformed["choices"][0]["message"]["content"])
    status, _ = await _post(server, {"model": f"{MODEL}+error", "messages": msgs})
    assert status == 500
